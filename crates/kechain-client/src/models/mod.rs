//! Typed models of KE-chain objects. Unknown fields are kept in each model's `extra` map.

pub mod scope;

use serde::{Deserialize, Deserializer};

pub use scope::{Scope, ScopeCategory, ScopeMember, ScopeStatus};

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
