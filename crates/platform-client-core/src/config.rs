//! Building an [`HttpClient`]: base URL, timeouts, TLS, proxies, headers, auth, retry.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::Auth;
use crate::client::{ErrorParser, HttpClient, Inner};
use crate::error::{Error, Result};
use crate::error_body::ErrorBody;
use crate::retry::RetryPolicy;
use crate::url::BaseUrl;

/// Connect timeout used unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the extra TLS material comes from.
#[derive(Clone)]
#[cfg_attr(not(any(feature = "rustls", feature = "native-tls")), allow(dead_code))]
enum Pem {
    File(PathBuf),
    Bytes(Vec<u8>),
}

#[cfg_attr(not(any(feature = "rustls", feature = "native-tls")), allow(dead_code))]
impl Pem {
    fn read(&self, what: &str) -> Result<Vec<u8>> {
        match self {
            Pem::Bytes(b) => Ok(b.clone()),
            Pem::File(path) => std::fs::read(path).map_err(|e| {
                Error::config(format!("cannot read the {what} `{}`: {e}", path.display()))
            }),
        }
    }
}

/// The base URL for `Debug`: parsed and redacted, or a placeholder.
fn redacted_base(base: &str) -> String {
    reqwest::Url::parse(base.trim()).map_or_else(
        |_| "[unparsable]".to_owned(),
        |u| crate::url::redact_url(&u),
    )
}

