//! Forms: models (templates) and their instances, each driven by a workflow.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Context, ContextGroup, ScopeCategory, Workflow, WorkflowStatus, null_default};

platform_client_core::string_enum! {
    /// Whether a form is a model (template) or an instance of one.
    pub enum FormCategory {
        /// A form model, to instantiate forms from.
        Model => "MODEL",
        /// A form instance.
        Instance => "INSTANCE",
    }
}

/// The scope summary embedded in detail and create responses of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FormScope {
    /// The scope's UUID.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its category.
    #[serde(default)]
    pub category: Option<ScopeCategory>,
    /// Its tags.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
}

/// One status of a form: the status and the activity that holds the form in that status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusForm {
    /// UUID.
    pub id: String,
    /// The workflow status.
    #[serde(default)]
    pub status: Option<WorkflowStatus>,
    /// The activity (a full activity object as the server sends it).
    #[serde(default)]
    pub activity: Option<Value>,
    /// The form's UUID.
    #[serde(default)]
    pub form_collection: Option<String>,
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

/// A KE-chain form (a "form collection" on the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Form {
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
    /// Model or instance.
    #[serde(default)]
    pub category: Option<FormCategory>,
    /// The scope's UUID.
    #[serde(default)]
    pub scope_id: Option<String>,
    /// The scope summary (detail and create responses only).
    #[serde(default)]
    pub scope: Option<FormScope>,
    /// The workflow (a summary without statuses and transitions).
    #[serde(default)]
    pub workflow: Option<Workflow>,
    /// The current status.
    #[serde(default)]
    pub active_status: Option<WorkflowStatus>,
    /// One entry per workflow status.
    #[serde(default, deserialize_with = "null_default")]
    pub status_forms: Vec<StatusForm>,
    /// The linked contexts (full objects).
    #[serde(default, deserialize_with = "null_default")]
    pub contexts: Vec<Context>,
    /// The groups of the linked contexts.
    #[serde(default, deserialize_with = "null_default")]
    pub context_groups: Vec<ContextGroup>,
    /// The root part model of the form.
    #[serde(default)]
    pub form_model_root: Option<String>,
    /// The root part instance of an instance (`null` for models).
    #[serde(default)]
    pub form_instance_root: Option<String>,
    /// The model of an instance (`null` for models).
    #[serde(default)]
    pub model: Option<String>,
    /// The form this one was cloned from.
    #[serde(default)]
    pub derived_from: Option<String>,
    /// Parts to prefill, by part model UUID.
    #[serde(default, deserialize_with = "null_default")]
    pub prefill_parts: Map<String, Value>,
    /// Whether the form is active (detail and create responses).
    #[serde(default)]
    pub active: Option<bool>,
    /// Whether a model has instances (detail and create responses).
    #[serde(default)]
    pub has_instances: Option<bool>,
    /// Tags.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
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

impl Form {
    /// True for a form model.
    pub fn is_model(&self) -> bool {
        self.category == Some(FormCategory::Model)
    }

    /// True for a form instance.
    pub fn is_instance(&self) -> bool {
        self.category == Some(FormCategory::Instance)
    }
}
