//! The questions every platform error answers, implemented once.
//!
//! A platform's `Error` enum says which core [`Error`] it wraps and which server answer
//! ([`HttpError`]) it keeps ([`PlatformError`]); [`error_predicates!`](crate::error_predicates)
//! then gives it the same inherent methods in every crate: `status()`, `code()`, `http()`,
//! `is_not_found()`, `is_retryable()`, `is_timeout()`, `is_invalid_input()`.

use crate::error::{Error, HttpError};

/// Implemented by each platform's error type; the provided methods are the one implementation
/// of the predicates (the crates expose them as inherent methods with
/// [`error_predicates!`](crate::error_predicates)).
pub trait PlatformError {
    /// The core error this one wraps (transport, timeout, invalid input, decode, ...), if any.
    fn core_error(&self) -> Option<&Error>;

    /// The server answer a platform variant was made from, if any. Every variant built from an
    /// error answer keeps it.
    fn http_error(&self) -> Option<&HttpError>;

    /// True for a platform's own "not found" without an answer (a lookup that matched nothing).
    fn platform_not_found(&self) -> bool {
        false
    }

    /// True for a platform's own refusal before sending (e.g. a path missing from a spec).
    fn platform_invalid_input(&self) -> bool {
        false
    }

    /// The server's error answer: of a platform variant or of the wrapped core error.
    fn http(&self) -> Option<&HttpError> {
        self.http_error().or_else(|| self.core_error()?.http())
    }

    /// The HTTP status, when the server answered with an error.
    fn status(&self) -> Option<u16> {
        self.http().map(|h| h.status.as_u16())
    }

    /// The platform's error code of the answer, when it carries one.
    fn code(&self) -> Option<&str> {
        self.http()?.code.as_deref()
    }

    /// True for a 404 answer, or a lookup that matched nothing.
    fn is_not_found(&self) -> bool {
        self.status() == Some(404) || self.platform_not_found()
    }

    /// True when sending the same request again may succeed: connection failures, timeouts,
    /// 429 and 502/503/504 (after the client's own retries ran out).
    fn is_retryable(&self) -> bool {
        match (self.core_error(), self.http_error()) {
            (Some(core), _) => core.is_retryable(),
            (None, Some(http)) => http.is_retryable(),
            (None, None) => false,
        }
    }

    /// True when the connect or request timeout elapsed.
    fn is_timeout(&self) -> bool {
        self.core_error().is_some_and(Error::is_timeout)
    }

    /// True when nothing was sent because an argument or the configuration was rejected.
    fn is_invalid_input(&self) -> bool {
        self.core_error().is_some_and(Error::is_invalid_input) || self.platform_invalid_input()
    }
}

impl PlatformError for Error {
    fn core_error(&self) -> Option<&Error> {
        Some(self)
    }

    fn http_error(&self) -> Option<&HttpError> {
        None
    }
}

/// Gives a platform error type implementing [`PlatformError`] the shared predicates as
/// inherent methods (so users need no trait import):
/// `platform_client_core::error_predicates!(Error);`
#[macro_export]
macro_rules! error_predicates {
    ($error:ty) => {
        impl $error {
            /// The HTTP status, when the server answered with an error (404 included).
            pub fn status(&self) -> Option<u16> {
                $crate::PlatformError::status(self)
            }

            /// The platform's error code of the answer, when it carries one.
            pub fn code(&self) -> Option<&str> {
                $crate::PlatformError::code(self)
            }

            /// The server's error answer (method, URL without secrets, status, code, message,
            /// body excerpt), when there was one.
            pub fn http(&self) -> Option<&$crate::HttpError> {
                $crate::PlatformError::http(self)
            }

            /// True for a 404 answer, or a lookup that matched nothing.
            pub fn is_not_found(&self) -> bool {
                $crate::PlatformError::is_not_found(self)
            }

            /// True when sending the same request again may succeed: connection failures,
            /// timeouts, 429 and 502/503/504.
            pub fn is_retryable(&self) -> bool {
                $crate::PlatformError::is_retryable(self)
            }

            /// True when the connect or request timeout elapsed.
            pub fn is_timeout(&self) -> bool {
                $crate::PlatformError::is_timeout(self)
            }

            /// True when nothing was sent because an argument or the configuration was
            /// rejected.
            pub fn is_invalid_input(&self) -> bool {
                $crate::PlatformError::is_invalid_input(self)
            }
        }
    };
}
