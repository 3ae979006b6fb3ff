//! Activities (comments, status changes, ... on entities).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An activity: GraphQL `activities` of a project.
///
/// Fields that were not selected are empty or `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Activity {
    /// The activity's id.
    #[serde(default, deserialize_with = "super::null_default")]
    pub activity_id: String,
    /// `comment`, `watch`, `reviewable`, `status.change`, `assignee.add`, ...
    #[serde(default)]
    pub activity_type: Option<String>,
    /// The activity's data (decoded from GraphQL's JSON text).
    #[serde(default, deserialize_with = "super::json_text")]
    pub activity_data: Map<String, Value>,
    /// The text (markdown).
    #[serde(default)]
    pub body: Option<String>,
    /// The entity it is on.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// That entity's type.
    #[serde(default)]
    pub entity_type: Option<String>,
    /// The author (`author.name`, ...).
    #[serde(default)]
    pub author: Option<Map<String, Value>>,
    /// How it refers to the entity (`origin`, `mention`, `relation`).
    #[serde(default)]
    pub reference_type: Option<String>,
    /// Whether it is active.
    #[serde(default)]
    pub active: Option<bool>,
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

impl super::Entity for Activity {
    fn is_active(&self) -> Option<bool> {
        self.active
    }
}
