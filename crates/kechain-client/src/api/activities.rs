//! Activities: list, one, create, clone, bulk update, move, delete.

use platform_client_core::Request;
use serde_json::{Map, Value, json};

use super::List;
use super::{all_results, check_unique};
use super::{check_iso_date, check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::activity::{check_known, check_slug};
use crate::models::{Activity, ActivityClassification, ActivityStatus, ActivityType, IdName};
pub use crate::models::{ActivityRef, ActivityUpdate};

/// pykechain's `API_EXTRA_PARAMS["activity"]` (the same for `"activities"`).
const FIELDS: &str = "id,name,ref,description,created_at,updated_at,activity_type,classification,tags,progress,assignees_ids,start_date,due_date,status,parent_id,scope_id,customization,activity_options,form_collection";
const LIST: &str = "api/activities.json";

impl KechainClient {
    /// Activities (tasks and processes): list, get, create, clone, bulk update, move, delete.
    pub fn activities(&self) -> Activities<'_> {
        Activities { client: self }
    }
}

/// The activity handler: `client.activities()`.
#[derive(Debug, Clone, Copy)]
pub struct Activities<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Activities<'c> {
    /// Lists activities.
    pub fn list(&self) -> List<'c, Activity> {
        // pykechain's order: id, name, scope_id, fields, then the keyword filters.
        List::new(self.client, LIST, "activity").with(|l| {
            l.layout(&["id", "name", "scope_id", "fields", "parent_id", "*"])
                .param("fields", FIELDS)
        })
    }

    /// The activity with this id (`id=…&limit=2` on the list, like pykechain's `activity(pk=…)`).
    pub async fn get(&self, id: &str) -> Result<Activity> {
        self.list().id(id).one().await
    }

    /// Creates an activity named `name` under `parent` (a process). The classification defaults
    /// to the parent's when `parent` is an [`Activity`], else to `WORKFLOW`.
    pub fn create<'a>(
        &self,
        parent: impl Into<ActivityRef<'a>>,
        name: impl Into<String>,
    ) -> CreateActivity<'c> {
        let parent = parent.into();
        CreateActivity {
            client: self.client,
            parent_id: parent.id().to_owned(),
            parent_classification: parent.activity().and_then(|a| a.classification),
            name: name.into(),
            activity_type: ActivityType::Task,
            status: ActivityStatus::Open,
            classification: None,
            body: Map::new(),
        }
    }

    /// Clones activities (with their widgets, optionally their data model) under `parent`.
    pub fn clone_activities<'a>(&self, parent: impl Into<ActivityRef<'a>>) -> CloneActivities<'c> {
        CloneActivities {
            client: self.client,
            parent_id: parent.into().id().to_owned(),
            activities: Vec::new(),
            include_part_models: false,
            include_part_instances: false,
            include_children: true,
            excluded_parts: Vec::new(),
            part_parent_model: None,
            part_parent_instance: None,
            rename_templates: [None, None],
            asynchronous: false,
            extra: Map::new(),
        }
    }

    /// Updates several activities in one request (`PUT api/activities/bulk_update`).
    /// The server acknowledges with the `{id, name}` of each.
    pub async fn update_many(
        &self,
        updates: impl IntoIterator<Item = ActivityUpdate>,
    ) -> Result<Vec<IdName>> {
        let updates: Vec<ActivityUpdate> = updates.into_iter().collect();
        if updates.is_empty() {
            return Err(Error::invalid("no activity to update"));
        }
        check_unique("activity", updates.iter().map(ActivityUpdate::id))?;
        let body = updates
            .iter()
            .map(ActivityUpdate::to_json)
            .collect::<Result<Vec<_>>>()?;
        let request = Request::put("api/activities/bulk_update").json(&body)?;
        all_results(self.client, request).await
    }

    /// Moves an activity (and its sub-tree) under another process.
    pub fn move_activity<'a>(
        &self,
        activity_id: impl Into<String>,
        parent: impl Into<ActivityRef<'a>>,
    ) -> MoveActivity<'c> {
        let parent = parent.into();
        MoveActivity {
            client: self.client,
            activity_id: activity_id.into(),
            parent_id: parent.id().to_owned(),
            parent: parent.activity(),
            classification: None,
        }
    }

    /// Deletes an activity (and its sub-tree).
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("activity id", id)?;
        let request = Request::delete(format!("api/activities/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }
}

lookup_filters!(Activity, "activity", "activities");

/// The filters of [`Activities::list`].
impl List<'_, Activity> {
    /// Only activities of this scope (`scope_id`).
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope_id", "scope id", scope_id)
    }

    /// Only the children of this process (`parent_id`).
    pub fn parent(self, parent_id: impl Into<String>) -> Self {
        self.uuid("parent_id", "parent activity id", parent_id)
    }
}

