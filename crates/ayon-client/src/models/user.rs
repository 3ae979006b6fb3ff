//! Users.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A user: REST `GET /api/users/{name}` (`data` holds `isAdmin`, `accessGroups`, ...) or
/// GraphQL `users` (those as fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// The user name.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub name: String,
    /// Whether the account is active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Attributes (`fullName`, `email`, `avatarUrl`, ...).
    #[serde(default, deserialize_with = "super::null_default")]
    pub attrib: Map<String, Value>,
    /// `allAttrib` as GraphQL sends it, merged into `attrib` once decoded.
    #[serde(
        default,
        rename = "allAttrib",
        deserialize_with = "super::json_text_opt",
        skip_serializing
    )]
    pub(crate) all_attrib: Option<Map<String, Value>>,
    /// Free-form data (REST: `isAdmin`, `isService`, `accessGroups`, ...; the password and
    /// API key hashes are left out).
    #[serde(default, deserialize_with = "super::map_without_secrets")]
    pub data: Map<String, Value>,
    /// Whether an administrator (GraphQL).
    #[serde(default)]
    pub is_admin: Option<bool>,
    /// Whether a manager (GraphQL).
    #[serde(default)]
    pub is_manager: Option<bool>,
    /// Whether a service user (GraphQL).
    #[serde(default)]
    pub is_service: Option<bool>,
    /// Whether a guest (GraphQL).
    #[serde(default)]
    pub is_guest: Option<bool>,
    /// Access groups per project (GraphQL, decoded from its JSON text).
    #[serde(default, deserialize_with = "super::json_text_opt")]
    pub access_groups: Option<Value>,
    /// Default access groups (GraphQL).
    #[serde(default)]
    pub default_access_groups: Option<Vec<String>>,
    /// Whether a password is set (GraphQL).
    #[serde(default)]
    pub has_password: Option<bool>,
    /// The start of the user's API key (GraphQL).
    #[serde(default)]
    pub api_key_preview: Option<String>,
    /// The attributes set on the user itself.
    #[serde(default)]
    pub own_attrib: Option<Vec<String>>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model (fields named like secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: Map<String, Value>,
}

impl super::Entity for User {
    fn is_active(&self) -> Option<bool> {
        self.active
    }

    fn finish(&mut self) {
        super::merge_all_attrib(&mut self.attrib, &mut self.all_attrib);
    }
}

impl User {
    fn flag(&self, field: Option<bool>, data_key: &str) -> bool {
        field
            .or_else(|| self.data.get(data_key).and_then(Value::as_bool))
            .unwrap_or(false)
    }

    /// Whether an administrator (GraphQL field, or REST `data.isAdmin`).
    pub fn admin(&self) -> bool {
        self.flag(self.is_admin, "isAdmin")
    }

    /// Whether a service user (GraphQL field, or REST `data.isService`).
    pub fn service(&self) -> bool {
        self.flag(self.is_service, "isService")
    }

    /// Whether a manager (GraphQL field, or REST `data.isManager`).
    pub fn manager(&self) -> bool {
        self.flag(self.is_manager, "isManager")
    }
}
