//! Activities driven through recorded KE-chain traffic.

mod common;

use kechain_client::Error;
use kechain_client::api::activities::ActivityUpdate;
use kechain_client::models::{ActivityClassification, ActivityStatus, ActivityType};
use serde_json::{Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const ROOT: &str = "010d6604-45cb-48c4-8457-63f50826a48f";

#[tokio::test]
async fn retrieve_activities_of_a_scope() {
    let Some((replay, kc)) = common::replay("TestActivities.test_retrieve_activities").await else {
        return;
    };
    let acts = kc.activities();
    let root = acts
        .list()
        .name("WORKFLOW_ROOT")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    assert_eq!(root.id, ROOT);
    assert!(root.is_process() && root.parent_id.is_none());
    let created = acts.create(&root, "TEST ACTIVITY").send().await.unwrap();
    assert_eq!(created.reference.as_deref(), Some("test-activity"));
    let all = acts.list().scope(SCOPE).all().await.unwrap();
    assert!(all.len() > 20, "{}", all.len());
    assert!(all.iter().any(|a| a.name == "CATALOG_ROOT"));
    assert!(all.iter().any(|a| a.id == created.id));
    acts.delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_activity_by_id_unknown_and_multiple() {
    let Some((replay, kc)) = common::replay("TestActivities.test_retrieve_activity_by_id").await
    else {
        return;
    };
    let acts = kc.activities();
    let root = acts
        .list()
        .name("WORKFLOW_ROOT")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let created = acts.create(&root, "TEST ACTIVITY").send().await.unwrap();
    let sub = acts
        .list()
        .name("Subprocess")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let by_id = acts.get(&sub.id).await.unwrap();
    assert_eq!(by_id, sub);
    assert_eq!(by_id.activity_type, Some(ActivityType::Process));
    acts.delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestActivities.test_retrieve_unknown_activity").await
    else {
        return;
    };
    let acts = kc.activities();
    let root = acts
        .list()
        .name("WORKFLOW_ROOT")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let created = acts.create(&root, "TEST ACTIVITY").send().await.unwrap();
    let err = acts
        .list()
        .name("Hello?!")
        .scope(SCOPE)
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    acts.delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestActivities.test_retrieve_too_many_activity").await
    else {
        return;
    };
    let acts = kc.activities();
    let root = acts
        .list()
        .name("WORKFLOW_ROOT")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let created = acts.create(&root, "TEST ACTIVITY").send().await.unwrap();
    let err = acts.list().scope(SCOPE).one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 25, .. }),
        "{err:?}"
    );
    acts.delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_a_process_and_a_task_with_inputs() {
    let Some((replay, kc)) =
        common::replay("TestActivityConstruction.test_create_with_inputs").await
    else {
        return;
    };
    let acts = kc.activities();
    // A parent given by id: the classification defaults to WORKFLOW.
    let process = acts
        .create(ROOT, "__Test process")
        .activity_type(ActivityType::Process)
        .send()
        .await
        .unwrap();
    assert!(process.is_process());
    let options = json!({"representations": [{"rtype": "customIcon",
        "config": {"displayIcon": "pennant", "displayIconMode": "regular"}}]});
    let task = acts
        .create(&process, "Testing task")
        .description("My new task")
        .start_date("2020-01-01T00:00:00+00:00")
        .due_date("2020-01-01T00:00:00+00:00")
        .reference("testing-task")
        .options(options.as_object().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(task.parent_id.as_deref(), Some(process.id.as_str()));
    assert_eq!(task.description.as_deref(), Some("My new task"));
    assert_eq!(task.start_date.as_deref(), Some("2020-01-01T00:00:00Z"));
    assert_eq!(
        task.activity_options["representations"][0]["rtype"],
        "customIcon"
    );
    assert_eq!(task.classification, Some(ActivityClassification::Workflow));
    acts.delete(&task.id).await.unwrap();
    acts.delete(&process.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

/// The setup of the `TestActivityClone` recordings: a process with one task.
async fn clone_setup(
    kc: &kechain_client::KechainClient,
) -> (
    kechain_client::models::Activity,
    kechain_client::models::Activity,
) {
    let acts = kc.activities();
    let process = acts
        .create(ROOT, "__TEST CLONE SUBPROCESS")
        .activity_type(ActivityType::Process)
        .send()
        .await
        .unwrap();
    let task = acts
        .create(&process, "__TEST CLONE TASK")
        .send()
        .await
        .unwrap();
    (process, task)
}

#[tokio::test]
async fn clone_activities_sync_async_and_with_updates() {
    let Some((replay, kc)) = common::replay("TestActivityClone.test").await else {
        return;
    };
    let (process, task) = clone_setup(&kc).await;
    let clones = kc
        .activities()
        .clone_activities(&process)
        .activity(&task.id)
        .send()
        .await
        .unwrap();
    assert_eq!(clones.len(), 1);
    assert_ne!(clones[0].id, task.id);
    assert_eq!(clones[0].name, "__TEST CLONE TASK");
    assert_eq!(clones[0].parent_id.as_deref(), Some(process.id.as_str()));
    kc.activities().delete(&process.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestActivityClone.test_async_via_client").await else {
        return;
    };
    let (process, task) = clone_setup(&kc).await;
    let clones = kc
        .activities()
        .clone_activities(&process)
        .activity(&task.id)
        .asynchronous(true)
        .send()
        .await
        .unwrap();
    assert!(clones.is_empty(), "202 with no rows");
    kc.activities().delete(&process.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestActivityClone.test_update").await else {
        return;
    };
    let (process, task) = clone_setup(&kc).await;
    let update = ActivityUpdate::new(&task.id)
        .field("start_date", Value::Null)
        .field("due_date", Value::Null)
        .status(ActivityStatus::Open)
        .assignees([])
        .name("__TEST TASK RENAMED");
    let clones = kc
        .activities()
        .clone_activities(&process)
        .activity_with(update)
        .send()
        .await
        .unwrap();
    assert_eq!(clones[0].name, "__TEST TASK RENAMED");
    kc.activities().delete(&process.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn update_activities_in_bulk() {
    let Some((replay, kc)) = common::replay("TestActivities.test_edit_cascade_down").await else {
        return;
    };
    let acts = kc.activities();
    let root = acts
        .list()
        .name("WORKFLOW_ROOT")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let created = acts.create(&root, "TEST ACTIVITY").send().await.unwrap();
    let sub = acts
        .list()
        .name("Subprocess")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let subtask = acts
        .list()
        .name("SubTask")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let children = acts
        .list()
        .scope(SCOPE)
        .parent(&sub.id)
        .all()
        .await
        .unwrap();
    assert_eq!(children, vec![subtask.clone()]);
    let acks = acts
        .update_many([&sub, &subtask].map(|a| {
            ActivityUpdate::new(&a.id)
                .status(ActivityStatus::Completed)
                .assignees([4])
        }))
        .await
        .unwrap();
    let mut names: Vec<_> = acks.iter().filter_map(|a| a.name.as_deref()).collect();
    names.sort_unstable();
    assert_eq!(names, ["SubTask", "Subprocess"]);
    acts.delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn move_an_activity_under_a_process() {
    let Some((replay, kc)) = common::replay("TestActivities.test_activity_move").await else {
        return;
    };
    let acts = kc.activities();
    let root = acts
        .list()
        .name("WORKFLOW_ROOT")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let created = acts.create(&root, "TEST ACTIVITY").send().await.unwrap();
    let sub = acts
        .list()
        .name("Subprocess")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    acts.move_activity(&created.id, &sub).send().await.unwrap();
    let parent = acts.list().id(&sub.id).scope(SCOPE).one().await.unwrap();
    assert_eq!(parent.name, "Subprocess");
    acts.delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
