//! The KE-chain quickstart: against the server named by `KECHAIN_URL` (and its credentials)
//! when set, else against an embedded stand-in holding a realistic scope catalogue.

use std::sync::Mutex;
use std::time::Instant;

use client_core::testing::{MockResponse, Received, TestServer};
use kechain_client::{Env, KechainClient};
use serde_json::{Value, json};

use super::Row;

fn scope(i: usize, name: &str) -> Value {
    json!({
        "id": format!("{i:08x}-45cb-48c4-8457-63f50826a48f"), "name": name, "ref": name.to_lowercase().replace(' ', "-"),
        "text": "", "status": "ACTIVE", "category": "USER_SCOPE", "progress": 40.0, "tags": ["demo"],
        "members": [{"id": 3, "username": "ann", "name": "Ann", "is_manager": true}],
        "team_id_name": null, "start_date": "2026-01-05T00:00:00+00:00", "due_date": null
    })
}

/// A KE-chain stand-in: `GET/POST api/v3/scopes.json` over 230 scopes, paged by `limit`/`offset`.
fn stand_in() -> impl Fn(&Received) -> MockResponse {
    let scopes = Mutex::new(
        std::iter::once(scope(0, "Bike Project"))
            .chain((1..230).map(|i| scope(i, &format!("Project {i:03}"))))
            .collect::<Vec<_>>(),
    );
    move |r| {
        let Ok(mut all) = scopes.lock() else {
            return MockResponse::status(500);
        };
        match (r.record.method.as_str(), r.record.path.as_str()) {
            ("GET", "/api/v3/scopes.json") => {
                let q = |k: &str| r.record.query_values(k).first().map(|v| v.to_string());
                let rows: Vec<&Value> = all
                    .iter()
                    .filter(|s| q("name").is_none_or(|n| s["name"] == n.as_str()))
                    .collect();
                let offset: usize = q("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
                let limit: usize = q("limit")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(rows.len());
                let page: Vec<&Value> = rows.iter().skip(offset).take(limit).copied().collect();
                let next = (offset + limit < rows.len()).then(|| {
                    format!(
                        "https://kechain.internal/api/v3/scopes.json?limit={limit}&offset={}",
                        offset + limit
                    )
                });
                MockResponse::json(
                    200,
                    &json!({"count": rows.len(), "next": next, "results": page}),
                )
            }
            ("POST", "/api/v3/scopes.json") => {
                let RecordedBodyName(name) = RecordedBodyName::from(r);
                let created = scope(all.len(), &name);
                all.push(created.clone());
                MockResponse::json(201, &json!({"results": [created]}))
            }
            _ => MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
        }
    }
}

struct RecordedBodyName(String);

impl From<&Received> for RecordedBodyName {
    fn from(r: &Received) -> Self {
        let name = match &r.record.body {
            client_core::testing::RecordedBody::Form(pairs) => pairs
                .iter()
                .find(|(k, _)| k == "name")
                .map(|(_, v)| v.clone()),
            _ => None,
        };
        RecordedBodyName(name.unwrap_or_default())
    }
}

/// Runs the quickstart and returns its rows.
pub(crate) async fn part() -> Result<Vec<Row>, String> {
    let env = Env::discover().map_err(|e| e.to_string())?;
    let (server, kc, target) = match env.get("KECHAIN_URL") {
        Some(url) => {
            let kc = KechainClient::builder_from_env(&env).and_then(|b| b.build());
            (None, kc.map_err(|e| e.to_string())?, url)
        }
        None => {
            let server = TestServer::start(stand_in()).await;
            let kc = KechainClient::builder(server.base_url())
                .token("demo")
                .no_proxy()
                .page_size(50)
                .build();
            (
                Some(server),
                kc.map_err(|e| e.to_string())?,
                "embedded stand-in".to_owned(),
            )
        }
    };
    let requests = || {
        server.as_ref().map_or(0, |s| {
            let n = s.request_count();
            s.clear();
            n
        })
    };
    let mut rows = Vec::new();
    let mut row = |step: &str, outcome: String, started: Instant, requests: usize| {
        rows.push(Row {
            platform: "kechain",
            step: step.to_owned(),
            outcome,
            requests,
            elapsed: started.elapsed(),
        });
    };
    row("target", target, Instant::now(), 0);

    let started = Instant::now();
    let outcome = match kc.scopes().list().name("Bike Project").one().await {
        Ok(s) => format!("{} ({} members)", s.name, s.members.len()),
        Err(e) => format!("error: {e}"),
    };
    row("scope named `Bike Project`", outcome, started, requests());

    let started = Instant::now();
    let outcome = match kc.scopes().list().limit(120).all().await {
        Ok(all) => format!("{} scopes (exact limit 120)", all.len()),
        Err(e) => format!("error: {e}"),
    };
    row("first 120 active scopes", outcome, started, requests());

    if server.is_some() {
        let started = Instant::now();
        let outcome = match kc.scopes().create("Demo scope").tags(["demo"]).send().await {
            Ok(s) => format!("created {}", s.id),
            Err(e) => format!("error: {e}"),
        };
        row(
            "create a scope (form-encoded)",
            outcome,
            started,
            requests(),
        );
    }

    let started = Instant::now();
    let outcome = match kc.scopes().get("not-a-uuid").await {
        Err(e) => format!("rejected before sending: {}", e.is_invalid_input()),
        Ok(_) => "unexpected success".to_owned(),
    };
    row("bad id", outcome, started, requests());
    Ok(rows)
}
