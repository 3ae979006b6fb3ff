//! Folders: GraphQL listing and lookups, the hierarchy, the flat REST listing,
//! create/update/delete.

use std::collections::BTreeSet;

use platform_client_core::Request;
use serde_json::json;

use super::write::{delete, get_rest};
use super::{EntityWrite, GraphQlList, check_project_name, check_text, kinds};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::{Folder, FolderHierarchy, RestFolders};
use crate::query::Query;

/// The GraphQL fields of a folder unless told otherwise (the reference's defaults).
pub const DEFAULT_FOLDER_FIELDS: &[&str] = &[
    "id",
    "name",
    "label",
    "folderType",
    "parentId",
    "path",
    "status",
    "tags",
    "thumbnailId",
    "active",
    "data",
    "allAttrib",
];

impl AyonClient {
    /// Folders.
    pub fn folders(&self) -> Folders<'_> {
        Folders { client: self }
    }
}

/// The folder handler: `client.folders()`.
#[derive(Debug, Clone, Copy)]
pub struct Folders<'c> {
    client: &'c AyonClient,
}

impl<'c> Folders<'c> {
    /// A project's folders (`get_folders`): GraphQL `FoldersQuery`, active ones unless
    /// [`GraphQlList::active`] says otherwise; narrow it with the filters of
    /// [`GraphQlList<Folder>`].
    pub fn list(&self, project: &str) -> GraphQlList<'c, Folder> {
        GraphQlList::new(
            self.client,
            Query::project_connection("FoldersQuery", project, "folders"),
            "folder",
            DEFAULT_FOLDER_FIELDS,
        )
        .check(check_project_name(project))
        .active(Some(true))
    }

    /// A folder by id, active or not (`get_folder_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Folder>> {
        self.list(project).active(None).ids([id]).first().await
    }

    /// A folder by path, e.g. `/assets/hero` (`get_folder_by_path`).
    pub async fn get_by_path(&self, project: &str, path: &str) -> Result<Option<Folder>> {
        self.list(project).active(None).paths([path]).first().await
    }

    /// The first folder named `name` (`get_folder_by_name`; names repeat across the tree).
    pub async fn get_by_name(&self, project: &str, name: &str) -> Result<Option<Folder>> {
        self.list(project).active(None).names([name]).first().await
    }

    /// The ids of the folders that have products, among `folder_ids` when given
    /// (`get_folder_ids_with_products`).
    pub async fn ids_with_products<S: AsRef<str>>(
        &self,
        project: &str,
        folder_ids: Option<&[S]>,
    ) -> Result<BTreeSet<String>> {
        let mut list = self
            .list(project)
            .active(None)
            .fields(["id"])
            .has_products(true);
        if let Some(ids) = folder_ids {
            list = list.ids(ids.iter().map(AsRef::as_ref));
        }
        Ok(list.all().await?.into_iter().map(|f| f.id).collect())
    }

    /// The folder tree (`get_folders_hierarchy`): `GET /api/projects/{p}/hierarchy`, with a
    /// name search and folder types (sent as separate query pairs; the seed joined them with
    /// `,`).
    pub async fn hierarchy(
        &self,
        project: &str,
        search: Option<&str>,
        folder_types: &[&str],
    ) -> Result<FolderHierarchy> {
        check_project_name(project)?;
        if let Some(search) = search {
            check_text("search", search)?;
        }
        for t in folder_types {
            check_text("folder_types", t)?;
        }
        let types = (!folder_types.is_empty()).then(|| folder_types.join(","));
        let request = Request::get(format!("api/projects/{project}/hierarchy"))
            .query_opt("search", search)
            .query_opt("types", types);
        self.client.json(request).await
    }

    /// Every folder of a project, flat, over REST (`get_rest_folders`, `get_folders_rest`):
    /// `GET /api/projects/{p}/folders`, with attributes when `include_attrib`. Far faster than
    /// GraphQL paging for whole projects (servers 1.0.8+).
    pub async fn rest_list(&self, project: &str, include_attrib: bool) -> Result<Vec<Folder>> {
        check_project_name(project)?;
        let mut request = Request::get(format!("api/projects/{project}/folders"));
        if include_attrib {
            request = request.query("attrib", "true");
        }
        let folders: RestFolders = self.client.json(request).await?;
        Ok(folders.folders)
    }

    /// A folder over REST (`get_rest_folder`): `None` when it does not exist.
    pub async fn get_rest(&self, project: &str, id: &str) -> Result<Option<Folder>> {
        get_rest::<kinds::Folder, _>(self.client, project, id).await
    }

    /// Creates a folder named `name` (`create_folder`); set the type, parent and the rest on
    /// the returned write. The id is made here unless given.
    pub fn create(&self, project: &str, name: &str) -> EntityWrite<'c, kinds::Folder> {
        EntityWrite::create(self.client, project).name(name)
    }

    /// Updates a folder (`update_folder`): only the fields set are sent.
    pub fn update(&self, project: &str, id: &str) -> EntityWrite<'c, kinds::Folder> {
        EntityWrite::update(self.client, project, id)
    }

    /// Deletes a folder (`delete_folder`), with everything below it when `force`.
    pub async fn delete(&self, project: &str, id: &str, force: bool) -> Result<()> {
        delete::<kinds::Folder>(self.client, project, id, force).await
    }
}

