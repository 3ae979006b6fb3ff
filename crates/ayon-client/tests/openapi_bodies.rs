//! Every REST request body this crate builds is valid for the OpenAPI document of a real AYON
//! 1.16 server (`../shared/data/ayon/openapi.json`), checked with a JSON Schema validator
//! against the operation's request body schema.

mod common;

use std::path::PathBuf;

use ayon_client::models::{Operation, RepresentationFile};
use common::{PROJECT, id};
use platform_client_core::testing::RecordedBody;
use serde_json::{Value, json};

fn openapi() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ayon/openapi.json");
    serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

/// The request body schema of `method path` (path templates like `{project_name}` match any
/// segment), as a schema that resolves the document's components.
fn body_schema(doc: &Value, method: &str, path: &str) -> Option<Value> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (_, item) = doc["paths"].as_object()?.iter().find(|(template, item)| {
        let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
        parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(t, s)| t.starts_with('{') || t == s)
            && item.get(method.to_ascii_lowercase()).is_some()
    })?;
    let schema = item[method.to_ascii_lowercase()]
        .pointer("/requestBody/content/application~1json/schema")?;
    Some(
        json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [schema], "components": doc["components"]}),
    )
}

/// The body without the `null`s of optional fields: the server takes `null` for an optional
/// field (that is how a label or a parent is removed; the reference keeps a "not set" marker
/// so that it can send `null` there), but the generated document types those fields as plain
/// strings.
fn without_optional_nulls(doc: &Value, schema: &Value, body: Value) -> Value {
    let required: Vec<&str> = schema
        .pointer("/allOf/0/$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/"))
        .and_then(|r| doc.pointer(&format!("/{r}/required")))
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match body {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, v)| !v.is_null() || required.contains(&k.as_str()))
                .collect(),
        ),
        other => other,
    }
}

#[tokio::test]
async fn every_body_the_client_builds_is_valid_for_the_server() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let (p, f, t) = (PROJECT, id(2), id(3));
    ayon.folders()
        .create(p, "shots")
        .id(&id(40))
        .folder_type("Folder")
        .parent_id(Some(&id(1)))
        .label(Some("Shots"))
        .attrib("fps", 24)
        .tags(["x"])
        .status("Not ready")
        .active(true)
        .thumbnail_id(Some(&id(41)))
        .send()
        .await
        .unwrap();
    ayon.folders()
        .update(p, &f)
        .name("hero2")
        .label(None)
        .parent_id(None)
        .thumbnail_id(None)
        .send()
        .await
        .unwrap();
    ayon.tasks()
        .create(p, "lookdev", "Generic", &f)
        .id(&id(42))
        .assignees(["admin"])
        .label(Some("Look"))
        .send()
        .await
        .unwrap();
    ayon.tasks()
        .update(p, &t)
        .label(None)
        .assignees(Vec::<String>::new())
        .send()
        .await
        .unwrap();
    ayon.products()
        .create(p, "rigMain", "rig", &f)
        .id(&id(43))
        .send()
        .await
        .unwrap();
    ayon.products()
        .update(p, &id(4))
        .product_type("model")
        .status("Approved")
        .send()
        .await
        .unwrap();
    ayon.versions()
        .create(p, 3, &id(4))
        .id(&id(44))
        .task_id(Some(&t))
        .author("admin")
        .send()
        .await
        .unwrap();
    ayon.versions()
        .update(p, &id(5))
        .task_id(None)
        .thumbnail_id(None)
        .send()
        .await
        .unwrap();
    let file = RepresentationFile::new("{root[work]}/b.abc")
        .name("b.abc")
        .size(20)
        .hash("xyz", "op3");
    let context = json!({"folder": {"name": "hero"}})
        .as_object()
        .cloned()
        .unwrap();
    ayon.representations()
        .create(p, "usd", &id(5))
        .id(&id(45))
        .files(vec![file, RepresentationFile::new("/x")])
        .context(context)
        .send()
        .await
        .unwrap();
    ayon.representations()
        .update(p, &id(8))
        .tags(["t"])
        .send()
        .await
        .unwrap();
    ayon.projects()
        .update(p)
        .attrib("fps", 24.0)
        .active(true)
        .code("dm")
        .library(false)
        .send()
        .await
        .unwrap();
    let op = Operation::create(
        "folder",
        json!({"name": "batch", "folderType": "Folder"})
            .as_object()
            .cloned()
            .unwrap(),
    );
    let delete = Operation::delete("folder", &id(40), true);
    ayon.send_batch_operations(p, &[op, delete], true)
        .await
        .unwrap();
    let filters =
        std::collections::BTreeMap::from([("folder.name".to_owned(), vec!["hero".to_owned()])]);
    ayon.representations()
        .ids_by_context_filters(p, &filters, Some(&["abc"]), Some(&[&id(5)]))
        .await
        .unwrap();
    ayon.login("admin", ayon_client::testing::ADMIN_PASSWORD)
        .await
        .unwrap();
    ayon.projects()
        .create("fresh", "fr")
        .library(false)
        .send()
        .await
        .unwrap();

    let doc = openapi();
    let mut checked = 0;
    let mut failures = Vec::new();
    for record in mock.requests() {
        let RecordedBody::Json(body) = &record.body else {
            continue;
        };
        if record.path == "/graphql" {
            continue;
        }
        let Some(schema) = body_schema(&doc, &record.method, &record.path) else {
            failures.push(format!(
                "{} {}: no request body in the OpenAPI document",
                record.method, record.path
            ));
            continue;
        };
        // The recorded body has secrets redacted; the login body is checked with a stand-in.
        let body = if record.path == "/api/auth/login" {
            json!({"name": "admin", "password": "a-password"})
        } else {
            body.clone()
        };
        let body = without_optional_nulls(&doc, &schema, body);
        let validator = jsonschema::validator_for(&schema).expect("a valid schema");
        for error in validator.iter_errors(&body) {
            failures.push(format!(
                "{} {}: {error} at {}",
                record.method, record.path, error.instance_path
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 15, "only {checked} bodies were checked");
}

#[test]
fn an_invalid_body_is_caught_by_the_check() {
    let doc = openapi();
    let schema = body_schema(&doc, "POST", "/api/projects/demo/folders").unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json!({"name": "ok", "folderType": "Folder"})));
    assert!(!validator.is_valid(&json!({"name": "bad name!", "folderType": "Folder"})));
    assert!(!validator.is_valid(&json!({"name": "ok", "parentId": "not-an-id"})));
}

