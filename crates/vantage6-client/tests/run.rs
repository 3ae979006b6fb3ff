//! Runs: exact requests (snapshots), inputs decoded client-side (plain, encrypted, and one that
//! cannot be decoded without failing the list), recorded answers, errors, bad input.

mod common;

use base64::Engine as _;
use platform_client_core::testing::{MockResponse, Routes};
use serde_json::{Value, json};
use vantage6_client::models::{Decoded, Run, RunTask, TaskStatus};
use vantage6_client::{Cryptor, crypto};

const ORG_A_PRIVATE: &str = include_str!("fixtures/org_a_private.pem");
const ORG_A_PUBLIC: &str = include_str!("fixtures/org_a_public.pem");
const INPUT: &str =
    r#"{"method": "central_average", "args": [], "kwargs": {"column_name": "age"}}"#;

fn link(route: &str, id: u64) -> Value {
    json!({"id": id, "link": format!("/api/{route}/{id}"), "methods": ["GET", "PATCH"]})
}

fn run(id: u64, input: &str) -> Value {
    json!({"id": id, "input": input, "status": "completed", "log": "all good",
           "assigned_at": "2026-11-23T19:57:33.926006", "started_at": "2026-11-23T20:00:00",
           "finished_at": "2026-11-23T20:00:05", "organization": link("organization", 2),
           "task": link("task", 1), "results": link("result", id),
           "node": {"id": 2, "ip": null, "status": "offline", "name": "org-a - collab-1 Node"},
           "ports": [{"id": 1, "port": 8888, "label": "api"}], "cleanup_at": null, "blob_storage_used": false})
}

fn plain() -> String {
    crypto::encode_plain(INPUT.as_bytes())
}

fn routes() -> Routes {
    let encrypted = crypto::encrypt(ORG_A_PUBLIC, INPUT.as_bytes()).unwrap();
    let page = json!({"data": [run(3, &encrypted), run(2, "%%% not base64"), run(1, &plain())],
                      "links": {"first": "/api/run?page=1", "self": "/api/run?page=1", "last": "/api/run?page=1"}});
    let mut with_task = run(1, &plain());
    with_task["task"] = json!({"id": 1, "name": "avg", "image": "harbor2.vantage6.ai/demo/average",
                               "status": "active", "results": "/api/result?task_id=1",
                               "databases": [{"label": "default", "parameters": "{}"}]});
    Routes::new()
        .on(
            "GET",
            "/api/run",
            MockResponse::json(200, &page).header("total-count", "3"),
        )
        .on(
            "GET",
            "/api/run/1",
            MockResponse::json(200, &run(1, &plain())),
        )
        .on_query_seq(
            "GET",
            "/api/run/1",
            &[("include", "task")],
            vec![MockResponse::json(200, &with_task)],
        )
        .on(
            "GET",
            "/api/run/999",
            MockResponse::json(404, &json!({"msg": "Run id=999 not found!"})),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    v6.set_cryptor(Cryptor::from_pem(ORG_A_PRIVATE).unwrap());
    let runs = v6.run();
    let one = runs.get(1).await.unwrap();
    assert_eq!(one.input_text(), Some(INPUT));
    let input: Value = one.input_json().unwrap();
    assert_eq!(input["kwargs"]["column_name"], "age");
    assert_eq!(one.status, Some(TaskStatus::Completed));
    assert_eq!(one.task_id(), Some(1));
    assert_eq!(one.ports[0].port, Some(8888));
    assert_eq!(
        one.node.as_ref().and_then(|n| n.name.as_deref()),
        Some("org-a - collab-1 Node")
    );

    let with_task = runs.get_with_task(1).await.unwrap();
    let task = with_task.task.as_ref().and_then(RunTask::task).unwrap();
    assert_eq!(task.status, Some(TaskStatus::Active));
    assert_eq!(with_task.task_id(), Some(1));

    let page = runs
        .list()
        .task(1)
        .organization(2)
        .collaboration(1)
        .node(2)
        .open()
        .include_task()
        .port(8888)
        .assigned_from("2024-01-01")
        .assigned_till("2024-12-31")
        .started_from("2024-01-02")
        .started_till("2024-12-30")
        .finished_from("2024-01-03")
        .finished_till("2024-12-29")
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(3));
    // Encrypted for the client's organisation: decrypted; plain: decoded; garbage: reported,
    // without failing the list.
    assert_eq!(page.data[0].input_text(), Some(INPUT));
    assert!(page.data[1].decoded_input.error().is_some());
    assert_eq!(page.data[1].input.as_deref(), Some("%%% not base64"));
    assert_eq!(page.data[2].input_text(), Some(INPUT));

    let all = runs.from_task(1).include_task().all().await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].input_text(), Some(INPUT), "streams decode too");
    runs.list()
        .state("open")
        .per_page(2)
        .page(2)
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("run_requests", server.requests());
}

