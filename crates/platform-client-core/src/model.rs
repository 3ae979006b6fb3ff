//! Serde helpers for the platform models.

use serde::Deserialize;
use serde_json::{Map, Value};

/// For a model's `#[serde(flatten, deserialize_with = "...")] extra` map of unmodelled
/// fields: keeps every field but those named like secrets (`api_key`, `token`,
/// `password`, ...), which a model must never carry where `Debug` or serialisation would
/// show them.
pub fn extra_without_secrets<'de, D>(deserializer: D) -> Result<Map<String, Value>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let mut extra = Map::deserialize(deserializer)?;
    extra.retain(|key, _| !crate::url::is_secret_key(key));
    Ok(extra)
}

/// For a `#[serde(deserialize_with = "...")]` field holding a secret: the string as a
/// [`secrecy::SecretString`] (never shown by `Debug`).
pub fn secret_string<'de, D>(deserializer: D) -> Result<secrecy::SecretString, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Ok(secrecy::SecretString::from(String::deserialize(
        deserializer,
    )?))
}

/// Like [`secret_string`] for an optional field (`null` or absent: `None`; add
/// `#[serde(default)]`).
pub fn secret_string_opt<'de, D>(deserializer: D) -> Result<Option<secrecy::SecretString>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Ok(Option::<String>::deserialize(deserializer)?.map(secrecy::SecretString::from))
}
