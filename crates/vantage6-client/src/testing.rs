//! A vantage6 server stand-in for your own tests (feature `testing`).
//!
//! [`Vantage6Mock`] keeps objects in memory and answers like a vantage6 4.x server: logins
//! (`root`/`root` and the users you add, nodes by api key) with JWTs the client can read, pages
//! of `{"data", "links"}` with `total-count`, filters on fields and on `<relation>_id`, detail
//! routes, creation (ids assigned, relation ids turned into link objects, an api key for nodes,
//! one run per organisation for tasks), partial updates, deletion, the task status route, and
//! [`Vantage6Mock::complete_task`] to play the nodes. Every request is recorded.
//!
//! ```no_run
//! # async fn demo() -> vantage6_client::Result<()> {
//! use vantage6_client::testing::{Collection, Vantage6Mock};
//! use serde_json::json;
//!
//! let mock = Vantage6Mock::start().await;
//! mock.mount(Collection::Organization, [json!({"id": 2, "name": "org-a"})]);
//! let v6 = mock.client().await;
//! assert_eq!(v6.organization().list().send().await?.total_count, Some(2));
//! assert_eq!(mock.calls("GET", "/api/organization"), 1);
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use platform_client_core::testing::{
    Collections, MockResponse, Paging, Received, RequestRecord, TestServer, fast_retry, query_text,
    select,
};
use serde_json::{Map, Value, json};

use crate::client::Vantage6Client;

/// The collections the mock serves, by their route (`/api/<route>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Collection {
    /// `organization`
    Organization,
    /// `collaboration`
    Collaboration,
    /// `node`
    Node,
    /// `user`
    User,
    /// `role`
    Role,
    /// `rule`
    Rule,
    /// `task`
    Task,
    /// `run` (results are the runs' `result` fields)
    Run,
}

impl Collection {
    /// The route below the API path.
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::Organization => "organization",
            Collection::Collaboration => "collaboration",
            Collection::Node => "node",
            Collection::User => "user",
            Collection::Role => "role",
            Collection::Rule => "rule",
            Collection::Task => "task",
            Collection::Run => "run",
        }
    }
}

const ALL: [Collection; 8] = [
    Collection::Organization,
    Collection::Collaboration,
    Collection::Node,
    Collection::User,
    Collection::Role,
    Collection::Rule,
    Collection::Task,
    Collection::Run,
];

/// Query keys that shape the answer, or filters the mock does not evaluate (they do not narrow):
/// flags, run states, date ranges (`*_from`, `*_till`).
const NOT_FILTERS: &[&str] = &[
    "page",
    "per_page",
    "sort",
    "include",
    "include_root",
    "delete_dependents",
    "state",
    "is_user_created",
];

/// Whether a query key narrows the list in the mock.
fn is_filter(key: &str) -> bool {
    !NOT_FILTERS.contains(&key) && !key.ends_with("_from") && !key.ends_with("_till")
}

#[derive(Default)]
struct State {
    objects: Collections,
    /// username → (password, user id)
    logins: BTreeMap<String, (String, u64)>,
    next_id: u64,
}

type Store = Arc<Mutex<State>>;

/// A loopback vantage6 stand-in; it stops when dropped.
pub struct Vantage6Mock {
    server: TestServer,
    store: Store,
}

impl Vantage6Mock {
    /// Starts a stand-in holding organisation 1 `root` and user 1 `root` (password `root`).
    pub async fn start() -> Self {
        let mut state = State {
            next_id: 1,
            ..State::default()
        };
        state.objects.mount(
            "organization",
            [json!({"id": 1, "name": "root", "public_key": ""})],
        );
        state.objects.mount(
            "user",
            [json!({"id": 1, "username": "root", "type": "user",
                    "organization": {"id": 1, "link": "/api/organization/1", "methods": ["GET"]}})],
        );
        state.logins.insert("root".into(), ("root".into(), 1));
        let store: Store = Arc::new(Mutex::new(state));
        let handler_store = store.clone();
        let server = TestServer::start_with(move |_| {
            Arc::new(move |r: &Received| answer(&handler_store, r))
        })
        .await;
        Vantage6Mock { server, store }
    }

