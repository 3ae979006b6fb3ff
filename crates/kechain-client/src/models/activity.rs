//! Activities (tasks and processes).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;
use crate::api::{check_iso_date, check_name, check_uuid};
use crate::error::{Error, Result};

platform_client_core::string_enum! {
    /// Whether an activity is a task or a process (a "subprocess" holding other activities).
    pub enum ActivityType {
        /// A task: holds widgets, no children.
        Task => "TASK",
        /// A process: holds other activities.
        Process => "PROCESS",
    }
}

platform_client_core::string_enum! {
    /// The tree an activity lives in.
    pub enum ActivityClassification {
        /// The project workflow.
        Workflow => "WORKFLOW",
        /// The catalogue.
        Catalog => "CATALOG",
        /// The apps.
        App => "APP",
        /// Forms.
        Form => "FORM",
    }
}

platform_client_core::string_enum! {
    /// The status of an activity.
    pub enum ActivityStatus {
        /// Open.
        Open => "OPEN",
        /// Completed.
        Completed => "COMPLETED",
    }
}

/// A KE-chain activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Activity {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description (often `null`).
    #[serde(default)]
    pub description: Option<String>,
    /// Task or process.
    #[serde(default)]
    pub activity_type: Option<ActivityType>,
    /// The tree it belongs to.
    #[serde(default)]
    pub classification: Option<ActivityClassification>,
    /// Open or completed.
    #[serde(default)]
    pub status: Option<ActivityStatus>,
    /// The scope (project) id.
    #[serde(default)]
    pub scope_id: Option<String>,
    /// The parent activity id (`null` for the root activities).
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Start date (ISO 8601).
    #[serde(default)]
    pub start_date: Option<String>,
    /// Due date (ISO 8601).
    #[serde(default)]
    pub due_date: Option<String>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Tags.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
    /// Ids of the assigned users (integers; missing from create answers, sometimes `null`).
    #[serde(default, deserialize_with = "null_default")]
    pub assignees_ids: Vec<u64>,
    /// Progress, 0 to 1.
    #[serde(default)]
    pub progress: Option<f64>,
    /// Options of the activity's user interface (`representations`, ...).
    #[serde(default, deserialize_with = "null_default")]
    pub activity_options: Map<String, Value>,
    /// The form collection of a FORM activity.
    #[serde(default)]
    pub form_collection: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Activity {
    /// True for a process (an activity that can hold other activities).
    pub fn is_process(&self) -> bool {
        self.activity_type == Some(ActivityType::Process)
    }
}

/// Rejects an enum value this crate does not know (an `Unknown` variant) before sending.
pub(crate) fn check_known<T: PartialEq + std::fmt::Display>(
    what: &str,
    value: &T,
    all: &[T],
) -> Result<()> {
    if all.contains(value) {
        Ok(())
    } else {
        Err(Error::invalid(format!("`{value}` is not a known {what}")))
    }
}

/// pykechain's slug rule: what `slugify_ref` leaves unchanged (`[a-z0-9_-]`, no `--`).
pub(crate) fn check_slug(reference: &str) -> Result<()> {
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
    pub(crate) fn id(&self) -> &str {
        match self {
            ActivityRef::Activity(a) => &a.id,
            ActivityRef::Id(id) => id,
        }
    }

    pub(crate) fn activity(&self) -> Option<Activity> {
        match self {
            ActivityRef::Activity(a) => Some((*a).clone()),
            ActivityRef::Id(_) => None,
        }
    }
}

/// The changes to one activity, for
/// [`Activities::update_many`](crate::api::activities::Activities::update_many) and
/// [`CloneActivities::activity_with`](crate::api::activities::CloneActivities::activity_with).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityUpdate {
    id: String,
    fields: Map<String, Value>,
}

impl ActivityUpdate {
    /// Changes to the activity with this id.
    pub fn new(id: impl Into<String>) -> Self {
        ActivityUpdate {
            id: id.into(),
            fields: Map::new(),
        }
    }

    /// The id of the activity to change.
    pub fn id(&self) -> &str {
        &self.id
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
    pub fn status(self, status: ActivityStatus) -> Self {
        self.field("status", status.to_string())
    }

    /// New start date, ISO 8601 (use `.field("start_date", Value::Null)` to clear it).
    pub fn start_date(self, date: impl Into<String>) -> Self {
        self.field("start_date", date.into())
    }

    /// New due date, ISO 8601.
    pub fn due_date(self, date: impl Into<String>) -> Self {
        self.field("due_date", date.into())
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

    /// Any other field, e.g. `("start_date", Value::Null)`. A later call for the same key wins.
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }

    pub(crate) fn to_json(&self) -> Result<Value> {
        check_uuid("activity id", &self.id)?;
        if let Some(Value::String(name)) = self.fields.get("name") {
            check_name("the activity name", name)?;
        }
        if let Some(Value::String(status)) = self.fields.get("status") {
            let status = ActivityStatus::from_wire(status);
            check_known("activity status", &status, ActivityStatus::ALL)?;
        }
        for key in ["start_date", "due_date"] {
            if let Some(Value::String(date)) = self.fields.get(key) {
                check_iso_date(key, date)?;
            }
        }
        let mut body = Map::new();
        body.insert("id".into(), self.id.clone().into());
        body.extend(self.fields.clone());
        Ok(Value::Object(body))
    }
}
