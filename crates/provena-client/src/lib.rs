#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod auth;
mod client;
mod config;
mod error;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

pub use api::{ItemList, ItemStream, RecordFilter, ReleaseStatus, SortType};
pub use auth::{DeviceCode, DeviceFlow, OfflineFlow, OnDeviceCode, SignIn};
pub use client::{DEFAULT_TIMEOUT, ProvenaClient, ProvenaClientBuilder, Status};
pub use config::{Config, Service};
pub use error::{Error, FieldError, Result, SignInError};

/// What users touch of the shared core (errors, settings, streams, the blocking facade), so
/// that code needs this crate alone.
pub use platform_client_core::shared::*;
