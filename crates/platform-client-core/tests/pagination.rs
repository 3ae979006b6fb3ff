//! Paginator strategies, exact limits, read-ahead bounds, concurrency and retried pages.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::time::Duration;

use platform_client_core::pagination::{
    content_range_total, header_total, json_array, json_envelope,
};
use platform_client_core::reexports::{StreamExt, TryStreamExt};
use platform_client_core::testing::{MockResponse, Received, TestServer, local_builder};
use platform_client_core::{HttpClient, PageData, Paginator, Request};
use serde_json::json;

const TOTAL: u64 = 95;

fn query_u64(r: &Received, key: &str) -> Option<u64> {
    r.record
        .query_values(key)
        .first()
        .and_then(|v| v.parse().ok())
}

/// `GET /items?offset=&limit=` answering a JSON array with `Content-Range`.
fn offset_server(fail_once_at: Option<u64>) -> impl Fn(&Received) -> MockResponse {
    let failed = AtomicBool::new(false);
    move |r| {
        let offset = query_u64(r, "offset").unwrap_or(0);
        let limit = query_u64(r, "limit").unwrap_or(10);
        if Some(offset) == fail_once_at && !failed.swap(true, Ordering::SeqCst) {
            return MockResponse::json(503, &json!({"detail": "busy"}));
        }
        let end = (offset + limit).min(TOTAL);
        let items: Vec<u64> = (offset..end).collect();
        MockResponse::json(200, &items).header(
            "Content-Range",
            format!("items {}-{}/{TOTAL}", offset, end.saturating_sub(1)),
        )
    }
}

fn offset_paginator(client: &HttpClient) -> Paginator<u64> {
    Paginator::offset_limit(
        client,
        Request::get("items"),
        "offset",
        "limit",
        10,
        json_array(content_range_total),
    )
}

#[tokio::test]
async fn offset_limit_walks_every_page_once() {
    let server = TestServer::start(offset_server(None)).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = offset_paginator(&client).try_collect().await.unwrap();
    assert_eq!(all, (0..TOTAL).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 10);
    let offsets: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.query_values("offset")[0].to_owned())
        .collect();
    assert_eq!(offsets[..3], ["0", "10", "20"]);
}

