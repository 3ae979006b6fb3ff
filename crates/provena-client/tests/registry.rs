//! Registry and data store calls against the stand-in: exact requests (snapshot), answers
//! decoded, items created, fetched, listed page by page, updated, reverted, locked, versioned.

mod common;

use futures_util::TryStreamExt as _;
use provena_client::models::{
    AccessSettings, ItemSubType, ModelDomainInfo, OrganisationDomainInfo, RecordType,
};
use provena_client::testing::ProvenaMock;
use provena_client::{Error, RecordFilter, SortType};
use serde_json::json;

fn model(name: &str) -> ModelDomainInfo {
    serde_json::from_value(
        json!({"display_name": name, "name": name, "description": "Coral cover model",
        "documentation_url": "https://example.org/docs", "source_url": "https://example.org/src"}),
    )
    .unwrap()
}

#[tokio::test]
async fn every_registry_call_sends_the_documented_request() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    let registry = provena.registry();
    assert_eq!(
        registry.health_check().await.unwrap().message,
        "Health check successful."
    );
    let created = registry
        .create_item(ItemSubType::Model, &model("Reef model"))
        .await
        .unwrap();
    let id = created.created_item.unwrap().id;
    let fetched = registry
        .fetch_item(ItemSubType::Model, &id, None)
        .await
        .unwrap();
    let item = fetched.item.unwrap();
    assert_eq!(
        (item.display_name.as_str(), &item.record_type),
        ("Reef model", &RecordType::CompleteItem)
    );
    assert_eq!(
        item.domain_as::<ModelDomainInfo>().unwrap().description,
        "Coral cover model"
    );
    registry
        .update_item(
            ItemSubType::Model,
            &id,
            Some("rename"),
            &model("Reef model v1"),
        )
        .await
        .unwrap();
    let history = registry
        .fetch_item(ItemSubType::Model, &id, None)
        .await
        .unwrap()
        .item
        .unwrap()
        .history;
    assert_eq!(history.len(), 2);
    registry
        .revert_item(ItemSubType::Model, &id, 0, "undo rename")
        .await
        .unwrap();
    let reverted = registry
        .fetch_item(ItemSubType::Model, &id, None)
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(reverted.display_name, "Reef model");
    let seed = registry
        .seed_item(ItemSubType::Organisation)
        .await
        .unwrap()
        .seeded_item
        .unwrap();
    assert_eq!(seed.record_type, RecordType::SeedItem);
    let refused = registry
        .fetch_item(ItemSubType::Organisation, &seed.id, None)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::Failed { .. }),
        "a seed needs seed_allowed: {refused:?}"
    );
    assert!(
        registry
            .fetch_item(ItemSubType::Organisation, &seed.id, Some(true))
            .await
            .unwrap()
            .item_is_seed
            .unwrap()
    );
    assert!(
        registry
            .validate_item(
                ItemSubType::Organisation,
                &OrganisationDomainInfo::new("CSIRO")
            )
            .await
            .unwrap()
            .success
    );
    assert!(
        registry
            .get_schema(ItemSubType::Model)
            .await
            .unwrap()
            .json_schema
            .is_some()
    );
    assert_eq!(
        registry
            .evaluate_auth_access(ItemSubType::Model, &id)
            .await
            .unwrap()
            .len(),
        3
    );
    let mut settings = registry
        .get_auth_configuration(ItemSubType::Model, &id)
        .await
        .unwrap();
    settings
        .groups
        .insert("grp1".to_owned(), vec!["metadata-read".to_owned()]);
    registry
        .modify_auth_configuration(ItemSubType::Model, &id, &settings)
        .await
        .unwrap();
    assert_eq!(
        registry
            .get_auth_configuration(ItemSubType::Model, &id)
            .await
            .unwrap(),
        settings
    );
    assert_eq!(
        registry.get_auth_roles(ItemSubType::Model).await.unwrap()[2]
            .also_grants
            .len(),
        2
    );
    registry
        .lock_resource(ItemSubType::Model, &id, "freeze")
        .await
        .unwrap();
    assert!(
        registry
            .get_lock_status(ItemSubType::Model, &id)
            .await
            .unwrap()
    );
    assert!(
        registry
            .fetch_item(ItemSubType::Model, &id, None)
            .await
            .unwrap()
            .locked
            .unwrap()
    );
    registry
        .unlock_resource(ItemSubType::Model, &id, "thaw")
        .await
        .unwrap();
    let history = registry
        .get_lock_history(ItemSubType::Model, &id)
        .await
        .unwrap();
    assert_eq!(
        history
            .iter()
            .map(|e| e.action_type.as_str())
            .collect::<Vec<_>>(),
        ["LOCK", "UNLOCK"]
    );
    assert!(
        !registry
            .get_lock_status(ItemSubType::Model, &id)
            .await
            .unwrap()
    );
    let version = registry
        .version(ItemSubType::Model, &id, "v2")
        .await
        .unwrap();
    assert_ne!(version.new_version_id, id);
    assert!(registry.general_fetch(&id).await.unwrap().is_some());
    registry
        .delete_item(ItemSubType::Model, &version.new_version_id)
        .await
        .unwrap();
    let _ = AccessSettings::new("jdoe");
    insta::assert_json_snapshot!("registry_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn listings_stream_every_page_with_bounded_memory() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    for n in 0..45 {
        provena
            .registry()
            .create_item(
                ItemSubType::Organisation,
                &OrganisationDomainInfo::new(&format!("Org {n:02}")),
            )
            .await
            .unwrap();
    }
    provena
        .registry()
        .seed_item(ItemSubType::Organisation)
        .await
        .unwrap();
    mock.clear_requests();
    let list = provena
        .registry()
        .list_items(ItemSubType::Organisation)
        .unwrap()
        .page_size(10)
        .prefetch(1);
    let names: Vec<String> = list
        .stream()
        .map_ok(|i| i.display_name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names.len(), 45, "complete items only, every page");
    assert_eq!(names[44], "Org 44");
    assert_eq!(
        mock.calls("POST", "/registry-api/registry/agent/organisation/list"),
        5
    );
    let limited = provena
        .registry()
        .list_items(ItemSubType::Organisation)
        .unwrap()
        .page_size(10)
        .limit(12)
        .all()
        .await
        .unwrap();
    assert_eq!(limited.len(), 12);
    let all = provena
        .registry()
        .list_general()
        .record_type(RecordFilter::All)
        .sort_by(SortType::CreatedTime, true)
        .page_size(100)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 46, "the seed too");
    let page = provena
        .registry()
        .list_items(ItemSubType::Organisation)
        .unwrap()
        .page_size(20)
        .first_page()
        .await
        .unwrap();
    assert_eq!((page.items.len(), page.total_item_count), (20, Some(45)));
    let next = provena
        .registry()
        .list_items(ItemSubType::Organisation)
        .unwrap()
        .page_size(20)
        .pagination_key(page.pagination_key.unwrap())
        .first_page()
        .await
        .unwrap();
    assert_eq!(next.items[0].display_name, "Org 20");
}

