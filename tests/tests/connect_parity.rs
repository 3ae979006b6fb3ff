//! Wire parity of `connect-client` with the Python reference, `connect-openapi-client==35.0`.
//!
//! `tests/connect_parity/scenarios.py` runs every scenario with the reference against a
//! Connect-like stand-in server; `connect_parity/scenarios.rs` runs the same scenarios with our
//! client against a second stand-in with the same handler. Requests are grouped by their
//! `X-Scenario` header and compared per scenario: method, raw path, percent-decoded query
//! string (in order), JSON body and `Authorization`; the outcomes (result, or the error text)
//! are compared too. Only the scenarios of [`ALLOWED`] may differ, each for its stated reason.
//!
//! `CONNECT_PY` names the Python with the reference installed (`cargo xtask test` sets it up in
//! `target/py-venv`). Without it the test says so and passes, except under CI, where it fails.

#[path = "connect_parity/scenarios.rs"]
mod scenarios;
#[path = "connect_parity/standin.rs"]
mod standin;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use connect_client::{ConnectClient, RetryPolicy};
use platform_client_core::testing::{Received, TestServer, fast_retry, percent_decode};
use serde_json::{Map, Value};

/// Scenarios whose requests or outcomes may differ from the reference, with the reason (these
/// lines go to the crate README). An entry whose scenario matches exactly fails the test, so
/// the list never claims a difference that is gone.
const ALLOWED: &[(&str, &str)] = &[
    (
        "filter_value_with_space",
        "RQL values the grammar cannot take bare (spaces, non-ASCII, punctuation) are RQL-quoted \
         in the URL, `ilike(name,\"*saas services*\")`; the server strips the quotes and reads the \
         same value, the reference sends them bare",
    ),
    (
        "filter_unicode",
        "a non-ASCII RQL value is RQL-quoted in the URL, `eq(name,\"ñandú\")`; the server strips \
         the quotes and reads the same value, the reference sends it bare",
    ),
    (
        "filter_special_characters",
        "RQL values are RQL-quoted and percent-encoded, so `&`, `#`, `=`, `,`, `(`, spaces and \
         non-ASCII reach the server intact; the reference sends them raw, and `a&b #c=d` cuts \
         its query short at `#`",
    ),
    (
        "resource_id_with_slash",
        "ids and names are one percent-encoded path segment (`a/b` is sent as `a%2Fb`); the \
         reference sends `/` raw, which addresses another resource",
    ),
    (
        "resource_id_with_question_mark",
        "an id holding `?` stays in the path (`a%3Fb`); the reference sends it raw, and the \
         server reads `/products/a` with the query `b`",
    ),
    (
        "resource_id_dot_dot",
        "`.` and `..` ids and names are refused before anything is sent; the reference's \
         `products['..']` reaches the server as `/public/v1/`, the API root",
    ),
    (
        "endpoint_trailing_slash",
        "an endpoint ending in `/` never gives `//` in paths; the reference sends \
         `/public/v1//products/PRD-1`",
    ),
    (
        "count_after_iteration",
        "a ResourceSet is immutable and caches nothing: `count()` after iterating asks again \
         (`limit=0`); the reference answers from the Content-Range of the last page",
    ),
    (
        "create_empty_payload",
        "an empty JSON object is sent as the body `{}`; the reference sends no body for a \
         falsy payload",
    ),
    (
        "retry_get_500",
        "500 is not retried (429, 502, 503, 504 and transport errors are); the reference \
         retries every 5xx",
    ),
    (
        "retry_post_502",
        "a POST is never re-sent; the reference retries any method on 5xx",
    ),
    (
        "no_retry_429",
        "429 is retried after its Retry-After; the reference never retries a 4xx",
    ),
];

/// The smallest number of scenarios both sides must run.
const MIN_SCENARIOS: usize = 30;

/// One request as compared.
#[derive(Debug, Clone, PartialEq)]
struct Wire {
    method: String,
    path: String,
    query: String,
    body: Option<Value>,
    authorization: Option<String>,
}

impl std::fmt::Display for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        if let Some(body) = &self.body {
            write!(f, " {body}")?;
        }
        Ok(())
    }
}

impl Wire {
    fn of(r: &Received) -> Wire {
        let (path, query) = r
            .path_and_query
            .split_once('?')
            .unwrap_or((&r.path_and_query, ""));
        let body = (!r.body.is_empty()).then(|| {
            serde_json::from_slice(&r.body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&r.body).into_owned()))
        });
        let authorization = r
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Wire {
            method: r.record.method.clone(),
            path: path.to_owned(),
            query: percent_decode(query),
            body,
            authorization,
        }
    }
}

