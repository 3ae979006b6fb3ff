//! Signing in: a static access token, Keycloak's offline flow (an offline refresh token), or
//! its device flow (the user confirms a code in a browser), each on the shared single-flight
//! token cache of `platform-client-core` (refreshed 30 s before expiry, as the reference).

mod jwt;
mod keycloak;
mod token_file;

use std::path::PathBuf;
use std::sync::Arc;

use platform_client_core::auth::BoxFuture;
use platform_client_core::reexports::ExposeSecret as _;
use platform_client_core::reexports::SecretString;
use platform_client_core::{AccessToken, AuthFailure, TokenSource};
use tokio::sync::Mutex;

pub use keycloak::DeviceCode;
pub(crate) use keycloak::Realm;

use crate::error::{Error, Result, SignInError};

/// How a [`crate::ProvenaClient`] signs in.
#[derive(Clone)]
#[non_exhaustive]
pub enum SignIn {
    /// A bearer token used as is (scripts holding a token; never refreshed).
    AccessToken(SecretString),
    /// Keycloak's offline flow.
    Offline(OfflineFlow),
    /// Keycloak's device flow.
    Device(DeviceFlow),
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignIn::AccessToken(_) => f.write_str("AccessToken([redacted])"),
            SignIn::Offline(o) => o.fmt(f),
            SignIn::Device(d) => d.fmt(f),
        }
    }
}

/// An offline (refresh) token exchanged for access tokens (`OfflineFlow`): for services and
/// CI. Obtain one with a device flow for client `automated-access` and scope
/// `offline_access` ([`DeviceFlow::scope`]).
#[derive(Clone)]
pub struct OfflineFlow {
    client_id: String,
    token: SecretString,
}

impl std::fmt::Debug for OfflineFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfflineFlow")
            .field("client_id", &self.client_id)
            .field("token", &"[redacted]")
            .finish()
    }
}

fn check_client_id(client_id: &str) -> Result<()> {
    if client_id.trim().is_empty() || !client_id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(format!(
            "`client_id` must be a Keycloak client id such as client-tools, not {client_id:?}"
        )));
    }
    Ok(())
}

impl OfflineFlow {
    /// The offline token itself.
    pub fn new(client_id: &str, offline_token: SecretString) -> Result<OfflineFlow> {
        check_client_id(client_id)?;
        let token = offline_token.expose_secret().trim();
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid(
                "the offline token is empty or holds spaces or control characters",
            ));
        }
        Ok(OfflineFlow {
            client_id: client_id.to_owned(),
            token: SecretString::from(token.to_owned()),
        })
    }

    /// The offline token read from a file (plain text, trimmed), as the reference's
    /// `offline_token_file`.
    pub fn from_file(client_id: &str, path: impl Into<PathBuf>) -> Result<OfflineFlow> {
        let path = path.into();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::Core(platform_client_core::Error::Io {
                action: "read the offline token from",
                path: path.display().to_string(),
                source: e,
            })
        })?;
        OfflineFlow::new(client_id, SecretString::from(text))
    }
}

/// What to do with a device code: show it to the user.
pub type OnDeviceCode = Arc<dyn Fn(&DeviceCode) + Send + Sync>;

/// Keycloak's device flow (`DeviceFlow`): the user opens a URL and confirms a code; tokens
/// are kept in a file (owner-only, `0600`) so the next run signs in without asking.
#[derive(Clone)]
pub struct DeviceFlow {
    client_id: String,
    scope: String,
    token_file: Option<PathBuf>,
    on_code: OnDeviceCode,
}

impl std::fmt::Debug for DeviceFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceFlow")
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .field("token_file", &self.token_file)
            .finish_non_exhaustive()
    }
}

impl DeviceFlow {
    /// A device flow for `client_id` (`client-tools` for people); the code is printed to
    /// standard error, no token file.
    pub fn new(client_id: &str) -> Result<DeviceFlow> {
        check_client_id(client_id)?;
        Ok(DeviceFlow {
            client_id: client_id.to_owned(),
            scope: String::new(),
            token_file: None,
            on_code: Arc::new(|code: &DeviceCode| {
                eprintln!(
                    "Sign in to Provena: open {} and confirm the code {}",
                    code.verification_uri_complete, code.user_code
                );
            }),
        })
    }

    /// Keeps the tokens in `path` (created owner-only); the reference used `./.tokens.json`.
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }

    /// The scope asked for (`offline_access` to obtain an offline token).
    pub fn scope(mut self, scope: &str) -> Self {
        scope.clone_into(&mut self.scope);
        self
    }

    /// Shows the device code: called once per sign-in with the URL to open and the code.
    pub fn on_code(mut self, show: impl Fn(&DeviceCode) + Send + Sync + 'static) -> Self {
        self.on_code = Arc::new(show);
        self
    }
}