#[tokio::test]
async fn datasets_are_minted_fetched_listed_and_searched() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    let metadata = common::json(
        "fixtures/requests/datastore_mint_dataset.collection_format.from_real_item.json",
    );
    let metadata: provena_client::models::CollectionFormat =
        serde_json::from_value(metadata).unwrap();
    let datastore = provena.datastore();
    assert!(
        datastore
            .validate_metadata(&metadata)
            .await
            .unwrap()
            .success
    );
    let minted = datastore.mint_dataset(&metadata).await.unwrap();
    let handle = minted.handle.unwrap();
    assert_eq!(minted.s3_location.unwrap().bucket_name, "data-store");
    let fetched = datastore
        .fetch_dataset(&handle)
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(fetched.display_name, metadata.dataset_info.name);
    let missing = datastore.fetch_dataset("10378.1/404").await.unwrap_err();
    assert!(
        matches!(&missing, Error::Failed { details } if details.contains("Could not find")),
        "{missing:?}"
    );
    datastore
        .update_metadata(&handle, "typo", &metadata)
        .await
        .unwrap();
    datastore.revert_metadata(&handle, 0, "undo").await.unwrap();
    assert!(
        !datastore
            .version_dataset(&handle, "v2")
            .await
            .unwrap()
            .version_job_session_id
            .is_empty()
    );
    assert_eq!(datastore.list_datasets().all().await.unwrap().len(), 1);
    let url = datastore
        .generate_presigned_url(&handle, "data/a.csv", Some(600))
        .await
        .unwrap();
    assert!(url.presigned_url.contains("data/a.csv"));
    let credentials = datastore
        .generate_read_access_credentials(&handle, false)
        .await
        .unwrap();
    assert_eq!(credentials.credentials.aws_access_key_id, "ASIASTANDIN");
    assert!(
        !format!("{credentials:?}").contains("stand-in-secret-key"),
        "secrets redacted"
    );
    datastore
        .generate_write_access_credentials(&handle, true)
        .await
        .unwrap();
    let review = datastore.review();
    review.add_dataset_reviewer("10378.1/999").await.unwrap();
    review.delete_dataset_reviewer("10378.1/999").await.unwrap();
    assert_eq!(
        review
            .approval_request(&handle, "10378.1/999", "please")
            .await
            .unwrap()
            .approver_id,
        "10378.1/999"
    );
    assert!(
        review
            .action_approval_request(&handle, true, "ok")
            .await
            .unwrap()
            .approved
    );
    let hits = provena
        .search()
        .search_registry(
            &metadata.dataset_info.name,
            Some(5),
            Some(ItemSubType::Dataset),
        )
        .await
        .unwrap();
    assert_eq!(hits.results.unwrap()[0].id, handle);
    insta::assert_json_snapshot!("datastore_requests", common::snapshot(mock.requests()));
}
