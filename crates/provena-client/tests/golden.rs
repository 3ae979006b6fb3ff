//! The exact requests of the reference (`fixtures/golden/requests.json`, provenaclient 0.29.1
//! for every seed member): each call made with this crate against a recording server must
//! send the same method, service, path, query (decoded pairs), content type, authorization
//! and body. Where the reference is wrong against the server, this crate does what the server
//! expects, and the difference is listed in `DIFFERENCES`, which fails when an entry becomes
//! identical.

mod common;

use std::collections::BTreeMap;

use common::calls::calls;
use platform_client_core::testing::Received;
use provena_client::{Config, Service};
use serde_json::{Value, json};

/// Where this crate deliberately sends something else than the reference (provena.md §9),
/// and in what.
const DIFFERENCES: &[(&str, &str)] = &[
    // The release routes live on the data store; the reference sent them to the auth API.
    ("DatastoreClient.review.delete_dataset_reviewer", "service"),
    ("DatastoreClient.review.approval_request", "service"),
    ("DatastoreClient.review.action_approval_request", "service"),
    // The server reads `group_id`; the reference sent `id`.
    ("AuthClient.get_check_membership", "query"),
    // The server's route is PUT; the reference sent POST.
    ("IdServiceClient.modify_by_index", "method"),
];

/// The request as compared: method, service, path, decoded query, content type,
/// authorization, body.
fn ours(received: &Received) -> BTreeMap<&'static str, Value> {
    let record = &received.record;
    let mut segments = record.path.trim_start_matches('/').splitn(2, '/');
    let service = segments.next().unwrap_or_default().to_owned();
    let path = format!("/{}", segments.next().unwrap_or_default());
    let header = |name: &str| {
        received
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let body = match &content_type {
        Some(t) if t.starts_with("multipart/form-data") => multipart(&received.body),
        _ if received.body.is_empty() => Value::Null,
        _ => serde_json::from_slice(&received.body).unwrap_or(Value::Null),
    };
    let mut query: Vec<(String, String)> = record.query.clone();
    query.sort();
    BTreeMap::from([
        ("method", json!(record.method)),
        ("service", json!(service)),
        ("path", json!(path)),
        ("query", json!(query)),
        (
            "content_type",
            json!(content_type.map(|t| t.split(';').next().unwrap_or_default().to_owned())),
        ),
        ("authorization", json!(header("authorization"))),
        ("body", body),
    ])
}

/// A multipart body as its parts' headers and contents (the boundary left out).
fn multipart(body: &[u8]) -> Value {
    let text = String::from_utf8_lossy(body);
    let boundary = text.lines().next().unwrap_or_default().trim().to_owned();
    let parts: Vec<Value> = text
        .split(&boundary)
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "--")
        .map(|p| {
            let (head, content) = p.split_once("\r\n\r\n").unwrap_or((p, ""));
            let mut head: Vec<String> = head
                .lines()
                .map(|l| l.trim().to_ascii_lowercase())
                .collect();
            head.sort();
            json!({"headers": head, "content": content.trim_end()})
        })
        .collect();
    json!(parts)
}

/// The golden request in the same shape.
fn golden(entry: &Value) -> BTreeMap<&'static str, Value> {
    let url = reqwest_url(entry["url"].as_str().unwrap());
    let host = url.host_str().unwrap_or_default();
    let service = host.split('.').next().unwrap_or_default().to_owned();
    let mut query: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    query.sort();
    let body = match entry["body"].get("multipart").and_then(Value::as_str) {
        Some(text) => multipart(text.as_bytes()),
        None => entry["body"].clone(),
    };
    BTreeMap::from([
        ("method", entry["method"].clone()),
        ("service", json!(service)),
        ("path", json!(url.path())),
        ("query", json!(query)),
        (
            "content_type",
            json!(
                entry["content_type"].as_str().map(|t| t
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .to_owned())
            ),
        ),
        ("authorization", entry["authorization"].clone()),
        ("body", body),
    ])
}

fn reqwest_url(url: &str) -> platform_client_core::reexports::Url {
    platform_client_core::reexports::Url::parse(url).unwrap()
}

#[tokio::test]
async fn every_golden_request_is_sent_as_the_reference_sends_it_or_as_the_server_expects() {
    let entries = common::json("fixtures/golden/requests.json");
    let mut calls = calls();
    let mut failures = Vec::new();
    for entry in entries.as_array().unwrap() {
        let name = entry["call"].as_str().unwrap();
        let Some(call) = calls.remove(name) else {
            failures.push(format!("{name}: no call in this test"));
            continue;
        };
        let server = common::answering(json!({"status": {"success": true, "details": "ok"}})).await;
        call(common::client(&server), entry["body"].clone()).await;
        let received = server.received();
        if received.len() != 1 {
            failures.push(format!("{name}: {} requests sent", received.len()));
            continue;
        }
        let (ours, golden) = (ours(&received[0]), golden(entry));
        let differing: Vec<&str> = ours
            .keys()
            .filter(|k| ours[*k] != golden[*k])
            .copied()
            .collect();
        let allowed: Vec<&str> = DIFFERENCES
            .iter()
            .filter(|(call, _)| *call == name)
            .map(|(_, what)| *what)
            .collect();
        if differing != allowed {
            failures.push(format!(
                "{name}: differs in {differing:?} (allowed {allowed:?})\n  ours:   {ours:?}\n  golden: {golden:?}"
            ));
        }
    }
    assert!(
        calls.is_empty(),
        "calls without a golden request: {:?}",
        calls.keys()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn endpoints_are_derived_from_the_domain_as_the_golden_urls_show() {
    let entries = common::json("fixtures/golden/requests.json");
    let config = Config::new("example.provena.io", "provena").unwrap();
    let hosts: Vec<String> = Service::ALL.iter().map(|s| config.endpoint(*s)).collect();
    for entry in entries.as_array().unwrap() {
        let url = reqwest_url(entry["url"].as_str().unwrap());
        let origin = format!("https://{}", url.host_str().unwrap());
        assert!(
            hosts.contains(&origin),
            "{origin} is no endpoint of the config"
        );
    }
}
