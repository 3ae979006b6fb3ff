//! [`AyonClient`], its builder, `from_env`, and the derived clients (`with_sender`, ...).

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use platform_client_core::reexports::{ExposeSecret, SecretString};
use platform_client_core::{Auth, ClientBuilder, Env, HttpClient, RetryPolicy};

use crate::auth::{Credential, CredentialKind, Session};
use crate::error::{AyonErrors, Error, Result};

/// Seconds a request may take unless configured otherwise (`AYON_SERVER_TIMEOUT`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts per request unless configured otherwise (`AYON_SERVER_RETRIES`).
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Items per GraphQL page (`first: 300`, as the reference client asks).
pub const DEFAULT_PAGE_SIZE: u64 = 300;
/// The settings variant unless configured otherwise (`AYON_DEFAULT_SETTINGS_VARIANT`).
pub const DEFAULT_SETTINGS_VARIANT: &str = "production";

/// An AYON client. Cheap to clone; clones share one connection pool and one session (the token
/// or API key given, or obtained by [`AyonClient::login`]).
///
/// Identity headers (site id, sender, client version, acting user) are fixed per client:
/// [`AyonClient::with_sender`] and its siblings derive a client with other values on the same
/// pool and session, so a client shared by several tasks never changes under their feet.
///
/// ```no_run
/// # async fn run() -> ayon_client::Result<()> {
/// use ayon_client::AyonClient;
/// use futures_util::TryStreamExt;
/// let ayon = AyonClient::builder("https://ayon.example.com").api_key("0123abcd").build()?;
/// println!("server {}", ayon.server_version().await?);
/// let mut folders = ayon.folders().list("demo_project").stream();
/// while let Some(folder) = folders.try_next().await? {
///     println!("{}", folder.path.unwrap_or_default());
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AyonClient {
    /// The transport with the identity headers, without credentials.
    pub(crate) http: HttpClient,
    pub(crate) session: Arc<Session>,
    pub(crate) settings: Arc<Settings>,
    pub(crate) page_size: u64,
}

impl std::fmt::Debug for AyonClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AyonClient")
            .field("base_url", &self.settings.base_url)
            .field("credential", &self.session.kind())
            .field("site_id", &self.settings.site_id)
            .field("sender", &self.settings.sender)
            .field("sender_type", &self.settings.sender_type)
            .field("as_user", &self.settings.as_user)
            .finish_non_exhaustive()
    }
}

/// What a client was configured with (read by its accessors).
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) base_url: String,
    pub(crate) site_id: Option<String>,
    pub(crate) client_version: Option<String>,
    pub(crate) sender: Option<String>,
    pub(crate) sender_type: Option<String>,
    pub(crate) as_user: Option<String>,
    pub(crate) default_settings_variant: String,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: u32,
    pub(crate) ca_file: Option<PathBuf>,
    pub(crate) cert_file: Option<PathBuf>,
    pub(crate) ssl_verify: bool,
    /// Sent as `x-ayon-hostname`.
    pub(crate) hostname: String,
}

/// Builds an [`AyonClient`].
#[derive(Debug)]
pub struct AyonClientBuilder {
    core: ClientBuilder,
    settings: Settings,
    credential: Option<Credential>,
    page_size: u64,
    hostname: Option<String>,
}

platform_client_core::env_constructors!(AyonClient, crate::Error);

