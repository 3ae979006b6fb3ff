//! Provenance, jobs, the ID service and the auth API against the stand-in: exact requests
//! (snapshot), answers decoded, a lodged model run's job waited for, handles edited.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use provena_client::Error;
use provena_client::models::{
    AccessReport, ItemSubType, JobStatus, ModelRunRecord, Report, ValueType,
};
use provena_client::testing::ProvenaMock;

fn record() -> ModelRunRecord {
    serde_json::from_value(common::json(
        "fixtures/requests/prov_register_model_run.model_run_record.from_real_job.json",
    ))
    .unwrap()
}

#[tokio::test]
async fn provenance_calls_lodge_explore_and_report() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    let prov = provena.prov();
    assert_eq!(
        prov.health_check().await.unwrap().message,
        "Health check successful."
    );
    let lodged = prov.register_model_run(&record()).await.unwrap();
    let session = lodged.session_id.unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let report = Arc::clone(&seen);
    let job = provena
        .jobs()
        .wait_for_job(&session)
        .pauses(Duration::from_millis(5), Duration::from_millis(20))
        .timeout(Duration::from_secs(5))
        .require_success()
        .on_progress(move |job, _| report.lock().unwrap().push(job.map(|j| j.status.clone())))
        .send()
        .await
        .unwrap();
    assert_eq!(job.status, JobStatus::Succeeded);
    assert!(job.result.is_some());
    let statuses = seen.lock().unwrap().clone();
    assert_eq!(statuses.last().unwrap(), &Some(JobStatus::Succeeded));
    assert!(
        statuses.len() >= 3,
        "it was polled while pending: {statuses:?}"
    );
    assert!(
        prov.register_batch_model_runs(&[record(), record()])
            .await
            .unwrap()
            .session_id
            .is_some()
    );
    assert!(
        !prov
            .update_model_run("10378.1/1900001", "fix", &record())
            .await
            .unwrap()
            .is_empty()
    );
    for explore in [
        prov.explore_upstream("10378.1/1904964", 3).await,
        prov.explore_downstream("10378.1/1904964", 1).await,
        prov.contributing_datasets("10378.1/1904964", 2).await,
        prov.effected_datasets("10378.1/1904964", 2).await,
        prov.contributing_agents("10378.1/1904964", 2).await,
        prov.effected_agents("10378.1/1904964", 10).await,
    ] {
        let graph = explore.unwrap().graph.unwrap();
        assert_eq!(
            (graph.nodes.len(), graph.links[0].kind.as_str()),
            (2, "used")
        );
    }
    assert!(
        prov.generate_csv_template("10378.1/1905251")
            .await
            .unwrap()
            .starts_with("model_run_display_name")
    );
    assert!(
        prov.regenerate_csv_from_batch("batch-1")
            .await
            .unwrap()
            .contains(',')
    );
    let converted = prov.convert_model_runs_csv("a,b\n1,2\n").await.unwrap();
    assert_eq!(converted.warnings.unwrap().len(), 1);
    let docx = prov
        .generate_report("10378.1/1900001", ItemSubType::Study, 2)
        .await
        .unwrap();
    assert!(matches!(docx, Report::Document(bytes) if bytes.starts_with(b"PK")));
    insta::assert_json_snapshot!("prov_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn jobs_are_listed_page_by_page_and_a_wait_times_out() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    for _ in 0..23 {
        provena.prov().register_model_run(&record()).await.unwrap();
    }
    mock.clear_requests();
    let jobs = provena
        .jobs()
        .list_jobs()
        .page_size(10)
        .prefetch(1)
        .all()
        .await
        .unwrap();
    assert_eq!(jobs.len(), 23);
    assert_eq!(mock.calls("POST", "/job-api/jobs/user/list"), 3);
    assert_eq!(
        provena
            .jobs()
            .list_jobs()
            .page_size(10)
            .limit(15)
            .all()
            .await
            .unwrap()
            .len(),
        15,
        "exactly the limit"
    );
    assert!(
        provena
            .jobs()
            .list_jobs_in_batch("no-such-batch")
            .unwrap()
            .all()
            .await
            .unwrap()
            .is_empty()
    );
    let waited = provena
        .jobs()
        .wait_for_job(&jobs[0].session_id)
        .pauses(Duration::from_millis(5), Duration::from_millis(5))
        .timeout(Duration::from_millis(1))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&waited, Error::Job { message, .. } if message.contains("did not end")),
        "{waited:?}"
    );
    let missing = provena
        .jobs()
        .fetch_job("00000000-0000-4000-8000-999999999999")
        .await
        .unwrap_err();
    assert!(
        matches!(&missing, Error::BadRequest { details, .. } if details == "Item was not found.")
    );
    assert_eq!(
        provena.jobs().health_check().await.unwrap().message,
        "Health check successful."
    );
}

