//! [`ProvenaClient`] and its builder: one connection pool and one sign-in shared by the seven
//! service handlers.

use std::sync::Arc;

use platform_client_core::reexports::SecretString;
use platform_client_core::{Auth, ClientBuilder, Env, HttpClient, Request, SharedToken};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::auth::{DeviceFlow, Keycloak, KeycloakSource, OfflineFlow, Realm, SignIn};
use crate::config::{Config, Service};
use crate::error::{Error, ProvenaErrors, Result};

/// The reference's timeout (30 s, the API gateway's limit).
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A Provena client: the seven APIs of one deployment. Cheap to clone; clones and the
/// handlers it gives share one connection pool and one token.
///
/// ```no_run
/// # async fn run() -> provena_client::Result<()> {
/// use provena_client::{Config, OfflineFlow, ProvenaClient, SecretString};
/// let config = Config::new("my-provena.cloud", "provena")?;
/// let flow = OfflineFlow::from_file("automated-access", "offline-token.txt")?;
/// let provena = ProvenaClient::builder(config).offline(flow).build()?;
/// let dataset = provena.datastore().fetch_dataset("10378.1/1234567").await?;
/// println!("{:?}", dataset.item.map(|d| d.display_name));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ProvenaClient {
    pub(crate) config: Arc<Config>,
    pub(crate) services: Arc<[HttpClient; 7]>,
    pub(crate) token: Option<(SharedToken, Arc<Keycloak>)>,
}

impl std::fmt::Debug for ProvenaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProvenaClient")
            .field("config", &self.config)
            .field("http", &self.services[0])
            .finish_non_exhaustive()
    }
}

/// Builds a [`ProvenaClient`].
#[derive(Debug)]
pub struct ProvenaClientBuilder {
    core: ClientBuilder,
    config: Config,
    sign_in: Option<SignIn>,
}

platform_client_core::transport_options!(ProvenaClientBuilder, core);

impl ProvenaClientBuilder {
    /// Signs in with a bearer token used as is (never refreshed).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.sign_in = Some(SignIn::AccessToken(SecretString::from(token.into())));
        self
    }

    /// Signs in with an offline token.
    pub fn offline(mut self, flow: OfflineFlow) -> Self {
        self.sign_in = Some(SignIn::Offline(flow));
        self
    }

    /// Signs in with the device flow (at the first request, or with
    /// [`ProvenaClient::sign_in`]).
    pub fn device_flow(mut self, flow: DeviceFlow) -> Self {
        self.sign_in = Some(SignIn::Device(flow));
        self
    }

    /// Validates everything and builds the client. Nothing is sent.
    pub fn build(self) -> Result<ProvenaClient> {
        let base = self.config.endpoint(Service::Datastore);
        let plain = self
            .core
            .base_url(format!("{base}/"))
            .error_body(ProvenaErrors)
            .build()?;
        let realm = || Realm::new(&plain, &self.config.keycloak_endpoint()).map(Arc::new);
        let (auth, token) = match self.sign_in {
            None => (Auth::None, None),
            Some(SignIn::AccessToken(token)) => (Auth::Bearer(token), None),
            Some(SignIn::Offline(flow)) => {
                let source = Arc::new(Keycloak::offline(realm()?, flow));
                let shared = SharedToken::new(KeycloakSource(Arc::clone(&source)));
                (Auth::Refreshing(shared.clone()), Some((shared, source)))
            }
            Some(SignIn::Device(flow)) => {
                let source = Arc::new(Keycloak::device(realm()?, flow));
                let shared = SharedToken::new(KeycloakSource(Arc::clone(&source)));
                (Auth::Refreshing(shared.clone()), Some((shared, source)))
            }
        };
        let http = plain.with_auth(auth);
        let services =
            Service::ALL.map(|s| http.with_service_url(&format!("{}/", self.config.endpoint(s))));
        let services: Vec<HttpClient> = services
            .into_iter()
            .collect::<platform_client_core::Result<_>>()?;
        let services: [HttpClient; 7] = services
            .try_into()
            .map_err(|_| Error::unexpected("seven services"))?;
        Ok(ProvenaClient {
            config: Arc::new(self.config),
            services: Arc::new(services),
            token,
        })
    }
}

impl ProvenaClient {
    /// A builder for the deployment `config` (30 s timeout as the reference, 3 attempts for
    /// idempotent requests).
    pub fn builder(config: Config) -> ProvenaClientBuilder {
        ProvenaClientBuilder {
            core: ClientBuilder::new(config.endpoint(Service::Datastore)).timeout(DEFAULT_TIMEOUT),
            config,
            sign_in: None,
        }
    }

