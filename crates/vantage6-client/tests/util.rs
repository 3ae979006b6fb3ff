//! Utilities (health, version, password and two-factor recovery): exact requests (snapshots),
//! recorded answers, errors, bad input. Key generation is in `encryption.rs`.

mod common;

use std::time::Duration;

use platform_client_core::testing::{
    MockResponse, RecordedBody, RequestRecord, Routes, TestServer,
};
use serde_json::{Value, json};
use vantage6_client::api::util::Account;
use vantage6_client::{Error, RetryPolicy, Vantage6Client};

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
    // The bodies as sent (records redact credentials).
    let sent: Vec<Value> = server.received()[2..]
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let bodies: Vec<&Value> = sent.iter().collect();
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
    assert!(!format!("{err} {err:?}").contains("New-passw0rd!"));
    assert_eq!(
        (err.status(), err.message()),
        (Some(400), Some("Invalid recovery token!"))
    );
    let err = util
        .reset_two_factor_auth("pw", &Account::email("root@domain.ext"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    let err = util
        .set_two_factor_auth("R3set-t0ken-2fa")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let text = format!("{err} {err:?}");
    assert!(!text.contains("R3set-t0ken-2fa"), "{text}");
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

#[tokio::test]
async fn every_error_answers_the_shared_predicate_table() {
    use platform_client_core::testing::{check_error_predicates, fast_retry};
    check_error_predicates(|url| async move {
        let v6 = vantage6_client::Vantage6Client::builder(url)
            .no_proxy()
            .retry(fast_retry())
            .timeout(std::time::Duration::from_millis(200))
            .build()?;
        v6.util().server_health().await
    })
    .await;
}

#[tokio::test]
async fn from_env_file_reads_the_named_file() {
    use platform_client_core::testing::{EnvFile, MockResponse, TestServer};
    let health = serde_json::json!({"healthy": true});
    let server = TestServer::start(move |_| MockResponse::json(200, &health)).await;
    let url = format!("VANTAGE6_URL={}", server.base_url());
    let file = EnvFile::new(&[&url, "VANTAGE6_API_PATH=/v6api"]).unwrap();
    let v6 = vantage6_client::Vantage6Client::from_env_file(file.path()).unwrap();
    v6.util().server_health().await.unwrap();
    assert_eq!(server.received()[0].record.path, "/v6api/health");
    let missing = vantage6_client::Vantage6Client::from_env_file("/no/such/.env").unwrap_err();
    assert!(missing.is_invalid_input(), "{missing}");
}
