//! [`KechainClient`], its builder and `from_env`.

use std::sync::Arc;

use tokio::sync::OnceCell;

use platform_client_core::{Auth, ClientBuilder, Env, HttpClient};

use crate::api::scopes::Scopes;
use crate::api::versions::{AppVersion, WidgetSchema};
use crate::error::{Error, KechainErrors, Result};

/// Items per page when a list is paged (pykechain's `batch`).
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// A KE-chain client. Cheap to clone; clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> kechain_client::Result<()> {
/// use kechain_client::KechainClient;
/// let kc = KechainClient::builder("https://kec.example.com").token("…").build()?;
/// let bike = kc.scopes().list().name("Bike Project").one().await?;
/// println!("{} ({})", bike.name, bike.id);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct KechainClient {
    pub(crate) http: HttpClient,
    pub(crate) page_size: u64,
    pub(crate) cache: Arc<Cache>,
}

/// What a client fetches once and shares with its clones.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    pub(crate) versions: OnceCell<Arc<Vec<AppVersion>>>,
    pub(crate) schemas: OnceCell<Arc<Vec<WidgetSchema>>>,
}

/// Builds a [`KechainClient`].
#[derive(Debug)]
pub struct KechainClientBuilder {
    core: ClientBuilder,
    page_size: u64,
}

platform_client_core::transport_options!(KechainClientBuilder, core);
platform_client_core::env_constructors!(KechainClient, crate::Error);

impl KechainClientBuilder {
    /// Authenticates with an API token (`Authorization: Token …`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.core = self.core.auth(Auth::token(token));
        self
    }

    /// Authenticates with a user name and password (HTTP Basic).
    pub fn basic(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.core = self.core.auth(Auth::basic(username, password));
        self
    }

    /// Checks server certificates (on by default; `false` is for test servers only).
    pub fn check_certificates(mut self, check: bool) -> Self {
        self.core = self.core.danger_accept_invalid_certs(!check);
        self
    }

    /// Items per page for paged lists (default 100).
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size;
        self
    }

    /// Validates the settings and builds the client. Nothing is sent.
    pub fn build(self) -> Result<KechainClient> {
        if self.page_size == 0 {
            return Err(Error::invalid("the page size must be at least 1"));
        }
        Ok(KechainClient {
            http: self.core.build()?,
            page_size: self.page_size,
            cache: Arc::default(),
        })
    }
}

impl KechainClient {
    /// The synchronous facade over this client (feature `blocking`): `run` drives any async
    /// call to completion, `iter` turns any list into a plain [`Iterator`]. Fails with
    /// [`platform_client_core::Error::InsideAsyncRuntime`] inside an async runtime (use
    /// `.await` there). See `examples/blocking.rs`.
    #[cfg(feature = "blocking")]
    pub fn blocking(self) -> Result<platform_client_core::blocking::Blocking<Self>> {
        Ok(platform_client_core::blocking::Blocking::new(self)?)
    }

    /// A builder for the KE-chain at `url` (e.g. `https://kec.example.com`).
    pub fn builder(url: impl Into<String>) -> KechainClientBuilder {
        KechainClientBuilder {
            core: ClientBuilder::new(url)
                .user_agent(concat!("kechain-client/", env!("CARGO_PKG_VERSION")))
                .default_header("X-Requested-With", "XMLHttpRequest")
                .error_body(KechainErrors),
            page_size: DEFAULT_PAGE_SIZE,
        }
    }

    /// A builder configured from `env` (to adjust before building): `KECHAIN_URL` and
    /// `KECHAIN_TOKEN` (or `KECHAIN_USERNAME` + `KECHAIN_PASSWORD`), `KECHAIN_CHECK_CERTIFICATES`.
    /// [`Self::from_env`] and [`Self::from_env_file`] read them from the environment and a
    /// `.env` file.
    pub fn builder_from_env(env: &Env) -> Result<KechainClientBuilder> {
        let mut builder = Self::builder(env.require("KECHAIN_URL")?);
        if let Some(token) = env.get("KECHAIN_TOKEN") {
            builder = builder.token(token);
        } else if let (Some(user), Some(password)) =
            (env.get("KECHAIN_USERNAME"), env.get("KECHAIN_PASSWORD"))
        {
            builder = builder.basic(user, password);
        }
        // pykechain's true values (`true on ok y yes 1`) and their opposites; anything else (a
        // typo) is an error rather than certificate checks switched off.
        let key = "KECHAIN_CHECK_CERTIFICATES";
        let check = match env.get(key).map(|raw| raw.trim().to_ascii_lowercase()) {
            Some(raw) if raw == "ok" => Some(true),
            Some(_) => env.flag(key)?,
            None => None,
        };
        if let Some(check) = check {
            builder = builder.check_certificates(check);
        }
        Ok(builder)
    }

    /// Scopes (projects).
    pub fn scopes(&self) -> Scopes<'_> {
        Scopes { client: self }
    }
}
