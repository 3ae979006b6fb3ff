//! Activities: list, one, create, clone, bulk update, move, delete.

use client_core::Request;
use serde_json::{Map, Value};

use super::widgets::all_results;
use super::{ResultStream, check_iso_date, check_name, check_uuid, first_result, one, stream};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Activity, ActivityClassification, ActivityStatus, ActivityType, IdName};

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

/// An activity given as a fetched [`Activity`] or as its UUID, like pykechain's
/// `Union[Activity, str]` arguments.
#[derive(Debug, Clone, Copy)]
pub enum ActivityRef<'a> {
    /// A fetched activity: its type and classification are known without a lookup.
    Activity(&'a Activity),
    /// Only the UUID.
    Id(&'a str),
}

impl<'a> From<&'a Activity> for ActivityRef<'a> {
    fn from(activity: &'a Activity) -> Self {
        ActivityRef::Activity(activity)
    }
}

impl<'a> From<&'a str> for ActivityRef<'a> {
    fn from(id: &'a str) -> Self {
        ActivityRef::Id(id)
    }
}

impl<'a> From<&'a String> for ActivityRef<'a> {
    fn from(id: &'a String) -> Self {
        ActivityRef::Id(id)
    }
}

impl ActivityRef<'_> {
    fn id(&self) -> &str {
        match self {
            ActivityRef::Activity(a) => &a.id,
            ActivityRef::Id(id) => id,
        }
    }

    fn activity(&self) -> Option<Activity> {
        match self {
            ActivityRef::Activity(a) => Some((*a).clone()),
            ActivityRef::Id(_) => None,
        }
    }
}

impl<'c> Activities<'c> {
    /// Lists activities.
    pub fn list(&self) -> ActivityList<'c> {
        ActivityList {
            client: self.client,
            id: None,
            name: None,
            scope: None,
            parent: None,
            filters: Vec::new(),
            limit: None,
        }
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
            body: Map::new(),
            name: name.into(),
            activity_type: ActivityType::Task,
            status: ActivityStatus::Open,
            classification: None,
            reference: None,
            dates: [None, None],
            tags: None,
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
        let mut body = Vec::with_capacity(updates.len());
        for update in &updates {
            if updates.iter().filter(|u| u.id == update.id).count() > 1 {
                return Err(Error::invalid(format!(
                    "activity {} is updated twice in one bulk update",
                    update.id
                )));
            }
            body.push(update.to_json()?);
        }
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

/// An activity list request; see [`Activities::list`].
#[derive(Debug, Clone)]
#[must_use = "a list does nothing until streamed, collected or narrowed to one"]
pub struct ActivityList<'c> {
    client: &'c KechainClient,
    id: Option<String>,
    name: Option<String>,
    scope: Option<String>,
    parent: Option<String>,
    filters: Vec<(String, String)>,
    limit: Option<u64>,
}

impl ActivityList<'_> {
    /// Only the activity with this id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Only activities with this exact name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Only activities of this scope (`scope_id`).
    pub fn scope(mut self, scope_id: impl Into<String>) -> Self {
        self.scope = Some(scope_id.into());
        self
    }

    /// Only the children of this process (`parent_id`).
    pub fn parent(mut self, parent_id: impl Into<String>) -> Self {
        self.parent = Some(parent_id.into());
        self
    }

    /// Any other server-side filter, e.g. `("name__icontains", "task")` or `("status", "OPEN")`.
    pub fn filter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.filters.push((key.into(), value.into()));
        self
    }

    /// Yields at most `n` activities.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    fn request(&self) -> Result<Request> {
        for (what, id) in [
            ("activity id", &self.id),
            ("scope id", &self.scope),
            ("parent activity id", &self.parent),
        ] {
            if let Some(id) = id {
                check_uuid(what, id)?;
            }
        }
        if let Some(name) = &self.name {
            check_name("the activity name", name)?;
        }
        // pykechain's order: id, name, scope_id, fields, then the keyword filters.
        let mut request = Request::get(LIST)
            .query_opt("id", self.id.as_ref())
            .query_opt("name", self.name.as_ref())
            .query_opt("scope_id", self.scope.as_ref())
            .query("fields", FIELDS)
            .query_opt("parent_id", self.parent.as_ref());
        for (k, v) in &self.filters {
            request = request.query(k, v);
        }
        Ok(request)
    }

    /// The activities as a stream, page by page.
    pub fn stream(&self) -> ResultStream<Activity> {
        stream(self.client, self.request(), self.limit)
    }

    /// Every matching activity.
    pub async fn all(&self) -> Result<Vec<Activity>> {
        futures_util::TryStreamExt::try_collect(self.stream()).await
    }

    /// The one matching activity: [`Error::NotFound`] or [`Error::MultipleFound`] otherwise.
    pub async fn one(&self) -> Result<Activity> {
        let what = || match (&self.name, &self.id) {
            (Some(n), _) => format!("activity named `{n}`"),
            (None, Some(id)) => format!("activity with id {id}"),
            (None, None) => "activity matching the filters".to_owned(),
        };
        one(self.client, self.request(), what).await
    }
}

