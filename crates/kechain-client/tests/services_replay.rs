//! Services and service executions driven through recorded KE-chain traffic.

mod common;

use kechain_client::Error;
use kechain_client::KechainClient;
use kechain_client::models::{EnvironmentVersion, Service, ServiceExecutionStatus, ServiceType};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const SCRIPT: &str = "#!/usr/bin/env python\nprint('cow says moo!')\n";

/// The test suite's `setUp` service: create, then upload `test_upload_script.py`.
async fn create_test_service(kc: &KechainClient) -> Service {
    kc.services()
        .create("Test upload script to service", SCOPE)
        .description("Only used for testing - you can safely remove this")
        .environment(EnvironmentVersion::Python3_8)
        .script("test_upload_script.py", SCRIPT)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn retrieve_services() {
    let Some((replay, kc)) = common::replay("TestServices.test_retrieve_services").await else {
        return;
    };
    let all = kc.services().list().scope(SCOPE).all().await.unwrap();
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), 6);
    assert!(names.contains(&"Service Gears - Successful"), "{names:?}");
    assert!(
        all.iter()
            .all(|s| s.script_type == Some(ServiceType::PythonScript)
                && s.env_version == Some(EnvironmentVersion::Python3_8)
                && s.scope.as_deref() == Some(SCOPE))
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_one_service_by_id_and_too_many() {
    let Some((replay, kc)) = common::replay("TestServices.test_retrieve_single_service").await
    else {
        return;
    };
    let first = kc
        .services()
        .list()
        .scope(SCOPE)
        .all()
        .await
        .unwrap()
        .remove(0);
    let one = kc
        .services()
        .list()
        .id(&first.id)
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    assert_eq!(one.id, "0f5eef8d-8b81-4352-a248-c6c42dfa39ca");
    assert_eq!(one.name, "pykechain using PIM3-branch");
    assert_eq!(one.script_file_name.as_deref(), Some("pykepkg.zip"));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestServices.test_retrieve_service_but_found_multiple").await
    else {
        return;
    };
    let err = kc
        .services()
        .list()
        .scope(SCOPE)
        .script_type(ServiceType::PythonScript)
        .one()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 6, .. }),
        "{err:?}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_with_upload_then_delete() {
    let Some((replay, kc)) =
        common::replay("TestServicesWithCustomUploadedService.test_update_service_incorrect_name")
            .await
    else {
        return;
    };
    let service = create_test_service(&kc).await;
    assert_eq!(service.id, "24e9e349-74f9-4e69-be8b-d5f34b74fe44");
    assert_eq!(
        service.script_file_name.as_deref(),
        Some("test_upload_script.py")
    );
    kc.services().delete(&service.id).await.unwrap();
    assert_eq!(replay.used(), 3);
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_without_script_delete_and_lookup_fails() {
    let Some((replay, kc)) =
        common::replay("TestServicesWithCustomUploadedService.test_create_and_delete_service")
            .await
    else {
        return;
    };
    let uploaded = create_test_service(&kc).await;
    let bare = kc
        .services()
        .create("Test service creation", SCOPE)
        .environment(EnvironmentVersion::Python3_8)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.script_file_name.as_deref(), Some(""));
    assert_eq!(bare.description.as_deref(), Some(""));
    kc.services().delete(&bare.id).await.unwrap();
    let err = kc
        .services()
        .list()
        .id(&bare.id)
        .scope(SCOPE)
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    kc.services().delete(&uploaded.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn list_executions_with_a_limit() {
    let Some((replay, kc)) =
        common::replay("TestServiceExecutions.test_retrieve_service_executions_with_kwargs").await
    else {
        return;
    };
    let service = create_test_service(&kc).await;
    let runs = kc
        .service_executions()
        .list()
        .scope(SCOPE)
        .limit(15)
        .all()
        .await
        .unwrap();
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter()
            .all(|r| r.status == Some(ServiceExecutionStatus::Completed))
    );
    assert_eq!(
        runs[0].service_name.as_deref(),
        Some("Service Gears - Successful")
    );
    kc.services().delete(&service.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_execution_found_none_and_too_many() {
    let Some((replay, kc)) =
        common::replay("TestServiceExecutions.test_retrieve_single_service_execution").await
    else {
        return;
    };
    let service = create_test_service(&kc).await;
    let first = kc
        .service_executions()
        .list()
        .scope(SCOPE)
        .all()
        .await
        .unwrap()
        .remove(0);
    let one = kc
        .service_executions()
        .list()
        .id(&first.id)
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    assert_eq!(one.id, "b434dec8-2dd2-4bf5-ad2d-52770d1eca0c");
    assert_eq!(one.username.as_deref(), Some("pykechain_user"));
    kc.services().delete(&service.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay(
        "TestServiceExecutions.test_retrieve_single_service_execution_but_found_none",
    )
    .await
    else {
        return;
    };
    let err = kc
        .service_executions()
        .list()
        .scope(SCOPE)
        .filter(
            "username",
            "No service execution as this user does not exist",
        )
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay(
        "TestServiceExecutions.test_retrieve_single_service_execution_but_found_multiple",
    )
    .await
    else {
        return;
    };
    let service = create_test_service(&kc).await;
    let err = kc
        .service_executions()
        .list()
        .service(&service.id)
        .scope(SCOPE)
        .one()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 2, .. }),
        "{err:?}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
