//! Banners: exact requests (snapshots), `active` (not in the recorded subset, so tested here),
//! decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use platform_client_core::testing::{MockResponse, RecordedBody, Routes, TestServer};
use serde_json::{Value, json};

const ID: &str = "c9d728d8-f82c-495e-bf4f-ab47da0029b5";

fn banner(id: &str, active: bool) -> Value {
    json!({"id": id, "text": "__This is a test banner__", "icon": "poo-storm",
           "is_active": active, "active_from": "2020-01-01T00:01:00Z", "active_until": null,
           "url": "https://www.ke-chain.nl/", "created_at": "2022-08-10T12:21:47.466642Z",
           "updated_at": "2022-08-10T12:21:47.466668Z",
           "permissions": {"create": true, "update": true, "destroy": true, "read": true}})
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/v3/banners.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [banner(ID, true)]}),
            ),
        )
        .on(
            "POST",
            "/api/v3/banners.json",
            MockResponse::json(201, &json!({"results": [banner(ID, true)]})),
        )
        .on(
            "GET",
            "/api/v3/banners/active.json",
            MockResponse::json(200, &json!({"results": [banner(ID, true)]})),
        )
        .on(
            "DELETE",
            &format!("/api/v3/banners/{ID}.json"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_banner_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.banners().list().all().await.unwrap();
    kc.banners()
        .list()
        .text("__This is a test banner__")
        .active(true)
        .limit(3)
        .all()
        .await
        .unwrap();
    kc.banners().get(ID).await.unwrap();
    kc.banners().active().await.unwrap();
    kc.banners()
        .create(
            "__This is a test banner__",
            "poo-storm",
            "2020-01-01T00:01:00+00:00",
        )
        .active(true)
        .url("https://www.ke-chain.nl/")
        .send()
        .await
        .unwrap();
    kc.banners()
        .create("Maintenance", "site-map", "2024-05-01T08:00:00+02:00")
        .active_until("2024-05-02T08:00:00+02:00")
        .send()
        .await
        .unwrap();
    kc.banners().delete(ID).await.unwrap();
    insta::assert_json_snapshot!("banners_requests", server.requests());
}

#[tokio::test]
async fn unset_optional_values_are_sent_as_null_like_pykechain() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.banners()
        .create("t", "gifts", "2020-01-01")
        .send()
        .await
        .unwrap();
    let body = &server.requests()[0].body;
    assert_eq!(
        *body,
        RecordedBody::Json(
            json!({"text": "t", "icon": "gifts", "active_from": "2020-01-01",
            "active_until": null, "is_active": false, "url": null})
        )
    );
}

/// `active_banner` has no cassette in the recorded subset.
#[tokio::test]
async fn the_active_banner_is_exactly_one() {
    let server = TestServer::routes(Routes::new().on_seq(
        "GET",
        "/api/v3/banners/active.json",
        vec![
            MockResponse::json(200, &json!({"results": [banner(ID, true)]})),
            MockResponse::json(200, &json!({"results": []})),
            MockResponse::json(
                200,
                &json!({"results": [banner(ID, true), banner(ID, true)]}),
            ),
        ],
    ))
    .await;
    let kc = common::client(&server.base_url());
    let active = kc.banners().active().await.unwrap();
    assert_eq!((active.id.as_str(), active.is_active), (ID, Some(true)));
    let err = kc.banners().active().await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = kc.banners().active().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 2, .. }),
        "{err:?}"
    );
    let requests = server.requests();
    assert!(
        requests.iter().all(|r| r.query.is_empty()),
        "no limit, no fields"
    );
}

#[tokio::test]
async fn banners_decode() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let b = kc.banners().get(ID).await.unwrap();
    assert_eq!(b.icon.as_deref(), Some("poo-storm"));
    assert_eq!(b.active_from.as_deref(), Some("2020-01-01T00:01:00Z"));
    assert!(b.active_until.is_none());
    assert_eq!(b.permissions["destroy"], true);
    let empty: kechain_client::models::Banner =
        serde_json::from_value(json!({"id": ID, "text": "x", "icon": "", "url": null})).unwrap();
    assert_eq!(empty.icon.as_deref(), Some(""));
    assert!(empty.url.is_none() && empty.is_active.is_none());
}

#[tokio::test]
async fn errors_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "DELETE",
                &format!("/api/v3/banners/{ID}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            )
            .on(
                "POST",
                "/api/v3/banners.json",
                MockResponse::json(
                    400,
                    &json!({"results": [{"icon": ["\"nope\" is not a valid choice."]}]}),
                ),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    assert!(kc.banners().delete(ID).await.unwrap_err().is_not_found());
    let err = kc
        .banners()
        .create("t", "nope", "2020-01-01")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail.contains("icon:")),
        "{err:?}"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let from = "2020-01-01T00:01:00+00:00";
    let errors = [
        kc.banners().get("x").await.unwrap_err(),
        kc.banners().list().text("").all().await.unwrap_err(),
        kc.banners()
            .create("", "gifts", from)
            .send()
            .await
            .unwrap_err(),
        kc.banners()
            .create("t", " ", from)
            .send()
            .await
            .unwrap_err(),
        kc.banners()
            .create("t", "gifts", "tomorrow")
            .send()
            .await
            .unwrap_err(),
        kc.banners()
            .create("t", "gifts", from)
            .active_until("2020-13")
            .send()
            .await
            .unwrap_err(),
        kc.banners()
            .create("t", "gifts", from)
            .url("www.ke-chain.nl")
            .send()
            .await
            .unwrap_err(),
        kc.banners()
            .create("t", "gifts", from)
            .url("https://")
            .send()
            .await
            .unwrap_err(),
        kc.banners().delete("../users").await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
