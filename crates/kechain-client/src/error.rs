//! The KE-chain error type.

use platform_client_core::reexports::StatusCode;
use platform_client_core::{ErrorBody, ErrorInfo, HttpError, PlatformError};

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a KE-chain call can fail with.
///
/// Unlike pykechain, a 400 or 500 answer to a list is an [`Error::Api`], never a
/// [`Error::NotFound`]: "not found" means the server said 404 or a lookup matched nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server refused the credentials or the permission (KE-chain answers 403, never 401).
    #[error("forbidden: {detail}")]
    Forbidden {
        /// The server's `detail`.
        detail: String,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
    },
    /// The object does not exist: a 404, or a lookup that matched nothing.
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for (the server's `detail` for a 404).
        what: String,
        /// The 404 answer; `None` for a lookup that matched nothing.
        #[source]
        source: Option<Box<HttpError>>,
    },
    /// A lookup that must match one object matched several.
    #[error("multiple found: {what} matched {count} objects")]
    MultipleFound {
        /// What was looked for.
        what: String,
        /// How many matched (at least 2).
        count: u64,
    },
    /// Any other error answer: status, the server's `detail` and its `results` list.
    #[error("KE-chain API error: HTTP {}: {detail}", source.status.as_u16())]
    Api {
        /// `detail`, or the messages of `results`, or the body excerpt.
        detail: String,
        /// The `results` value of the error body (field errors, or the conflicting object).
        results: Option<serde_json::Value>,
        /// The HTTP error.
        #[source]
        source: Box<HttpError>,
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
            Error::Forbidden { source, .. } | Error::Api { source, .. } => Some(source),
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
    /// A lookup that matched nothing (no answer behind it).
    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound {
            what: what.into(),
            source: None,
        }
    }

    /// The typed error of a KE-chain error answer, exactly as the client builds it from a live
    /// response (useful to interpret recorded traffic). `status` must be 400 or more.
    pub fn from_answer(method: &str, url: &str, status: u16, body: &[u8]) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let method = method.parse().unwrap_or_default();
        let headers = platform_client_core::reexports::HeaderMap::new();
        let http = HttpError::from_answer(
            method,
            url.to_owned(),
            status,
            &headers,
            body,
            &KechainErrors,
        );
        Error::from(platform_client_core::Error::Status(Box::new(http)))
    }

    /// An invalid-argument error (nothing is sent).
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Core(platform_client_core::Error::invalid_input(message))
    }
}

impl From<platform_client_core::Error> for Error {
    fn from(error: platform_client_core::Error) -> Self {
        let platform_client_core::Error::Status(http) = error else {
            return Error::Core(error);
        };
        let detail = http
            .message
            .clone()
            .unwrap_or_else(|| http.body_excerpt.clone());
        match http.status.as_u16() {
            403 => Error::Forbidden {
                detail,
                source: http,
            },
            404 => Error::NotFound {
                what: detail,
                source: Some(http),
            },
            _ => Error::Api {
                detail,
                results: http.detail::<Results>().map(|r| r.0.clone()),
                source: http,
            },
        }
    }
}

/// The `results` value of a KE-chain error body, read once by [`KechainErrors`].
struct Results(serde_json::Value);

/// Reads KE-chain error bodies: `{"results": [{"detail": ...}]}`, `{"results": ["message"]}`,
/// `{"results": [{"field": ["message"]}]}`, or a top-level `detail`; keeps `results` as a typed
/// detail for [`Error::Api`].
pub(crate) struct KechainErrors;

impl ErrorBody for KechainErrors {
    fn parse(&self, status: StatusCode, body: Option<&serde_json::Value>) -> ErrorInfo {
        let Some(body) = body else {
            return ErrorInfo::default();
        };
        let message = match body.get("results").and_then(|r| r.as_array()) {
            Some(items) => {
                let parts: Vec<String> = items.iter().filter_map(message_of).collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            None => platform_client_core::default_error_parser(status, Some(body)).1,
        };
        let info = ErrorInfo::new(None, message);
        match body.get("results") {
            Some(results) => info.with_detail(Results(results.clone())),
            None => info,
        }
    }
}

fn message_of(item: &serde_json::Value) -> Option<String> {
    match item {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(map) => {
            if let Some(detail) = map.get("detail").and_then(|d| d.as_str()) {
                return Some(detail.to_owned());
            }
            let fields: Vec<String> = map
                .iter()
                .filter_map(|(field, errors)| {
                    let texts: Vec<&str> = errors
                        .as_array()?
                        .iter()
                        .filter_map(|e| e.as_str())
                        .collect();
                    (!texts.is_empty()).then(|| format!("{field}: {}", texts.join(", ")))
                })
                .collect();
            (!fields.is_empty()).then(|| fields.join("; "))
        }
        _ => None,
    }
}
