//! Rules: single permissions (an operation on a resource within a scope).

use serde::{Deserialize, Serialize};

platform_client_core::string_enum! {
    /// What a rule allows doing (`operation`).
    pub enum RuleOperation {
        /// Reading.
        View => "VIEW",
        /// Changing.
        Edit => "EDIT",
        /// Creating.
        Create => "CREATE",
        /// Deleting.
        Delete => "DELETE",
        /// Sending (e.g. events).
        Send => "SEND",
        /// Receiving (e.g. events).
        Receive => "RECEIVE",
    }
}

platform_client_core::string_enum! {
    /// On whose objects a rule applies (`scope`).
    pub enum RuleScope {
        /// The user's own objects.
        Own => "OWN",
        /// The user's organisation's.
        Organization => "ORGANIZATION",
        /// Those of the collaborations the organisation is in.
        Collaboration => "COLLABORATION",
        /// Every object.
        Global => "GLOBAL",
    }
}

/// A rule (`GET rule/<id>`). The server defines them; they cannot be changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rule {
    /// Id.
    pub id: u64,
    /// The resource it is about (e.g. `node`, `task`).
    pub name: String,
    /// What it allows.
    pub operation: RuleOperation,
    /// On whose objects.
    pub scope: RuleScope,
    /// A readable description.
    #[serde(default)]
    pub description: Option<String>,
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
