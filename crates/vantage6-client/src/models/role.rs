//! Roles: named sets of rules given to users.

use serde::{Deserialize, Serialize};

use super::Ref;

/// A role (`GET role/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}
