//! Clients derived from a shared one: other default headers, retry policy or timeout, while the
//! original stays as it was.

use std::time::Duration;

use platform_client_core::testing::{MockResponse, TestServer, local_builder};
use platform_client_core::{Auth, Request, RetryPolicy};

#[tokio::test]
async fn a_derived_client_sets_replaces_and_removes_default_headers_and_leaves_the_original() {
    let server = TestServer::start(|_| MockResponse::json(200, &serde_json::json!({}))).await;
    let client = local_builder(server.url("/api"))
        .auth(Auth::bearer("the-token"))
        .default_header("x-sender", "first")
        .default_header("x-ayon-site-id", "site-1")
        .build()
        .unwrap();
    let sender = client
        .with_default_header("x-sender", Some("second"))
        .unwrap();
    let as_user = sender
        .with_default_header("X-as-user", Some("admin"))
        .unwrap();
    let no_site = as_user.with_default_header("x-ayon-site-id", None).unwrap();
    for c in [&client, &sender, &as_user, &no_site] {
        let _: serde_json::Value = c.send_json(Request::get("x")).await.unwrap();
    }
    let sent = server.received();
    let header = |i: usize, name: &str| {
        let value = sent[i].headers.get(name);
        value.and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    let senders: Vec<_> = (0..4).map(|i| header(i, "x-sender")).collect();
    assert_eq!(
        senders,
        [
            Some("first"),
            Some("second"),
            Some("second"),
            Some("second")
        ]
        .map(|s| s.map(String::from))
    );
    assert_eq!(header(0, "x-as-user"), None, "the original is unchanged");
    assert_eq!(header(2, "x-as-user").as_deref(), Some("admin"));
    assert_eq!(header(2, "x-ayon-site-id").as_deref(), Some("site-1"));
    assert_eq!(header(3, "x-ayon-site-id"), None);
    assert!((0..4).all(|i| header(i, "authorization").as_deref() == Some("Bearer the-token")));
    // One value per name, never the old and the new together.
    assert_eq!(sent[1].headers.get_all("x-sender").iter().count(), 1);
    // Debug lists the names, never the values.
    let debug = format!("{as_user:?}");
    assert!(
        debug.contains("x-as-user") && !debug.contains("admin"),
        "{debug}"
    );
}

#[tokio::test]
async fn bad_header_names_and_values_are_refused_and_nothing_changes() {
    let server = TestServer::start(|_| MockResponse::json(200, &serde_json::json!({}))).await;
    let client = local_builder(server.url("/api"))
        .default_header("x-sender", "first")
        .build()
        .unwrap();
    for (name, value) in [
        ("x-sender", "line\r\nX-Injected: 1"),
        ("x-sender", "nul\0"),
        ("bad name", "v"),
        ("", "v"),
    ] {
        let error = client.with_default_header(name, Some(value)).unwrap_err();
        assert!(error.is_invalid_input(), "{name:?}: {error}");
        assert!(!error.to_string().contains("X-Injected"), "{error}");
    }
    let _: serde_json::Value = client.send_json(Request::get("x")).await.unwrap();
    assert_eq!(server.request_count(), 1);
    let sent = &server.received()[0];
    assert_eq!(sent.headers.get("x-sender").unwrap(), "first");
    assert!(sent.headers.get("x-injected").is_none());
}

#[tokio::test]
async fn a_derived_client_has_its_own_retry_policy_and_timeout() {
    let server = TestServer::start(|r| {
        if r.record.path.ends_with("slow") {
            MockResponse::json(200, &serde_json::json!({})).delay(Duration::from_millis(400))
        } else {
            MockResponse::json(503, &serde_json::json!({"detail": "busy"}))
        }
    })
    .await;
    let client = local_builder(server.url("/api")).build().unwrap();
    let once = client.with_retry(RetryPolicy::none());
    let refused = once.send(Request::get("busy")).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1, "no retry on the derived client");
    server.clear();
    assert!(client.send(Request::get("busy")).await.is_err());
    assert!(server.request_count() > 1, "the original still retries");

    let hasty = client.with_timeout(Some(Duration::from_millis(50)));
    let error = hasty
        .with_retry(RetryPolicy::none())
        .send(Request::get("slow"))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    // The request's own timeout wins over the client's.
    let patient = Request::get("slow").timeout(Duration::from_secs(5));
    assert!(hasty.send(patient).await.is_ok());
    assert!(client.send(Request::get("slow")).await.is_ok());
}