#[tokio::test]
async fn handles_are_minted_and_edited() {
    let mock = ProvenaMock::start().await;
    let ids = mock.client().id_service();
    assert!(ids.health_check().await.is_ok());
    let handle = ids
        .mint(ValueType::Url, "https://example.org/x")
        .await
        .unwrap();
    let added = ids
        .add_value(&handle.id, ValueType::Desc, "a dataset")
        .await
        .unwrap();
    assert_eq!(added.properties.len(), 2);
    ids.add_value_by_index(&handle.id, 5, ValueType::Url, "https://example.org/y")
        .await
        .unwrap();
    let modified = ids
        .modify_by_index(&handle.id, 1, "https://example.org/z")
        .await
        .unwrap();
    assert_eq!(
        modified.properties[0].value, "https://example.org/z",
        "PUT reaches the server's route"
    );
    let removed = ids.remove_by_index(&handle.id, 2).await.unwrap();
    assert_eq!(
        removed
            .properties
            .iter()
            .map(|p| p.index)
            .collect::<Vec<_>>(),
        [1, 5]
    );
    assert_eq!(ids.list().await.unwrap(), std::slice::from_ref(&handle.id));
    insta::assert_json_snapshot!("handle_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn the_auth_api_reports_access_groups_and_links() {
    let mock = ProvenaMock::start().await;
    let auth = mock.client().auth_api();
    assert!(auth.health_check().await.is_ok());
    assert!(auth.user_request_history().await.unwrap().items.is_empty());
    assert!(
        auth.user_pending_request_history()
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let report = auth.user_access_report().await.unwrap().report;
    assert!(report.components[0].component_roles[0].access_granted);
    assert!(
        auth.post_user_request_change(&AccessReport::default(), false)
            .await
            .unwrap()
            .success
    );
    assert_eq!(
        auth.list_groups().await.unwrap().groups.unwrap()[0].id,
        "grp1"
    );
    assert_eq!(
        auth.describe_group("grp1")
            .await
            .unwrap()
            .group
            .unwrap()
            .display_name,
        "Reef modellers"
    );
    assert_eq!(
        auth.list_membership().await.unwrap().groups.unwrap().len(),
        1
    );
    assert_eq!(
        auth.list_group_members("grp1")
            .await
            .unwrap()
            .group
            .unwrap()
            .users[0]
            .username,
        "jdoe"
    );
    assert_eq!(
        auth.check_membership("grp1").await.unwrap().is_member,
        Some(true),
        "group_id as the server reads it"
    );
    assert_eq!(
        auth.link_lookup(Some("jdoe"))
            .await
            .unwrap()
            .person_id
            .as_deref(),
        Some("10378.1/777")
    );
    auth.link_assign("10378.1/777").await.unwrap();
    assert!(auth.link_validate("10378.1/777").await.unwrap().success);
    insta::assert_json_snapshot!("auth_requests", common::snapshot(mock.requests()));
}
