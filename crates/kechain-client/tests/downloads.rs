//! Expiring downloads: exact requests (snapshots), decoding, the singular lookup (not recorded:
//! synthetic), error mapping, bad input.

mod common;

use kechain_client::Error;
use platform_client_core::testing::{MockResponse, RecordedBody, Routes, TestServer};
use serde_json::json;

const ID: &str = "9bde1c1b-62b7-46c0-bffc-0865095f5ec4";
const FUTURE: &str = "2999-01-01T00:00:00+00:00";

fn download(id: &str, file: &str) -> serde_json::Value {
    json!({"id": id, "content_file_name": file, "updated_at": "2022-08-10T12:22:13.857113Z",
           "expires_at": "2022-08-10T14:22:13.833302Z", "expires_in": 56000,
           "token_hint": "8d5403bb-742d-454f-8930-367c421c44eb",
           "permissions": {"create": true, "update": true, "destroy": true, "read": true},
           "brand_new_field": 7})
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/downloads.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "previous": null, "results": [download(ID, "")]}),
            ),
        )
        .on(
            "POST",
            "/api/downloads.json",
            MockResponse::json(201, &json!({"results": [download(ID, "")]})),
        )
        .on(
            "POST",
            &format!("/api/downloads/{ID}/upload"),
            MockResponse::json(200, &json!({"results": [download(ID, "a.txt")]})),
        )
        .on(
            "DELETE",
            &format!("/api/downloads/{ID}.json"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_download_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let downloads = kc.expiring_downloads();
    downloads.list().all().await.unwrap();
    downloads
        .list()
        .expires_in(604_800)
        .filter("content_file_name", "task-form.pdf")
        .limit(3)
        .all()
        .await
        .unwrap();
    downloads.get(ID).await.unwrap();
    downloads
        .create(FUTURE)
        .expires_in(56000)
        .content("a.txt", "hello")
        .send()
        .await
        .unwrap();
    downloads.create(FUTURE).send().await.unwrap();
    downloads
        .upload(ID, "b.pdf", vec![0u8, 159, 146, 150])
        .await
        .unwrap();
    downloads.delete(ID).await.unwrap();
    insta::assert_json_snapshot!("downloads_requests", server.requests(), {
        "[].body.value.created_at" => "[now]",
    });
}

#[tokio::test]
async fn created_at_is_the_current_utc_moment_with_its_offset() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.expiring_downloads().create(FUTURE).send().await.unwrap();
    let RecordedBody::Json(body) = &server.requests()[0].body else {
        panic!("not JSON");
    };
    let created_at = body["created_at"].as_str().unwrap();
    assert!(created_at.ends_with("+00:00"), "{created_at}");
    assert!(
        created_at.as_bytes()[10] == b'T' && created_at.len() == 32,
        "{created_at}"
    );
    assert!(created_at > "2025-01-01", "{created_at}");
    assert_eq!(body["expires_at"], FUTURE);
    assert!(
        body["expires_in"].is_null(),
        "like pykechain, an unset lifetime is null"
    );
}

#[tokio::test]
async fn content_is_read_from_a_path_and_uploaded_under_its_file_name() {
    let path = std::env::temp_dir().join(format!("kc-download-{}.txt", std::process::id()));
    std::fs::write(&path, "file content").unwrap();
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let created = kc
        .expiring_downloads()
        .create("2999-12-31T23:59:59Z")
        .expires_in(60)
        .content_path(&path)
        .send()
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(created.content_file_name.as_deref(), Some("a.txt"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let RecordedBody::Multipart(parts) = &requests[1].body else {
        panic!("not multipart: {:?}", requests[1].body);
    };
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "attachment");
    assert_eq!(
        parts[0].filename.as_deref(),
        path.file_name().and_then(|n| n.to_str())
    );
    assert_eq!(parts[0].content, "file content");
}

#[tokio::test]
async fn downloads_decode_with_unknown_fields_kept() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let d = kc.expiring_downloads().get(ID).await.unwrap();
    assert_eq!(d.expires_in, Some(56000));
    assert_eq!(d.expires_at.as_deref(), Some("2022-08-10T14:22:13.833302Z"));
    assert_eq!(d.content_file_name.as_deref(), Some(""));
    assert!(d.token_hint.is_some() && d.created_at.is_none());
    assert_eq!(d.permissions["destroy"], true);
    assert_eq!(d.extra["brand_new_field"], 7);
}

#[tokio::test]
async fn the_singular_lookup_finds_one_none_or_several() {
    let second = "783708e6-8310-47ff-adbf-04ba0382f52c";
    let server = TestServer::routes(Routes::new().on_seq(
        "GET",
        "/api/downloads.json",
        vec![
            MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
            MockResponse::json(
                200,
                &json!({"count": 2, "next": null,
                        "results": [download(ID, "a"), download(second, "b")]}),
            ),
        ],
    ))
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.expiring_downloads().get(ID).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains(ID), "{err}");
    let err = kc
        .expiring_downloads()
        .list()
        .expires_in(56000)
        .one()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 2, .. }),
        "{err:?}"
    );
    let queries: Vec<_> = server.requests().into_iter().map(|r| r.query).collect();
    assert!(
        queries
            .iter()
            .all(|q| q.contains(&("limit".into(), "2".into()))),
        "{queries:?}"
    );
}

#[tokio::test]
async fn forbidden_and_not_found_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "POST",
                "/api/downloads.json",
                MockResponse::json(
                    403,
                    &json!({"results": [{"detail": "You do not have permission to perform this action."}]}),
                ),
            )
            .on(
                "DELETE",
                &format!("/api/downloads/{ID}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .expiring_downloads()
        .create(FUTURE)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    let err = kc.expiring_downloads().delete(ID).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let downloads = kc.expiring_downloads();
    let missing = std::env::temp_dir().join("kc-no-such-dir/no-such-file.pdf");
    let errors = [
        downloads
            .create("2000-01-01T00:00:00Z")
            .send()
            .await
            .unwrap_err(),
        downloads
            .create("2022-08-10T14:22:13.833302")
            .send()
            .await
            .unwrap_err(),
        downloads.create("tomorrow").send().await.unwrap_err(),
        downloads.create("2999-02-30").send().await.unwrap_err(),
        downloads
            .create(FUTURE)
            .content_path(&missing)
            .send()
            .await
            .unwrap_err(),
        downloads
            .create(FUTURE)
            .content(" ", "x")
            .send()
            .await
            .unwrap_err(),
        downloads.get("not-a-uuid").await.unwrap_err(),
        downloads.list().id("123").all().await.unwrap_err(),
        downloads.upload("x", "a.txt", "x").await.unwrap_err(),
        downloads.upload(ID, "", "x").await.unwrap_err(),
        downloads.delete("../../users").await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    let past = downloads.create("2000-01-01").send().await.unwrap_err();
    assert!(past.to_string().contains("in the past"), "{past}");
    assert_eq!(server.request_count(), 0);
}
