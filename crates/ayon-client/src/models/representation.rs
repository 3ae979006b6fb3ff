//! Representations, their files, and their parents.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entity::entity;
use super::{Folder, Product, Project, Task, Version};

entity! {
    /// A representation (one published format of a version): REST or GraphQL
    /// `representations`.
    pub struct Representation {
        /// The version it belongs to.
        pub version_id: Option<String>,
        /// The template context (`folder`, `product`, `version`, `ext`, ...).
        #[serde(deserialize_with = "crate::models::json_text_opt")]
        pub context: Option<Map<String, Value>>,
        /// Its files.
        pub files: Option<Vec<RepresentationFile>>,
        /// Traits (servers 1.10+).
        #[serde(deserialize_with = "crate::models::json_text_opt")]
        pub traits: Option<Value>,
    }
}

/// One file of a representation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RepresentationFile {
    /// Id (32 hex characters).
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub id: String,
    /// File name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Path (with root templates).
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub path: String,
    /// Size in bytes (the server takes 0 when not sent).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::number_or_text"
    )]
    pub size: Option<u64>,
    /// Hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Hash algorithm: `md5` (the server's default when not sent), `sha1`, `sha256`, `op3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_type: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RepresentationFile {
    /// A file at `path` (the id is made here, as the reference client does).
    pub fn new(path: impl Into<String>) -> Self {
        RepresentationFile {
            id: crate::api::new_entity_id(),
            path: path.into(),
            ..RepresentationFile::default()
        }
    }

    /// With a size in bytes.
    pub fn size(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// With a name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// With a hash and its algorithm.
    pub fn hash(mut self, hash: impl Into<String>, hash_type: impl Into<String>) -> Self {
        self.hash = Some(hash.into());
        self.hash_type = Some(hash_type.into());
        self
    }
}

/// The parents of a representation (`get_representation_parents`).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RepresentationParents {
    /// The version.
    pub version: Option<Version>,
    /// The product.
    pub product: Option<Product>,
    /// The folder.
    pub folder: Option<Folder>,
    /// The project.
    pub project: Option<Project>,
}

/// A representation with every parent (`get_representation_hierarchy`).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RepresentationHierarchy {
    /// The project.
    pub project: Option<Project>,
    /// The folder.
    pub folder: Option<Folder>,
    /// The task the version was made in, if any.
    pub task: Option<Task>,
    /// The product.
    pub product: Option<Product>,
    /// The version.
    pub version: Option<Version>,
    /// The representation.
    pub representation: Option<Representation>,
}
