//! Contexts driven through recorded KE-chain traffic.

mod common;

use kechain_client::KechainClient;
use kechain_client::models::{Context, ContextGroup, ContextType};

const BIKE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const NAME: &str = "__my first context for testing";

/// The fixture every `TestContexts` case starts with (the body must equal the recorded one).
async fn create_first_context(kc: &KechainClient) -> Context {
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    let created = kc
        .contexts()
        .create(NAME, ContextType::TimePeriod, &bike.id)
        .tags(["testing"])
        .send()
        .await
        .unwrap();
    assert_eq!(created.name, NAME);
    assert_eq!(created.scope.as_deref(), Some(BIKE));
    assert_eq!(created.context_type, Some(ContextType::TimePeriod));
    assert_eq!(created.tags, ["testing"]);
    created
}

#[tokio::test]
async fn create_and_delete_a_context() {
    let Some((replay, kc)) = common::replay("TestContextCreate.test_create_context").await else {
        return;
    };
    let created = create_first_context(&kc).await;
    assert_eq!(created.id, "871eefa3-ff1d-495a-8921-aab0321d8573");
    assert_eq!(
        created.reference.as_deref(),
        Some("my-first-context-for-testing")
    );
    assert!(created.context_group.is_none() && created.feature_collection.is_none());
    kc.contexts().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_contexts_of_a_scope() {
    let Some((replay, kc)) =
        common::replay("TestContexts.test_retrieve_contexts_via_client_using_scope_filter").await
    else {
        return;
    };
    let created = create_first_context(&kc).await;
    for _ in 0..3 {
        let all = kc.contexts().list().scope(BIKE).all().await.unwrap();
        assert_eq!(all.len(), 10);
        assert!(all.iter().any(|c| c.id == created.id));
        assert!(all.iter().all(|c| c.scope.as_deref() == Some(BIKE)));
        assert_eq!(
            all.iter()
                .filter(|c| c.context_type == Some(ContextType::StaticLocation))
                .count(),
            2
        );
        let location = all.iter().find(|c| c.name == "Location 2").unwrap();
        assert!(location.feature_collection.is_some());
    }
    kc.contexts().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_contexts_with_several_filters() {
    let Some((replay, kc)) =
        common::replay("TestContexts.test_retrieve_multiple_context_via_client_using_filters")
            .await
    else {
        return;
    };
    let created = create_first_context(&kc).await;
    let found = kc
        .contexts()
        .list()
        .context_type(ContextType::TimePeriod)
        .scope(BIKE)
        .filter("name__contains", NAME)
        .all()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, created.id);
    kc.contexts().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_one_context_by_id() {
    let Some((replay, kc)) =
        common::replay("TestContexts.test_retrieve_single_context_via_client_with_pk_filter").await
    else {
        return;
    };
    let created = create_first_context(&kc).await;
    for _ in 0..2 {
        let fetched = kc.contexts().get(&created.id).await.unwrap();
        assert_eq!(fetched.id, created.id);
        assert_eq!(fetched.name, NAME);
        assert!(fetched.extra.contains_key("permissions"));
    }
    kc.contexts().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_context_by_name_in_a_scope() {
    let Some((replay, kc)) = common::replay("TestForms.test_create").await else {
        return;
    };
    let discipline = kc
        .contexts()
        .list()
        .scope(BIKE)
        .name("Discipline 1")
        .one()
        .await
        .unwrap();
    assert_eq!(discipline.id, "41590471-6f57-47ff-b1ea-a3f72be89f23");
    assert_eq!(discipline.context_type, Some(ContextType::TextLabel));
    let object = kc
        .contexts()
        .list()
        .scope(BIKE)
        .name("Object 1")
        .one()
        .await
        .unwrap();
    assert_eq!(object.id, "a7072ec7-7612-43b8-85af-e399813ac839");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn contexts_of_a_group() {
    let Some((replay, kc)) =
        common::replay("TestPropertyCreation.test_creation_of_all_property_model_types").await
    else {
        return;
    };
    let assets = kc
        .contexts()
        .list()
        .scope(BIKE)
        .context_group(ContextGroup::Asset)
        .all()
        .await
        .unwrap();
    let mut names: Vec<_> = assets.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Object 1", "Object 2", "Object 3"]);
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
