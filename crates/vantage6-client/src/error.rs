//! The vantage6 error type.

use platform_client_core::reexports::StatusCode;
use platform_client_core::{AuthFailure, ErrorBody, ErrorInfo, HttpError, PlatformError};
use serde_json::Value;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a vantage6 call can fail with.
///
/// Error answers carry the server's `msg` (a text, or for some validation errors an object,
/// rendered as JSON) and its `errors` (field → messages) when present.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: credentials refused, a wrong 2FA code, or a missing permission (vantage6 answers
    /// 401, never 403, for "You lack the permission to do that!").
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// The server's `msg`.
        message: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 404: the object does not exist, or the route is unknown (the server then answers an
    /// HTML page: check the server URL and the API path).
    #[error("not found: {message}")]
    NotFound {
        /// The server's `msg`, a hint for an unknown route, or what a lookup looked for.
        message: String,
        /// The HTTP error; `None` for a lookup ([`crate::List::one`]) that matched nothing.
        #[source]
        source: Option<Box<HttpError>>,
    },
    /// A lookup ([`crate::List::one`]) that must match one object matched several.
    #[error("multiple found: {what} matched {count} objects")]
    MultipleFound {
        /// What was looked for.
        what: String,
        /// How many matched (at least 2).
        count: u64,
    },
    /// Any other error answer (400 validation, 422 bad token, 500 ...).
    #[error("vantage6 API error: HTTP {}: {message}", source.status.as_u16())]
    Api {
        /// The server's `msg`.
        message: String,
        /// The `errors` object of a validation error (field → messages).
        errors: Option<Value>,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// A login stopped at a two-factor step (see [`crate::AuthOutcome`]).
    #[error("two-factor authentication: {message}")]
    TwoFactor {
        /// What the server said, or what to do.
        message: String,
    },
    /// A call that needs a login was made before [`crate::Vantage6Client::authenticate`].
    #[error("not authenticated: call `authenticate` (or `authenticate_node`) first")]
    NotAuthenticated,
    /// Encryption or decryption failed (no private key, a malformed message, a wrong key).
    #[error("encryption: {0}")]
    Crypto(String),
    /// The server answered something this client cannot interpret.
    #[error("unexpected answer: {0}")]
    Unexpected(String),
    /// `wait_for_results` gave up before the task finished.
    #[error("task {task_id} did not finish within {waited:?} (last status `{status}`)")]
    WaitTimeout {
        /// The task.
        task_id: u64,
        /// Its last status.
        status: String,
        /// How long it was waited for.
        waited: std::time::Duration,
    },
    /// Invalid arguments, transport failures, timeouts, undecodable bodies.
    #[error(transparent)]
    Core(platform_client_core::Error),
}

impl PlatformError for Error {
    fn core_error(&self) -> Option<&platform_client_core::Error> {
        match self {
            Error::Core(e) => Some(e),
            _ => None,
        }
    }

    fn http_error(&self) -> Option<&HttpError> {
        match self {
            Error::Unauthorized { source, .. } | Error::Api { source, .. } => Some(source),
            Error::NotFound { source, .. } => source.as_deref(),
            _ => None,
        }
    }

    fn platform_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }
}

platform_client_core::error_predicates!(Error);

impl Error {
    /// The server's `msg`, when it answered with an error.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Unauthorized { message, .. }
            | Error::NotFound { message, .. }
            | Error::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    /// An invalid-argument error (nothing is sent).
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Core(platform_client_core::Error::invalid_input(message))
    }

    /// An answer this client cannot interpret.
    pub(crate) fn unexpected(message: impl Into<String>) -> Self {
        Error::Unexpected(message.into())
    }

    /// An encryption error.
    pub(crate) fn crypto(message: impl Into<String>) -> Self {
        Error::Crypto(message.into())
    }
}

impl From<platform_client_core::Error> for Error {
    fn from(error: platform_client_core::Error) -> Self {
        let http = match error {
            platform_client_core::Error::Status(http) => http,
            platform_client_core::Error::Auth {
                kind: AuthFailure::NotAuthenticated,
                ..
            } => {
                return Error::NotAuthenticated;
            }
            // A refused refresh keeps the server's status and message.
            platform_client_core::Error::Auth {
                message,
                source: Some(http),
                ..
            } => {
                return match Error::from(platform_client_core::Error::Status(http)) {
                    Error::Unauthorized { source, .. } => Error::Unauthorized { message, source },
                    Error::NotFound { source, .. } => Error::NotFound { message, source },
                    Error::Api { errors, source, .. } => Error::Api {
                        message,
                        errors,
                        source,
                    },
                    other => other,
                };
            }
            other => return Error::Core(other),
        };
        let message = http
            .message
            .clone()
            .unwrap_or_else(|| http.body_excerpt.clone());
        match http.status.as_u16() {
            401 => Error::Unauthorized {
                message,
                source: http,
            },
            404 => Error::NotFound {
                message,
                source: Some(http),
            },
            _ => Error::Api {
                message,
                errors: http.detail::<FieldErrors>().map(|e| e.0.clone()),
                source: http,
            },
        }
    }
}

/// The `errors` object of a vantage6 error body, read once by [`Vantage6Errors`].
struct FieldErrors(Value);

/// Reads vantage6 error bodies (`msg`, field `errors`) and keeps their `errors` object as a
/// typed detail for [`Error::Api`].
pub(crate) struct Vantage6Errors;

impl ErrorBody for Vantage6Errors {
    fn parse(&self, status: StatusCode, body: Option<&Value>) -> ErrorInfo {
        let (code, message) = parse_error_body(status, body);
        let info = ErrorInfo::new(code, message);
        match body.and_then(|b| b.get("errors")) {
            Some(errors) => info.with_detail(FieldErrors(errors.clone())),
            None => info,
        }
    }
}

/// Reads vantage6 error bodies: `{"msg": "..."}`, `{"msg": {...}}` (rendered as JSON),
/// `{"msg": ..., "errors": {"field": ["..."]}}` (the field messages appended); a 404 that is not
/// JSON is the server's page for an unknown route.
fn parse_error_body(status: StatusCode, body: Option<&Value>) -> (Option<String>, Option<String>) {
    let Some(body) = body else {
        let message = (status == StatusCode::NOT_FOUND).then(|| {
            "unknown route (the server answered its HTML 404 page): check the server URL and \
             the API path"
                .to_owned()
        });
        return (None, message);
    };
    let msg = match body.get("msg") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let fields = body.get("errors").and_then(Value::as_object).map(|errors| {
        errors
            .iter()
            .map(|(field, messages)| format!("{field}: {}", text_of(messages)))
            .collect::<Vec<_>>()
            .join("; ")
    });
    let message = match (msg, fields) {
        (Some(m), Some(f)) if !f.is_empty() => Some(format!("{m} ({f})")),
        (Some(m), _) => Some(m),
        (None, Some(f)) if !f.is_empty() => Some(f),
        _ => platform_client_core::default_error_parser(status, Some(body)).1,
    };
    (None, message)
}

/// `["a", "b"]` as `a, b`; anything else as JSON.
fn text_of(messages: &Value) -> String {
    match messages {
        Value::Array(items) => items
            .iter()
            .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
