//! Client-level members driven through recorded KE-chain traffic: versions, widget schemas,
//! scope clones.

mod common;

use kechain_client::Error;
use kechain_client::api::versions::App;
use kechain_client::models::ScopeStatus;

#[tokio::test]
async fn app_versions_are_fetched_once() {
    let Some((replay, kc)) = common::replay("TestClientAppVersions.test_retrieve_versions").await
    else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let versions = kc.app_versions().await.unwrap();
    assert_eq!(versions.len(), 26);
    let pim = versions.iter().find(|v| v.label == "pim").unwrap();
    assert_eq!(
        (pim.app.as_str(), pim.version.as_deref()),
        ("kechain2.core.pim", Some("4.1.0"))
    );
    // Cached: a second call sends nothing (the recording has a single versions request).
    assert_eq!(kc.clone().app_versions().await.unwrap().len(), 26);
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn match_app_version_like_the_reference_tests() {
    let Some((replay, kc)) = common::replay("TestClientAppVersions.test_compare_versions").await
    else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let wim = App::Label("wim");
    assert!(kc.match_app_version(wim, ">=1.0.0", None).await.unwrap());
    assert!(!kc.match_app_version(wim, "==0.0.1", None).await.unwrap());
    assert!(!kc.match_app_version(wim, "99.99.99", None).await.unwrap());
    assert!(
        kc.match_app_version(App::Name("kechain2.core.pim"), ">3.0.0", None)
            .await
            .unwrap()
    );
    for bad in ["1.0", "=1.0.0", ""] {
        assert!(
            kc.match_app_version(wim, bad, None)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad}"
        );
    }
    let log = App::Label("activitylog"); // known app, version null
    assert!(
        kc.match_app_version(log, ">=1.0.0", None)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        kc.match_app_version(log, ">=1.0.0", Some(true))
            .await
            .unwrap()
    );
    let none = App::Label("nonexistingapp");
    assert!(
        kc.match_app_version(none, ">=1.0.0", None)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        !kc.match_app_version(none, ">=1.0.0", Some(false))
            .await
            .unwrap()
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn widget_schemas_are_fetched_lazily_once() {
    let Some((replay, kc)) = common::replay("TestActivities.test_activity_associated_parts").await
    else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let schemas = kc.widget_schemas().await.unwrap();
    assert!(schemas.len() >= 24, "{}", schemas.len());
    let grid = kc.widget_schema("PROPERTYGRID").await.unwrap();
    assert!(grid.meta_schema.is_object());
    assert!(
        kc.widget_schema("NO_SUCH_WIDGET")
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn clone_a_scope_with_defaults_then_delete_it() {
    let Some((replay, kc)) = common::replay("TestClientLive.test_clone_scope").await else {
        return;
    };
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    let clone = kc
        .scopes()
        .clone_scope(&bike)
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(clone.name, "CLONE - Bike Project");
    assert_ne!(clone.id, bike.id);
    kc.scopes().delete(&clone.id, true).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn clone_a_scope_with_arguments() {
    let Some((replay, kc)) = common::replay("TestClientLive.test_clone_scope_with_arguments").await
    else {
        return;
    };
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    let clone = kc
        .scopes()
        .clone_scope(&bike)
        .name("test clone")
        .description("test description")
        .status(ScopeStatus::Closed)
        .tags(["one", "two"])
        .start_date("2022-08-10T14:21:50.473076")
        .due_date("2022-08-10T14:21:50.473076")
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (clone.name.as_str(), clone.status),
        ("test clone", Some(ScopeStatus::Closed))
    );
    kc.scopes().delete(&clone.id, true).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn clone_a_scope_asynchronously() {
    let Some((replay, kc)) = common::replay("TestCloneScopeAsync.test_clone_asynchronous").await
    else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let source = kc
        .scopes()
        .create("_Async to be cloned scope SOURCE")
        .start_date("2022-08-10T14:22:01.394681")
        .send()
        .await
        .unwrap();
    let started = kc
        .scopes()
        .clone_scope(&source)
        .name("_Async cloned scope TARGET")
        .start_date("2022-08-10T14:22:01.394681")
        .asynchronous(true)
        .send()
        .await
        .unwrap();
    assert!(started.is_none(), "an asynchronous clone returns no scope");
    let target = kc.scopes().list().name("_Async cloned scope TARGET");
    assert!(
        matches!(target.one().await, Err(Error::NotFound { .. })),
        "not there yet"
    );
    let target = target.one().await.unwrap();
    kc.scopes().delete(&source.id, true).await.unwrap();
    kc.scopes().delete(&target.id, true).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn reload_a_property_after_creating_it() {
    use kechain_client::models::{Multiplicity, PropertyType};
    let Some((replay, kc)) = common::replay("TestPropertyScopeReference.test_reload").await else {
        return;
    };
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    let product = kc
        .models()
        .list()
        .name("Product")
        .scope(&bike.id)
        .one()
        .await
        .unwrap();
    let model = kc
        .parts()
        .create_model(&product, "Test part")
        .multiplicity(Multiplicity::One)
        .send()
        .await
        .unwrap();
    let property = kc
        .properties()
        .create(&model, "scope ref")
        .property_type(PropertyType::ScopeReferences)
        .send()
        .await
        .unwrap();
    let fresh = kc.reload(&property).await.unwrap();
    assert_eq!(
        (fresh.id.as_str(), fresh.name.as_str()),
        (property.id.as_str(), "scope ref")
    );
    kc.parts().delete(&model.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn login_with_a_token_or_with_wrong_basic_credentials() {
    let Some((replay, kc)) = common::replay("TestClientLive.test_login").await else {
        return;
    };
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    let parts = kc.parts().list().scope(&bike.id).all().await.unwrap();
    assert!(!parts.is_empty());
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
    // The token was sent as `Authorization: Token …`.
    let sent = replay.server.received();
    assert!(sent.iter().all(|r| {
        r.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Token ")
    }));

    let Some((replay, kc)) = common::replay("TestClientLive.test_no_login").await else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let wrong = kechain_client::KechainClient::builder(replay.server.base_url())
        .basic("wrong", "user")
        .no_proxy()
        .build()
        .unwrap();
    let err = wrong.parts().list().all().await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { detail, .. } if detail == "Invalid username/password."),
        "KE-chain answers bad credentials with 403: {err:?}"
    );
    let last = replay.server.received().pop().unwrap();
    assert_eq!(last.headers["authorization"], "Basic d3Jvbmc6dXNlcg==");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
