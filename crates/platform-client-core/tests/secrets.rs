//! Secrets never appear in `Debug`, logs or errors; each request leaves one span with its facts.

use platform_client_core::testing::{MockResponse, TestServer, capture_logs, local_builder};
use platform_client_core::{Auth, Request};
use serde_json::json;

const SECRET: &str = "SuperSecret-9f8e7d";

#[tokio::test(flavor = "current_thread")]
async fn tokens_never_reach_logs_debug_or_errors() {
    let (capture, _guard) = capture_logs();

    let server = TestServer::start(|r| match r.record.path.as_str() {
        "/api/flaky" => MockResponse::json(503, &json!({"detail": "later"})),
        "/api/gone" => MockResponse::hang_up(),
        "/api/login" => {
            MockResponse::json(200, &json!({"access_token": SECRET, "expires_in": "soon"}))
        }
        _ => MockResponse::json(401, &json!({"detail": "Invalid token."})),
    })
    .await;
    let auths = [
        Auth::bearer(SECRET),
        Auth::token(SECRET),
        Auth::header("X-Api-Key", SECRET).unwrap(),
        Auth::basic("user", SECRET),
        Auth::authorization(format!("ApiKey {SECRET}")),
    ];
    for auth in auths {
        let bad_base = local_builder(server.url(&format!("api?password={SECRET}"))).build();
        let err = bad_base.unwrap_err();
        assert!(!err.to_string().contains(SECRET), "{err}");
        let client = local_builder(server.url("api")).auth(auth).build().unwrap();
        assert!(!format!("{client:?}").contains(SECRET));
        let err = client
            .send(
                Request::get("me")
                    .query("access_token", SECRET)
                    .query("name", "visible"),
            )
            .await
            .unwrap_err();
        assert!(!err.to_string().contains(SECRET), "{err}");
        assert!(!format!("{err:?}").contains(SECRET), "{err:?}");
        client.send(Request::get("flaky")).await.unwrap_err();
        // A transport error: reqwest's own message would carry the full URL.
        let err = client
            .send(Request::get("gone").query("access_token", SECRET))
            .await
            .unwrap_err();
        assert!(
            matches!(err, platform_client_core::Error::Transport { .. }),
            "{err:?}"
        );
        assert!(!format!("{err} {err:?}").contains(SECRET), "{err:?}");
        // A body that fails to decode keeps an excerpt, with secret values redacted.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Login {
            access_token: String,
            expires_in: u64,
        }
        let err = client
            .send_json::<Login>(Request::post("login"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, platform_client_core::Error::Decode(_)),
            "{err:?}"
        );
        assert!(!format!("{err} {err:?}").contains(SECRET), "{err:?}");
    }
    // The records a snapshot would hold are redacted too.
    for record in server.requests() {
        assert!(!serde_json::to_string(&record).unwrap().contains(SECRET));
    }

    let logs = capture.text();
    assert!(logs.contains("http.request"), "the capture works: {logs}");
    assert!(logs.contains("url.path=/api/me"), "{logs}");
    assert!(logs.contains("http.status=401"), "{logs}");
    assert!(logs.contains("attempt=4"), "retries are counted: {logs}");
    assert!(logs.contains("elapsed_ms="), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(SECRET), "{logs}");
}
