//! The one error type of every request path.
//!
//! [`Error`] separates the cases a caller reacts to differently: the request was never sent
//! ([`Error::InvalidInput`], [`Error::Config`]), it never got an answer ([`Error::Transport`],
//! [`Error::Timeout`]), the server said no ([`Error::Status`]), the answer could not be read
//! ([`Error::Decode`]) or credentials could not be obtained ([`Error::Auth`]).

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};

/// Result alias used throughout the workspace.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of a response body an error keeps.
pub const BODY_EXCERPT_LEN: usize = 512;

/// Every failure of a request made through [`crate::HttpClient`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was rejected before anything was sent.
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What was wrong, naming the argument.
        message: String,
    },
    /// The client could not be configured (bad URL, unreadable certificate, ...).
    #[error("invalid configuration: {message}")]
    Config {
        /// What was wrong.
        message: String,
    },
    /// The request could not be sent or its answer could not be received.
    #[error("{method} {url}: transport error: {source}")]
    Transport {
        /// HTTP method.
        method: Method,
        /// URL without secrets.
        url: String,
        /// Whether the connection was never established (nothing reached the server).
        connect: bool,
        /// Whether retrying cannot help (the request could not be built, too many redirects).
        permanent: bool,
        /// The underlying error.
        #[source]
        source: TransportError,
    },
    /// A local file (or writer) of a transfer could not be read or written.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done (`open`, `write`, ...).
        action: &'static str,
        /// The local path (`<writer>`, `<reader>` for streams).
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The connect or request timeout elapsed.
    #[error("{method} {url}: timed out")]
    Timeout {
        /// HTTP method.
        method: Method,
        /// URL without secrets.
        url: String,
    },
    /// The server answered with an error status.
    #[error("{0}")]
    Status(Box<HttpError>),
    /// The response body could not be decoded into the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// A call of the blocking facade (feature `blocking`) was made inside an async runtime,
    /// where blocking the thread would stall it; nothing was sent. Use `.await` there.
    #[error(
        "the blocking facade cannot run inside an async runtime (nothing was sent); \
         call the async method with `.await` instead"
    )]
    InsideAsyncRuntime,
    /// Credentials could not be obtained or were refused.
    #[error("authentication failed: {message}")]
    Auth {
        /// Why, as a value to match on.
        kind: AuthFailure,
        /// What went wrong.
        message: String,
        /// The HTTP error behind it, when the server refused.
        #[source]
        source: Option<Box<HttpError>>,
    },
}

/// Why credentials could not be obtained: the typed cause of an [`Error::Auth`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure {
    /// No credentials and no session: log in first (nothing was sent).
    NotAuthenticated,
    /// The session ended and cannot be renewed (no refresh token, or it expired).
    SessionExpired,
    /// The server refused the credentials or the refresh token (the HTTP error is the source).
    Refused,
    /// The token endpoint answered something that holds no usable token.
    InvalidAnswer,
}

/// Why a request could not be sent or its answer not received (the HTTP stack's error, kept
/// opaque so that no type of the HTTP library appears in the public API; its message and
/// [`source`](std::error::Error::source) chain say what happened).
pub struct TransportError(reqwest::Error);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

/// An error status returned by the server.
#[derive(Clone)]
pub struct HttpError {
    /// HTTP method of the request.
    pub method: Method,
    /// URL of the request, with secrets removed.
    pub url: String,
    /// Status code.
    pub status: StatusCode,
    /// The platform's own error code, when the body carries one.
    pub code: Option<String>,
    /// The platform's message, when the body carries one.
    pub message: Option<String>,
    /// The start of the body (at most [`BODY_EXCERPT_LEN`] bytes, lossy UTF-8).
    pub body_excerpt: String,
    /// The parsed JSON body, when it was JSON.
    pub body: Option<serde_json::Value>,
    /// The delay the server asked for in `Retry-After`, if any.
    pub retry_after: Option<Duration>,
    /// What the platform's [`crate::ErrorBody`] read besides code and message, typed; see
    /// [`HttpError::detail`].
    pub detail: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("body_excerpt", &self.body_excerpt)
            .field("body", &self.body)
            .field("retry_after", &self.retry_after)
            .field("detail", &self.detail.as_ref().map(|_| ".."))
            .finish()
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: HTTP {}",
            self.method,
            self.url,
            self.status.as_u16()
        )?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None if !self.body_excerpt.is_empty() => write!(f, ": {}", self.body_excerpt),
            None => Ok(()),
        }
    }
}

