//! The `kechain-cassettes` binary fails loudly: an unknown endpoint or a body that does not match
//! its model gives a non-zero exit and names the endpoint.

use std::process::Command;

fn cassette(uri: &str, status: u16, body: &str) -> String {
    serde_json::json!({"http_interactions": [{
        "request": {"method": "GET", "uri": uri, "headers": {}, "body": {"encoding": "utf-8", "string": ""}},
        "response": {"status": {"code": status, "message": ""}, "headers": {"Content-Type": ["application/json"]},
                      "body": {"encoding": "utf-8", "string": body}}
    }], "recorded_with": "betamax/0.8.1"})
    .to_string()
}

fn run(files: &[(&str, String)]) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("kc-bin-{}-{}", std::process::id(), files.len()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kechain-cassettes"))
        .arg(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn good_bad_and_unknown_interactions() {
    let scope = r#"{"results": [{"id": "bd5dceaa-a35e-47b0-9fc5-875410f4a56f", "name": "Bike"}]}"#;
    let (ok, out) = run(&[
        (
            "a.json",
            cassette("<API_URL>/api/v3/scopes.json?limit=2", 200, scope),
        ),
        (
            "b.json",
            cassette(
                "<API_URL>/api/v3/scopes.json",
                403,
                r#"{"results": [{"detail": "Nope."}]}"#,
            ),
        ),
    ]);
    assert!(ok, "{out}");
    assert!(out.contains("decoded 2 of 2 interactions"), "{out}");

    let (ok, out) = run(&[
        (
            "a.json",
            cassette(
                "<API_URL>/api/v3/scopes.json",
                200,
                r#"{"results": [{"id": 7}]}"#,
            ),
        ),
        ("b.json", cassette("<API_URL>/api/v9/mystery", 200, "{}")),
        (
            "c.json",
            cassette("<API_URL>/api/v3/scopes.json", 200, scope),
        ),
    ]);
    assert!(!ok, "{out}");
    assert!(out.contains("decoded 1 of 3 interactions"), "{out}");
    assert!(
        out.contains("results[0]"),
        "the failing path is named: {out}"
    );
    assert!(
        out.contains("not attributed (1×): GET /api/v9/mystery"),
        "{out}"
    );
}
