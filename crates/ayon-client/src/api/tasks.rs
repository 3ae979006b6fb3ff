//! Tasks: GraphQL listing and lookups (by folder path too), REST, create/update/delete.

use std::collections::BTreeMap;

use super::write::{delete, get_rest};
use super::{EntityWrite, GraphQlList, check_project_name, kinds};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::Task;
use crate::query::Query;

/// The GraphQL fields of a task unless told otherwise (the reference's defaults).
pub const DEFAULT_TASK_FIELDS: &[&str] = &[
    "id",
    "name",
    "label",
    "taskType",
    "folderId",
    "assignees",
    "status",
    "tags",
    "thumbnailId",
    "active",
    "data",
    "allAttrib",
];

impl AyonClient {
    /// Tasks.
    pub fn tasks(&self) -> Tasks<'_> {
        Tasks { client: self }
    }
}

/// The task handler: `client.tasks()`.
#[derive(Debug, Clone, Copy)]
pub struct Tasks<'c> {
    client: &'c AyonClient,
}

impl<'c> Tasks<'c> {
    /// A project's tasks (`get_tasks`): GraphQL `TasksQuery`, active ones unless
    /// [`GraphQlList::active`] says otherwise.
    pub fn list(&self, project: &str) -> GraphQlList<'c, Task> {
        GraphQlList::new(
            self.client,
            Query::project_connection("TasksQuery", project, "tasks"),
            "task",
            DEFAULT_TASK_FIELDS,
        )
        .check(check_project_name(project))
        .active(Some(true))
    }

    /// A task by id, active or not (`get_task_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Task>> {
        self.list(project).active(None).ids([id]).first().await
    }

    /// The task named `name` in a folder (`get_task_by_name`).
    pub async fn get_by_name(
        &self,
        project: &str,
        folder_id: &str,
        name: &str,
    ) -> Result<Option<Task>> {
        self.list(project)
            .active(None)
            .folder_ids([folder_id])
            .names([name])
            .first()
            .await
    }

    /// The tasks of folders by path (`get_tasks_by_folder_paths`): path → tasks, every path
    /// present. The folders are looked up first, then their tasks in one listing, as the
    /// current reference does (the seed nested the connections and paged only the outer one).
    pub async fn by_folder_paths<S: AsRef<str>>(
        &self,
        project: &str,
        paths: &[S],
        names: Option<&[&str]>,
    ) -> Result<BTreeMap<String, Vec<Task>>> {
        let mut by_path: BTreeMap<String, Vec<Task>> = paths
            .iter()
            .map(|p| (p.as_ref().to_owned(), Vec::new()))
            .collect();
        let folders = self
            .client
            .folders()
            .list(project)
            .active(None)
            .fields(["id", "path"])
            .paths(paths.iter().map(|p| p.as_ref().to_owned()))
            .all()
            .await?;
        if folders.is_empty() {
            return Ok(by_path);
        }
        let path_of: BTreeMap<&str, &str> = folders
            .iter()
            .map(|f| (f.id.as_str(), f.path.as_deref().unwrap_or_default()))
            .collect();
        let mut list = self
            .list(project)
            .active(None)
            .folder_ids(folders.iter().map(|f| f.id.clone()));
        if let Some(names) = names {
            list = list.names(names.iter().copied());
        }
        for task in list.all().await? {
            let path = task
                .folder_id
                .as_deref()
                .and_then(|id| path_of.get(id))
                .copied()
                .unwrap_or_default();
            by_path.entry(path.to_owned()).or_default().push(task);
        }
        Ok(by_path)
    }

    /// The tasks of the folder at `path` (`get_tasks_by_folder_path`).
    pub async fn by_folder_path(&self, project: &str, path: &str) -> Result<Vec<Task>> {
        let mut all = self.by_folder_paths(project, &[path], None).await?;
        Ok(all.remove(path).unwrap_or_default())
    }

    /// The task named `name` of the folder at `path` (`get_task_by_folder_path`).
    pub async fn get_by_folder_path(
        &self,
        project: &str,
        path: &str,
        name: &str,
    ) -> Result<Option<Task>> {
        let mut all = self
            .by_folder_paths(project, &[path], Some(&[name]))
            .await?;
        Ok(all
            .remove(path)
            .and_then(|mut tasks| tasks.drain(..).next()))
    }

    /// A task over REST (`get_rest_task`): `None` when it does not exist.
    pub async fn get_rest(&self, project: &str, id: &str) -> Result<Option<Task>> {
        get_rest::<kinds::Task, _>(self.client, project, id).await
    }

    /// Creates a task (`create_task`) of type `task_type` in a folder.
    pub fn create(
        &self,
        project: &str,
        name: &str,
        task_type: &str,
        folder_id: &str,
    ) -> EntityWrite<'c, kinds::Task> {
        EntityWrite::create(self.client, project)
            .name(name)
            .task_type(task_type)
            .folder_id(folder_id)
    }

    /// Updates a task (`update_task`): only the fields set are sent.
    pub fn update(&self, project: &str, id: &str) -> EntityWrite<'c, kinds::Task> {
        EntityWrite::update(self.client, project, id)
    }

    /// Deletes a task (`delete_task`).
    pub async fn delete(&self, project: &str, id: &str) -> Result<()> {
        delete::<kinds::Task>(self.client, project, id, false).await
    }
}

impl EntityWrite<'_, kinds::Task> {
    /// The task type (e.g. `Modeling`).
    pub fn task_type(self, task_type: &str) -> Self {
        self.set("taskType", task_type)
    }

    /// The folder.
    pub fn folder_id(self, folder: &str) -> Self {
        self.set_id("folderId", Some(folder))
    }

    /// The assignees (replacing them).
    pub fn assignees<S: Into<String>>(self, users: impl IntoIterator<Item = S>) -> Self {
        let users: Vec<String> = users.into_iter().map(Into::into).collect();
        self.set("assignees", users)
    }
}

super::common_filters!(Task, "task");

impl GraphQlList<'_, Task> {
    /// Only tasks with these names.
    pub fn names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.strings("names", "taskNames", names)
    }

    /// Only tasks of these types.
    pub fn task_types<S: Into<String>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.strings("taskTypes", "taskTypes", types)
    }

    /// Only tasks of these folders.
    pub fn folder_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("folderIds", "folderIds", ids)
    }

    /// Only tasks assigned to any of these users (`assignees`; GraphQL `assigneesAny`).
    pub fn assignees<S: Into<String>>(self, users: impl IntoIterator<Item = S>) -> Self {
        self.strings("assigneesAny", "taskAssigneesAny", users)
    }

    /// Only tasks assigned to all of these users (`assignees_all`; GraphQL `assignees`).
    pub fn assignees_all<S: Into<String>>(self, users: impl IntoIterator<Item = S>) -> Self {
        self.strings("assignees", "taskAssigneesAll", users)
    }

    /// Also the names of the attributes set on each task itself (`own_attributes`).
    pub fn own_attributes(self) -> Self {
        self.require("ownAttrib").require("allAttrib")
    }
}
