//! `connect_client::specs` against the real Connect v37 OpenAPI document (golden cases of the
//! reference client's `tests/client/test_openapi.py`) and against small and broken documents.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use connect_client::specs::{OpenApiSpecs, SpecsError};

/// True when running under CI (`CI` set to anything but empty, `0` or `false`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The v37 specs, parsed once per test binary; `None` (with one line) when the shared data is
/// absent outside CI.
fn v37() -> Option<&'static OpenApiSpecs> {
    static SPECS: OnceLock<Option<OpenApiSpecs>> = OnceLock::new();
    SPECS
        .get_or_init(|| {
            let root = std::env::var_os("CONTRACT_DATA").map_or_else(
                || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
                PathBuf::from,
            );
            let file = root.join("connect/connect-openapi30-v37.0.yml");
            if !file.is_file() {
                let line = format!(
                    "Connect OpenAPI spec absent at {} (set CONTRACT_DATA)",
                    file.display()
                );
                assert!(!in_ci(), "{line}; under CI the data must be present");
                eprintln!("{line}; test skipped");
                return None;
            }
            let started = Instant::now();
            let specs = OpenApiSpecs::from_file(&file).unwrap();
            eprintln!("parsed {} in {:?}", file.display(), started.elapsed());
            Some(specs)
        })
        .as_ref()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

#[test]
fn v37_exists_golden_table() {
    let Some(specs) = v37() else { return };
    let cases = [
        ("get", "products", true),
        ("get", "products?eq(status,published)", true),
        ("put", "products", false),
        ("get", "products/PRD-000", true),
        ("get", "products/PRD-000/items", true),
        ("post", "products/PRD-000/endsale", true),
        ("get", "subscriptions/assets", true),
        ("get", "subscriptions/assets/AS-000", true),
        ("get", "resources/assets/AS-000", false),
    ];
    for (method, path, expected) in cases {
        assert_eq!(specs.exists(method, path), expected, "{method} {path}");
    }
}

#[test]
fn v37_exists_tolerates_case_slashes_and_rejects_non_methods() {
    let Some(specs) = v37() else { return };
    assert!(specs.exists("GET", "products"));
    assert!(specs.exists("Post", "products/PRD-000/endsale"));
    assert!(specs.exists("get", "/products"));
    assert!(specs.exists("get", "/products/"));
    assert!(specs.exists("get", "products/PRD-000/?limit=10"));
    assert!(!specs.exists("summary", "products"));
    assert!(!specs.exists("parameters", "products"));
    assert!(!specs.exists("get", ""));
    assert!(!specs.exists("get", "products/PRD-000/items/PRD-000-0001/nothing/here"));
}

#[test]
fn v37_literal_paths_win_over_templated_ones() {
    let Some(specs) = v37() else { return };
    // `/usage/records/close-records` (post) comes before `/usage/records/{id}` (get, put).
    assert!(specs.exists("post", "usage/records/close-records"));
    assert!(!specs.exists("get", "usage/records/close-records"));
    assert!(specs.exists("get", "usage/records/UR-1"));
    // `/offers/-/versions` (get) before `/offers/{offer_id}/versions` (get, post).
    assert!(specs.exists("get", "offers/-/versions"));
    assert!(!specs.exists("post", "offers/-/versions"));
    assert!(specs.exists("post", "offers/OF-1/versions"));
}

