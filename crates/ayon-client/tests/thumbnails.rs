//! Thumbnails: upload and replace (raw image bytes), get by id and per entity (the
//! placeholder told apart), the server's workfile failure typed.

mod common;

use ayon_client::{AyonClient, Error};
use common::{PROJECT, id};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

fn png(status: u16) -> MockResponse {
    MockResponse::status(status)
        .header("content-type", "image/png")
        .body(PNG.to_vec())
}

#[tokio::test]
async fn every_thumbnail_call_sends_the_documented_request() {
    let thumb = id(70);
    let saved = json!({"id": thumb, "affectedEntities": [{"entityType": "version", "entityId": id(5), "thumbnailHash": "h", "thumbnailId": thumb}]});
    let server = TestServer::routes(
        Routes::new()
            .on("POST", "/api/projects/demo/thumbnails", MockResponse::json(200, &json!({"id": thumb, "affectedEntities": []})))
            .on("PUT", &format!("/api/projects/demo/thumbnails/{thumb}"), MockResponse::json(200, &saved))
            .on("GET", &format!("/api/projects/demo/thumbnails/{thumb}"), png(200))
            .on("GET", &format!("/api/projects/demo/folders/{}/thumbnail", id(2)), png(200).header("x-thumbnail-id", thumb.clone()))
            .on("GET", &format!("/api/projects/demo/tasks/{}/thumbnail", id(3)), png(200))
            .on("GET", &format!("/api/projects/demo/workfiles/{}/thumbnail", id(10)),
                MockResponse::json(500, &json!({"status": 500, "detail": "asyncpg.exceptions.UndefinedColumnError: column w.folder_id does not exist"}))),
    )
    .await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .hostname("test-host")
        .api_key("k1")
        .build()
        .unwrap();
    let thumbnails = ayon.thumbnails();
    assert_eq!(
        thumbnails.create(PROJECT, PNG.to_vec()).await.unwrap().id,
        thumb
    );
    assert_eq!(
        thumbnails
            .update(PROJECT, &thumb, PNG.to_vec())
            .await
            .unwrap()
            .affected_entities
            .len(),
        1
    );
    let by_id = thumbnails.get_by_id(PROJECT, &thumb).await.unwrap();
    assert!(by_id.is_valid() && by_id.content.as_ref() == PNG);
    let folder = thumbnails
        .of_entity(PROJECT, "folder", &id(2))
        .await
        .unwrap();
    assert_eq!(
        folder.id.as_deref(),
        Some(thumb.as_str()),
        "the id comes from X-Thumbnail-Id"
    );
    let placeholder = thumbnails.of_entity(PROJECT, "task", &id(3)).await.unwrap();
    assert!(
        !placeholder.is_valid(),
        "no X-Thumbnail-Id: the placeholder"
    );
    let broken = thumbnails
        .of_entity(PROJECT, "workfile", &id(10))
        .await
        .unwrap_err();
    assert!(
        matches!(&broken, Error::Api { .. }) && broken.status() == Some(500),
        "{broken}"
    );
    insta::assert_json_snapshot!("thumbnail_requests", common::snapshot(server.requests()));
}

#[tokio::test]
async fn bad_thumbnail_input_is_refused_before_anything_is_sent() {
    let server = TestServer::routes(Routes::new()).await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let thumbnails = ayon.thumbnails();
    assert!(
        thumbnails
            .create(PROJECT, b"not an image".to_vec())
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        thumbnails
            .create("bad project", PNG.to_vec())
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        thumbnails
            .update(PROJECT, "x", PNG.to_vec())
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        thumbnails
            .get_by_id(PROJECT, "../x")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        thumbnails
            .of_entity(PROJECT, "product", &id(4))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        thumbnails
            .of_entity(PROJECT, "folder", "x")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(server.request_count(), 0);
}
