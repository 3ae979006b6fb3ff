//! A Connect stand-in for your own tests (feature `testing`), in the spirit of the reference's
//! `ConnectClientMocker`.
//!
//! Mock a resource set with its items and every page request it makes is answered with the
//! right slice and `Content-Range` (so `count`, `first`, slices and streams all work); expect
//! single requests (resource get/update/delete, actions, creates) with an answer. A request
//! nothing expects is answered with HTTP 599 naming it, and the mock panics when dropped if any
//! happened, so the test fails with a readable message.
//!
//! ```no_run
//! # async fn demo() -> connect_client::Result<()> {
//! use connect_client::testing::ConnectMock;
//! use serde_json::json;
//!
//! let mock = ConnectMock::start().await;
//! let cc = mock.client();
//! let products = cc.collection("products").list();
//! mock.mock_set(&products, (0..250).map(|i| json!({"id": format!("PRD-{i}")})).collect());
//! mock.expect("POST", "products/PRD-1/endsale", 200, json!({"status": "endofsale"}));
//! assert_eq!(products.count().await?, 250);
//! cc.collection("products").resource("PRD-1").action("endsale").post(None::<&()>).await?;
//! mock.assert_all_called();
//! # Ok(()) }
//! ```

use std::sync::{Arc, Mutex};

use platform_client_core::reexports::Url;
use platform_client_core::testing::{
    MockResponse, Paging, Received, RecordedBody, RequestRecord, TestServer, fast_retry,
};
use serde_json::{Value, json};

use crate::client::ConnectClient;
use crate::resourceset::ResourceSet;

/// The endpoint path the mock serves under.
const ROOT: &str = "/public/v1";

struct MockSet {
    /// Path and query of the set without `limit` and `offset`.
    key: String,
    items: Vec<Value>,
}

struct Expectation {
    method: String,
    path: String,
    body: Option<Value>,
    status: u16,
    answer: Value,
    calls: usize,
}

#[derive(Default)]
struct State {
    sets: Vec<MockSet>,
    expectations: Vec<Expectation>,
    unexpected: Vec<String>,
}

/// A loopback Connect stand-in; see the [module docs](self).
pub struct ConnectMock {
    server: TestServer,
    state: Arc<Mutex<State>>,
}

impl ConnectMock {
    /// Starts a stand-in with nothing mocked.
    pub async fn start() -> Self {
        let state: Arc<Mutex<State>> = Arc::default();
        let handler_state = state.clone();
        let server = TestServer::start(move |r| answer(&handler_state, r)).await;
        ConnectMock { server, state }
    }

    /// The endpoint URL (`http://127.0.0.1:<port>/public/v1`).
    pub fn endpoint(&self) -> String {
        self.server.url(ROOT)
    }

    /// A client for this stand-in (api key `ApiKey SU-TEST:mock`, no proxy, fast retries).
    pub fn client(&self) -> ConnectClient {
        ConnectClient::builder("ApiKey SU-TEST:mock")
            .endpoint(self.endpoint())
            .no_proxy()
            .retry(fast_retry())
            .build()
            .unwrap_or_else(|e| unreachable!("a loopback endpoint is always valid: {e}"))
    }

    /// Answers every page, count and index request of `set` from `items`.
    pub fn mock_set<T>(&self, set: &ResourceSet<T>, items: Vec<Value>)
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let key = match set_key(set) {
            Some(key) => key,
            None => return,
        };
        if let Ok(mut state) = self.state.lock() {
            state.sets.retain(|s| s.key != key);
            state.sets.push(MockSet { key, items });
        }
    }

    /// Expects `method path` (relative to the endpoint) and answers with `status` and `answer`
    /// (`Value::Null` for no body).
    pub fn expect(&self, method: &str, path: &str, status: u16, answer: Value) {
        self.push(method, path, None, status, answer);
    }

    /// Like [`ConnectMock::expect`], only for requests whose JSON body equals `body`.
    pub fn expect_body(&self, method: &str, path: &str, body: Value, status: u16, answer: Value) {
        self.push(method, path, Some(body), status, answer);
    }

    fn push(&self, method: &str, path: &str, body: Option<Value>, status: u16, answer: Value) {
        if let Ok(mut state) = self.state.lock() {
            state.expectations.push(Expectation {
                method: method.to_ascii_uppercase(),
                path: format!("{ROOT}/{}", path.trim_matches('/')),
                body,
                status,
                answer,
                calls: 0,
            });
        }
    }

    /// Every request received, in order (secrets redacted).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.server.requests()
    }

    /// Requests nothing expected, one line each.
    pub fn unexpected(&self) -> Vec<String> {
        self.state
            .lock()
            .map(|s| s.unexpected.clone())
            .unwrap_or_default()
    }

    /// Panics unless every expectation was met at least once.
    pub fn assert_all_called(&self) {
        let missing: Vec<String> = self
            .state
            .lock()
            .map(|s| {
                s.expectations
                    .iter()
                    .filter(|e| e.calls == 0)
                    .map(|e| format!("{} {}", e.method, e.path))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            missing.is_empty(),
            "not all mocked requests were made: {missing:?}"
        );
    }
}

impl Drop for ConnectMock {
    fn drop(&mut self) {
        let unexpected = self.unexpected();
        if !unexpected.is_empty() && !std::thread::panicking() {
            panic!(
                "the Connect mock received unexpected requests:\n{}",
                unexpected.join("\n")
            );
        }
    }
}

/// The path and query of a set's requests, without `limit` and `offset`.
fn set_key<T>(set: &ResourceSet<T>) -> Option<String>
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    let request = set.request(1, 0).ok()?;
    let url = set.client_url(&request)?;
    Some(strip_paging(url.path(), url.query().unwrap_or_default()))
}

/// Removes `limit=` and `offset=` parts from a query.
fn strip_paging(path: &str, query: &str) -> String {
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("limit=") && !p.starts_with("offset="))
        .collect();
    format!("{path}?{}", kept.join("&"))
}

fn answer(state: &Mutex<State>, r: &Received) -> MockResponse {
    let Ok(mut state) = state.lock() else {
        return MockResponse::status(500);
    };
    let (path, query) = r
        .path_and_query
        .split_once('?')
        .unwrap_or((&r.path_and_query, ""));
    if r.record.method == "GET" {
        let key = strip_paging(path, query);
        if let Some(set) = state.sets.iter().find(|s| s.key == key) {
            let items: Vec<&Value> = set.items.iter().collect();
            return Paging::ContentRange.answer(&items, &r.record);
        }
    }
    let sent = match &r.record.body {
        RecordedBody::Json(v) => Some(v.clone()),
        _ => None,
    };
    let found = state.expectations.iter_mut().find(|e| {
        e.method == r.record.method
            && e.path == path
            && e.body.as_ref().is_none_or(|b| Some(b) == sent.as_ref())
    });
    match found {
        Some(e) => {
            e.calls += 1;
            if e.answer.is_null() {
                MockResponse::status(e.status)
            } else {
                MockResponse::json(e.status, &e.answer)
            }
        }
        None => {
            let line = format!("{} {}", r.record.method, r.path_and_query);
            state.unexpected.push(line.clone());
            MockResponse::json(
                599,
                &json!({"error_code": "MOCK_UNEXPECTED", "errors": [format!("no mock for {line}")]}),
            )
        }
    }
}

impl<T: serde::de::DeserializeOwned + Send + 'static> ResourceSet<T> {
    /// The full URL of a request of this set (for the mock's matching).
    pub(crate) fn client_url(&self, request: &platform_client_core::Request) -> Option<Url> {
        self.client().http.url_for(request).ok()
    }
}
