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
pub mod model;
pub mod pagination;
mod platform_error;
mod request;
pub mod retry;
pub mod session;
#[cfg(feature = "testing")]
pub mod testing;
pub mod transfer;
pub mod url;
pub mod wait;

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
pub use transfer::{TransferProgress, Upload};
pub use url::BaseUrl;

/// What every platform crate re-exports at its root (`pub use platform_client_core::shared::*;`),
/// so that user code needs the platform crate alone.
pub mod shared {
    #[cfg(feature = "blocking")]
    pub use crate::blocking::{Blocking, BlockingIter};
    pub use crate::error::{
        AuthFailure, DecodeError, Error as CoreError, HttpError, TransportError,
    };
    pub use crate::transfer::{TransferProgress, Upload};
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
