//! The device flow's token file: `{"access_token", "refresh_token"}` as the reference's
//! `.tokens.json`, written owner-only (`0600`) through a temporary file renamed into place.

use std::path::Path;

use platform_client_core::reexports::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// Tokens read back.
pub(crate) struct Stored {
    pub(crate) access: SecretString,
    pub(crate) refresh: SecretString,
}

#[derive(Deserialize)]
struct OnDisk {
    access_token: String,
    refresh_token: String,
}

/// The tokens in `path`, `None` when it is missing or unreadable (a new sign-in follows).
pub(crate) async fn read(path: &Path) -> Option<Stored> {
    let bytes = tokio::fs::read(path).await.ok()?;
    let on_disk: OnDisk = serde_json::from_slice(&bytes).ok()?;
    Some(Stored {
        access: SecretString::from(on_disk.access_token),
        refresh: SecretString::from(on_disk.refresh_token),
    })
}

/// Whether claims announce more than 30 s of life (the reference's window).
pub(crate) fn fresh(claims: &Value) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    claims
        .get("exp")
        .and_then(Value::as_u64)
        .is_some_and(|exp| exp > now + 30)
}

/// Writes the tokens, readable by the owner only.
pub(crate) async fn write(path: &Path, access: &str, refresh: &str) -> Result<()> {
    let body = serde_json::to_vec(&json!({"access_token": access, "refresh_token": refresh}))
        .map_err(|e| Error::unexpected(e.to_string()))?;
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || platform_client_core::env::write_private_file(&path, &body))
        .await
        .map_err(|e| Error::unexpected(e.to_string()))?
        .map_err(Error::from)
}
