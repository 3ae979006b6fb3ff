//! A KE-chain stand-in for your own tests (feature `testing`).
//!
//! [`KechainMock`] serves mounted fixtures the way KE-chain does: lists under
//! `{"results": [...]}` filtered by exact field values, paged with `limit`/`offset` and absolute
//! `next` links; detail routes `<collection>/<id>.json`; creation (JSON or form) that assigns an
//! id; deletion. Every request is recorded, so tests can assert what was called.
//!
//! ```no_run
//! # async fn demo() -> kechain_client::Result<()> {
//! use kechain_client::testing::{KechainMock, Collection};
//! use serde_json::json;
//!
//! let mock = KechainMock::start().await;
//! mock.mount(Collection::Scopes, [json!({"id": "bd5dceaa-a35e-47b0-9fc5-875410f4a56f", "name": "Bike Project", "status": "ACTIVE"})]);
//! let kc = mock.client();
//! let bike = kc.scopes().list().name("Bike Project").one().await?;
//! assert_eq!(mock.calls("GET", "/api/v3/scopes.json"), 1);
//! # Ok(()) }
//! ```

use std::sync::{Arc, Mutex};

use platform_client_core::testing::{
    Collections, MockResponse, Paging, Received, RecordedBody, RequestRecord, TestServer,
    fast_retry, id_text, query_text, select,
};
use serde_json::{Map, Value, json};

use crate::client::KechainClient;

/// The collections the mock serves, with their list paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Collection {
    /// `api/v3/scopes.json`
    Scopes,
    /// `api/activities.json`
    Activities,
    /// `api/v3/parts.json`
    Parts,
    /// `api/v3/properties.json`
    Properties,
    /// `api/services.json`
    Services,
    /// `api/service_executions.json`
    ServiceExecutions,
    /// `api/users.json`
    Users,
    /// `api/teams.json`
    Teams,
    /// `api/widgets.json`
    Widgets,
    /// `api/v3/notifications.json`
    Notifications,
    /// `api/v3/banners.json`
    Banners,
    /// `api/downloads.json`
    ExpiringDownloads,
    /// `api/v3/contexts/contexts.json`
    Contexts,
    /// `api/v3/forms`
    Forms,
    /// `api/v3/workflows`
    Workflows,
}

impl Collection {
    /// The list path, without the `.json` suffix where the server uses one.
    fn base(self) -> (&'static str, &'static str) {
        match self {
            Collection::Scopes => ("/api/v3/scopes", ".json"),
            Collection::Activities => ("/api/activities", ".json"),
            Collection::Parts => ("/api/v3/parts", ".json"),
            Collection::Properties => ("/api/v3/properties", ".json"),
            Collection::Services => ("/api/services", ".json"),
            Collection::ServiceExecutions => ("/api/service_executions", ".json"),
            Collection::Users => ("/api/users", ".json"),
            Collection::Teams => ("/api/teams", ".json"),
            Collection::Widgets => ("/api/widgets", ".json"),
            Collection::Notifications => ("/api/v3/notifications", ".json"),
            Collection::Banners => ("/api/v3/banners", ".json"),
            Collection::ExpiringDownloads => ("/api/downloads", ".json"),
            Collection::Contexts => ("/api/v3/contexts/contexts", ".json"),
            Collection::Forms => ("/api/v3/forms", ""),
            Collection::Workflows => ("/api/v3/workflows", ""),
        }
    }

    const ALL: [Collection; 15] = [
        Collection::Scopes,
        Collection::Activities,
        Collection::Parts,
        Collection::Properties,
        Collection::Services,
        Collection::ServiceExecutions,
        Collection::Users,
        Collection::Teams,
        Collection::Widgets,
        Collection::Notifications,
        Collection::Banners,
        Collection::ExpiringDownloads,
        Collection::Contexts,
        Collection::Forms,
        Collection::Workflows,
    ];
}

type Store = Arc<Mutex<Collections>>;

/// A loopback KE-chain stand-in; it stops when dropped.
pub struct KechainMock {
    server: TestServer,
    store: Store,
}

/// Query keys that shape the answer rather than filter it.
const NOT_FILTERS: &[&str] = &["fields", "limit", "offset", "async_mode"];

impl KechainMock {
    /// Starts an empty stand-in.
    pub async fn start() -> Self {
        let store: Store = Arc::default();
        let handler_store = store.clone();
        let server = TestServer::start_with(move |base| {
            let base = base.to_owned();
            Arc::new(move |r: &Received| answer(&handler_store, &base, r))
        })
        .await;
        KechainMock { server, store }
    }