fn known<T: PartialEq>(
    what: &str,
    value: &T,
    all: &[T],
    wire: impl FnOnce(&T) -> String,
) -> Result<()> {
    if all.contains(value) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`{}` is not a known {what}",
            wire(value)
        )))
    }
}

fn check_classification(value: &ActivityClassification) -> Result<()> {
    known(
        "activity classification",
        value,
        ActivityClassification::ALL,
        |v| v.to_string(),
    )
}

/// pykechain's slug rule: what `slugify_ref` leaves unchanged (`[a-z0-9_-]`, no `--`).
fn check_slug(reference: &str) -> Result<()> {
    let ok = !reference.is_empty()
        && !reference.contains("--")
        && reference
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "the ref `{reference}` is not a slug (lower-case letters, digits, `_` and single `-`)"
        )))
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
    reference: Option<String>,
    dates: [Option<String>; 2],
    tags: Option<Vec<String>>,
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
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// Description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.body
            .insert("description".into(), Value::String(text.into()));
        self
    }

    /// Start date, ISO 8601 (`2020-01-01T00:00:00+00:00`).
    pub fn start_date(mut self, date: impl Into<String>) -> Self {
        self.dates[0] = Some(date.into());
        self
    }

    /// Due date, ISO 8601.
    pub fn due_date(mut self, date: impl Into<String>) -> Self {
        self.dates[1] = Some(date.into());
        self
    }

    /// Tags (must be unique).
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Options of the activity's user interface (`{"representations": [...]}`).
    pub fn options(mut self, options: Map<String, Value>) -> Self {
        self.body
            .insert("activity_options".into(), Value::Object(options));
        self
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
        known(
            "activity type",
            &self.activity_type,
            ActivityType::ALL,
            |v| v.to_string(),
        )?;
        known("activity status", &self.status, ActivityStatus::ALL, |v| {
            v.to_string()
        })?;
        let classification = self
            .classification
            .or(self.parent_classification)
            .unwrap_or(ActivityClassification::Workflow);
        check_classification(&classification)?;
        if let Some(reference) = &self.reference {
            check_slug(reference)?;
        }
        let [start, due] = &self.dates;
        let mut body = Map::new();
        body.insert("name".into(), self.name.clone().into());
        body.insert("parent_id".into(), self.parent_id.clone().into());
        body.insert("status".into(), self.status.to_string().into());
        body.insert(
            "activity_type".into(),
            self.activity_type.to_string().into(),
        );
        body.insert("classification".into(), classification.to_string().into());
        for (key, date) in [("start_date", start), ("due_date", due)] {
            if let Some(date) = date {
                check_iso_date(key, date)?;
                body.insert(key.into(), date.clone().into());
            }
        }
        if let Some(tags) = &self.tags {
            if let Some(dup) = tags
                .iter()
                .find(|t| tags.iter().filter(|o| o == t).count() > 1)
            {
                return Err(Error::invalid(format!("the tag `{dup}` is given twice")));
            }
            body.insert("tags".into(), tags.clone().into());
        }
        if let Some(reference) = &self.reference {
            body.insert("ref".into(), reference.clone().into());
        }
        body.extend(self.body);
        let request = Request::post(LIST).query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the created activity").await
    }
}

