//! The service job loop: enroll, `in_progress`, the handler, `finished` or `failed` with its
//! description, failed jobs offered again up to `max_retries`, transient failures waited out,
//! a clean stop on cancellation, user tokens refused before sending.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ayon_client::{AyonClient, CancellationToken, Error, WorkerReport};
use platform_client_core::testing::{MockResponse, Routes, TestServer, fast_retry};
use serde_json::{Value, json};

const FAST: Duration = Duration::from_millis(5);

/// A path with its generated ids (32 hex) as `{id}`.
fn without_ids(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
                "{id}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn jobs_are_marked_in_progress_then_finished_or_failed_with_the_handler_s_description() {
    let mock = common::mock().await;
    let service = mock.service_client();
    let events = service.events();
    let mut sources = Vec::new();
    for n in 0..3 {
        let payload = json!({"shot": n, "fail": n == 1});
        let id = events
            .dispatch("publish.done")
            .project(common::PROJECT)
            .payload(payload.as_object().cloned().unwrap())
            .send()
            .await
            .unwrap();
        sources.push(id);
    }
    mock.clear_requests();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let report = events
        .worker("publish.done", "transcode.job")
        .sender("transcoder-1")
        .description("transcode")
        .max_retries(0)
        .poll_interval(FAST)
        .max_jobs(3)
        .run(CancellationToken::new(), move |job| {
            let record = Arc::clone(&record);
            async move {
                let source = job.source.expect("the source event");
                record.lock().unwrap().push(source.id.clone());
                if source.payload["fail"] == true {
                    Err(format!("cannot transcode shot {}", source.payload["shot"]))
                } else {
                    Ok(())
                }
            }
        })
        .await
        .unwrap();
    assert_eq!(
        (report.finished, report.failed, report.transient_errors),
        (2, 1, 0)
    );
    assert_eq!(*seen.lock().unwrap(), sources, "oldest first, each once");
    let jobs = service
        .events()
        .list()
        .topics(["transcode.job"])
        .all()
        .await
        .unwrap();
    let mut outcomes: Vec<(String, String, String)> = jobs
        .iter()
        .map(|j| {
            let status = j.status.clone().unwrap_or_default();
            let description = j.description.clone().unwrap_or_default();
            (
                j.depends_on.clone().unwrap_or_default(),
                status,
                description,
            )
        })
        .collect();
    outcomes.sort();
    let mut expected = vec![
        (
            sources[0].clone(),
            "finished".to_owned(),
            "Finished".to_owned(),
        ),
        (
            sources[1].clone(),
            "failed".to_owned(),
            "cannot transcode shot 1".to_owned(),
        ),
        (
            sources[2].clone(),
            "finished".to_owned(),
            "Finished".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(outcomes, expected);
    let sent: Vec<Value> = mock
        .requests()
        .into_iter()
        .filter(|r| r.path != "/graphql")
        .map(|r| {
            json!([
                r.method,
                without_ids(&r.path),
                r.headers.get("x-sender"),
                r.body
            ])
        })
        .collect();
    insta::assert_json_snapshot!("worker_requests", sent);
}

#[tokio::test]
async fn a_failed_job_is_offered_again_up_to_max_retries() {
    let mock = common::mock().await;
    let service = mock.service_client();
    service
        .events()
        .dispatch("publish.done")
        .send()
        .await
        .unwrap();
    let attempts = Arc::new(Mutex::new(0));
    let count = Arc::clone(&attempts);
    let report = service
        .events()
        .worker("publish.done", "transcode.job")
        .max_retries(1)
        .poll_interval(FAST)
        .max_jobs(2)
        .run(CancellationToken::new(), move |_job| {
            let count = Arc::clone(&count);
            async move {
                let mut n = count.lock().unwrap();
                *n += 1;
                if *n == 1 {
                    Err("first try fails")
                } else {
                    Ok(())
                }
            }
        })
        .await
        .unwrap();
    assert_eq!((report.failed, report.finished), (1, 1));
    let job = &service
        .events()
        .list()
        .topics(["transcode.job"])
        .all()
        .await
        .unwrap()[0];
    assert_eq!(
        (job.status.as_deref(), job.retries),
        (Some("finished"), Some(1))
    );
}

#[tokio::test]
async fn cancelling_stops_a_waiting_worker_cleanly() {
    let mock = common::mock().await;
    let service = mock.service_client();
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        stop.cancel();
    });
    let report = tokio::time::timeout(
        Duration::from_secs(10),
        service
            .events()
            .worker("publish.done", "transcode.job")
            .poll_interval(Duration::from_secs(60))
            .run(cancel, |_job| async { Ok::<(), String>(()) }),
    )
    .await
    .expect("stopped at once, not after the poll interval")
    .unwrap();
    assert_eq!(report, WorkerReport::default());
    assert_eq!(
        mock.calls("POST", "/api/enroll"),
        1,
        "one enrolment, then waiting"
    );
}

#[tokio::test]
async fn a_server_restart_is_waited_out() {
    let job = json!({"id": common::id(41), "dependsOn": common::id(40), "hash": "h", "status": "pending"});
    let source = json!({"id": common::id(40), "topic": "publish.done", "project": "demo", "status": "finished", "payload": {}});
    let server = TestServer::routes(
        Routes::new()
            .on_seq(
                "POST",
                "/api/enroll",
                vec![
                    MockResponse::json(503, &json!({"detail": "Service Unavailable"})),
                    MockResponse::json(200, &job),
                    MockResponse::status(204),
                ],
            )
            .on(
                "GET",
                &format!("/api/events/{}", common::id(40)),
                MockResponse::json(200, &source),
            )
            .on(
                "PATCH",
                &format!("/api/events/{}", common::id(41)),
                MockResponse::status(204),
            ),
    )
    .await;
    let ayon = AyonClient::builder(server.base_url())
        .no_proxy()
        .retry(fast_retry())
        .api_key("svc-key")
        .build()
        .unwrap();
    let report = ayon
        .events()
        .worker("publish.done", "transcode.job")
        .poll_interval(FAST)
        .max_jobs(1)
        .run(CancellationToken::new(), |_job| async {
            Ok::<(), String>(())
        })
        .await
        .unwrap();
    assert_eq!((report.finished, report.transient_errors), (1, 1));
    assert_eq!(
        server.calls("POST", "/api/enroll"),
        2,
        "a POST enrolment is not re-sent by the transport; the loop asks again"
    );
    assert_eq!(
        server.calls("PATCH", &format!("/api/events/{}", common::id(41))),
        2
    );
}

#[tokio::test]
async fn a_worker_needs_a_service_key_and_valid_topics() {
    let mock = common::mock().await;
    let user = mock.client();
    let err = user
        .events()
        .worker("publish.done", "transcode.job")
        .run(CancellationToken::new(), |_job| async {
            Ok::<(), String>(())
        })
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("service API key"),
        "{err}"
    );
    let service = mock.service_client();
    for (source, target) in [("", "t.job"), ("publish.done", "x"), ("bad topic", "t.job")] {
        let err = service
            .events()
            .worker(source, target)
            .run(CancellationToken::new(), |_job| async {
                Ok::<(), String>(())
            })
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Core(_)) && err.is_invalid_input(),
            "{source:?} {target:?}"
        );
    }
    assert_eq!(mock.request_count(), 0);
}
