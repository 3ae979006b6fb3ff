#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod client;
mod error;
mod fields;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

pub use api::ResultStream;
pub use client::{DEFAULT_PAGE_SIZE, KechainClient, KechainClientBuilder};
pub use error::{Error, Result};

/// What users touch of the shared core (errors, settings, streams, the blocking facade), so
/// that code needs this crate alone.
pub use platform_client_core::shared::*;