    /// Adds objects (JSON, each with an `id`) to a collection.
    pub fn mount(&self, collection: Collection, objects: impl IntoIterator<Item = Value>) {
        if let Ok(mut state) = self.store.lock() {
            state.objects.mount(collection.as_str(), objects);
        }
    }

    /// Adds a user who can log in with `password`, member of `organization_id`; returns its id.
    pub fn add_user(&self, username: &str, password: &str, organization_id: u64) -> u64 {
        let Ok(mut state) = self.store.lock() else {
            return 0;
        };
        let id = state.fresh_id();
        state.logins.insert(username.into(), (password.into(), id));
        let user = json!({"id": id, "username": username, "type": "user",
                          "organization": reference("organization", organization_id)});
        state.rows("user").push(user);
        id
    }

    /// The objects a collection holds now.
    pub fn objects(&self, collection: Collection) -> Vec<Value> {
        self.store
            .lock()
            .map(|s| s.objects.objects(collection.as_str()))
            .unwrap_or_default()
    }

    /// Plays the nodes: every run of the task becomes `completed` with `result` (encoded as
    /// base64 JSON, as nodes of plain collaborations do), and so does the task.
    pub fn complete_task(&self, task_id: u64, result: &Value) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(result.to_string());
        let Ok(mut state) = self.store.lock() else {
            return;
        };
        for run in state.rows("run") {
            if run.pointer("/task/id").and_then(Value::as_u64) == Some(task_id) {
                run["status"] = json!("completed");
                run["result"] = json!(encoded);
                run["finished_at"] = json!("2024-01-01T00:00:01");
            }
        }
        for task in state.rows("task") {
            if task["id"].as_u64() == Some(task_id) {
                task["status"] = json!("completed");
            }
        }
    }

    /// A client for this stand-in, logged in as `root`.
    pub async fn client(&self) -> Vantage6Client {
        let client = self.anonymous_client();
        let outcome = client.authenticate("root", "root", None).await;
        debug_assert!(matches!(outcome, Ok(crate::AuthOutcome::Authenticated(_))));
        client
    }

    /// A client for this stand-in, not logged in (no proxy, fast retries).
    pub fn anonymous_client(&self) -> Vantage6Client {
        let built = Vantage6Client::builder(self.server.base_url())
            .no_proxy()
            .retry(fast_retry())
            .build();
        built.unwrap_or_else(|e| unreachable!("a loopback URL is always a valid base: {e}"))
    }

    /// The server URL (the client appends `/api`).
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// Every request received, in order (secrets redacted).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.server.requests()
    }

    /// How many requests had this method and path.
    pub fn calls(&self, method: &str, path: &str) -> usize {
        self.server.calls(method, path)
    }
}

impl State {
    fn fresh_id(&mut self) -> u64 {
        let used = self.objects.max_numeric_id();
        self.next_id = self.next_id.max(used + 1);
        self.next_id += 1;
        self.next_id - 1
    }

    fn rows(&mut self, route: &str) -> &mut Vec<Value> {
        self.objects.rows(route)
    }
}

fn reference(route: &str, id: u64) -> Value {
    json!({"id": id, "link": format!("/api/{route}/{id}"), "methods": ["GET", "PATCH", "DELETE"]})
}

fn msg(status: u16, text: impl Into<String>) -> MockResponse {
    MockResponse::json(status, &json!({"msg": text.into()}))
}

/// A token the client can read: `sub` and a one-hour `exp`.
fn token(sub: u64, kind: &str) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims = json!({"sub": sub, "type": kind, "exp": now + 3600});
    format!(
        "{}.{}.bW9jaw",
        enc.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        enc.encode(claims.to_string())
    )
}

