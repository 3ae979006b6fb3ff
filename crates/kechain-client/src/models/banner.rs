//! Banners (site-wide announcements).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

/// A KE-chain banner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Banner {
    /// UUID.
    pub id: String,
    /// The text shown (may contain HTML).
    pub text: String,
    /// A Font Awesome icon name, e.g. `poo-storm` (may be empty).
    #[serde(default)]
    pub icon: Option<String>,
    /// Whether the banner is switched on.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// Start of the active period (ISO 8601).
    #[serde(default)]
    pub active_from: Option<String>,
    /// End of the active period (ISO 8601), if any.
    #[serde(default)]
    pub active_until: Option<String>,
    /// Target of the "more info" button.
    #[serde(default)]
    pub url: Option<String>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// What the current user may do with the banner.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
