//! The attribute schema (`GET /api/attributes`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /api/attributes`: every attribute definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AttributesSchema {
    /// The attributes, by position.
    #[serde(default)]
    pub attributes: Vec<AttributeModel>,
}

/// One attribute definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AttributeModel {
    /// Name (`^[a-zA-Z0-9]{2,64}$`).
    pub name: String,
    /// Position in the list.
    #[serde(default)]
    pub position: Option<i64>,
    /// The entity types it applies to (`project`, `folder`, `task`, ...).
    #[serde(default)]
    pub scope: Vec<String>,
    /// Whether it is built in.
    #[serde(default)]
    pub builtin: bool,
    /// Its definition.
    #[serde(default)]
    pub data: AttributeData,
}

/// What an attribute is: type, title, default, enum, inheritance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AttributeData {
    /// Type: `string`, `integer`, `float`, `boolean`, `datetime`, `list_of_strings`, ...
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Default value.
    #[serde(default)]
    pub default: Option<Value>,
    /// Allowed values.
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<Value>>,
    /// Whether children inherit it.
    #[serde(default)]
    pub inherit: Option<bool>,
    /// Fields this version does not model (`example`, `gt`, `lt`, `regex`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AttributesSchema {
    /// The attributes of entity type `entity_type` (`get_attributes_for_type`): name → data.
    pub fn for_type(&self, entity_type: &str) -> Map<String, Value> {
        self.attributes
            .iter()
            .filter(|a| a.scope.iter().any(|s| s == entity_type))
            .map(|a| {
                (
                    a.name.clone(),
                    serde_json::to_value(&a.data).unwrap_or(Value::Null),
                )
            })
            .collect()
    }

    /// `attrib.<name>` for every attribute of `entity_type`
    /// (`get_attributes_fields_for_type`).
    pub fn fields_for_type(&self, entity_type: &str) -> Vec<String> {
        self.attributes
            .iter()
            .filter(|a| a.scope.iter().any(|s| s == entity_type))
            .map(|a| format!("attrib.{}", a.name))
            .collect()
    }
}