#[tokio::test]
async fn limit_is_exact_and_requests_nothing_beyond() {
    let server = TestServer::start(offset_server(None)).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let some = offset_paginator(&client)
        .limit(25)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(some, (0..25).collect::<Vec<_>>());
    let limits: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.query_values("limit")[0].to_owned())
        .collect();
    assert_eq!(
        limits,
        ["10", "10", "5"],
        "the last page asks only for what is left"
    );
    server.clear();
    assert!(
        offset_paginator(&client)
            .limit(0)
            .try_collect()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_retried_page_loses_and_repeats_nothing() {
    let server = TestServer::start(offset_server(Some(40))).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = offset_paginator(&client)
        .prefetch(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (0..TOTAL).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 11, "one page fetched twice");
}

#[tokio::test]
async fn a_page_failing_mid_stream_ends_it_with_a_typed_error() {
    let server = TestServer::start(|r: &Received| {
        let offset = query_u64(r, "offset").unwrap_or(0);
        if offset == 20 {
            return MockResponse::json(500, &json!({"detail": "boom"}));
        }
        let items: Vec<u64> = (offset..offset + 10).collect();
        MockResponse::json(200, &items).header(
            "Content-Range",
            format!("items {offset}-{}/100", offset + 9),
        )
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let mut stream = offset_paginator(&client);
    let mut got = Vec::new();
    let err = loop {
        match stream.next().await {
            Some(Ok(v)) => got.push(v),
            Some(Err(e)) => break e,
            None => panic!("the stream ended without the error"),
        }
    };
    assert_eq!(got, (0..20).collect::<Vec<_>>());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(stream.next().await.is_none(), "nothing after the error");
}

#[tokio::test]
async fn page_number_with_total_count_header() {
    let server = TestServer::start(|r: &Received| {
        let page = query_u64(r, "page").unwrap();
        let per = query_u64(r, "per_page").unwrap();
        let start = (page - 1) * per;
        let items: Vec<u64> = (start..(start + per).min(23)).collect();
        MockResponse::json(200, &json!({"data": items, "links": {}})).header("total-count", "23")
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let decode = Arc::new(|resp: &platform_client_core::Response| {
        let mut page: PageData<u64> = json_envelope::<u64>("data", None, None)(resp)?;
        page.total = header_total(resp.headers(), "total-count");
        Ok(page)
    });
    let pages: Vec<_> = Paginator::page_number(
        &client,
        Request::get("task"),
        "page",
        "per_page",
        10,
        1,
        decode,
    )
    .pages()
    .try_collect()
    .await
    .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].items, vec![20, 21, 22]);
    assert_eq!(pages[0].total, Some(23));
}

#[tokio::test]
async fn next_links_absolute_or_relative_are_rebased_onto_the_base_url() {
    let retried = AtomicBool::new(false);
    let server = TestServer::start(move |r: &Received| {
        let page = query_u64(r, "page").unwrap_or(1);
        let next = match page {
            1 => json!("https://internal.example:8443/api/v3/parts.json?page=2&limit=3"),
            2 => json!("/api/v3/parts.json?page=3&limit=3"),
            _ => json!(null),
        };
        if page == 2 && !retried.swap(true, Ordering::SeqCst) {
            return MockResponse::status(502);
        }
        let start = (page - 1) * 3;
        MockResponse::json(200, &json!({"count": 8, "next": next, "results": (start..(start + 3).min(8)).collect::<Vec<_>>()}))
    })
    .await;
    let client = local_builder(server.url("api")).build().unwrap();
    let decoder = json_envelope::<u64>("results", Some("next"), Some("count"));
    let req = Request::get("v3/parts.json").query("limit", 3);
    let all = Paginator::next_link(&client, req.clone(), decoder.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (0..8).collect::<Vec<_>>());
    let paths: Vec<_> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert!(paths.iter().all(|p| p == "/api/v3/parts.json"), "{paths:?}");
    // An exact limit stops in the middle of a page and fetches no further page.
    server.clear();
    let four = Paginator::next_link(&client, req, decoder)
        .limit(4)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(four, vec![0, 1, 2, 3]);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn opaque_cursor() {
    let server = TestServer::start(|r: &Received| {
        let after = r
            .record
            .query_values("after")
            .first()
            .map(|s| s.to_string());
        let (items, next) = match after.as_deref() {
            None => (vec![1, 2], json!("c1")),
            Some("c1") => (vec![3], json!("c2")),
            _ => (vec![], json!(null)),
        };
        MockResponse::json(200, &json!({"items": items, "cursor": next}))
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = Paginator::cursor(
        &client,
        |c| Request::get("records").query_opt("after", c),
        json_envelope::<u64>("items", Some("cursor"), None),
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(all, vec![1, 2, 3]);
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn concurrency_fetches_pages_at_once_and_keeps_order() {
    let inner = offset_server(None);
    let server = TestServer::start(move |r| inner(r).delay(Duration::from_millis(100))).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = offset_paginator(&client)
        .concurrency(4)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (0..TOTAL).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 10);
    assert!(
        server.max_in_flight() > 1 && server.max_in_flight() <= 4,
        "{}",
        server.max_in_flight()
    );

    let sequential = TestServer::start(offset_server(None)).await;
    let client = local_builder(sequential.base_url()).build().unwrap();
    offset_paginator(&client).try_collect().await.unwrap();
    assert_eq!(sequential.max_in_flight(), 1);
}

#[tokio::test]
async fn the_first_wave_goes_out_together_and_pages_beyond_the_total_are_dropped() {
    // The first page answers after 500 ms: with 4 in flight, pages 1..3 are requested while
    // it is still pending (they do not wait for its total).
    let first_arrival = Arc::new(std::sync::Mutex::new(None::<std::time::Instant>));
    let early = Arc::new(AtomicUsize::new(0));
    let inner = offset_server(None);
    let (arrival, count) = (first_arrival.clone(), early.clone());
    let server = TestServer::start(move |r| {
        let now = std::time::Instant::now();
        let offset = query_u64(r, "offset").unwrap_or(0);
        let mut first = arrival.lock().unwrap();
        let first = *first.get_or_insert(now);
        if offset > 0 && now.duration_since(first) < Duration::from_millis(250) {
            count.fetch_add(1, Ordering::SeqCst);
        }
        let delay = if offset == 0 { 500 } else { 1 };
        inner(r).delay(Duration::from_millis(delay))
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = offset_paginator(&client)
        .concurrency(4)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (0..TOTAL).collect::<Vec<_>>());
    assert_eq!(
        early.load(Ordering::SeqCst),
        3,
        "pages 1..3 left with page 0"
    );
    assert_eq!(server.request_count(), 10, "no page is fetched twice");

    // A set smaller than the wave: the early pages beyond it come back empty and are dropped.
    let small = TestServer::start(|r: &Received| {
        let offset = query_u64(r, "offset").unwrap_or(0);
        let end = (offset + 10).min(15);
        let items: Vec<u64> = (offset.min(end)..end).collect();
        MockResponse::json(200, &items).header(
            "Content-Range",
            format!("items {offset}-{}/15", end.max(1) - 1),
        )
    })
    .await;
    let client = local_builder(small.base_url()).build().unwrap();
    let all = offset_paginator(&client)
        .concurrency(8)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (0..15).collect::<Vec<_>>(), "no item lost or repeated");
    assert!(small.request_count() <= 8, "{}", small.request_count());

    // A limit bounds the early wave: 15 items need 2 pages of 10.
    let limited = TestServer::start(offset_server(None)).await;
    let client = local_builder(limited.base_url()).build().unwrap();
    let first = offset_paginator(&client)
        .concurrency(8)
        .limit(15)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first, (0..15).collect::<Vec<_>>());
    assert_eq!(limited.request_count(), 2);
}

static LIVE: AtomicI64 = AtomicI64::new(0);

/// An item that counts how many of its kind are alive.
#[derive(Debug)]
struct Tracked;

impl<'de> serde::Deserialize<'de> for Tracked {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u64::deserialize(d)?;
        LIVE.fetch_add(1, Ordering::SeqCst);
        Ok(Tracked)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn read_ahead_is_bounded_by_prefetch_whatever_the_total() {
    let server = TestServer::start(|r: &Received| {
        let offset = query_u64(r, "offset").unwrap_or(0);
        let items: Vec<u64> = (offset..offset + 10).collect();
        MockResponse::json(200, &items).header(
            "Content-Range",
            format!("items {offset}-{}/5000", offset + 9),
        )
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let mut stream = Paginator::offset_limit(
        &client,
        Request::get("items"),
        "offset",
        "limit",
        10,
        json_array::<Tracked>(content_range_total),
    )
    .prefetch(2);
    let first = stream.try_next().await.unwrap();
    assert!(first.is_some());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        server.request_count(),
        3,
        "the page being read plus 2 ahead, no more"
    );
    let max_live = AtomicI64::new(0);
    let counter = AtomicUsize::new(1);
    while let Some(item) = stream.try_next().await.unwrap() {
        max_live.fetch_max(LIVE.load(Ordering::SeqCst), Ordering::SeqCst);
        counter.fetch_add(1, Ordering::SeqCst);
        drop(item);
        if counter.load(Ordering::SeqCst).is_multiple_of(97) {
            tokio::task::yield_now().await;
        }
    }
    drop(first);
    assert_eq!(counter.load(Ordering::SeqCst), 5000);
    assert!(
        max_live.load(Ordering::SeqCst) <= 30,
        "at most (prefetch + 1) pages alive: {}",
        max_live.load(Ordering::SeqCst)
    );
    assert_eq!(LIVE.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn dropping_a_prefetching_stream_stops_fetching() {
    let server = TestServer::start(offset_server(None)).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let mut stream = offset_paginator(&client).prefetch(3);
    stream.next().await.unwrap().unwrap();
    drop(stream);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let seen = server.request_count();
    assert!(seen <= 4, "{seen}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.request_count(), seen);
}

#[tokio::test]
async fn a_server_capping_the_page_size_loses_nothing() {
    // Asked for 50 per page, the server never returns more than 7.
    let server = TestServer::start(|r: &Received| {
        let offset = query_u64(r, "offset").unwrap_or(0);
        let limit = query_u64(r, "limit").unwrap_or(10).min(7);
        let end = (offset + limit).min(TOTAL);
        let items: Vec<u64> = (offset..end).collect();
        MockResponse::json(200, &items).header(
            "Content-Range",
            format!("items {offset}-{}/{TOTAL}", end.saturating_sub(1)),
        )
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let p = || {
        Paginator::offset_limit(
            &client,
            Request::get("items"),
            "offset",
            "limit",
            50,
            json_array::<u64>(content_range_total),
        )
    };
    assert_eq!(
        p().try_collect().await.unwrap(),
        (0..TOTAL).collect::<Vec<_>>()
    );
    assert_eq!(
        p().concurrency(4).try_collect().await.unwrap(),
        (0..TOTAL).collect::<Vec<_>>(),
        "a short first page turns concurrency off"
    );
}

#[tokio::test]
async fn an_inflated_total_stops_at_the_first_empty_page() {
    let server = TestServer::start(|r: &Received| {
        let offset = query_u64(r, "offset").unwrap_or(0);
        let end = (offset + 10).min(30);
        let items: Vec<u64> = (offset..end).collect();
        MockResponse::json(200, &items).header(
            "Content-Range",
            format!("items {offset}-{}/18446744073709551615", offset + 9),
        )
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = offset_paginator(&client)
        .concurrency(3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (0..30).collect::<Vec<_>>());
    assert!(server.request_count() <= 6, "{}", server.request_count());
}

#[tokio::test]
async fn empty_filtered_pages_with_a_cursor_go_on_and_a_repeated_cursor_stops() {
    let server = TestServer::start(|r: &Received| {
        let after = r
            .record
            .query_values("after")
            .first()
            .map(|s| s.to_string());
        let (items, next) = match after.as_deref() {
            None => (vec![1], json!("c1")),
            Some("c1") => (vec![], json!("c2")),
            Some("c2") => (vec![2], json!("c3")),
            _ => (vec![3], json!("c3")),
        };
        MockResponse::json(200, &json!({"items": items, "cursor": next}))
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let all = Paginator::cursor(
        &client,
        |c| Request::get("r").query_opt("after", c),
        json_envelope::<u64>("items", Some("cursor"), None),
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(all, vec![1, 2, 3]);
    assert_eq!(server.request_count(), 4, "c3 came back twice: stop");
}