    /// From the environment (and the first `.env` upwards): [`Config::from_env`], then
    /// `PROVENA_ACCESS_TOKEN`, or `PROVENA_OFFLINE_TOKEN` / `PROVENA_OFFLINE_TOKEN_FILE`
    /// with `PROVENA_CLIENT_ID` (default `automated-access`), or a device flow for
    /// `PROVENA_CLIENT_ID` (default `client-tools`) with `PROVENA_TOKEN_FILE`.
    pub fn from_env() -> Result<ProvenaClient> {
        Self::builder_from_env(&Env::discover()?)?.build()
    }

    /// The builder [`Self::from_env`] uses, from any [`Env`].
    pub fn builder_from_env(env: &Env) -> Result<ProvenaClientBuilder> {
        let builder = ProvenaClient::builder(Config::from_env(env)?);
        let client_id = env.get("PROVENA_CLIENT_ID");
        if let Some(token) = env.get("PROVENA_ACCESS_TOKEN") {
            return Ok(builder.access_token(token));
        }
        let offline_id = client_id
            .clone()
            .unwrap_or_else(|| "automated-access".to_owned());
        if let Some(token) = env.get("PROVENA_OFFLINE_TOKEN") {
            return Ok(builder.offline(OfflineFlow::new(&offline_id, SecretString::from(token))?));
        }
        if let Some(path) = env.get("PROVENA_OFFLINE_TOKEN_FILE") {
            return Ok(builder.offline(OfflineFlow::from_file(&offline_id, path)?));
        }
        let mut flow = DeviceFlow::new(client_id.as_deref().unwrap_or("client-tools"))?;
        if let Some(path) = env.get("PROVENA_TOKEN_FILE") {
            flow = flow.token_file(path);
        }
        Ok(builder.device_flow(flow))
    }

    /// The deployment.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Signs in now (the device flow asks the user here rather than at the first request),
    /// with the typed outcome ([`crate::SignInError`]: expired code, refused, invalid token);
    /// nothing to do for a static token.
    pub async fn sign_in(&self) -> Result<()> {
        if let Some((shared, source)) = &self.token {
            let token = source.token(false).await?;
            shared.set(token).await;
        }
        Ok(())
    }

    /// Forgets the access token: the next request gets a new one (`force_refresh`).
    pub async fn force_refresh(&self) {
        if let Some((shared, _)) = &self.token {
            shared.clear().await;
        }
    }

    /// The synchronous facade over this client (feature `blocking`).
    #[cfg(feature = "blocking")]
    pub fn blocking(self) -> Result<platform_client_core::blocking::Blocking<Self>> {
        Ok(platform_client_core::blocking::Blocking::new(self)?)
    }

    pub(crate) fn http(&self, service: Service) -> &HttpClient {
        &self.services[Service::ALL.iter().position(|s| *s == service).unwrap_or(0)]
    }
}

/// The envelope most answers carry: `{"status": {"success", "details"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[non_exhaustive]
pub struct Status {
    /// Whether the API did it.
    pub success: bool,
    /// What it says.
    #[serde(default)]
    pub details: String,
}

#[derive(Deserialize)]
struct Envelope {
    status: Status,
}

/// Sends a request and decodes its JSON answer (HTTP checked only).
pub(crate) async fn send_json<T: DeserializeOwned>(
    http: &HttpClient,
    request: Request,
) -> Result<T> {
    Ok(http.send(request).await?.json()?)
}

/// Sends a request whose answer carries the `status` envelope: `success: false` is
/// [`Error::Failed`], then the answer decodes into `T`.
pub(crate) async fn send_status<T: DeserializeOwned>(
    http: &HttpClient,
    request: Request,
) -> Result<T> {
    let response = http.send(request).await?;
    let envelope: Envelope = response.json()?;
    if !envelope.status.success {
        return Err(Error::Failed {
            details: envelope.status.details,
        });
    }
    Ok(response.json()?)
}

/// Sends a request whose answer is a bare `Status` (the server's answer where the reference
/// expected the envelope): `success: false` is [`Error::Failed`].
pub(crate) async fn send_bare_status(http: &HttpClient, request: Request) -> Result<Status> {
    let status: Status = http.send(request).await?.json()?;
    if !status.success {
        return Err(Error::Failed {
            details: status.details,
        });
    }
    Ok(status)
}
