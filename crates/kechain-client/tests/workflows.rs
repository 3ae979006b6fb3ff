//! Workflows: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::models::{StatusCategory, TransitionType, WorkflowCategory};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

const ID: &str = "f9c938ce-8909-4c11-87bf-ea4303614943";
const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";

fn status(id: &str, name: &str, category: &str) -> serde_json::Value {
    json!({"description": format!("This is {name}"), "id": id, "name": name, "ref": name.to_lowercase(),
           "status_category": category, "status_category_display": category,
           "status_category_icon": "plus-square", "status_category_color": "grey",
           "display_name": name, "description_translations": {"en": ""}})
}

/// A list row: `scope_id`, no permissions.
fn row() -> serde_json::Value {
    let todo = status("1e12e5a1-31ba-42ef-9fda-bf0cb418eb80", "To Do", "TODO");
    let done = status("75f78c89-e70f-4a45-a02a-30bcc5c787de", "Done", "DONE");
    json!({"id": ID, "name": "Simple Workflow", "description": "A Simple workflow", "ref": "simple-workflow",
           "created_at": "2022-02-02T19:56:16.625284Z", "updated_at": "2022-02-02T19:56:16.755822Z",
           "category": "CATALOG", "statuses": [todo, done],
           "transitions": [
               {"id": "af5df285-cabd-4e71-b21b-3a51ccbb511e", "from_status": [], "name": "Create",
                "ref": "create", "description": "Create a new Form", "to_status": todo,
                "transition_type": "INITIAL", "display_name": "Create"},
               {"id": "b71609e6-462d-4508-bdd1-1d2e166f81dc", "from_status": [todo], "name": "Finish",
                "ref": "finish", "description": "", "to_status": done, "transition_type": "DIRECTED"}],
           "options": {}, "active": true, "scope_id": null})
}

/// A detail or create answer: `scope` instead of `scope_id`, plus the full serializer.
fn detail() -> serde_json::Value {
    let mut d = row();
    let map = d.as_object_mut().unwrap();
    map.remove("scope_id");
    map.insert("scope".into(), json!(SCOPE));
    map.insert("category".into(), json!("DEFINED"));
    map.insert("derived_from_id".into(), json!(null));
    map.insert("derived_from_id_name".into(), json!({}));
    map.insert(
        "permissions".into(),
        json!({"activate": true, "clone": true}),
    );
    map.insert("options".into(), json!({"foo": "bar"}));
    d
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/v3/workflows",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "previous": null, "results": [row()]}),
            ),
        )
        .on(
            "GET",
            &format!("/api/v3/workflows/{ID}"),
            MockResponse::json(200, &json!({"results": [detail()]})),
        )
        .on(
            "POST",
            "/api/v3/workflows",
            MockResponse::json(201, &json!({"results": [detail()]})),
        )
        .on(
            "DELETE",
            &format!("/api/v3/workflows/{ID}"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_workflow_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let workflows = kc.workflows();
    workflows
        .list()
        .name("Simple Workflow")
        .category(WorkflowCategory::Catalog)
        .one()
        .await
        .unwrap();
    workflows
        .list()
        .id(ID)
        .description("A Simple workflow")
        .scope(SCOPE)
        .reference("simple-workflow")
        .filter("active", "True")
        .limit(3)
        .all()
        .await
        .unwrap();
    workflows.get(ID).await.unwrap();
    workflows
        .create("___TEST WORKFLOW__DELETE_ME", SCOPE)
        .description("This is a test workflow created in a scope")
        .options(json!({"foo": "bar"}))
        .active(true)
        .send()
        .await
        .unwrap();
    workflows
        .create("Catalog flow", SCOPE)
        .category(WorkflowCategory::Catalog)
        .query("extra", "yes")
        .send()
        .await
        .unwrap();
    workflows.delete(ID).await.unwrap();
    insta::assert_json_snapshot!("workflows_requests", server.requests());
}

#[tokio::test]
async fn workflows_decode_with_statuses_and_transitions() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let listed = kc.workflows().list().all().await.unwrap();
    let w = &listed[0];
    assert_eq!(w.category, Some(WorkflowCategory::Catalog));
    assert_eq!(w.active, Some(true));
    assert_eq!(w.scope_uuid(), None, "catalog workflows belong to no scope");
    assert_eq!(w.statuses.len(), 2);
    assert_eq!(w.statuses[0].status_category, Some(StatusCategory::Todo));
    assert_eq!(w.statuses[0].extra["status_category_color"], "grey");
    let create = w.transition("Create").unwrap();
    assert_eq!(create.transition_type, Some(TransitionType::Initial));
    assert!(create.from_status.is_empty());
    assert_eq!(create.to_status.as_ref().unwrap().name, "To Do");
    let finish = w.transition("Finish").unwrap();
    assert_eq!(finish.from_status[0].name, "To Do");
    assert_eq!(
        w.status("Done").unwrap().status_category,
        Some(StatusCategory::Done)
    );

    let d = kc.workflows().get(ID).await.unwrap();
    assert_eq!(d.scope_uuid(), Some(SCOPE));
    assert_eq!(d.scope_id, None);
    assert_eq!(d.category, Some(WorkflowCategory::Defined));
    assert_eq!(d.options["foo"], "bar");
    assert_eq!(d.extra["derived_from_id_name"], json!({}));
    assert_eq!(d.extra["permissions"]["activate"], true);
}

#[tokio::test]
async fn lookups_map_not_found_and_multiple_found() {
    let server = TestServer::routes(
        Routes::new()
            .on_seq(
                "GET",
                "/api/v3/workflows",
                vec![
                    MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
                    MockResponse::json(
                        200,
                        &json!({"count": 3, "next": "https://kec.example.com/api/v3/workflows?limit=2&offset=2",
                                "results": [row(), row()]}),
                    ),
                ],
            )
            .on(
                "GET",
                &format!("/api/v3/workflows/{ID}"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .workflows()
        .list()
        .name("Strict Approval Workflow")
        .one()
        .await
        .unwrap_err();
    assert!(
        err.is_not_found() && err.to_string().contains("Strict Approval"),
        "{err}"
    );
    let err = kc
        .workflows()
        .list()
        .category(WorkflowCategory::Catalog)
        .one()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 3, .. }),
        "{err:?}"
    );
    assert!(kc.workflows().get(ID).await.unwrap_err().is_not_found());
    assert_eq!(
        server.request_count(),
        3,
        "a singular lookup never follows `next`"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let w = kc.workflows();
    let errors = [
        w.create("", SCOPE).send().await.unwrap_err(),
        w.create("x", "Bike Project").send().await.unwrap_err(),
        w.create("x", SCOPE)
            .category(WorkflowCategory::Unknown("ADHOC".into()))
            .send()
            .await
            .unwrap_err(),
        w.create("x", SCOPE)
            .options(json!("not an object"))
            .send()
            .await
            .unwrap_err(),
        w.get("simple-workflow").await.unwrap_err(),
        w.delete("f9c938ce").await.unwrap_err(),
        w.list().id("1").all().await.unwrap_err(),
        w.list().scope("x").one().await.unwrap_err(),
        w.list().name(" ").one().await.unwrap_err(),
        w.list()
            .category(WorkflowCategory::Unknown("X".into()))
            .all()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
