//! Utilities (health, version, password and two-factor recovery, key generation) and setting up
//! encryption: exact requests (snapshots), recorded answers, errors, bad input.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use client_core::testing::{MockResponse, RecordedBody, RequestRecord, Routes, TestServer};
use serde_json::{Value, json};
use vantage6_client::api::encryption::SetupOutcome;
use vantage6_client::api::util::{Account, DEFAULT_PRIVATE_KEY_FILE};
use vantage6_client::{Cryptor, Error, RetryPolicy, Vantage6Client};

/// Secrets in request bodies, replaced in snapshots (the tests check the real values).
const SECRET_KEYS: [&str; 4] = [
    "password",
    "current_password",
    "new_password",
    "reset_token",
];

fn snapshot_safe(mut records: Vec<RequestRecord>) -> Value {
    for record in &mut records {
        if let RecordedBody::Json(body) = &mut record.body {
            for key in SECRET_KEYS {
                if body.get(key).is_some() {
                    body[key] = json!(format!("[{key}]"));
                }
            }
        }
    }
    serde_json::to_value(records).unwrap()
}

fn json_body(record: &RequestRecord) -> &Value {
    match &record.body {
        RecordedBody::Json(body) => body,
        other => panic!("a JSON body, not {other:?}"),
    }
}

fn msg(text: &str) -> MockResponse {
    MockResponse::json(200, &json!({ "msg": text }))
}

