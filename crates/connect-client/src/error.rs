//! The Connect error type.

use std::fmt;

use platform_client_core::reexports::StatusCode;
use platform_client_core::{ErrorBody, ErrorInfo, HttpError, PlatformError};
use serde_json::{Map, Value};

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a Connect call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (the reference's `ClientError`).
    #[error("{0}")]
    Client(Box<ClientError>),
    /// The OpenAPI specification has no such path (nothing was sent).
    #[error(transparent)]
    Specs(#[from] crate::specs::SpecsError),
    /// Invalid arguments, transport failures, timeouts, undecodable bodies.
    #[error(transparent)]
    Core(platform_client_core::Error),
}

/// An error answer of the Connect API: status, `error_code`, `errors` and any other body field.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientError {
    /// HTTP status.
    pub status_code: u16,
    /// The platform error code (`VAL_001`, `AUTH_001`, ...).
    pub error_code: Option<String>,
    /// The messages of `errors`.
    pub errors: Vec<String>,
    /// Every other field of the error body.
    pub additional_info: Map<String, Value>,
    /// The HTTP error (method, URL without secrets, body excerpt).
    pub http: HttpError,
}

impl fmt::Display for ClientError {
    /// `400 Bad Request: VAL_001 - a,b`, like the reference.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = self
            .http
            .status
            .canonical_reason()
            .unwrap_or("Unexpected error");
        write!(f, "{} {}", self.status_code, title_case(reason))?;
        if let Some(code) = &self.error_code
            && !self.errors.is_empty()
        {
            write!(f, ": {code} - {}", self.errors.join(","))?;
        }
        Ok(())
    }
}

fn title_case(reason: &str) -> String {
    reason
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
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
            Error::Client(e) => Some(&e.http),
            _ => None,
        }
    }

    fn platform_invalid_input(&self) -> bool {
        matches!(self, Error::Specs(_))
    }
}

platform_client_core::error_predicates!(Error);

impl Error {
    /// The platform error code of a Connect error body (`error_code` with `errors`), like the
    /// reference's `error_code`; [`Error::code`] also reads a lone `error_code`.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Error::Client(e) => e.error_code.as_deref(),
            _ => None,
        }
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
        // What `ConnectErrors` read: present when the body carries both `error_code` and
        // `errors`, like the reference.
        let (error_code, errors, additional_info) = match http.detail::<ConnectDetail>() {
            Some(detail) => (
                http.code.clone(),
                detail.errors.clone(),
                detail.additional_info.clone(),
            ),
            None => (None, Vec::new(), Map::new()),
        };
        Error::Client(Box::new(ClientError {
            status_code: http.status.as_u16(),
            error_code,
            errors,
            additional_info,
            http: *http,
        }))
    }
}

/// The parts of a Connect error body besides the code, read once by [`ConnectErrors`].
#[derive(Debug, Clone, Default)]
struct ConnectDetail {
    errors: Vec<String>,
    additional_info: Map<String, Value>,
}

/// Reads Connect error bodies: `error_code` and the `errors` (joined for the message); with both
/// present, the errors and every other field as a typed detail for [`ClientError`].
pub(crate) struct ConnectErrors;

impl ErrorBody for ConnectErrors {
    fn parse(&self, _status: StatusCode, body: Option<&Value>) -> ErrorInfo {
        let Some(Value::Object(body)) = body else {
            return ErrorInfo::default();
        };
        let code = body
            .get("error_code")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let errors: Option<Vec<String>> = body.get("errors").map(|value| match value {
            Value::Array(items) => items
                .iter()
                .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_owned))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        });
        // Only a list of errors makes the message.
        let listed = body.get("errors").is_some_and(Value::is_array);
        let message = errors.as_ref().filter(|_| listed).map(|e| e.join(","));
        let info = ErrorInfo::new(code, message);
        match errors {
            Some(errors) if body.contains_key("error_code") => {
                let additional_info = body
                    .iter()
                    .filter(|(k, _)| *k != "error_code" && *k != "errors")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                info.with_detail(ConnectDetail {
                    errors,
                    additional_info,
                })
            }
            _ => info,
        }
    }
}