fn tokens(sub: u64) -> MockResponse {
    MockResponse::json(
        200,
        &json!({"access_token": token(sub, "access"), "refresh_token": token(sub, "refresh"),
                "refresh_url": "/api/token/refresh"}),
    )
}

/// The JSON object sent (raw: records redact credentials).
fn body_of(received: &Received) -> Map<String, Value> {
    match serde_json::from_slice(&received.body) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn answer(store: &Store, r: &Received) -> MockResponse {
    let Ok(mut state) = store.lock() else {
        return MockResponse::status(500);
    };
    let record = &r.record;
    let Some(path) = record.path.strip_prefix("/api/") else {
        return MockResponse::status(404).body("<html>404 Not Found</html>");
    };
    let body = body_of(r);
    match (record.method.as_str(), path) {
        ("GET", "version") => return MockResponse::json(200, &json!({"version": "4.15.2"})),
        ("GET", "health") => return MockResponse::json(200, &json!({"database": true})),
        ("POST", "token/user") => {
            let user = body.get("username").and_then(Value::as_str).unwrap_or("");
            let password = body.get("password").and_then(Value::as_str).unwrap_or("");
            return match state.logins.get(user) {
                Some((expected, id)) if expected == password => tokens(*id),
                _ => msg(401, "Failed to login"),
            };
        }
        ("POST", "token/node") => {
            let key = body.get("api_key").cloned().unwrap_or(Value::Null);
            let node = state
                .rows("node")
                .iter()
                .find(|n| n["api_key"] == key)
                .cloned();
            return match node.and_then(|n| n["id"].as_u64()) {
                Some(id) => tokens(id),
                None => msg(401, "Api key is not recognized!"),
            };
        }
        ("POST", "token/refresh") => {
            // The refresh token (bearer) names whose session goes on.
            let sub = r
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .and_then(crate::auth::subject);
            return match sub {
                Some(sub) => tokens(sub),
                None => msg(422, "Only refresh tokens are allowed"),
            };
        }
        ("POST", "kill/task") => {
            return msg(
                200,
                "Nodes have been instructed to kill any containers running for task.",
            );
        }
        _ => {}
    }
    if !r.headers.contains_key("authorization") {
        return msg(
            422,
            "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
        );
    }
    if let Some(id) = path
        .strip_prefix("task/")
        .and_then(|rest| rest.strip_suffix("/status"))
    {
        let task = state.rows("task").iter().find(|t| has_id(t, id)).cloned();
        return match task {
            Some(t) => MockResponse::json(200, &json!({"status": t["status"]})),
            None => msg(404, format!("Task id={id} not found")),
        };
    }
    if let Some(id) = path.strip_prefix("result/")
        && record.method == "GET"
    {
        let run = state
            .rows("run")
            .iter()
            .find(|run| has_id(run, id))
            .cloned();
        return match run {
            Some(run) => MockResponse::json(200, &result_of(&run)),
            None => msg(404, format!("Result id={id} not found!")),
        };
    }
    if path == "result" && record.method == "GET" {
        let results: Vec<Value> = state.rows("run").iter().map(result_of).collect();
        return page(&results, record);
    }
    for collection in ALL {
        let route = collection.as_str();
        if path == route {
            return match record.method.as_str() {
                "GET" => page(state.rows(route), record),
                "POST" => create(&mut state, collection, body),
                _ => msg(405, "The method is not allowed for the requested URL."),
            };
        }
        let Some(id) = path
            .strip_prefix(route)
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|id| !id.contains('/'))
        else {
            continue;
        };
        let rows = state.rows(route);
        let position = rows.iter().position(|o| has_id(o, id));
        let name = capitalised(route);
        return match (record.method.as_str(), position) {
            (_, None) => msg(404, format!("{name} id={id} not found!")),
            ("GET", Some(i)) => MockResponse::json(200, &rows[i]),
            ("PATCH", Some(i)) => {
                if let Value::Object(target) = &mut rows[i] {
                    target.extend(linked(body));
                }
                MockResponse::json(200, &rows[i])
            }
            ("DELETE", Some(i)) => {
                rows.remove(i);
                msg(200, format!("{name} id={id} successfully deleted"))
            }
            _ => msg(405, "The method is not allowed for the requested URL."),
        };
    }
    msg(
        404,
        format!(
            "the mock has no route for {} {}",
            record.method, record.path
        ),
    )
}

