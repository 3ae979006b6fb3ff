//! Activities: list, by id, create, update, delete, batch operations.

mod common;

use std::time::{Duration, SystemTime};

use ayon_client::{AyonClient, Error};
use common::{PROJECT, id};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

fn routes() -> Routes {
    let node = json!({"activityId": id(90), "activityType": "comment", "body": "Hello @admin", "entityId": id(5),
        "entityType": "version", "author": {"name": "admin"},
        "activityData": "{\"author\":\"admin\",\"origin\":{\"id\":\"00000000000000000000000000000005\",\"type\":\"version\"}}"});
    let page = json!({"data": {"project": {"activities": {"edges": [{"node": node}], "pageInfo": {"endCursor": "WzFd", "hasNextPage": false}}}}});
    let failed = json!({"operations": [{"id": id(91), "type": "create", "success": false, "status": 400,
        "detail": "Data is required for create operation", "activityId": null}], "success": false});
    Routes::new()
        .on("POST", "/graphql", MockResponse::json(200, &page))
        .on("POST", &format!("/api/projects/demo/version/{}/activities", id(5)), MockResponse::json(201, &json!({"id": id(90)})))
        .on("PATCH", &format!("/api/projects/demo/activities/{}", id(90)), MockResponse::status(204))
        .on("DELETE", &format!("/api/projects/demo/activities/{}", id(90)), MockResponse::status(204))
        .on_seq("POST", "/api/projects/demo/operations/activities", vec![
            MockResponse::json(200, &json!({"operations": [{"id": id(92), "type": "create", "success": true, "status": 201, "activityId": id(93)}], "success": true})),
            MockResponse::json(200, &failed),
        ])
}

#[tokio::test]
async fn every_activity_call_sends_the_documented_request() {
    let server = TestServer::routes(routes()).await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .hostname("test-host")
        .api_key("k1")
        .build()
        .unwrap();
    let activities = ayon.activities();
    let listed = activities
        .list(PROJECT)
        .activity_types(["comment"])
        .entity_ids([id(5)])
        .entity_type("version")
        .entity_names(["v001"])
        .reference_types(["origin", "mention"])
        .changed_after(SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_720_000))
        .changed_before(SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_806_400))
        .all()
        .await
        .unwrap();
    assert_eq!(
        listed[0].activity_data["origin"]["type"], "version",
        "`activityData` arrives as JSON text"
    );
    assert!(
        activities
            .get_by_id(PROJECT, &id(90))
            .await
            .unwrap()
            .is_some()
    );
    let created = activities
        .create(PROJECT, "version", &id(5), "comment")
        .body("Hello @admin")
        .file_ids([id(94)])
        .timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_720_000))
        .send()
        .await
        .unwrap();
    assert_eq!(created, id(90));
    activities
        .update(PROJECT, &id(90))
        .body("Hello 2")
        .append_file_ids([id(95)])
        .send()
        .await
        .unwrap();
    activities.delete(PROJECT, &id(90)).await.unwrap();
    let op = json!({"id": id(92), "type": "create", "data": {"activityType": "comment", "entityType": "folder", "entityId": id(2), "body": "batch"}});
    assert!(
        activities
            .send_batch(PROJECT, std::slice::from_ref(&op), false)
            .await
            .unwrap()[0]
            .success
    );
    let failed = activities
        .send_batch(PROJECT, &[op], false)
        .await
        .unwrap_err();
    assert!(
        matches!(&failed, Error::FailedOperations { failed, .. } if failed[0].status == Some(400)),
        "{failed}"
    );
    insta::assert_json_snapshot!("activity_requests", common::snapshot(server.requests()));
}

#[tokio::test]
async fn bad_activity_input_is_refused_before_anything_is_sent() {
    let server = TestServer::routes(Routes::new()).await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let activities = ayon.activities();
    assert!(
        activities
            .create(PROJECT, "spaceship", &id(5), "comment")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        activities
            .create(PROJECT, "version", "x", "comment")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        activities
            .create("bad name", "version", &id(5), "comment")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        activities
            .create(PROJECT, "version", &id(5), " ")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        activities
            .update(PROJECT, &id(90))
            .send()
            .await
            .unwrap_err()
            .is_invalid_input(),
        "an empty update"
    );
    assert!(
        activities
            .update(PROJECT, "../x")
            .body("b")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        activities
            .delete(PROJECT, "")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        activities
            .list(PROJECT)
            .activity_ids(["nope"])
            .all()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    let no_data = json!({"type": "create", "activityType": "comment"});
    assert!(
        activities
            .send_batch(PROJECT, &[no_data], false)
            .await
            .unwrap_err()
            .is_invalid_input(),
        "a create needs its data"
    );
    assert!(
        activities
            .send_batch(PROJECT, &[json!({"type": "explode"})], false)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(server.request_count(), 0);
}
