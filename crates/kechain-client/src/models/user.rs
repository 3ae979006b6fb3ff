//! Users. KE-chain user ids are integers (`pk`), not UUIDs.

use serde::de::{Deserializer, IntoDeserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

platform_client_core::string_enum! {
    /// A user interface language.
    pub enum LanguageCode {
        /// English.
        English => "en",
        /// French.
        French => "fr",
        /// German.
        German => "de",
        /// Dutch.
        Dutch => "nl",
        /// Italian.
        Italian => "it",
    }
}

/// A KE-chain user.
///
/// `GET api/users/get_current_user` adds `global_groups`, `permissions`, `options`, `teams`,
/// `user_permissions` and `api_permissions` to the fields of the user list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user id (an integer; this is what every `user`/`users` argument takes).
    pub pk: u64,
    /// The same id again (newer servers only).
    #[serde(default)]
    pub id: Option<u64>,
    /// A unique string id (newer servers only).
    #[serde(default)]
    pub uid: Option<String>,
    /// Login name.
    #[serde(default)]
    pub username: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// E-mail address (may be empty).
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the account is active.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// Whether the account is hidden.
    #[serde(default)]
    pub is_hidden: Option<bool>,
    /// Staff flag.
    #[serde(default)]
    pub is_staff: Option<bool>,
    /// Superuser flag.
    #[serde(default)]
    pub is_superuser: Option<bool>,
    /// When the account was created (ISO 8601).
    #[serde(default)]
    pub date_joined: Option<String>,
    /// Last login (ISO 8601), if any.
    #[serde(default)]
    pub last_login: Option<String>,
    /// Language (`None` when the server sends `""`).
    #[serde(default, deserialize_with = "blank_as_none")]
    pub language_code: Option<LanguageCode>,
    /// Time zone name, e.g. `Europe/Amsterdam` (may be empty).
    #[serde(default)]
    pub timezone: Option<String>,
    /// Profile image URL.
    #[serde(default)]
    pub profile_image: Option<String>,
    /// The detail URL as the server wrote it.
    #[serde(default)]
    pub url: Option<String>,
    /// Global groups, e.g. `GG:Configurators` (current user only).
    #[serde(default, deserialize_with = "null_default")]
    pub global_groups: Vec<String>,
    /// Module switches (current user only).
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// What the user may change about the account (current user only).
    #[serde(default, deserialize_with = "null_default")]
    pub api_permissions: Map<String, Value>,
    /// User options (current user only).
    #[serde(default, deserialize_with = "null_default")]
    pub options: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Reads a string enum, taking `null` and `""` as `None`.
pub(crate) fn blank_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    match Option::<String>::deserialize(deserializer)? {
        Some(text) if !text.is_empty() => {
            T::deserialize(IntoDeserializer::<D::Error>::into_deserializer(text)).map(Some)
        }
        _ => Ok(None),
    }
}
