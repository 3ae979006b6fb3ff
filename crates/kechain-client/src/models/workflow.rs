//! Workflows: the statuses a form goes through and the transitions between them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

platform_client_core::string_enum! {
    /// The kind of workflow.
    pub enum WorkflowCategory {
        /// A workflow defined in (and owned by) a scope.
        Defined => "DEFINED",
        /// A catalog workflow shared by all scopes (immutable).
        Catalog => "CATALOG",
    }
}

platform_client_core::string_enum! {
    /// The category of a workflow status.
    pub enum StatusCategory {
        /// Not categorised.
        Undefined => "UNDEFINED",
        /// Still to do.
        Todo => "TODO",
        /// In progress.
        InProgress => "INPROGRESS",
        /// Done.
        Done => "DONE",
    }
}

platform_client_core::string_enum! {
    /// The kind of workflow transition.
    pub enum TransitionType {
        /// The transition a new form starts with.
        Initial => "INITIAL",
        /// Reachable from any status.
        Global => "GLOBAL",
        /// From the listed statuses to one status.
        Directed => "DIRECTED",
    }
}

/// A status of a workflow (also embedded in forms as their `active_status`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkflowStatus {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Category.
    #[serde(default)]
    pub status_category: Option<StatusCategory>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model (display names, colours, icons, translations…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A transition of a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkflowTransition {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Kind of transition.
    #[serde(default)]
    pub transition_type: Option<TransitionType>,
    /// The statuses it starts from (empty for initial and global transitions).
    #[serde(default, deserialize_with = "null_default")]
    pub from_status: Vec<WorkflowStatus>,
    /// The status it leads to.
    #[serde(default)]
    pub to_status: Option<WorkflowStatus>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A KE-chain workflow. Forms embed a summary of theirs (no statuses or transitions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Workflow {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Category.
    #[serde(default)]
    pub category: Option<WorkflowCategory>,
    /// Whether the workflow can be used.
    #[serde(default)]
    pub active: Option<bool>,
    /// Free-form options.
    #[serde(default, deserialize_with = "null_default")]
    pub options: Map<String, Value>,
    /// The scope's UUID as lists return it (`null` for catalog workflows).
    #[serde(default)]
    pub scope_id: Option<String>,
    /// The scope's UUID as detail and create responses return it.
    #[serde(default)]
    pub scope: Option<String>,
    /// Its statuses, in order.
    #[serde(default, deserialize_with = "null_default")]
    pub statuses: Vec<WorkflowStatus>,
    /// Its transitions.
    #[serde(default, deserialize_with = "null_default")]
    pub transitions: Vec<WorkflowTransition>,
    /// The workflow this one was cloned from (detail and create responses only).
    #[serde(default)]
    pub derived_from_id: Option<String>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Workflow {
    /// The scope's UUID, whichever key the route used (`scope_id` or `scope`).
    pub fn scope_uuid(&self) -> Option<&str> {
        self.scope_id.as_deref().or(self.scope.as_deref())
    }

    /// The status named `name`, if any.
    pub fn status(&self, name: &str) -> Option<&WorkflowStatus> {
        self.statuses.iter().find(|s| s.name == name)
    }

    /// The transition named `name`, if any.
    pub fn transition(&self, name: &str) -> Option<&WorkflowTransition> {
        self.transitions.iter().find(|t| t.name == name)
    }
}
