//! Client-level members: exact requests of versions, schemas, reload, the generic list and the raw
//! escape hatch; caching; bad input.

mod common;

use kechain_client::api::versions::App;
use platform_client_core::Request;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

const ID: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";

#[tokio::test]
async fn exact_requests_of_client_members() {
    let scope = json!({"id": ID, "name": "Bike Project", "tags": ["bike"], "text": "d"});
    let server = TestServer::routes(
        Routes::new()
            .on("GET", "/api/versions.json", MockResponse::json(200, &json!({"results": [{"app": "kechain2.core.pim", "label": "pim", "version": "3.2.0"}]})))
            .on("GET", "/api/widgets/schemas", MockResponse::json(200, &json!({"results": [{"widget_type": "HTML", "schema_version": "1.0.0", "meta_schema": {}}]})))
            .on("GET", &format!("/api/v3/scopes/{ID}.json"), MockResponse::json(200, &json!({"results": [scope]})))
            .on("POST", "/api/v3/scopes/clone", MockResponse::json(201, &json!({"results": [scope]})))
            .on("GET", "/api/v3/stored_files.json", MockResponse::json(200, &json!({"count": 1, "next": null, "results": [{"id": 1}]}))),
    )
    .await;
    let kc = common::client(&server.base_url());
    assert!(
        kc.match_app_version(App::Label("pim"), ">=3.0.0", None)
            .await
            .unwrap()
    );
    kc.widget_schema("HTML").await.unwrap();
    kc.widget_schemas().await.unwrap();
    let scope: kechain_client::models::Scope = serde_json::from_value(scope).unwrap();
    let fresh = kc.reload(&scope).await.unwrap();
    assert_eq!(fresh.tags, vec!["bike"]);
    kc.scopes()
        .clone_scope(&scope)
        .team("b91440e2-ec9d-4183-a347-76e8bf1566fb")
        .send()
        .await
        .unwrap();
    let files: Vec<serde_json::Value> = kc
        .list("api/v3/stored_files.json")
        .filter("scope", ID)
        .limit(10)
        .all()
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    let raw = kc
        .send_raw(Request::get("api/versions.json"))
        .await
        .unwrap();
    assert_eq!(raw["results"][0]["label"], "pim");
    insta::assert_json_snapshot!("client_requests", server.requests());
}

#[tokio::test]
async fn versions_are_cached_also_when_the_server_has_none() {
    let server = TestServer::routes(Routes::new().on(
        "GET",
        "/api/versions.json",
        MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
    ))
    .await;
    let kc = common::client(&server.base_url());
    assert!(kc.app_versions().await.unwrap().is_empty());
    assert!(kc.app_versions().await.unwrap().is_empty());
    assert!(
        kc.match_app_version(App::Label("pim"), ">=1.0.0", Some(true))
            .await
            .unwrap()
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn old_servers_have_no_widget_schemas() {
    let server = TestServer::routes(Routes::new().on(
        "GET",
        "/api/versions.json",
        MockResponse::json(
            200,
            &json!({"results": [{"app": "kechain2.core.pim", "label": "pim", "version": "2.9.9"}]}),
        ),
    ))
    .await;
    let kc = common::client(&server.base_url());
    assert!(kc.widget_schemas().await.unwrap_err().is_not_found());
    assert_eq!(
        server.request_count(),
        1,
        "no schema request to a pim 2 server"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let scope: kechain_client::models::Scope =
        serde_json::from_value(json!({"id": "nope", "name": "x"})).unwrap();
    assert!(kc.reload(&scope).await.unwrap_err().is_invalid_input());
    assert!(
        kc.scopes()
            .clone_scope(&scope)
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    for path in ["", "../admin", "https://evil.example/x", "api/./x"] {
        let err = kc.list::<serde_json::Value>(path).all().await.unwrap_err();
        assert!(err.is_invalid_input(), "{path}: {err:?}");
    }
    assert!(kc.widget_schema(" ").await.unwrap_err().is_invalid_input());
    assert!(
        kc.match_app_version(App::Label("pim"), "~1.0.0", None)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(server.request_count(), 0);
}
