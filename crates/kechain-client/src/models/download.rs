//! Expiring downloads: a file behind a link that stops working after a while.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

/// A KE-chain expiring download.
///
/// The server never returns `created_at` or `content`, although pykechain asks for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExpiringDownload {
    /// UUID.
    pub id: String,
    /// Name of the uploaded file (`""` until content is uploaded).
    #[serde(default)]
    pub content_file_name: Option<String>,
    /// Expiry moment (ISO 8601, UTC).
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Lifetime in seconds.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// A hint of the download token, once one was issued.
    #[serde(default)]
    pub token_hint: Option<String>,
    /// Creation time (ISO 8601), if the server sends it.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// What the current user may do with it (`create`, `read`, `update`, `destroy`).
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
