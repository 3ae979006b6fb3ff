//! Activities: list (GraphQL), by id, create, update, delete, and batch operations.

use std::time::SystemTime;

use platform_client_core::Request;
use serde_json::{Map, Value, json};

use super::events::timestamp;
use super::{GraphQlList, check_project_name, check_text, entity_id, new_entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{Activity, OperationResult, OperationsAnswer};
use crate::query::Query;

/// The GraphQL fields of an activity unless told otherwise (the reference's defaults).
pub const DEFAULT_ACTIVITY_FIELDS: &[&str] = &[
    "activityId",
    "activityType",
    "activityData",
    "body",
    "entityId",
    "entityType",
    "author.name",
];

/// The entity types activities are on.
const ON: [&str; 6] = [
    "folder",
    "task",
    "product",
    "version",
    "representation",
    "workfile",
];

impl AyonClient {
    /// Activities.
    pub fn activities(&self) -> Activities<'_> {
        Activities { client: self }
    }
}

/// The activity handler: `client.activities()`.
#[derive(Debug, Clone, Copy)]
pub struct Activities<'c> {
    client: &'c AyonClient,
}

impl<'c> Activities<'c> {
    /// A project's activities (`get_activities`): GraphQL `Activities`, the `origin`
    /// references unless [`GraphQlList::reference_types`] says otherwise (as the reference).
    pub fn list(&self, project: &str) -> GraphQlList<'c, Activity> {
        GraphQlList::new(
            self.client,
            Query::project_connection("Activities", project, "activities"),
            "activity",
            DEFAULT_ACTIVITY_FIELDS,
        )
        .check(check_project_name(project))
        .strings("referenceTypes", "referenceTypes", ["origin"])
    }

    /// An activity by id (`get_activity_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Activity>> {
        self.list(project).activity_ids([id]).first().await
    }

    /// Adds an activity to an entity (`create_activity`): `POST
    /// /api/projects/{p}/{entity_type}/{id}/activities`; the activity's id.
    pub fn create(
        &self,
        project: &str,
        entity_type: &str,
        entity: &str,
        activity_type: &str,
    ) -> ActivityWrite<'c> {
        let mut error = check_project_name(project).err().map(|e| e.to_string());
        if !ON.contains(&entity_type) {
            error.get_or_insert(format!("activities are not on {entity_type:?} entities"));
        }
        let path = entity_id("entity_id", entity)
            .map(|id| format!("api/projects/{project}/{entity_type}/{id}/activities"));
        if let Err(e) = &path {
            error.get_or_insert(e.to_string());
        }
        if let Err(e) = check_text("activity_type", activity_type) {
            error.get_or_insert(e.to_string());
        }
        let mut body = Map::new();
        body.insert("activityType".to_owned(), json!(activity_type));
        ActivityWrite {
            client: self.client,
            path: path.unwrap_or_default(),
            create: true,
            body,
            error,
        }
    }

    /// Changes an activity (`update_activity`): `PATCH /api/projects/{p}/activities/{id}`.
    pub fn update(&self, project: &str, id: &str) -> ActivityWrite<'c> {
        let mut error = check_project_name(project).err().map(|e| e.to_string());
        let path = entity_id("activity_id", id)
            .map(|id| format!("api/projects/{project}/activities/{id}"));
        if let Err(e) = &path {
            error.get_or_insert(e.to_string());
        }
        ActivityWrite {
            client: self.client,
            path: path.unwrap_or_default(),
            create: false,
            body: Map::new(),
            error,
        }
    }

    /// Deletes an activity (`delete_activity`).
    pub async fn delete(&self, project: &str, id: &str) -> Result<()> {
        check_project_name(project)?;
        let id = entity_id("activity_id", id)?;
        self.client
            .send_empty(Request::delete(format!(
                "api/projects/{project}/activities/{id}"
            )))
            .await
    }

    /// Creates, updates and deletes activities in one request
    /// (`send_activities_batch_operations`): `POST /api/projects/{p}/operations/activities`.
    /// Each operation is `{"type", "activityId"?, "data"}`; a create needs its `data` (the
    /// reference sent the fields beside it, which the server refuses). Failures are
    /// [`Error::FailedOperations`].
    pub async fn send_batch(
        &self,
        project: &str,
        operations: &[Value],
        can_fail: bool,
    ) -> Result<Vec<OperationResult>> {
        check_project_name(project)?;
        if operations.is_empty() {
            return Ok(Vec::new());
        }
        let mut ops = operations.to_vec();
        for op in &mut ops {
            let kind = op.get("type").and_then(Value::as_str).unwrap_or_default();
            if !matches!(kind, "create" | "update" | "delete") {
                return Err(Error::invalid(format!(
                    "an activity operation's type must be create, update or delete, not {kind:?}"
                )));
            }
            if kind == "create" && !op.get("data").is_some_and(Value::is_object) {
                return Err(Error::invalid("an activity create needs its `data`"));
            }
            if op.get("id").is_none() {
                op["id"] = json!(new_entity_id());
            }
        }
        let body = json!({"operations": ops, "canFail": can_fail});
        let request =
            Request::post(format!("api/projects/{project}/operations/activities")).json(&body)?;
        let answer: OperationsAnswer = self.client.json(request).await?;
        answer.into_results()
    }
}