fn util_routes() -> Routes {
    let two_factor = common::sample("mfa_2fa_reset.raw").unwrap_or_else(
        || json!({"qr_uri": "otpauth://totp/x:root?secret=AAAA", "otp_secret": "AAAA", "msg": "ok"}),
    );
    Routes::new()
        .on(
            "GET",
            "/api/health",
            MockResponse::json(200, &json!({"database": true})),
        )
        .on(
            "GET",
            "/api/version",
            MockResponse::json(200, &json!({"version": "4.15.2"})),
        )
        .on(
            "PATCH",
            "/api/password/change",
            msg("The password has been changed successfully!"),
        )
        .on(
            "POST",
            "/api/recover/lost",
            msg("If the username or email is in our database you will soon receive an email."),
        )
        .on(
            "POST",
            "/api/recover/reset",
            msg("The password has successfully been reset!"),
        )
        .on(
            "POST",
            "/api/recover/2fa/lost",
            msg("You should have received an email with instructions."),
        )
        .on(
            "POST",
            "/api/recover/2fa/reset",
            MockResponse::json(200, &two_factor),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(util_routes()).await;
    let util = v6.util();
    let health = util.server_health().await.unwrap();
    assert!(health.database);
    assert_eq!(util.server_version().await.unwrap(), "4.15.2");
    let changed = util
        .change_my_password("Old-passw0rd!", "New-passw0rd!")
        .await
        .unwrap();
    assert_eq!(changed.msg, "The password has been changed successfully!");
    util.reset_my_password(&Account::email("root@domain.ext"))
        .await
        .unwrap();
    util.reset_my_password(&Account::username("root"))
        .await
        .unwrap();
    util.set_my_password("reset-token-1", "New-passw0rd!")
        .await
        .unwrap();
    util.reset_two_factor_auth("New-passw0rd!", &Account::username("root"))
        .await
        .unwrap();
    let setup = util.set_two_factor_auth("reset-token-2").await.unwrap();
    assert!(setup.qr_uri().starts_with("otpauth://totp/"));
    assert!(!setup.otp_secret().is_empty());
    assert!(!format!("{setup:?}").contains(setup.otp_secret()));

    let requests = server.requests();
    // Only the password change carries the session's token.
    for record in &requests {
        let authorized = record.header("authorization").is_some();
        assert_eq!(
            authorized,
            record.path == "/api/password/change",
            "{}",
            record.path
        );
    }
    let bodies: Vec<&Value> = requests[2..].iter().map(json_body).collect();
    assert_eq!(
        bodies[0],
        &json!({"current_password": "Old-passw0rd!", "new_password": "New-passw0rd!"})
    );
    assert_eq!(
        bodies[3],
        &json!({"reset_token": "reset-token-1", "password": "New-passw0rd!"})
    );
    assert_eq!(
        bodies[4],
        &json!({"username": "root", "password": "New-passw0rd!"})
    );
    assert_eq!(bodies[5], &json!({"reset_token": "reset-token-2"}));
    insta::assert_json_snapshot!("util_requests", snapshot_safe(requests));
}

#[test]
fn recorded_answers_decode() {
    let Some(answer) = common::sample("mfa_2fa_reset.raw") else {
        return;
    };
    let setup: vantage6_client::models::TwoFactorSetup = serde_json::from_value(answer).unwrap();
    assert_eq!(setup.otp_secret(), "AZIGIW4WT7QTF22JO3DEVJJIQ6PJU7SF");
    assert!(
        setup
            .qr_uri()
            .contains("secret=AZIGIW4WT7QTF22JO3DEVJJIQ6PJU7SF")
    );
    assert!(
        setup
            .message()
            .starts_with("Two-factor authentication is obligatory")
    );
    let shown = format!("{setup:?}");
    assert!(!shown.contains("AZIGIW4"), "{shown}");
    let health: vantage6_client::models::ServerHealth =
        serde_json::from_value(json!({"healthy": true, "database": true})).unwrap();
    assert_eq!((health.database, health.healthy), (true, Some(true)));
}

fn no_retry_client(url: &str) -> Vantage6Client {
    Vantage6Client::builder(url)
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_version_is_asked_again_while_the_server_is_unreachable() {
    let starting = MockResponse::json(503, &json!({"msg": "starting"}));
    let server = TestServer::routes(Routes::new().on_seq(
        "GET",
        "/api/version",
        vec![
            starting.clone(),
            starting.clone(),
            MockResponse::json(200, &json!({"version": "4.15.2"})),
        ],
    ))
    .await;
    let v6 = no_retry_client(&server.base_url());
    let version = v6
        .util()
        .server_version_with(5, Duration::from_millis(1))
        .await
        .unwrap();
    assert_eq!(version, "4.15.2");
    assert_eq!(server.request_count(), 3);

    // Given up after `attempts`, with the last error.
    let server = TestServer::routes(Routes::new().on("GET", "/api/version", starting)).await;
    let v6 = no_retry_client(&server.base_url());
    let err = v6
        .util()
        .server_version_with(2, Duration::from_millis(1))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.request_count(), 2);

    // Any other error is final at once (here the HTML page of a wrong API path).
    let server = TestServer::routes(
        Routes::new().on(
            "GET",
            "/api/version",
            MockResponse::status(404)
                .header("content-type", "text/html")
                .body("<html>"),
        ),
    )
    .await;
    let err = no_retry_client(&server.base_url())
        .util()
        .server_version_with(5, Duration::from_millis(1))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(server.request_count(), 1);

    // Nobody listening: connection refused on every attempt.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = no_retry_client(&format!("http://127.0.0.1:{port}"))
        .util()
        .server_version_with(3, Duration::from_millis(1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Core(_)) && !err.is_invalid_input(),
        "{err}"
    );
}

#[tokio::test]
async fn errors_are_typed_and_bad_input_sends_nothing() {
    let routes = util_routes()
        .on(
            "PATCH",
            "/api/password/change",
            MockResponse::json(401, &json!({"msg": "Failed to login"})),
        )
        .on(
            "POST",
            "/api/recover/reset",
            MockResponse::json(400, &json!({"msg": "Invalid recovery token!"})),
        )
        .on(
            "POST",
            "/api/recover/2fa/lost",
            MockResponse::json(
                500,
                &json!({"msg": "An unexpected error occurred on the server!"}),
            ),
        )
        .on(
            "POST",
            "/api/recover/2fa/reset",
            MockResponse::json(503, &json!({"msg": "unavailable"})),
        );
    let (server, v6) = common::logged_in(routes).await;
    let util = v6.util();
    let err = util
        .change_my_password("Wrong-passw0rd!", "New-passw0rd!")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    let err = util
        .set_my_password("old-token", "New-passw0rd!")
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.message()),
        (Some(400), Some("Invalid recovery token!"))
    );
    let err = util
        .reset_two_factor_auth("pw", &Account::email("root@domain.ext"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    let err = util.set_two_factor_auth("token").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    for e in [&err] {
        let text = format!("{e} {e:?}");
        assert!(!text.contains("token\""), "{text}");
    }
    assert_eq!(
        server.request_count(),
        4,
        "a refused recovery POST is never re-sent, even on 503"
    );
    server.clear();

    let bad = [
        util.change_my_password("", "New-passw0rd!")
            .await
            .unwrap_err(),
        util.change_my_password("Same-passw0rd!", "Same-passw0rd!")
            .await
            .unwrap_err(),
        util.change_my_password("Old-passw0rd!", "")
            .await
            .unwrap_err(),
        util.reset_my_password(&Account::email(" "))
            .await
            .unwrap_err(),
        util.reset_my_password(&Account::username(""))
            .await
            .unwrap_err(),
        util.set_my_password(" ", "New-passw0rd!")
            .await
            .unwrap_err(),
        util.set_my_password("token", "").await.unwrap_err(),
        util.reset_two_factor_auth("", &Account::username("root"))
            .await
            .unwrap_err(),
        util.reset_two_factor_auth("pw", &Account::username(" "))
            .await
            .unwrap_err(),
        util.set_two_factor_auth("").await.unwrap_err(),
        util.server_version_with(0, Duration::ZERO)
            .await
            .unwrap_err(),
    ];
    for (i, err) in bad.iter().enumerate() {
        assert!(err.is_invalid_input(), "case {i}: {err:?}");
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");

    // Health, version and recovery need no login; the password change does.
    let anonymous = common::client(&server);
    assert!(anonymous.util().server_health().await.unwrap().database);
    let err = anonymous
        .util()
        .change_my_password("Old-passw0rd!", "New-passw0rd!")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not authenticated"), "{err}");
    assert_eq!(server.request_count(), 1, "only the health check was sent");
}

// ---------------------------------------------------------------------------------------------
// Encryption set-up and key generation.

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
