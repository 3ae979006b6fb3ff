//! The KE-chain quickstart: against the server named by `KECHAIN_URL` (and its credentials)
//! when set, else against an embedded stand-in holding a realistic scope catalogue.

use std::time::Instant;

use kechain_client::testing::{Collection, KechainMock};
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

/// Runs the quickstart and returns its rows.
pub(crate) async fn part() -> Result<Vec<Row>, String> {
    let env = Env::discover().map_err(|e| e.to_string())?;
    let (mock, kc, target) = match env.get("KECHAIN_URL") {
        Some(url) => {
            let kc = KechainClient::builder_from_env(&env).and_then(|b| b.build());
            (None, kc.map_err(|e| e.to_string())?, url)
        }
        None => {
            let mock = KechainMock::start().await;
            let scopes = std::iter::once(scope(0, "Bike Project"))
                .chain((1..230).map(|i| scope(i, &format!("Project {i:03}"))));
            mock.mount(Collection::Scopes, scopes);
            let kc = KechainClient::builder(mock.base_url())
                .token("demo")
                .no_proxy()
                .page_size(50)
                .build();
            let kc = kc.map_err(|e| e.to_string())?;
            (Some(mock), kc, "embedded stand-in".to_owned())
        }
    };
    let mut seen = 0;
    let mut requests = || {
        let total = mock.as_ref().map_or(0, |m| m.requests().len());
        let new = total - seen;
        seen = total;
        new
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

    if mock.is_some() {
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
