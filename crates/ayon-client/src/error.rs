//! The AYON error type, and how AYON error answers are read.

use platform_client_core::reexports::StatusCode;
use platform_client_core::{AuthFailure, ErrorBody, ErrorInfo, HttpError, PlatformError, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::models::OperationResult;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything an AYON call can fail with.
///
/// REST error answers carry the server's `detail` (and `code`); validation errors (HTTP 400)
/// also their field `errors`. GraphQL answers HTTP 200 even when a query fails: those become
/// [`Error::GraphQl`] with every message, path and location.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: no or an invalid token or API key ("Missing or invalid authentication token").
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// The server's `detail`.
        message: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 403: the user may not do this (e.g. a login with a wrong password, or a call that needs
    /// a service API key).
    #[error("forbidden: {message}")]
    Forbidden {
        /// The server's `detail`.
        message: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// 404: the entity or project does not exist, or a lookup matched nothing.
    #[error("not found: {message}")]
    NotFound {
        /// The server's `detail`, or what a lookup looked for.
        message: String,
        /// The HTTP error; `None` for a lookup that matched nothing.
        #[source]
        source: Option<Box<HttpError>>,
    },
    /// A lookup that must match one entity matched several.
    #[error("multiple found: {what} matched {count} entities")]
    MultipleFound {
        /// What was looked for.
        what: String,
        /// How many matched (at least 2).
        count: u64,
    },
    /// Any other error answer (400 validation, 405, 409 conflict, 500 ...).
    #[error("AYON API error: HTTP {}: {message}", source.status.as_u16())]
    Api {
        /// The server's `detail` (with the field errors of a validation error appended).
        message: String,
        /// The field errors of a validation error (HTTP 400).
        errors: Vec<ValidationError>,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// A GraphQL query failed (the server answers HTTP 200 with `errors`).
    #[error("GraphQL query failed: {0}")]
    GraphQl(GraphQlQueryFailed),
    /// Batch operations failed: every failed operation with its status and detail.
    #[error("{}", failed_operations_message(.failed, .message.as_deref()))]
    FailedOperations {
        /// The operations that failed (id, entity, status, error code, detail).
        failed: Vec<OperationResult>,
        /// What the server said when it answered no per-operation results.
        message: Option<String>,
    },
    /// What was to be created exists already (checked before creating it).
    #[error("{0} exists already")]
    AlreadyExists(String),
    /// A call that needs credentials was made without any (see
    /// [`crate::AyonClientBuilder::api_key`], [`crate::AyonClient::login`]).
    #[error("not authenticated: log in, or give a token or API key")]
    NotAuthenticated,
    /// The server at the URL is not an AYON server that answers (`GET /` must be 200).
    #[error("server not reached: {0}")]
    ServerNotReached(String),
    /// The server answered something this client cannot interpret.
    #[error("unexpected answer: {0}")]
    Unexpected(String),
    /// Invalid arguments, transport failures, timeouts, undecodable bodies.
    #[error(transparent)]
    Core(platform_client_core::Error),
}

/// One field error of a validation answer (HTTP 400 `errors[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ValidationError {
    /// Where: the body path, e.g. `["body", "name"]`.
    #[serde(default)]
    pub loc: Vec<Value>,
    /// What is wrong.
    #[serde(default)]
    pub msg: String,
    /// The error kind, e.g. `value_error.str.regex`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// A failed GraphQL query: every error of the answer, and the operation that was sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GraphQlQueryFailed {
    /// The errors, in the server's order.
    pub errors: Vec<GraphQlError>,
    /// The operation name of the query, when it had one (e.g. `FoldersQuery`).
    pub operation: Option<String>,
}

impl std::fmt::Display for GraphQlQueryFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.errors.iter().map(GraphQlError::to_string).collect();
        f.write_str(&parts.join(" | "))
    }
}

/// One GraphQL error: message, path, locations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphQlError {
    /// The message.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub message: String,
    /// The path of the failing field (names and indices).
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub path: Vec<Value>,
    /// Where in the query text.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub locations: Vec<GraphQlLocation>,
}

impl std::fmt::Display for GraphQlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            let path: Vec<String> = self
                .path
                .iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                .collect();
            write!(f, " on item '{}'", path.join("/"))?;
        }
        for l in &self.locations {
            write!(f, " (Line {} Column {})", l.line, l.column)?;
        }
        Ok(())
    }
}

/// A position in a GraphQL query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphQlLocation {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
}

