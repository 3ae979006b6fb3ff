//! Services and executions: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::models::{
    EnvironmentVersion, ServiceExecutionStatus, ServiceScriptUser, ServiceType,
};
use platform_client_core::testing::{MockResponse, RecordedBody, Routes, TestServer};
use serde_json::json;

const ID: &str = "0f5eef8d-8b81-4352-a248-c6c42dfa39ca";
const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const EXEC: &str = "b434dec8-2dd2-4bf5-ad2d-52770d1eca0c";

fn service(id: &str, name: &str, file: &str) -> serde_json::Value {
    json!({"id": id, "url": format!("https://pim3-test.ke-chain.com/api/v3/services/{id}.json"),
           "name": name, "ref": "pyekchain-debugging", "description": "", "scope": SCOPE,
           "script_file_name": file, "script_type": "PYTHON SCRIPT", "script_version": "1.0",
           "env_version": "3.8", "permissions": {"create": true, "retrieve_execute": true},
           "updated_at": "2020-12-03T21:25:37.783461Z", "trusted": false,
           "install_requirements": true, "run_as": "kenode", "verified_on": null,
           "verification_results": {}, "brand_new_field": 7})
}

fn execution() -> serde_json::Value {
    json!({"id": EXEC, "url": "https://pim3-test.ke-chain.com/api/v3/service_executions/x.json",
           "service": ID, "service_name": "Service Gears - Successful",
           "started_at": "2022-07-28T08:31:23.360981Z", "finished_at": null, "status": "RUNNING",
           "permissions": {"retrieve_log": true}, "username": "pykechain_user",
           "activity": {"id": "dfe4fc50-4962-4f9a-9481-7eb2da81742a", "name": "Task"}})
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/services.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [service(ID, "S", "pykepkg.zip")]}),
            ),
        )
        .on(
            "POST",
            "/api/services.json",
            MockResponse::json(201, &json!({"results": [service(ID, "New", "")]})),
        )
        .on(
            "POST",
            &format!("/api/services/{ID}/upload"),
            MockResponse::json(202, &json!({"results": [service(ID, "New", "run.py")]})),
        )
        .on(
            "DELETE",
            &format!("/api/services/{ID}.json"),
            MockResponse::status(204),
        )
        .on(
            "GET",
            "/api/service_executions.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [execution()]}),
            ),
        )
}

#[tokio::test]
async fn every_service_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.services()
        .list()
        .name("S")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    kc.services()
        .list()
        .scope(SCOPE)
        .script_type(ServiceType::PythonScript)
        .filter("ref", "service-gears")
        .limit(5)
        .all()
        .await
        .unwrap();
    kc.services().get(ID).await.unwrap();
    let created = kc
        .services()
        .create("New", SCOPE)
        .description("d")
        .version("2.0")
        .environment(EnvironmentVersion::Python3_8)
        .run_as(ServiceScriptUser::KenodeConfigurator)
        .script("run.py", b"print('hi')\n".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(created.script_file_name.as_deref(), Some("run.py"));
    kc.services().create("Bare", SCOPE).send().await.unwrap();
    kc.services()
        .upload(ID, "pkg.kecpkg", b"PK\x03\x04".to_vec())
        .await
        .unwrap();
    kc.services().delete(ID).await.unwrap();
    kc.service_executions()
        .list()
        .service(ID)
        .scope(SCOPE)
        .filter("username", "ann")
        .one()
        .await
        .unwrap();
    kc.service_executions()
        .list()
        .scope(SCOPE)
        .limit(15)
        .all()
        .await
        .unwrap();
    kc.service_executions().get(EXEC).await.unwrap();
    insta::assert_json_snapshot!("services_requests", server.requests());
}

