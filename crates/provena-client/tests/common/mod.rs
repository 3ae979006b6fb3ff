//! Shared helpers: the shared data, a client whose seven services go to one loopback server
//! under their host prefixes (`/data-api/...`), so a recorded request names its service.
#![allow(dead_code)]

pub(crate) mod calls;

use std::path::PathBuf;

use platform_client_core::testing::{MockResponse, TestServer};
use provena_client::{Config, ProvenaClient, Service};
use serde_json::Value;

/// `../shared/data/provena/<relative>`.
pub(crate) fn shared(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/provena")
        .join(relative)
}

/// A JSON file of the shared data.
pub(crate) fn json(relative: &str) -> Value {
    let path = shared(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The deployment of the golden requests, every service at `server/<prefix>`.
pub(crate) fn config(server: &TestServer) -> Config {
    let mut config = Config::new("example.provena.io", "provena").unwrap();
    for service in Service::ALL {
        config = config
            .with_endpoint(service, &server.url(service.prefix()))
            .unwrap();
    }
    config
        .with_keycloak_endpoint(&server.url("auth/realms/provena"))
        .unwrap()
}

/// A client with the golden requests' token.
pub(crate) fn client(server: &TestServer) -> ProvenaClient {
    ProvenaClient::builder(config(server))
        .no_proxy()
        .retry(platform_client_core::testing::fast_retry())
        .access_token("TEST-ACCESS-TOKEN")
        .build()
        .unwrap()
}

/// A server answering every request with `body` (status 200).
pub(crate) async fn answering(body: Value) -> TestServer {
    TestServer::start(move |_| MockResponse::json(200, &body)).await
}

/// The requests as JSON for a snapshot (method, path, query, body; the headers every request
/// carries left out).
pub(crate) fn snapshot(records: Vec<platform_client_core::testing::RequestRecord>) -> Value {
    let records: Vec<Value> = records
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "method": r.method, "path": r.path, "query": r.query,
                "content_type": r.headers.get("content-type"), "body": r.body,
            })
        })
        .collect();
    Value::Array(records)
}
