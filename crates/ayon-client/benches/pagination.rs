//! GraphQL listing benchmark (`cargo xtask bench -p ayon-client`): prints figures, asserts
//! nothing about time.
//!
//! 1. Memory: 100 000 folders in pages of 300; the most items alive at once while streaming
//!    with `prefetch(n)` (bounded by `(n + 1) * 300` plus the item being looked at).
//! 2. CPU: the same folders (~0.9 KB each, `data` and `allAttrib` as JSON text, as the server
//!    sends them) through our stream versus a bare reqwest loop posting the same queries and
//!    decoding the same pages into typed structs (process CPU time; the in-process server's
//!    work is in both).
//! 3. Latency: 20 000 folders, the server answering each page after 20 ms. Cursor pages come
//!    one after the other (each needs the previous cursor), so prefetch overlaps the
//!    consumer's work with the next request but cannot overlap requests.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use ayon_client::models::Entity;
use ayon_client::{AyonClient, TryStreamExt};
use platform_client_core::testing::{
    MockResponse, Received, TestServer, connection_cursor, process_cpu_time,
};
use serde::Deserialize;
use serde_json::{Value, json};

const PAGE: usize = 300;

static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

/// A folder that counts how many are alive.
#[allow(dead_code)] // fields are decoded to pay the real cost
struct Counted {
    id: String,
    path: String,
    active: bool,
}

