#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod auth;
mod client;
pub mod crypto;
mod error;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

pub use api::encryption::SetupOutcome;
pub use api::util::{Account, GeneratedKey};
pub use api::{List, ResultStream, WaitForResults};
pub use auth::{AuthOutcome, WhoAmI};
pub use client::{DEFAULT_API_PATH, DEFAULT_PAGE_SIZE, Vantage6Client, Vantage6ClientBuilder};
pub use crypto::Cryptor;
pub use error::{Error, Result};

/// A raw request for [`Vantage6Client::send_raw`].
pub use platform_client_core::Request;
/// What users touch of the shared core (errors, settings, streams, the blocking facade), so
/// that code needs this crate alone.
pub use platform_client_core::shared::*;