impl AyonClientBuilder {
    /// A service API key, sent as `X-Api-Key` (acting users with [`Self::as_user`]).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credential = Some(Credential::new(key.into(), CredentialKind::ApiKey));
        self
    }

    /// A user token (from a login), sent as `Authorization: Bearer`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some(Credential::new(token.into(), CredentialKind::UserToken));
        self
    }

    /// A token or API key told apart by its shape, as the server does: 64 hex characters are a
    /// user token (the only Bearer tokens AYON accepts), anything else an API key.
    /// [`AyonClient::set_token`] asks the server instead.
    pub fn token_or_api_key(mut self, secret: impl Into<String>) -> Self {
        let secret = secret.into();
        let kind = CredentialKind::by_shape(&secret);
        self.credential = Some(Credential::new(secret, kind));
        self
    }

    /// The site id (`x-ayon-site-id`).
    pub fn site_id(mut self, site_id: impl Into<String>) -> Self {
        self.settings.site_id = Some(site_id.into());
        self
    }

    /// The client (launcher) version (`x-ayon-version`).
    pub fn client_version(mut self, version: impl Into<String>) -> Self {
        self.settings.client_version = Some(version.into());
        self
    }

    /// Who sends (`x-sender`): recorded as the sender of the events the calls cause.
    pub fn sender(mut self, sender: impl Into<String>) -> Self {
        self.settings.sender = Some(sender.into());
        self
    }

    /// The kind of sender (`x-sender-type`), so services can ignore their own events.
    pub fn sender_type(mut self, sender_type: impl Into<String>) -> Self {
        self.settings.sender_type = Some(sender_type.into());
        self
    }

    /// The user a service API key acts as (`X-as-user`; the reference's
    /// `set_default_service_username`). Ignored with a user token, as by the server.
    pub fn as_user(mut self, username: impl Into<String>) -> Self {
        self.settings.as_user = Some(username.into());
        self
    }

    /// The settings variant (default `production`; `staging`, or a dev bundle name).
    pub fn default_settings_variant(mut self, variant: impl Into<String>) -> Self {
        self.settings.default_settings_variant = variant.into();
        self
    }

    /// The machine name sent as `x-ayon-hostname` (default: this machine's).
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// Items per GraphQL page when streaming (default 300).
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size;
        self
    }

    /// The whole-request timeout (default 10 s; `AYON_SERVER_TIMEOUT`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self.core = self.core.timeout(timeout);
        self
    }

    /// Attempts per request, the first included (default 3; `AYON_SERVER_RETRIES`). Only
    /// idempotent requests are repeated, after transport failures, 429 and 502-504.
    pub fn max_retries(mut self, attempts: u32) -> Self {
        self.settings.max_retries = attempts.max(1);
        self.core = self
            .core
            .retry(RetryPolicy::default().max_retries(attempts.max(1) - 1));
        self
    }

    /// A retry policy in full (overrides [`Self::max_retries`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.max_retries = policy.retries().saturating_add(1);
        self.core = self.core.retry(policy);
        self
    }

    /// Trusts the CA certificates of a PEM file as well (`AYON_CA_FILE`).
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        self.settings.ca_file = Some(path.clone());
        self.core = self.core.add_root_ca_file(path);
        self
    }

    /// Presents a client certificate: one PEM file holding the certificate chain and its
    /// PKCS#8 key (`AYON_CERT_FILE`).
    pub fn cert_file(mut self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        self.settings.cert_file = Some(path.clone());
        self.core = self.core.client_identity_files(path.clone(), path);
        self
    }

    /// Whether TLS certificates are verified (default `true`). Turning it off accepts any
    /// certificate: for tests against self-signed servers only.
    pub fn ssl_verify(mut self, verify: bool) -> Self {
        self.settings.ssl_verify = verify;
        self.core = self.core.danger_accept_invalid_certs(!verify);
        self
    }

    /// The connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.core = self.core.connect_timeout(timeout);
        self
    }

    /// Ignores `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`.
    pub fn no_proxy(mut self) -> Self {
        self.core = self.core.no_proxy();
        self
    }

    /// The user agent.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.core = self.core.user_agent(agent);
        self
    }

    /// Validates everything and builds the client. Nothing is sent.
    pub fn build(self) -> Result<AyonClient> {
        if self.page_size == 0 {
            return Err(Error::invalid("`page_size` must be at least 1"));
        }
        let base = self
            .settings
            .base_url
            .trim()
            .trim_end_matches('/')
            .to_owned();
        if base.is_empty() {
            return Err(Error::invalid("the server URL is empty"));
        }
        if let Some(credential) = &self.credential {
            crate::api::check_secret(credential.secret.expose_secret())?;
        }
        let hostname = self.hostname.unwrap_or_else(machine_name);
        let mut settings = self.settings;
        settings.hostname = hostname.clone();
        let mut core = self
            .core
            .base_url(format!("{base}/"))
            .default_header("content-type", "application/json")
            .default_header("x-ayon-platform", platform_name())
            .default_header("x-ayon-hostname", hostname);
        let s = &settings;
        for (name, value) in [
            ("x-ayon-site-id", &s.site_id),
            ("x-ayon-version", &s.client_version),
            ("x-sender-type", &s.sender_type),
            ("x-sender", &s.sender),
        ] {
            if let Some(value) = value {
                core = core.default_header(name, value.clone());
            }
        }
        let http = core.build()?;
        settings.base_url = base;
        Ok(AyonClient {
            http,
            session: Arc::new(Session {
                credential: RwLock::new(self.credential),
                ..Session::default()
            }),
            settings: Arc::new(settings),
            page_size: self.page_size,
        })
    }
}