/// Whether an object's id is the path segment `id`.
fn has_id(object: &Value, id: &str) -> bool {
    id.parse::<u64>()
        .ok()
        .is_some_and(|n| object["id"].as_u64() == Some(n))
}

fn capitalised(route: &str) -> String {
    let mut chars = route.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// The result view of a run.
fn result_of(run: &Value) -> Value {
    json!({"id": run["id"], "result": run.get("result").cloned().unwrap_or(Value::Null),
           "run": reference("run", run["id"].as_u64().unwrap_or(0)), "task": run["task"]})
}

/// `<relation>_id` keys become link objects `<relation>: {id, link}`.
fn linked(body: Map<String, Value>) -> Map<String, Value> {
    body.into_iter()
        .map(
            |(key, value)| match (key.strip_suffix("_id"), value.as_u64()) {
                (Some(relation), Some(id)) => (relation.to_owned(), reference(relation, id)),
                _ => (key, value),
            },
        )
        .collect()
}

fn create(state: &mut State, collection: Collection, body: Map<String, Value>) -> MockResponse {
    let id = state.fresh_id();
    let mut object = linked(body);
    object.insert("id".into(), json!(id));
    let route = collection.as_str();
    if collection == Collection::User {
        // A created user can log in; its password is not kept in the object.
        let password = object.remove("password");
        let username = object.get("username").and_then(Value::as_str);
        if let (Some(Value::String(password)), Some(username)) = (password, username) {
            state.logins.insert(username.to_owned(), (password, id));
        }
        // The server lists a user's roles and rules by URL.
        object.insert("roles".into(), json!(format!("/api/role?user_id={id}")));
        object.insert("rules".into(), json!(format!("/api/rule?user_id={id}")));
    }
    match collection {
        Collection::Node => {
            object.insert("api_key".into(), json!(format!("mock-api-key-{id}")));
            object.entry("status").or_insert(json!("offline"));
        }
        Collection::Task => {
            object.insert("status".into(), json!("pending"));
            let organizations = object.remove("organizations").unwrap_or_default();
            for org in organizations.as_array().into_iter().flatten() {
                let run_id = state.fresh_id();
                let org_id = org["id"].as_u64().unwrap_or(0);
                let run = json!({"id": run_id, "status": "pending", "input": org["input"],
                                 "result": null, "organization": reference("organization", org_id),
                                 "task": reference("task", id)});
                state.rows("run").push(run);
            }
        }
        _ => {}
    }
    let object = Value::Object(object);
    state.rows(route).push(object.clone());
    let status = if collection == Collection::Collaboration {
        200
    } else {
        201
    };
    MockResponse::json(status, &object)
}

/// Whether an object matches a filter `key=value` (a field, or `<relation>_id`).
fn matches(object: &Value, key: &str, value: &str) -> bool {
    let text = |v: &Value| query_text(v, ("1", "0"));
    if let Some(field) = object.get(key) {
        return text(field) == value;
    }
    match key.strip_suffix("_id") {
        Some(relation) => match object.get(relation) {
            Some(related) => related.get("id").map(text).as_deref() == Some(value),
            // A relation the object does not hold as a link (e.g. a list by URL) is not
            // evaluated: it does not narrow.
            None => true,
        },
        None => false,
    }
}

fn page(rows: &[Value], record: &RequestRecord) -> MockResponse {
    let matching = select(rows, &record.query, is_filter, matches);
    Paging::PageNumber {
        default_per_page: 10,
    }
    .answer(&matching, record)
}
