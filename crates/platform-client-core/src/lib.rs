#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod builder_macro;
mod client;
mod config;
pub mod env;
pub mod error;
mod error_body;
pub mod pagination;
mod platform_error;
mod request;
pub mod retry;
pub mod session;
#[cfg(feature = "testing")]
pub mod testing;
pub mod url;

/// Serde helpers for the platform models.
pub mod model {
    use serde::Deserialize;
    use serde_json::{Map, Value};

    /// For a model's `#[serde(flatten, deserialize_with = "...")] extra` map of unmodelled
    /// fields: keeps every field but those named like secrets (`api_key`, `token`,
    /// `password`, ...), which a model must never carry where `Debug` or serialisation would
    /// show them.
    pub fn extra_without_secrets<'de, D>(deserializer: D) -> Result<Map<String, Value>, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        let mut extra = Map::deserialize(deserializer)?;
        extra.retain(|key, _| !crate::url::is_secret_key(key));
        Ok(extra)
    }
}

pub use auth::{AccessToken, Auth, SharedToken, TokenSource};
pub use client::{
    ErrorParser, HttpClient, Response, decode_json, decode_seed, default_error_parser,
};
pub use config::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT};
pub use env::Env;
pub use error::{AuthFailure, DecodeError, Error, HttpError, Result, TransportError};
pub use error_body::{ErrorBody, ErrorInfo};
pub use pagination::{ListOptions, Page, PageData, PageDecoder, Paginator};
pub use platform_error::PlatformError;
pub use request::{Body, Part, Request};
pub use retry::RetryPolicy;
pub use url::BaseUrl;

/// What every platform crate re-exports at its root (`pub use platform_client_core::shared::*;`),
/// so that user code needs the platform crate alone.
pub mod shared {
    #[cfg(feature = "blocking")]
    pub use crate::blocking::{Blocking, BlockingIter};
    pub use crate::error::{
        AuthFailure, DecodeError, Error as CoreError, HttpError, TransportError,
    };
    pub use crate::{Env, RetryPolicy};
    pub use futures_util::{Stream, StreamExt, TryStreamExt};
    pub use secrecy::{ExposeSecret, SecretString};
}

/// Re-exports of the types of our public API that come from other crates.
pub mod reexports {
    pub use bytes::Bytes;
    pub use futures_util::{Stream, StreamExt, TryStreamExt};
    pub use reqwest::header::HeaderMap;
    pub use reqwest::{Method, StatusCode, Url};
    pub use secrecy::{ExposeSecret, SecretString};
}
