//! Refreshable tokens in a header and scheme of the platform's choosing, and JWT lifetimes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use platform_client_core::auth::{BoxFuture, jwt_claims};
use platform_client_core::testing::{MockResponse, TestServer, local_builder};
use platform_client_core::{AccessToken, Auth, Request, TokenSource};
use serde_json::json;

/// Hands out `tok-1`, `tok-2`, ... one per fetch.
#[derive(Default)]
struct Counter(AtomicUsize);

impl TokenSource for Counter {
    fn fetch(&self, _expired: bool) -> BoxFuture<'_, platform_client_core::Result<AccessToken>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(AccessToken::from_jwt(format!("tok-{n}"))) })
    }
}

#[tokio::test]
async fn a_refreshing_token_goes_in_the_platform_header_and_is_renewed_on_expiry() {
    let server = TestServer::start(|r| {
        let token = r.headers.get("x-session").and_then(|v| v.to_str().ok());
        match token {
            Some("Session tok-1") => MockResponse::json(401, &json!({"detail": "expired"})),
            Some(_) => MockResponse::json(200, &json!({"ok": true})),
            None => MockResponse::json(400, &json!({"detail": "no session header"})),
        }
    })
    .await;
    let auth = Auth::refreshing_with(Counter::default(), "X-Session", "Session ").unwrap();
    let client = local_builder(server.base_url()).auth(auth).build().unwrap();
    let answer: serde_json::Value = client.send_json(Request::get("me")).await.unwrap();
    assert_eq!(answer["ok"], true);
    let sent: Vec<Option<String>> = server
        .received()
        .iter()
        .map(|r| {
            r.headers
                .get("x-session")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        sent,
        [Some("Session tok-1".into()), Some("Session tok-2".into())]
    );
    assert!(
        server
            .received()
            .iter()
            .all(|r| r.headers.get("authorization").is_none())
    );
    assert!(Auth::refreshing_with(Counter::default(), "bad header", "").is_err());
    // Records and Debug never show the token.
    assert!(!format!("{client:?}").contains("tok-"));
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !format!("{r:?}").contains("tok-"))
    );
}

#[test]
fn jwt_lifetimes_come_from_the_exp_claim() {
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let jwt = |payload: &str| {
        format!(
            "{}.{}.sig",
            enc.encode(r#"{"alg":"none"}"#),
            enc.encode(payload)
        )
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let hour = AccessToken::from_jwt(jwt(&format!(r#"{{"sub":"u1","exp":{}}}"#, now + 3600)));
    let lifetime = hour.expires_in.unwrap();
    assert!(lifetime > Duration::from_secs(3500) && lifetime <= Duration::from_secs(3600));
    let past = AccessToken::from_jwt(jwt(r#"{"exp":1}"#));
    assert_eq!(past.expires_in, Some(Duration::ZERO));
    let far = AccessToken::from_jwt(jwt(&format!(r#"{{"exp":{}}}"#, u64::MAX)));
    assert_eq!(
        far.expires_in,
        Some(Duration::from_secs(365 * 24 * 3600)),
        "capped"
    );
    assert_eq!(
        AccessToken::from_jwt("opaque-token".into()).expires_in,
        None
    );
    assert_eq!(jwt_claims(&jwt(r#"{"sub":7}"#)).unwrap()["sub"], 7);
    assert!(jwt_claims("a.%%%.c").is_none());
}