#[test]
fn v37_check_reports_the_reference_message() {
    let Some(specs) = v37() else { return };
    specs.check("get", "products/PRD-000/items").unwrap();
    let error = specs.check("get", "resources/assets/AS-000").unwrap_err();
    assert_eq!(
        error.to_string(),
        "The path `resources/assets/AS-000` does not exist."
    );
    match error {
        SpecsError::UnknownPath { method, path } => {
            assert_eq!(
                (method.as_str(), path.as_str()),
                ("get", "resources/assets/AS-000")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let error = specs.check("PUT", "products?limit=1").unwrap_err();
    assert_eq!(
        error.to_string(),
        "The path `products?limit=1` does not exist."
    );
}

#[test]
fn v37_document_facts() {
    let Some(specs) = v37() else { return };
    assert_eq!(specs.version(), Some("37.0"));
    assert_eq!(specs.title(), Some("CloudBlue Connect API"));
    assert_eq!(specs.paths().len(), 555);
    assert_eq!(specs.paths().next(), Some("/subscriptions/assets"));
    let count = |method: &str| specs.paths().filter(|p| specs.exists(method, p)).count();
    let counts = ["get", "post", "put", "delete", "patch"].map(count);
    assert_eq!(counts, [398, 256, 116, 90, 1]);
    assert!(format!("{specs:?}").contains("paths: 555"));
}

#[test]
fn v37_namespaces_golden() {
    let Some(specs) = v37() else { return };
    let expected = [
        "auth",
        "billing",
        "catalog",
        "custom",
        "devops",
        "dictionary",
        "embed",
        "helpdesk",
        "leads",
        "localization",
        "modules",
        "notifications",
        "offers",
        "offers-ns",
        "pim",
        "pricing",
        "reporting",
        "statistics",
        "subscriptions",
        "tier",
        "usage",
    ];
    assert_eq!(specs.namespaces(), strings(&expected));
    let collections = specs.collections();
    assert!(collections.contains(&"products".to_owned()));
    assert!(collections.contains(&"assets".to_owned()));
    assert!(!collections.contains(&"subscriptions".to_owned()));
    assert_eq!(collections.len(), 29);
}

#[test]
fn v37_namespaced_collections_golden() {
    let Some(specs) = v37() else { return };
    assert_eq!(
        specs.namespaced_collections("subscriptions"),
        strings(&["assets", "requests"])
    );
    assert_eq!(
        specs.namespaced_collections("billing"),
        strings(&["batches", "requests", "streams"])
    );
    assert_eq!(
        specs.namespaced_collections("/usage/"),
        strings(&[
            "aggregates",
            "chunks",
            "files",
            "reconciliations",
            "records"
        ])
    );
    assert!(specs.namespaced_collections("nothing").is_empty());
}

#[test]
fn v37_nested_namespaces_golden() {
    let Some(specs) = v37() else { return };
    assert_eq!(
        specs.nested_namespaces("dictionary"),
        strings(&["extensions"])
    );
    assert_eq!(specs.nested_namespaces("devops"), strings(&["git"]));
    // The reference lists `password` three times; duplicates are dropped here.
    assert_eq!(
        specs.nested_namespaces("auth"),
        strings(&["password", "user"])
    );
    assert!(specs.nested_namespaces("subscriptions").is_empty());
}

#[test]
fn v37_nested_collections_golden() {
    let Some(specs) = v37() else { return };
    let expected = [
        "actions",
        "configurations",
        "connections",
        "guidelines",
        "item-groups",
        "items",
        "localizations",
        "media",
        "messages",
        "parameters",
        "taxonomies",
        "templates",
        "usage",
        "versions",
    ];
    assert_eq!(
        specs.nested_collections("products/PRD-000"),
        strings(&expected)
    );
    assert!(specs.nested_collections("products").is_empty());
    assert!(
        specs
            .nested_collections("resources/assets/AS-000")
            .is_empty()
    );
}

const SMALL: &str = r"
openapi: 3.0.3
info:
  title: Small
  version: 2.5
paths:
  x-extension: {get: {operationId: nope_list}}
  /things/{id}:
    summary: a thing
    parameters: []
    get: {operationId: things_retrieve_get}
  /things/search:
    post: {operationId: things_search_create}
  /things:
    get:
      operationId: things_list_all
  /things/{id}/parts:
    get: {operationId: things_parts_list_parts}
  /things/{id}/freeze:
    post: {operationId: things_freeze_create}
  /things/{id}/odd: {}
  /things: {put: {operationId: things_update}}
";

#[test]
fn small_document() {
    let specs = OpenApiSpecs::from_yaml_str(SMALL).unwrap();
    assert_eq!(specs.version(), Some("2.5"));
    assert_eq!(specs.title(), Some("Small"));
    // The extension key is ignored; the repeated `/things` keeps its first place, last value.
    assert_eq!(
        specs.paths().collect::<Vec<_>>(),
        [
            "/things/{id}",
            "/things/search",
            "/things",
            "/things/{id}/parts",
            "/things/{id}/freeze",
            "/things/{id}/odd",
        ]
    );
    assert!(specs.exists("put", "things"));
    assert!(!specs.exists("get", "things"));
    // The literal path wins although the templated one comes first.
    assert!(specs.exists("post", "things/search"));
    assert!(!specs.exists("get", "things/search"));
    assert!(specs.exists("get", "things/T-1"));
    assert!(!specs.exists("summary", "things/T-1"));
    assert!(!specs.exists("get", "x-extension"));
    assert_eq!(specs.namespaces(), strings(&["things"]));
    assert!(specs.collections().is_empty());
    assert_eq!(specs.namespaced_collections("things"), strings(&["search"]));
    assert_eq!(specs.nested_collections("things/T-1"), strings(&["parts"]));
}

#[test]
fn broken_documents_are_parse_errors() {
    let cases = [
        ("", "the document is empty"),
        ("# only a comment\n", "the document is empty"),
        ("just text", "not a mapping"),
        ("- a\n- b\n", "not a mapping"),
        ("info: {version: '1'}\n", "no `paths` mapping"),
        ("paths:\n", "`paths` is not a mapping"),
        ("paths: [a, b]\n", "`paths` is not a mapping"),
        ("paths: {}\n---\npaths: {}\n", "single document"),
        ("paths:\n  /a: {get: [}\n", "line"),
        ("paths:\n  /a:\n    get: 'unterminated\n", "line"),
        ("paths:\n\t/a: {}\n", "line"),
        ("paths: {/a: *missing}\n", "line"),
        ("paths:\n  /a:\n  - x\n   y: z\n", "line"),
        ("\u{feff}{{{{{{{{", "line"),
    ];
    for (text, needle) in cases {
        match OpenApiSpecs::from_yaml_str(text) {
            Err(SpecsError::Parse { message }) => {
                assert!(message.contains(needle), "{text:?}: {message}");
            }
            other => panic!("{text:?}: expected a parse error, got {other:?}"),
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for text in [
        format!("paths: {}", "[".repeat(100_000)),
        format!("paths: {}", "{a: ".repeat(100_000)),
    ] {
        let error = OpenApiSpecs::from_yaml_str(&text).unwrap_err();
        assert!(matches!(error, SpecsError::Parse { .. }), "{error:?}");
    }
    // Block sequences nest without recursion in the scanner; they only need to not crash.
    let text = format!("paths:\n  /a:\n    get:\n      {}x\n", "- ".repeat(50_000));
    let specs = OpenApiSpecs::from_yaml_str(&text).unwrap();
    assert!(specs.exists("get", "a"));
}

#[test]
fn odd_but_valid_documents_load() {
    // Path items and operations that are not mappings count as having no methods.
    let specs = OpenApiSpecs::from_yaml_str(
        "paths:\n  /a: ~\n  /b: [get]\n  /c: {get: 3}\n  /d: {get: &x {operationId: d_list}, post: *x}\n  ? [complex]\n  : {get: {}}\n",
    )
    .unwrap();
    assert!(!specs.exists("get", "a"));
    assert!(!specs.exists("get", "b"));
    assert!(specs.exists("get", "c"));
    assert!(specs.exists("post", "d"));
    assert_eq!(specs.paths().len(), 4);
    assert_eq!(specs.version(), None);
    let specs = OpenApiSpecs::from_yaml_str("paths: {}\n").unwrap();
    assert!(!specs.exists("get", ""));
    assert!(specs.namespaces().is_empty());
}

#[test]
fn files_missing_or_not_utf8() {
    let missing = std::env::temp_dir().join("connect-client-specs-test-missing.yml");
    let error = OpenApiSpecs::from_file(&missing).unwrap_err();
    assert!(matches!(error, SpecsError::Io { ref path, .. } if *path == missing));
    assert!(
        error
            .to_string()
            .starts_with("cannot read the OpenAPI specs at"),
        "{error}"
    );

    let latin1 = std::env::temp_dir().join(format!(
        "connect-client-specs-test-{}.yml",
        std::process::id()
    ));
    std::fs::write(&latin1, b"paths: {/caf\xe9: {}}\n").unwrap();
    let error = OpenApiSpecs::from_file(&latin1).unwrap_err();
    std::fs::remove_file(&latin1).unwrap();
    assert!(error.to_string().contains("is not UTF-8"), "{error}");
}
