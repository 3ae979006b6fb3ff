//! Shared helpers of the vantage6-client tests: a logged-in client against a local server, and
//! the recorded real-server samples.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use platform_client_core::testing::{MockResponse, Routes, TestServer, fast_retry};
use serde_json::{Value, json};
use vantage6_client::Vantage6Client;

/// A JWT the client can read (`sub`, `exp`); the signature is not checked by clients.
pub(crate) fn jwt(sub: u64, kind: &str, lifetime_secs: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims =
        json!({"sub": sub, "type": kind, "exp": now + lifetime_secs, "client_type": "user"});
    format!(
        "{}.{}.c2ln",
        enc.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        enc.encode(claims.to_string())
    )
}

/// The routes of a root login (`token/user`, `user/1`, `organization/1`) plus `routes`' own.
pub(crate) fn with_login(routes: Routes) -> Routes {
    routes
        .on(
            "POST",
            "/api/token/user",
            MockResponse::json(
                200,
                &json!({"access_token": jwt(1, "access", 3600), "refresh_token": jwt(1, "refresh", 7200),
                        "refresh_url": "/api/token/refresh", "user_url": "/api/user/1"}),
            ),
        )
        .on(
            "GET",
            "/api/user/1",
            MockResponse::json(
                200,
                &json!({"id": 1, "username": "root", "type": "user",
                        "organization": {"id": 1, "link": "/api/organization/1", "methods": ["GET"]}}),
            ),
        )
        .on(
            "GET",
            "/api/organization/1",
            MockResponse::json(200, &json!({"id": 1, "name": "root", "public_key": ""})),
        )
}

/// A client for `server` (no proxy, fast retries), not logged in.
pub(crate) fn client(server: &TestServer) -> Vantage6Client {
    Vantage6Client::builder(server.base_url())
        .no_proxy()
        .retry(fast_retry())
        .build()
        .unwrap()
}

/// A server answering `routes` (plus the login) and a client logged in as root; the login's
/// requests are cleared so the records show only what the test does.
pub(crate) async fn logged_in(routes: Routes) -> (TestServer, Vantage6Client) {
    let server = TestServer::routes(with_login(routes)).await;
    let client = client(&server);
    client
        .authenticate("root", "root", None)
        .await
        .unwrap()
        .into_whoami()
        .unwrap();
    server.clear();
    (server, client)
}

/// The recorded samples of the real server (`CONTRACT_DATA` or `../shared/data`).
fn samples() -> Option<PathBuf> {
    let root = std::env::var_os("CONTRACT_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        PathBuf::from,
    );
    let dir = root.join("vantage6/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(!ci, "the vantage6 samples are missing at {}", dir.display());
    eprintln!(
        "vantage6 samples absent at {}; decoding check skipped",
        dir.display()
    );
    None
}

/// A recorded real-server exchange: `{request, status, response}`.
pub(crate) fn sample(name: &str) -> Option<Value> {
    let path = samples()?.join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(serde_json::from_str(&text).unwrap())
}

/// The recorded response body of a sample, answered with the recorded status (and
/// `total-count` for pages).
pub(crate) fn recorded(name: &str) -> Option<MockResponse> {
    let sample = sample(name)?;
    let status = sample["status"].as_u64().unwrap() as u16;
    let body = &sample["response"];
    let mut response = MockResponse::json(status, body);
    if let Some(items) = body.get("data").and_then(Value::as_array) {
        response = response.header("total-count", items.len().to_string());
    }
    Some(response)
}

/// Awaits a call that must be refused before anything is sent (invalid input).
pub(crate) async fn refused<T: std::fmt::Debug>(
    call: impl std::future::IntoFuture<Output = vantage6_client::Result<T>>,
) {
    let error = call.await.expect_err("the call should be refused");
    assert!(
        error.is_invalid_input(),
        "not an invalid-input error: {error}"
    );
}
