//! Activities (tasks and processes).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

client_core::string_enum! {
    /// Whether an activity is a task or a process (a "subprocess" holding other activities).
    pub enum ActivityType {
        /// A task: holds widgets, no children.
        Task => "TASK",
        /// A process: holds other activities.
        Process => "PROCESS",
    }
}

client_core::string_enum! {
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

client_core::string_enum! {
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
