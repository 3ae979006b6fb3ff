//! Teams and their members.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{IdName, null_default};

platform_client_core::string_enum! {
    /// The role of a user in a team.
    pub enum TeamRole {
        /// A member.
        Member => "MEMBER",
        /// A manager: may administer the members.
        Manager => "MANAGER",
        /// An owner: may administer the team itself.
        Owner => "OWNER",
    }
}

/// A member of a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TeamMember {
    /// The user id (an integer).
    pub pk: u64,
    /// Login name.
    #[serde(default)]
    pub username: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Role in the team.
    #[serde(default)]
    pub role: Option<TeamRole>,
}

/// A KE-chain team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Team {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the team is hidden.
    #[serde(default)]
    pub is_hidden: Option<bool>,
    /// Team options, e.g. `landingPage`.
    #[serde(default, deserialize_with = "null_default")]
    pub options: Map<String, Value>,
    /// Members with their roles.
    #[serde(default, deserialize_with = "null_default")]
    pub members: Vec<TeamMember>,
    /// The scopes of the team.
    #[serde(default, deserialize_with = "null_default")]
    pub scopes: Vec<IdName>,
    /// Profile image URL.
    #[serde(default)]
    pub profile_image: Option<String>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The detail URL as the server wrote it.
    #[serde(default)]
    pub url: Option<String>,
    /// What the current user may do with the team.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Team {
    /// The members with `role`.
    pub fn members_with_role(&self, role: &TeamRole) -> impl Iterator<Item = &TeamMember> {
        self.members
            .iter()
            .filter(move |m| m.role.as_ref() == Some(role))
    }
}
