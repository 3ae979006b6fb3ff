//! [`ConnectClient`], its builder, `from_env`, and the one request path of the crate.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use platform_client_core::reexports::Method;
use platform_client_core::{Auth, ClientBuilder, Env, HttpClient, Request, RetryPolicy};
use serde::Serialize;
use serde_json::Value;

use crate::error::{ConnectErrors, Error, Result};
use crate::paths::{Collection, Ns, Path};
use crate::specs::OpenApiSpecs;

/// The public API endpoint used unless configured otherwise.
pub const DEFAULT_ENDPOINT: &str = "https://api.connect.cloudblue.com/public/v1";
/// Items per page unless configured otherwise.
pub const DEFAULT_LIMIT: u64 = 100;

/// A CloudBlue Connect client. Cheap to clone; clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> connect_client::Result<()> {
/// use connect_client::ConnectClient;
/// use connect_client::rql::R;
/// let cc = ConnectClient::builder("ApiKey SU-000-000-000:secret").build()?;
/// let published = cc.collection("products").filter(R::new().n("status").eq("published"));
/// println!("{} published products", published.count().await?);
/// let service = cc.ns("devops").collection("services").resource("SRVC-1").get().await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ConnectClient {
    pub(crate) http: HttpClient,
    pub(crate) default_limit: u64,
    pub(crate) specs: Option<Arc<OpenApiSpecs>>,
}

/// Builds a [`ConnectClient`].
#[derive(Debug)]
pub struct ConnectClientBuilder {
    core: ClientBuilder,
    default_limit: u64,
    specs: Option<PathBuf>,
    loaded_specs: Option<Arc<OpenApiSpecs>>,
    validate_using_specs: bool,
    authorization_in_defaults: bool,
}

platform_client_core::transport_options!(ConnectClientBuilder, core);
platform_client_core::env_constructors!(ConnectClient, crate::Error);

impl ConnectClientBuilder {
    /// The API endpoint (default [`DEFAULT_ENDPOINT`]).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.core = self.core.base_url(url);
        self
    }

    /// A header sent with every request. `Authorization` is refused by [`Self::build`]: the
    /// API key is the only credential.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        if name.eq_ignore_ascii_case("authorization") {
            self.authorization_in_defaults = true;
        } else {
            self.core = self.core.default_header(name, value);
        }
        self
    }

    /// Items per page of resource sets (default 100).
    pub fn default_limit(mut self, limit: u64) -> Self {
        self.default_limit = limit;
        self
    }

    /// Retries after the first attempt for idempotent requests (default 3; 0 turns them off).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.core = self.core.retry(RetryPolicy::default().max_retries(retries));
        self
    }

    /// Loads the Connect OpenAPI specification (YAML file) and, unless
    /// [`Self::validate_using_specs`] turns it off, rejects requests to paths it does not have.
    pub fn specs(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs = Some(path.into());
        self
    }

    /// Uses specifications loaded beforehand, e.g. downloaded with [`OpenApiSpecs::fetch`]
    /// (or, through a built client's transport, [`OpenApiSpecs::fetch_with`] and
    /// [`ConnectClient::with_specs`])
    /// (the reference's `specs_location` URL); they validate requests like [`Self::specs`].
    pub fn with_specs(mut self, specs: OpenApiSpecs) -> Self {
        self.loaded_specs = Some(Arc::new(specs));
        self
    }

    /// Whether loaded specifications validate every request path (default true).
    pub fn validate_using_specs(mut self, validate: bool) -> Self {
        self.validate_using_specs = validate;
        self
    }

    /// Validates everything and builds the client. Nothing is sent.
    pub fn build(self) -> Result<ConnectClient> {
        if self.authorization_in_defaults {
            return Err(Error::invalid(
                "`default_headers` cannot contain `Authorization`: the API key is sent as it",
            ));
        }
        if self.default_limit == 0 {
            return Err(Error::invalid(
                "`default_limit` must be a positive, non-zero integer",
            ));
        }
        let specs = match (&self.specs, self.loaded_specs, self.validate_using_specs) {
            (_, _, false) => None,
            (_, Some(loaded), true) => Some(loaded),
            (Some(path), None, true) => {
                let text = path.to_string_lossy();
                if text.starts_with("http://") || text.starts_with("https://") {
                    return Err(Error::invalid(format!(
                        "`specs` takes a file; download `{text}` with `OpenApiSpecs::fetch(url)` \
                         and pass it to `with_specs`"
                    )));
                }
                Some(Arc::new(OpenApiSpecs::from_file(path)?))
            }
            (None, None, true) => None,
        };
        Ok(ConnectClient {
            http: self.core.build()?,
            default_limit: self.default_limit,
            specs,
        })
    }
}

