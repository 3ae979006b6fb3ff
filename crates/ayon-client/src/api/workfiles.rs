//! Workfiles: GraphQL listing and lookups (workfiles are written through batch operations).

use serde_json::json;

use super::{GraphQlList, HasLinks, check_project_name};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::Workfile;
use crate::query::Query;

/// The GraphQL fields of a workfile unless told otherwise (the reference's defaults).
pub const DEFAULT_WORKFILE_FIELDS: &[&str] = &[
    "id",
    "name",
    "path",
    "taskId",
    "projectName",
    "status",
    "tags",
    "thumbnailId",
    "active",
    "data",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "allAttrib",
];

impl AyonClient {
    /// Workfiles.
    pub fn workfiles(&self) -> Workfiles<'_> {
        Workfiles { client: self }
    }
}

/// The workfile handler: `client.workfiles()`.
#[derive(Debug, Clone, Copy)]
pub struct Workfiles<'c> {
    client: &'c AyonClient,
}

impl<'c> Workfiles<'c> {
    /// A project's workfiles (`get_workfiles_info`): GraphQL `WorkfilesInfo`.
    pub fn list(&self, project: &str) -> GraphQlList<'c, Workfile> {
        GraphQlList::new(
            self.client,
            Query::project_connection("WorkfilesInfo", project, "workfiles"),
            "workfile",
            DEFAULT_WORKFILE_FIELDS,
        )
        .check(check_project_name(project))
    }

    /// The workfile at `path` of a task (`get_workfile_info`).
    pub async fn get(&self, project: &str, task_id: &str, path: &str) -> Result<Option<Workfile>> {
        self.list(project)
            .task_ids([task_id])
            .paths([path])
            .first()
            .await
    }

    /// A workfile by id (`get_workfile_info_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Workfile>> {
        self.list(project).ids([id]).first().await
    }
}

super::common_filters!(Workfile, "workfile");

impl GraphQlList<'_, Workfile> {
    /// Only workfiles of these tasks.
    pub fn task_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("taskIds", "taskIds", ids)
    }

    /// Only workfiles at these paths.
    pub fn paths<S: Into<String>>(self, paths: impl IntoIterator<Item = S>) -> Self {
        self.strings("paths", "paths", paths)
    }

    /// Only workfiles whose path matches a regular expression (`path_regex`).
    pub fn path_regex(self, regex: impl Into<String>) -> Self {
        self.text("pathEx", "workfilePathRegex", regex)
    }

    /// Only workfiles with links in this direction (`has_links`).
    pub fn has_links(self, links: HasLinks) -> Self {
        self.scalar(
            "hasLinks",
            "workfileHasLinks",
            "HasLinksFilter",
            json!(links.as_str()),
        )
    }
}
