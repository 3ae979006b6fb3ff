//! An AYON server stand-in for your own tests (feature `testing`).
//!
//! [`AyonMock`] keeps projects and entities in memory and answers like an AYON 1.16 server:
//! `GET /` and `/api/info`, logins (`admin` / [`ADMIN_PASSWORD`]) and logouts, the user token
//! [`USER_TOKEN`] and the service key [`SERVICE_API_KEY`], projects with their anatomy and
//! roots, entity create/get/update/delete with the server's name rules (400) and sibling
//! uniqueness (409), the folder hierarchy and flat listing, batch operations (HTTP 200 with
//! per-operation results), attributes, the OpenAPI document, and GraphQL: the entity
//! connections by operation name (`FoldersQuery`, `TasksQuery`, ...) with their filters, field
//! selection, JSON-as-text fields and cursor paging; installer, dependency package and
//! addon private file content (uploads stored, downloads with `Range`), addon zips and
//! reviewables. Every request is recorded.
//!
//! ```no_run
//! # async fn demo() -> ayon_client::Result<()> {
//! use ayon_client::testing::AyonMock;
//!
//! let mock = AyonMock::start().await;
//! mock.add_project("demo");
//! let ayon = mock.client();
//! let id = ayon.folders().create("demo", "assets").folder_type("Folder").send().await?;
//! assert_eq!(ayon.folders().get_by_id("demo", &id).await?.unwrap().name, "assets");
//! assert_eq!(mock.calls("POST", "/graphql"), 1);
//! # Ok(()) }
//! ```

mod events;
mod files;
mod graphql;
mod links;
mod rest;

use std::sync::{Arc, Mutex};

use platform_client_core::testing::{
    Collections, MockResponse, Received, RequestRecord, TestServer, fast_retry,
};
use serde_json::{Value, json};

use crate::client::AyonClient;

/// The user token the mock accepts (`Authorization: Bearer`), for the user `admin`.
pub const USER_TOKEN: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
/// The service API key the mock accepts (`X-Api-Key`), for the service user `service`.
pub const SERVICE_API_KEY: &str = "svc0123456789abcdef0123456789abc";
/// The password of `admin`.
pub const ADMIN_PASSWORD: &str = "admin-password";
/// The server version the mock reports.
pub const SERVER_VERSION: &str = "1.16.0+DEVELOP";

/// The entity collections of a project, by REST route.
pub(crate) const ENTITY_ROUTES: [&str; 6] = [
    "folders",
    "tasks",
    "products",
    "versions",
    "representations",
    "workfiles",
];

#[derive(Default)]
pub(crate) struct State {
    /// `projects`, and `<project>/<route>` for each project's entities.
    pub(crate) store: Collections,
    /// Tokens issued by logins (still valid).
    pub(crate) tokens: Vec<String>,
    /// Attribute definitions (`GET /api/attributes`).
    pub(crate) attributes: Vec<Value>,
    /// Stored file content by path.
    pub(crate) files: files::Files,
}

/// An AYON server stand-in on a loopback port; it stops when dropped.
pub struct AyonMock {
    server: TestServer,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for AyonMock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AyonMock")
            .field("base_url", &self.server.base_url())
            .finish_non_exhaustive()
    }
}

