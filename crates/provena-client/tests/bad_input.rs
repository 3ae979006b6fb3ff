//! Bad input is refused before anything is sent: empty, blank, malformed handles
//! (`10378.1/` with no suffix, no prefix, two slashes), control characters, NUL, 10 MB
//! strings, unknown subtypes, depths out of range, inconsistent list options. Free text
//! (reasons, queries, notes) reaches the server intact.

mod common;

use provena_client::models::{ItemSubType, OrganisationDomainInfo, ValueType};
use provena_client::testing::ProvenaMock;
use provena_client::{Error, ProvenaClient, SortType};

fn bad_handles() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "10378.1/",
        "/123",
        "10378.1",
        "10378.1/12/3",
        "10378.1/1 2",
        "a\u{0}b/1",
        "10378.1/\u{7}",
        "../..",
        "10378.1/é",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("10378.1/{}", "9".repeat(10 * 1024 * 1024)));
    v
}

fn refused<T: std::fmt::Debug>(what: &str, result: provena_client::Result<T>) {
    match result {
        Err(e) if e.is_invalid_input() => {}
        other => panic!("{what}: not refused: {other:?}"),
    }
}

async fn every_handle_taking_call(p: &ProvenaClient, id: &str) {
    let (d, r, j) = (p.datastore(), p.registry(), p.prov());
    let org = OrganisationDomainInfo::new("x");
    refused("fetch_dataset", d.fetch_dataset(id).await);
    refused("version_dataset", d.version_dataset(id, "r").await);
    refused("revert_metadata", d.revert_metadata(id, 1, "r").await);
    refused("presigned", d.generate_presigned_url(id, "f", None).await);
    refused(
        "read credentials",
        d.generate_read_access_credentials(id, false).await,
    );
    refused(
        "write credentials",
        d.generate_write_access_credentials(id, false).await,
    );
    refused(
        "delete reviewer",
        d.review().delete_dataset_reviewer(id).await,
    );
    refused("add reviewer", d.review().add_dataset_reviewer(id).await);
    refused(
        "approval",
        d.review().approval_request(id, "10378.1/1", "n").await,
    );
    refused(
        "action",
        d.review().action_approval_request(id, true, "n").await,
    );
    refused(
        "fetch_item",
        r.fetch_item(ItemSubType::Model, id, None).await,
    );
    refused(
        "update_item",
        r.update_item(ItemSubType::Organisation, id, None, &org)
            .await,
    );
    refused(
        "revert_item",
        r.revert_item(ItemSubType::Model, id, 0, "r").await,
    );
    refused(
        "evaluate",
        r.evaluate_auth_access(ItemSubType::Model, id).await,
    );
    refused(
        "auth config",
        r.get_auth_configuration(ItemSubType::Model, id).await,
    );
    refused("lock", r.lock_resource(ItemSubType::Model, id, "r").await);
    refused(
        "unlock",
        r.unlock_resource(ItemSubType::Model, id, "r").await,
    );
    refused(
        "lock history",
        r.get_lock_history(ItemSubType::Model, id).await,
    );
    refused(
        "lock status",
        r.get_lock_status(ItemSubType::Model, id).await,
    );
    refused("version", r.version(ItemSubType::Model, id, "r").await);
    refused("delete", r.delete_item(ItemSubType::Model, id).await);
    refused("general fetch", r.general_fetch(id).await);
    refused("upstream", j.explore_upstream(id, 1).await);
    refused("csv template", j.generate_csv_template(id).await);
    refused("report", j.generate_report(id, ItemSubType::Study, 1).await);
    refused(
        "update model run",
        j.update_model_run(
            id,
            "r",
            &serde_json::from_value(common::json(
                "fixtures/requests/prov_register_model_run.model_run_record.from_real_job.json",
            ))
            .unwrap(),
        )
        .await,
    );
    refused(
        "add_value",
        p.id_service().add_value(id, ValueType::Desc, "d").await,
    );
    refused("modify", p.id_service().modify_by_index(id, 1, "v").await);
    refused("remove", p.id_service().remove_by_index(id, 1).await);
    refused("link assign", p.auth_api().link_assign(id).await);
    refused("link validate", p.auth_api().link_validate(id).await);
}

