//! [`Vantage6Client`], its builder, `from_env`, and logging in.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use platform_client_core::reexports::SecretString;
use platform_client_core::session::{Session as LoginSession, Tokens};
use platform_client_core::{ClientBuilder, Env, HttpClient, Request};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::auth::{AuthOutcome, JwtRefresh, Session, TokenAnswer, WhoAmI, subject};
use crate::crypto::Cryptor;
use crate::error::{Error, Result, Vantage6Errors};

/// The API path appended to the server URL unless configured otherwise.
pub const DEFAULT_API_PATH: &str = "/api";
/// Items per page when streaming whole lists.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// A vantage6 client, for users (and, with [`Vantage6Client::authenticate_node`], nodes).
/// Cheap to clone; clones share one connection pool, one session and one token.
///
/// ```no_run
/// # async fn run() -> vantage6_client::Result<()> {
/// use vantage6_client::Vantage6Client;
/// let v6 = Vantage6Client::builder("http://127.0.0.1:7601").build()?;
/// let me = v6.authenticate("root", "root", None).await?.into_whoami()?;
/// println!("logged in as {} of {}", me.name, me.organization_name);
/// let orgs = v6.organization().list().send().await?;
/// println!("{} organisations", orgs.total_count.unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Vantage6Client {
    pub(crate) http: HttpClient,
    /// The same transport without credentials (login, refresh, recovery).
    pub(crate) plain: HttpClient,
    /// The tokens: access (refreshed single-flight) and refresh.
    pub(crate) login: LoginSession,
    pub(crate) session: Arc<Session>,
    pub(crate) page_size: u64,
}

