//! Every call of the golden requests, by their name in `fixtures/golden/requests.json`, made
//! with this crate (the golden test compares the requests, the schema test validates their
//! bodies).

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use provena_client::models::{
    AccessReport, AccessSettings, CollectionFormat, ItemSubType, ModelRunRecord,
    OrganisationDomainInfo, ValueType,
};
use provena_client::{ProvenaClient, SortType};
use serde_json::Value;

pub(crate) type Call = Box<dyn FnOnce(ProvenaClient, Value) -> Pin<Box<dyn Future<Output = ()>>>>;

/// Makes a call and ignores its outcome (the recording server answers one generic body).
macro_rules! call {
    (|$p:ident, $body:ident| $e:expr) => {
        Box::new(|$p: ProvenaClient, $body: Value| {
            Box::pin(async move {
                let _ = $e;
            }) as Pin<Box<dyn Future<Output = ()>>>
        }) as Call
    };
}

pub(crate) const ID: &str = "10378.1/1234567";

fn metadata(body: &Value) -> CollectionFormat {
    serde_json::from_value(body.clone()).unwrap()
}

fn org() -> OrganisationDomainInfo {
    let mut o = OrganisationDomainInfo::new("Org");
    o.ror = Some("https://ror.org/03qn8fb07".to_owned());
    o
}

