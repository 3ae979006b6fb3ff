//! The blocking facade: single calls, paginated listings with read-ahead and concurrency, server
//! errors, and the refusal inside an async runtime (nothing sent, no panic).

use platform_client_core::blocking::Blocking;
use platform_client_core::pagination::{content_range_total, json_array};
use platform_client_core::testing::{MockResponse, Received, TestServer, local_builder};
use platform_client_core::{Error, HttpClient, Paginator, Request};
use serde_json::{Value, json};

const TOTAL: u64 = 95;

/// `GET /items?offset=&limit=` as a JSON array with `Content-Range`; `GET /missing` is a 404.
fn answer(r: &Received) -> MockResponse {
    let query = |key: &str| {
        let values = r.record.query_values(key);
        values.first().and_then(|v| v.parse::<u64>().ok())
    };
    if r.record.path != "/items" {
        return MockResponse::json(404, &json!({"detail": "no such route"}));
    }
    let offset = query("offset").unwrap_or(0);
    let end = (offset + query("limit").unwrap_or(10)).min(TOTAL);
    let items: Vec<u64> = (offset..end).collect();
    let range = format!("items {offset}-{}/{TOTAL}", end.saturating_sub(1));
    MockResponse::json(200, &items).header("Content-Range", range)
}

/// A test server on its own runtime (kept alive by the caller) and a blocking client for it.
fn setup() -> (tokio::runtime::Runtime, TestServer, Blocking<HttpClient>) {
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = server_rt.block_on(TestServer::start(answer));
    let client = local_builder(server.base_url()).build().unwrap();
    (server_rt, server, Blocking::new(client).unwrap())
}

fn items(client: &HttpClient) -> Paginator<u64> {
    let decode = json_array(content_range_total);
    Paginator::offset_limit(client, Request::get("items"), "offset", "limit", 10, decode)
}

#[test]
fn a_paginated_listing_is_a_plain_iterator() {
    let (_rt, server, b) = setup();
    let all: Result<Vec<u64>, Error> = b.iter(items).collect();
    assert_eq!(all.unwrap(), (0..TOTAL).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 10);

    let fast = b.iter(|c| items(c).prefetch(2).concurrency(3));
    let fast: Vec<u64> = fast.map(Result::unwrap).collect();
    assert_eq!(fast, (0..TOTAL).collect::<Vec<_>>());

    // Stopping early fetches no more than the pages in flight.
    let before = server.request_count();
    let first: Vec<u64> = b.iter(items).take(3).map(Result::unwrap).collect();
    assert_eq!(first, [0, 1, 2]);
    assert_eq!(server.request_count() - before, 1);
}

#[test]
fn single_calls_and_server_errors() {
    let (_rt, server, b) = setup();
    let page: Value = b
        .run(|c| c.send_json(Request::get("items").query("limit", 2)))
        .unwrap();
    assert_eq!(page, json!([0, 1]));
    let steps: Vec<u64> = b
        .run(|c| async move {
            let mut first = items(c).limit(3).try_collect().await?;
            first.extend(items(c).limit(1).try_collect().await?);
            Ok::<_, Error>(first)
        })
        .unwrap();
    assert_eq!(steps, [0, 1, 2, 0]);
    let error = b
        .run(|c| c.send_json::<Value>(Request::get("missing")))
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error.is_not_found(), "{error}");
    assert_eq!(server.request_count(), 4);
    // The async client stays usable, and comes back out.
    let _client: HttpClient = b.into_inner();
}

#[test]
fn inside_an_async_runtime_it_refuses_without_sending() {
    let (rt, server, b) = setup();
    rt.block_on(async {
        let error = b
            .run(|c| c.send_json::<Value>(Request::get("items")))
            .unwrap_err();
        assert!(matches!(error, Error::InsideAsyncRuntime), "{error:?}");
        assert!(error.never_sent());
        assert!(error.to_string().contains(".await"), "{error}");

        let mut listing = b.iter(items);
        let first = listing.next().expect("one item: the error");
        assert!(matches!(first, Err(Error::InsideAsyncRuntime)));
        assert!(listing.next().is_none());

        let client = local_builder(server.base_url()).build().unwrap();
        let refused = Blocking::new(client).unwrap_err();
        assert!(matches!(refused, Error::InsideAsyncRuntime), "{refused:?}");
    });
    assert_eq!(server.request_count(), 0);
}
