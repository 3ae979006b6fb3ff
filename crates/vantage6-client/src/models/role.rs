//! Roles: named sets of rules given to users.

use serde::{Deserialize, Serialize};

use super::Ref;

/// A role (`GET role/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Role {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// True for the roles the server creates (Root, Viewer, Researcher, ...), which cannot be
    /// edited or deleted.
    #[serde(default)]
    pub is_default_role: bool,
    /// The organisation it belongs to; `None` for the default roles.
    #[serde(default)]
    pub organization: Option<Ref>,
    /// URL of its rules.
    #[serde(default)]
    pub rules: Option<String>,
    /// URL of the users who have it.
    #[serde(default)]
    pub users: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
