//! Credentials: static schemes and refreshable tokens with single-flight refresh.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::error::{Error, Result};

/// A boxed future, as returned by [`TokenSource::fetch`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How a request proves who sends it.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(SecretString),
    /// `Authorization: Token <token>` (Django REST framework).
    Token(SecretString),
    /// `Authorization: <value>` sent verbatim (e.g. `ApiKey SU-...`).
    Authorization(SecretString),
    /// A named header such as `X-Api-Key: <value>`.
    Header {
        /// Header name.
        name: HeaderName,
        /// Header value.
        value: SecretString,
    },
    /// HTTP Basic.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: SecretString,
    },
    /// A token from a refreshable source: `Authorization: Bearer <token>` unless the
    /// [`SharedToken`] names another header or scheme ([`Auth::refreshing_with`]).
    Refreshing(SharedToken),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer([redacted])"),
            Auth::Token(_) => f.write_str("Token([redacted])"),
            Auth::Authorization(_) => f.write_str("Authorization([redacted])"),
            Auth::Header { name, .. } => write!(f, "Header({name}: [redacted])"),
            Auth::Basic { username, .. } => write!(f, "Basic({username}:[redacted])"),
            Auth::Refreshing(_) => f.write_str("Refreshing([redacted])"),
        }
    }
}

impl Auth {
    /// Bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth::Bearer(SecretString::from(token.into()))
    }

    /// `Token` scheme.
    pub fn token(token: impl Into<String>) -> Self {
        Auth::Token(SecretString::from(token.into()))
    }

    /// Verbatim `Authorization` value.
    pub fn authorization(value: impl Into<String>) -> Self {
        Auth::Authorization(SecretString::from(value.into()))
    }

    /// Named header; fails when the name is not a valid header name.
    pub fn header(name: &str, value: impl Into<String>) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::config(format!("`{name}` is not a valid header name")))?;
        Ok(Auth::Header {
            name,
            value: SecretString::from(value.into()),
        })
    }

    /// HTTP Basic.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Auth::Basic {
            username: username.into(),
            password: SecretString::from(password.into()),
        }
    }

    /// A refreshable token from `source`, sent as `Authorization: Bearer <token>`.
    pub fn refreshing(source: impl TokenSource + 'static) -> Self {
        Auth::Refreshing(SharedToken::new(source))
    }

    /// A refreshable token from `source` sent in header `name` after `prefix` (e.g.
    /// `("Authorization", "Token ")`, or `("X-Api-Key", "")`); fails on an invalid header name.
    pub fn refreshing_with(
        source: impl TokenSource + 'static,
        name: &str,
        prefix: &str,
    ) -> Result<Self> {
        Ok(Auth::Refreshing(SharedToken::with_header(
            source, name, prefix,
        )?))
    }

    /// The header to send, and the token generation it came from (for refresh on 401).
    pub(crate) async fn header_value(&self) -> Result<Option<(HeaderName, HeaderValue, u64)>> {
        let (name, text, generation) = match self {
            Auth::None => return Ok(None),
            Auth::Bearer(t) => (AUTHORIZATION, format!("Bearer {}", t.expose_secret()), 0),
            Auth::Token(t) => (AUTHORIZATION, format!("Token {}", t.expose_secret()), 0),
            Auth::Authorization(v) => (AUTHORIZATION, v.expose_secret().to_owned(), 0),
            Auth::Header { name, value } => (name.clone(), value.expose_secret().to_owned(), 0),
            Auth::Basic { username, password } => {
                let raw = format!("{username}:{}", password.expose_secret());
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                (AUTHORIZATION, format!("Basic {encoded}"), 0)
            }
            Auth::Refreshing(shared) => {
                let (token, generation) = shared.current().await?;
                let (name, prefix) = (&shared.inner.header, &shared.inner.prefix);
                (
                    name.clone(),
                    format!("{prefix}{}", token.expose_secret()),
                    generation,
                )
            }
        };
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            Error::config("the credentials contain characters not allowed in a header")
        })?;
        value.set_sensitive(true);
        Ok(Some((name, value, generation)))
    }
}