    /// Adds fixtures (JSON objects, each with an `id`) to a collection.
    pub fn mount(&self, collection: Collection, objects: impl IntoIterator<Item = Value>) {
        if let Ok(mut store) = self.store.lock() {
            store.mount(collection.base().0, objects);
        }
    }

    /// The objects a collection holds now (mounted and created, minus deleted).
    pub fn objects(&self, collection: Collection) -> Vec<Value> {
        self.store
            .lock()
            .map(|s| s.objects(collection.base().0))
            .unwrap_or_default()
    }

    /// A client for this stand-in (token auth, no proxy, fast retries).
    pub fn client(&self) -> KechainClient {
        let built = KechainClient::builder(self.server.base_url())
            .token("mock-token")
            .no_proxy()
            .retry(fast_retry())
            .build();
        built.unwrap_or_else(|e| unreachable!("a loopback URL is always a valid base: {e}"))
    }

    /// The base URL, to build your own client.
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

fn answer(store: &Store, base: &str, r: &Received) -> MockResponse {
    let Ok(mut store) = store.lock() else {
        return MockResponse::status(500);
    };
    let record = &r.record;
    for collection in Collection::ALL {
        let (root, suffix) = collection.base();
        let list = format!("{root}{suffix}");
        let rows = store.rows(root);
        if record.path == list {
            return match record.method.as_str() {
                "GET" => list_page(rows, base, record),
                "POST" => create(rows, &record.body),
                _ => not_allowed(record),
            };
        }
        let Some(id) = record
            .path
            .strip_prefix(&format!("{root}/"))
            .and_then(|rest| rest.strip_suffix(suffix))
            .filter(|id| !id.contains('/'))
        else {
            continue;
        };
        let position = rows.iter().position(|o| id_text(o) == id);
        return match (record.method.as_str(), position) {
            (_, None) => MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            ("GET", Some(i)) => MockResponse::json(200, &json!({"results": [rows[i]]})),
            ("PUT" | "PATCH", Some(i)) => {
                if let (Value::Object(target), Some(changes)) =
                    (&mut rows[i], fields_of(&record.body))
                {
                    target.extend(changes);
                }
                MockResponse::json(200, &json!({"results": [rows[i]]}))
            }
            ("DELETE", Some(i)) => {
                rows.remove(i);
                MockResponse::status(204)
            }
            (_, Some(_)) => not_allowed(record),
        };
    }
    MockResponse::json(
        404,
        &json!({"results": [{"detail": format!("the mock has no route for {} {}", record.method, record.path)}]}),
    )
}

fn not_allowed(record: &RequestRecord) -> MockResponse {
    let detail = format!("Method \"{}\" not allowed.", record.method);
    MockResponse::json(405, &json!({"results": [{"detail": detail}]}))
}

fn list_page(rows: &[Value], base: &str, record: &RequestRecord) -> MockResponse {
    let matching = select(
        rows,
        &record.query,
        |k| !NOT_FILTERS.contains(&k),
        |o, k, v| {
            o.get(k)
                .is_some_and(|f| query_text(f, ("True", "False")) == v)
        },
    );
    Paging::NextLink { base }.answer(&matching, record)
}

fn fields_of(body: &RecordedBody) -> Option<Map<String, Value>> {
    match body {
        RecordedBody::Json(Value::Object(map)) => Some(map.clone()),
        RecordedBody::Form(pairs) => {
            let mut map = Map::new();
            for (k, v) in pairs {
                match map.get_mut(k) {
                    Some(Value::Array(values)) => values.push(Value::String(v.clone())),
                    Some(existing) => {
                        let first = existing.take();
                        *existing = Value::Array(vec![first, Value::String(v.clone())]);
                    }
                    None if k == "tags" => {
                        map.insert(k.clone(), Value::Array(vec![Value::String(v.clone())]));
                    }
                    None => {
                        map.insert(k.clone(), Value::String(v.clone()));
                    }
                }
            }
            Some(map)
        }
        _ => None,
    }
}

fn create(rows: &mut Vec<Value>, body: &RecordedBody) -> MockResponse {
    let Some(mut object) = fields_of(body) else {
        return MockResponse::json(
            400,
            &json!({"results": ["the mock expects a JSON object or form body"]}),
        );
    };
    let n = rows.len() as u64 + 1;
    object
        .entry("id")
        .or_insert_with(|| Value::String(format!("00000000-0000-4000-8000-{n:012}")));
    let object = Value::Object(object);
    rows.push(object.clone());
    MockResponse::json(201, &json!({"results": [object]}))
}