impl std::fmt::Debug for Vantage6Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vantage6Client")
            .field("http", &self.http)
            .field("whoami", &self.whoami())
            .field("encryption", &self.cryptor().is_some())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Vantage6Client`].
#[derive(Debug)]
pub struct Vantage6ClientBuilder {
    core: ClientBuilder,
    server_url: String,
    api_path: String,
    page_size: u64,
    private_key: Option<PathBuf>,
}

platform_client_core::transport_options!(Vantage6ClientBuilder, core);
platform_client_core::env_constructors!(Vantage6Client, crate::Error);

impl Vantage6ClientBuilder {
    /// The API path on the server (default `/api`). A server URL that already ends with it is
    /// used as is.
    pub fn api_path(mut self, path: impl Into<String>) -> Self {
        self.api_path = path.into();
        self
    }

    /// Items per page when streaming whole lists (default 100).
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size;
        self
    }

    /// The organisation's private key (PEM, PKCS#1 or PKCS#8), needed for encrypted
    /// collaborations. Read by [`Self::build`]; [`Vantage6Client::setup_encryption`] uploads
    /// the public half.
    pub fn private_key_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.private_key = Some(path.into());
        self
    }

    /// Validates everything and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Vantage6Client> {
        if self.page_size == 0 {
            return Err(Error::invalid("`page_size` must be at least 1"));
        }
        let base = join_api_path(&self.server_url, &self.api_path)?;
        let plain = self.core.base_url(base).build()?;
        let session = Arc::new(Session::default());
        let login = LoginSession::new(JwtRefresh {
            plain: plain.clone(),
        });
        let http = plain.with_auth(login.auth());
        if let Some(path) = &self.private_key {
            let cryptor = Cryptor::from_pem_file(path)?;
            *session.cryptor.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(cryptor));
        }
        Ok(Vantage6Client {
            http,
            plain,
            login,
            session,
            page_size: self.page_size,
        })
    }
}

/// `server_url` + `api_path`, unless the URL already ends with the path.
fn join_api_path(server_url: &str, api_path: &str) -> Result<String> {
    let server = server_url.trim().trim_end_matches('/');
    if server.is_empty() {
        return Err(Error::invalid("the server URL is empty"));
    }
    let path = api_path.trim().trim_matches('/');
    if path.is_empty() || server.ends_with(&format!("/{path}")) {
        Ok(server.to_owned())
    } else {
        Ok(format!("{server}/{path}"))
    }
}

impl Vantage6Client {
    /// The synchronous facade over this client (feature `blocking`): `run` drives any async
    /// call to completion, `iter` turns any list into a plain [`Iterator`]. Fails with
    /// [`platform_client_core::Error::InsideAsyncRuntime`] inside an async runtime (use
    /// `.await` there). See `examples/blocking.rs`.
    #[cfg(feature = "blocking")]
    pub fn blocking(self) -> Result<platform_client_core::blocking::Blocking<Self>> {
        Ok(platform_client_core::blocking::Blocking::new(self)?)
    }

    /// A builder for the server at `server_url` (e.g. `http://127.0.0.1:7601`; the API path
    /// `/api` is appended).
    pub fn builder(server_url: impl Into<String>) -> Vantage6ClientBuilder {
        Vantage6ClientBuilder {
            core: ClientBuilder::new("http://localhost")
                .user_agent(concat!("vantage6-client/", env!("CARGO_PKG_VERSION")))
                .timeout(Duration::from_secs(300))
                .error_body(Vantage6Errors),
            server_url: server_url.into(),
            api_path: DEFAULT_API_PATH.to_owned(),
            page_size: DEFAULT_PAGE_SIZE,
            private_key: None,
        }
    }

    /// A builder configured from `env`: `VANTAGE6_URL`, `VANTAGE6_API_PATH` and
    /// `VANTAGE6_PRIVATE_KEY` (a PEM file). [`Self::from_env`] and [`Self::from_env_file`] read
    /// them from the environment and a `.env` file.
    pub fn builder_from_env(env: &Env) -> Result<Vantage6ClientBuilder> {
        let mut builder = Self::builder(env.require("VANTAGE6_URL")?);
        if let Some(path) = env.get("VANTAGE6_API_PATH") {
            builder = builder.api_path(path);
        }
        if let Some(key) = env.get("VANTAGE6_PRIVATE_KEY") {
            builder = builder.private_key_file(key);
        }
        Ok(builder)
    }

    /// Logs a user in (`POST token/user`). With two-factor authentication on the server, the
    /// first login returns [`AuthOutcome::MfaSetupRequired`], later ones need `mfa_code`
    /// (sent as a string, leading zeros kept). On success the identity is fetched
    /// (`GET user/<id>`, `GET organization/<id>`) and kept for [`Self::whoami`].
    pub async fn authenticate(
        &self,
        username: &str,
        password: &str,
        mfa_code: Option<&str>,
    ) -> Result<AuthOutcome> {
        crate::api::check_text("username", username)?;
        if password.is_empty() {
            return Err(Error::invalid("the password is empty"));
        }
        let mut body = json!({ "username": username, "password": password });
        if let Some(code) = mfa_code {
            crate::api::check_text("mfa_code", code)?;
            body["mfa_code"] = Value::String(code.to_owned());
        }
        self.reset_session().await;
        let answer: TokenAnswer = match self
            .plain
            .send_json(Request::post("token/user").json(&body)?)
            .await
            .map_err(Error::from)
        {
            Ok(answer) => answer,
            Err(Error::Unauthorized { message, .. })
                if message.contains("two-factor authentication code") =>
            {
                return Ok(AuthOutcome::MfaCodeIncorrect { message });
            }
            Err(e) => return Err(e),
        };
        let message = answer.msg.clone().unwrap_or_default();
        if let (Some(qr_uri), Some(otp_secret)) = (answer.qr_uri.clone(), answer.otp_secret.clone())
        {
            return Ok(AuthOutcome::MfaSetupRequired {
                qr_uri,
                otp_secret,
                message,
            });
        }
        let Some(access) = answer.access_token.clone() else {
            return Ok(AuthOutcome::MfaCodeRequired { message });
        };
        self.start_session(access, answer.refresh_token).await?;
        Ok(AuthOutcome::Authenticated(self.identify("user").await?))
    }

    /// Logs a node in with its api key (`POST token/node`), to act as that node (e.g. to post
    /// a run's result). The identity is the node and its organisation.
    pub async fn authenticate_node(&self, api_key: &str) -> Result<WhoAmI> {
        crate::api::check_text("api_key", api_key)?;
        let request = Request::post("token/node").json(&json!({ "api_key": api_key }))?;
        self.reset_session().await;
        let answer: TokenAnswer = self.plain.send_json(request).await?;
        let access = answer
            .access_token
            .ok_or_else(|| Error::unexpected("the node login answer holds no access token"))?;
        self.start_session(access, answer.refresh_token).await?;
        self.identify("node").await
    }

    /// Resumes a session from tokens obtained earlier (e.g. saved by another process): the
    /// access token is used until it expires, then refreshed with `refresh_token`. The identity
    /// is fetched as after a login.
    pub async fn authenticate_with_tokens(
        &self,
        access_token: SecretString,
        refresh_token: Option<SecretString>,
    ) -> Result<WhoAmI> {
        use platform_client_core::reexports::ExposeSecret;
        let access = access_token.expose_secret().to_owned();
        crate::api::check_text("access_token", &access)?;
        if subject(&access).is_none() {
            return Err(Error::invalid(
                "`access_token` is not a JWT naming its subject (nothing was stored or sent)",
            ));
        }
        let is_node = platform_client_core::auth::jwt_claims(&access)
            .is_some_and(|c| c.get("client_type").and_then(Value::as_str) == Some("node"));
        let refresh = refresh_token.map(|r| r.expose_secret().to_owned());
        self.reset_session().await;
        self.start_session(access, refresh).await?;
        self.identify(if is_node { "node" } else { "user" }).await
    }

    /// Who is logged in, after [`Self::authenticate`] or [`Self::authenticate_node`].
    pub fn whoami(&self) -> Option<WhoAmI> {
        self.session
            .whoami
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The organisation's key pair, when one was loaded or generated.
    pub fn cryptor(&self) -> Option<Arc<Cryptor>> {
        self.session
            .cryptor
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Uses `cryptor` for encrypted collaborations from now on (without uploading anything;
    /// see [`Self::setup_encryption`]).
    pub fn set_cryptor(&self, cryptor: Cryptor) {
        *self
            .session
            .cryptor
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(cryptor));
    }

    /// Sends any request (with the session's token) and returns the JSON answer (`null` for an
    /// empty body): the escape hatch for what the typed API does not cover, e.g. a node
    /// reporting a run (`PATCH run/<id>`). Errors are mapped like every other call; only
    /// idempotent requests (or those marked [`Request::retry_safe`]) are retried on transient
    /// failures.
    pub async fn send_raw(&self, request: Request) -> Result<Value> {
        let response = self.http.send(request).await?;
        if response.bytes().is_empty() {
            return Ok(Value::Null);
        }
        Ok(response.json()?)
    }

    /// Sends a request with the session's token and decodes the JSON answer.
    pub(crate) async fn json<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        Ok(self.http.send_json(request).await?)
    }

    /// Forgets the current session (tokens, identity) before another login, so a failed or
    /// unfinished login never leaves the previous user's session half in place.
    async fn reset_session(&self) {
        *self
            .session
            .subject
            .write()
            .unwrap_or_else(|e| e.into_inner()) = None;
        *self
            .session
            .whoami
            .write()
            .unwrap_or_else(|e| e.into_inner()) = None;
        self.login.reset().await;
    }

    /// Keeps a fresh access token (and its refresh token) for every clone.
    async fn start_session(&self, access: String, refresh: Option<String>) -> Result<()> {
        let subject = subject(&access);
        *self
            .session
            .subject
            .write()
            .unwrap_or_else(|e| e.into_inner()) = subject;
        let tokens = Tokens {
            access: platform_client_core::AccessToken::from_jwt(access),
            refresh: refresh.map(SecretString::from),
        };
        self.login.start(tokens).await;
        Ok(())
    }

    /// The id in the access token.
    fn subject(&self) -> Result<u64> {
        self.session
            .subject
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .ok_or_else(|| Error::unexpected("the access token names no subject"))
    }

    /// Builds and keeps the identity from the user (or node) object.
    /// Fetches the logged-in user (`kind` `user`) or node and its organisation, and keeps
    /// the identity for [`Self::whoami`].
    async fn identify(&self, kind: &str) -> Result<WhoAmI> {
        let id = self.subject()?;
        let object: Value = self.json(Request::get(format!("{kind}/{id}"))).await?;
        let name_key = if kind == "node" { "name" } else { "username" };
        let org_id = object
            .pointer("/organization/id")
            .and_then(Value::as_u64)
            .ok_or_else(|| Error::unexpected(format!("the {kind} object names no organisation")))?;
        // Roles without the right to view the own organisation (or none at all) still log in,
        // as with the Python client: the name then stays empty.
        let organization_name = match self
            .json::<Value>(Request::get(format!("organization/{org_id}")))
            .await
        {
            Ok(org) => org["name"].as_str().unwrap_or_default().to_owned(),
            Err(Error::Unauthorized { .. }) => String::new(),
            Err(e) => return Err(e),
        };
        let who = WhoAmI {
            kind: kind.to_owned(),
            id,
            name: object[name_key].as_str().unwrap_or_default().to_owned(),
            organization_id: org_id,
            organization_name,
        };
        *self
            .session
            .whoami
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(who.clone());
        Ok(who)
    }

    /// The logged-in organisation's id, or [`Error::NotAuthenticated`].
    pub(crate) fn own_organization(&self) -> Result<u64> {
        self.whoami()
            .map(|w| w.organization_id)
            .ok_or(Error::NotAuthenticated)
    }
}

#[cfg(test)]
mod tests {
    use super::join_api_path;

    #[test]
    fn the_api_path_is_appended_once() {
        let j = |s, p| join_api_path(s, p).unwrap();
        assert_eq!(j("http://h:7601", "/api"), "http://h:7601/api");
        assert_eq!(j("http://h:7601/", "api"), "http://h:7601/api");
        assert_eq!(j("http://h:7601/api", "/api"), "http://h:7601/api");
        assert_eq!(j("http://h/v6", "/api/"), "http://h/v6/api");
        assert_eq!(j("http://h/server", ""), "http://h/server");
        assert!(join_api_path(" ", "/api").is_err());
    }
}