/// A fresh access token and how long it lives.
pub struct AccessToken {
    /// The token.
    pub token: SecretString,
    /// Lifetime from now; `None` when unknown (the token is used until refused with 401).
    pub expires_in: Option<Duration>,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// The longest lifetime taken from an `exp` claim (a year; servers issue minutes to hours).
const MAX_JWT_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

impl AccessToken {
    /// An access token whose lifetime is what its JWT `exp` claim announces (capped at a year;
    /// unknown when the token is not a JWT or has no `exp`). The signature is not verified:
    /// the server does that.
    pub fn from_jwt(token: String) -> AccessToken {
        let expires_in = jwt_claims(&token)
            .and_then(|c| c.get("exp").and_then(serde_json::Value::as_u64))
            .map(|exp| {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                Duration::from_secs(exp.saturating_sub(now)).min(MAX_JWT_LIFETIME)
            });
        AccessToken {
            token: SecretString::from(token),
            expires_in,
        }
    }
}

/// The (unverified) claims of a JWT, `None` when `token` is not one.
pub fn jwt_claims(token: &str) -> Option<serde_json::Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Something that can produce access tokens: a login, a refresh-token exchange, a device flow.
///
/// `fetch` is called when there is no valid token; [`SharedToken`] makes sure concurrent
/// requests share one call.
pub trait TokenSource: Send + Sync {
    /// Obtains a new access token. `previous_expired` is true when a token existed and was
    /// refused or expired (a source holding a refresh token uses it then).
    fn fetch(&self, previous_expired: bool) -> BoxFuture<'_, Result<AccessToken>>;

    /// Whether a `401` answer means the token expired (the default: every `401`). Only then is
    /// the token refreshed and the request sent once more; a platform whose `401` also means
    /// "permission denied" narrows this so nothing else is ever re-sent.
    fn is_expiry(&self, response: &crate::Response) -> bool {
        let _ = response;
        true
    }
}

/// A cached token shared by all clones of a client, refreshed single-flight.
#[derive(Clone)]
pub struct SharedToken {
    inner: Arc<SharedInner>,
}

struct SharedInner {
    source: Box<dyn TokenSource>,
    /// The header the token goes in, and what precedes it there.
    header: HeaderName,
    prefix: String,
    state: Mutex<TokenState>,
    /// Refresh this long before the announced expiry.
    skew: Duration,
}

#[derive(Default)]
struct TokenState {
    /// The token, when it expires, and the margin to refresh it before that.
    token: Option<(SecretString, Option<(Instant, Duration)>)>,
    generation: u64,
}

impl fmt::Debug for SharedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedToken([redacted])")
    }
}

impl SharedToken {
    /// Wraps a source whose tokens go in `Authorization: Bearer <token>`; tokens are
    /// refreshed 30 s before they expire.
    pub fn new(source: impl TokenSource + 'static) -> Self {
        Self::build(Box::new(source), AUTHORIZATION, "Bearer ".to_owned())
    }

