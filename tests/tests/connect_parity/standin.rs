//! The Connect-like stand-in server of the parity test, shared by both sides.

use platform_client_core::testing::{MockResponse, Received};
use serde_json::{Value, json};

/// Answers like Connect would (the rules are listed in the docstring of
/// `tests/connect_parity/scenarios.py`).
pub(crate) fn connect_like(r: &Received) -> MockResponse {
    let path = r.path_and_query.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_start_matches("/public/v1/").split('/').collect();
    let last = segments.last().copied().unwrap_or_default();
    let has = |s: &str| segments.contains(&s);
    let method = r.record.method.as_str();
    if has("PRD-404") {
        return MockResponse::json(
            404,
            &json!({"error_code": "PRD_404", "errors": ["not here"]}),
        );
    }
    if has("PRD-500") || has("broken") {
        return MockResponse::status(500)
            .header("content-type", "text/html")
            .body("<html>oops</html>");
    }
    if has("bad") {
        return MockResponse::json(
            400,
            &json!({"error_code": "VAL_001", "errors": ["a", "b"], "params": {"x": 1}}),
        );
    }
    if has("busy") {
        return MockResponse::json(429, &json!({"error_code": "RATE", "errors": ["slow"]}))
            .header("Retry-After", "0");
    }
    if has("gateway") {
        return MockResponse::json(502, &json!({"error_code": "GW", "errors": ["down"]}));
    }
    let number = |k: &str| {
        r.record
            .query_values(k)
            .first()
            .and_then(|v| v.parse::<usize>().ok())
    };
    if method == "GET"
        && let Some(limit) = number("limit")
    {
        if last == "nocr" {
            return MockResponse::json(200, &json!([{"id": "N-0"}, {"id": "N-1"}]));
        }
        let total = match last {
            "products" => 250,
            "small" => 25,
            "empty" => 0,
            _ => 7,
        };
        let offset = number("offset").unwrap_or(0);
        let end = (offset + limit).min(total);
        let items: Vec<Value> = (offset.min(end)..end)
            .map(|i| json!({"id": format!("X-{i:03}"), "inner": {"title": format!("t{i}")}}))
            .collect();
        let range = if items.is_empty() {
            format!("items 0-0/{total}")
        } else {
            format!("items {offset}-{}/{total}", end - 1)
        };
        return MockResponse::json(200, &items).header("Content-Range", range);
    }
    let received: Value = if r.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&r.body).unwrap_or(Value::Null)
    };
    match method {
        "GET" => MockResponse::json(
            200,
            &json!({"id": last, "inner": {"title": format!("T-{last}")}}),
        ),
        "POST" => MockResponse::json(201, &json!({"id": "NEW-1", "received": received})),
        "PUT" => MockResponse::json(200, &json!({"id": last, "received": received})),
        _ => MockResponse::status(204),
    }
}