#[tokio::test]
async fn bundle_and_desktop_bodies_are_valid_for_the_server() {
    use platform_client_core::testing::{MockResponse, TestServer};
    let server = TestServer::start(
        |r| match (r.record.method.as_str(), r.record.path.as_str()) {
            ("POST", "/api/bundles/check") => {
                MockResponse::json(200, &json!({"success": true, "issues": []}))
            }
            ("POST", _) => MockResponse::json(201, &json!({"eventId": null})),
            _ => MockResponse::status(204),
        },
    )
    .await;
    let ayon = ayon_client::AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let addons = json!({"core": "1.0.0"}).as_object().cloned().unwrap();
    let dev = json!({"core": {"enabled": true, "path": "/dev/core"}})
        .as_object()
        .cloned()
        .unwrap();
    ayon.bundles()
        .create("b1", addons.clone(), Some("1.0.0"))
        .production(true)
        .staging(false)
        .dev(false)
        .dependency_packages(
            json!({"linux": "dep-linux.zip"})
                .as_object()
                .cloned()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    ayon.bundles()
        .create("b2", addons.clone(), None)
        .dev(true)
        .dev_active_user("admin")
        .dev_addons_config(dev)
        .check_compatibility()
        .await
        .unwrap();
    ayon.bundles()
        .update("b1")
        .production(false)
        .archived(true)
        .addons(addons)
        .send()
        .await
        .unwrap();
    ayon.installers()
        .create("AYON-1.0.0-linux.sh", "abc", "md5", 3)
        .platform("linux")
        .field("version", json!("1.0.0"))
        .field("pythonVersion", json!("3.11.0"))
        .field("pythonModules", json!({}))
        .field("runtimePythonModules", json!({}))
        .send()
        .await
        .unwrap();
    ayon.installers()
        .update_sources(
            "AYON-1.0.0-linux.sh",
            vec![json!({"type": "http", "url": "https://example.invalid/x"})],
        )
        .await
        .unwrap();
    ayon.dependency_packages()
        .create("dep-linux.zip", "abc", "sha256", 3)
        .platform("linux")
        .field("installerVersion", json!("1.0.0"))
        .field("sourceAddons", json!({}))
        .field("pythonModules", json!({}))
        .send()
        .await
        .unwrap();
    let doc = openapi();
    let mut failures = Vec::new();
    let mut checked = 0;
    for record in server.requests() {
        let RecordedBody::Json(body) = &record.body else {
            continue;
        };
        let Some(schema) = body_schema(&doc, &record.method, &record.path) else {
            failures.push(format!(
                "{} {}: no request body in the OpenAPI document",
                record.method, record.path
            ));
            continue;
        };
        let body = without_optional_nulls(&doc, &schema, body.clone());
        let validator = jsonschema::validator_for(&schema).expect("a valid schema");
        failures.extend(validator.iter_errors(&body).map(|e| {
            format!(
                "{} {}: {e} at {}",
                record.method, record.path, e.instance_path
            )
        }));
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 6);
}
