//! The Provena error type: the reference's exception mapping (`handle_err_codes`, the
//! `success=false` envelope), typed.

use platform_client_core::reexports::StatusCode;
use platform_client_core::{AuthFailure, ErrorBody, ErrorInfo, HttpError, PlatformError};
use serde::Deserialize;
use serde_json::Value;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a Provena call can fail with.
///
/// Error answers carry the server's `detail` (FastAPI's message; for a validation error the
/// field errors, `loc: msg` joined), the status and a body excerpt in the [`HttpError`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 400: bad input, and many "not found" cases ("Item was not found.").
    #[error("bad request: {details}")]
    BadRequest {
        /// The server's `detail`.
        details: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 401: no, an invalid or an expired token, or a missing role.
    #[error("authentication failed: {details}")]
    Unauthorized {
        /// The server's `detail` ("Not authenticated", "Could not validate credentials").
        details: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 403.
    #[error("forbidden: {details}")]
    Forbidden {
        /// The server's `detail`.
        details: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 404: an unknown route (check the service URL).
    #[error("not found at the service endpoint: {details}")]
    NotFound {
        /// The server's `detail`.
        details: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 422: the request did not match the API's model.
    #[error("validation error: {details}")]
    Validation {
        /// The field errors, `loc: msg` joined.
        details: String,
        /// Each field error: where (`["query", "handle_id"]`) and what.
        errors: Vec<FieldError>,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// Any other error status (5xx, 502 from the gateway, ...).
    #[error("server error: HTTP {}: {details}", source.status.as_u16())]
    Server {
        /// The server's `detail`, or the start of the body.
        details: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// HTTP 200 whose `status.success` is `false`: the API refused
    /// ("Could not find the given key (...) in the registry.").
    #[error("the API reported a failure: {details}")]
    Failed {
        /// `status.details`.
        details: String,
    },
    /// Keycloak refused or ended a sign-in (device flow, offline token, refresh).
    #[error("sign-in failed: {0}")]
    SignIn(SignInError),
    /// A job did not reach an end in time, or ended failed.
    #[error("job {session_id}: {message}")]
    Job {
        /// The job's session id.
        session_id: String,
        /// What happened (its last status, how long it was waited for, its `info`).
        message: String,
    },
    /// The server answered something this client cannot interpret.
    #[error("unexpected answer: {0}")]
    Unexpected(String),
    /// Invalid arguments, transport failures, timeouts, undecodable bodies (an answer that
    /// is not JSON, or not of the expected shape).
    #[error(transparent)]
    Core(platform_client_core::Error),
}

/// Why a sign-in ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignInError {
    /// The user did not approve the device code before it expired (`expired_token`).
    #[error("the device code expired before it was approved")]
    Expired,
    /// The user refused (`access_denied`).
    #[error("the sign-in was refused")]
    AccessDenied,
    /// Keycloak refused the refresh or offline token (expired, revoked).
    #[error("the refresh token was refused: {0}")]
    RefreshRefused(String),
    /// The token's signature or claims do not check out against the realm's public key.
    #[error("the token is not valid for this realm: {0}")]
    InvalidToken(String),
    /// Any other refusal (`error`: `error_description`).
    #[error("{0}")]
    Other(String),
}

/// One field error of a 422 answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FieldError {
    /// Where: `["query", "handle_id"]`, `["body", "dataset_info", "name"]`.
    #[serde(default)]
    pub loc: Vec<Value>,
    /// What (`field required`).
    #[serde(default)]
    pub msg: String,
    /// The kind (`value_error.missing`).
    #[serde(default, rename = "type")]
    pub kind: String,
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
            Error::BadRequest { source, .. }
            | Error::Unauthorized { source, .. }
            | Error::Forbidden { source, .. }
            | Error::NotFound { source, .. }
            | Error::Validation { source, .. }
            | Error::Server { source, .. } => Some(source),
            _ => None,
        }
    }

    fn platform_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }
}

platform_client_core::error_predicates!(Error);

impl Error {
    /// The server's details, when it answered with an error or a failure.
    pub fn details(&self) -> Option<&str> {
        match self {
            Error::BadRequest { details, .. }
            | Error::Unauthorized { details, .. }
            | Error::Forbidden { details, .. }
            | Error::NotFound { details, .. }
            | Error::Validation { details, .. }
            | Error::Server { details, .. }
            | Error::Failed { details } => Some(details),
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
}

impl From<SignInError> for Error {
    fn from(e: SignInError) -> Self {
        Error::SignIn(e)
    }
}

impl From<platform_client_core::Error> for Error {
    fn from(error: platform_client_core::Error) -> Self {
        let http = match error {
            platform_client_core::Error::Status(http) => http,
            // A refused refresh or sign-in keeps what the token source said.
            platform_client_core::Error::Auth {
                kind: AuthFailure::Refused,
                message,
                ..
            } => return Error::SignIn(SignInError::RefreshRefused(message)),
            other => return Error::Core(other),
        };
        let details = http
            .message
            .clone()
            .unwrap_or_else(|| http.body_excerpt.clone());
        match http.status.as_u16() {
            400 => Error::BadRequest {
                details,
                source: http,
            },
            401 => Error::Unauthorized {
                details,
                source: http,
            },
            403 => Error::Forbidden {
                details,
                source: http,
            },
            404 => Error::NotFound {
                details,
                source: http,
            },
            422 => Error::Validation {
                details,
                errors: http
                    .detail::<FieldErrors>()
                    .map(|e| e.0.clone())
                    .unwrap_or_default(),
                source: http,
            },
            _ => Error::Server {
                details,
                source: http,
            },
        }
    }
}

/// The field errors of a 422 answer, read once by [`ProvenaErrors`].
struct FieldErrors(Vec<FieldError>);

/// Reads FastAPI error bodies: `{"detail": "text"}`, `{"detail": [{loc, msg, type}]}`, or
/// plain text (a gateway's `Bad Gateway`).
pub(crate) struct ProvenaErrors;

impl ErrorBody for ProvenaErrors {
    fn parse(&self, status: StatusCode, body: Option<&Value>) -> ErrorInfo {
        let detail = body.and_then(|b| b.get("detail"));
        match detail {
            Some(Value::String(s)) => ErrorInfo::new(None, Some(s.clone())),
            Some(Value::Array(items)) => {
                let errors: Vec<FieldError> = items
                    .iter()
                    .filter_map(|i| serde_json::from_value(i.clone()).ok())
                    .collect();
                let message = errors
                    .iter()
                    .map(|e| {
                        let loc: Vec<String> = e
                            .loc
                            .iter()
                            .map(|l| l.as_str().map_or_else(|| l.to_string(), str::to_owned))
                            .collect();
                        format!("{}: {}", loc.join("."), e.msg)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                ErrorInfo::new(None, Some(message)).with_detail(FieldErrors(errors))
            }
            Some(other) => ErrorInfo::new(None, Some(other.to_string())),
            None => {
                let (code, message) = platform_client_core::default_error_parser(status, body);
                ErrorInfo::new(code, message)
            }
        }
    }
}