#[tokio::test]
async fn a_script_path_is_read_before_anything_is_sent() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let dir = std::env::temp_dir().join(format!("kc-services-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("test_upload_script.py");
    std::fs::write(&path, "print('moo')\n").unwrap();
    kc.services()
        .create("New", SCOPE)
        .script_path(&path)
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let RecordedBody::Multipart(parts) = &requests[1].body else {
        panic!("{:?}", requests[1].body)
    };
    assert_eq!(parts[0].name, "attachment");
    assert_eq!(parts[0].filename.as_deref(), Some("test_upload_script.py"));
    assert_eq!(parts[0].content, "print('moo')\n");
    server.clear();
    kc.services().upload_path(ID, &path).await.unwrap();
    assert_eq!(server.request_count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();

    server.clear();
    let err = kc
        .services()
        .create("New", SCOPE)
        .script_path(dir.join("missing.py"))
        .send()
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("missing.py"),
        "{err}"
    );
    assert_eq!(
        server.request_count(),
        0,
        "pykechain creates the service first"
    );
}

#[tokio::test]
async fn services_and_executions_decode() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let s = kc.services().get(ID).await.unwrap();
    assert_eq!(s.script_type, Some(ServiceType::PythonScript));
    assert_eq!(s.env_version, Some(EnvironmentVersion::Python3_8));
    assert_eq!(s.run_as, Some(ServiceScriptUser::Kenode));
    assert_eq!(s.reference.as_deref(), Some("pyekchain-debugging"));
    assert_eq!(s.permissions["retrieve_execute"], true);
    assert_eq!(s.extra["brand_new_field"], 7);
    assert!(s.verified_on.is_none() && s.verification_results.is_empty());
    let e = kc.service_executions().get(EXEC).await.unwrap();
    assert_eq!(e.status, Some(ServiceExecutionStatus::Running));
    assert_eq!(e.activity.unwrap().name.as_deref(), Some("Task"));
    assert!(e.finished_at.is_none());
    let odd: kechain_client::models::Service =
        serde_json::from_value(json!({"id": ID, "name": "n", "env_version": "3.14",
                                      "script_type": "WASM", "permissions": null}))
        .unwrap();
    assert_eq!(
        odd.env_version,
        Some(EnvironmentVersion::Unknown("3.14".into()))
    );
    assert_eq!(odd.script_type, Some(ServiceType::Unknown("WASM".into())));
}

#[tokio::test]
async fn errors_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/services.json",
                MockResponse::json(200, &json!({"count": 6, "next": "x", "results": [
                    service(ID, "a", ""), service(ID, "b", "")]})),
            )
            .on(
                "GET",
                "/api/service_executions.json",
                MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
            )
            .on(
                "POST",
                "/api/services.json",
                MockResponse::json(403, &json!({"results": [{"detail": "You do not have permission to perform this action."}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.services().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 6, .. }),
        "{err:?}"
    );
    let err = kc.service_executions().get(EXEC).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = kc
        .services()
        .create("x", SCOPE)
        .script("a.py", "x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    assert_eq!(
        server.request_count(),
        3,
        "no upload after a failed creation"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let errors = [
        kc.services().get("not-a-uuid").await.unwrap_err(),
        kc.services().list().name(" ").all().await.unwrap_err(),
        kc.services()
            .list()
            .scope("Bike Project")
            .one()
            .await
            .unwrap_err(),
        kc.services().create("", SCOPE).send().await.unwrap_err(),
        kc.services()
            .create("x", "Bike Project")
            .send()
            .await
            .unwrap_err(),
        kc.services()
            .create("x", SCOPE)
            .version("")
            .send()
            .await
            .unwrap_err(),
        kc.services()
            .create("x", SCOPE)
            .script("", "x")
            .send()
            .await
            .unwrap_err(),
        kc.services()
            .create("x", SCOPE)
            .script("../a.py", "x")
            .send()
            .await
            .unwrap_err(),
        kc.services().upload("123", "a.py", "x").await.unwrap_err(),
        kc.services().upload_path(ID, "/").await.unwrap_err(),
        kc.services().delete("../users").await.unwrap_err(),
        kc.service_executions().get("x").await.unwrap_err(),
        kc.service_executions()
            .list()
            .service("svc")
            .all()
            .await
            .unwrap_err(),
        kc.service_executions()
            .list()
            .name("")
            .one()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
