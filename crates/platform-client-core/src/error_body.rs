//! How a platform reads its error answers: once, into a typed value ([`ErrorBody`]).

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::client::{ErrorParser, Response, default_error_parser};
use crate::error::{HttpError, body_excerpt};
use crate::retry::parse_retry_after;

/// What an error answer says, read once by the platform's [`ErrorBody`].
#[derive(Clone, Default)]
pub struct ErrorInfo {
    /// The platform's error code.
    pub code: Option<String>,
    /// The platform's message.
    pub message: Option<String>,
    /// Anything else the platform reads from the body, typed (e.g. field errors); the platform's
    /// error type takes it back with [`HttpError::detail`].
    pub detail: Option<Arc<dyn Any + Send + Sync>>,
}

impl fmt::Debug for ErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorInfo")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("detail", &self.detail.as_ref().map(|_| ".."))
            .finish()
    }
}

impl ErrorInfo {
    /// A code and a message, no detail.
    pub fn new(code: Option<String>, message: Option<String>) -> Self {
        ErrorInfo {
            code,
            message,
            detail: None,
        }
    }

    /// Adds a typed detail.
    pub fn with_detail<D: Any + Send + Sync>(mut self, detail: D) -> Self {
        self.detail = Some(Arc::new(detail));
        self
    }
}

/// Implemented once per platform and given to [`crate::ClientBuilder::error_body`]: reads error
/// answers (status 400 and up) and, where the platform reports failures inside a 2xx answer
/// (GraphQL `errors`, a `status.success = false` envelope), those too.
pub trait ErrorBody: Send + Sync + 'static {
    /// Reads an error answer; `body` is the parsed JSON body, when it was JSON.
    fn parse(&self, status: StatusCode, body: Option<&Value>) -> ErrorInfo;

    /// A failure reported inside a 2xx answer, which then becomes an
    /// [`crate::Error::Status`] with that status; `None` (the default) for a success. Called on
    /// every 2xx answer: keep it cheap for the bodies that cannot carry one.
    fn failure_in_success(&self, response: &Response) -> Option<ErrorInfo> {
        let _ = response;
        None
    }
}

impl ErrorBody for ErrorParser {
    fn parse(&self, status: StatusCode, body: Option<&Value>) -> ErrorInfo {
        let (code, message) = self(status, body);
        ErrorInfo::new(code, message)
    }
}

/// The [`ErrorBody`] of a client that was given none: [`default_error_parser`].
pub(crate) fn default_error_body() -> Arc<dyn ErrorBody> {
    Arc::new(default_error_parser as ErrorParser)
}

impl HttpError {
    /// The error of an answer, read with `reader` exactly as a live client reads it (also to
    /// interpret recorded traffic). `info` overrides what `reader` would say (for failures
    /// found in a 2xx answer).
    pub fn from_answer(
        method: Method,
        url: String,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        reader: &dyn ErrorBody,
    ) -> HttpError {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let info = reader.parse(status, json.as_ref());
        HttpError::with_info(method, url, status, headers, body, json, info)
    }

    /// An error from its parts and what the platform read from it.
    pub(crate) fn with_info(
        method: Method,
        url: String,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        json: Option<Value>,
        info: ErrorInfo,
    ) -> HttpError {
        HttpError {
            method,
            url,
            status,
            code: info.code,
            message: info.message,
            body_excerpt: body_excerpt(body),
            body: json,
            retry_after: parse_retry_after(headers),
            detail: info.detail,
        }
    }

    /// The typed detail the platform's [`ErrorBody`] read, if it is a `D`.
    pub fn detail<D: Any + Send + Sync>(&self) -> Option<&D> {
        self.detail.as_deref()?.downcast_ref()
    }
}
