//! Bundles, installers, dependency packages.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /api/bundles`: every bundle and which are production, staging and dev.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Bundles {
    /// The bundles.
    #[serde(default)]
    pub bundles: Vec<Bundle>,
    /// The production bundle's name.
    #[serde(default)]
    pub production_bundle: Option<String>,
    /// The staging bundle's name.
    #[serde(default)]
    pub staging_bundle: Option<String>,
    /// The dev bundles' names.
    #[serde(default, deserialize_with = "super::null_default")]
    pub dev_bundles: Vec<String>,
}

/// A bundle: addon versions, installer, dependency packages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Bundle {
    /// Name.
    #[serde(default, deserialize_with = "super::null_default")]
    pub name: String,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Addon name → version.
    #[serde(default, deserialize_with = "super::null_default")]
    pub addons: Map<String, Value>,
    /// The installer version.
    #[serde(default)]
    pub installer_version: Option<String>,
    /// Platform → dependency package file name.
    #[serde(default, deserialize_with = "super::null_default")]
    pub dependency_packages: Map<String, Value>,
    /// Dev bundles: addon name → development settings.
    #[serde(default, deserialize_with = "super::null_default")]
    pub addon_development: Map<String, Value>,
    /// Whether it is the production bundle.
    #[serde(default)]
    pub is_production: bool,
    /// Whether it is the staging bundle.
    #[serde(default)]
    pub is_staging: bool,
    /// Whether it is archived.
    #[serde(default)]
    pub is_archived: bool,
    /// Whether it is a dev bundle.
    #[serde(default)]
    pub is_dev: bool,
    /// Whether it is a project bundle.
    #[serde(default)]
    pub is_project: bool,
    /// The user a dev bundle is active for.
    #[serde(default)]
    pub active_user: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /api/bundles/check`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BundleCompatibility {
    /// Whether the bundle can be used.
    #[serde(default)]
    pub success: bool,
    /// What is wrong (addon, message, level).
    #[serde(default, deserialize_with = "super::null_default")]
    pub issues: Vec<Value>,
}

/// A desktop installer or dependency package file (`GET /api/desktop/...`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DesktopPackage {
    /// File name.
    #[serde(default, deserialize_with = "super::null_default")]
    pub filename: String,
    /// `windows`, `linux` or `darwin`.
    #[serde(default)]
    pub platform: Option<String>,
    /// Size in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// Checksum.
    #[serde(default)]
    pub checksum: Option<String>,
    /// `md5`, `sha1` or `sha256`.
    #[serde(default)]
    pub checksum_algorithm: Option<String>,
    /// Where to get it (`{"type": "server"}`, `{"type": "url", "url"}`, ...).
    #[serde(default, deserialize_with = "super::null_default")]
    pub sources: Vec<Value>,
    /// Installer version (installers: theirs; packages: the one they are for).
    #[serde(default)]
    pub version: Option<String>,
    /// The installer version a dependency package is for.
    #[serde(default)]
    pub installer_version: Option<String>,
    /// Python version (installers).
    #[serde(default)]
    pub python_version: Option<String>,
    /// Python modules.
    #[serde(default, deserialize_with = "super::null_default")]
    pub python_modules: Map<String, Value>,
    /// Python modules of the runtime (installers).
    #[serde(default, deserialize_with = "super::null_default")]
    pub runtime_python_modules: Map<String, Value>,
    /// Addons a dependency package was made for.
    #[serde(default, deserialize_with = "super::null_default")]
    pub source_addons: Map<String, Value>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An installed addon (`GET /api/addons`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AddonInfo {
    /// Name.
    #[serde(default, deserialize_with = "super::null_default")]
    pub name: String,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Installed versions: version → details.
    #[serde(default, deserialize_with = "super::null_default")]
    pub versions: Map<String, Value>,
    /// The version in the production bundle.
    #[serde(default)]
    pub production_version: Option<String>,
    /// The version in the staging bundle.
    #[serde(default)]
    pub staging_version: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
