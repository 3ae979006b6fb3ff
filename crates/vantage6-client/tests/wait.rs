//! `wait_for_results`: polls until the task has finished (status route, or the task itself on
//! older servers), progress callbacks, failures ending the wait, the overall timeout, and a
//! whole create → complete → wait round on the `testing` stand-in.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::{Value, json};
use vantage6_client::Error;
use vantage6_client::models::TaskStatus;
use vantage6_client::testing::{Collection, Vantage6Mock};

/// Short pauses keep the tests fast; the growth itself is unit-tested in the crate.
const TICK: Duration = Duration::from_millis(5);

fn status(value: &str) -> MockResponse {
    MockResponse::json(200, &json!({"status": value}))
}

fn results() -> MockResponse {
    let result = |id: u64| {
        json!({"id": id, "result": "eyJhdmVyYWdlIjogNDIuNSwgIm4iOiAxMH0=",
               "run": {"id": id, "link": format!("/api/run/{id}"), "methods": ["GET"]},
               "task": {"id": 1, "link": "/api/task/1", "methods": ["GET"]}})
    };
    MockResponse::json(
        200,
        &json!({"data": [result(2), result(1)], "links": {"first": "/api/result?page=1",
                "self": "/api/result?page=1", "last": "/api/result?page=1"}}),
    )
    .header("total-count", "2")
}

fn recorder() -> (Arc<Mutex<Vec<String>>>, impl FnMut(&TaskStatus) + Send) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |s: &TaskStatus| {
        sink.lock().unwrap().push(s.to_string());
    })
}

#[tokio::test]
async fn polls_the_status_until_completed_then_returns_every_result() {
    let routes = Routes::new()
        .on_seq(
            "GET",
            "/api/task/1/status",
            vec![status("pending"), status("active"), status("completed")],
        )
        .on("GET", "/api/result", results());
    let (server, v6) = common::logged_in(routes).await;
    let (seen, progress) = recorder();
    let results = v6
        .wait_for_results(1)
        .interval(TICK)
        .on_progress(progress)
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), ["pending", "active", "completed"]);
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].text(), Some(r#"{"average": 42.5, "n": 10}"#));
    insta::assert_json_snapshot!("wait_requests", server.requests());
}

#[tokio::test]
async fn older_servers_are_polled_through_the_task() {
    // 4.2 answers the unknown status route with its HTML 404 page: the task's own status is
    // polled instead, and the status route is not tried again.
    let html = MockResponse::status(404)
        .header("content-type", "text/html; charset=utf-8")
        .body("<!doctype html><title>404 Not Found</title>");
    let task = |s: &str| MockResponse::json(200, &json!({"id": 1, "image": "i", "status": s}));
    let routes = Routes::new()
        .on("GET", "/api/task/1/status", html)
        .on_seq(
            "GET",
            "/api/task/1",
            vec![task("pending"), task("initializing"), task("completed")],
        )
        .on("GET", "/api/result", results());
    let (server, v6) = common::logged_in(routes).await;
    let results = v6.wait_for_results(1).interval(TICK).send().await.unwrap();
    assert_eq!(results.len(), 2);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/api/task/1/status",
            "/api/task/1",
            "/api/task/1",
            "/api/task/1",
            "/api/result"
        ]
    );
}

#[tokio::test]
async fn a_failure_ends_the_wait() {
    let routes = Routes::new()
        .on_seq(
            "GET",
            "/api/task/1/status",
            vec![status("active"), status("crashed")],
        )
        .on("GET", "/api/result", results());
    let (_server, v6) = common::logged_in(routes).await;
    let (seen, progress) = recorder();
    let results = v6
        .wait_for_results(1)
        .interval(TICK)
        .on_progress(progress)
        .await
        .unwrap();
    assert_eq!(
        seen.lock().unwrap().last().map(String::as_str),
        Some("crashed")
    );
    assert_eq!(results.len(), 2, "the results are returned, as in Python");

    let routes = Routes::new().on_seq(
        "GET",
        "/api/task/2/status",
        vec![status("pending"), status("killed by user")],
    );
    let (server, v6) = common::logged_in(routes).await;
    let last = v6
        .wait_for_results(2)
        .interval(TICK)
        .final_status()
        .await
        .unwrap();
    assert_eq!(last, TaskStatus::Killed);
    assert!(last.has_failed());
    assert!(
        server.requests().iter().all(|r| r.path != "/api/result"),
        "final_status fetches no results"
    );
}