impl AyonMock {
    /// Starts the stand-in with no project and the built-in attributes.
    pub async fn start() -> AyonMock {
        let state = Arc::new(Mutex::new(State {
            attributes: default_attributes(),
            ..State::default()
        }));
        let handler_state = Arc::clone(&state);
        let server = TestServer::start(move |received: &Received| {
            let mut state = handler_state.lock().unwrap_or_else(|e| e.into_inner());
            answer(&mut state, received)
        })
        .await;
        AyonMock { server, state }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// A client with the user token of `admin` (no proxy, fast retries, host name
    /// `test-host`).
    pub fn client(&self) -> AyonClient {
        self.builder()
            .token(USER_TOKEN)
            .build()
            .expect("a client for the stand-in")
    }

    /// A client with the service API key.
    pub fn service_client(&self) -> AyonClient {
        self.builder()
            .api_key(SERVICE_API_KEY)
            .build()
            .expect("a client for the stand-in")
    }

    /// A builder for the stand-in without credentials (no proxy, fast retries, host name
    /// `test-host`).
    pub fn builder(&self) -> crate::AyonClientBuilder {
        AyonClient::builder(self.base_url())
            .no_proxy()
            .hostname("test-host")
            .retry(fast_retry())
    }

    /// Adds a project (empty, with the primary anatomy).
    pub fn add_project(&self, name: &str) {
        let mut state = self.lock();
        let project = rest::new_project(name, &name.chars().take(3).collect::<String>(), false);
        state.store.mount("projects", [project]);
    }

    /// Adds entities of `route` (`folders`, `tasks`, ...) to a project, as the REST API shows
    /// them (`id` 32 hex, `path` without a leading `/`).
    pub fn mount(&self, project: &str, route: &str, entities: impl IntoIterator<Item = Value>) {
        self.lock()
            .store
            .mount(&format!("{project}/{route}"), entities);
    }

    /// The entities of `route` of a project, as stored.
    pub fn objects(&self, project: &str, route: &str) -> Vec<Value> {
        self.lock().store.objects(&format!("{project}/{route}"))
    }

    /// Stores a file the server serves, by its path: `api/desktop/installers/<f>`,
    /// `api/desktop/dependencyPackages/<f>`, `addons/<name>/<version>/private/<f>`.
    pub fn add_file(&self, path: &str, content: impl Into<platform_client_core::reexports::Bytes>) {
        self.lock()
            .files
            .insert(path.trim_matches('/').to_owned(), content.into());
    }

    /// A stored file: uploaded installers and packages under their path, installed addon
    /// zips under `api/addons/install/<event id>`.
    pub fn file(&self, path: &str) -> Option<platform_client_core::reexports::Bytes> {
        self.lock().files.get(path.trim_matches('/')).cloned()
    }

    /// Every request received, redacted.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.server.requests()
    }

    /// How many `method path` requests arrived.
    pub fn calls(&self, method: &str, path: &str) -> usize {
        self.server.calls(method, path)
    }

    /// How many requests arrived.
    pub fn request_count(&self) -> usize {
        self.server.request_count()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.server.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Who a request is from: `Some(true)` a service user, `Some(false)` a user, `None` nobody.
fn caller(state: &State, received: &Received) -> Option<bool> {
    let header = |name: &str| received.headers.get(name).and_then(|v| v.to_str().ok());
    if header("x-api-key") == Some(SERVICE_API_KEY) {
        return Some(true);
    }
    let token = header("authorization")?.strip_prefix("Bearer ")?;
    (token == USER_TOKEN || state.tokens.iter().any(|t| t == token)).then_some(false)
}

/// An AYON error answer.
pub(crate) fn error(status: u16, detail: &str) -> MockResponse {
    MockResponse::json(status, &json!({"code": status, "detail": detail}))
}

fn answer(state: &mut State, received: &Received) -> MockResponse {
    let record = &received.record;
    let path = record.path.trim_end_matches('/');
    match (record.method.as_str(), path) {
        ("GET", "") => return MockResponse::status(200).body("<html><body>AYON</body></html>"),
        ("GET", "/api/info") => {
            return MockResponse::json(200, &json!({"version": SERVER_VERSION, "uptime": 12.5}));
        }
        ("POST", "/api/auth/login") => return rest::login(state, received),
        _ => {}
    }
    let Some(service) = caller(state, received) else {
        return error(401, "Access token is missing");
    };
    if let Some(answer) = files::answer(state, received) {
        return answer;
    }
    let body: Value = serde_json::from_slice(&received.body).unwrap_or(Value::Null);
    if path == "/graphql" && record.method == "POST" {
        return MockResponse::json(200, &graphql::answer(state, &body));
    }
    rest::answer(state, received, &body, service)
}

/// The attribute definitions of a fresh server (a few of them).
fn default_attributes() -> Vec<Value> {
    let attribute = |name: &str, position: i64, kind: &str, scope: &[&str], default: Value| {
        json!({"name": name, "position": position, "scope": scope, "builtin": true,
               "data": {"type": kind, "title": name, "default": default, "inherit": true}})
    };
    let entities = ["project", "folder", "task"];
    vec![
        attribute("fps", 0, "float", &entities, json!(25.0)),
        attribute("frameStart", 1, "integer", &entities, json!(1001)),
        attribute("frameEnd", 2, "integer", &entities, json!(1100)),
        attribute("resolutionWidth", 3, "integer", &entities, json!(1920)),
        attribute(
            "description",
            4,
            "string",
            &["product", "version"],
            json!(""),
        ),
        attribute("fullName", 5, "string", &["user"], json!("")),
        attribute("email", 6, "string", &["user"], json!("")),
        attribute("avatarUrl", 7, "string", &["user"], json!("")),
    ]
}