/// `windows`, `linux` or `darwin`, as the reference sends it.
pub(crate) fn platform_name() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// This machine's name (`HOSTNAME`, `COMPUTERNAME`, or the kernel's), `unknown` when none.
fn machine_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| "unknown".to_owned())
}

impl AyonClient {
    /// A builder for the server at `server_url` (e.g. `https://ayon.example.com`; REST goes to
    /// `<url>/api/...`, GraphQL to `<url>/graphql`).
    pub fn builder(server_url: impl Into<String>) -> AyonClientBuilder {
        AyonClientBuilder {
            core: ClientBuilder::new("http://localhost")
                .user_agent(concat!("ayon-client/", env!("CARGO_PKG_VERSION")))
                .timeout(DEFAULT_TIMEOUT)
                .retry(RetryPolicy::default().max_retries(DEFAULT_MAX_RETRIES - 1))
                .error_body(AyonErrors),
            settings: Settings {
                base_url: server_url.into(),
                site_id: None,
                client_version: None,
                sender: None,
                sender_type: None,
                as_user: None,
                default_settings_variant: DEFAULT_SETTINGS_VARIANT.to_owned(),
                timeout: Some(DEFAULT_TIMEOUT),
                max_retries: DEFAULT_MAX_RETRIES,
                ca_file: None,
                cert_file: None,
                ssl_verify: true,
                hostname: String::new(),
            },
            credential: None,
            page_size: DEFAULT_PAGE_SIZE,
            hostname: None,
        }
    }

    /// A builder configured from `env`: `AYON_SERVER_URL` (required), `AYON_API_KEY` (a token
    /// or API key, told apart as [`AyonClientBuilder::token_or_api_key`] does),
    /// `AYON_SERVER_TIMEOUT` (seconds, may be fractional), `AYON_SERVER_RETRIES`,
    /// `AYON_SITE_ID`, `AYON_DEFAULT_SETTINGS_VARIANT`, `AYON_CA_FILE`, `AYON_CERT_FILE`.
    /// [`Self::from_env`] and [`Self::from_env_file`] read them from the environment and a
    /// `.env` file.
    pub fn builder_from_env(env: &Env) -> Result<AyonClientBuilder> {
        let mut builder = Self::builder(env.require("AYON_SERVER_URL")?);
        if let Some(secret) = env.get("AYON_API_KEY") {
            builder = builder.token_or_api_key(secret);
        }
        if let Some(seconds) = env.parse::<f64>("AYON_SERVER_TIMEOUT")? {
            if !(seconds.is_finite() && seconds > 0.0) {
                return Err(Error::invalid(
                    "`AYON_SERVER_TIMEOUT` must be a positive number of seconds",
                ));
            }
            let timeout = Duration::try_from_secs_f64(seconds).map_err(|_| {
                Error::invalid("`AYON_SERVER_TIMEOUT` is too large a number of seconds")
            })?;
            builder = builder.timeout(timeout);
        }
        if let Some(attempts) = env.parse::<u32>("AYON_SERVER_RETRIES")? {
            builder = builder.max_retries(attempts);
        }
        if let Some(site) = env.get("AYON_SITE_ID") {
            builder = builder.site_id(site);
        }
        if let Some(variant) = env.get("AYON_DEFAULT_SETTINGS_VARIANT") {
            builder = builder.default_settings_variant(variant);
        }
        if let Some(path) = env.get("AYON_CA_FILE") {
            builder = builder.ca_file(path);
        }
        if let Some(path) = env.get("AYON_CERT_FILE") {
            builder = builder.cert_file(path);
        }
        Ok(builder)
    }

