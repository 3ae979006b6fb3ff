//! Typed models of KE-chain objects. Unknown fields are kept in each model's `extra` map.

pub mod activity;
pub mod banner;
pub mod context;
pub mod download;
pub mod form;
pub mod notification;
pub mod part;
pub mod property;
pub mod scope;
pub mod service;
pub mod stored_file;
pub mod team;
pub mod user;
pub mod widget;
pub mod workflow;

use serde::{Deserialize, Deserializer};

pub use activity::*;
pub use banner::*;
pub use context::*;
pub use download::*;
pub use form::*;
pub use notification::*;
pub use part::*;
pub use property::*;
pub use scope::{Scope, ScopeCategory, ScopeMember, ScopeStatus};
pub use service::*;
pub use stored_file::*;
pub use team::*;
pub use user::*;
pub use widget::*;
pub use workflow::*;

/// A `{id, name}` reference, as KE-chain embeds related objects.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct IdName {
    /// The related object's id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// Reads `null` as the type's default (KE-chain sends `null` for empty lists).
pub(crate) fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