/// Produces access tokens from Keycloak for the shared token cache.
pub(crate) struct Keycloak {
    realm: Arc<Realm>,
    mode: Mode,
    /// The device flow's refresh token.
    refresh: Mutex<Option<SecretString>>,
}

enum Mode {
    Offline(OfflineFlow),
    Device(DeviceFlow),
}

fn core_error(e: Error) -> platform_client_core::Error {
    match e {
        Error::Core(core) => core,
        other => platform_client_core::Error::auth(AuthFailure::Refused, other.to_string(), None),
    }
}

impl Keycloak {
    pub(crate) fn offline(realm: Arc<Realm>, flow: OfflineFlow) -> Keycloak {
        Keycloak {
            realm,
            mode: Mode::Offline(flow),
            refresh: Mutex::new(None),
        }
    }

    pub(crate) fn device(realm: Arc<Realm>, flow: DeviceFlow) -> Keycloak {
        Keycloak {
            realm,
            mode: Mode::Device(flow),
            refresh: Mutex::new(None),
        }
    }

    /// A validated access token.
    async fn checked(&self, access: String) -> Result<AccessToken> {
        self.realm.validate(&access).await?;
        Ok(AccessToken::from_jwt(access))
    }

    /// Signs in: the offline exchange, or for the device flow the cached tokens (refreshed
    /// when stale), else a new device sign-in.
    pub(crate) async fn token(&self, previous_expired: bool) -> Result<AccessToken> {
        // The realm's key first, as the reference: an unreachable realm fails before the user
        // is asked anything.
        self.realm.key().await?;
        match &self.mode {
            Mode::Offline(flow) => {
                let (access, _rotated) = self.realm.refresh(&flow.client_id, &flow.token).await?;
                self.checked(access).await
            }
            Mode::Device(flow) => self.device_token(flow, previous_expired).await,
        }
    }

    async fn device_token(&self, flow: &DeviceFlow, previous_expired: bool) -> Result<AccessToken> {
        let mut refresh = self.refresh.lock().await;
        if refresh.is_none()
            && let Some(path) = &flow.token_file
            && let Some(stored) = token_file::read(path).await
        {
            if !previous_expired
                && let Ok(claims) = self.realm.validate(stored.access.expose_secret()).await
                && token_file::fresh(&claims)
            {
                *refresh = Some(stored.refresh);
                return Ok(AccessToken::from_jwt(
                    stored.access.expose_secret().to_owned(),
                ));
            }
            *refresh = Some(stored.refresh);
        }
        if let Some(current) = refresh.clone() {
            match self.realm.refresh(&flow.client_id, &current).await {
                Ok((access, rotated)) => {
                    let token = self.checked(access.clone()).await?;
                    let next = rotated.map_or(current, SecretString::from);
                    if let Some(path) = &flow.token_file {
                        token_file::write(path, &access, next.expose_secret()).await?;
                    }
                    *refresh = Some(next);
                    return Ok(token);
                }
                // A refused refresh starts a new sign-in, as the reference.
                Err(Error::SignIn(SignInError::RefreshRefused(reason))) => {
                    tracing::debug!(%reason, "refresh refused, signing in again");
                }
                Err(other) => return Err(other),
            }
        }
        let code = self
            .realm
            .start_device(&flow.client_id, &flow.scope)
            .await?;
        (flow.on_code)(&code);
        let (access, next) = self
            .realm
            .poll_device(&flow.client_id, &flow.scope, &code)
            .await?;
        let token = self.checked(access.clone()).await?;
        if let Some(path) = &flow.token_file {
            token_file::write(path, &access, &next).await?;
        }
        *refresh = Some(SecretString::from(next));
        Ok(token)
    }
}

/// The token cache's view of a [`Keycloak`] the client also holds (for a typed sign-in).
pub(crate) struct KeycloakSource(pub(crate) Arc<Keycloak>);

impl TokenSource for KeycloakSource {
    fn fetch(
        &self,
        previous_expired: bool,
    ) -> BoxFuture<'_, platform_client_core::Result<AccessToken>> {
        Box::pin(async move { self.0.token(previous_expired).await.map_err(core_error) })
    }
}

/// Whether `token` was signed with the key `key_b64` (base64 SPKI) and has not expired: the
/// stand-in's check of the tokens it issued.
#[cfg(feature = "testing")]
pub(crate) fn verify_with_test_key(token: &str, key_b64: &str) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    jwt::RealmKey::from_base64_spki(key_b64)
        .and_then(|key| key.verify(token))
        .is_ok_and(|claims| {
            claims
                .get("exp")
                .and_then(serde_json::Value::as_u64)
                .is_some_and(|exp| exp > now)
        })
}