    /// The synchronous facade over this client (feature `blocking`).
    #[cfg(feature = "blocking")]
    pub fn blocking(self) -> Result<platform_client_core::blocking::Blocking<Self>> {
        Ok(platform_client_core::blocking::Blocking::new(self)?)
    }

    /// The server URL (`base_url`, `get_base_url`).
    pub fn base_url(&self) -> &str {
        &self.settings.base_url
    }

    /// The REST root, `<server>/api` (`rest_url`, `get_rest_url`).
    pub fn rest_url(&self) -> String {
        format!("{}/api", self.settings.base_url)
    }

    /// The site id sent (`site_id`, `get_site_id`).
    pub fn site_id(&self) -> Option<&str> {
        self.settings.site_id.as_deref()
    }

    /// The client version sent (`client_version`, `get_client_version`).
    pub fn client_version(&self) -> Option<&str> {
        self.settings.client_version.as_deref()
    }

    /// The sender sent (`sender`, `get_sender`).
    pub fn sender(&self) -> Option<&str> {
        self.settings.sender.as_deref()
    }

    /// The sender type sent (`sender_type`, `get_sender_type`).
    pub fn sender_type(&self) -> Option<&str> {
        self.settings.sender_type.as_deref()
    }

    /// The user a service API key acts as (`get_default_service_username`).
    pub fn as_user(&self) -> Option<&str> {
        self.settings.as_user.as_deref()
    }

    /// The settings variant (`default_settings_variant`).
    pub fn default_settings_variant(&self) -> &str {
        &self.settings.default_settings_variant
    }

    /// The whole-request timeout (`timeout`, `get_timeout`).
    pub fn timeout(&self) -> Option<Duration> {
        self.settings.timeout
    }

    /// Attempts per request, the first included (`max_retries`, `get_max_retries`).
    pub fn max_retries(&self) -> u32 {
        self.settings.max_retries
    }

    /// The extra CA file trusted (`ssl_verify` when it names a file).
    pub fn ca_file(&self) -> Option<&std::path::Path> {
        self.settings.ca_file.as_deref()
    }

    /// The client certificate file (`cert`, `get_cert`).
    pub fn cert_file(&self) -> Option<&std::path::Path> {
        self.settings.cert_file.as_deref()
    }

    /// Whether TLS certificates are verified (`ssl_verify`, `get_ssl_verify`).
    pub fn ssl_verify(&self) -> bool {
        self.settings.ssl_verify
    }

    /// Items per GraphQL page when streaming.
    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    /// The same client (pool, session) sending `x-sender: <sender>` (`set_sender`); `None`
    /// sends none. A value with control characters is refused.
    pub fn with_sender(&self, sender: Option<&str>) -> Result<AyonClient> {
        self.derive("x-sender", sender, |s, v| s.sender = v)
    }

    /// The same client sending `x-sender-type` (`set_sender_type`).
    pub fn with_sender_type(&self, sender_type: Option<&str>) -> Result<AyonClient> {
        self.derive("x-sender-type", sender_type, |s, v| s.sender_type = v)
    }

    /// The same client sending `x-ayon-site-id` (`set_site_id`).
    pub fn with_site_id(&self, site_id: Option<&str>) -> Result<AyonClient> {
        self.derive("x-ayon-site-id", site_id, |s, v| s.site_id = v)
    }

    /// The same client sending `x-ayon-version` (`set_client_version`).
    pub fn with_client_version(&self, version: Option<&str>) -> Result<AyonClient> {
        self.derive("x-ayon-version", version, |s, v| s.client_version = v)
    }

