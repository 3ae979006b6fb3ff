//! Signing in as `fixtures/golden/auth_flows.json` records it, against the stand-in's
//! Keycloak: the offline exchange, the device flow (pending polls, the code shown, the token
//! file written owner-only, reused on the next run), refresh before expiry, a refused
//! refresh, the device flow's typed endings, one refresh for many concurrent requests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use provena_client::testing::{OFFLINE_TOKEN, ProvenaMock};
use provena_client::{DeviceFlow, Error, OfflineFlow, SignInError};
use serde_json::{Value, json};

mod common;

/// The Keycloak requests received: method, path and form fields.
fn keycloak(mock: &ProvenaMock) -> Vec<Value> {
    mock.requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/auth/realms/"))
        .map(|r| json!({"method": r.method, "path": r.path, "body": r.body}))
        .collect()
}

/// The golden exchange of a phase, as (verb, path, form).
fn golden_phase(phase: &str) -> Vec<Value> {
    let flows = common::json("fixtures/golden/auth_flows.json");
    let exchange = flows["exchange"].as_array().unwrap();
    let start = exchange
        .iter()
        .position(|e| e["phase"] == phase)
        .unwrap_or_else(|| panic!("{phase}"));
    exchange[start + 1..]
        .iter()
        .take_while(|e| e.get("phase").is_none())
        .filter(|e| e["verb"] != "BROWSER")
        .map(|e| {
            let url = e["url"].as_str().unwrap();
            let path = url.split_once("provena.io").unwrap().1;
            json!({"method": e["verb"], "path": path, "form": e.get("form").cloned().unwrap_or(Value::Null)})
        })
        .collect()
}

/// Ours in the same shape (form pairs as an object).
fn ours(requests: &[Value]) -> Vec<Value> {
    requests
        .iter()
        .map(|r| {
            let form = match r["body"].get("kind").and_then(Value::as_str) {
                Some("form") => {
                    let pairs = r["body"]["value"].as_array().unwrap();
                    Value::Object(
                        pairs
                            .iter()
                            .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].clone()))
                            .collect(),
                    )
                }
                _ => Value::Null,
            };
            json!({"method": r["method"], "path": r["path"], "form": form})
        })
        .collect()
}

#[tokio::test]
async fn the_offline_flow_exchanges_the_offline_token_as_the_reference_does() {
    let mock = ProvenaMock::start().await;
    let provena = mock.offline_client();
    provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap();
    provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap();
    assert_eq!(
        ours(&keycloak(&mock)),
        golden_phase("OfflineFlow(offline_token=...)")
    );
    assert_eq!(mock.tokens_issued(), 1, "one token for both requests");
    let api = mock
        .requests()
        .into_iter()
        .find(|r| r.path.starts_with("/registry-api"))
        .unwrap();
    assert_eq!(
        api.headers.get("authorization").map(String::as_str),
        Some("Bearer [redacted]")
    );
}

#[tokio::test]
async fn a_token_near_its_expiry_is_refreshed_before_the_request() {
    let mock = ProvenaMock::start().await;
    mock.set_token_lifetime(Duration::from_secs(2));
    let provena = mock.offline_client();
    provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap();
    assert_eq!(mock.tokens_issued(), 2, "refreshed before it expired");
    let refreshes: Vec<Value> = ours(&keycloak(&mock))
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .collect();
    let golden = golden_phase("OfflineFlow.get_token() with expiring token");
    assert_eq!(refreshes[1], golden[0]);
}

#[tokio::test]
async fn a_refused_offline_token_is_a_typed_sign_in_error() {
    let mock = ProvenaMock::start().await;
    mock.revoke_refresh_tokens();
    let err = mock.offline_client().sign_in().await.unwrap_err();
    assert!(
        matches!(&err, Error::SignIn(SignInError::RefreshRefused(reason)) if reason.contains("Token is not active")),
        "{err:?}"
    );
    let err = mock
        .offline_client()
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::SignIn(SignInError::RefreshRefused(_))),
        "{err:?}"
    );
    assert!(!format!("{err:?}").contains(OFFLINE_TOKEN));
}

#[tokio::test]
async fn concurrent_requests_share_one_sign_in() {
    let mock = ProvenaMock::start().await;
    let provena = mock.offline_client();
    let calls = (0..8).map(|_| {
        let p = provena.clone();
        async move { p.registry().list_general().first_page().await }
    });
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(mock.tokens_issued(), 1);
}

fn device(
    mock: &ProvenaMock,
    file: &std::path::Path,
    shown: &Arc<Mutex<Vec<String>>>,
) -> provena_client::ProvenaClient {
    let shown = Arc::clone(shown);
    let flow = DeviceFlow::new("client-tools")
        .unwrap()
        .token_file(file)
        .on_code(move |code| {
            shown.lock().unwrap().push(format!(
                "{} {}",
                code.verification_uri_complete, code.user_code
            ))
        });
    mock.builder().device_flow(flow).build().unwrap()
}

