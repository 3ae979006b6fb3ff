//! Secrets never appear in `Debug`, logs or errors; each request leaves one span with its facts.

use std::io::Write;
use std::sync::{Arc, Mutex};

use client_core::testing::{MockResponse, TestServer, local_builder};
use client_core::{Auth, Request};
use serde_json::json;

const SECRET: &str = "SuperSecret-9f8e7d";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn tokens_never_reach_logs_debug_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start(|r| match r.record.path.as_str() {
        "/api/flaky" => MockResponse::json(503, &json!({"detail": "later"})),
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
        let client = local_builder(server.url(&format!("api?password={SECRET}")))
            .auth(auth)
            .build()
            .unwrap();
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
    }
    // The records a snapshot would hold are redacted too.
    for record in server.requests() {
        assert!(!serde_json::to_string(&record).unwrap().contains(SECRET));
    }

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("http.request"), "the capture works: {logs}");
    assert!(logs.contains("url.path=/api/me"), "{logs}");
    assert!(logs.contains("http.status=401"), "{logs}");
    assert!(logs.contains("attempt=4"), "retries are counted: {logs}");
    assert!(logs.contains("elapsed_ms="), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(SECRET), "{logs}");
}
