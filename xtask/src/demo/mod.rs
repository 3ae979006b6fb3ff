//! `cargo xtask demo`: each client's quickstart against an embedded stand-in of its platform,
//! printed as a table.

mod ayon;
mod connect;
mod kechain;
mod provena;
mod vantage6;

use std::time::{Duration, Instant};

use platform_client_core::pagination::{content_range_total, json_array};
use platform_client_core::testing::{MockResponse, Received, TestServer, local_builder};
use platform_client_core::{Paginator, Request};
use serde_json::json;

/// One line of the demo table.
pub(crate) struct Row {
    pub(crate) platform: &'static str,
    pub(crate) step: String,
    pub(crate) outcome: String,
    pub(crate) requests: usize,
    pub(crate) elapsed: Duration,
}

/// The rows of one platform's part; the requests of each step are the stand-in's new ones.
pub(crate) struct Part {
    platform: &'static str,
    rows: Vec<Row>,
    seen: usize,
}

impl Part {
    /// A part whose first row names what it runs against.
    pub(crate) fn new(platform: &'static str, target: String) -> Self {
        let target = Row {
            platform,
            step: "target".into(),
            outcome: target,
            requests: 0,
            elapsed: Duration::ZERO,
        };
        Part {
            platform,
            rows: vec![target],
            seen: 0,
        }
    }

    /// Records a step: its outcome, when it started, and the stand-in's request total now.
    pub(crate) fn step(&mut self, step: &str, outcome: String, started: Instant, total: usize) {
        let requests = total.saturating_sub(self.seen);
        self.seen = total;
        self.rows.push(Row {
            platform: self.platform,
            step: step.into(),
            outcome,
            requests,
            elapsed: started.elapsed(),
        });
    }

    /// The rows.
    pub(crate) fn rows(self) -> Vec<Row> {
        self.rows
    }
}

/// Runs every part and prints the table.
pub(crate) fn run() -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("tokio runtime: {e}"))?;
    let mut rows = runtime.block_on(core_part())?;
    rows.extend(runtime.block_on(kechain::part())?);
    rows.extend(runtime.block_on(connect::part())?);
    rows.extend(runtime.block_on(vantage6::part())?);
    rows.extend(runtime.block_on(ayon::part())?);
    rows.extend(runtime.block_on(provena::part())?);
    print_table(&rows);
    Ok(())
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<12} {:<44} {:<40} {:>8} {:>9}",
        "platform", "step", "outcome", "requests", "time"
    );
    println!("{}", "-".repeat(117));
    for r in rows {
        println!(
            "{:<12} {:<44} {:<40} {:>8} {:>7.1}ms",
            r.platform,
            r.step,
            r.outcome,
            r.requests,
            r.elapsed.as_secs_f64() * 1000.0
        );
    }
}

/// The shared core on its own: a paged catalogue of 2 000 items with a flaky page.
async fn core_part() -> Result<Vec<Row>, String> {
    const TOTAL: u64 = 2_000;
    let flaky = std::sync::atomic::AtomicBool::new(true);
    let server = TestServer::start(move |r: &Received| {
        let q = |k: &str| {
            r.record
                .query_values(k)
                .first()
                .and_then(|v| v.parse::<u64>().ok())
        };
        let (offset, limit) = (q("offset").unwrap_or(0), q("limit").unwrap_or(100));
        if offset == 500 && flaky.swap(false, std::sync::atomic::Ordering::SeqCst) {
            return MockResponse::json(503, &json!({"detail": "briefly unavailable"}));
        }
        if r.record.path == "/api/items/missing" {
            return MockResponse::json(404, &json!({"detail": "Not found."}));
        }
        let end = (offset + limit).min(TOTAL);
        let items: Vec<_> = (offset..end)
            .map(|i| json!({"id": i, "name": format!("item {i}")}))
            .collect();
        MockResponse::json(200, &items)
            .header(
                "Content-Range",
                format!("items {offset}-{}/{TOTAL}", end.saturating_sub(1)),
            )
            .delay(Duration::from_millis(5))
    })
    .await;
    let client = local_builder(server.url("api"))
        .build()
        .map_err(|e| e.to_string())?;
    let pages = |c: &platform_client_core::HttpClient| {
        Paginator::<serde_json::Value>::offset_limit(
            c,
            Request::get("items"),
            "offset",
            "limit",
            100,
            json_array(content_range_total),
        )
    };
    let mut rows = Vec::new();
    let mut measure = |step: &str, outcome: String, started: Instant, server: &TestServer| {
        rows.push(Row {
            platform: "platform-client-core",
            step: step.to_owned(),
            outcome,
            requests: server.request_count(),
            elapsed: started.elapsed(),
        });
        server.clear();
    };

    let started = Instant::now();
    let all = pages(&client)
        .try_collect()
        .await
        .map_err(|e| e.to_string())?;
    measure(
        "stream all items, sequential pages",
        format!("{} items (one 503 retried)", all.len()),
        started,
        &server,
    );

    let started = Instant::now();
    let all = pages(&client)
        .concurrency(8)
        .try_collect()
        .await
        .map_err(|e| e.to_string())?;
    measure(
        "stream all items, 8 pages in flight",
        format!("{} items", all.len()),
        started,
        &server,
    );

    let started = Instant::now();
    let some = pages(&client)
        .limit(150)
        .prefetch(1)
        .try_collect()
        .await
        .map_err(|e| e.to_string())?;
    measure(
        "exact limit 150 with prefetch 1",
        format!("{} items", some.len()),
        started,
        &server,
    );

    let started = Instant::now();
    let err = client.send(Request::get("items/missing")).await.err();
    let outcome = err.map_or("unexpected success".to_owned(), |e| {
        format!(
            "typed error: HTTP {}, not_found={}",
            e.status().map_or(0, |s| s.as_u16()),
            e.is_not_found()
        )
    });
    measure("missing item", outcome, started, &server);
    Ok(rows)
}