/// The changes to one activity, for [`Activities::update_many`] and
/// [`CloneActivities::activity_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityUpdate {
    id: String,
    status: Option<ActivityStatus>,
    dates: [Option<String>; 2],
    fields: Map<String, Value>,
}

impl ActivityUpdate {
    /// Changes to the activity with this id.
    pub fn new(id: impl Into<String>) -> Self {
        ActivityUpdate {
            id: id.into(),
            status: None,
            dates: [None, None],
            fields: Map::new(),
        }
    }

    /// New name.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.field("name", name.into())
    }

    /// New description.
    pub fn description(self, text: impl Into<String>) -> Self {
        self.field("description", text.into())
    }

    /// New status.
    pub fn status(mut self, status: ActivityStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// New start date, ISO 8601 (use `.field("start_date", Value::Null)` to clear it).
    pub fn start_date(mut self, date: impl Into<String>) -> Self {
        self.dates[0] = Some(date.into());
        self
    }

    /// New due date, ISO 8601.
    pub fn due_date(mut self, date: impl Into<String>) -> Self {
        self.dates[1] = Some(date.into());
        self
    }

    /// The assigned users, by their integer ids (an empty list unassigns everyone).
    pub fn assignees(self, user_ids: impl IntoIterator<Item = u64>) -> Self {
        let ids: Vec<u64> = user_ids.into_iter().collect();
        self.field("assignees_ids", ids)
    }

    /// New tags.
    pub fn tags<S: Into<String>>(self, tags: impl IntoIterator<Item = S>) -> Self {
        let tags: Vec<String> = tags.into_iter().map(Into::into).collect();
        self.field("tags", tags)
    }

    /// Any other field, e.g. `("start_date", Value::Null)`.
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }

    fn to_json(&self) -> Result<Value> {
        check_uuid("activity id", &self.id)?;
        if let Some(Value::String(name)) = self.fields.get("name") {
            check_name("the activity name", name)?;
        }
        let mut body = Map::new();
        body.insert("id".into(), self.id.clone().into());
        if let Some(status) = &self.status {
            known("activity status", status, ActivityStatus::ALL, |v| {
                v.to_string()
            })?;
            body.insert("status".into(), status.to_string().into());
        }
        for (key, date) in [("start_date", &self.dates[0]), ("due_date", &self.dates[1])] {
            if let Some(date) = date {
                check_iso_date(key, date)?;
                body.insert(key.into(), date.clone().into());
            }
        }
        body.extend(self.fields.clone());
        Ok(Value::Object(body))
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
        let mut activities = Vec::with_capacity(self.activities.len());
        for a in &self.activities {
            if self.activities.iter().filter(|o| o.id == a.id).count() > 1 {
                return Err(Error::invalid(format!("activity {} is cloned twice", a.id)));
            }
            activities.push(a.to_json()?);
        }
        for id in &self.excluded_parts {
            check_uuid("excluded part id", id)?;
        }
        for (what, id) in [
            ("part parent model id", &self.part_parent_model),
            ("part parent instance id", &self.part_parent_instance),
        ] {
            if let Some(id) = id {
                check_uuid(what, id)?;
            }
        }
        for template in self.rename_templates.iter().flatten() {
            if !template.contains("{name}") {
                return Err(Error::invalid(format!(
                    "the rename template `{template}` must contain `{{name}}`"
                )));
            }
        }
        let [model_template, instance_template] = self.rename_templates;
        let mut body = Map::new();
        body.insert("activity_parent_id".into(), self.parent_id.into());
        body.insert(
            "include_part_models".into(),
            self.include_part_models.into(),
        );
        body.insert(
            "include_part_instances".into(),
            self.include_part_instances.into(),
        );
        body.insert("include_part_children".into(), self.include_children.into());
        body.insert("excluded_part_ids".into(), self.excluded_parts.into());
        body.insert("part_parent_model_id".into(), self.part_parent_model.into());
        body.insert(
            "part_parent_instance_id".into(),
            self.part_parent_instance.into(),
        );
        body.insert("part_models_rename_template".into(), model_template.into());
        body.insert(
            "part_instances_rename_template".into(),
            instance_template.into(),
        );
        body.insert("activities".into(), activities.into());
        body.extend(self.extra);
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
            check_classification(c)?;
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
