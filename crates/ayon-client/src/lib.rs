#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod auth;
mod client;
mod error;
pub mod models;
mod query;
#[cfg(feature = "testing")]
pub mod testing;

pub use api::connection::LoginAnswer;
pub use api::files::FileUpload;
pub use api::graphql::GraphQlResponse;
pub use api::rest::{RestRequest, RestResponse};
pub use api::reviewables::{ReviewableUpload, Reviewables};
pub use api::worker::{EventWorker, WorkerJob, WorkerReport};
pub use api::{EntityWrite, GraphQlList, HasLinks, new_entity_id};
pub use auth::CredentialKind;
pub use client::{
    AyonClient, AyonClientBuilder, DEFAULT_MAX_RETRIES, DEFAULT_PAGE_SIZE,
    DEFAULT_SETTINGS_VARIANT, DEFAULT_TIMEOUT,
};
pub use error::{
    Error, GraphQlError, GraphQlLocation, GraphQlQueryFailed, Result, ValidationError,
};
/// The HTTP method of an upload ([`FileUpload::method`]).
pub use platform_client_core::reexports::Method;
/// The cancellation token that stops an [`EventWorker`].
pub use tokio_util::sync::CancellationToken;

/// What users touch of the shared core (errors, settings, streams, the blocking facade), so
/// that code needs this crate alone.
pub use platform_client_core::shared::*;
