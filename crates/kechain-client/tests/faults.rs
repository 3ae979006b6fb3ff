//! Faults: 5xx then success, a `next` page failing mid-stream, malformed JSON, dropped
//! connections — typed errors, no panic, nothing lost or repeated.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt;
use kechain_client::Error;
use platform_client_core::testing::{MockResponse, Received, TestServer};
use serde_json::json;

fn page(r: &Received, total: usize) -> MockResponse {
    let q = |k: &str| {
        r.record
            .query_values(k)
            .first()
            .and_then(|v| v.parse::<usize>().ok())
    };
    let (offset, limit) = (q("offset").unwrap_or(0), q("limit").unwrap_or(total));
    let rows: Vec<_> = (offset..(offset + limit).min(total))
        .map(|i| json!({"id": format!("{i:08}-0000-4000-8000-000000000000"), "name": format!("s{i}")}))
        .collect();
    let next = (offset + limit < total).then(|| {
        format!(
            "https://pim3.example.com/api/v3/scopes.json?limit={limit}&offset={}",
            offset + limit
        )
    });
    MockResponse::json(200, &json!({"count": total, "next": next, "results": rows}))
}

#[tokio::test]
async fn server_errors_then_success_lose_and_repeat_nothing() {
    let calls = AtomicUsize::new(0);
    let server = TestServer::start(move |r| {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        // The second page fails twice (503, then 502) before succeeding.
        if r.record.query_values("offset") == ["100"] && n < 3 {
            return MockResponse::json(
                if n == 1 { 503 } else { 502 },
                &json!({"results": ["busy"]}),
            );
        }
        page(r, 250)
    })
    .await;
    let kc = common::client(&server.base_url());
    let all = kc.scopes().list().any_status().all().await.unwrap();
    let names: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, (0..250).map(|i| format!("s{i}")).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 5);
}

#[tokio::test]
async fn a_next_page_failing_mid_stream_gives_the_first_pages_then_a_typed_error() {
    let server = TestServer::start(|r| {
        if r.record.query_values("offset") == ["200"] {
            return MockResponse::json(500, &json!({"results": ["Internal error"]}));
        }
        page(r, 250)
    })
    .await;
    let kc = common::client(&server.base_url());
    let mut stream = kc.scopes().list().stream();
    let mut got = 0;
    let err = loop {
        match stream.next().await {
            Some(Ok(_)) => got += 1,
            Some(Err(e)) => break e,
            None => panic!("the failure was swallowed"),
        }
    };
    assert_eq!(got, 200);
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail == "Internal error"),
        "{err:?}"
    );
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn malformed_json_and_dropped_connections_are_typed_errors() {
    let server = TestServer::start(|_| {
        MockResponse::status(200)
            .header("content-type", "application/json")
            .body(r#"{"results": [{"id": "x", "name": "#)
    })
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.scopes().list().one().await.unwrap_err();
    assert!(
        matches!(&err, Error::Core(platform_client_core::Error::Decode(d)) if d.path.starts_with("results[0]")),
        "{err:?}"
    );

    let wrong = TestServer::start(|_| {
        MockResponse::json(200, &json!({"results": [{"id": 5, "name": "x"}]}))
    })
    .await;
    let kc = common::client(&wrong.base_url());
    let err = kc.scopes().list().all().await.unwrap_err();
    assert!(
        matches!(&err, Error::Core(platform_client_core::Error::Decode(d)) if d.path == "results[0].id"),
        "{err:?}"
    );

    let gone = TestServer::start(|_| MockResponse::hang_up()).await;
    let kc = common::client(&gone.base_url());
    let err = kc.scopes().list().all().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Core(platform_client_core::Error::Transport { .. })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_failed_create_is_not_sent_twice() {
    let server =
        TestServer::start(|_| MockResponse::json(503, &json!({"results": ["maintenance"]}))).await;
    let kc = common::client(&server.base_url());
    assert_eq!(
        kc.scopes().create("x").send().await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(server.request_count(), 1, "POST is never re-sent");
}

#[tokio::test]
async fn every_error_answers_the_shared_predicate_table() {
    use platform_client_core::testing::{check_error_predicates, fast_retry};
    check_error_predicates(|url| async move {
        let kc = kechain_client::KechainClient::builder(url)
            .token("t")
            .no_proxy()
            .retry(fast_retry())
            .timeout(std::time::Duration::from_millis(200))
            .build()?;
        kc.scopes()
            .get("00000000-45cb-48c4-8457-63f50826a48f")
            .await
    })
    .await;
}

#[tokio::test]
async fn concurrent_pages_come_in_order_with_bounded_requests_in_flight() {
    let server =
        TestServer::start(|r| page(r, 1_050).delay(std::time::Duration::from_millis(20))).await;
    let kc = common::client(&server.base_url());
    let list = kc.scopes().list().any_status().page_size(50);
    let names: Vec<String> = list
        .clone()
        .concurrency(4)
        .prefetch(1)
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        names,
        (0..1_050).map(|i| format!("s{i}")).collect::<Vec<_>>()
    );
    assert!(
        server.max_in_flight() <= 4,
        "in flight: {}",
        server.max_in_flight()
    );
    assert!(server.max_in_flight() >= 2, "pages were requested together");
    let offsets = |from: usize| {
        let requests = server.requests();
        let mut offsets: Vec<u64> = requests[from..]
            .iter()
            .map(|r| {
                r.query_values("offset")
                    .first()
                    .map_or(0, |o| o.parse().unwrap())
            })
            .collect();
        offsets.sort_unstable();
        offsets
    };
    assert_eq!(
        offsets(0),
        (0..21).map(|i| i * 50).collect::<Vec<_>>(),
        "each page once"
    );

    // An exact limit: no page beyond it, the last one cut to fit.
    let before = server.request_count();
    let some = list.clone().limit(120).concurrency(3).all().await.unwrap();
    assert_eq!(some.len(), 120);
    assert_eq!(offsets(before), [0, 50, 100]);
    let asked: Vec<String> = server.requests()[before..]
        .iter()
        .map(|r| r.query_values("limit")[0].to_owned())
        .collect();
    assert!(
        asked.iter().filter(|l| *l == "20").count() == 1,
        "{asked:?}"
    );

    // Sequential lists keep pykechain's requests: the first page has no offset.
    let before = server.request_count();
    assert_eq!(list.clone().limit(10).all().await.unwrap().len(), 10);
    assert!(server.requests()[before].query_values("offset").is_empty());
    // `first` asks for one item.
    let before = server.request_count();
    let first = list.clone().first().await.unwrap().unwrap();
    assert_eq!(first.name, "s0");
    assert_eq!(server.requests()[before].query_values("limit"), ["1"]);
    assert_eq!(server.request_count(), before + 1);
    // A page size of 0 is refused before anything is sent.
    let before = server.request_count();
    let err = list.page_size(0).all().await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(server.request_count(), before);
}

#[tokio::test]
async fn first_of_an_empty_list_is_none() {
    let server = TestServer::start(|r| page(r, 0)).await;
    let kc = common::client(&server.base_url());
    assert!(kc.scopes().list().first().await.unwrap().is_none());
    assert!(kc.parts().list().first().await.unwrap().is_none());
    assert_eq!(server.request_count(), 2);
}
