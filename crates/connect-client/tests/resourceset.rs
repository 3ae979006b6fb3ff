//! ResourceSet: the wire order of the query, Content-Range paging, count/first/slices,
//! values_list, faults.

#[path = "common.rs"]
mod common;

use std::sync::atomic::{AtomicBool, Ordering};

use connect_client::rql::R;
use futures_util::{StreamExt, TryStreamExt};
use platform_client_core::testing::{MockResponse, Received, TestServer};
use serde_json::json;

/// A collection of `total` items paged by `limit`/`offset` with `Content-Range`.
fn paged(total: usize) -> impl Fn(&Received) -> MockResponse {
    move |r| {
        let q = |k: &str| {
            r.record
                .query_values(k)
                .first()
                .and_then(|v| v.parse::<usize>().ok())
        };
        let (offset, limit) = (q("offset").unwrap_or(0), q("limit").unwrap_or(100));
        let end = (offset + limit).min(total);
        let items: Vec<_> = (offset.min(end)..end).map(|i| json!({"id": format!("PRD-{i:03}"), "n": i, "inner": {"title": format!("t{i}")}})).collect();
        let range = if items.is_empty() {
            format!("items 0-0/{total}")
        } else {
            format!("items {offset}-{}/{total}", end - 1)
        };
        MockResponse::json(200, &items).header("Content-Range", range)
    }
}

fn raw_queries(server: &TestServer) -> Vec<String> {
    server
        .received()
        .iter()
        .map(|r| {
            r.path_and_query
                .split_once('?')
                .map_or(String::new(), |(_, q)| q.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn the_query_string_keeps_the_reference_order() {
    let server = TestServer::start(paged(5)).await;
    let cc = common::client(&server);
    let rs = cc
        .collection("products")
        .list()
        .page_size(5)
        .order_by(["a"])
        .order_by(["-b"])
        .select(["x"])
        .select(["-y"])
        .filter(R::new().n("a").eq(1))
        .filter_rql("eq(b,2)")
        .search("s");
    rs.count().await.unwrap();
    cc.collection("products")
        .list()
        .search("hello world")
        .first()
        .await
        .unwrap();
    cc.collection("products")
        .list()
        .param("x", "1")
        .get(5)
        .await
        .unwrap();
    let sliced = cc
        .collection("products")
        .list()
        .page_size(2)
        .slice(1..4)
        .header("X-Trace", "t");
    sliced.try_collect().await.unwrap();
    let kwargs = R::kwargs([(
        "status__in",
        connect_client::rql::RqlValue::list(["a", "b"]),
    )]);
    let rows: Vec<_> = cc
        .collection("products")
        .filter(kwargs)
        .values_list(&["id"])
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 5);
    insta::assert_json_snapshot!("resourceset_requests", server.requests());
    assert_eq!(
        raw_queries(&server),
        [
            "select(x,-y)&and(eq(a,1),eq(b,2))&ordering(a,-b)&limit=0&offset=0&search=s",
            "limit=1&offset=0&search=hello+world",
            "x=1&limit=1&offset=5",
            "limit=2&offset=1",
            "limit=1&offset=3",
            "in(status,(a,b))&limit=100&offset=0",
        ]
    );
}

#[tokio::test]
async fn streams_every_page_by_content_range() {
    let server = TestServer::start(paged(250)).await;
    let cc = common::client(&server);
    let all = cc
        .collection("products")
        .list()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 250);
    assert_eq!(all[249]["id"], "PRD-249");
    assert_eq!(
        raw_queries(&server),
        [
            "limit=100&offset=0",
            "limit=100&offset=100",
            "limit=100&offset=200"
        ]
    );
    assert_eq!(cc.collection("products").list().count().await.unwrap(), 250);
}

#[tokio::test]
async fn slices_follow_the_reference_arithmetic() {
    let server = TestServer::start(paged(25)).await;
    let cc = ConnectClientExt::with_limit(&server, 10);
    let cases: [(std::ops::Range<i64>, Vec<&str>, usize); 4] = [
        (5..18, vec!["limit=10&offset=5", "limit=3&offset=15"], 13),
        (0..3, vec!["limit=3&offset=0"], 3),
        (20..40, vec!["limit=10&offset=20"], 5),
        (30..40, vec!["limit=10&offset=30"], 0),
    ];
    for (range, wire, n) in cases {
        server.clear();
        let items = cc
            .collection("p")
            .list()
            .slice(range.clone())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items.len(), n, "{range:?}");
        assert_eq!(raw_queries(&server), wire, "{range:?}");
    }
    server.clear();
    cc.collection("p")
        .list()
        .slice(10..20)
        .count()
        .await
        .unwrap();
    assert_eq!(
        raw_queries(&server),
        ["limit=0&offset=10"],
        "count keeps the slice offset"
    );
}

struct ConnectClientExt;
impl ConnectClientExt {
    fn with_limit(server: &TestServer, limit: u64) -> connect_client::ConnectClient {
        connect_client::ConnectClient::builder("ApiKey SU-1:x")
            .endpoint(server.url("public/v1"))
            .no_proxy()
            .default_limit(limit)
            .build()
            .unwrap()
    }
}

#[tokio::test]
async fn a_missing_content_range_means_one_page_and_count_is_a_typed_error() {
    let server =
        TestServer::start(|_| MockResponse::json(200, &json!([{"id": 1}, {"id": 2}]))).await;
    let cc = common::client(&server);
    let items = cc.collection("things").list().try_collect().await.unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(server.request_count(), 1);
    let err = cc.collection("things").list().count().await.unwrap_err();
    assert!(err.to_string().contains("Content-Range"), "{err}");
}

#[tokio::test]
async fn values_list_and_typed_items() {
    let server = TestServer::start(paged(3)).await;
    let cc = common::client(&server);
    let rows: Vec<_> = cc
        .collection("p")
        .list()
        .values_list(&["id", "inner.title", "nope.x"])
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows[2]["inner.title"], "t2");
    assert_eq!(rows[0]["nope.x"], serde_json::Value::Null);
    #[derive(serde::Deserialize)]
    struct Product {
        id: String,
        n: u32,
    }
    let typed: Vec<Product> = cc
        .collection("p")
        .list()
        .into_type::<Product>()
        .try_collect()
        .await
        .unwrap();
    assert_eq!((typed[1].id.as_str(), typed[1].n), ("PRD-001", 1));
    assert!(cc.collection("p").list().first().await.unwrap().is_some());
}

