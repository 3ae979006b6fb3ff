//! Activities: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::api::activities::ActivityUpdate;
use kechain_client::models::{Activity, ActivityClassification, ActivityStatus, ActivityType};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::{Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const ROOT: &str = "010d6604-45cb-48c4-8457-63f50826a48f";
const SUB: &str = "65f266d3-0e07-4e68-9bdb-ea46d4e47b43";
const TASK: &str = "1a9a3d66-b341-46b5-888a-5611fbabd911";
const PART: &str = "96e4986d-3989-473e-9d70-8d71824d1818";

/// A row as the server sends it (2022 recording), plus a field this crate does not model.
fn activity(id: &str, name: &str, activity_type: &str) -> Value {
    json!({"id": id, "name": name, "ref": "subprocess", "description": "", "classification": "WORKFLOW",
           "activity_type": activity_type, "start_date": null, "due_date": null, "status": "OPEN",
           "scope_id": SCOPE, "parent_id": ROOT, "created_at": "2020-06-19T13:42:19.820788Z",
           "updated_at": "2022-08-10T12:19:55.623447Z", "tags": [], "activity_options": {},
           "assignees_ids": null, "progress": 1, "form_collection": null, "customization": {"ext": []}})
}

fn decode(value: Value) -> Activity {
    serde_json::from_value(value).unwrap()
}

async fn server() -> TestServer {
    TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/activities.json",
                MockResponse::json(
                    200,
                    &json!({"count": 1, "next": null, "previous": null,
                            "results": [activity(SUB, "Subprocess", "PROCESS")]}),
                ),
            )
            .on(
                "POST",
                "/api/activities.json",
                MockResponse::json(
                    201,
                    &json!({"results": [activity(TASK, "Testing task", "TASK")]}),
                ),
            )
            .on(
                "POST",
                "/api/activities/bulk_clone",
                MockResponse::json(202, &json!({"results": []})),
            )
            .on(
                "PUT",
                "/api/activities/bulk_update",
                MockResponse::json(
                    200,
                    &json!({"results": [{"id": SUB, "name": "Subprocess"}]}),
                ),
            )
            .on(
                "PUT",
                &format!("/api/activities/{TASK}/move_activity"),
                MockResponse::json(
                    200,
                    &json!({"results": [{"id": TASK, "name": "Testing task"}]}),
                ),
            )
            .on(
                "DELETE",
                &format!("/api/activities/{TASK}.json"),
                MockResponse::status(204),
            ),
    )
    .await
}

#[tokio::test]
async fn every_activity_request_is_exact() {
    let server = server().await;
    let kc = common::client(&server.base_url());
    let acts = kc.activities();
    let sub = acts
        .list()
        .name("Subprocess")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    acts.list()
        .scope(SCOPE)
        .parent(SUB)
        .filter("name__icontains", "task")
        .limit(5)
        .all()
        .await
        .unwrap();
    acts.get(SUB).await.unwrap();
    let options = json!({"representations": [{"rtype": "customIcon",
        "config": {"displayIcon": "pennant", "displayIconMode": "regular"}}]});
    acts.create(&sub, "Testing task")
        .description("My new task")
        .start_date("2020-01-01T00:00:00+00:00")
        .due_date("2020-01-01T00:00:00+00:00")
        .reference("testing-task")
        .tags(["a", "b"])
        .options(options.as_object().unwrap().clone())
        .send()
        .await
        .unwrap();
    acts.create(ROOT, "__Test process")
        .activity_type(ActivityType::Process)
        .status(ActivityStatus::Completed)
        .classification(ActivityClassification::Catalog)
        .field("extra_key", 1)
        .send()
        .await
        .unwrap();
    let cloned = acts
        .clone_activities(&sub)
        .activity(TASK)
        .activity_with(
            ActivityUpdate::new(ROOT)
                .name("__TEST TASK RENAMED")
                .status(ActivityStatus::Open)
                .assignees([])
                .field("start_date", Value::Null),
        )
        .include_part_models(true)
        .exclude_parts([PART])
        .part_parent_instance(PART)
        .part_model_rename_template("{name} (copy)")
        .asynchronous(true)
        .field("name", "BULK WIDGET TEST TASK")
        .send()
        .await
        .unwrap();
    assert!(
        cloned.is_empty(),
        "an asynchronous clone answers 202 without rows"
    );
    let acks = acts
        .update_many([
            ActivityUpdate::new(SUB)
                .status(ActivityStatus::Completed)
                .assignees([4]),
            ActivityUpdate::new(TASK).due_date("2020-02-01").tags(["x"]),
        ])
        .await
        .unwrap();
    assert_eq!(acks[0].name.as_deref(), Some("Subprocess"));
    acts.move_activity(TASK, &sub).send().await.unwrap();
    // A parent given by id is looked up first (it must be a process).
    acts.move_activity(TASK, SUB)
        .classification(ActivityClassification::Catalog)
        .send()
        .await
        .unwrap();
    acts.delete(TASK).await.unwrap();
    insta::assert_json_snapshot!("activities_requests", server.requests());
}

