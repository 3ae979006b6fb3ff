//! Links between entities and their types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A link type of a project: `GET /api/projects/{p}/links/types`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LinkType {
    /// The full name, `<type>|<input type>|<output type>` (e.g. `reference|folder|folder`).
    #[serde(default, deserialize_with = "super::null_default")]
    pub name: String,
    /// The type, e.g. `reference`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub link_type: String,
    /// The entity type links start from.
    #[serde(default, deserialize_with = "super::null_default")]
    pub input_type: String,
    /// The entity type links point to.
    #[serde(default, deserialize_with = "super::null_default")]
    pub output_type: String,
    /// Display data (`color`, `style`).
    #[serde(default, deserialize_with = "super::null_default")]
    pub data: Map<String, Value>,
}

/// A link of an entity, seen from that entity: GraphQL `links` of a folder, task, ...
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EntityLink {
    /// The link's id.
    #[serde(default, deserialize_with = "super::null_default")]
    pub id: String,
    /// The entity at the other end.
    #[serde(default, deserialize_with = "super::null_default")]
    pub entity_id: String,
    /// Its type (`folder`, `version`, ...).
    #[serde(default, deserialize_with = "super::null_default")]
    pub entity_type: String,
    /// The link type (`reference`, ...).
    #[serde(default, deserialize_with = "super::null_default")]
    pub link_type: String,
    /// `in` (the other entity is the input) or `out`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub direction: String,
    /// The link's name, if any.
    #[serde(default)]
    pub name: Option<String>,
    /// Who made it.
    #[serde(default)]
    pub author: Option<String>,
    /// The server's description.
    #[serde(default)]
    pub description: Option<String>,
    /// The project.
    #[serde(default)]
    pub project_name: Option<String>,
    /// Free-form data.
    #[serde(default, deserialize_with = "super::json_text")]
    pub data: Map<String, Value>,
}
