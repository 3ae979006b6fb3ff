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

/// Shared transport types users configure clients with.
pub use client_core::{Env, RetryPolicy};