/// An activity creation; see [`Activities::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateActivity<'c> {
    client: &'c KechainClient,
    parent_id: String,
    parent_classification: Option<ActivityClassification>,
    name: String,
    activity_type: ActivityType,
    status: ActivityStatus,
    classification: Option<ActivityClassification>,
    body: Map<String, Value>,
}

impl CreateActivity<'_> {
    /// Task (default) or process.
    pub fn activity_type(mut self, activity_type: ActivityType) -> Self {
        self.activity_type = activity_type;
        self
    }

    /// Status (default `OPEN`).
    pub fn status(mut self, status: ActivityStatus) -> Self {
        self.status = status;
        self
    }

    /// Classification (default: the parent's, or `WORKFLOW`).
    pub fn classification(mut self, classification: ActivityClassification) -> Self {
        self.classification = Some(classification);
        self
    }

    /// The slug reference (`ref`); must already be a slug.
    pub fn reference(self, reference: impl Into<String>) -> Self {
        self.field("ref", reference.into())
    }

    /// Description.
    pub fn description(self, text: impl Into<String>) -> Self {
        self.field("description", text.into())
    }

    /// Start date, ISO 8601 (`2020-01-01T00:00:00+00:00`).
    pub fn start_date(self, date: impl Into<String>) -> Self {
        self.field("start_date", date.into())
    }

    /// Due date, ISO 8601.
    pub fn due_date(self, date: impl Into<String>) -> Self {
        self.field("due_date", date.into())
    }

    /// Tags (must be unique).
    pub fn tags<S: Into<String>>(self, tags: impl IntoIterator<Item = S>) -> Self {
        let tags: Vec<String> = tags.into_iter().map(Into::into).collect();
        self.field("tags", tags)
    }

    /// Options of the activity's user interface (`{"representations": [...]}`).
    pub fn options(self, options: Map<String, Value>) -> Self {
        self.field("activity_options", Value::Object(options))
    }

    /// Any other body field (pykechain's `**kwargs`); it overrides the typed ones.
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.body.insert(key.into(), value.into());
        self
    }

    /// Creates the activity.
    pub async fn send(self) -> Result<Activity> {
        check_uuid("parent activity id", &self.parent_id)?;
        check_name("the activity name", &self.name)?;
        check_known("activity type", &self.activity_type, ActivityType::ALL)?;
        check_known("activity status", &self.status, ActivityStatus::ALL)?;
        let classification = self
            .classification
            .or(self.parent_classification)
            .unwrap_or(ActivityClassification::Workflow);
        check_known(
            "activity classification",
            &classification,
            ActivityClassification::ALL,
        )?;
        for key in ["start_date", "due_date"] {
            if let Some(Value::String(date)) = self.body.get(key) {
                check_iso_date(key, date)?;
            }
        }
        if let Some(Value::String(reference)) = self.body.get("ref") {
            check_slug(reference)?;
        }
        if let Some(Value::Array(tags)) = self.body.get("tags") {
            check_unique("the tag", tags.iter().filter_map(Value::as_str))?;
        }
        let mut body = Map::new();
        body.insert("name".into(), self.name.into());
        body.insert("parent_id".into(), self.parent_id.into());
        body.insert("status".into(), self.status.to_string().into());
        body.insert(
            "activity_type".into(),
            self.activity_type.to_string().into(),
        );
        body.insert("classification".into(), classification.to_string().into());
        body.extend(self.body);
        let request = Request::post(LIST).query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the created activity").await
    }
}

/// An activity clone; see [`Activities::clone_activities`].
#[derive(Debug, Clone)]
#[must_use = "nothing is cloned until `send` is awaited"]
pub struct CloneActivities<'c> {
    client: &'c KechainClient,
    parent_id: String,
    activities: Vec<ActivityUpdate>,
    include_part_models: bool,
    include_part_instances: bool,
    include_children: bool,
    excluded_parts: Vec<String>,
    part_parent_model: Option<String>,
    part_parent_instance: Option<String>,
    rename_templates: [Option<String>; 2],
    asynchronous: bool,
    extra: Map<String, Value>,
}