#[tokio::test]
async fn the_device_flow_polls_shows_the_code_and_keeps_the_tokens_owner_only() {
    let mock = ProvenaMock::start().await;
    mock.set_pending_polls(2);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tokens.json");
    let shown = Arc::new(Mutex::new(Vec::new()));
    let provena = device(&mock, &file, &shown);
    provena.sign_in().await.unwrap();
    provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap();
    let mut golden = golden_phase("DeviceFlow() with no token file");
    // The reference misspelt the device request's `scope` as `scopes`.
    golden[1]["form"] = json!({"client_id": "client-tools", "scope": ""});
    assert_eq!(ours(&keycloak(&mock)), golden);
    assert_eq!(
        *shown.lock().unwrap(),
        ["/auth/realms/provena/device?user_code=ABCD-EFGH ABCD-EFGH"]
    );
    let stored: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let keys: Vec<&String> = stored.as_object().unwrap().keys().collect();
    let flows = common::json("fixtures/golden/auth_flows.json");
    let golden_keys: Vec<&String> = flows["token_file_after_device_flow"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, golden_keys);
    assert_eq!(stored["refresh_token"], "REFRESH-1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // The next run: the file's token is still good, nothing is asked.
    mock.clear_requests();
    let again = device(&mock, &file, &shown);
    again.sign_in().await.unwrap();
    again.registry().list_general().first_page().await.unwrap();
    assert_eq!(
        ours(&keycloak(&mock)),
        golden_phase("DeviceFlow() again with token file present and valid")
    );
    assert_eq!(shown.lock().unwrap().len(), 1, "no new code shown");
}

#[tokio::test]
async fn a_stale_token_file_is_refreshed_and_a_refused_refresh_signs_in_again() {
    let mock = ProvenaMock::start().await;
    mock.set_token_lifetime(Duration::from_secs(20));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tokens.json");
    let shown = Arc::new(Mutex::new(Vec::new()));
    device(&mock, &file, &shown).sign_in().await.unwrap();
    // A 20 s token is within the 30 s window: the next run refreshes with the file's token.
    mock.clear_requests();
    device(&mock, &file, &shown).sign_in().await.unwrap();
    let golden = golden_phase("get_token() with token expiring in 10s (< 30s window) -> refresh");
    let posts: Vec<Value> = ours(&keycloak(&mock))
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .collect();
    assert_eq!(posts, golden);
    assert_eq!(shown.lock().unwrap().len(), 1);
    // Refresh tokens revoked: a new device sign-in.
    mock.revoke_refresh_tokens();
    std::fs::write(
        &file,
        serde_json::to_vec(&json!({"access_token": "x.y.z", "refresh_token": "REFRESH-2"}))
            .unwrap(),
    )
    .unwrap();
    device(&mock, &file, &shown).sign_in().await.unwrap();
    assert_eq!(shown.lock().unwrap().len(), 2, "signed in again");
}

#[tokio::test]
async fn the_device_flow_s_endings_are_typed() {
    for (outcome, expected) in [
        ("access_denied", SignInError::AccessDenied),
        ("expired_token", SignInError::Expired),
    ] {
        let mock = ProvenaMock::start().await;
        mock.set_device_outcome(Some(outcome));
        let dir = tempfile::tempdir().unwrap();
        let shown = Arc::new(Mutex::new(Vec::new()));
        let err = device(&mock, &dir.path().join("t.json"), &shown)
            .sign_in()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::SignIn(e) if *e == expected),
            "{outcome}: {err:?}"
        );
        assert!(
            !dir.path().join("t.json").exists(),
            "no token file after {outcome}"
        );
    }
}

#[tokio::test]
async fn slow_down_makes_the_polls_five_seconds_further_apart() {
    let mock = ProvenaMock::start().await;
    mock.set_device_outcome(Some("slow_down"));
    let dir = tempfile::tempdir().unwrap();
    let shown = Arc::new(Mutex::new(Vec::new()));
    let started = std::time::Instant::now();
    device(&mock, &dir.path().join("t.json"), &shown)
        .sign_in()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(6),
        "interval 1 s + 5 s after slow_down: {:?}",
        started.elapsed()
    );
    let polls = ours(&keycloak(&mock))
        .into_iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with("/token"))
        .count();
    assert_eq!(polls, 2);
}

#[tokio::test]
async fn a_static_token_never_talks_to_keycloak() {
    let mock = ProvenaMock::start().await;
    let provena = mock.client();
    provena.sign_in().await.unwrap();
    provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap();
    assert!(keycloak(&mock).is_empty());
    assert!(format!("{provena:?}").contains("ProvenaClient"));
    assert!(!format!("{provena:?}").contains("TEST-ACCESS-TOKEN"));
    let flow = OfflineFlow::new("automated-access", OFFLINE_TOKEN.to_owned().into()).unwrap();
    assert!(!format!("{flow:?}").contains(OFFLINE_TOKEN));
}