impl GraphQlList<'_, Activity> {
    /// Only these activities.
    pub fn activity_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("activityIds", "activityIds", ids)
    }

    /// Only these activity types (`comment`, `status.change`, ...).
    pub fn activity_types<S: Into<String>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.strings("activityTypes", "activityTypes", types)
    }

    /// Only activities on these entities.
    pub fn entity_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("entityIds", "entityIds", ids)
    }

    /// Only activities on entities with these names.
    pub fn entity_names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.strings("entityNames", "entityNames", names)
    }

    /// Only activities on entities of this type.
    pub fn entity_type(self, entity_type: &str) -> Self {
        self.text("entityType", "entityType", entity_type)
    }

    /// Only activities changed after this.
    pub fn changed_after(self, time: SystemTime) -> Self {
        self.text("changedAfter", "changedAfter", timestamp(time))
    }

    /// Only activities changed before this.
    pub fn changed_before(self, time: SystemTime) -> Self {
        self.text("changedBefore", "changedBefore", timestamp(time))
    }

    /// The references to list (`origin`, `mention`, `relation`; default `origin`).
    pub fn reference_types<S: Into<String>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.strings("referenceTypes", "referenceTypes", types)
    }
}

/// Creates or updates an activity; see [`Activities::create`] and [`Activities::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct ActivityWrite<'c> {
    client: &'c AyonClient,
    path: String,
    create: bool,
    body: Map<String, Value>,
    error: Option<String>,
}

impl ActivityWrite<'_> {
    fn set(mut self, key: &str, value: Value) -> Self {
        self.body.insert(key.to_owned(), value);
        self
    }

    /// The activity's id (a create; made by the server otherwise).
    pub fn id(self, id: &str) -> Self {
        match entity_id("activity_id", id) {
            Ok(id) => self.set("id", json!(id)),
            Err(e) => ActivityWrite {
                error: Some(e.to_string()),
                ..self
            },
        }
    }

    /// The text (markdown; `@user` mentions).
    pub fn body(self, body: &str) -> Self {
        self.set("body", json!(body))
    }

    /// Attached files (ids of uploaded files), replacing them.
    pub fn file_ids<S: Into<String>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.set("files", json!(ids))
    }

    /// Files to add (an update).
    pub fn append_file_ids<S: Into<String>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.set("appendFiles", json!(ids))
    }

    /// When it happened (a create).
    pub fn timestamp(self, time: SystemTime) -> Self {
        self.set("timestamp", json!(timestamp(time)))
    }

    /// Free-form data.
    pub fn data(self, data: Map<String, Value>) -> Self {
        self.set("data", Value::Object(data))
    }

    /// Sends it; the activity's id (`201 {"id"}` for a create; the given id for an update).
    pub async fn send(self) -> Result<String> {
        if let Some(message) = self.error {
            return Err(Error::invalid(message));
        }
        if self.create {
            let answer: Value = self
                .client
                .json(Request::post(self.path).json(&self.body)?)
                .await?;
            return answer
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| Error::unexpected("the activity answer holds no id"));
        }
        if self.body.is_empty() {
            return Err(Error::invalid("nothing to update"));
        }
        let id = self.path.rsplit('/').next().unwrap_or_default().to_owned();
        self.client
            .send_empty(Request::patch(self.path).json(&self.body)?)
            .await?;
        Ok(id)
    }
}
