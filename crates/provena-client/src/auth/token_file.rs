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
    tokio::task::spawn_blocking(move || write_owner_only(&path, &body))
        .await
        .map_err(|e| Error::unexpected(e.to_string()))?
}

fn write_owner_only(path: &Path, body: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let io = |action: &'static str, e: std::io::Error| {
        Error::Core(platform_client_core::Error::Io {
            action,
            path: path.display().to_string(),
            source: e,
        })
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("the token file path has no file name"))?;
    let temp = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(&temp).map_err(|e| io("create", e))?;
    file.write_all(body).map_err(|e| io("write", e))?;
    file.sync_all().map_err(|e| io("sync", e))?;
    std::fs::rename(&temp, path).map_err(|e| io("replace", e))
}