impl CloneActivities<'_> {
    /// Clones this activity as it is.
    pub fn activity(mut self, id: impl Into<String>) -> Self {
        self.activities.push(ActivityUpdate::new(id));
        self
    }

    /// Clones these activities as they are.
    pub fn activities<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.activities
            .extend(ids.into_iter().map(ActivityUpdate::new));
        self
    }

    /// Clones an activity and changes the copy (`name`, `status`, dates, assignees...).
    pub fn activity_with(mut self, update: ActivityUpdate) -> Self {
        self.activities.push(update);
        self
    }

    /// Also clone the part models the widgets use (default false).
    pub fn include_part_models(mut self, include: bool) -> Self {
        self.include_part_models = include;
        self
    }

    /// Also clone the part instances the widgets use (default false).
    pub fn include_part_instances(mut self, include: bool) -> Self {
        self.include_part_instances = include;
        self
    }

    /// Clone the children of cloned parts (default true).
    pub fn include_children(mut self, include: bool) -> Self {
        self.include_children = include;
        self
    }

    /// Parts not to clone (the widgets keep pointing at the originals).
    pub fn exclude_parts<S: Into<String>>(mut self, part_ids: impl IntoIterator<Item = S>) -> Self {
        self.excluded_parts
            .extend(part_ids.into_iter().map(Into::into));
        self
    }

    /// The parent of the cloned part models.
    pub fn part_parent_model(mut self, part_id: impl Into<String>) -> Self {
        self.part_parent_model = Some(part_id.into());
        self
    }

    /// The parent of the cloned part instances.
    pub fn part_parent_instance(mut self, part_id: impl Into<String>) -> Self {
        self.part_parent_instance = Some(part_id.into());
        self
    }

    /// Names of the cloned part models; must contain `{name}`.
    pub fn part_model_rename_template(mut self, template: impl Into<String>) -> Self {
        self.rename_templates[0] = Some(template.into());
        self
    }

    /// Names of the cloned part instances; must contain `{name}`.
    pub fn part_instance_rename_template(mut self, template: impl Into<String>) -> Self {
        self.rename_templates[1] = Some(template.into());
        self
    }

    /// Let the server clone in the background: `send` then returns an empty list (HTTP 202).
    pub fn asynchronous(mut self, asynchronous: bool) -> Self {
        self.asynchronous = asynchronous;
        self
    }

    /// Any other body field (pykechain's `**kwargs`).
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// Clones; returns the copies (none when asynchronous).
    pub async fn send(self) -> Result<Vec<Activity>> {
        check_uuid("parent activity id", &self.parent_id)?;
        if self.activities.is_empty() {
            return Err(Error::invalid("no activity to clone"));
        }
        check_unique("activity", self.activities.iter().map(ActivityUpdate::id))?;
        let activities = self
            .activities
            .iter()
            .map(ActivityUpdate::to_json)
            .collect::<Result<Vec<_>>>()?;
        let parts = (self.excluded_parts.iter())
            .chain(&self.part_parent_model)
            .chain(&self.part_parent_instance);
        for id in parts {
            check_uuid("part id", id)?;
        }
        for template in self.rename_templates.iter().flatten() {
            if !template.contains("{name}") {
                return Err(Error::invalid(format!(
                    "the rename template `{template}` must contain `{{name}}`"
                )));
            }
        }
        let [model_template, instance_template] = self.rename_templates;
        let mut body = json!({
            "activity_parent_id": self.parent_id,
            "include_part_models": self.include_part_models,
            "include_part_instances": self.include_part_instances,
            "include_part_children": self.include_children,
            "excluded_part_ids": self.excluded_parts,
            "part_parent_model_id": self.part_parent_model,
            "part_parent_instance_id": self.part_parent_instance,
            "part_models_rename_template": model_template,
            "part_instances_rename_template": instance_template,
            "activities": activities,
        });
        if let Value::Object(map) = &mut body {
            map.extend(self.extra);
        }
        let request = Request::post("api/activities/bulk_clone")
            .query("fields", FIELDS)
            .query("async_mode", super::py_bool(self.asynchronous))
            .json(&body)?;
        all_results(self.client, request).await
    }
}

/// An activity move; see [`Activities::move_activity`].
#[derive(Debug, Clone)]
#[must_use = "nothing is moved until `send` is awaited"]
pub struct MoveActivity<'c> {
    client: &'c KechainClient,
    activity_id: String,
    parent_id: String,
    parent: Option<Activity>,
    classification: Option<ActivityClassification>,
}

impl MoveActivity<'_> {
    /// The target classification (default: the new parent's), to move between trees.
    pub fn classification(mut self, classification: ActivityClassification) -> Self {
        self.classification = Some(classification);
        self
    }

    /// Moves the activity. A parent given by id is looked up first (it must be a process).
    pub async fn send(self) -> Result<()> {
        check_uuid("activity id", &self.activity_id)?;
        check_uuid("parent activity id", &self.parent_id)?;
        if let Some(c) = &self.classification {
            check_known("activity classification", c, ActivityClassification::ALL)?;
        }
        let parent = match self.parent {
            Some(parent) => parent,
            None => {
                Activities {
                    client: self.client,
                }
                .get(&self.parent_id)
                .await?
            }
        };
        if !parent.is_process() {
            return Err(Error::invalid(format!(
                "an activity can only be moved under a process; `{}` is not one",
                parent.name
            )));
        }
        let classification = self
            .classification
            .or(parent.classification)
            .unwrap_or(ActivityClassification::Workflow);
        let form = [
            ("parent_id", parent.id),
            ("classification", classification.to_string()),
        ];
        let request =
            Request::put(format!("api/activities/{}/move_activity", self.activity_id)).form(form);
        self.client.http.send(request).await?;
        Ok(())
    }
}
