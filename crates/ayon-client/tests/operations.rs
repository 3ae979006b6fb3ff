//! Batch operations: one request, per-operation results, typed failures listing every failed
//! operation, the collecting session and its chunks, writes turned into operations.

mod common;

use ayon_client::Error;
use ayon_client::models::Operation;
use common::{PROJECT, id};
use serde_json::{Map, Value, json};

fn data(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

#[tokio::test]
async fn batches_succeed_or_name_every_failed_operation() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let shots = Operation::create(
        "folder",
        data(json!({"id": id(60), "name": "shots", "folderType": "Folder"})),
    );
    let rename = Operation::update("folder", &id(2), data(json!({"label": "Hero!"})));
    let results = ayon
        .send_batch_operations(PROJECT, &[shots, rename], false)
        .await
        .unwrap();
    assert!(results.iter().all(|r| r.success));
    assert_eq!(results[0].entity_id.as_deref(), Some(id(60).as_str()));
    let again = Operation::create(
        "folder",
        data(json!({"name": "Shots", "folderType": "Folder"})),
    );
    let error = ayon
        .send_batch_operations(PROJECT, std::slice::from_ref(&again), false)
        .await
        .unwrap_err();
    let Error::FailedOperations { failed, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(failed[0].status, Some(409));
    assert_eq!(failed[0].error_code.as_deref(), Some("unique-violation"));
    assert!(
        error.to_string().contains("failed with status 409"),
        "{error}"
    );
    let other = Operation::create(
        "folder",
        data(json!({"name": "x1", "folderType": "Folder"})),
    );
    let report = ayon
        .send_batch_operations_report(PROJECT, &[other, again], true)
        .await
        .unwrap();
    assert!(!report.success);
    assert!(
        report.operations[0].success && !report.operations[1].success,
        "can fail: the others stay"
    );
    let delete = Operation::delete("folder", &id(60), true);
    ayon.send_batch_operations(PROJECT, &[delete], false)
        .await
        .unwrap();
    assert!(
        ayon.send_batch_operations(PROJECT, &[], false)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(mock.calls("POST", "/api/projects/demo/operations"), 4);
    insta::assert_json_snapshot!("operation_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn a_session_commits_in_chunks() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let mut session = ayon.operations(PROJECT);
    session.chunk_size(2).can_fail(false);
    for i in 0..5u32 {
        session.create(
            "folder",
            data(json!({"name": format!("s{i}"), "folderType": "Folder", "parentId": id(1)})),
        );
    }
    session.update("task", &id(3), data(json!({"label": "Model"})));
    let write = ayon
        .folders()
        .update(PROJECT, &id(2))
        .label(Some("Hero 2"))
        .into_operation()
        .unwrap();
    session.push(write);
    let workfile = Operation::create(
        "workfile",
        data(json!({"path": "/work/b.ma", "taskId": id(3)})),
    )
    .as_user("admin");
    session.push(workfile);
    assert_eq!(session.pending().len(), 8);
    let results = session.commit().await.unwrap();
    assert_eq!(results.len(), 8);
    assert!(session.pending().is_empty());
    assert_eq!(
        mock.calls("POST", "/api/projects/demo/operations"),
        4,
        "8 operations in chunks of 2"
    );
    assert_eq!(
        ayon.folders()
            .get_rest(PROJECT, &id(2))
            .await
            .unwrap()
            .unwrap()
            .label
            .as_deref(),
        Some("Hero 2")
    );
}

#[tokio::test]
async fn bad_operations_are_refused_before_anything_is_sent() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let cases = [
        Operation::create("spaceship", Map::new()),
        Operation::update("folder", "not-an-id", Map::new()),
        Operation::delete("folder", "", false),
        Operation::create("folder", Map::new()).as_user("bad user"),
    ];
    for op in cases {
        assert!(
            ayon.send_batch_operations(PROJECT, &[op], false)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    let op = Operation::create("folder", Map::new());
    assert!(
        ayon.send_batch_operations("bad project", &[op], false)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        ayon.folders()
            .update(PROJECT, "x")
            .into_operation()
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn ids_are_normalised_and_a_failed_chunk_stays_pending() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let dashed = "00000000-0000-0000-0000-000000000002";
    let results = ayon
        .send_batch_operations(
            PROJECT,
            &[Operation::update(
                "folder",
                dashed,
                data(json!({"label": "H"})),
            )],
            false,
        )
        .await
        .unwrap();
    assert_eq!(
        results[0].entity_id.as_deref(),
        Some(id(2).as_str()),
        "a dashed UUID is sent as 32 hex"
    );
    let mut session = ayon.operations(PROJECT);
    session.chunk_size(1);
    session.create(
        "folder",
        data(json!({"name": "fresh", "folderType": "Folder"})),
    );
    session.create(
        "folder",
        data(json!({"name": "assets", "folderType": "Folder"})),
    );
    session.create(
        "folder",
        data(json!({"name": "later", "folderType": "Folder"})),
    );
    let failed = session.commit().await.unwrap_err();
    assert!(matches!(failed, Error::FailedOperations { .. }));
    assert_eq!(
        session.pending().len(),
        2,
        "the failed chunk and the one after it stay pending"
    );
    session.push(Operation::create("spaceship", Map::new()));
    assert!(session.commit().await.unwrap_err().is_invalid_input());
    assert_eq!(
        session.pending().len(),
        3,
        "an invalid operation drops nothing"
    );
}
