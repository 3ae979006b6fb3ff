//! Resource handlers and what they share: argument checks (as the server's regular
//! expressions), entity ids, the GraphQL listing, the entity writes.

pub mod activities;
pub mod addons;
pub mod bundles;
pub mod connection;
pub mod desktop;
pub mod events;
pub mod files;
pub mod folders;
pub mod graphql;
pub mod links;
mod list;
pub mod operations;
pub mod products;
pub mod projects;
pub mod representations;
pub mod rest;
pub mod reviewables;
pub mod schemas;
pub mod secrets;
pub mod settings;
pub mod tasks;
pub mod thumbnails;
pub mod users;
pub mod versions;
pub mod worker;
pub mod workfiles;
mod write;

pub use list::GraphQlList;

/// The filters every entity listing has: `ids`, `statuses`, `tags` (GraphQL variables named
/// `<entity>Ids`, `<entity>Statuses`, `<entity>Tags` as the reference names them).
macro_rules! common_filters {
    ($entity:ty, $prefix:literal) => {
        impl $crate::api::GraphQlList<'_, $entity> {
            #[doc = concat!("Only these ", $prefix, "s (ids: 32 hex characters or dashed UUIDs).")]
            pub fn ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
                self.ids_filter("ids", concat!($prefix, "Ids"), ids)
            }

            #[doc = concat!("Only ", $prefix, "s with these statuses.")]
            pub fn statuses<S: Into<String>>(self, statuses: impl IntoIterator<Item = S>) -> Self {
                self.strings("statuses", concat!($prefix, "Statuses"), statuses)
            }

            #[doc = concat!("Only ", $prefix, "s with these tags.")]
            pub fn tags<S: Into<String>>(self, tags: impl IntoIterator<Item = S>) -> Self {
                self.strings("tags", concat!($prefix, "Tags"), tags)
            }
        }
    };
}
pub(crate) use common_filters;
pub use write::{EntityWrite, kinds};

use platform_client_core::Request;
use serde::de::DeserializeOwned;

use crate::client::AyonClient;
use crate::error::{Error, Result};

/// A fresh entity id: 32 lowercase hex characters, made on the client as the reference does.
pub fn new_entity_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: a time-and-counter id, still unique per process.
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes[..8].copy_from_slice(&(nanos as u64).to_be_bytes());
        bytes[8..].copy_from_slice(&COUNTER.fetch_add(1, Ordering::Relaxed).to_be_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An entity id as the server wants it: 32 hex characters (lowercased); a dashed UUID is
/// accepted and converted.
pub(crate) fn entity_id(what: &str, id: &str) -> Result<String> {
    let trimmed = id.trim();
    let hex: String = if trimmed.len() == 36
        && [8, 13, 18, 23]
            .iter()
            .all(|&i| trimmed.as_bytes()[i] == b'-')
    {
        trimmed.chars().filter(|c| *c != '-').collect()
    } else {
        trimmed.to_owned()
    };
    if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex.to_ascii_lowercase())
    } else {
        Err(Error::invalid(format!(
            "`{what}` must be an entity id (32 hex characters or a dashed UUID), not {:?}",
            excerpt(id)
        )))
    }
}

/// A project name: `^[a-zA-Z0-9_]+$`, at most 64 characters (the server's limit).
pub(crate) fn check_project_name(name: &str) -> Result<()> {
    if !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`project_name` must match ^[a-zA-Z0-9_]+$ (at most 64 characters), not {:?}",
            excerpt(name)
        )))
    }
}

/// The longest name this client sends (a client-side limit: longer names are mistakes).
pub(crate) const MAX_NAME_LEN: usize = 255;

/// A folder, task, product or representation name:
/// `^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$`, at most [`MAX_NAME_LEN`] characters.
pub(crate) fn check_entity_name(what: &str, name: &str) -> Result<()> {
    let bytes = name.as_bytes();
    let edge = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let ok = !bytes.is_empty()
        && bytes.len() <= MAX_NAME_LEN
        && edge(bytes[0])
        && edge(bytes[bytes.len() - 1])
        && bytes.iter().all(|&b| edge(b) || b == b'.' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`{what}` must match ^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$, not {:?}",
            excerpt(name)
        )))
    }
}

/// A user name: `^[a-zA-Z0-9][a-zA-Z0-9_\.\-]*[a-zA-Z0-9]$`.
pub(crate) fn check_user_name(name: &str) -> Result<()> {
    let bytes = name.as_bytes();
    let ok = bytes.len() >= 2
        && bytes.len() <= MAX_NAME_LEN
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "a user name must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$, not {:?}",
            excerpt(name)
        )))
    }
}

/// Non-blank text without control characters.
pub(crate) fn check_text(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(format!("`{what}` is empty")))
    } else if value.chars().any(char::is_control) {
        Err(Error::invalid(format!(
            "`{what}` contains control characters"
        )))
    } else {
        Ok(())
    }
}

/// One path segment: non-blank text without `/`, `\`, `..` or control characters.
pub(crate) fn check_segment(what: &str, value: &str) -> Result<()> {
    check_text(what, value)?;
    let lowered = value.to_ascii_lowercase();
    if value.contains(['/', '\\', '?', '#'])
        || value == "."
        || value.contains("..")
        || lowered.contains("%2e")
        || lowered.contains("%2f")
    {
        return Err(Error::invalid(format!(
            "`{what}` must be one path segment (no `/`, `..`, `?` or `#`), not {:?}",
            excerpt(value)
        )));
    }
    Ok(())
}

/// A token or API key: non-empty, printable ASCII without spaces.
pub(crate) fn check_secret(secret: &str) -> Result<()> {
    if secret.is_empty() || !secret.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            "the token or API key is empty or holds spaces or control characters",
        ));
    }
    Ok(())
}

/// The start of a refused value, for error messages (long values are cut).
fn excerpt(value: &str) -> String {
    value.chars().take(80).collect()
}

impl AyonClient {
    /// Sends a request with the session's credentials; the answer's JSON (`null` when empty).
    pub(crate) async fn json<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let response = self.authed()?.send(request).await?;
        if response.bytes().is_empty() {
            return serde_json::from_value(serde_json::Value::Null)
                .map_err(|e| Error::unexpected(format!("an empty answer: {e}")));
        }
        Ok(response.json()?)
    }

    /// Sends a request with the session's credentials and ignores the answer's body.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<()> {
        self.authed()?.send(request).await?;
        Ok(())
    }

    /// `GET <path>`, `None` on 404 (the reference's `get_rest_*`).
    pub(crate) async fn get_optional<T: DeserializeOwned>(
        &self,
        path: String,
    ) -> Result<Option<T>> {
        match self.json(Request::get(path)).await {
            Ok(value) => Ok(Some(value)),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Which links an entity must have (`has_links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HasLinks {
    /// No links at all.
    None,
    /// Input links.
    In,
    /// Output links.
    Out,
    /// Any link.
    Any,
    /// Both input and output links.
    Both,
}

impl HasLinks {
    /// The GraphQL enum value (`NONE`, `IN`, `OUT`, `ANY`, `BOTH`).
    pub fn as_str(&self) -> &'static str {
        match self {
            HasLinks::None => "NONE",
            HasLinks::In => "IN",
            HasLinks::Out => "OUT",
            HasLinks::Any => "ANY",
            HasLinks::Both => "BOTH",
        }
    }
}
