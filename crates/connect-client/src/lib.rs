#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod error;
mod paths;
mod resourceset;
pub mod rql;
pub mod specs;
#[cfg(feature = "testing")]
pub mod testing;

pub use client::{ConnectClient, ConnectClientBuilder, DEFAULT_ENDPOINT, DEFAULT_LIMIT};
pub use error::{ClientError, Error, Result};
pub use paths::{Action, Collection, Ns, Resource, ResourceId};
pub use resourceset::{ResourceSet, ResultStream};

/// What users touch of the shared core (errors, settings, streams, the blocking facade), so
/// that code needs this crate alone.
pub use platform_client_core::shared::*;
