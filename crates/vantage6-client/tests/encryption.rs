//! Setting up encryption (`setup_encryption`, `setup_encryption_from_file`) and generating a
//! key pair (`util().generate_private_key()`): exact requests (snapshots), outcomes, errors.

mod common;

use std::path::PathBuf;

use platform_client_core::testing::{
    MockResponse, RecordedBody, RequestRecord, Routes, TestServer,
};
use serde_json::{Value, json};
use vantage6_client::api::encryption::SetupOutcome;
use vantage6_client::api::util::DEFAULT_PRIVATE_KEY_FILE;
use vantage6_client::{Cryptor, Error, Vantage6Client};

fn json_body(record: &RequestRecord) -> &Value {
    match &record.body {
        RecordedBody::Json(body) => body,
        other => panic!("a JSON body, not {other:?}"),
    }
}
fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn org3(public_key: &str) -> MockResponse {
    MockResponse::json(
        200,
        &json!({"id": 3, "name": "org-c", "public_key": public_key}),
    )
}

/// A server where root belongs to organisation 3, whose public key is `server_key` after the
/// login, and a client logged in to it (the login's requests cleared).
async fn org3_server(server_key: &str, patch: MockResponse) -> (TestServer, Vantage6Client) {
    let routes = Routes::new()
        .on(
            "POST",
            "/api/token/user",
            MockResponse::json(
                200,
                &json!({"access_token": common::jwt(1, "access", 3600),
                        "refresh_token": common::jwt(1, "refresh", 7200)}),
            ),
        )
        .on(
            "GET",
            "/api/user/1",
            MockResponse::json(
                200,
                &json!({"id": 1, "username": "root", "organization": {"id": 3}}),
            ),
        )
        .on_seq(
            "GET",
            "/api/organization/3",
            vec![org3(""), org3(server_key)],
        )
        .on("PATCH", "/api/organization/3", patch);
    let server = TestServer::routes(routes).await;
    let v6 = common::client(&server);
    v6.authenticate("root", "root", None).await.unwrap();
    server.clear();
    (server, v6)
}

fn patched() -> MockResponse {
    org3("patched")
}

#[tokio::test]
async fn setup_encryption_uploads_only_a_missing_or_other_key() {
    let a = Cryptor::from_pem_file(fixture("org_a_private.pem")).unwrap();
    let b = Cryptor::from_pem_file(fixture("org_b_private_pkcs8.pem")).unwrap();
    let public_a = std::fs::read_to_string(fixture("org_a_public.pem")).unwrap();
    assert_eq!(
        a.public_key_pem(),
        public_a,
        "the fixture is what the client derives"
    );

    // No key on the server: uploaded.
    let (server, v6) = org3_server("", patched()).await;
    let outcome = v6
        .setup_encryption_from_file(fixture("org_a_private.pem"))
        .await
        .unwrap();
    assert_eq!(outcome, SetupOutcome::Uploaded);
    assert!(outcome.uploaded());
    assert_eq!(v6.cryptor().unwrap().public_key_pem(), public_a);
    let requests = server.requests();
    assert_eq!(json_body(&requests[1])["public_key"], a.public_key_base64());
    insta::assert_json_snapshot!("setup_encryption_requests", requests);

    // The same key: nothing sent after the look-up.
    let (server, v6) = org3_server(&a.public_key_base64(), patched()).await;
    v6.set_cryptor(Cryptor::from_pem_file(fixture("org_a_private.pem")).unwrap());
    assert_eq!(
        v6.setup_encryption().await.unwrap(),
        SetupOutcome::Unchanged
    );
    assert_eq!(server.request_count(), 1);

    // Another organisation's key: replaced by ours.
    let (server, v6) = org3_server(&b.public_key_base64(), patched()).await;
    v6.set_cryptor(Cryptor::from_pem_file(fixture("org_a_private.pem")).unwrap());
    assert_eq!(v6.setup_encryption().await.unwrap(), SetupOutcome::Replaced);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(json_body(&requests[1])["public_key"], a.public_key_base64());
}

#[tokio::test]
async fn setup_encryption_errors() {
    let refused = MockResponse::json(
        401,
        &json!({"msg": "Only members of an organization can update its public key!"}),
    );
    let (server, v6) = org3_server("", refused).await;
    // No key pair yet: nothing sent.
    let err = v6.setup_encryption().await.unwrap_err();
    assert!(matches!(err, Error::Crypto(_)), "{err}");
    let err = v6
        .setup_encryption_from_file(fixture("missing.pem"))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(server.request_count(), 0);
    // The upload refused.
    let err = v6
        .setup_encryption_from_file(fixture("org_a_private.pem"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    assert!(
        v6.cryptor().is_none(),
        "a key the server does not know is not used"
    );
    server.clear();

    // Without a login, nothing is sent (nor a key generated).
    let anonymous = common::client(&server);
    anonymous.set_cryptor(Cryptor::from_pem_file(fixture("org_a_private.pem")).unwrap());
    assert!(matches!(
        anonymous.setup_encryption().await,
        Err(Error::NotAuthenticated)
    ));
    assert!(matches!(
        anonymous
            .setup_encryption_from_file(fixture("org_a_private.pem"))
            .await,
        Err(Error::NotAuthenticated)
    ));
    assert!(matches!(
        anonymous.util().generate_private_key().send().await,
        Err(Error::NotAuthenticated)
    ));
    assert_eq!(server.request_count(), 0);
}

/// The only test that generates a key (seconds in a debug build).
#[tokio::test]
async fn generate_private_key_writes_uses_and_uploads_a_new_key() {
    assert_eq!(DEFAULT_PRIVATE_KEY_FILE, "private_key.pem");
    let dir = std::env::temp_dir().join(format!("v6-users-keygen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let existing = dir.join("existing.pem");
    std::fs::write(&existing, "keep me").unwrap();
    let (server, v6) = org3_server("", patched()).await;
    let util = v6.util();

    // Refused before a key is generated: an existing file, a missing directory, a directory.
    let err = util
        .generate_private_key()
        .file(&existing)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("overwrite"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    let err = util
        .generate_private_key()
        .file(dir.join("nope/key.pem"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    let err = util
        .generate_private_key()
        .file(&dir)
        .overwrite(true)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(server.request_count(), 0);

    // Overwriting when asked.
    let generated = util
        .generate_private_key()
        .file(&existing)
        .overwrite(true)
        .send()
        .await
        .unwrap();
    assert_eq!(generated.path, existing);
    assert!(generated.path.is_absolute());
    assert_eq!(generated.setup, SetupOutcome::Uploaded);
    let written = Cryptor::from_pem_file(&existing).unwrap();
    let pem = std::fs::read_to_string(&existing).unwrap();
    assert!(
        pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"),
        "PKCS#1 as vantage6 writes"
    );
    let in_use = v6.cryptor().unwrap();
    assert_eq!(in_use.public_key_pem(), written.public_key_pem());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&existing).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only");
    }
    let requests = server.requests();
    assert_eq!(
        json_body(&requests[1])["public_key"],
        written.public_key_base64()
    );
    assert_eq!(written.public_key_base64().len(), 1068, "a 4096-bit key");
    insta::assert_json_snapshot!("generate_private_key_requests", requests, {
        "[].body.value.public_key" => "[the new public key]"
    });
    std::fs::remove_dir_all(&dir).unwrap();
}