#[tokio::test]
async fn rql_values_with_special_characters_reach_the_server_intact() {
    let server = TestServer::start(paged(0)).await;
    let cc = common::client(&server);
    let tricky = "a&b #c=d,(e) ñ";
    cc.collection("p")
        .filter(R::new().n("name").eq(tricky))
        .count()
        .await
        .unwrap();
    let query = raw_queries(&server).pop().unwrap();
    let filter = query.split("&limit=").next().unwrap();
    assert!(
        !filter.contains('&') && !filter.contains(' ') && !filter.contains('#'),
        "{filter}"
    );
    // The server percent-decodes the query, then parses RQL: the value travels quoted.
    let decoded = platform_client_core::testing::percent_decode(filter);
    assert_eq!(decoded, format!("eq(name,\"{tricky}\")"));
}

#[tokio::test]
async fn faults_5xx_then_success_429_malformed_and_a_failing_page() {
    let flaky = AtomicBool::new(true);
    let inner = paged(250);
    let server = TestServer::start(move |r| {
        if r.record.query_values("offset") == ["100"] && flaky.swap(false, Ordering::SeqCst) {
            return MockResponse::json(503, &json!({"error_code": "X", "errors": ["busy"]}));
        }
        if r.record.query_values("offset") == ["200"] && r.record.query_values("search") == ["boom"]
        {
            return MockResponse::json(500, &json!({"error_code": "SYS", "errors": ["boom"]}));
        }
        inner(r)
    })
    .await;
    let cc = common::client(&server);
    let all = cc.collection("p").list().try_collect().await.unwrap();
    let ids: Vec<_> = all.iter().map(|i| i["n"].as_u64().unwrap()).collect();
    assert_eq!(
        ids,
        (0..250).collect::<Vec<_>>(),
        "the retried page loses and repeats nothing"
    );

    let mut stream = cc.collection("p").list().search("boom").stream();
    let mut got = 0;
    let err = loop {
        match stream.next().await {
            Some(Ok(_)) => got += 1,
            Some(Err(e)) => break e,
            None => panic!("the failing page was swallowed"),
        }
    };
    assert_eq!(got, 200);
    assert_eq!(err.error_code(), Some("SYS"));

    let limited = TestServer::start(|_| {
        MockResponse::json(429, &json!({"error_code": "RATE", "errors": ["slow"]}))
            .header("Retry-After", "0")
    })
    .await;
    let err = common::client(&limited)
        .collection("p")
        .list()
        .count()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(
        limited.request_count(),
        4,
        "429 is retried (the reference does not)"
    );

    let broken = TestServer::start(|_| {
        MockResponse::status(200)
            .header("content-type", "application/json")
            .body("[{\"id\": 1},")
    })
    .await;
    let err = common::client(&broken)
        .collection("p")
        .list()
        .try_collect()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            connect_client::Error::Core(platform_client_core::Error::Decode(_))
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn limit_is_the_total_page_size_the_page_and_all_a_vec() {
    let server = TestServer::start(paged(250)).await;
    let cc = common::client(&server);
    let some = cc.collection("products").list().page_size(40).limit(100);
    let items = some.all().await.unwrap();
    assert_eq!(items.len(), 100);
    assert_eq!(items[99]["id"], "PRD-099");
    let pages: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| {
            (
                r.query_values("limit")[0].to_owned(),
                r.query_values("offset")[0].to_owned(),
            )
        })
        .collect();
    let expected = [("40", "0"), ("40", "40"), ("20", "80")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(l, o)| (l.to_string(), o.to_string()))
        .collect();
    assert_eq!(
        pages, expected,
        "no page beyond the limit, the last one cut to fit"
    );
    // The limit counts from the set's start, and a later, smaller limit wins.
    let window = cc
        .collection("products")
        .list()
        .slice(10..200)
        .limit(5)
        .limit(3);
    let ids: Vec<_> = window
        .all()
        .await
        .unwrap()
        .iter()
        .map(|v| v["n"].clone())
        .collect();
    assert_eq!(ids, [json!(10), json!(11), json!(12)]);
    assert_eq!(cc.collection("products").all().await.unwrap().len(), 250);
    assert_eq!(
        cc.collection("products")
            .list()
            .limit(0)
            .all()
            .await
            .unwrap()
            .len(),
        0
    );
}
