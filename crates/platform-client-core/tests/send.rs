//! The one send path: retries, Retry-After, idempotency, timeouts, auth refresh, error mapping.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use platform_client_core::auth::BoxFuture;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use platform_client_core::testing::{
    MockResponse, RecordedBody, Routes, TestServer, fast_retry, local_builder,
};
use platform_client_core::{
    AccessToken, Auth, Error, HttpClient, Part, Request, RetryPolicy, TokenSource,
};
use serde_json::json;

fn unavailable() -> MockResponse {
    MockResponse::json(503, &json!({"detail": "maintenance"}))
}

#[tokio::test]
async fn a_503_burst_is_retried_then_succeeds() {
    let server = TestServer::routes(Routes::new().on_seq(
        "GET",
        "/api/items",
        vec![
            unavailable(),
            unavailable(),
            MockResponse::json(200, &json!({"ok": true})),
        ],
    ))
    .await;
    let client = local_builder(server.url("api")).build().unwrap();
    let body: serde_json::Value = client.send_json(Request::get("items")).await.unwrap();
    assert_eq!(body, json!({"ok": true}));
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_error_is_returned() {
    let server = TestServer::routes(Routes::new().on("GET", "/api/items", unavailable())).await;
    let client = local_builder(server.url("api")).build().unwrap();
    let err = client.send(Request::get("items")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
    assert_eq!(server.request_count(), 4, "1 attempt + 3 retries");

    let off = local_builder(server.url("api"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    server.clear();
    off.send(Request::get("items")).await.unwrap_err();
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_post_is_not_retried_on_503_unless_marked_safe() {
    let server = TestServer::routes(Routes::new().on("POST", "/api/tasks", unavailable())).await;
    let client = local_builder(server.url("api")).build().unwrap();
    let err = client
        .send(Request::post("tasks").json(&json!({"name": "t"})).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1);
    for method in ["PATCH"] {
        server.clear();
        let req = Request::new(method.parse().unwrap(), "tasks");
        client.send(req).await.unwrap_err();
        assert_eq!(server.request_count(), 1, "{method}");
    }
    server.clear();
    let safe = Request::post("tasks").retry_safe(true);
    client.send(safe).await.unwrap_err();
    assert_eq!(server.request_count(), 4);
}

#[tokio::test(start_paused = true)]
async fn retry_after_seconds_is_honoured_on_the_paused_clock() {
    let times = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = times.clone();
    let server = TestServer::start(move |_| {
        let mut t = seen.lock().unwrap();
        t.push(tokio::time::Instant::now());
        if t.len() == 1 {
            MockResponse::json(429, &json!({"detail": "slow down"})).header("Retry-After", "2")
        } else {
            MockResponse::json(200, &json!([]))
        }
    })
    .await;
    let client = HttpClient::builder(server.url("api"))
        .no_proxy()
        .connect_timeout(Duration::from_secs(3600))
        .timeout(Duration::from_secs(3600))
        .build()
        .unwrap();
    let _: Vec<u32> = client.send_json(Request::get("items")).await.unwrap();
    let t = times.lock().unwrap();
    assert_eq!(t.len(), 2);
    let waited = t[1] - t[0];
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_millis(2100),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = local_builder(format!("http://127.0.0.1:{port}/api"))
        .build()
        .unwrap();
    let err = client.send(Request::post("x")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(err.never_sent() && err.is_retryable());
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_error() {
    let server = TestServer::start(|_| {
        MockResponse::json(200, &json!({})).delay(Duration::from_millis(400))
    })
    .await;
    let client = local_builder(server.url("api"))
        .timeout(Duration::from_millis(50))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.send(Request::get("slow")).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"));
    // A per-request timeout overrides the client's.
    let ok = client
        .send(Request::get("slow").timeout(Duration::from_secs(5)))
        .await;
    assert!(ok.is_ok());
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let server = TestServer::start(|_| MockResponse::hang_up()).await;
    let client = local_builder(server.url("api")).build().unwrap();
    let err = client.send(Request::get("x")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.request_count(), 4, "GET is retried");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error_naming_the_path() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
        name: String,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Envelope {
        results: Vec<Item>,
    }
    let server = TestServer::start(|_| {
        MockResponse::status(200)
            .header("content-type", "application/json")
            .body(r#"{"results":[{"id":1,"name":"a"},{"id":2,"name":"trunc"#)
    })
    .await;
    let client = local_builder(server.url("api")).build().unwrap();
    let err = client
        .send_json::<Envelope>(Request::get("x"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d.path.starts_with("results[1]"), "{}", d.path);
    assert!(d.body_excerpt.contains("trunc"));

    let wrong =
        TestServer::start(|_| MockResponse::json(200, &json!({"results":[{"id":"x","name":"a"}]})))
            .await;
    let client = local_builder(wrong.url("api")).build().unwrap();
    let err = client
        .send_json::<Envelope>(Request::get("x"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.path, "results[0].id");
}

#[tokio::test]
async fn error_bodies_become_typed_status_errors() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/missing",
                MockResponse::json(404, &json!({"detail": "Not found."})),
            )
            .on(
                "POST",
                "/api/bad",
                MockResponse::json(
                    400,
                    &json!({"error_code": "VAL_001", "message": "name is required"}),
                ),
            ),
    )
    .await;
    let client = local_builder(server.url("api")).build().unwrap();
    let err = client
        .send(Request::get("missing").query("token", "hide-me"))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    let http = err.http().unwrap();
    assert_eq!(http.message.as_deref(), Some("Not found."));
    assert!(!err.to_string().contains("hide-me"), "{err}");
    assert!(err.to_string().contains("HTTP 404"), "{err}");

    let err = client.send(Request::post("bad")).await.unwrap_err();
    let http = err.http().unwrap();
    assert_eq!(http.status.as_u16(), 400);
    assert_eq!(http.code.as_deref(), Some("VAL_001"));
    assert_eq!(http.message.as_deref(), Some("name is required"));
    assert_eq!(http.method.as_str(), "POST");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn static_credentials_and_default_headers_are_sent() {
    let server = TestServer::start(|_| MockResponse::status(204)).await;
    let cases = [
        (Auth::bearer("t1"), "authorization", "Bearer t1"),
        (Auth::token("t2"), "authorization", "Token t2"),
        (
            Auth::authorization("ApiKey SU-1:x"),
            "authorization",
            "ApiKey SU-1:x",
        ),
        (Auth::header("X-Api-Key", "k3").unwrap(), "x-api-key", "k3"),
        (Auth::basic("ann", "pw"), "authorization", "Basic YW5uOnB3"),
    ];
    for (auth, header, value) in cases {
        server.clear();
        let client = local_builder(server.base_url())
            .auth(auth)
            .user_agent("kechain-client/9.9.9")
            .default_header("X-Requested-With", "XMLHttpRequest")
            .build()
            .unwrap();
        client.send(Request::get("x")).await.unwrap();
        let raw = &server.received()[0];
        assert_eq!(raw.headers[header].to_str().unwrap(), value);
        assert_eq!(raw.headers["user-agent"], "kechain-client/9.9.9");
        assert_eq!(raw.headers["x-requested-with"], "XMLHttpRequest");
    }
    // Login calls opt out of credentials.
    server.clear();
    let client = local_builder(server.base_url())
        .auth(Auth::bearer("t"))
        .build()
        .unwrap();
    client
        .send(Request::post("login").without_auth())
        .await
        .unwrap();
    assert!(server.received()[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn bodies_are_sent_as_declared() {
    let server = TestServer::start(|_| MockResponse::status(204)).await;
    let client = local_builder(server.base_url()).build().unwrap();
    client
        .send(Request::post("j").json(&json!({"a": [1, 2]})).unwrap())
        .await
        .unwrap();
    client
        .send(Request::post("f").form([("name", "a&b c"), ("x", "1")]))
        .await
        .unwrap();
    client
        .send(Request::post("m").multipart(vec![
            Part::text("part", "p1"),
            Part::file("attachment", "a.txt", "text/plain", "hello"),
        ]))
        .await
        .unwrap();
    let recs = server.requests();
    assert_eq!(recs[0].body, RecordedBody::Json(json!({"a": [1, 2]})));
    assert_eq!(
        recs[1].body,
        RecordedBody::Form(vec![
            ("name".into(), "a&b c".into()),
            ("x".into(), "1".into())
        ])
    );
    let RecordedBody::Multipart(parts) = &recs[2].body else {
        panic!("{:?}", recs[2].body)
    };
    assert_eq!(parts[1].filename.as_deref(), Some("a.txt"));
    assert_eq!(parts[1].content, "hello");
}

struct Login {
    calls: Arc<AtomicUsize>,
}

impl TokenSource for Login {
    fn fetch(&self, _expired: bool) -> BoxFuture<'_, platform_client_core::Result<AccessToken>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(AccessToken {
                token: SecretString::from(format!("jwt-{n}")),
                expires_in: None,
            })
        })
    }
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_request_resent() {
    // The server accepts only the second token.
    let server =
        TestServer::start(
            |r| match r.headers.get("authorization").and_then(|v| v.to_str().ok()) {
                Some("Bearer jwt-2") => MockResponse::json(200, &json!({"ok": 1})),
                _ => MockResponse::json(401, &json!({"msg": "Token has expired"})),
            },
        )
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = local_builder(server.base_url())
        .auth(Auth::refreshing(Login {
            calls: calls.clone(),
        }))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send(Request::post("task")).await.map(|r| r.status()) })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().as_u16(), 200);
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "one login, one refresh for all 8 requests"
    );

    // A server that keeps refusing: one refresh, then the 401 surfaces.
    let refusing = TestServer::start(|_| MockResponse::json(401, &json!({"msg": "no"}))).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = local_builder(refusing.base_url())
        .auth(Auth::refreshing(Login {
            calls: calls.clone(),
        }))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.send(Request::get("x")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(refusing.request_count(), 2);
    let _ = SecretString::from("x").expose_secret().len();
}

/// A source for which only a 401 saying "expired" is an expired token.
struct NarrowLogin(Arc<AtomicUsize>);

impl TokenSource for NarrowLogin {
    fn fetch(&self, _expired: bool) -> BoxFuture<'_, platform_client_core::Result<AccessToken>> {
        Box::pin(async move {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(AccessToken {
                token: SecretString::from(format!("jwt-{n}")),
                expires_in: None,
            })
        })
    }

    fn is_expiry(&self, response: &platform_client_core::Response) -> bool {
        response.text().contains("expired")
    }
}

#[tokio::test]
async fn a_401_that_is_not_an_expiry_is_never_resent() {
    let server = TestServer::start(|r| match r.record.path.as_str() {
        "/expired" => MockResponse::json(401, &json!({"msg": "Token has expired"})),
        _ => MockResponse::json(401, &json!({"msg": "You lack the permission to do that!"})),
    })
    .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = local_builder(server.base_url())
        .auth(Auth::refreshing(NarrowLogin(calls.clone())))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.send(Request::post("task")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.request_count(), 1, "a permission 401 is not re-sent");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "no refresh for it");
    client.send(Request::get("expired")).await.unwrap_err();
    assert_eq!(
        server.request_count(),
        3,
        "an expired token: one refresh, one resend"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // The same client without credentials shares everything else.
    let anonymous = client.with_auth(Auth::None);
    anonymous.send(Request::get("anon")).await.unwrap_err();
    let received = server.received();
    assert!(
        received
            .last()
            .unwrap()
            .headers
            .get("authorization")
            .is_none()
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn invalid_configuration_is_rejected_before_sending() {
    for base in ["", "ftp://x", "no scheme"] {
        assert!(
            HttpClient::builder(base)
                .build()
                .unwrap_err()
                .is_invalid_input()
        );
    }
    let err = HttpClient::builder("http://h")
        .default_header("bad header", "x")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("bad header"));
    let err = HttpClient::builder("http://h")
        .add_root_ca_file("/no/such/ca.pem")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("/no/such/ca.pem"));
    let err = HttpClient::builder("http://h")
        .add_root_ca_pem("garbage")
        .build()
        .unwrap_err();
    assert!(err.is_invalid_input());
    let client = HttpClient::builder("http://h").build().unwrap();
    assert!(
        client
            .send(Request::get("a//b"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(Request::get("x").header("bad name", "v").is_err());
}

#[tokio::test]
async fn httpmock_helpers_point_a_client_at_a_mock() {
    use platform_client_core::testing::{builder_for, httpmock::Method::GET, mock_server};
    let server = mock_server().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v3/scopes.json")
                .query_param("limit", "2");
            then.status(503);
        })
        .await;
    let client = builder_for(&server, "/api").build().unwrap();
    let err = client
        .send(Request::get("v3/scopes.json").query("limit", 2))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    mock.assert_calls_async(4).await;
}

#[tokio::test]
async fn redirects_never_carry_credentials_to_another_host() {
    let other = TestServer::start(|_| MockResponse::json(200, &json!({"stolen": true}))).await;
    let target = other.url("collect");
    let server = TestServer::start(move |r| match r.record.path.as_str() {
        "/api/moved" => MockResponse::status(302).header("location", "/api/here"),
        "/api/away" => MockResponse::status(302).header("location", target.as_str()),
        _ => MockResponse::json(200, &json!({"ok": true})),
    })
    .await;
    let client = local_builder(server.url("api"))
        .auth(Auth::header("X-Api-Key", "k3y").unwrap())
        .build()
        .unwrap();
    let same: serde_json::Value = client.send_json(Request::get("moved")).await.unwrap();
    assert_eq!(same["ok"], true, "same-origin redirects are followed");
    let away = client
        .send(Request::get("away").query("api_key", "k3y"))
        .await
        .unwrap_err();
    assert_eq!(
        away.status().map(|s| s.as_u16()),
        Some(302),
        "a cross-origin redirect is not followed: an error, not a success"
    );
    let text = away.to_string();
    assert!(text.contains("redirect") && !text.contains("k3y"), "{text}");
    assert!(!away.is_retryable());
    assert_eq!(other.request_count(), 0);
}

#[tokio::test]
async fn raw_query_components_come_first_and_verbatim() {
    let server = TestServer::start(|_| MockResponse::json(200, &json!([]))).await;
    let client = local_builder(server.url("public/v1")).build().unwrap();
    let req = Request::get("products")
        .raw_query("select(-a,b)")
        .raw_query("and(eq(status,published),eq(name,a%26b))")
        .raw_query("")
        .query("limit", 100)
        .query("offset", 0)
        .query("search", "hello world");
    client.send(req).await.unwrap();
    assert_eq!(
        server.received()[0].path_and_query,
        "/public/v1/products?select(-a,b)&and(eq(status,published),eq(name,a%26b))&limit=100&offset=0&search=hello+world"
    );
}

#[tokio::test]
async fn the_core_error_answers_the_shared_predicate_table() {
    use platform_client_core::testing::check_error_predicates;
    check_error_predicates(|url| async move {
        let client = local_builder(url)
            .timeout(Duration::from_millis(200))
            .build()?;
        client
            .send_json::<serde_json::Value>(Request::get("items"))
            .await
    })
    .await;
}

#[tokio::test]
async fn with_base_url_shares_the_transport_but_not_credentials_or_default_headers() {
    let server = TestServer::start(|_| MockResponse::json(200, &serde_json::json!({}))).await;
    let client = local_builder(server.url("/platform"))
        .auth(Auth::bearer("platform-token"))
        .default_header("X-Platform", "1")
        .user_agent("agent/1")
        .build()
        .unwrap();
    let other = client.with_base_url(&server.url("/idp")).unwrap();
    let _: serde_json::Value = other.send_json(Request::get("token")).await.unwrap();
    let with_auth = other.with_auth(Auth::bearer("idp-token"));
    let _: serde_json::Value = with_auth.send_json(Request::get("token")).await.unwrap();
    let _: serde_json::Value = client.send_json(Request::get("items")).await.unwrap();
    let sent = server.received();
    let header = |i: usize, name: &str| {
        let value = sent[i].headers.get(name);
        value.and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    assert_eq!(sent[0].record.path, "/idp/token");
    assert_eq!(header(0, "authorization"), None);
    assert_eq!(header(0, "x-platform"), None);
    assert_eq!(header(0, "user-agent").as_deref(), Some("agent/1"));
    assert_eq!(
        header(1, "authorization").as_deref(),
        Some("Bearer idp-token")
    );
    assert_eq!(sent[2].record.path, "/platform/items");
    assert_eq!(
        header(2, "authorization").as_deref(),
        Some("Bearer platform-token")
    );
    assert_eq!(header(2, "x-platform").as_deref(), Some("1"));
    assert!(
        client
            .with_base_url("not a url")
            .unwrap_err()
            .is_invalid_input()
    );
}
