//! Folders, and the folder hierarchy.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entity::entity;

entity! {
    /// A folder (asset, shot, sequence...): REST `GET /api/projects/{p}/folders/{id}` or
    /// GraphQL `folders`.
    pub struct Folder {
        /// The folder type (e.g. `Asset`, `Shot`).
        pub folder_type: Option<String>,
        /// The parent folder (`None` at the project's root).
        pub parent_id: Option<String>,
        /// The path, `/assets/hero` (GraphQL) or `assets/hero` (REST).
        pub path: Option<String>,
        /// Parent names from the root (REST).
        pub parents: Option<Vec<String>>,
        /// Whether it has tasks.
        pub has_tasks: Option<bool>,
        /// Whether it has child folders.
        pub has_children: Option<bool>,
        /// Whether it has products.
        pub has_products: Option<bool>,
        /// Whether it has versions (REST).
        pub has_versions: Option<bool>,
        /// Task names (REST listing).
        pub task_names: Option<Vec<String>>,
        /// The thumbnail's hash (REST listing).
        pub thumbnail_hash: Option<String>,
    }
}

/// `GET /api/projects/{p}/folders`: every folder, flat (servers 1.0.8+).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RestFolders {
    /// The folders.
    #[serde(default)]
    pub folders: Vec<Folder>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /api/projects/{p}/hierarchy`: the folder tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FolderHierarchy {
    /// The project.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub project_name: String,
    /// The top-level folders, each with its children.
    #[serde(default)]
    pub hierarchy: Vec<FolderHierarchyItem>,
    /// Fields this version does not model (e.g. `detail`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One folder of [`FolderHierarchy`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FolderHierarchyItem {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<String>,
    /// Folder type.
    #[serde(default)]
    pub folder_type: Option<String>,
    /// Whether it has tasks.
    #[serde(default)]
    pub has_tasks: bool,
    /// Task names.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub task_names: Vec<String>,
    /// Parent names.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub parents: Vec<String>,
    /// Parent id.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Child folders.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub children: Vec<FolderHierarchyItem>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FolderHierarchy {
    /// Every folder of the tree, depth first.
    pub fn flatten(&self) -> Vec<&FolderHierarchyItem> {
        fn walk<'a>(items: &'a [FolderHierarchyItem], out: &mut Vec<&'a FolderHierarchyItem>) {
            for item in items {
                out.push(item);
                walk(&item.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.hierarchy, &mut out);
        out
    }
}