    /// The same client with a service API key acting as `username` (`as_username`,
    /// `set_default_service_username`); `None` acts as the service user itself. The header
    /// `X-as-user` is only sent with an API key (the server ignores it otherwise).
    pub fn with_as_user(&self, username: Option<&str>) -> Result<AyonClient> {
        if let Some(name) = username {
            crate::api::check_user_name(name)?;
        }
        let mut settings = Settings::clone(&self.settings);
        settings.as_user = username.map(str::to_owned);
        Ok(AyonClient {
            settings: Arc::new(settings),
            ..self.clone()
        })
    }

    /// The same client with another whole-request timeout (`set_timeout`).
    pub fn with_timeout(&self, timeout: Option<Duration>) -> AyonClient {
        let mut settings = Settings::clone(&self.settings);
        settings.timeout = timeout;
        AyonClient {
            http: self.http.with_timeout(timeout),
            settings: Arc::new(settings),
            ..self.clone()
        }
    }

    /// The same client with another settings variant (`set_default_settings_variant`).
    pub fn with_default_settings_variant(&self, variant: &str) -> AyonClient {
        let mut settings = Settings::clone(&self.settings);
        settings.default_settings_variant = variant.to_owned();
        AyonClient {
            settings: Arc::new(settings),
            ..self.clone()
        }
    }

    /// The same client making `attempts` attempts per request (`set_max_retries`).
    pub fn with_max_retries(&self, attempts: u32) -> AyonClient {
        let attempts = attempts.max(1);
        let mut settings = Settings::clone(&self.settings);
        settings.max_retries = attempts;
        AyonClient {
            http: self
                .http
                .with_retry(RetryPolicy::default().max_retries(attempts - 1)),
            settings: Arc::new(settings),
            ..self.clone()
        }
    }

    fn derive(
        &self,
        header: &str,
        value: Option<&str>,
        set: impl FnOnce(&mut Settings, Option<String>),
    ) -> Result<AyonClient> {
        let http = self.http.with_default_header(header, value)?;
        let mut settings = Settings::clone(&self.settings);
        set(&mut settings, value.map(str::to_owned));
        Ok(AyonClient {
            http,
            settings: Arc::new(settings),
            ..self.clone()
        })
    }

    /// The transport with the session's credentials (and `X-as-user` for an API key acting
    /// as a user).
    pub(crate) fn authed(&self) -> Result<HttpClient> {
        let Some(credential) = self.session.credential() else {
            return Ok(self.http.clone());
        };
        let secret = credential.secret.expose_secret().to_owned();
        match credential.kind {
            CredentialKind::UserToken => Ok(self.http.with_auth(Auth::bearer(secret))),
            CredentialKind::ApiKey => {
                let http = self.http.with_auth(Auth::header("x-api-key", secret)?);
                match &self.settings.as_user {
                    Some(user) => Ok(http.with_default_header("x-as-user", Some(user))?),
                    None => Ok(http),
                }
            }
        }
    }

    /// The headers every request of this client carries (`get_headers`; besides the user
    /// agent), the credential redacted.
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("x-ayon-platform".to_owned(), platform_name().to_owned()),
            ("x-ayon-hostname".to_owned(), self.settings.hostname.clone()),
        ];
        let s = &self.settings;
        for (name, value) in [
            ("x-ayon-site-id", &s.site_id),
            ("x-ayon-version", &s.client_version),
            ("x-sender-type", &s.sender_type),
            ("x-sender", &s.sender),
        ] {
            if let Some(value) = value {
                headers.push((name.to_owned(), value.clone()));
            }
        }
        match self.session.kind() {
            Some(CredentialKind::UserToken) => {
                headers.push(("authorization".to_owned(), "Bearer [redacted]".to_owned()));
            }
            Some(CredentialKind::ApiKey) => {
                headers.push(("x-api-key".to_owned(), "[redacted]".to_owned()));
                if let Some(user) = &s.as_user {
                    headers.push(("x-as-user".to_owned(), user.clone()));
                }
            }
            None => {}
        }
        headers
    }

    /// The token or API key in use (`access_token`), as a secret.
    pub fn access_token(&self) -> Option<SecretString> {
        self.session.credential().map(|c| c.secret)
    }
}