impl<'de> Deserialize<'de> for Counted {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            id: String,
            path: String,
            active: bool,
        }
        let raw = Raw::deserialize(d)?;
        let now = LIVE.fetch_add(1, Ordering::Relaxed) + 1;
        PEAK.fetch_max(now, Ordering::Relaxed);
        Ok(Counted {
            id: raw.id,
            path: raw.path,
            active: raw.active,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Entity for Counted {
    fn is_active(&self) -> Option<bool> {
        Some(self.active)
    }
}

fn folder(i: usize) -> Value {
    let attrib = json!({"fps": 25.0, "frameStart": 1001, "frameEnd": 1100 + i % 50, "handleStart": 8,
        "handleEnd": 8, "resolutionWidth": 1920, "resolutionHeight": 1080, "pixelAspect": 1.0,
        "clipIn": 1, "clipOut": 100, "priority": "normal", "description": format!("Shot number {i} of the sequence")});
    let data = json!({"shotgridId": 10_000 + i, "notes": "imported from the editorial cut", "tags": ["a", "b"]});
    json!({"id": format!("{i:032x}"), "name": format!("sh{i:06}"), "label": format!("Shot {i}"),
        "folderType": "Shot", "parentId": format!("{:032x}", i / 1000 + 1),
        "path": format!("/episodes/ep{:03}/sq{:03}/sh{i:06}", i / 10_000, i / 1000),
        "status": "In progress", "tags": ["layout", "anim"], "thumbnailId": null, "active": true,
        "data": data.to_string(), "allAttrib": attrib.to_string()})
}

/// Answers `FoldersQuery` pages of 300 over `total` folders (pre-serialized, so the server
/// costs little next to the client), the next page after the cursor in the query.
fn handler(total: usize, delay: Duration) -> impl Fn(&Received) -> MockResponse {
    let pages: Vec<Vec<u8>> = (0..total.div_ceil(PAGE))
        .map(|k| {
            let end = ((k + 1) * PAGE).min(total);
            let edges: Vec<Value> = (k * PAGE..end).map(|i| json!({"node": folder(i)})).collect();
            let answer = json!({"data": {"project": {"folders": {"edges": edges,
                "pageInfo": {"endCursor": connection_cursor(end - 1), "hasNextPage": end < total}}}}});
            serde_json::to_vec(&answer).unwrap_or_default()
        })
        .collect();
    move |r| {
        let body = String::from_utf8_lossy(&r.body);
        let start = body
            .split("after: \\\"")
            .nth(1)
            .and_then(|rest| rest.split("\\\"").next())
            .and_then(|cursor| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(cursor)
                    .ok()
            })
            .and_then(|bytes| serde_json::from_slice::<[usize; 1]>(&bytes).ok())
            .map_or(0, |[i]| i + 1);
        let response = MockResponse::status(200)
            .header("content-type", "application/json")
            .body(pages.get(start / PAGE).cloned().unwrap_or_default());
        if delay.is_zero() {
            response
        } else {
            response.delay_precise(delay)
        }
    }
}

fn client(server: &TestServer) -> AyonClient {
    AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("bench-key")
        .build()
        .expect("client")
}

async fn ours_counted(server: &TestServer, prefetch: usize) -> usize {
    LIVE.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    let mut stream = client(server)
        .folders()
        .list("bench")
        .into_type::<Counted>()
        .prefetch(prefetch)
        .stream();
    let mut n = 0;
    while let Some(item) = stream.try_next().await.expect("page") {
        n += usize::from(!item.id.is_empty());
    }
    n
}

async fn ours(server: &TestServer, prefetch: usize) -> (usize, Duration, Duration) {
    let (cpu, wall) = (process_cpu_time(), Instant::now());
    let mut stream = client(server)
        .folders()
        .list("bench")
        .prefetch(prefetch)
        .stream();
    let mut n = 0;
    while let Some(folder) = stream.try_next().await.expect("page") {
        n += usize::from(!folder.attrib.is_empty());
    }
    (n, process_cpu_time() - cpu, wall.elapsed())
}

/// The floor: the same queries with reqwest, each page decoded into typed structs and the JSON
/// text fields parsed.
async fn bare(server: &TestServer) -> (usize, Duration, Duration) {
    #[derive(Deserialize)]
    struct Answer {
        data: Data,
    }
    #[derive(Deserialize)]
    struct Data {
        project: Project,
    }
    #[derive(Deserialize)]
    struct Project {
        folders: Connection,
    }
    #[derive(Deserialize)]
    struct Connection {
        edges: Vec<Edge>,
        #[serde(rename = "pageInfo")]
        page_info: PageInfo,
    }
    #[derive(Deserialize)]
    struct PageInfo {
        #[serde(rename = "endCursor")]
        end_cursor: Option<String>,
        #[serde(rename = "hasNextPage")]
        has_next_page: bool,
    }
    #[derive(Deserialize)]
    struct Edge {
        node: Node,
    }
    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Node {
        id: String,
        name: String,
        label: Option<String>,
        folder_type: String,
        parent_id: Option<String>,
        path: String,
        status: String,
        tags: Vec<String>,
        thumbnail_id: Option<String>,
        active: bool,
        data: String,
        all_attrib: String,
    }
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest");
    let query = "query FoldersQuery($projectName: String!) { project(name: $projectName) { folders(first: 300AFTER) { edges { node { id name label folderType parentId path status tags thumbnailId active data allAttrib } } pageInfo { endCursor hasNextPage } } } }";
    let (cpu, wall) = (process_cpu_time(), Instant::now());
    let (mut n, mut after) = (0, None::<String>);
    loop {
        let text = query.replace(
            "AFTER",
            &after
                .as_ref()
                .map(|c| format!(", after: \"{c}\""))
                .unwrap_or_default(),
        );
        let body = json!({"query": text, "variables": {"projectName": "bench"}});
        let bytes = http
            .post(format!("{}/graphql", server.base_url()))
            .header("x-api-key", "bench-key")
            .json(&body)
            .send()
            .await
            .expect("send")
            .bytes()
            .await
            .expect("body");
        let answer: Answer = serde_json::from_slice(&bytes).expect("decode");
        for edge in answer.data.project.folders.edges {
            let data: Value = serde_json::from_str(&edge.node.data).expect("data");
            let attrib: Value = serde_json::from_str(&edge.node.all_attrib).expect("attrib");
            n += usize::from(data.is_object() && attrib.is_object());
        }
        let info = answer.data.project.folders.page_info;
        if !info.has_next_page {
            break;
        }
        after = info.end_cursor;
    }
    (n, process_cpu_time() - cpu, wall.elapsed())
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        const TOTAL: usize = 100_000;
        let server = TestServer::start(handler(TOTAL, Duration::ZERO)).await;
        // `AYON_BENCH_PROFILE=ours|bare`: one pass of one side only (for a profiler).
        if let Ok(side) = std::env::var("AYON_BENCH_PROFILE") {
            let (n, cpu, _) = match side.as_str() {
                "bare" => bare(&server).await,
                "none" => (0, Duration::ZERO, Duration::ZERO),
                _ => ours(&server, 0).await,
            };
            println!("{side}: {n} items, {:.0} ms CPU", cpu.as_secs_f64() * 1e3);
            return;
        }
        println!("ayon-client GraphQL listing benchmark ({TOTAL} folders, pages of {PAGE})");
        for prefetch in [0, 1, 4] {
            let n = ours_counted(&server, prefetch).await;
            assert_eq!(n, TOTAL);
            println!("  prefetch({prefetch}): at most {} items alive (bound {})", PEAK.load(Ordering::SeqCst), (prefetch + 1) * PAGE + 1);
        }
        let _ = bare(&server).await; // warm-up
        let mut ratios = Vec::new();
        for _ in 0..5 {
            let (n, ours_cpu, ours_wall) = ours(&server, 0).await;
            let (m, bare_cpu, bare_wall) = bare(&server).await;
            assert_eq!((n, m), (TOTAL, TOTAL));
            let ratio = ours_cpu.as_secs_f64() / bare_cpu.as_secs_f64().max(1e-9);
            ratios.push(ratio);
            println!("  CPU: ours {:>6.0} ms (wall {:>6.0} ms), bare reqwest floor {:>6.0} ms (wall {:>6.0} ms): {ratio:.2}x",
                ours_cpu.as_secs_f64() * 1e3, ours_wall.as_secs_f64() * 1e3, bare_cpu.as_secs_f64() * 1e3, bare_wall.as_secs_f64() * 1e3);
        }
        ratios.sort_by(f64::total_cmp);
        println!("  CPU ours/floor, median of 5: {:.2}x", ratios[2]);

        const SLOW: usize = 20_000;
        let slow = TestServer::start(handler(SLOW, Duration::from_millis(20))).await;
        for prefetch in [0, 2] {
            let (n, _, wall) = ours(&slow, prefetch).await;
            assert_eq!(n, SLOW);
            println!("  {SLOW} folders at 20 ms a page, prefetch({prefetch}): {:.0} ms ({} pages)", wall.as_secs_f64() * 1e3, SLOW.div_ceil(PAGE));
        }
    });
}
