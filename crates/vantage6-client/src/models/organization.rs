//! Organisations.

use serde::{Deserialize, Serialize};

/// An organisation: `GET organization/<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organization {
    /// Id.
    pub id: u64,
    /// Unique name.
    pub name: String,
    /// Internet domain.
    #[serde(default)]
    pub domain: Option<String>,
    /// First address line.
    #[serde(default)]
    pub address1: Option<String>,
    /// Second address line.
    #[serde(default)]
    pub address2: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub zipcode: Option<String>,
    /// Country.
    #[serde(default)]
    pub country: Option<String>,
    /// The public key as stored (base64 of a PEM public key; empty when none was uploaded).
    #[serde(default)]
    pub public_key: Option<String>,
    /// URL of its collaborations.
    #[serde(default)]
    pub collaborations: Option<String>,
    /// URL of its nodes.
    #[serde(default)]
    pub nodes: Option<String>,
    /// URL of its users.
    #[serde(default)]
    pub users: Option<String>,
    /// URL of the tasks it initiated.
    #[serde(default)]
    pub tasks: Option<String>,
    /// URL of its runs.
    #[serde(default)]
    pub runs: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Organization {
    /// Whether the organisation has uploaded a public key.
    pub fn has_public_key(&self) -> bool {
        self.public_key
            .as_deref()
            .is_some_and(|k| !k.trim().is_empty())
    }
}
