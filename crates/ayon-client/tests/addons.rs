//! Addons: the installed ones, endpoints and URLs, deleting, the server restart.

mod common;

use ayon_client::AyonClient;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

#[tokio::test]
async fn every_addon_call_sends_the_documented_request() {
    let addon = json!({"name": "core", "title": "Core", "versions": {"1.0.0": {"hasSettings": true}},
                       "productionVersion": "1.0.0", "stagingVersion": null});
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/addons",
                MockResponse::json(200, &json!({"addons": [addon]})),
            )
            .on("DELETE", "/api/addons/core", MockResponse::status(204))
            .on(
                "DELETE",
                "/api/addons/core/1.0.0",
                MockResponse::status(204),
            )
            .on("POST", "/api/system/restart", MockResponse::status(204)),
    )
    .await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .hostname("test-host")
        .api_key("k1")
        .build()
        .unwrap();
    let addons = ayon.addons().info(true).await.unwrap();
    assert_eq!(addons[0].production_version.as_deref(), Some("1.0.0"));
    assert!(addons[0].versions.contains_key("1.0.0"));
    ayon.addons().info(false).await.unwrap();
    ayon.addons().delete("core", Some(true)).await.unwrap();
    ayon.addons()
        .delete_version("core", "1.0.0", None)
        .await
        .unwrap();
    ayon.trigger_server_restart().await.unwrap();
    assert_eq!(
        ayon.addons()
            .endpoint("core", "1.0.0", &["settings", "schema"])
            .unwrap(),
        "addons/core/1.0.0/settings/schema"
    );
    let base = server.base_url();
    assert_eq!(
        ayon.addons().url("core", "1.0.0", &["x"], true).unwrap(),
        format!("{base}/api/addons/core/1.0.0/x"),
        "REST routes under /api"
    );
    assert_eq!(
        ayon.addons()
            .url("core", "1.0.0", &["private", "f.zip"], false)
            .unwrap(),
        format!("{base}/addons/core/1.0.0/private/f.zip")
    );
    insta::assert_json_snapshot!("addon_requests", common::snapshot(server.requests()));
}

#[tokio::test]
async fn bad_addon_input_is_refused_before_anything_is_sent() {
    let server = TestServer::routes(Routes::new()).await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    for bad in ["", "a/b", "..", "x\ny", "%2e%2e"] {
        assert!(
            ayon.addons()
                .delete(bad, None)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad:?}"
        );
        assert!(
            ayon.addons()
                .delete_version("core", bad, None)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            ayon.addons()
                .endpoint("core", "1.0.0", &[bad])
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            ayon.addons()
                .url(bad, "1.0.0", &[], true)
                .unwrap_err()
                .is_invalid_input()
        );
    }
    assert_eq!(server.request_count(), 0);
}