/// What a scenario ended with.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    error: Option<String>,
    result: Value,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.error {
            Some(e) => write!(f, "raised: {e}"),
            None => write!(f, "returned: {}", self.result),
        }
    }
}

/// Requests of a server, grouped by `X-Scenario` in arrival order.
fn by_scenario(server: &TestServer) -> BTreeMap<String, Vec<Wire>> {
    let mut groups: BTreeMap<String, Vec<Wire>> = BTreeMap::new();
    for r in server.received() {
        let name = r
            .headers
            .get("x-scenario")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("<untagged>");
        groups
            .entry(name.to_owned())
            .or_default()
            .push(Wire::of(&r));
    }
    groups
}

/// True when `CI` is set to a true value.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The reference's Python, or `None` (with a note) when it is not configured outside CI.
fn reference_python() -> Option<PathBuf> {
    match std::env::var_os("CONNECT_PY").filter(|v| !v.is_empty()) {
        Some(python) => Some(PathBuf::from(python)),
        None if in_ci() => {
            panic!("CONNECT_PY is not set: under CI `cargo xtask test` must install the reference")
        }
        None => {
            println!("connect parity skipped: CONNECT_PY is not set (`cargo xtask test` sets it)");
            None
        }
    }
}

/// One line of the script's output.
struct Reference {
    name: String,
    client: Map<String, Value>,
    outcome: Outcome,
}

/// Runs the script against `server`; panics with its stderr when it fails.
async fn run_reference(python: PathBuf, server: &TestServer) -> Vec<Reference> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("connect_parity/scenarios.py");
    let out = std::env::temp_dir().join(format!("connect-parity-{}.jsonl", std::process::id()));
    let (base, out_path) = (server.base_url(), out.clone());
    let output = tokio::task::spawn_blocking(move || {
        // The stand-in is on loopback: no proxy may take the reference's requests elsewhere.
        Command::new(&python)
            .arg(&script)
            .arg(base)
            .arg(&out_path)
            .env("NO_PROXY", "*")
            .env("no_proxy", "*")
            .output()
    })
    .await
    .expect("the reference run was not cancelled")
    .expect("CONNECT_PY runs");
    assert!(
        output.status.success(),
        "scenarios.py failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("scenarios.py wrote its output");
    let _ = std::fs::remove_file(&out);
    text.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON line");
            Reference {
                name: v["scenario"].as_str().unwrap_or_default().to_owned(),
                client: v["client"].as_object().cloned().unwrap_or_default(),
                outcome: Outcome {
                    error: v["error"]
                        .as_str()
                        .map(str::to_owned)
                        .filter(|_| v["raised"] == true),
                    result: v["result"].clone(),
                },
            }
        })
        .collect()
}

/// Our client for one scenario, with the scenario's client options.
fn our_client(
    server: &TestServer,
    name: &str,
    options: &Map<String, Value>,
) -> Result<ConnectClient, String> {
    let mut builder = ConnectClient::builder("ApiKey SU-000-000-000:secret")
        .endpoint(server.url("public/v1"))
        .default_header("X-Scenario", name)
        .no_proxy()
        .retry(RetryPolicy::none());
    for (key, value) in options {
        builder = match (key.as_str(), value) {
            ("default_limit", Value::Number(n)) if n.as_u64().is_some() => {
                builder.default_limit(n.as_u64().unwrap_or_default())
            }
            ("max_retries", Value::Number(n)) if n.as_u64().is_some() => {
                let retries = u32::try_from(n.as_u64().unwrap_or_default()).unwrap_or(u32::MAX);
                builder.retry(fast_retry().max_retries(retries))
            }
            ("endpoint_path", Value::String(path)) => builder.endpoint(server.url(path)),
            _ => return Err(format!("unknown client option {key}={value}")),
        };
    }
    builder.build().map_err(|e| e.to_string())
}

