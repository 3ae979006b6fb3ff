//! Workflows driven through recorded KE-chain traffic.

mod common;

use kechain_client::models::{StatusCategory, TransitionType, WorkflowCategory};
use serde_json::json;

const BIKE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const SIMPLE: &str = "f9c938ce-8909-4c11-87bf-ea4303614943";

#[tokio::test]
async fn one_workflow_by_name_then_by_id() {
    let Some((replay, kc)) =
        common::replay("TestWorkflows.test_single_workflow_retrieve_on_pk").await
    else {
        return;
    };
    let by_name = kc
        .workflows()
        .list()
        .name("Simple Workflow")
        .category(WorkflowCategory::Catalog)
        .one()
        .await
        .unwrap();
    assert_eq!(by_name.id, SIMPLE);
    assert_eq!(by_name.scope_uuid(), None);
    let by_id = kc.workflows().get(&by_name.id).await.unwrap();
    assert_eq!(by_id.id, by_name.id);
    assert_eq!(by_id.statuses, by_name.statuses);
    assert_eq!(by_id.transitions.len(), by_name.transitions.len());
    assert!(by_id.extra.contains_key("permissions"));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn workflow_attributes_and_the_plural_list() {
    let Some((replay, kc)) = common::replay("TestWorkflows.test_workflow_attributes").await else {
        return;
    };
    // No plural-only call is recorded: the list is driven with the recorded `limit=2`.
    let listed = kc
        .workflows()
        .list()
        .name("Simple Workflow")
        .category(WorkflowCategory::Catalog)
        .limit(2)
        .all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let w = kc
        .workflows()
        .list()
        .name("Simple Workflow")
        .category(WorkflowCategory::Catalog)
        .one()
        .await
        .unwrap();
    assert_eq!(w, listed[0]);
    assert_eq!(w.active, Some(true));
    assert_eq!(w.reference.as_deref(), Some("simple-workflow"));
    let names: Vec<_> = w.statuses.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["To Do", "In Progress", "Review", "Done"]);
    assert_eq!(
        w.status("In Progress").unwrap().status_category,
        Some(StatusCategory::InProgress)
    );
    assert!(w.statuses.iter().all(|s| s.status_category.is_some()
        && !matches!(s.status_category, Some(StatusCategory::Unknown(_)))));
    let create = w.transition("Create").unwrap();
    assert_eq!(create.transition_type, Some(TransitionType::Initial));
    assert_eq!(create.to_status.as_ref().unwrap().name, "To Do");
    assert!(w.transitions.iter().all(|t| t.transition_type.is_some()
        && !matches!(t.transition_type, Some(TransitionType::Unknown(_)))));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_and_delete_a_workflow() {
    let Some((replay, kc)) =
        common::replay("TestWorkflows.test_create_a_new_workflow_using_client_create_workflow")
            .await
    else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    kc.workflows()
        .list()
        .name("Simple Workflow")
        .category(WorkflowCategory::Catalog)
        .one()
        .await
        .unwrap();
    let created = kc
        .workflows()
        .create("___TEST WORKFLOW__DELETE_ME", BIKE)
        .description("This is a test workflow created in a scope")
        .options(json!({"foo": "bar"}))
        .active(true)
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, "4fcda3d0-ba6e-4133-8ddd-89dd8beb7687");
    assert_eq!(created.category, Some(WorkflowCategory::Defined));
    assert_eq!(created.scope_uuid(), Some(BIKE));
    assert_eq!(created.options["foo"], "bar");
    assert_eq!(created.active, Some(true));
    assert!(created.statuses.is_empty() && created.transitions.is_empty());
    kc.workflows().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_workflow_by_name_in_a_scope() {
    let Some((replay, kc)) = common::replay("TestActivityCloneWidgets.test_clone_widgets").await
    else {
        return;
    };
    let w = kc
        .workflows()
        .list()
        .name("Simple Form Flow")
        .scope(BIKE)
        .one()
        .await
        .unwrap();
    assert_eq!(w.name, "Simple Form Flow");
    assert!(!w.statuses.is_empty());
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
