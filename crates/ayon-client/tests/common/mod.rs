//! Shared helpers of the ayon-client tests: the stand-in with a project, and requests made
//! safe for snapshots.
#![allow(dead_code)]

use ayon_client::testing::AyonMock;
use platform_client_core::testing::RequestRecord;
use serde_json::{Value, json};

/// The project every test works in.
pub(crate) const PROJECT: &str = "demo";

/// Fixed ids, so that snapshots are stable.
pub(crate) fn id(n: u32) -> String {
    format!("{n:032x}")
}

/// A stand-in with project `demo`.
pub(crate) async fn mock() -> AyonMock {
    let mock = AyonMock::start().await;
    mock.add_project(PROJECT);
    mock
}

/// A stand-in with a small tree: `assets` (1) / `hero` (2) with task `modeling` (3), product
/// `modelMain` (4) with versions 1 (5), 2 (6) and hero -2 (7), representation `abc` (8) of
/// version 1.
pub(crate) async fn mock_with_tree() -> AyonMock {
    let mock = mock().await;
    let ts = "2026-11-23T19:57:04.812866+00:00";
    let common = json!({"status": "Not ready", "tags": [], "active": true, "attrib": {"fps": 25.0},
                        "data": {}, "ownAttrib": [], "createdAt": ts, "updatedAt": ts});
    let with = |extra: Value| {
        let mut v = common.clone();
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    mock.mount(PROJECT, "folders", [
        with(json!({"id": id(1), "name": "assets", "folderType": "Folder", "parentId": null, "path": "assets"})),
        with(json!({"id": id(2), "name": "hero", "folderType": "Asset", "parentId": id(1), "path": "assets/hero", "label": "Hero", "tags": ["a"]})),
    ]);
    mock.mount(PROJECT, "tasks", [with(json!({"id": id(3), "name": "modeling", "taskType": "Modeling", "folderId": id(2), "assignees": ["admin"]}))]);
    mock.mount(
        PROJECT,
        "products",
        [with(
            json!({"id": id(4), "name": "modelMain", "productType": "model", "folderId": id(2)}),
        )],
    );
    mock.mount(PROJECT, "versions", [
        with(json!({"id": id(5), "version": 1, "productId": id(4), "taskId": id(3), "author": "admin"})),
        with(json!({"id": id(6), "version": 2, "productId": id(4), "taskId": null, "author": "admin"})),
        with(json!({"id": id(7), "version": -2, "productId": id(4), "taskId": null, "author": "admin"})),
    ]);
    mock.mount(PROJECT, "representations", [with(json!({"id": id(8), "name": "abc", "versionId": id(5),
        "context": {"folder": {"name": "hero"}, "ext": "abc"},
        "files": [{"id": id(9), "name": "a.abc", "path": "{root[work]}/a.abc", "size": 10, "hash": "abc", "hashType": "op3"}]}))]);
    mock.mount(
        PROJECT,
        "workfiles",
        [with(
            json!({"id": id(10), "name": "a_v001.ma", "path": "/work/a_v001.ma", "taskId": id(3)}),
        )],
    );
    mock
}

/// The requests as JSON for a snapshot, GraphQL bodies shown as their query lines.
pub(crate) fn snapshot(records: Vec<RequestRecord>) -> Value {
    let mut value = serde_json::to_value(records).unwrap();
    for record in value.as_array_mut().unwrap() {
        if let Some(query) = record.pointer("/body/value/query").and_then(Value::as_str) {
            let lines: Vec<Value> = query.lines().map(|l| json!(l)).collect();
            record["body"]["value"]["query"] = Value::Array(lines);
        }
        if let Some(ops) = record
            .pointer_mut("/body/value/operations")
            .and_then(Value::as_array_mut)
        {
            for op in ops {
                op["id"] = json!("[operation id]");
            }
        }
    }
    redact_generated_ids(&mut value);
    value
}

/// Ids made by the client (random 32 hex) become `[generated id]`; the tests' fixed ids
/// (`000…n`) stay.
fn redact_generated_ids(value: &mut Value) {
    match value {
        Value::String(s)
            if s.len() == 32
                && s.bytes().all(|b| b.is_ascii_hexdigit())
                && !s.starts_with("0000000000") =>
        {
            *s = "[generated id]".to_owned();
        }
        Value::Array(items) => items.iter_mut().for_each(redact_generated_ids),
        Value::Object(map) => map.values_mut().for_each(redact_generated_ids),
        _ => {}
    }
}
