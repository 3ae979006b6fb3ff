//! Contexts: locations, time periods and labels that activities and forms are linked to.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

platform_client_core::string_enum! {
    /// The kind of context.
    pub enum ContextType {
        /// A geographic location (a GeoJSON feature collection).
        StaticLocation => "STATIC_LOCATION",
        /// A time period with a start and a due date.
        TimePeriod => "TIME_PERIOD",
        /// A plain text label.
        TextLabel => "TEXT_LABEL",
    }
}

platform_client_core::string_enum! {
    /// The group a context belongs to (context API 1.2.0 or later).
    pub enum ContextGroup {
        /// No group.
        Undefined => "UNDEFINED",
        /// A discipline.
        Discipline => "DISCIPLINE",
        /// An asset (an object, a structure).
        Asset => "ASSET",
        /// A department.
        Department => "DEPARTMENT",
        /// A work period (pykechain's `ContextGroup.PERIOD`).
        WorkPeriod => "WORKPERIOD",
        /// A location.
        Location => "LOCATION",
        /// A phase.
        Phase => "PHASE",
        /// A requirement.
        Requirement => "REQUIREMENT",
        /// An identifier in an external application.
        ExternalId => "EXTERNALID",
        /// A work package.
        WorkPackage => "WORKPACKAGE",
    }
}

/// A KE-chain context.
///
/// Lists leave out `context_group` (it is not in the `fields` list pykechain sends); creates and
/// detail lookups return it, together with the keys kept in [`Context::extra`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Context {
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
    /// Kind of context.
    #[serde(default)]
    pub context_type: Option<ContextType>,
    /// Group (absent from list rows, often `null`).
    #[serde(default)]
    pub context_group: Option<ContextGroup>,
    /// The scope's UUID.
    #[serde(default)]
    pub scope: Option<String>,
    /// UUIDs of the linked activities.
    #[serde(default, deserialize_with = "null_default")]
    pub activities: Vec<String>,
    /// Tags.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
    /// Free-form options.
    #[serde(default, deserialize_with = "null_default")]
    pub options: Map<String, Value>,
    /// GeoJSON feature collection of a `STATIC_LOCATION` (often `null`).
    #[serde(default)]
    pub feature_collection: Option<Value>,
    /// Start of a `TIME_PERIOD` (ISO 8601).
    #[serde(default)]
    pub start_date: Option<String>,
    /// End of a `TIME_PERIOD` (ISO 8601).
    #[serde(default)]
    pub due_date: Option<String>,
    /// UUIDs of the forms linked to the context (detail and create responses only).
    #[serde(default, deserialize_with = "null_default")]
    pub form_collections: Vec<String>,
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
