//! Cassette replay: matching, single use, decoded bodies, host rewriting.

use std::io::Write as _;

use base64::Engine as _;
use platform_client_core::testing::{BodyMatch, Cassette, Replay, ReplayOptions, local_builder};
use platform_client_core::{Paginator, Request, pagination::json_envelope};
use serde_json::json;

fn gzip_b64(text: &str) -> String {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    base64::engine::general_purpose::STANDARD.encode(enc.finish().unwrap())
}

fn interaction(
    method: &str,
    uri: &str,
    req_body: &str,
    status: u16,
    body: serde_json::Value,
) -> serde_json::Value {
    json!({
        "request": {"method": method, "uri": uri, "headers": {"Content-Type": ["application/json"]},
                     "body": {"encoding": "utf-8", "string": req_body}},
        "response": {"status": {"code": status, "message": ""},
                      "headers": {"Content-Type": ["application/json"], "Content-Encoding": ["gzip"]},
                      "body": {"encoding": "utf-8", "string": "", "base64_string": gzip_b64(&body.to_string())}}
    })
}

fn cassette() -> Cassette {
    let doc = json!({"recorded_with": "betamax/0.8.1", "http_interactions": [
        interaction("GET", "https://kc.example.com/api/v3/parts.json?name=Wheel&limit=2", "", 200,
            json!({"next": "https://kc.example.com/api/v3/parts.json?limit=2&name=Wheel&offset=2", "results": [{"id": 1}, {"id": 2}]})),
        interaction("GET", "https://kc.example.com/api/v3/parts.json?limit=2&name=Wheel&offset=2", "", 200,
            json!({"next": null, "results": [{"id": 3}]})),
        interaction("PUT", "https://kc.example.com/api/v3/parts/1.json", "{\"name\": \"Front\"}", 200,
            json!({"results": [{"id": 1, "name": "Front"}]})),
        interaction("PUT", "https://kc.example.com/api/v3/parts/1.json", "{\"name\": \"Front\"}", 400,
            json!({"results": ["duplicate"]})),
    ]});
    Cassette::parse("synthetic", doc.to_string().as_bytes()).unwrap()
}

#[tokio::test]
async fn replays_with_query_order_ignored_hosts_rewritten_and_single_use() {
    let cassette = cassette();
    assert_eq!(
        cassette.recorded_origin().as_deref(),
        Some("https://kc.example.com")
    );
    let replay = Replay::start(&cassette, BodyMatch::Strict).await;
    let client = local_builder(replay.server.url("api")).build().unwrap();

    // Query in another order than recorded; the next link names the recorded host.
    let req = Request::get("v3/parts.json")
        .query("limit", 2)
        .query("name", "Wheel");
    let parts = Paginator::next_link(
        &client,
        req,
        json_envelope::<serde_json::Value>("results", Some("next"), None),
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(parts.len(), 3);

    // Same request twice: the two recorded answers in order.
    let put = || {
        Request::put("v3/parts/1.json")
            .json(&json!({"name": "Front"}))
            .unwrap()
    };
    assert!(client.send(put()).await.is_ok());
    let err = client.send(put()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert!(replay.unmatched().is_empty());
    assert_eq!(replay.used(), 4);

    // A body that differs from the recording is not matched.
    let wrong = client
        .send(
            Request::put("v3/parts/1.json")
                .json(&json!({"name": "Rear"}))
                .unwrap(),
        )
        .await;
    assert_eq!(wrong.unwrap_err().status().map(|s| s.as_u16()), Some(599));
    assert_eq!(replay.unmatched().len(), 1);
    assert!(replay.unmatched()[0].contains("PUT /api/v3/parts/1.json"));
}

/// Two GraphQL bodies are the same when their queries hold the same words, whatever their
/// order (a stand-in for a real normalisation by a GraphQL parser), and their variables agree.
fn same_graphql(recorded: &serde_json::Value, sent: &serde_json::Value) -> bool {
    let words = |v: &serde_json::Value| {
        let mut words: Vec<String> = v["query"]
            .as_str()
            .unwrap_or_default()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        words.sort();
        words
    };
    words(recorded) == words(sent) && recorded["variables"] == sent["variables"]
}

#[tokio::test]
async fn a_platform_comparison_of_json_bodies_replaces_equality() {
    let recorded = json!({"query": "{ folders { id name } }", "variables": {"p": "demo"}});
    let doc = json!({"recorded_with": "ayon", "http_interactions": [
        interaction("POST", "https://ayon.example.com/graphql", &recorded.to_string(), 200,
            json!({"data": {"folders": []}})),
    ]});
    let cassette = Cassette::parse("graphql", doc.to_string().as_bytes()).unwrap();
    let reordered = json!({"query": "{ folders { name id } }", "variables": {"p": "demo"}});
    let post = |body: &serde_json::Value| Request::post("graphql").json(body).unwrap();

    // Strict equality refuses the same query with its fields in another order…
    let strict = Replay::start(&cassette, BodyMatch::Strict).await;
    let client = local_builder(strict.server.base_url()).build().unwrap();
    let refused = client.send(post(&reordered)).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(599));

    // …the platform's comparison accepts it, and still refuses other variables.
    let options = ReplayOptions {
        json_equal: Some(same_graphql),
        ..ReplayOptions::default()
    };
    let normalised = Replay::start_with(&cassette, options).await;
    let client = local_builder(normalised.server.base_url()).build().unwrap();
    let other = json!({"query": "{ folders { name id } }", "variables": {"p": "other"}});
    let refused = client.send(post(&other)).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(599));
    assert!(client.send(post(&reordered)).await.is_ok());
    assert_eq!(normalised.used(), 1);
}

#[test]
fn bad_cassettes_are_errors_not_panics() {
    assert!(Cassette::parse("empty", b"").is_err());
    assert!(Cassette::parse("x", b"{\"http_interactions\": 3}").is_err());
    assert!(Cassette::load(std::path::Path::new("/no/such/cassette.json")).is_err());
}
