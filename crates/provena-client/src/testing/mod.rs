//! A Provena stand-in for your own tests (feature `testing`).
//!
//! [`ProvenaMock`] serves the seven APIs and a Keycloak realm on one loopback port (each
//! service under its host prefix: `/data-api/...`, `/registry-api/...`; Keycloak under
//! `/auth/realms/provena`), from memory: registry items of every subtype (create, fetch,
//! list with `pagination_key`, seed, update, revert, validate, versions, access settings,
//! locks), datasets (mint, fetch, list, metadata), search, jobs (a registered model run's
//! job succeeds after a few polls), handles, groups and access reports, lineage, and the
//! realm's device and refresh grants with RS256 tokens. Requests need a token the realm
//! issued or [`ACCESS_TOKEN`]. Every request is recorded.
//!
//! ```no_run
//! # async fn demo() -> provena_client::Result<()> {
//! use provena_client::models::{ItemSubType, OrganisationDomainInfo};
//! use provena_client::testing::ProvenaMock;
//!
//! let mock = ProvenaMock::start().await;
//! let provena = mock.client();
//! let created = provena
//!     .registry()
//!     .create_item(ItemSubType::Organisation, &OrganisationDomainInfo::new("CSIRO"))
//!     .await?;
//! let id = created.created_item.unwrap().id;
//! let fetched = provena.registry().fetch_item(ItemSubType::Organisation, &id, None).await?;
//! assert_eq!(fetched.item.unwrap().display_name, "CSIRO");
//! # Ok(()) }
//! ```

mod keycloak;
mod registry;
mod services;

use std::sync::{Arc, Mutex};

use platform_client_core::testing::{
    MockResponse, Received, RequestRecord, TestServer, fast_retry,
};
use serde_json::{Value, json};

pub use keycloak::{OFFLINE_TOKEN, signed_token};

use crate::config::{Config, Service};
use crate::{OfflineFlow, ProvenaClient, ProvenaClientBuilder};

/// A static bearer token the stand-in accepts.
pub const ACCESS_TOKEN: &str = "TEST-ACCESS-TOKEN";

#[derive(Default)]
pub(crate) struct State {
    pub(crate) realm: keycloak::Realm,
    pub(crate) registry: registry::Registry,
    pub(crate) services: services::Services,
}

/// A Provena stand-in on a loopback port; it stops when dropped.
pub struct ProvenaMock {
    server: TestServer,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for ProvenaMock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProvenaMock")
            .field("base_url", &self.server.base_url())
            .finish_non_exhaustive()
    }
}

/// A FastAPI error answer.
pub(crate) fn detail(status: u16, detail: &str) -> MockResponse {
    MockResponse::json(status, &json!({"detail": detail}))
}

/// The success envelope.
pub(crate) fn ok() -> Value {
    json!({"success": true, "details": "Successful."})
}

/// The failure envelope answered with HTTP 200.
pub(crate) fn failed(details: &str) -> MockResponse {
    MockResponse::json(
        200,
        &json!({"status": {"success": false, "details": details}}),
    )
}

impl ProvenaMock {
    /// Starts the stand-in, empty but for the offline token [`OFFLINE_TOKEN`].
    pub async fn start() -> ProvenaMock {
        let state = Arc::new(Mutex::new(State::default()));
        state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .realm
            .refresh_tokens
            .push(OFFLINE_TOKEN.to_owned());
        let handler_state = Arc::clone(&state);
        let server = TestServer::start(move |received: &Received| {
            let mut state = handler_state.lock().unwrap_or_else(|e| e.into_inner());
            answer(&mut state, received)
        })
        .await;
        ProvenaMock { server, state }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The deployment: every service at `<base>/<prefix>`, the realm `provena`.
    pub fn config(&self) -> Config {
        let mut config = Config::new("stand-in.provena.test", "provena").expect("a config");
        for service in Service::ALL {
            config = config
                .with_endpoint(service, &self.server.url(service.prefix()))
                .expect("an endpoint");
        }
        config
            .with_keycloak_endpoint(&self.server.url("auth/realms/provena"))
            .expect("the realm")
    }

    /// A builder for the stand-in without sign-in (no proxy, fast retries).
    pub fn builder(&self) -> ProvenaClientBuilder {
        ProvenaClient::builder(self.config())
            .no_proxy()
            .retry(fast_retry())
    }

    /// A client with the static token [`ACCESS_TOKEN`].
    pub fn client(&self) -> ProvenaClient {
        self.builder()
            .access_token(ACCESS_TOKEN)
            .build()
            .expect("a client for the stand-in")
    }

    /// A client signing in with the offline token (client `automated-access`).
    pub fn offline_client(&self) -> ProvenaClient {
        let flow = OfflineFlow::new("automated-access", OFFLINE_TOKEN.to_owned().into())
            .expect("an offline flow");
        self.builder()
            .offline(flow)
            .build()
            .expect("a client for the stand-in")
    }

    /// Device codes answer `authorization_pending` this many times before tokens.
    pub fn set_pending_polls(&self, polls: u32) {
        self.lock().realm.pending_polls = polls;
    }

    /// The device grant ends with this error (`access_denied`, `expired_token`) instead of
    /// tokens; `slow_down` is answered once, then tokens.
    pub fn set_device_outcome(&self, error: Option<&str>) {
        self.lock().realm.device_outcome = error.map(str::to_owned);
    }

    /// Access tokens issued from now on live this long.
    pub fn set_token_lifetime(&self, lifetime: std::time::Duration) {
        self.lock().realm.lifetime = Some(lifetime);
    }

    /// Issues tokens whose claims were changed after signing: the client must refuse them.
    pub fn set_tampered_tokens(&self, tamper: bool) {
        self.lock().realm.tamper = tamper;
    }

    /// Revokes every refresh token (the offline token included).
    pub fn revoke_refresh_tokens(&self) {
        self.lock().realm.refresh_tokens.clear();
    }

    /// How many access tokens the realm issued.
    pub fn tokens_issued(&self) -> u64 {
        self.lock().realm.issued
    }

    /// Adds a registry item (as the registry stores it, `id` and `item_subtype` set).
    pub fn add_item(&self, item: Value) {
        self.lock().registry.insert(item);
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

/// Whether a request carries a token the stand-in accepts.
fn authorised(received: &Received) -> bool {
    let Some(token) = received
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    token == ACCESS_TOKEN || crate::testing::verifies(token)
}

/// Whether a token was signed by the stand-in realm and has not expired.
fn verifies(token: &str) -> bool {
    crate::auth::verify_with_test_key(token, keycloak::TEST_REALM_PUBLIC_KEY)
}

fn answer(state: &mut State, received: &Received) -> MockResponse {
    let path = received.record.path.clone();
    if let Some(rest) = path.strip_prefix("/auth/realms/") {
        let (realm, rest) = rest.split_once('/').map_or((rest, ""), |(r, x)| (r, x));
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!("/{rest}")
        };
        return state.realm.answer(realm, &rest, received);
    }
    let trimmed = path.trim_start_matches('/');
    let (service, route) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let route = format!("/{route}");
    let method = received.record.method.as_str();
    if route == "/" && method == "GET" {
        return MockResponse::json(200, &json!({"message": "Health check successful."}));
    }
    if !authorised(received) {
        return detail(401, "Not authenticated");
    }
    let body: Value = serde_json::from_slice(&received.body).unwrap_or(Value::Null);
    let query = |key: &str| {
        received
            .record
            .query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    match registry::answer(state, service, method, &route, &body, &query) {
        Some(answer) => answer,
        None => services::answer(state, service, method, &route, &body, &query, received),
    }
}
