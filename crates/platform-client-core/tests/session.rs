//! The core's login session: nothing sent before a login, the refresh token traded (and
//! rotated) when the access token expires, refusals and ended sessions as typed causes.

use platform_client_core::auth::BoxFuture;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use platform_client_core::session::{Refresh, Session, Tokens};
use platform_client_core::testing::{MockResponse, TestServer, local_builder};
use platform_client_core::{AccessToken, AuthFailure, HttpClient, Request};
use serde_json::json;

/// `POST refresh` with `{"refresh": <token>}`, answered `{"access", "refresh"}`.
struct Exchange {
    plain: HttpClient,
}

impl Refresh for Exchange {
    fn refresh<'a>(
        &'a self,
        token: &'a SecretString,
    ) -> BoxFuture<'a, platform_client_core::Result<Tokens>> {
        Box::pin(async move {
            let body = json!({"refresh": token.expose_secret()});
            let answer: serde_json::Value = self
                .plain
                .send_json(Request::post("refresh").json(&body)?)
                .await?;
            let text = |k: &str| answer[k].as_str().map(str::to_owned);
            Ok(Tokens {
                access: AccessToken::from_jwt(text("access").unwrap_or_default()),
                refresh: text("refresh").map(SecretString::from),
            })
        })
    }
}

fn token(value: &str) -> Tokens {
    Tokens {
        access: AccessToken::from_jwt(value.to_owned()),
        refresh: Some(SecretString::from(format!("r-{value}"))),
    }
}

#[tokio::test]
async fn a_session_refreshes_rotates_and_ends_with_typed_causes() {
    let server = TestServer::start(move |r| {
        let bearer = r
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        match r.record.path.as_str() {
            "/refresh" => {
                let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
                let old = body["refresh"].as_str().unwrap_or_default().to_owned();
                match old.as_str() {
                    "r-a1" => MockResponse::json(200, &json!({"access": "a2", "refresh": "r-a2"})),
                    _ => MockResponse::json(401, &json!({"detail": "refresh token revoked"})),
                }
            }
            _ if bearer == "Bearer a1" || bearer == "Bearer a2x" => {
                MockResponse::json(401, &json!({"detail": "expired"}))
            }
            _ => MockResponse::json(200, &json!({"bearer": bearer})),
        }
    })
    .await;
    let plain = local_builder(server.base_url()).build().unwrap();
    let session = Session::new(Exchange {
        plain: plain.clone(),
    });
    let client = plain.with_auth(session.auth());

    // Before a login: a typed cause, nothing sent.
    let err = client.send(Request::get("me")).await.unwrap_err();
    assert_eq!(
        err.auth_failure(),
        Some(AuthFailure::NotAuthenticated),
        "{err}"
    );
    assert_eq!(server.request_count(), 0);

    // An expired access token is refreshed once, the rotated refresh token kept.
    session.start(token("a1")).await;
    assert!(session.is_started());
    let me: serde_json::Value = client.send_json(Request::get("me")).await.unwrap();
    assert_eq!(me["bearer"], "Bearer a2");
    let kept = session.refresh_token().await.unwrap();
    assert_eq!(kept.expose_secret(), "r-a2");

    // A refused refresh is `Refused` with the server's answer.
    session.start(token("a2x")).await;
    let err = client.send(Request::get("me")).await.unwrap_err();
    assert_eq!(err.auth_failure(), Some(AuthFailure::Refused), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(
        !err.to_string().contains("r-a2x"),
        "no token in the message: {err}"
    );

    // Started without a refresh token: the expired session says so.
    session
        .start(Tokens {
            access: AccessToken::from_jwt("a1".into()),
            refresh: None,
        })
        .await;
    let err = client.send(Request::get("me")).await.unwrap_err();
    assert_eq!(
        err.auth_failure(),
        Some(AuthFailure::SessionExpired),
        "{err}"
    );

    // After a reset, every clone is logged out.
    session.reset().await;
    let before = server.request_count();
    let err = client.clone().send(Request::get("me")).await.unwrap_err();
    assert_eq!(err.auth_failure(), Some(AuthFailure::NotAuthenticated));
    assert_eq!(server.request_count(), before);
}