#[tokio::test]
async fn malformed_handles_are_refused_with_nothing_sent() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    for id in bad_handles() {
        every_handle_taking_call(&provena, &id).await;
    }
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn other_bad_arguments_are_refused_with_nothing_sent() {
    let mock = ProvenaMock::start().await;
    let p = mock.client();
    let id = "10378.1/1234567";
    let org = OrganisationDomainInfo::new("x");
    for depth in [0, 11, 100] {
        refused("explore depth", p.prov().explore_upstream(id, depth).await);
    }
    for depth in [0, 4] {
        refused(
            "report depth",
            p.prov()
                .generate_report(id, ItemSubType::Study, depth)
                .await,
        );
    }
    refused(
        "unknown subtype",
        p.prov()
            .generate_report(id, ItemSubType::from_wire("NOPE"), 1)
            .await,
    );
    for subtype in [
        ItemSubType::Software,
        ItemSubType::WorkflowRun,
        ItemSubType::from_wire("NOPE"),
    ] {
        refused(
            "no routes",
            p.registry().fetch_item(subtype.clone(), id, None).await,
        );
        refused("no listing", p.registry().list_items(subtype));
    }
    for subtype in [
        ItemSubType::Create,
        ItemSubType::Version,
        ItemSubType::Dataset,
        ItemSubType::ModelRun,
    ] {
        refused(
            "not writable",
            p.registry().create_item(subtype.clone(), &org).await,
        );
        refused("no seed", p.registry().seed_item(subtype).await);
    }
    refused(
        "not versioned",
        p.registry()
            .version(ItemSubType::Organisation, id, "r")
            .await,
    );
    refused(
        "domain not an object",
        p.registry().create_item(ItemSubType::Model, &"text").await,
    );
    for reason in ["", "  ", "a\u{0}b"] {
        refused("reason", p.datastore().version_dataset(id, reason).await);
        refused(
            "reason",
            p.registry()
                .lock_resource(ItemSubType::Model, id, reason)
                .await,
        );
    }
    refused(
        "expires_in",
        p.datastore().generate_presigned_url(id, "f", Some(0)).await,
    );
    refused(
        "expires_in",
        p.datastore()
            .generate_presigned_url(id, "f", Some(86_401))
            .await,
    );
    refused(
        "file path",
        p.datastore().generate_presigned_url(id, "", None).await,
    );
    refused("query", p.search().search_registry(" ", None, None).await);
    refused(
        "limit",
        p.search().search_registry("x", Some(0), None).await,
    );
    refused(
        "search subtype",
        p.search()
            .search_registry("x", None, Some(ItemSubType::from_wire("NOPE")))
            .await,
    );
    for id in ["", "a b", "x\u{0}"] {
        refused("session id", p.jobs().fetch_job(id).await);
        refused("group id", p.auth_api().describe_group(id).await);
        refused("group id", p.auth_api().check_membership(id).await);
        refused("batch id", p.jobs().list_jobs_in_batch(id).map(|_| ()));
    }
    refused(
        "url value",
        p.id_service().mint(ValueType::Url, "not a url").await,
    );
    refused(
        "empty value",
        p.id_service().mint(ValueType::Desc, "").await,
    );
    refused("no records", p.prov().register_batch_model_runs(&[]).await);
    refused("csv", p.prov().convert_model_runs_csv("").await);
    let list = |b: provena_client::ItemList| async move { b.first_page().await };
    let general = || p.registry().list_items(ItemSubType::Dataset).unwrap();
    refused("page size", list(general().page_size(0)).await);
    refused("page size", list(general().page_size(101)).await);
    refused("begins_with alone", list(general().begins_with("x")).await);
    refused(
        "begins_with sort",
        list(general().sort_by(SortType::AccessInfoUriBeginsWith, true)).await,
    );
    refused(
        "subtype and release",
        list(
            general()
                .subtype(ItemSubType::Dataset)
                .release_status(provena_client::ReleaseStatus::Pending),
        )
        .await,
    );
    refused(
        "no filters",
        list(
            p.datastore()
                .list_datasets()
                .record_type(provena_client::RecordFilter::All),
        )
        .await,
    );
    assert_eq!(mock.request_count(), 0);
    let err = Error::invalid("x");
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn free_text_reaches_the_server_intact() {
    let mock = ProvenaMock::start().await;
    let p = mock.client();
    let text = "Ünïcode & spaces / slashes ? = #";
    let _ = p.search().search_registry(text, None, None).await;
    let _ = p.datastore().version_dataset("10378.1/1", text).await;
    let requests = mock.requests();
    assert_eq!(requests[0].query, [("query".to_owned(), text.to_owned())]);
    let body = serde_json::to_value(&requests[1].body).unwrap();
    assert_eq!(body["value"]["reason"], text);
}