pub(crate) fn calls() -> BTreeMap<&'static str, Call> {
    let mut c: BTreeMap<&'static str, Call> = BTreeMap::new();
    c.insert(
        "DatastoreClient.get_health_check",
        call!(|p, _b| p.datastore().health_check().await),
    );
    c.insert(
        "DatastoreClient.validate_metadata",
        call!(|p, b| p.datastore().validate_metadata(&metadata(&b)).await),
    );
    c.insert(
        "DatastoreClient.update_metadata",
        call!(|p, b| p
            .datastore()
            .update_metadata(ID, "fix typo", &metadata(&b))
            .await),
    );
    c.insert(
        "DatastoreClient.revert_metadata",
        call!(|p, _b| p.datastore().revert_metadata(ID, 1, "undo").await),
    );
    c.insert(
        "DatastoreClient.version_dataset",
        call!(|p, _b| p.datastore().version_dataset(ID, "v2").await),
    );
    c.insert(
        "DatastoreClient.list_datasets",
        call!(|p, b| p
            .datastore()
            .list_datasets()
            .sort_by(SortType::DisplayName, false)
            .page_size(10)
            .pagination_key(b["pagination_key"].as_object().cloned().unwrap())
            .first_page()
            .await),
    );
    c.insert(
        "DatastoreClient.generate_presigned_url",
        call!(|p, _b| p
            .datastore()
            .generate_presigned_url(ID, "data/a.csv", None)
            .await),
    );
    c.insert(
        "DatastoreClient.generate_read_access_credentials",
        call!(|p, _b| p
            .datastore()
            .generate_read_access_credentials(ID, false)
            .await),
    );
    c.insert(
        "DatastoreClient.generate_write_access_credentials",
        call!(|p, _b| p
            .datastore()
            .generate_write_access_credentials(ID, true)
            .await),
    );
    c.insert(
        "DatastoreClient.fetch_dataset",
        call!(|p, _b| p.datastore().fetch_dataset(ID).await),
    );
    c.insert(
        "DatastoreClient.mint_dataset",
        call!(|p, b| p.datastore().mint_dataset(&metadata(&b)).await),
    );
    c.insert(
        "DatastoreClient.review.delete_dataset_reviewer",
        call!(|p, _b| p
            .datastore()
            .review()
            .delete_dataset_reviewer("10378.1/999")
            .await),
    );
    c.insert(
        "DatastoreClient.review.approval_request",
        call!(|p, _b| p
            .datastore()
            .review()
            .approval_request(ID, "10378.1/999", "pls")
            .await),
    );
    c.insert(
        "DatastoreClient.review.action_approval_request",
        call!(|p, _b| p
            .datastore()
            .review()
            .action_approval_request(ID, true, "ok")
            .await),
    );
    c.insert(
        "SearchClient.search_registry(all)",
        call!(|p, _b| p.search().search_registry("coral reef", None, None).await),
    );
    c.insert(
        "SearchClient.search_registry(filtered)",
        call!(|p, _b| p
            .search()
            .search_registry("coral", Some(5), Some(ItemSubType::Dataset))
            .await),
    );
    c.insert(
        "AuthClient.get_user_request_history",
        call!(|p, _b| p.auth_api().user_request_history().await),
    );
    c.insert(
        "AuthClient.post_user_request_change",
        call!(|p, _b| p
            .auth_api()
            .post_user_request_change(&AccessReport::default(), true)
            .await),
    );
    c.insert(
        "AuthClient.get_user_pending_request_history",
        call!(|p, _b| p.auth_api().user_pending_request_history().await),
    );
    c.insert(
        "AuthClient.get_user_generate_access_report",
        call!(|p, _b| p.auth_api().user_access_report().await),
    );
    c.insert(
        "AuthClient.get_describe_group",
        call!(|p, _b| p.auth_api().describe_group("grp1").await),
    );
    c.insert(
        "AuthClient.get_list_membership",
        call!(|p, _b| p.auth_api().list_membership().await),
    );
    c.insert(
        "AuthClient.get_check_membership",
        call!(|p, _b| p.auth_api().check_membership("grp1").await),
    );
    c.insert(
        "AuthClient.get_link_lookup_username(None)",
        call!(|p, _b| p.auth_api().link_lookup(None).await),
    );
    c.insert(
        "AuthClient.get_link_lookup_username(user)",
        call!(|p, _b| p.auth_api().link_lookup(Some("jdoe")).await),
    );
    c.insert(
        "AuthClient.post_link_validate",
        call!(|p, _b| p.auth_api().link_validate("10378.1/777").await),
    );
    c.insert(
        "ProvClient.explore_upstream",
        call!(|p, _b| p.prov().explore_upstream(ID, 3).await),
    );
    c.insert(
        "ProvClient.explore_downstream",
        call!(|p, _b| p.prov().explore_downstream(ID, 3).await),
    );
    c.insert(
        "ProvClient.get_contributing_datasets",
        call!(|p, _b| p.prov().contributing_datasets(ID, 3).await),
    );
    c.insert(
        "ProvClient.get_effected_datasets",
        call!(|p, _b| p.prov().effected_datasets(ID, 3).await),
    );
    c.insert(
        "ProvClient.get_contributing_agents",
        call!(|p, _b| p.prov().contributing_agents(ID, 3).await),
    );
    c.insert(
        "ProvClient.get_effected_agents",
        call!(|p, _b| p.prov().effected_agents(ID, 3).await),
    );
    c.insert(
        "ProvClient.register_batch_model_runs",
        call!(|p, b| {
            let records: Vec<ModelRunRecord> =
                serde_json::from_value(b["records"].clone()).unwrap();
            p.prov().register_batch_model_runs(&records).await
        }),
    );
    c.insert(
        "ProvClient.register_model_run",
        call!(|p, b| p
            .prov()
            .register_model_run(&serde_json::from_value(b).unwrap())
            .await),
    );
    c.insert(
        "ProvClient.generate_csv_template",
        call!(|p, _b| p.prov().generate_csv_template("10378.1/1905251").await),
    );
    c.insert(
        "ProvClient.convert_model_runs_to_csv",
        call!(|p, _b| p.prov().convert_model_runs_csv("a,b\n1,2\n").await),
    );
    c.insert(
        "ProvClient.regenerate_csv_from_model_run_batch",
        call!(|p, _b| p.prov().regenerate_csv_from_batch("batch-uuid").await),
    );
    c.insert(
        "ProvClient.generate_report",
        call!(|p, _b| p.prov().generate_report(ID, ItemSubType::Study, 1).await),
    );
    c.insert(
        "RegistryClient.get_health_check",
        call!(|p, _b| p.registry().health_check().await),
    );
    c.insert(
        "RegistryClient.fetch_item(ORGANISATION)",
        call!(|p, _b| p
            .registry()
            .fetch_item(ItemSubType::Organisation, ID, None)
            .await),
    );
    c.insert(
        "RegistryClient.fetch_item(MODEL_RUN,seed_allowed)",
        call!(|p, _b| p
            .registry()
            .fetch_item(ItemSubType::ModelRun, ID, Some(true))
            .await),
    );
    c.insert(
        "RegistryClient.seed_item",
        call!(|p, _b| p
            .registry()
            .seed_item(ItemSubType::ModelRunWorkflowTemplate)
            .await),
    );
    c.insert(
        "RegistryClient.create_item",
        call!(|p, _b| p
            .registry()
            .create_item(ItemSubType::Organisation, &org())
            .await),
    );
    c.insert(
        "RegistryClient.get_schema",
        call!(|p, _b| p.registry().get_schema(ItemSubType::DatasetTemplate).await),
    );
    c.insert(
        "RegistryClient.validate_item",
        call!(|p, _b| p
            .registry()
            .validate_item(ItemSubType::Organisation, &org())
            .await),
    );
    c.insert(
        "RegistryClient.evaluate_auth_access",
        call!(|p, _b| p
            .registry()
            .evaluate_auth_access(ItemSubType::Model, ID)
            .await),
    );
    c.insert(
        "RegistryClient.get_auth_configuration",
        call!(|p, _b| p
            .registry()
            .get_auth_configuration(ItemSubType::Model, ID)
            .await),
    );
    c.insert(
        "RegistryClient.modify_auth_configuration",
        call!(|p, b| {
            let settings: AccessSettings = serde_json::from_value(b).unwrap();
            p.registry()
                .modify_auth_configuration(ItemSubType::Model, ID, &settings)
                .await
        }),
    );
    c.insert(
        "RegistryClient.get_auth_roles",
        call!(|p, _b| p.registry().get_auth_roles(ItemSubType::Dataset).await),
    );
    c.insert(
        "RegistryClient.lock_resource",
        call!(|p, _b| p
            .registry()
            .lock_resource(ItemSubType::Dataset, ID, "freeze")
            .await),
    );
    c.insert(
        "RegistryClient.unlock_resource",
        call!(|p, _b| p
            .registry()
            .unlock_resource(ItemSubType::Dataset, ID, "thaw")
            .await),
    );
    c.insert(
        "RegistryClient.get_lock_history",
        call!(|p, _b| p
            .registry()
            .get_lock_history(ItemSubType::Dataset, ID)
            .await),
    );
    c.insert(
        "RegistryClient.version",
        call!(|p, _b| p.registry().version(ItemSubType::Model, ID, "v2").await),
    );
    c.insert(
        "RegistryClient.admin.delete_item",
        call!(|p, _b| p.registry().delete_item(ItemSubType::Create, ID).await),
    );
    c.insert(
        "RegistryClient.general.list_general_registry_items",
        call!(|p, _b| p.registry().list_general().first_page().await),
    );
    c.insert(
        "RegistryClient.general.general_fetch_item",
        call!(|p, _b| p.registry().general_fetch(ID).await),
    );
    c.insert(
        "JobAPIClient.get_health_check",
        call!(|p, _b| p.jobs().health_check().await),
    );
    c.insert(
        "JobAPIClient.fetch_job",
        call!(|p, _b| p
            .jobs()
            .fetch_job("b389dfbe-a2b8-40aa-ab3c-e490fb4d5580")
            .await),
    );
    c.insert(
        "JobAPIClient.list_jobs_in_batch",
        call!(|p, _b| {
            use futures_util::StreamExt as _;
            let list = p.jobs().list_jobs_in_batch("batch-uuid").unwrap();
            let mut stream = list.stream();
            stream.next().await
        }),
    );
    c.insert(
        "IdServiceClient.mint",
        call!(|p, _b| p
            .id_service()
            .mint(ValueType::Url, "https://example.org/x")
            .await),
    );
    c.insert(
        "IdServiceClient.add_value",
        call!(|p, _b| p.id_service().add_value(ID, ValueType::Desc, "d").await),
    );
    c.insert(
        "IdServiceClient.add_value_by_index",
        call!(|p, _b| p
            .id_service()
            .add_value_by_index(ID, 2, ValueType::Url, "https://e.org")
            .await),
    );
    c.insert(
        "IdServiceClient.modify_by_index",
        call!(|p, _b| p
            .id_service()
            .modify_by_index(ID, 1, "https://e2.org")
            .await),
    );
    c.insert(
        "IdServiceClient.remove_by_index",
        call!(|p, _b| p.id_service().remove_by_index(ID, 1).await),
    );
    c
}
