//! Logging in (users with two-factor outcomes, nodes, saved tokens) and the session: refresh on
//! an expired access token only, one refresh for concurrent requests, nothing re-sent that the
//! server refused, and no secret in `Debug` output, errors or request records.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use platform_client_core::reexports::SecretString;
use platform_client_core::testing::{MockResponse, Received, RecordedBody, Routes, TestServer};
use serde_json::{Value, json};
use vantage6_client::{AuthOutcome, Error, Vantage6Client, WhoAmI};

/// A recorded raw HTTP answer (`*.raw.txt`, `*.raw`): its status and JSON body.
fn raw(name: &str) -> Option<(u16, Value)> {
    let root = std::env::var_os("CONTRACT_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(root.join("vantage6/samples").join(name)).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let (_, body) = text.split_once("\r\n\r\n")?;
    Some((status, serde_json::from_str(body).ok()?))
}

/// A recorded token answer with the tokens replaced by readable ones (the recorded ones expire).
fn token_answer(sample: Option<Value>, access: &str, refresh: &str) -> Value {
    let mut body = sample.unwrap_or_else(|| json!({"refresh_url": "/api/token/refresh"}));
    body["access_token"] = json!(access);
    body["refresh_token"] = json!(refresh);
    body
}

fn user_login_routes(token_answers: Vec<MockResponse>) -> Routes {
    Routes::new()
        .on_seq("POST", "/api/token/user", token_answers)
        .on(
            "GET",
            "/api/user/1",
            MockResponse::json(
                200,
                &json!({"id": 1, "username": "root", "firstname": null,
                        "organization": {"id": 1, "link": "/api/organization/1", "methods": ["GET"]}}),
            ),
        )
        .on(
            "GET",
            "/api/organization/1",
            MockResponse::json(200, &json!({"id": 1, "name": "root", "public_key": ""})),
        )
}

/// The JSON body as sent (records redact credentials; this is the raw body).
fn sent_json(server: &TestServer, index: usize) -> Value {
    serde_json::from_slice(&server.received()[index].body).unwrap()
}

#[tokio::test]
async fn two_factor_states_are_outcomes() {
    let first = common::sample("mfa_login_first.raw").unwrap_or_else(|| {
        json!({"qr_uri": "otpauth://totp/x:root?secret=AAAA", "otp_secret": "AAAA", "msg": "set up"})
    });
    let (wrong_pw_status, wrong_pw) =
        raw("err_login_wrongpw.raw.txt").unwrap_or((401, json!({"msg": "Failed to login"})));
    let (missing_status, missing) = raw("err_login_missing.raw.txt").unwrap_or((
        400,
        json!({"msg": "Request body is incorrect", "errors": {"password": ["Missing data for required field."]}}),
    ));
    let access = common::jwt(1, "access", 3600);
    let refresh = common::jwt(1, "refresh", 7200);
    let success = token_answer(
        raw("token_user_root.raw").map(|(_, body)| body),
        &access,
        &refresh,
    );
    let server = TestServer::routes(user_login_routes(vec![
        MockResponse::json(200, &first),
        MockResponse::json(
            200,
            &json!({"msg": "Please include your two-factor authentication code"}),
        ),
        MockResponse::json(
            401,
            &json!({"msg": "Your two-factor authentication code is incorrect!"}),
        ),
        MockResponse::json(wrong_pw_status, &wrong_pw),
        MockResponse::json(missing_status, &missing),
        MockResponse::json(200, &success),
    ]))
    .await;
    let v6 = common::client(&server);

    let outcome = v6.authenticate("root", "root", None).await.unwrap();
    let AuthOutcome::MfaSetupRequired {
        qr_uri,
        otp_secret,
        message,
    } = &outcome
    else {
        panic!("two-factor set-up, not {outcome:?}");
    };
    assert!(qr_uri.starts_with("otpauth://totp/") && qr_uri.contains(otp_secret.as_str()));
    assert!(message.starts_with("Two-factor authentication is obligatory"));
    assert!(outcome.whoami().is_none());
    assert_eq!(
        server.request_count(),
        1,
        "no identity look-up without a token"
    );
    assert!(v6.whoami().is_none());

    let outcome = v6.authenticate("root", "root", None).await.unwrap();
    assert!(
        matches!(&outcome, AuthOutcome::MfaCodeRequired { message } if message.contains("two-factor")),
        "{outcome:?}"
    );
    assert!(matches!(
        outcome.into_whoami(),
        Err(Error::TwoFactor { .. })
    ));
    let outcome = v6
        .authenticate("root", "root", Some("000000"))
        .await
        .unwrap();
    assert_eq!(
        outcome,
        AuthOutcome::MfaCodeIncorrect {
            message: "Your two-factor authentication code is incorrect!".into()
        }
    );
    let err = v6
        .authenticate("root", "Wr0ng-pass!", None)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Unauthorized { message, .. } if message == "Failed to login"));
    assert!(!format!("{err} {err:?}").contains("Wr0ng-pass!"));
    let err = v6.authenticate("root", "x", None).await.unwrap_err();
    let Error::Api { errors, .. } = &err else {
        panic!("a validation error, not {err:?}");
    };
    assert_eq!(
        errors.as_ref().unwrap()["password"][0],
        "Missing data for required field."
    );
    assert!(v6.whoami().is_none());
    // Still not logged in: nothing is sent.
    server.clear();
    let err = v6.organization().get(2).await.unwrap_err();
    assert!(err.to_string().contains("not authenticated"), "{err}");
    assert_eq!(server.request_count(), 0);

    // The right code: sent as a string with its leading zero, then the identity.
    let outcome = v6
        .authenticate("root", "root", Some("012345"))
        .await
        .unwrap();
    let expected = WhoAmI {
        kind: "user".into(),
        id: 1,
        name: "root".into(),
        organization_id: 1,
        organization_name: "root".into(),
    };
    assert_eq!(outcome, AuthOutcome::Authenticated(expected.clone()));
    assert_eq!(v6.whoami(), Some(expected));
    let requests = server.requests();
    assert_eq!(
        sent_json(&server, 0),
        json!({"username": "root", "password": "root", "mfa_code": "012345"})
    );
    insta::assert_json_snapshot!("authenticate_requests", requests, {
        "[0].body.value.password" => "[password]"
    });
}