/// Configures and builds an [`HttpClient`]. Every platform builder wraps one.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    user_agent: String,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    accept_invalid_certs: bool,
    extra_roots: Vec<Pem>,
    identity: Option<(Pem, Pem)>,
    env_proxy: bool,
    default_headers: Vec<(String, String)>,
    retry: RetryPolicy,
    auth: Auth,
    error_body: Arc<dyn ErrorBody>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redacted_base(&self.base_url))
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .field("retry", &self.retry)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder for `base_url` (validated by [`ClientBuilder::build`]).
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            user_agent: concat!("platform-client-core/", env!("CARGO_PKG_VERSION")).to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: None,
            accept_invalid_certs: false,
            extra_roots: Vec::new(),
            identity: None,
            env_proxy: true,
            default_headers: Vec::new(),
            retry: RetryPolicy::default(),
            auth: Auth::None,
            error_body: crate::error_body::default_error_body(),
        }
    }

    /// Replaces the base URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The `User-Agent` header (platform crates set `<crate>/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, body included (default: none unless the platform sets one).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Turns certificate verification off. Only for test servers: anyone on the path can then
    /// read and change the traffic.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// Trusts the CA certificates of a PEM file in addition to the built-in roots.
    pub fn add_root_ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.extra_roots.push(Pem::File(path.into()));
        self
    }

    /// Trusts the CA certificates of PEM text in addition to the built-in roots.
    pub fn add_root_ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(Pem::Bytes(pem.into()));
        self
    }

    /// Presents a client certificate: PEM files of the certificate (chain) and its PKCS#8 key.
    pub fn client_identity_files(
        mut self,
        cert: impl Into<PathBuf>,
        key: impl Into<PathBuf>,
    ) -> Self {
        self.identity = Some((Pem::File(cert.into()), Pem::File(key.into())));
        self
    }

    /// Presents a client certificate given as PEM text (certificate chain, PKCS#8 key).
    pub fn client_identity_pem(
        mut self,
        cert: impl Into<Vec<u8>>,
        key: impl Into<Vec<u8>>,
    ) -> Self {
        self.identity = Some((Pem::Bytes(cert.into()), Pem::Bytes(key.into())));
        self
    }

    /// Ignores `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY` (they are honoured by default).
    pub fn no_proxy(mut self) -> Self {
        self.env_proxy = false;
        self
    }

    /// A header sent with every request (validated by [`ClientBuilder::build`]).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// The names of the default headers configured so far.
    pub fn default_header_names(&self) -> impl Iterator<Item = &str> {
        self.default_headers.iter().map(|(n, _)| n.as_str())
    }

    /// The retry policy (see [`RetryPolicy`]; [`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The credentials.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// How the platform's error bodies are read into code and message (a plain function;
    /// [`Self::error_body`] for typed details and failures inside 2xx answers).
    pub fn error_parser(mut self, parser: ErrorParser) -> Self {
        self.error_body = Arc::new(parser);
        self
    }

    /// How the platform reads its error answers, and failures reported inside 2xx answers.
    pub fn error_body(mut self, reader: impl ErrorBody) -> Self {
        self.error_body = Arc::new(reader);
        self
    }

    /// Validates everything and builds the client. Nothing is sent.
    pub fn build(self) -> Result<HttpClient> {
        let base = BaseUrl::parse(&self.base_url)?;
        let mut headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::config(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::config(format!("the value of header `{name}` is not valid")))?;
            headers.append(name, value);
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::config("the user agent is not a valid header value"))?;
        let names = crate::client::header_names(&headers);
        // The user agent belongs to the transport (also of `HttpClient::with_base_url`); the
        // platform's default headers go on each request to its own base URL only.
        Ok(HttpClient {
            inner: Arc::new(Inner {
                http: self.build_reqwest(user_agent)?,
                base,
                auth: self.auth,
                retry: self.retry,
                error_body: self.error_body,
                default_headers: headers,
                header_names: names,
                timeout: self.timeout,
            }),
        })
    }

    fn build_reqwest(&self, user_agent: HeaderValue) -> Result<reqwest::Client> {
        // Redirects are followed only within the same origin, so no credential (a named API-key
        // header, a default header) reaches another host; no Referer carries query secrets.
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            let same_origin = attempt
                .previous()
                .first()
                .is_none_or(|first| first.origin() == attempt.url().origin());
            if !same_origin {
                attempt.stop()
            } else if attempt.previous().len() > 10 {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        });
        let mut b = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(self.connect_timeout)
            .redirect(redirects)
            .referer(false);
        if !self.env_proxy {
            b = b.no_proxy();
        }
        self.apply_tls(b)?
            .build()
            .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))
    }

    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    fn apply_tls(&self, mut b: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder> {
        b = b.tls_danger_accept_invalid_certs(self.accept_invalid_certs);
        let mut roots = Vec::new();
        for pem in &self.extra_roots {
            let bytes = pem.read("CA certificate file")?;
            let certs = reqwest::Certificate::from_pem_bundle(&bytes)
                .map_err(|e| Error::config(format!("invalid CA certificate PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::config("the CA certificate PEM holds no certificate"));
            }
            roots.extend(certs);
        }
        if !roots.is_empty() {
            b = b.tls_certs_merge(roots);
        }
        if let Some((cert, key)) = &self.identity {
            b = b.identity(identity(
                &cert.read("client certificate")?,
                &key.read("client key")?,
            )?);
        }
        Ok(b)
    }

    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    fn apply_tls(&self, b: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder> {
        if self.accept_invalid_certs || !self.extra_roots.is_empty() || self.identity.is_some() {
            return Err(Error::config(
                "TLS settings need the `rustls` or `native-tls` feature",
            ));
        }
        Ok(b)
    }
}

#[cfg(feature = "rustls")]
fn identity(cert: &[u8], key: &[u8]) -> Result<reqwest::Identity> {
    let mut pem = cert.to_vec();
    pem.push(b'\n');
    pem.extend_from_slice(key);
    reqwest::Identity::from_pem(&pem)
        .map_err(|e| Error::config(format!("invalid client certificate or key: {e}")))
}

#[cfg(all(feature = "native-tls", not(feature = "rustls")))]
fn identity(cert: &[u8], key: &[u8]) -> Result<reqwest::Identity> {
    reqwest::Identity::from_pkcs8_pem(cert, key)
        .map_err(|e| Error::config(format!("invalid client certificate or key: {e}")))
}