/// Runs every scenario with our client against `server`.
async fn run_ours(server: &TestServer, reference: &[Reference]) -> BTreeMap<String, Outcome> {
    let mut outcomes = BTreeMap::new();
    for r in reference {
        let outcome = match our_client(server, &r.name, &r.client) {
            Err(e) => Outcome {
                error: Some(format!("cannot build the client: {e}")),
                result: Value::Null,
            },
            Ok(cc) => match scenarios::run(&r.name, &cc).await {
                None => Outcome {
                    error: Some("no Rust counterpart".into()),
                    result: Value::Null,
                },
                Some(Ok(result)) => Outcome {
                    error: None,
                    result,
                },
                Some(Err(e)) => Outcome {
                    error: Some(e.to_string()),
                    result: Value::Null,
                },
            },
        };
        outcomes.insert(r.name.clone(), outcome);
    }
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rust_client_sends_what_the_python_reference_sends() {
    let Some(python) = reference_python() else {
        return;
    };
    let reference_server = TestServer::start(standin::connect_like).await;
    let started = Instant::now();
    let reference = run_reference(python, &reference_server).await;
    let python_took = started.elapsed();
    let our_server = TestServer::start(standin::connect_like).await;
    let started = Instant::now();
    let ours = run_ours(&our_server, &reference).await;
    let rust_took = started.elapsed();
    let (theirs_wire, ours_wire) = (by_scenario(&reference_server), by_scenario(&our_server));

    let names: Vec<&str> = reference.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        scenarios::NAMES,
        "the two sides list the same scenarios in the same order"
    );
    assert!(
        names.len() >= MIN_SCENARIOS,
        "only {} scenarios",
        names.len()
    );
    let ran_ours = ours
        .values()
        .filter(|o| o.error.as_deref() != Some("no Rust counterpart"))
        .count();
    assert!(
        ran_ours >= MIN_SCENARIOS,
        "only {ran_ours} scenarios ran on the Rust side"
    );
    assert!(
        !theirs_wire.contains_key("<untagged>") && !ours_wire.contains_key("<untagged>"),
        "every request is tagged"
    );

    let empty = Vec::new();
    let mut failures = Vec::new();
    let mut details = String::new();
    println!(
        "\n{:<34} {:>9} {:>5}  verdict",
        "scenario", "reference", "ours"
    );
    for r in &reference {
        let (theirs, mine) = (
            theirs_wire.get(&r.name).unwrap_or(&empty),
            ours_wire.get(&r.name).unwrap_or(&empty),
        );
        let outcome = &ours[&r.name];
        let same = theirs == mine && r.outcome == *outcome;
        let allowed = ALLOWED.iter().find(|(n, _)| *n == r.name);
        let verdict = match (same, allowed) {
            (true, None) => "same",
            (false, Some(_)) => "allowed",
            (true, Some(_)) => {
                failures.push(format!(
                    "{}: listed in ALLOWED but now identical; remove the entry",
                    r.name
                ));
                "same (stale allowance)"
            }
            (false, None) => {
                failures.push(format!("{}: differs", r.name));
                "DIFFERENT"
            }
        };
        println!(
            "{:<34} {:>9} {:>5}  {verdict}",
            r.name,
            theirs.len(),
            mine.len()
        );
        if !same {
            details.push_str(&describe(
                &r.name,
                allowed.map(|a| a.1),
                theirs,
                mine,
                &r.outcome,
                outcome,
            ));
        }
    }
    println!("{details}");
    println!(
        "{} scenarios: reference {:.1}s (Python start-up included), ours {:.2}s; {} allowed differences",
        names.len(),
        python_took.as_secs_f64(),
        rust_took.as_secs_f64(),
        ALLOWED.len()
    );
    assert!(
        failures.is_empty(),
        "parity failures:\n{}",
        failures.join("\n")
    );
}

/// The requests and outcomes of a differing scenario, side by side.
fn describe(
    name: &str,
    reason: Option<&str>,
    theirs: &[Wire],
    mine: &[Wire],
    t: &Outcome,
    m: &Outcome,
) -> String {
    let mut text = format!(
        "\n--- {name}{}\n",
        reason
            .map(|r| format!(" (allowed: {r})"))
            .unwrap_or_default()
    );
    for i in 0..theirs.len().max(mine.len()) {
        let (a, b) = (theirs.get(i), mine.get(i));
        let mark = if a == b { " " } else { "≠" };
        let show = |w: Option<&Wire>| w.map_or("(none)".to_owned(), ToString::to_string);
        text.push_str(&format!(
            "  {mark} reference: {}\n  {mark} ours:      {}\n",
            show(a),
            show(b)
        ));
        if let (Some(a), Some(b)) = (a, b)
            && a.authorization != b.authorization
        {
            text.push_str(&format!(
                "    Authorization {:?} vs {:?}\n",
                a.authorization, b.authorization
            ));
        }
    }
    let mark = if t == m { " " } else { "≠" };
    text.push_str(&format!("  {mark} reference {t}\n  {mark} ours      {m}\n"));
    text
}