impl EntityWrite<'_, kinds::Folder> {
    /// The folder type (e.g. `Asset`, `Shot`).
    pub fn folder_type(self, folder_type: &str) -> Self {
        self.set("folderType", folder_type)
    }

    /// The parent folder; `None` moves it to the project's root.
    pub fn parent_id(self, parent: Option<&str>) -> Self {
        self.set_id("parentId", parent)
    }
}

super::common_filters!(Folder, "folder");

impl GraphQlList<'_, Folder> {
    /// Only folders at these paths, e.g. `/assets/hero` (`folder_paths`).
    pub fn paths<S: Into<String>>(self, paths: impl IntoIterator<Item = S>) -> Self {
        self.strings("paths", "folderPaths", paths)
    }

    /// Only folders with these names (`folder_names`).
    pub fn names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.strings("names", "folderNames", names)
    }

    /// Only folders of these types (`folder_types`).
    pub fn folder_types<S: Into<String>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.strings("folderTypes", "folderTypes", types)
    }

    /// Only children of these folders; `None` in the list (or the project's name, as the
    /// reference allows) means the project's root (`parent_ids`).
    pub fn parent_ids<S: AsRef<str>>(self, parents: impl IntoIterator<Item = Option<S>>) -> Self {
        let mut checked = Vec::new();
        let mut list = self;
        for parent in parents {
            match parent {
                None => checked.push("root".to_owned()),
                Some(id) => match super::entity_id("parent_ids", id.as_ref()) {
                    Ok(id) => checked.push(id),
                    Err(e) => list = list.reject(e.to_string()),
                },
            }
        }
        list.strings("parentIds", "folderParentIds", checked)
    }

    /// Only folders whose path matches a regular expression (`folder_path_regex`).
    pub fn path_regex(self, regex: impl Into<String>) -> Self {
        self.text("pathEx", "folderPathRegex", regex)
    }

    /// Only folders with (or without) products (`has_products`).
    pub fn has_products(self, has: bool) -> Self {
        self.scalar("hasProducts", "folderHasProducts", "Boolean!", json!(has))
    }

    /// Only folders with (or without) tasks (`has_tasks`).
    pub fn has_tasks(self, has: bool) -> Self {
        self.scalar("hasTasks", "folderHasTasks", "Boolean!", json!(has))
    }

    /// Only folders with (or without) child folders (`has_children`).
    pub fn has_children(self, has: bool) -> Self {
        self.scalar("hasChildren", "folderHasChildren", "Boolean!", json!(has))
    }

    /// Only folders with links in this direction (`has_links`).
    pub fn has_links(self, links: super::HasLinks) -> Self {
        self.scalar(
            "hasLinks",
            "folderHasLinks",
            "HasLinksFilter",
            json!(links.as_str()),
        )
    }

    /// Only folders with tasks assigned to all these users (`assignees_all`).
    pub fn assignees_all<S: Into<String>>(self, users: impl IntoIterator<Item = S>) -> Self {
        self.strings("assignees", "folderAssigneesAll", users)
    }

    /// Also the names of the attributes set on each folder itself (`own_attributes`; see
    /// [`Folder::own_attributes`]).
    pub fn own_attributes(self) -> Self {
        self.require("ownAttrib").require("allAttrib")
    }
}
