//! The vantage6 quickstart against the `testing` stand-in, or the real server named by
//! `V6_URL` (e.g. after `cargo xtask v6 up` and `. target/v6/env`; logs in as root/root).

use std::time::Instant;

use serde_json::json;
use vantage6_client::Vantage6Client;
use vantage6_client::testing::{Collection, Vantage6Mock};

use super::Row;

/// Runs the quickstart and returns its rows.
pub(crate) async fn part() -> Result<Vec<Row>, String> {
    let real = std::env::var("V6_URL").ok().filter(|u| !u.is_empty());
    let mock = match &real {
        Some(_) => None,
        None => Some(seeded_mock().await),
    };
    let v6 = match (&mock, &real) {
        (Some(m), _) => m.anonymous_client(),
        (None, Some(url)) => Vantage6Client::builder(url)
            .no_proxy()
            .build()
            .map_err(|e| e.to_string())?,
        (None, None) => unreachable!("either the real server or the stand-in"),
    };
    let mut seen = 0;
    let mut count_requests = || {
        let total = mock.as_ref().map_or(0, |m| m.requests().len());
        let new = total - seen;
        seen = total;
        new
    };
    let mut rows = vec![Row {
        platform: "vantage6",
        step: "target".into(),
        outcome: real.clone().unwrap_or_else(|| "embedded stand-in".into()),
        requests: 0,
        elapsed: Default::default(),
    }];
    let mut step = |step: &str, outcome: String, started: Instant, requests: usize| {
        rows.push(Row {
            platform: "vantage6",
            step: step.into(),
            outcome,
            requests,
            elapsed: started.elapsed(),
        });
    };

    let started = Instant::now();
    let outcome = match v6.authenticate("root", "root", None).await {
        Ok(o) => match o.whoami() {
            Some(me) => format!("{} of {} (user {})", me.name, me.organization_name, me.id),
            None => format!("{o:?}"),
        },
        Err(e) => format!("error: {e}"),
    };
    step("log in, whoami", outcome, started, count_requests());

    let started = Instant::now();
    let outcome = match v6.rule().list().per_page(10).send().await {
        Ok(page) => format!(
            "{} rules, page 1 holds {}",
            page.total_count.unwrap_or(0),
            page.data.len()
        ),
        Err(e) => format!("error: {e}"),
    };
    step("first page of rules", outcome, started, count_requests());

    let started = Instant::now();
    let outcome = match v6.rule().list().per_page(10).all().await {
        Ok(all) => format!("{} rules over every page", all.len()),
        Err(e) => format!("error: {e}"),
    };
    step("stream all rules", outcome, started, count_requests());

    if let Some(m) = &mock {
        let started = Instant::now();
        let created = v6
            .task()
            .create(1, &[2, 3], "average", "harbor2.vantage6.ai/demo/average")
            .input(json!({"method": "partial_average", "kwargs": {"column": "age"}}))
            .send()
            .await;
        let outcome = match created {
            Ok(task) => {
                m.complete_task(task.id, &json!({"average": 42.5, "n": 10}));
                match v6.wait_for_results(task.id).await {
                    Ok(results) => format!(
                        "{} results, first: {}",
                        results.len(),
                        results[0].text().unwrap_or("-")
                    ),
                    Err(e) => format!("error: {e}"),
                }
            }
            Err(e) => format!("error: {e}"),
        };
        step(
            "task → nodes → wait_for_results",
            outcome,
            started,
            count_requests(),
        );
    } else {
        let started = Instant::now();
        let outcome = match v6.util().server_version().await {
            Ok(version) => format!("server {version}"),
            Err(e) => format!("error: {e}"),
        };
        step("server version", outcome, started, count_requests());
    }

    let started = Instant::now();
    let outcome = match v6.organization().get(0).await {
        Err(e) => format!("rejected before sending: {}", e.is_invalid_input()),
        Ok(_) => "unexpected success".into(),
    };
    step("organisation id 0", outcome, started, count_requests());
    Ok(rows)
}

/// A stand-in with 86 rules, two organisations and a plain collaboration.
async fn seeded_mock() -> Vantage6Mock {
    let mock = Vantage6Mock::start().await;
    let operations = ["VIEW", "EDIT", "CREATE", "DELETE"];
    mock.mount(
        Collection::Rule,
        (100..186).map(|id| {
            json!({"id": id, "name": "rule", "operation": operations[id as usize % 4],
                   "scope": "GLOBAL", "description": "a rule"})
        }),
    );
    mock.mount(
        Collection::Organization,
        [2, 3].map(|id| json!({"id": id, "name": format!("org-{id}"), "public_key": ""})),
    );
    mock.mount(
        Collection::Collaboration,
        [json!({"id": 1, "name": "c1", "encrypted": false})],
    );
    mock
}
