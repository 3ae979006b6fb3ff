//! Scopes (projects).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{IdName, null_default};

platform_client_core::string_enum! {
    /// The life-cycle status of a scope.
    pub enum ScopeStatus {
        /// In use.
        Active => "ACTIVE",
        /// Closed.
        Closed => "CLOSED",
        /// A template to create scopes from.
        Template => "TEMPLATE",
        /// Being deleted asynchronously.
        Deleting => "DELETING",
    }
}

platform_client_core::string_enum! {
    /// The kind of scope.
    pub enum ScopeCategory {
        /// A project.
        UserScope => "USER_SCOPE",
        /// A template.
        TemplateScope => "TEMPLATE_SCOPE",
        /// A library.
        LibraryScope => "LIBRARY_SCOPE",
    }
}

/// A member of a scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScopeMember {
    /// User id (KE-chain user ids are integers).
    pub id: u64,
    /// User name.
    #[serde(default)]
    pub username: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the user account is active.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Member role.
    #[serde(default)]
    pub is_member: Option<bool>,
    /// Manager role.
    #[serde(default)]
    pub is_manager: Option<bool>,
    /// Supervisor role.
    #[serde(default)]
    pub is_supervisor: Option<bool>,
    /// Lead-member role.
    #[serde(default)]
    pub is_leadmember: Option<bool>,
}

/// A KE-chain scope (project).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Scope {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description (`text` on the wire).
    #[serde(default, rename = "text")]
    pub description: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<ScopeStatus>,
    /// Category.
    #[serde(default)]
    pub category: Option<ScopeCategory>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Start date (ISO 8601).
    #[serde(default)]
    pub start_date: Option<String>,
    /// Due date (ISO 8601).
    #[serde(default)]
    pub due_date: Option<String>,
    /// Progress (0–100).
    #[serde(default)]
    pub progress: Option<f64>,
    /// Tags.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
    /// Members.
    #[serde(default, deserialize_with = "null_default")]
    pub members: Vec<ScopeMember>,
    /// The team the scope belongs to.
    #[serde(default)]
    pub team_id_name: Option<IdName>,
    /// Options of the scope's user interface.
    #[serde(default, deserialize_with = "null_default")]
    pub scope_options: Map<String, Value>,
    /// Project information rows.
    #[serde(default, deserialize_with = "null_default")]
    pub project_info: Vec<Value>,
    /// Root activity of the workflow.
    #[serde(default)]
    pub workflow_root_id: Option<String>,
    /// Root activity of the catalogue.
    #[serde(default)]
    pub catalog_root_id: Option<String>,
    /// Root activity of the apps.
    #[serde(default)]
    pub app_root_id: Option<String>,
    /// Root part model of the product.
    #[serde(default)]
    pub product_model_id: Option<String>,
    /// Root part instance of the product.
    #[serde(default)]
    pub product_instance_id: Option<String>,
    /// Root part model of the catalogue.
    #[serde(default)]
    pub catalog_model_id: Option<String>,
    /// Root part instance of the catalogue.
    #[serde(default)]
    pub catalog_instance_id: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
