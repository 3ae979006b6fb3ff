//! Addon settings: schemas, studio/project/site settings, bundle settings (the missing
//! production bundle typed).

mod common;

use ayon_client::AyonClient;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

#[tokio::test]
async fn every_settings_call_sends_the_documented_request() {
    let bundle = json!({"bundleName": "prod", "addons": [{"name": "core", "version": "1.0.0", "settings": {"a": 1}},
                                                        {"name": "maya", "version": "0.1.0", "settings": {"b": 2}}]});
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/addons/core/1.0.0/schema",
                MockResponse::json(200, &json!({"title": "Core"})),
            )
            .on(
                "GET",
                "/api/addons/core/1.0.0/schema/demo",
                MockResponse::json(200, &json!({"title": "Core (demo)"})),
            )
            .on(
                "GET",
                "/api/addons/core/1.0.0/siteSettings/schema",
                MockResponse::json(200, &json!({"title": "Site"})),
            )
            .on(
                "GET",
                "/api/addons/core/1.0.0/settings",
                MockResponse::json(200, &json!({"a": 1})),
            )
            .on(
                "GET",
                "/api/addons/core/1.0.0/settings/demo",
                MockResponse::json(200, &json!({"a": 2})),
            )
            .on(
                "GET",
                "/api/addons/core/1.0.0/siteSettings",
                MockResponse::json(200, &json!({"root": "/mnt"})),
            )
            .on("GET", "/api/settings", MockResponse::json(200, &bundle)),
    )
    .await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .hostname("test-host")
        .api_key("k1")
        .site_id("site-a")
        .build()
        .unwrap();
    let settings = ayon.settings();
    assert_eq!(
        settings.addon_schema("core", "1.0.0", None).await.unwrap()["title"],
        "Core"
    );
    settings
        .addon_schema("core", "1.0.0", Some(common::PROJECT))
        .await
        .unwrap();
    settings.addon_site_schema("core", "1.0.0").await.unwrap();
    assert_eq!(
        settings
            .addon_studio("core", "1.0.0")
            .variant("staging")
            .send()
            .await
            .unwrap()["a"],
        1
    );
    assert_eq!(
        settings
            .addon_project("core", "1.0.0", common::PROJECT)
            .send()
            .await
            .unwrap()["a"],
        2
    );
    settings
        .addon("core", "1.0.0", Some(common::PROJECT))
        .without_site()
        .send()
        .await
        .unwrap();
    settings.addon("core", "1.0.0", None).send().await.unwrap();
    assert_eq!(
        settings.addon_site("core", "1.0.0", None).await.unwrap()["root"],
        "/mnt"
    );
    let per_addon = settings.bundle(None).send().await.unwrap();
    assert_eq!(per_addon["maya"]["b"], 2, "addon name → its settings");
    let whole = settings
        .bundle(Some(common::PROJECT))
        .bundle("prod")
        .variant("production")
        .site_id("site-b")
        .with_details()
        .send()
        .await
        .unwrap();
    assert_eq!(whole["bundleName"], "prod");
    insta::assert_json_snapshot!("settings_requests", common::snapshot(server.requests()));
}

#[tokio::test]
async fn a_server_without_a_production_bundle_is_not_found() {
    let server = TestServer::routes(Routes::new().on(
        "GET",
        "/api/settings",
        MockResponse::json(404, &json!({"code": 404, "detail": "Bundle not found"})),
    ))
    .await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let missing = ayon.settings().bundle(None).send().await.unwrap_err();
    assert!(
        missing.is_not_found() && missing.message() == Some("Bundle not found"),
        "{missing}"
    );
    assert!(
        ayon.settings()
            .addon_site("core", "1.0.0", None)
            .await
            .unwrap()
            .is_empty(),
        "no site: nothing asked"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn bad_settings_input_is_refused_before_anything_is_sent() {
    let server = TestServer::routes(Routes::new()).await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let settings = ayon.settings();
    for bad in ["", "a/b", "..", "x\ny"] {
        assert!(
            settings
                .addon_schema(bad, "1.0.0", None)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad:?}"
        );
        assert!(
            settings
                .addon_studio("core", bad)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            settings
                .addon_project("core", "1.0.0", bad)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            settings
                .bundle(Some(bad))
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    assert!(
        settings
            .bundle(None)
            .variant(" ")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(server.request_count(), 0);
}
