//! The real responses in `../shared/data/provena/fixtures/` decode into this crate's models,
//! through the calls that receive them (the answer served by a loopback server).

mod common;

use platform_client_core::testing::{MockResponse, TestServer};
use provena_client::models::{
    CollectionFormat, Item, ItemSubType, ModelDomainInfo, ModelRunRecord, OrganisationDomainInfo,
    RecordType,
};
use serde_json::Value;

async fn serving(file: &str) -> TestServer {
    let body = common::json(file);
    TestServer::start(move |_| MockResponse::json(200, &body)).await
}

#[tokio::test]
async fn datasets_fetched_and_listed_decode() {
    for file in [
        "fetch_dataset.response.json",
        "fetch_dataset.response.2.json",
        "fetch_dataset.response.3.json",
    ] {
        let server = serving(&format!("fixtures/datastore/{file}")).await;
        let fetched = common::client(&server)
            .datastore()
            .fetch_dataset("10378.1/1904964")
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let item = fetched.item.expect("the dataset");
        assert_eq!(item.item_subtype, ItemSubType::Dataset, "{file}");
        assert_eq!(item.record_type, RecordType::CompleteItem);
        assert!(!item.history.is_empty(), "{file}: its history");
        let metadata: CollectionFormat =
            serde_json::from_value(item.domain["collection_format"].clone())
                .expect("the collection format");
        assert!(!metadata.dataset_info.name.is_empty());
    }
    let server = serving("fixtures/datastore/list_datasets.response.json").await;
    let page = common::client(&server)
        .datastore()
        .list_datasets()
        .page_size(10)
        .first_page()
        .await
        .unwrap();
    assert_eq!((page.items.len(), page.total_item_count), (10, Some(10)));
    assert_eq!(page.pagination_key.unwrap()["id"], "10378.1/1932274");
}

#[test]
fn a_dataset_item_decodes_with_its_domain_fields_kept() {
    let raw = common::json("fixtures/registry/item_dataset.json");
    let item: Item = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(item.id, raw["id"].as_str().unwrap());
    assert_eq!(item.domain["s3"], raw["s3"], "domain fields are kept");
    let round: Value = serde_json::to_value(&item).unwrap();
    for key in raw.as_object().unwrap().keys() {
        assert!(round.get(key).is_some() || raw[key].is_null(), "{key} lost");
    }
}

#[tokio::test]
async fn registry_items_created_and_fetched_decode_into_typed_domain_information() {
    let server = serving("fixtures/registry/organisation_fetch.response.json").await;
    let fetched = common::client(&server)
        .registry()
        .fetch_item(ItemSubType::Organisation, "10378.1/1948406", None)
        .await
        .unwrap();
    assert_eq!(fetched.roles.as_deref().map(<[String]>::len), Some(3));
    assert_eq!(fetched.locked, Some(false));
    let org: OrganisationDomainInfo = fetched.item.unwrap().domain_as().unwrap();
    assert_eq!(
        (org.name.as_str(), org.ror.as_deref()),
        ("Test org", Some("http://example.org/test-org"))
    );
    assert_eq!(org.user_metadata.unwrap()["my custom"], "annotation");

    let server = serving("fixtures/registry/model_fetch.response.json").await;
    let model: ModelDomainInfo = common::client(&server)
        .registry()
        .fetch_item(ItemSubType::Model, "10378.1/1948407", None)
        .await
        .unwrap()
        .item
        .unwrap()
        .domain_as()
        .unwrap();
    assert!(!model.documentation_url.is_empty());

    for (file, subtype) in [
        (
            "organisation_create.response.json",
            ItemSubType::Organisation,
        ),
        ("model_create.response.json", ItemSubType::Model),
    ] {
        let server = serving(&format!("fixtures/registry/{file}")).await;
        let domain = common::json(&format!("fixtures/registry/{file}"))["created_item"].clone();
        let created = common::client(&server)
            .registry()
            .create_item(subtype.clone(), &domain)
            .await
            .unwrap();
        let item = created.created_item.unwrap();
        assert_eq!(item.item_subtype, subtype, "{file}");
        let raw = common::json(&format!("fixtures/registry/{file}"));
        assert_eq!(
            created.register_create_activity_session_id.as_deref(),
            raw["register_create_activity_session_id"].as_str(),
            "{file}: the job lodging it"
        );
    }
}

#[tokio::test]
async fn lineage_graphs_decode_with_their_nodes_and_links() {
    let cases = [
        ("explore_upstream.response.json", 5, 7),
        ("explore_downstream.response.json", 0, 0),
        ("contributing_datasets.response.json", 0, 0),
        ("effected_datasets.response.json", 0, 0),
    ];
    for (file, nodes, links) in cases {
        let raw = common::json(&format!("fixtures/prov/{file}"));
        let server = serving(&format!("fixtures/prov/{file}")).await;
        let lineage = common::client(&server)
            .prov()
            .explore_upstream("10378.1/1904964", 3)
            .await
            .unwrap();
        let graph = lineage.graph.expect("a graph");
        assert_eq!(
            graph.nodes.len(),
            raw["graph"]["nodes"].as_array().unwrap().len(),
            "{file}"
        );
        assert_eq!(
            graph.links.len(),
            raw["graph"]["links"].as_array().unwrap().len(),
            "{file}"
        );
        if nodes > 0 {
            assert_eq!((graph.nodes.len(), graph.links.len()), (nodes, links));
            assert_eq!(graph.links[0].kind, "wasGeneratedBy");
        }
    }
    // Newer networkx names the links `edges`.
    let mut raw = common::json("fixtures/prov/explore_upstream.response.json");
    let links = raw["graph"]
        .as_object_mut()
        .unwrap()
        .remove("links")
        .unwrap();
    raw["graph"]["edges"] = links;
    let lineage: provena_client::models::LineageResponse = serde_json::from_value(raw).unwrap();
    assert_eq!(lineage.graph.unwrap().links.len(), 7);
}

#[test]
fn a_lodged_model_run_record_decodes() {
    let raw = common::json("fixtures/job/prov_lodge_model_run_result.record.json");
    let record: ModelRunRecord = serde_json::from_value(raw["record"].clone()).unwrap();
    assert!(!record.inputs.is_empty() && !record.outputs.is_empty());
    assert!(record.end_time >= record.start_time);
}
