//! Scopes driven through recorded KE-chain traffic.

mod common;

use kechain_client::Error;
use kechain_client::models::{ScopeCategory, ScopeStatus};

#[tokio::test]
async fn retrieve_scopes() {
    let Some((replay, kc)) = common::replay("TestScopes.test_retrieve_scopes").await else {
        return;
    };
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    assert_eq!(bike.id, "bd5dceaa-a35e-47b0-9fc5-875410f4a56f");
    assert_eq!(bike.status, Some(ScopeStatus::Active));
    let all = kc.scopes().list().all().await.unwrap();
    assert_eq!(all.len(), 27);
    assert!(all.iter().any(|s| s.name == "Bike Project"));
    assert!(all.iter().all(|s| s.category.is_some() && !matches!(s.category, Some(ScopeCategory::Unknown(_)))));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_scopes_with_extra_filters() {
    let Some((replay, kc)) = common::replay("TestScopes.test_retrieve_scope_with_kwargs").await
    else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let bikes = kc
        .scopes()
        .list()
        .filter("name__icontains", "Bike")
        .all()
        .await
        .unwrap();
    assert!(!bikes.is_empty());
    assert!(bikes.iter().all(|s| s.name.to_lowercase().contains("bike")));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_scope_by_ref_unknown_and_multiple() {
    let Some((_r, kc)) = common::replay("TestScopes.test_retrieve_scope_with_refs").await else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let by_ref = kc
        .scopes()
        .list()
        .filter("ref", "bike-project")
        .one()
        .await
        .unwrap();
    assert_eq!(by_ref.reference.as_deref(), Some("bike-project"));

    let Some((_r, kc)) = common::replay("TestScopes.test_retrieve_single_unknown").await else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let err = kc
        .scopes()
        .list()
        .name("123lladadwd")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");

    let Some((_r, kc)) = common::replay("TestScopes.test_retrieve_single_multiple").await else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let err = kc.scopes().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 27, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn create_and_delete_a_scope() {
    let Some((replay, kc)) = common::replay("TestClientLive.test_create_scope").await else {
        return;
    };
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    let team = "b91440e2-ec9d-4183-a347-76e8bf1566fb";
    let created = kc
        .scopes()
        .create("New scope (pykechain testing - remove me)")
        .description("This is a new scope for testing")
        .tags(["test_tag", "new_project_tag"])
        .start_date("2019-04-12T00:00:00+00:00")
        .due_date("2020-04-12T00:00:00+00:00")
        .team(team)
        .send()
        .await
        .unwrap();
    assert_eq!(created.name, "New scope (pykechain testing - remove me)");
    assert_eq!(created.tags, vec!["test_tag", "new_project_tag"]);
    assert_eq!(
        created.team_id_name.as_ref().map(|t| t.id.as_str()),
        Some(team)
    );
    kc.scopes().delete(&created.id, true).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