#[tokio::test]
async fn nodes_and_saved_tokens_log_in() {
    let node_access = common::jwt(2, "access", 3600);
    let node_refresh = common::jwt(2, "refresh", 7200);
    let answer = token_answer(
        common::sample("token_node.raw"),
        &node_access,
        &node_refresh,
    );
    assert_eq!(answer["node_url"], "/api/node/2", "the recorded shape");
    let routes = user_login_routes(vec![MockResponse::status(500)])
        .on_seq(
            "POST",
            "/api/token/node",
            vec![
                MockResponse::json(401, &json!({"msg": "Api key is not recognized!"})),
                MockResponse::json(200, &answer),
            ],
        )
        .on(
            "GET",
            "/api/node/2",
            MockResponse::json(
                200,
                &json!({"id": 2, "name": "org-a - collab Node", "type": "node",
                        "organization": {"id": 2, "link": "/api/organization/2"}}),
            ),
        )
        .on(
            "GET",
            "/api/organization/2",
            MockResponse::json(200, &json!({"id": 2, "name": "org-a"})),
        );
    let server = TestServer::routes(routes).await;
    let v6 = common::client(&server);
    let err = v6.authenticate_node("wrong-key").await.unwrap_err();
    assert!(
        matches!(&err, Error::Unauthorized { message, .. } if message == "Api key is not recognized!")
    );
    let who = v6.authenticate_node("a1b2c3").await.unwrap();
    assert_eq!(
        (
            who.kind.as_str(),
            who.id,
            who.name.as_str(),
            who.organization_id
        ),
        ("node", 2, "org-a - collab Node", 2)
    );
    let requests = server.requests();
    assert_eq!(sent_json(&server, 1), json!({"api_key": "a1b2c3"}));
    assert!(matches!(&requests[1].body, RecordedBody::Json(b) if b["api_key"] == "[redacted]"));
    assert_eq!(requests.len(), 4);
    // A node has no own user.
    common::refused(v6.user().own()).await;

    // A session resumed from saved tokens.
    let v6 = common::client(&server);
    let who = v6
        .authenticate_with_tokens(
            SecretString::from(common::jwt(1, "access", 3600)),
            Some(SecretString::from(common::jwt(1, "refresh", 7200))),
        )
        .await
        .unwrap();
    assert_eq!((who.kind.as_str(), who.id), ("user", 1));

    // Bad input: nothing sent.
    server.clear();
    let v6 = common::client(&server);
    for err in [
        v6.authenticate("", "root", None).await.unwrap_err(),
        v6.authenticate("root", "", None).await.unwrap_err(),
        v6.authenticate("root", "root", Some(" "))
            .await
            .unwrap_err(),
        v6.authenticate_node(" ").await.unwrap_err(),
    ] {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}

/// The tokens of a session: the access tokens in turn, the refresh tokens in turn.
struct Tokens {
    access: Vec<String>,
    refresh: Vec<String>,
    /// Access tokens the server calls expired.
    expired: Mutex<Vec<String>>,
}

impl Tokens {
    fn new() -> Arc<Self> {
        // Distinct lifetimes make distinct tokens within the same second.
        Arc::new(Tokens {
            access: (0..3).map(|i| common::jwt(1, "access", 3600 + i)).collect(),
            refresh: (0..3)
                .map(|i| common::jwt(1, "refresh", 7200 + i))
                .collect(),
            expired: Mutex::new(Vec::new()),
        })
    }

    fn expire(&self, i: usize) {
        self.expired.lock().unwrap().push(self.access[i].clone());
    }

    fn all(&self) -> Vec<&str> {
        self.access
            .iter()
            .chain(&self.refresh)
            .map(String::as_str)
            .collect()
    }
}

fn bearer(r: &Received) -> String {
    r.headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim_start_matches("Bearer ")
        .to_owned()
}

/// A server whose protected routes refuse expired access tokens with vantage6's answer, and
/// whose `token/refresh` hands out the next access and refresh token for the current refresh
/// token (after 50 ms, so concurrent requests overlap with it).
async fn session_server(tokens: Arc<Tokens>) -> TestServer {
    let refresh_sample = raw("token_refresh.raw.txt").map(|(_, body)| body);
    TestServer::start(move |r| {
        let t = &tokens;
        let token = bearer(r);
        match (r.record.method.as_str(), r.record.path.as_str()) {
            ("POST", "/api/token/user") => {
                MockResponse::json(200, &token_answer(None, &t.access[0], &t.refresh[0]))
            }
            ("POST", "/api/token/refresh") => match t.refresh.iter().position(|x| *x == token) {
                Some(i) if i + 1 < t.refresh.len() => MockResponse::json(
                    200,
                    &token_answer(refresh_sample.clone(), &t.access[i + 1], &t.refresh[i + 1]),
                )
                .delay(Duration::from_millis(50)),
                Some(_) => MockResponse::json(401, &json!({"msg": "Token has expired"})),
                None => MockResponse::json(422, &json!({"msg": "Only refresh tokens are allowed"})),
            },
            _ if t.expired.lock().unwrap().contains(&token) => {
                MockResponse::json(401, &json!({"msg": "Token has expired"}))
            }
            ("GET", "/api/user/1") => MockResponse::json(
                200,
                &json!({"id": 1, "username": "root", "organization": {"id": 1}}),
            ),
            ("GET", "/api/organization/1") => {
                MockResponse::json(200, &json!({"id": 1, "name": "root"}))
            }
            ("GET", "/api/organization/2") => {
                MockResponse::json(200, &json!({"id": 2, "name": "org-a"}))
            }
            ("GET", "/api/user/5") => MockResponse::json(
                401,
                &json!({"msg": "You lack the permission to do that!"}),
            ),
            ("POST", "/api/user") => MockResponse::json(
                500,
                &json!({"msg": "An unexpected error occurred on the server!"}),
            ),
            ("POST", "/api/organization") => MockResponse::json(
                400,
                &json!({"msg": "Request body is incorrect", "errors": {"name": ["Shorter than minimum length 1."]}}),
            ),
            _ => MockResponse::json(404, &json!({"msg": "no route"})),
        }
    })
    .await
}

async fn session(tokens: &Arc<Tokens>) -> (TestServer, Vantage6Client) {
    let server = session_server(tokens.clone()).await;
    let v6 = common::client(&server);
    v6.authenticate("root", "S3cret-pass!", None)
        .await
        .unwrap()
        .into_whoami()
        .unwrap();
    server.clear();
    (server, v6)
}

/// (method, path, bearer) of every request received.
fn calls(server: &TestServer) -> Vec<(String, String, String)> {
    server
        .received()
        .iter()
        .map(|r| (r.record.method.clone(), r.record.path.clone(), bearer(r)))
        .collect()
}

fn call(method: &str, path: &str, token: &str) -> (String, String, String) {
    (method.into(), path.into(), token.into())
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_request_sent_again() {
    let tokens = Tokens::new();
    let (server, v6) = session(&tokens).await;
    let t = &tokens;
    t.expire(0);
    assert_eq!(v6.organization().get(2).await.unwrap().name, "org-a");
    assert_eq!(
        calls(&server),
        [
            call("GET", "/api/organization/2", &t.access[0]),
            call("POST", "/api/token/refresh", &t.refresh[0]),
            call("GET", "/api/organization/2", &t.access[1]),
        ]
    );
    assert_eq!(server.requests()[1].body, RecordedBody::None);

    // The new token is kept, and so is the new refresh token for the next expiry.
    server.clear();
    v6.organization().get(2).await.unwrap();
    t.expire(1);
    v6.organization().get(2).await.unwrap();
    assert_eq!(
        calls(&server),
        [
            call("GET", "/api/organization/2", &t.access[1]),
            call("GET", "/api/organization/2", &t.access[1]),
            call("POST", "/api/token/refresh", &t.refresh[1]),
            call("GET", "/api/organization/2", &t.access[2]),
        ]
    );

    // An expired refresh token ends the session: the request is not sent again.
    server.clear();
    t.expire(2);
    let err = v6.organization().get(2).await.unwrap_err();
    assert!(
        err.to_string().contains("refresh token was refused"),
        "{err}"
    );
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.status(), Some(401), "the refusal keeps its status");
    assert_eq!(
        server.request_count(),
        2,
        "the request and the refused refresh"
    );
    let shown = format!("{err} {err:?} {v6:?}");
    for secret in t.all() {
        assert!(!shown.contains(secret), "a token in {shown}");
    }
}

#[tokio::test]
async fn refused_requests_are_never_refreshed_nor_sent_twice() {
    let tokens = Tokens::new();
    let (server, v6) = session(&tokens).await;
    // 401 for a missing permission is an answer, not an expired token.
    let err = v6.user().get(5).await.unwrap_err();
    assert!(
        matches!(&err, Error::Unauthorized { message, .. } if message == "You lack the permission to do that!")
    );
    assert_eq!(server.request_count(), 1);
    // A failed POST is sent once (the Python client posts it again after a refresh).
    let err = v6
        .user()
        .create("bob", "B", "B", "Passw0rd!", "b@b.example")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    let err = v6.organization().create("x").send().await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(server.request_count(), 3, "each request once, no refresh");
}

#[tokio::test]
async fn concurrent_requests_share_one_refresh() {
    let tokens = Tokens::new();
    let (server, v6) = session(&tokens).await;
    tokens.expire(0);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let v6 = v6.clone();
            tokio::spawn(async move { v6.organization().get(2).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().id, 2);
    }
    let all = calls(&server);
    let refreshes: Vec<_> = all.iter().filter(|c| c.1 == "/api/token/refresh").collect();
    assert_eq!(
        refreshes,
        [&call("POST", "/api/token/refresh", &tokens.refresh[0])]
    );
    let fresh = all.iter().filter(|c| c.2 == tokens.access[1]).count();
    assert_eq!(fresh, 8, "every request ends with the new token");
    let stale = all.iter().filter(|c| c.2 == tokens.access[0]).count();
    assert!(stale > 1, "several requests were refused at once: {stale}");
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_errors_and_records() {
    let tokens = Tokens::new();
    let server = session_server(tokens.clone()).await;
    let v6 = common::client(&server);
    // Before a login: nothing sent.
    assert!(matches!(
        v6.user().own().await,
        Err(Error::NotAuthenticated)
    ));
    let err = v6.organization().list().send().await.unwrap_err();
    assert!(err.to_string().contains("not authenticated"), "{err}");
    assert_eq!(server.request_count(), 0);

    v6.authenticate("root", "S3cret-pass!", None).await.unwrap();
    tokens.expire(0);
    v6.organization().get(2).await.unwrap();
    let err = v6.user().get(5).await.unwrap_err();
    let shown = format!("{v6:?} {err} {err:?}");
    let mut secrets = tokens.all();
    secrets.push("S3cret-pass!");
    for secret in &secrets {
        assert!(!shown.contains(secret), "a secret in {shown}");
    }
    // Records redact credentials, the login's password included.
    for record in server.requests() {
        let text = serde_json::to_string(&record).unwrap();
        for secret in &secrets {
            assert!(!text.contains(secret), "a secret in {text}");
        }
    }
}

#[tokio::test]
async fn unfinished_two_factor_logins_and_odd_tokens_are_typed() {
    let outcome = AuthOutcome::MfaCodeRequired {
        message: "Please include your two-factor authentication code".into(),
    };
    let err = outcome.into_whoami().unwrap_err();
    assert!(matches!(err, Error::TwoFactor { .. }), "{err}");
    assert!(err.to_string().contains("two-factor"), "{err}");

    // A token whose expiry lies beyond what a clock can hold does not panic.
    use base64::Engine as _;
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let far = format!(
        "{}.{}.c2ln",
        enc.encode(r#"{"alg":"HS256"}"#),
        enc.encode(format!(r#"{{"sub":1,"exp":{}}}"#, u64::MAX))
    );
    let (server, _) = common::logged_in(Routes::new()).await;
    let v6 = common::client(&server);
    let who = v6
        .authenticate_with_tokens(SecretString::from(far), None)
        .await
        .unwrap();
    assert_eq!(who.id, 1);
}