impl ConnectClient {
    /// The synchronous facade over this client (feature `blocking`): `run` drives any async
    /// call to completion, `iter` turns any list into a plain [`Iterator`]. Fails with
    /// [`platform_client_core::Error::InsideAsyncRuntime`] inside an async runtime (use
    /// `.await` there). See `examples/blocking.rs`.
    #[cfg(feature = "blocking")]
    pub fn blocking(self) -> Result<platform_client_core::blocking::Blocking<Self>> {
        Ok(platform_client_core::blocking::Blocking::new(self)?)
    }

    /// A builder authenticating with `api_key`, sent verbatim as `Authorization`
    /// (e.g. `ApiKey SU-000-000-000:secret`). Timeouts: 15 s to connect, 180 s per request.
    pub fn builder(api_key: impl Into<String>) -> ConnectClientBuilder {
        ConnectClientBuilder {
            core: ClientBuilder::new(DEFAULT_ENDPOINT)
                .auth(Auth::authorization(api_key))
                .user_agent(concat!("connect-client/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(15))
                .timeout(Duration::from_secs(180))
                .error_body(ConnectErrors),
            default_limit: DEFAULT_LIMIT,
            specs: None,
            loaded_specs: None,
            validate_using_specs: true,
            authorization_in_defaults: false,
        }
    }

    /// A builder configured from `env`: `CONNECT_API_KEY`, `CONNECT_ENDPOINT` and
    /// `CONNECT_SPECS` (a specification file). [`Self::from_env`] and [`Self::from_env_file`]
    /// read them from the environment and a `.env` file.
    pub fn builder_from_env(env: &Env) -> Result<ConnectClientBuilder> {
        let mut builder = Self::builder(env.require("CONNECT_API_KEY")?);
        if let Some(endpoint) = env.get("CONNECT_ENDPOINT") {
            builder = builder.endpoint(endpoint);
        }
        if let Some(specs) = env.get("CONNECT_SPECS") {
            builder = builder.specs(specs);
        }
        Ok(builder)
    }

    /// A namespace, e.g. `devops`.
    pub fn ns(&self, name: impl Into<String>) -> Ns {
        Ns::new(self.clone(), Path::root().child(name.into(), "namespace"))
    }

    /// A top-level collection, e.g. `products`.
    pub fn collection(&self, name: impl Into<String>) -> Collection {
        Collection::new(self.clone(), Path::root().child(name.into(), "collection"))
    }

    /// This client (same connection pool and settings) validating request paths against
    /// `specs`, e.g. downloaded with [`OpenApiSpecs::fetch_with`].
    #[must_use]
    pub fn with_specs(&self, specs: OpenApiSpecs) -> ConnectClient {
        ConnectClient {
            specs: Some(Arc::new(specs)),
            ..self.clone()
        }
    }

    /// The loaded specification, when [`ConnectClientBuilder::specs`] was given.
    pub fn specs(&self) -> Option<&OpenApiSpecs> {
        self.specs.as_deref()
    }

    /// `GET` any path relative to the endpoint (e.g. `products/PRD-1`).
    pub async fn get(&self, path: &str) -> Result<Value> {
        self.execute(Method::GET, &Path::raw(path)?, None::<&Value>)
            .await
    }

    /// `POST` a JSON payload to any path.
    pub async fn create(&self, path: &str, payload: &impl Serialize) -> Result<Value> {
        self.execute(Method::POST, &Path::raw(path)?, Some(payload))
            .await
    }

    /// `PUT` a JSON payload to any path.
    pub async fn update(&self, path: &str, payload: &impl Serialize) -> Result<Value> {
        self.execute(Method::PUT, &Path::raw(path)?, Some(payload))
            .await
    }

    /// `DELETE` any path.
    pub async fn delete(&self, path: &str) -> Result<Value> {
        self.execute(Method::DELETE, &Path::raw(path)?, None::<&Value>)
            .await
    }

    /// Checks a request against the specification (when loaded) before anything is sent.
    pub(crate) fn check(&self, method: &Method, path: &Path) -> Result<String> {
        let rendered = path.render()?;
        if let Some(specs) = &self.specs {
            specs.check(method.as_str(), &path.decoded())?;
        }
        Ok(rendered)
    }

    /// The one request path: validation, specification check, send, decode.
    pub(crate) async fn execute(
        &self,
        method: Method,
        path: &Path,
        payload: Option<&impl Serialize>,
    ) -> Result<Value> {
        let rendered = self.check(&method, path)?;
        let mut request = Request::new(method, rendered);
        if let Some(payload) = payload {
            request = request.json(payload)?;
        }
        self.send(request).await
    }

    /// Sends a prepared request and decodes the answer: no content gives `Value::Null`, a JSON
    /// body its value, any other body a JSON string of its text.
    pub(crate) async fn send(&self, request: Request) -> Result<Value> {
        let response = self.http.send(request).await?;
        if response.bytes().is_empty() {
            return Ok(Value::Null);
        }
        let json = response
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("application/json"));
        if json {
            Ok(response.json()?)
        } else {
            Ok(Value::String(response.text()))
        }
    }
}
