//! Stored files (uploads kept by a scope or globally).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

platform_client_core::string_enum! {
    /// Whether a stored file belongs to a scope.
    pub enum StoredFileClassification {
        /// Kept for one scope.
        Scoped => "SCOPED",
        /// Kept for the whole KE-chain.
        Global => "GLOBAL",
    }
}

platform_client_core::string_enum! {
    /// How a stored file is used.
    pub enum StoredFileCategory {
        /// Referenced from properties.
        Referenced => "REFERENCED",
        /// A global file.
        Global => "GLOBAL",
    }
}

/// A file stored by KE-chain (`api/v3/stored_files`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredFile {
    /// UUID.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Scope UUID, for scoped files.
    #[serde(default)]
    pub scope: Option<String>,
    /// Category.
    #[serde(default)]
    pub category: Option<StoredFileCategory>,
    /// Classification.
    #[serde(default)]
    pub classification: Option<StoredFileClassification>,
    /// MIME type.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Download URLs by size (`XS`, `S`, ..., `source`); they are signed and expire.
    #[serde(default, deserialize_with = "super::null_default")]
    pub file: Map<String, Value>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