    /// Like [`SharedToken::new`], the token sent in header `name` after `prefix`.
    pub fn with_header(
        source: impl TokenSource + 'static,
        name: &str,
        prefix: &str,
    ) -> Result<Self> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::config(format!("`{name}` is not a valid header name")))?;
        Ok(Self::build(Box::new(source), header, prefix.to_owned()))
    }

    fn build(source: Box<dyn TokenSource>, header: HeaderName, prefix: String) -> Self {
        SharedToken {
            inner: Arc::new(SharedInner {
                source,
                header,
                prefix,
                state: Mutex::new(TokenState::default()),
                skew: Duration::from_secs(30),
            }),
        }
    }

    /// Sets a token obtained elsewhere (e.g. by an explicit login call).
    pub async fn set(&self, token: AccessToken) {
        let mut state = self.inner.state.lock().await;
        state.generation += 1;
        state.token = Some((token.token, self.expiry(token.expires_in)));
    }

    /// Forgets the token (e.g. when another login starts): the next request fetches one.
    pub async fn clear(&self) {
        let mut state = self.inner.state.lock().await;
        state.generation += 1;
        state.token = None;
    }

    /// The current token and its generation, fetching one if none is valid. Concurrent callers
    /// wait for a single fetch.
    pub async fn current(&self) -> Result<(SecretString, u64)> {
        let mut state = self.inner.state.lock().await;
        let expired = match &state.token {
            Some((token, expiry)) => {
                let valid = expiry.is_none_or(|(at, skew)| Instant::now() + skew < at);
                if valid {
                    return Ok((token.clone(), state.generation));
                }
                true
            }
            None => state.generation > 0,
        };
        let fresh = self.inner.source.fetch(expired).await?;
        state.generation += 1;
        state.token = Some((fresh.token.clone(), self.expiry(fresh.expires_in)));
        Ok((fresh.token, state.generation))
    }

    /// When a token living `lifetime` expires, and the refresh margin: 30 s, or half the lifetime
    /// of shorter-lived tokens (so a 20 s token is not refetched on every request).
    fn expiry(&self, lifetime: Option<Duration>) -> Option<(Instant, Duration)> {
        // A lifetime too long to represent is treated as unknown (used until refused).
        lifetime.and_then(|d| Some((Instant::now().checked_add(d)?, self.inner.skew.min(d / 2))))
    }

    /// Whether the source reads this `401` as an expired token.
    pub(crate) fn is_expiry(&self, response: &crate::Response) -> bool {
        self.inner.source.is_expiry(response)
    }

    /// Drops the token of `generation` after the server refused it; a newer token is kept, so
    /// N requests refused at once cause one refresh.
    pub async fn invalidate(&self, generation: u64) {
        let mut state = self.inner.state.lock().await;
        if state.generation == generation {
            state.token = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(Arc<AtomicUsize>);
    impl TokenSource for Counting {
        fn fetch(&self, _expired: bool) -> BoxFuture<'_, Result<AccessToken>> {
            Box::pin(async move {
                let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok(AccessToken {
                    token: SecretString::from(format!("tok-{n}")),
                    expires_in: Some(Duration::from_secs(3600)),
                })
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_refresh() {
        let calls = Arc::new(AtomicUsize::new(0));
        let shared = SharedToken::new(Counting(calls.clone()));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let s = shared.clone();
                tokio::spawn(async move { s.current().await.unwrap() })
            })
            .collect();
        for t in tasks {
            let (tok, generation) = t.await.unwrap();
            assert_eq!(tok.expose_secret(), "tok-1");
            assert_eq!(generation, 1);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // 16 requests refused with the same generation: one more refresh only.
        for _ in 0..16 {
            shared.invalidate(1).await;
        }
        let (tok, _) = shared.current().await.unwrap();
        assert_eq!(tok.expose_secret(), "tok-2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        // Expiry triggers a refresh too.
        tokio::time::advance(Duration::from_secs(3590)).await;
        let (tok, _) = shared.current().await.unwrap();
        assert_eq!(tok.expose_secret(), "tok-3");
    }

    struct ShortLived(Arc<AtomicUsize>);
    impl TokenSource for ShortLived {
        fn fetch(&self, _expired: bool) -> BoxFuture<'_, Result<AccessToken>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                Ok(AccessToken {
                    token: SecretString::from("short".to_owned()),
                    expires_in: Some(Duration::from_secs(20)),
                })
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn short_lived_tokens_are_reused_for_half_their_life() {
        let calls = Arc::new(AtomicUsize::new(0));
        let shared = SharedToken::new(ShortLived(calls.clone()));
        for _ in 0..5 {
            shared.current().await.unwrap();
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        tokio::time::advance(Duration::from_secs(11)).await;
        shared.current().await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            2,
            "refreshed once past half its life"
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let all = [
            Auth::bearer("s3cret"),
            Auth::token("s3cret"),
            Auth::authorization("ApiKey s3cret"),
            Auth::header("X-Api-Key", "s3cret").unwrap(),
            Auth::basic("me", "s3cret"),
        ];
        for auth in all {
            assert!(!format!("{auth:?}").contains("s3cret"));
        }
    }
}