#[tokio::test]
async fn encrypted_inputs_need_the_private_key() {
    let (_server, v6) = common::logged_in(routes()).await;
    let page = v6.run().list().send().await.unwrap();
    let why = page.data[0].decoded_input.error().unwrap();
    assert!(why.contains("private key"), "{why}");
    assert!(page.data[0].input_json::<Value>().is_err());
    assert_eq!(
        page.data[2].input_text(),
        Some(INPUT),
        "plain inputs still decode"
    );
    // A key loaded later is used from then on.
    v6.set_cryptor(Cryptor::from_pem(ORG_A_PRIVATE).unwrap());
    let page = v6.run().list().send().await.unwrap();
    assert_eq!(page.data[0].input_text(), Some(INPUT));
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(listed) = common::recorded("run_list") else {
        return;
    };
    let Some(python) = common::sample("pyclient_outputs") else {
        return;
    };
    let (_server, v6) = common::logged_in(Routes::new().on("GET", "/api/run", listed).on(
        "GET",
        "/api/run/1",
        common::recorded("run_get_done").unwrap(),
    ))
    .await;
    // The same decoded inputs as the Python client's `run.from_task` and `run.get`.
    let runs = v6.run().from_task(1).all().await.unwrap();
    let expected: Vec<&str> = python["run.from_task"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["input"].as_str().unwrap())
        .collect();
    let decoded: Vec<&str> = runs.iter().map(|r| r.input_text().unwrap()).collect();
    assert_eq!(decoded, expected);
    let one = v6.run().get(1).await.unwrap();
    assert_eq!(one.input_text(), python["run.get"]["input"].as_str());
    assert_eq!(one.log.as_deref(), Some("all good"));

    let with_task: Run =
        serde_json::from_value(common::sample("run_get_task").unwrap()["response"].clone())
            .unwrap();
    let task = with_task.task.as_ref().and_then(RunTask::task).unwrap();
    assert_eq!(
        task.image.as_deref(),
        Some("harbor2.vantage6.ai/demo/average")
    );
    let started: Run = serde_json::from_value(
        common::sample("node_patch_run_started").unwrap()["response"].clone(),
    )
    .unwrap();
    assert_eq!(started.status, Some(TaskStatus::Active));

    // Encrypted for an organisation whose key this client does not have: kept and reported.
    let encrypted = common::sample("enc_task_create").unwrap();
    let mut raw: Vec<Run> = serde_json::from_value(encrypted["raw_runs"]["data"].clone()).unwrap();
    raw[0].decode(Some(&Cryptor::from_pem(ORG_A_PRIVATE).unwrap()));
    assert!(matches!(raw[0].decoded_input, Decoded::Failed(_)));
    assert!(crypto::is_encrypted(raw[0].input.as_deref().unwrap()));
}

#[tokio::test]
async fn errors_are_typed_and_bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let err = v6.run().get(999).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.message(), Some("Run id=999 not found!"));
    server.clear();
    let runs = v6.run();
    common::refused(runs.get(0)).await;
    common::refused(runs.get_with_task(0)).await;
    for list in [
        runs.from_task(0),
        runs.list().organization(0),
        runs.list().node(0),
        runs.list().state(" "),
        runs.list().started_from(""),
        runs.list().page(0),
    ] {
        common::refused(list.send()).await;
        common::refused(list.all()).await;
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // A page's base64 that is valid but not UTF-8 is reported per item.
    let mut odd: Run = serde_json::from_value(run(
        5,
        &base64::engine::general_purpose::STANDARD.encode([0xff, 0xfe]),
    ))
    .unwrap();
    odd.decode(None);
    assert!(odd.decoded_input.error().unwrap().contains("UTF-8"));
}