#[test]
fn activities_decode_with_nulls_and_unknown_fields() {
    let a = decode(activity(SUB, "Subprocess", "PROCESS"));
    assert!(a.is_process());
    assert!(a.assignees_ids.is_empty(), "null assignees read as empty");
    assert_eq!(a.progress, Some(1.0), "an integer progress is read");
    assert_eq!(a.classification, Some(ActivityClassification::Workflow));
    assert_eq!(a.reference.as_deref(), Some("subprocess"));
    assert!(a.extra.contains_key("customization"));
    // A create answer lacks `assignees_ids`; an unknown enum value is kept.
    let mut row = activity(TASK, "t", "MILESTONE");
    row.as_object_mut().unwrap().remove("assignees_ids");
    row["status"] = json!("ARCHIVED");
    let t = decode(row);
    assert_eq!(
        t.activity_type,
        Some(ActivityType::Unknown("MILESTONE".into()))
    );
    assert_eq!(t.status, Some(ActivityStatus::Unknown("ARCHIVED".into())));
    assert!(!t.is_process());
}

#[tokio::test]
async fn errors_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "POST",
                "/api/activities.json",
                MockResponse::json(400, &json!({"results": ["Parent must be a process."]})),
            )
            .on(
                "DELETE",
                &format!("/api/activities/{TASK}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            )
            .on_seq(
                "GET",
                "/api/activities.json",
                vec![
                    MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
                    MockResponse::json(
                        200,
                        &json!({"count": 25, "next": null,
                                "results": [activity(SUB, "a", "TASK"), activity(TASK, "b", "TASK")]}),
                    ),
                    // The parent looked up for a move is a task.
                    MockResponse::json(200, &json!({"count": 1, "results": [activity(TASK, "b", "TASK")]})),
                ],
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.activities().create(ROOT, "x").send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail == "Parent must be a process."),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(400));
    assert!(
        kc.activities()
            .delete(TASK)
            .await
            .unwrap_err()
            .is_not_found()
    );
    let err = kc
        .activities()
        .list()
        .name("Hello?!")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = kc.activities().list().scope(SCOPE).one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 25, .. }),
        "{err:?}"
    );
    let err = kc
        .activities()
        .move_activity(SUB, TASK)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("process"),
        "{err}"
    );
    assert_eq!(server.request_count(), 5, "the move itself was not sent");
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let acts = kc.activities();
    let task = decode(activity(TASK, "t", "TASK"));
    let errors = [
        acts.get("42").await.unwrap_err(),
        acts.list().name(" ").all().await.unwrap_err(),
        acts.list().scope("Bike Project").one().await.unwrap_err(),
        acts.list().parent("root").all().await.unwrap_err(),
        acts.create("not-a-uuid", "x").send().await.unwrap_err(),
        acts.create(ROOT, "").send().await.unwrap_err(),
        acts.create(ROOT, "x")
            .activity_type(ActivityType::Unknown("MILESTONE".into()))
            .send()
            .await
            .unwrap_err(),
        acts.create(ROOT, "x")
            .classification(ActivityClassification::Unknown("X".into()))
            .send()
            .await
            .unwrap_err(),
        acts.create(ROOT, "x")
            .reference("Not A Slug")
            .send()
            .await
            .unwrap_err(),
        acts.create(ROOT, "x")
            .start_date("tomorrow")
            .send()
            .await
            .unwrap_err(),
        acts.create(ROOT, "x")
            .tags(["a", "a"])
            .send()
            .await
            .unwrap_err(),
        acts.clone_activities(ROOT).send().await.unwrap_err(),
        acts.clone_activities(ROOT)
            .activities([TASK, TASK])
            .send()
            .await
            .unwrap_err(),
        acts.clone_activities("root")
            .activity(TASK)
            .send()
            .await
            .unwrap_err(),
        acts.clone_activities(ROOT)
            .activity(TASK)
            .part_instance_rename_template("copy")
            .send()
            .await
            .unwrap_err(),
        acts.clone_activities(ROOT)
            .activity(TASK)
            .exclude_parts(["Bike"])
            .send()
            .await
            .unwrap_err(),
        acts.update_many([]).await.unwrap_err(),
        acts.update_many([ActivityUpdate::new(TASK), ActivityUpdate::new(TASK)])
            .await
            .unwrap_err(),
        acts.update_many([ActivityUpdate::new(TASK).name("")])
            .await
            .unwrap_err(),
        acts.update_many([ActivityUpdate::new(TASK).status(ActivityStatus::Unknown("X".into()))])
            .await
            .unwrap_err(),
        acts.move_activity(TASK, &task).send().await.unwrap_err(),
        acts.move_activity("x", SUB).send().await.unwrap_err(),
        acts.move_activity(TASK, "Subprocess")
            .send()
            .await
            .unwrap_err(),
        acts.delete("../scopes").await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
