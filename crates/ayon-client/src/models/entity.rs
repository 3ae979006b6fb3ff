//! What every entity has (the `entity!` model macro), and the smaller entities: tasks,
//! products, product types, workfiles.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Declares an entity model: the fields every AYON entity has (`id`, `name`, `label`,
/// `status`, `tags`, `active`, `attrib`, `ownAttrib`, `data`, `thumbnailId`, `createdAt`,
/// `updatedAt`), the entity's own fields, and the rest in `extra`.
macro_rules! entity {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        /// Fields that were not selected (GraphQL) are empty or `None`.
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// The id (32 hex characters).
            #[serde(default, deserialize_with = "crate::models::null_default")]
            pub id: String,
            /// The name.
            #[serde(default, deserialize_with = "crate::models::null_default")]
            pub name: String,
            /// The label shown instead of the name.
            #[serde(default)]
            pub label: Option<String>,
            /// The status (e.g. `In progress`).
            #[serde(default)]
            pub status: Option<String>,
            /// Tags.
            #[serde(default, deserialize_with = "crate::models::null_default")]
            pub tags: Vec<String>,
            /// Whether it is active.
            #[serde(default)]
            pub active: Option<bool>,
            /// Attribute values (`attrib.<name>`, or all of them).
            #[serde(default, deserialize_with = "crate::models::null_default")]
            pub attrib: serde_json::Map<String, serde_json::Value>,
            /// `allAttrib` as GraphQL sends it, merged into `attrib` once decoded.
            #[serde(default, rename = "allAttrib", deserialize_with = "crate::models::json_text_opt", skip_serializing)]
            pub(crate) all_attrib: Option<serde_json::Map<String, serde_json::Value>>,
            /// The names of the attributes set on the entity itself (not inherited), when asked
            /// for with `ownAttrib`.
            #[serde(default)]
            pub own_attrib: Option<Vec<String>>,
            /// Free-form data.
            #[serde(default, deserialize_with = "crate::models::json_text")]
            pub data: serde_json::Map<String, serde_json::Value>,
            /// The thumbnail's id.
            #[serde(default)]
            pub thumbnail_id: Option<String>,
            /// When it was created (ISO 8601).
            #[serde(default)]
            pub created_at: Option<String>,
            /// When it was last changed (ISO 8601).
            #[serde(default)]
            pub updated_at: Option<String>,
            $( $(#[$fmeta])* #[serde(default)] pub $field: $ty, )*
            /// Fields this version does not model.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl crate::models::Entity for $name {
            fn is_active(&self) -> Option<bool> {
                self.active
            }

            fn finish(&mut self) {
                crate::models::merge_all_attrib(&mut self.attrib, &mut self.all_attrib);
            }
        }

        impl $name {
            /// The attributes set on the entity itself, with their values (`None`-like `null`
            /// for those inherited): the reference's `fill_own_attribs`.
            pub fn own_attributes(&self) -> serde_json::Map<String, serde_json::Value> {
                crate::models::entity::own_attributes(&self.attrib, self.own_attrib.as_deref())
            }
        }
    };
}
pub(crate) use entity;

/// What the listings need to know of an entity.
pub trait Entity {
    /// Whether it is active (`None` when the field was not selected).
    fn is_active(&self) -> Option<bool>;

    /// Work done once the item is decoded (e.g. merging `allAttrib` into `attrib`).
    fn finish(&mut self) {}
}

/// `fill_own_attribs`: every attribute, with its value when set on the entity itself, `null`
/// otherwise.
pub(crate) fn own_attributes(
    attrib: &Map<String, Value>,
    own: Option<&[String]>,
) -> Map<String, Value> {
    let own = own.unwrap_or_default();
    attrib
        .iter()
        .map(|(name, value)| {
            let value = if own.iter().any(|o| o == name) {
                value.clone()
            } else {
                Value::Null
            };
            (name.clone(), value)
        })
        .collect()
}

entity! {
    /// A task: `GET /api/projects/{p}/tasks/{id}` or GraphQL `tasks`.
    pub struct Task {
        /// The task type (e.g. `Modeling`).
        pub task_type: Option<String>,
        /// The folder it belongs to.
        pub folder_id: Option<String>,
        /// Assigned user names.
        pub assignees: Option<Vec<String>>,
    }
}

entity! {
    /// A product (e.g. `modelMain`): REST or GraphQL `products`.
    pub struct Product {
        /// The product type (e.g. `model`).
        pub product_type: Option<String>,
        /// The product base type (servers 1.13+).
        pub product_base_type: Option<String>,
        /// The folder it belongs to.
        pub folder_id: Option<String>,
    }
}

entity! {
    /// A workfile: GraphQL `workfiles` (created through batch operations).
    pub struct Workfile {
        /// The path (with root templates, e.g. `{root[work]}/...`).
        pub path: Option<String>,
        /// The task it belongs to.
        pub task_id: Option<String>,
        /// The project.
        pub project_name: Option<String>,
        /// Who created it.
        pub created_by: Option<String>,
        /// Who last changed it.
        pub updated_by: Option<String>,
    }
}

/// A product type: `productTypes { name icon color }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProductType {
    /// Name, e.g. `model`.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub name: String,
    /// Material icon name.
    #[serde(default)]
    pub icon: Option<String>,
    /// Colour, e.g. `#cccccc`.
    #[serde(default)]
    pub color: Option<String>,
}
