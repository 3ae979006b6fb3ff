//! Bundles, desktop installers and dependency packages: exact requests (snapshots), answers
//! as a real server gives them, bad input.

mod common;

use ayon_client::AyonClient;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::{Map, json};

fn routes() -> Routes {
    let bundle = json!({"name": "b1", "createdAt": "2026-11-23T19:57:26.839119+00:00", "addons": {"core": "1.0.0"},
        "installerVersion": null, "dependencyPackages": {}, "addonDevelopment": {}, "isProduction": false,
        "isStaging": false, "isArchived": false, "isDev": false, "isProject": false, "activeUser": null});
    let installer = json!({"filename": "AYON-1.0.0-linux.sh", "platform": "linux", "size": 3, "checksum": "abc",
        "checksumAlgorithm": "md5", "sources": [{"type": "server"}], "pythonVersion": "3.11.0", "version": "1.0.0",
        "pythonModules": {}, "runtimePythonModules": {}});
    let package = json!({"filename": "dep-linux.zip", "platform": "linux", "size": 3, "checksum": "abc",
        "checksumAlgorithm": "md5", "sources": [], "installerVersion": "1.0.0", "sourceAddons": {}, "pythonModules": {}});
    Routes::new()
        .on("GET", "/api/bundles", MockResponse::json(200, &json!({"bundles": [bundle], "productionBundle": null, "stagingBundle": null, "devBundles": []})))
        .on("POST", "/api/bundles", MockResponse::status(201))
        .on("POST", "/api/bundles/check", MockResponse::json(200, &json!({"success": true, "issues": []})))
        .on("PATCH", "/api/bundles/b1", MockResponse::status(204))
        .on("DELETE", "/api/bundles/b1", MockResponse::status(204))
        .on("GET", "/api/desktop/installers", MockResponse::json(200, &json!({"installers": [installer]})))
        .on("POST", "/api/desktop/installers", MockResponse::json(201, &json!({"eventId": null})))
        .on("PATCH", "/api/desktop/installers/AYON-1.0.0-linux.sh", MockResponse::status(204))
        .on("DELETE", "/api/desktop/installers/AYON-1.0.0-linux.sh", MockResponse::status(204))
        .on("GET", "/api/desktop/dependencyPackages", MockResponse::json(200, &json!({"packages": [package]})))
        .on("POST", "/api/desktop/dependencyPackages", MockResponse::json(201, &json!({"eventId": null})))
        .on("DELETE", "/api/desktop/dependencyPackages/dep-linux.zip", MockResponse::status(204))
}

fn client(server: &TestServer) -> AyonClient {
    AyonClient::builder(server.base_url())
        .no_proxy()
        .hostname("test-host")
        .api_key("k1")
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_bundle_and_desktop_call_sends_the_documented_request() {
    let server = TestServer::routes(routes()).await;
    let ayon = client(&server);
    let bundles = ayon.bundles().list().await.unwrap();
    assert_eq!(bundles.bundles[0].addons["core"], "1.0.0");
    assert!(bundles.production_bundle.is_none());
    let addons: Map<_, _> = json!({"core": "1.0.0"}).as_object().cloned().unwrap();
    let check = ayon
        .bundles()
        .create("b1", addons.clone(), None)
        .check_compatibility()
        .await
        .unwrap();
    assert!(check.success);
    ayon.bundles()
        .create("b1", addons.clone(), Some("1.0.0"))
        .production(false)
        .staging(false)
        .dev(true)
        .dev_active_user("admin")
        .dev_addons_config(Map::new())
        .dependency_packages(Map::new())
        .send()
        .await
        .unwrap();
    ayon.bundles()
        .update("b1")
        .dev(false)
        .addons(addons)
        .installer_version("1.0.0")
        .archived(false)
        .send()
        .await
        .unwrap();
    ayon.bundles().delete("b1").await.unwrap();
    let installers = ayon
        .installers()
        .list(Some("1.0.0"), Some("linux"))
        .await
        .unwrap();
    assert_eq!(installers[0].python_version.as_deref(), Some("3.11.0"));
    ayon.installers()
        .create("AYON-1.0.0-linux.sh", "abc", "md5", 3)
        .platform("linux")
        .field("version", json!("1.0.0"))
        .field("pythonVersion", json!("3.11.0"))
        .field("pythonModules", json!({}))
        .field("runtimePythonModules", json!({}))
        .send()
        .await
        .unwrap();
    ayon.installers()
        .update_sources(
            "AYON-1.0.0-linux.sh",
            vec![json!({"type": "url", "url": "https://example.invalid/x"})],
        )
        .await
        .unwrap();
    ayon.installers()
        .delete("AYON-1.0.0-linux.sh")
        .await
        .unwrap();
    let packages = ayon.dependency_packages().list(None, None).await.unwrap();
    assert_eq!(packages[0].installer_version.as_deref(), Some("1.0.0"));
    ayon.dependency_packages()
        .create("dep-linux.zip", "abc", "md5", 3)
        .platform("linux")
        .field("installerVersion", json!("1.0.0"))
        .field("sourceAddons", json!({}))
        .field("pythonModules", json!({}))
        .send()
        .await
        .unwrap();
    ayon.dependency_packages()
        .delete("dep-linux.zip")
        .await
        .unwrap();
    insta::assert_json_snapshot!(
        "bundle_desktop_requests",
        common::snapshot(server.requests())
    );
}

#[tokio::test]
async fn bad_bundle_and_desktop_input_is_refused_before_anything_is_sent() {
    let server = TestServer::routes(Routes::new()).await;
    let ayon = client(&server);
    for bad in ["", "a/b", "..", "x\ny"] {
        assert!(
            ayon.bundles()
                .delete(bad)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad:?}"
        );
        assert!(
            ayon.bundles()
                .update(bad)
                .dev(true)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            ayon.bundles()
                .create(bad, Map::new(), None)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            ayon.installers()
                .delete(bad)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            ayon.dependency_packages()
                .update_sources(bad, vec![])
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    assert!(
        ayon.bundles()
            .update("b1")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input(),
        "an empty update"
    );
    assert!(
        ayon.installers()
            .list(None, Some("amiga"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        ayon.installers()
            .create("f", "abc", "crc32", 1)
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        ayon.installers()
            .create("f", "abc", "md5", 1)
            .platform("beos")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(server.request_count(), 0);
}
