//! Replaying the recorded traffic of the Python reference clients against a real AYON 1.16
//! server (`../shared/data/ayon/traffic_*.jsonl`): the recordings become cassettes, requests
//! are compared up to ids and ordering (GraphQL by operation, filtered paths and argument
//! values; the field selection is checked against the schema in `graphql_schema.rs`). For
//! every recorded call this crate covers, our call must send the recorded requests and decode
//! the recorded answers, errors included; where the reference sends extra requests we do not
//! need (it re-reads the user after a login, checks a project before deleting it), ours are a
//! subset.

#![allow(dead_code)] // each replay test binary uses part of it

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;

use apollo_compiler::ast::{Definition, Document, Selection, Value as GqlValue};
use ayon_client::testing::USER_TOKEN;
use ayon_client::{AyonClient, Error};
use platform_client_core::reexports::Bytes;
use platform_client_core::testing::{BodyMatch, Cassette, Interaction, Replay, ReplayOptions};
use serde_json::{Map, Value, json};

/// The recordings: `1011` (the seed version), `head` (the current reference), `svc` (HEAD
/// with a service API key).
pub(crate) fn recording(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../../shared/data/ayon/traffic_{name}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Whether a recorded line belongs to `caller` (`None`: the lines recorded without one, the
/// reference's token check).
fn is_call(line: &Value, caller: &str) -> bool {
    line["caller"] == caller || (caller == "None" && line["caller"].is_null())
}

/// One recorded call (the interactions of one `caller`) as a cassette, and whether a
/// recorded body was cut short (not JSON although it should be).
pub(crate) fn cassette(lines: &[Value], caller: &str) -> (Cassette, bool) {
    let mut cut = false;
    let interactions: Vec<Interaction> = lines
        .iter()
        .filter(|l| is_call(l, caller))
        .map(|l| {
            let body = l["body"].as_str().unwrap_or_default().to_owned();
            let resp = l["resp"].as_str().unwrap_or_default().to_owned();
            let json_answer = l["resp_ct"].as_str().unwrap_or_default().contains("json");
            if (!body.is_empty() && serde_json::from_str::<Value>(&body).is_err())
                || (json_answer
                    && !resp.is_empty()
                    && serde_json::from_str::<Value>(&resp).is_err())
            {
                cut = true;
            }
            let mut uri = l["url"].as_str().unwrap_or_default().to_owned();
            if uri
                .split("://")
                .nth(1)
                .is_some_and(|rest| !rest.contains('/'))
            {
                uri.push('/');
            }
            Interaction {
                method: l["method"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_uppercase(),
                uri,
                request_content_type: (!body.is_empty()).then(|| "application/json".to_owned()),
                request_body: Bytes::from(body),
                status: l["status"].as_u64().unwrap_or(500) as u16,
                headers: vec![(
                    "content-type".to_owned(),
                    l["resp_ct"].as_str().unwrap_or("text/plain").to_owned(),
                )],
                body: Bytes::from(resp),
            }
        })
        .collect();
    assert!(!interactions.is_empty(), "no recorded call {caller:?}");
    (
        Cassette {
            name: caller.to_owned(),
            interactions,
        },
        cut,
    )
}

/// A replay server for one recorded call; bodies compared up to ids and ordering, unless a
/// recorded body was cut short.
pub(crate) async fn replay(lines: &[Value], caller: &str) -> (Replay, bool) {
    let (cassette, cut) = cassette(lines, caller);
    let options = ReplayOptions {
        body: if cut {
            BodyMatch::Ignore
        } else {
            BodyMatch::Strict
        },
        json_equal: Some(|a, b| normalised(a) == normalised(b)),
        ..ReplayOptions::default()
    };
    (Replay::start_with(&cassette, options).await, cut)
}

/// A body up to ids and ordering: entity and operation ids (32 hex) left out; a GraphQL body
/// as its operation name and the arguments of every field on its paths.
fn normalised(body: &Value) -> Value {
    if let Some(query) = body.get("query").and_then(Value::as_str) {
        let variables = body
            .get("variables")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        return graphql_skeleton(query, &variables);
    }
    without_ids(body)
}

fn without_ids(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| {
                    !(matches!(k.as_str(), "id" | "entityId")
                        && (v.is_null()
                            || v.as_str().is_some_and(|s| {
                                s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
                            })))
                })
                .map(|(k, v)| (k.clone(), without_ids(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_ids).collect()),
        other => other.clone(),
    }
}

/// `{"operation": name, "filters": ["project(name=\"p\")", "project.folders(ids=[..])"]}`:
/// paging arguments (`first`, `after`, `last`, `before`) left out, variables resolved.
fn graphql_skeleton(query: &str, variables: &Map<String, Value>) -> Value {
    let Ok(document) = Document::parse(query, "query.graphql") else {
        return json!({"unparsable": query});
    };
    let mut filters = Vec::new();
    let mut operation = Value::Null;
    for definition in &document.definitions {
        if let Definition::OperationDefinition(op) = definition {
            operation = json!(op.name.as_ref().map(|n| n.as_str()));
            walk(&op.selection_set, "", variables, &mut filters);
        }
    }
    filters.sort();
    json!({"operation": operation, "filters": filters})
}

fn walk(
    selections: &[Selection],
    prefix: &str,
    variables: &Map<String, Value>,
    out: &mut Vec<String>,
) {
    for selection in selections {
        let Selection::Field(field) = selection else {
            continue;
        };
        let name = field.name.as_str();
        let path = match (prefix, name) {
            (_, "edges" | "node") => prefix.to_owned(),
            ("", _) => name.to_owned(),
            _ => format!("{prefix}.{name}"),
        };
        let args: BTreeMap<String, Value> = field
            .arguments
            .iter()
            .filter(|a| !matches!(a.name.as_str(), "first" | "after" | "last" | "before"))
            .map(|a| (a.name.to_string(), value(&a.value, variables)))
            .filter(|(_, v)| !v.is_null())
            .collect();
        if !args.is_empty() {
            out.push(format!(
                "{path}({})",
                serde_json::to_string(&args).unwrap_or_default()
            ));
        }
        walk(&field.selection_set, &path, variables, out);
    }
}

fn value(v: &GqlValue, variables: &Map<String, Value>) -> Value {
    match v {
        GqlValue::Null => Value::Null,
        GqlValue::Variable(name) => variables.get(name.as_str()).cloned().unwrap_or(Value::Null),
        GqlValue::Enum(name) => json!(name.as_str()),
        GqlValue::String(s) => json!(s),
        GqlValue::Boolean(b) => json!(b),
        GqlValue::Int(i) => serde_json::from_str(&i.to_string()).unwrap_or(Value::Null),
        GqlValue::Float(f) => serde_json::from_str(&f.to_string()).unwrap_or(Value::Null),
        GqlValue::List(items) => Value::Array(items.iter().map(|i| value(i, variables)).collect()),
        GqlValue::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, x)| (k.to_string(), value(x, variables)))
                .collect(),
        ),
    }
}

