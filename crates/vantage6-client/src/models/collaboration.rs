//! Collaborations.

use serde::{Deserialize, Serialize};

/// A collaboration: organisations that run tasks together (`GET collaboration/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collaboration {
    /// Id.
    pub id: u64,
    /// Unique name.
    pub name: String,
    /// Whether task input and results are end-to-end encrypted with the organisations' keys.
    #[serde(default)]
    pub encrypted: bool,
    /// URL of its organisations.
    #[serde(default)]
    pub organizations: Option<String>,
    /// URL of its nodes.
    #[serde(default)]
    pub nodes: Option<String>,
    /// URL of its tasks.
    #[serde(default)]
    pub tasks: Option<String>,
    /// URL of its algorithm stores (servers 4.3+).
    #[serde(default)]
    pub algorithm_stores: Option<String>,
    /// URL of its studies (servers 4.3+).
    #[serde(default)]
    pub studies: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Collaboration {
    /// Whether task input and results are encrypted (the same as [`Self::encrypted`]).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }
}
