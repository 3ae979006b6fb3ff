//! A login session every clone of a client shares: the access token (refreshed single-flight
//! through [`SharedToken`]), the refresh token, and whether a login happened.
//!
//! A platform supplies only the exchange of a refresh token for new tokens ([`Refresh`]:
//! vantage6's `POST token/refresh`, Keycloak's `grant_type=refresh_token`, ...); its login calls
//! [`Session::start`] with what the server answered, and every request sent with
//! [`Session::auth`] carries the access token, renewed when it expires.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use secrecy::SecretString;
use tokio::sync::Mutex;

use crate::auth::{AccessToken, Auth, BoxFuture, SharedToken, TokenSource};
use crate::client::Response;
use crate::error::{AuthFailure, Error, Result};

/// What a login or a refresh answers: the access token and, where the platform rotates or
/// issues one, the refresh token.
#[derive(Debug)]
pub struct Tokens {
    /// The access token (with its lifetime, e.g. [`AccessToken::from_jwt`]).
    pub access: AccessToken,
    /// The refresh token, when the answer holds one.
    pub refresh: Option<SecretString>,
}

/// How a platform trades a refresh token for new tokens.
pub trait Refresh: Send + Sync + 'static {
    /// Sends the exchange. An error that is not already [`Error::Auth`] becomes
    /// [`AuthFailure::Refused`] with the server's answer as its source.
    fn refresh<'a>(&'a self, refresh_token: &'a SecretString) -> BoxFuture<'a, Result<Tokens>>;

    /// Whether a `401` answer means the access token expired (the default: every `401`); only
    /// then is it refreshed and the request sent once more.
    fn is_expiry(&self, response: &Response) -> bool {
        let _ = response;
        true
    }
}

/// Why a started session cannot go on once its access token expired without a refresh token.
pub const SESSION_EXPIRED: &str =
    "the access token expired and the session has no refresh token: log in again";

/// What every clone of a session shares besides the access token.
#[derive(Default)]
struct State {
    refresh: Mutex<Option<SecretString>>,
    started: AtomicBool,
}

/// A login session; cloning is cheap and every clone sees the same tokens.
#[derive(Clone)]
pub struct Session {
    token: SharedToken,
    state: Arc<State>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("started", &self.is_started())
            .finish_non_exhaustive()
    }
}

/// The token source of a session: the refresh token traded through the platform's [`Refresh`].
struct Source {
    state: Arc<State>,
    exchange: Box<dyn Refresh>,
}

impl TokenSource for Source {
    fn fetch(&self, _previous_expired: bool) -> BoxFuture<'_, Result<AccessToken>> {
        Box::pin(async move {
            let mut refresh = self.state.refresh.lock().await;
            let Some(current) = refresh.clone() else {
                return Err(if self.state.started.load(Ordering::SeqCst) {
                    Error::auth(AuthFailure::SessionExpired, SESSION_EXPIRED, None)
                } else {
                    let message = "not logged in: log in first (nothing was sent)";
                    Error::auth(AuthFailure::NotAuthenticated, message, None)
                });
            };
            let tokens = self.exchange.refresh(&current).await.map_err(|e| match e {
                Error::Auth { .. } => e,
                other => {
                    let message = format!("the refresh token was refused: {other}");
                    Error::auth(AuthFailure::Refused, message, other.http())
                }
            })?;
            if let Some(next) = tokens.refresh {
                *refresh = Some(next);
            }
            Ok(tokens.access)
        })
    }

    fn is_expiry(&self, response: &Response) -> bool {
        self.exchange.is_expiry(response)
    }
}

impl Session {
    /// A session whose access token goes in `Authorization: Bearer`.
    pub fn new(exchange: impl Refresh) -> Session {
        let (state, source) = Self::source(exchange);
        Session {
            token: SharedToken::new(source),
            state,
        }
    }

    /// A session whose access token goes in header `name` after `prefix`.
    pub fn with_header(exchange: impl Refresh, name: &str, prefix: &str) -> Result<Session> {
        let (state, source) = Self::source(exchange);
        Ok(Session {
            token: SharedToken::with_header(source, name, prefix)?,
            state,
        })
    }

    fn source(exchange: impl Refresh) -> (Arc<State>, Source) {
        let state = Arc::new(State::default());
        let exchange = Box::new(exchange);
        (state.clone(), Source { state, exchange })
    }

    /// The credentials to send with (give them to [`crate::HttpClient::with_auth`]). Before
    /// [`Self::start`] a request fails with [`AuthFailure::NotAuthenticated`], sending nothing.
    pub fn auth(&self) -> Auth {
        Auth::Refreshing(self.token.clone())
    }

    /// Starts (or resumes) the session with the tokens of a login, for every clone.
    pub async fn start(&self, tokens: Tokens) {
        *self.state.refresh.lock().await = tokens.refresh;
        self.state.started.store(true, Ordering::SeqCst);
        self.token.set(tokens.access).await;
    }

    /// Ends the session (e.g. before another login): tokens forgotten, requests fail with
    /// [`AuthFailure::NotAuthenticated`] until the next [`Self::start`].
    pub async fn reset(&self) {
        *self.state.refresh.lock().await = None;
        self.state.started.store(false, Ordering::SeqCst);
        self.token.clear().await;
    }

    /// Whether a login started the session (and no reset ended it).
    pub fn is_started(&self) -> bool {
        self.state.started.load(Ordering::SeqCst)
    }

    /// The current refresh token, e.g. to save the session for another process.
    pub async fn refresh_token(&self) -> Option<SecretString> {
        self.state.refresh.lock().await.clone()
    }
}