/// The recorded request bodies of a call, for building our call with the same values.
pub(crate) fn recorded_body(lines: &[Value], caller: &str, index: usize) -> Value {
    let line = lines
        .iter()
        .filter(|l| is_call(l, caller))
        .nth(index)
        .unwrap_or_else(|| panic!("{caller}"));
    serde_json::from_str(line["body"].as_str().unwrap_or("null")).unwrap_or(Value::Null)
}

/// The recorded project and the ids of its entities (HEAD recording).
pub(crate) const P: &str = "rusttest";
pub(crate) const ASSETS: &str = "195fb9ace77811f1888002fc00000001";
pub(crate) const HERO: &str = "196f2e82e77811f1888002fc00000001";
pub(crate) const TASK: &str = "19aea292e77811f1888002fc00000001";
pub(crate) const PRODUCT: &str = "19de3a98e77811f1888002fc00000001";
pub(crate) const V1: &str = "19fdfc20e77811f1888002fc00000001";
pub(crate) const V2: &str = "1a0f6fb4e77811f1888002fc00000001";
pub(crate) const HERO_VERSION: &str = "1a1dbd9ee77811f1888002fc00000001";
pub(crate) const REPRESENTATION: &str = "1a71923ee77811f1888002fc00000001";
pub(crate) const WORKFILE: &str = "1abeccb6e77811f1888002fc00000001";

/// Runs one recorded call; a failure is returned as one line.
pub(crate) async fn check<F, Fut>(lines: &[Value], caller: &str, call: F) -> Option<String>
where
    F: FnOnce(AyonClient) -> Fut,
    Fut: Future<Output = ayon_client::Result<()>>,
{
    let (replay, cut) = replay(lines, caller).await;
    let ayon = AyonClient::builder(replay.server.base_url())
        .no_proxy()
        .hostname("vm")
        .max_retries(1)
        .token(USER_TOKEN)
        .build()
        .unwrap();
    let result = call(ayon).await;
    let unmatched = replay.unmatched();
    if !unmatched.is_empty() {
        return Some(format!(
            "{caller}: not recorded: {unmatched:?} ({result:?})"
        ));
    }
    if replay.used() == 0 {
        return Some(format!("{caller}: nothing was sent"));
    }
    match result {
        Ok(()) => None,
        // A recorded answer cut short cannot decode; the request still matched.
        Err(Error::Core(ayon_client::CoreError::Decode(_))) if cut => None,
        Err(e) => Some(format!("{caller}: {e:?}")),
    }
}

pub(crate) fn expect(condition: bool, what: &str) -> ayon_client::Result<()> {
    if condition {
        Ok(())
    } else {
        Err(Error::Unexpected(what.to_owned()))
    }
}