impl std::error::Error for HttpError {}

impl HttpError {
    /// True for the statuses a later attempt may get past: 429 and 502/503/504.
    pub fn is_retryable(&self) -> bool {
        matches!(self.status.as_u16(), 429 | 502 | 503 | 504)
    }
}

/// A body that did not match the expected type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// URL of the request, with secrets removed.
    pub url: String,
    /// JSON path of the failure (`.results[3].name`), `.` for the root.
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The start of the body.
    pub body_excerpt: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot decode response at `{}`: {} (body starts with: {})",
            self.url, self.path, self.message, self.body_excerpt
        )
    }
}

impl std::error::Error for DecodeError {}

impl Error {
    /// An invalid-input error: use it for every argument rejected before sending.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
        }
    }

    /// An authentication error of `kind`, with the server's refusal as its source when there
    /// was one.
    pub fn auth(kind: AuthFailure, message: impl Into<String>, source: Option<&HttpError>) -> Self {
        Error::Auth {
            kind,
            message: message.into(),
            source: source.cloned().map(Box::new),
        }
    }

    /// The cause of an authentication failure.
    pub fn auth_failure(&self) -> Option<AuthFailure> {
        match self {
            Error::Auth { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    /// The HTTP status of a server error (also of a refused authentication).
    pub fn status(&self) -> Option<StatusCode> {
        self.http().map(|e| e.status)
    }

    /// The server error, if this is one (also of a refused authentication).
    pub fn http(&self) -> Option<&HttpError> {
        match self {
            Error::Status(e) => Some(e),
            Error::Auth {
                source: Some(e), ..
            } => Some(e),
            _ => None,
        }
    }

    /// True for a 404 answer.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// True when the connect or request timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// True when nothing was sent because an argument or the configuration was rejected.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Error::InvalidInput { .. } | Error::Config { .. })
    }

    /// True when sending the same request again may succeed: connection failures, timeouts,
    /// 429 and 502/503/504.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { permanent, .. } => !permanent,
            Error::Timeout { .. } => true,
            Error::Status(e) => e.is_retryable(),
            _ => false,
        }
    }

    /// True when the request certainly never reached the server (so even a POST may be re-sent).
    pub fn never_sent(&self) -> bool {
        matches!(self, Error::Transport { connect: true, .. })
            || matches!(
                self,
                Error::InvalidInput { .. } | Error::Config { .. } | Error::InsideAsyncRuntime
            )
    }

    /// The delay the server asked for before a retry, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status(e) => e.retry_after,
            _ => None,
        }
    }

    pub(crate) fn from_reqwest(method: &Method, url: String, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout {
                method: method.clone(),
                url,
            }
        } else {
            Error::Transport {
                method: method.clone(),
                url,
                connect: source.is_connect(),
                permanent: source.is_builder() || source.is_redirect(),
                // reqwest's message ends with the full URL, query secrets included.
                source: TransportError(source.without_url()),
            }
        }
    }
}

/// The first [`BODY_EXCERPT_LEN`] bytes of a body as text, cut on a character boundary. In a
/// JSON body, the values of secret-looking keys (`access_token`, `password`, ...) are redacted.
pub fn body_excerpt(body: &[u8]) -> String {
    let mut redacted = Vec::new();
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body)
        && redact_json(&mut value)
    {
        redacted = value.to_string().into_bytes();
    }
    let body = if redacted.is_empty() {
        body
    } else {
        redacted.as_slice()
    };
    let mut end = body.len().min(BODY_EXCERPT_LEN);
    if let Err(e) = std::str::from_utf8(&body[..end])
        && e.error_len().is_none()
    {
        end = e.valid_up_to(); // a character cut in two at the limit
    }
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > end {
        text.push('…');
    }
    text
}

/// Replaces the values of secret keys; true when anything was replaced.
fn redact_json(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            let mut changed = false;
            for (key, v) in map.iter_mut() {
                if crate::url::is_secret_key(key) && !v.is_null() {
                    *v = serde_json::Value::String("[redacted]".to_owned());
                    changed = true;
                } else {
                    changed |= redact_json(v);
                }
            }
            changed
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().fold(false, |acc, v| redact_json(v) | acc)
        }
        _ => false,
    }
}