#[tokio::test]
async fn the_timeout_gives_up_with_the_last_status() {
    let routes = Routes::new().on("GET", "/api/task/1/status", status("pending"));
    let (server, v6) = common::logged_in(routes).await;
    let started = std::time::Instant::now();
    let err = v6
        .wait_for_results(1)
        .interval(TICK)
        .max_interval(Duration::from_millis(10))
        .timeout(Duration::from_millis(60))
        .await
        .unwrap_err();
    let Error::WaitTimeout {
        task_id,
        status,
        waited,
    } = err
    else {
        panic!("{err:?}");
    };
    assert_eq!((task_id, status.as_str()), (1, "pending"));
    assert!(waited >= Duration::from_millis(60), "{waited:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(server.request_count() >= 3, "it polled more than once");
}

#[tokio::test]
async fn errors_end_the_wait_and_bad_input_sends_nothing() {
    let routes = Routes::new()
        .on(
            "GET",
            "/api/task/9/status",
            MockResponse::json(404, &json!({"msg": "Task id=9 not found"})),
        )
        .on(
            "GET",
            "/api/task/8/status",
            MockResponse::json(401, &json!({"msg": "You lack the permission to do that!"})),
        );
    let (server, v6) = common::logged_in(routes).await;
    let err = v6.wait_for_results(9).interval(TICK).await.unwrap_err();
    assert!(
        err.is_not_found(),
        "an unknown task is not a legacy server: {err}"
    );
    assert_eq!(server.request_count(), 1);
    let err = v6.wait_for_results(8).interval(TICK).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    server.clear();
    common::refused(v6.wait_for_results(0)).await;
    common::refused(v6.wait_for_results(1).interval(Duration::ZERO)).await;
    assert_eq!(server.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn create_complete_and_wait_on_the_stand_in() {
    let mock = Vantage6Mock::start().await;
    mock.mount(
        Collection::Collaboration,
        [json!({"id": 10, "name": "c1", "encrypted": false})],
    );
    let v6 = mock.client().await;
    let input = json!({"method": "central_average", "kwargs": {"column_name": "age"}});
    let task = v6
        .task()
        .create(10, &[2, 3], "avg", "harbor2.vantage6.ai/demo/average")
        .input(&input)
        .database("default")
        .send()
        .await
        .unwrap();
    let runs = v6.run().from_task(task.id).all().await.unwrap();
    assert_eq!(runs.len(), 2);
    for run in &runs {
        assert_eq!(run.input_json::<Value>().unwrap(), input);
    }
    mock.complete_task(task.id, &json!({"average": 42.5}));
    let results = v6.wait_for_results(task.id).interval(TICK).await.unwrap();
    assert_eq!(results.len(), 2);
    for result in &results {
        assert_eq!(result.json::<Value>().unwrap(), json!({"average": 42.5}));
    }
    assert_eq!(
        mock.calls("GET", &format!("/api/task/{}/status", task.id)),
        1
    );
}

#[tokio::test]
async fn the_timeout_also_bounds_a_request_under_way() {
    // The status route answers after 10 s; the wait gives up after 200 ms.
    let routes = Routes::new().on(
        "GET",
        "/api/task/3/status",
        status("active").delay(Duration::from_secs(10)),
    );
    let (_server, v6) = common::logged_in(routes).await;
    let err = v6
        .wait_for_results(3)
        .interval(TICK)
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::WaitTimeout { task_id: 3, .. }),
        "{err}"
    );
    common::refused(v6.wait_for_results(3).max_interval(Duration::ZERO)).await;
}