fn failed_operations_message(failed: &[OperationResult], message: Option<&str>) -> String {
    if let Some(first) = failed.first() {
        let more = match failed.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!(
            "operation \"{}\" ({} {}) failed with status {}: {}{more}",
            first.id,
            first.kind.as_deref().unwrap_or("?"),
            first.entity_type.as_deref().unwrap_or("?"),
            first
                .status
                .map_or_else(|| "?".to_owned(), |s| s.to_string()),
            first.detail.as_deref().unwrap_or("no detail"),
        )
    } else {
        format!(
            "operations failed: {}",
            message.unwrap_or("the server answered no per-operation results")
        )
    }
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
            Error::Unauthorized { source, .. }
            | Error::Forbidden { source, .. }
            | Error::Api { source, .. } => Some(source),
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
    /// The server's `detail`, when it answered with an error.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Unauthorized { message, .. }
            | Error::Forbidden { message, .. }
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

    /// A lookup that matched nothing.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Error::NotFound {
            message: message.into(),
            source: None,
        }
    }
}

impl From<platform_client_core::Error> for Error {
    fn from(error: platform_client_core::Error) -> Self {
        let http = match error {
            platform_client_core::Error::Status(http) => http,
            platform_client_core::Error::Auth {
                kind: AuthFailure::NotAuthenticated,
                ..
            } => return Error::NotAuthenticated,
            other => return Error::Core(other),
        };
        if let Some(errors) = http.detail::<GraphQlErrors>() {
            return Error::GraphQl(GraphQlQueryFailed {
                errors: errors.errors.clone(),
                operation: errors.operation.clone(),
            });
        }
        let message = http
            .message
            .clone()
            .unwrap_or_else(|| http.body_excerpt.clone());
        match http.status.as_u16() {
            401 => Error::Unauthorized {
                message,
                source: http,
            },
            403 => Error::Forbidden {
                message,
                source: http,
            },
            404 => Error::NotFound {
                message,
                source: Some(http),
            },
            _ => Error::Api {
                message,
                errors: http
                    .detail::<Vec<ValidationError>>()
                    .cloned()
                    .unwrap_or_default(),
                source: http,
            },
        }
    }
}

/// The `errors` of a GraphQL answer, kept as the detail of the core error.
struct GraphQlErrors {
    errors: Vec<GraphQlError>,
    operation: Option<String>,
}

/// Reads AYON answers: REST errors `{"code": 404, "detail": "..."}` (validation errors with
/// `errors[]`), and GraphQL failures inside HTTP 200 answers.
pub(crate) struct AyonErrors;

impl ErrorBody for AyonErrors {
    fn parse(&self, status: StatusCode, body: Option<&Value>) -> ErrorInfo {
        parse_error_body(status, body)
    }

    fn failure_in_success(&self, response: &Response) -> Option<ErrorInfo> {
        if !response.url().path().ends_with("/graphql") {
            return None;
        }
        // Every GraphQL answer passes here: a SIMD search, not a parse.
        let body = response.bytes();
        memchr::memmem::find(body, b"\"errors\"")?;
        graphql_failure(body)
    }
}

/// The GraphQL errors of an answer body, when it has any.
pub(crate) fn graphql_failure(body: &[u8]) -> Option<ErrorInfo> {
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        errors: Option<Vec<Value>>,
    }
    let raw = serde_json::from_slice::<Answer>(body).ok()?.errors?;
    if raw.is_empty() {
        return None;
    }
    // An error the model cannot read still fails the query, with its JSON as the message.
    let errors: Vec<GraphQlError> = raw
        .into_iter()
        .map(|e| {
            serde_json::from_value(e.clone()).unwrap_or_else(|_| GraphQlError {
                message: e.to_string(),
                path: Vec::new(),
                locations: Vec::new(),
            })
        })
        .collect();
    let message = errors
        .iter()
        .map(GraphQlError::to_string)
        .collect::<Vec<_>>()
        .join(" | ");
    Some(
        ErrorInfo::new(None, Some(message)).with_detail(GraphQlErrors {
            errors,
            operation: None,
        }),
    )
}

/// `detail` (a text, or a list/object rendered as JSON), `code`, and validation `errors[]`.
fn parse_error_body(status: StatusCode, body: Option<&Value>) -> ErrorInfo {
    let Some(body) = body else {
        return ErrorInfo::new(None, status.canonical_reason().map(str::to_owned));
    };
    let detail = match body.get("detail") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let code = body.get("code").and_then(|c| match c {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let errors: Vec<ValidationError> = body
        .get("errors")
        .and_then(|e| serde_json::from_value(e.clone()).ok())
        .unwrap_or_default();
    let fields = errors
        .iter()
        .map(|e| {
            let loc: Vec<String> = e
                .loc
                .iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                .collect();
            format!("{}: {}", loc.join("."), e.msg)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let message = match detail {
        Some(d) if !fields.is_empty() => Some(format!("{d} ({fields})")),
        Some(d) => Some(d),
        None if !fields.is_empty() => Some(fields),
        None => platform_client_core::default_error_parser(status, Some(body)).1,
    };
    let info = ErrorInfo::new(code, message);
    if errors.is_empty() {
        info
    } else {
        info.with_detail(errors)
    }
}
