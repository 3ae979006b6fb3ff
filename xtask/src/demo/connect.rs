//! The Connect quickstart against the `testing` stand-in (or the API named by
//! `CONNECT_API_KEY` / `CONNECT_ENDPOINT`).

use std::time::Instant;

use connect_client::rql::R;
use connect_client::testing::ConnectMock;
use connect_client::{ConnectClient, Env};
use serde_json::json;

use super::Row;

/// Runs the quickstart and returns its rows.
pub(crate) async fn part() -> Result<Vec<Row>, String> {
    let env = Env::discover().map_err(|e| e.to_string())?;
    let real = env.get("CONNECT_API_KEY").is_some();
    let mock = if real {
        None
    } else {
        Some(ConnectMock::start().await)
    };
    let cc = match &mock {
        Some(m) => m.client(),
        None => ConnectClient::builder_from_env(&env)
            .and_then(|b| b.build())
            .map_err(|e| e.to_string())?,
    };
    let published = cc
        .collection("products")
        .filter(R::new().n("status").eq("published"));
    if let Some(m) = &mock {
        let items = (0..1_234).map(|i| json!({"id": format!("PRD-{i:03}-000"), "name": format!("Product {i}"), "status": "published"}));
        m.mock_set(&published, items.collect());
    }
    let mut rows = Vec::new();
    let target = if real {
        env.get("CONNECT_ENDPOINT")
            .unwrap_or_else(|| "api.connect.cloudblue.com".into())
    } else {
        "embedded stand-in".into()
    };
    rows.push(Row {
        platform: "connect",
        step: "target".into(),
        outcome: target,
        requests: 0,
        elapsed: Default::default(),
    });
    let mut seen = 0;
    let mut count_requests = || {
        let total = mock.as_ref().map_or(0, |m| m.requests().len());
        let new = total - seen;
        seen = total;
        new
    };
    let started = Instant::now();
    let outcome = match published.count().await {
        Ok(n) => format!("{n} published products (limit=0)"),
        Err(e) => format!("error: {e}"),
    };
    rows.push(Row {
        platform: "connect",
        step: "count published products".into(),
        outcome,
        requests: count_requests(),
        elapsed: started.elapsed(),
    });
    let started = Instant::now();
    let outcome = match published.clone().concurrency(8).try_collect().await {
        Ok(all) => format!("{} products, 8 pages in flight", all.len()),
        Err(e) => format!("error: {e}"),
    };
    rows.push(Row {
        platform: "connect",
        step: "stream them all".into(),
        outcome,
        requests: count_requests(),
        elapsed: started.elapsed(),
    });
    let started = Instant::now();
    let outcome = match cc
        .collection("products")
        .resource("a/b")
        .action("..")
        .get()
        .await
    {
        Err(e) => format!("rejected before sending: {}", e.is_invalid_input()),
        Ok(_) => "unexpected success".into(),
    };
    rows.push(Row {
        platform: "connect",
        step: "a `..` action name".into(),
        outcome,
        requests: count_requests(),
        elapsed: started.elapsed(),
    });
    Ok(rows)
}
