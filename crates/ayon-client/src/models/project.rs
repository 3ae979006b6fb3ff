//! Projects, the project listing, anatomy presets, root overrides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A project: REST `GET /api/projects/{p}` (with anatomy, `ownAttrib`) or GraphQL `project`.
///
/// Fields that were not selected (GraphQL) are empty or `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Project {
    /// The name (`^[a-zA-Z0-9_]+$`).
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub name: String,
    /// The short code.
    #[serde(default)]
    pub code: Option<String>,
    /// Whether it is a library project.
    #[serde(default)]
    pub library: Option<bool>,
    /// Whether it is active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Attribute values.
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
    /// The names of the attributes set on the project itself (REST).
    #[serde(default)]
    pub own_attrib: Option<Vec<String>>,
    /// Free-form data.
    #[serde(default, deserialize_with = "super::json_text")]
    pub data: Map<String, Value>,
    /// Project configuration (roots, templates, ...).
    #[serde(default, deserialize_with = "super::json_text_opt")]
    pub config: Option<Map<String, Value>>,
    /// Folder types.
    #[serde(default)]
    pub folder_types: Option<Vec<Map<String, Value>>>,
    /// Task types.
    #[serde(default)]
    pub task_types: Option<Vec<Map<String, Value>>>,
    /// Link types.
    #[serde(default)]
    pub link_types: Option<Vec<Map<String, Value>>>,
    /// Statuses (each with its `scope`: the entity types it applies to).
    #[serde(default)]
    pub statuses: Option<Vec<Map<String, Value>>>,
    /// Tags.
    #[serde(default)]
    pub tags: Option<Vec<Map<String, Value>>>,
    /// Product types used in the project.
    #[serde(default)]
    pub product_types: Option<Vec<super::ProductType>>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl super::Entity for Project {
    fn is_active(&self) -> Option<bool> {
        self.active
    }

    fn finish(&mut self) {
        super::merge_all_attrib(&mut self.attrib, &mut self.all_attrib);
    }
}

impl Project {
    /// The attributes set on the project itself with their values, `null` for the others
    /// (the reference's `fill_own_attribs`).
    pub fn own_attributes(&self) -> Map<String, Value> {
        super::entity::own_attributes(&self.attrib, self.own_attrib.as_deref())
    }
}

/// `GET /api/projects`: the project listing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectListing {
    /// How many.
    #[serde(default)]
    pub count: u64,
    /// The projects.
    #[serde(default)]
    pub projects: Vec<ProjectSummary>,
    /// Fields this version does not model (e.g. `detail`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One project of [`ProjectListing`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProjectSummary {
    /// Name.
    pub name: String,
    /// Code.
    #[serde(default)]
    pub code: Option<String>,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Whether it is active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Whether it is a library project.
    #[serde(default)]
    pub library: Option<bool>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /api/anatomy/presets`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnatomyPresets {
    /// The anatomy model version.
    #[serde(default)]
    pub version: Option<String>,
    /// The presets.
    #[serde(default)]
    pub presets: Vec<AnatomyPreset>,
}

/// One anatomy preset of [`AnatomyPresets`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnatomyPreset {
    /// Name.
    pub name: String,
    /// Whether it is the primary (default) preset.
    #[serde(default)]
    pub primary: bool,
    /// Its version.
    #[serde(default)]
    pub version: Option<String>,
}

/// A project anatomy (a preset, or what a project is created with).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Anatomy {
    /// Root paths per platform.
    #[serde(default)]
    pub roots: Vec<Map<String, Value>>,
    /// Path templates.
    #[serde(default)]
    pub templates: Map<String, Value>,
    /// Default attribute values.
    #[serde(default)]
    pub attributes: Map<String, Value>,
    /// Folder types.
    #[serde(default)]
    pub folder_types: Vec<Map<String, Value>>,
    /// Task types.
    #[serde(default)]
    pub task_types: Vec<Map<String, Value>>,
    /// Link types.
    #[serde(default)]
    pub link_types: Vec<Map<String, Value>>,
    /// Statuses.
    #[serde(default)]
    pub statuses: Vec<Map<String, Value>>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Map<String, Value>>,
    /// Entity naming rules.
    #[serde(default)]
    pub entity_naming: Option<Map<String, Value>>,
    /// Fields this version does not model (kept when the anatomy is sent back).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Root overrides per site: site id → root name → path (`GET /api/projects/{p}/roots`).
pub type SiteRootOverrides = BTreeMap<String, BTreeMap<String, String>>;
