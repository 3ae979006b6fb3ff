//! Widgets and their associations.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;

platform_client_core::string_enum! {
    /// The kind of a widget (pykechain's `WidgetTypes`, plus every type the server's
    /// `widgets/schemas` lists).
    pub enum WidgetType {
        /// A placeholder.
        Undefined => "UNDEFINED",
        /// The properties of one part.
        PropertyGrid => "PROPERTYGRID",
        /// An editable table of parts.
        SuperGrid => "SUPERGRID",
        /// HTML text.
        Html => "HTML",
        /// Markdown text.
        Markdown => "MARKDOWN",
        /// A filterable table of parts.
        FilteredGrid => "FILTEREDGRID",
        /// A button running a service.
        Service => "SERVICE",
        /// A notebook service.
        Notebook => "NOTEBOOK",
        /// One attachment.
        AttachmentViewer => "ATTACHMENTVIEWER",
        /// Several attachments.
        MultiAttachmentViewer => "MULTIATTACHMENTVIEWER",
        /// Buttons to other tasks.
        TaskNavigationBar => "TASKNAVIGATIONBAR",
        /// Raw JSON.
        Json => "JSON",
        /// The activity's meta panel.
        MetaPanel => "METAPANEL",
        /// The form's meta panel.
        FormMetaPanel => "FORMMETAPANEL",
        /// Columns holding other widgets.
        MultiColumn => "MULTICOLUMN",
        /// A table of scopes.
        Scope => "SCOPE",
        /// A third-party embed.
        ThirdParty => "THIRDPARTY",
        /// A progress bar (removed from KE-chain in June 2024).
        Progress => "PROGRESS",
        /// A signature.
        Signature => "SIGNATURE",
        /// A card with an image and a link.
        Card => "CARD",
        /// A table of tasks.
        Tasks => "TASKS",
        /// The weather.
        Weather => "WEATHER",
        /// A card running a service.
        ServiceCard => "SERVICECARD",
        /// A dashboard.
        Dashboard => "DASHBOARD",
        /// The members of the scope.
        ScopeMembers => "SCOPEMEMBERS",
        /// The scope's project information.
        ProjectInfo => "PROJECTINFO",
    }
}

/// A widget: one block of a task's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Widget {
    /// UUID.
    pub id: String,
    /// The activity (task) showing it.
    #[serde(default)]
    pub activity_id: Option<String>,
    /// The widget type.
    #[serde(default)]
    pub widget_type: Option<WidgetType>,
    /// Title (often `null`).
    #[serde(default)]
    pub title: Option<String>,
    /// Slug reference (often `null`).
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// The type-specific configuration (`customTitle`, `partModelId`, ...).
    #[serde(default, deserialize_with = "null_default")]
    pub meta: Map<String, Value>,
    /// The parent widget (a multi-column widget), if any.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Position on the page.
    #[serde(default)]
    pub order: Option<i64>,
    /// The scope id.
    #[serde(default)]
    pub scope_id: Option<String>,
    /// Progress, 0 to 1.
    #[serde(default)]
    pub progress: Option<f64>,
    /// Whether it holds other widgets.
    #[serde(default)]
    pub has_subwidgets: Option<bool>,
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

/// The link between a widget and one property it reads or writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Association {
    /// UUID.
    pub id: String,
    /// The widget id.
    #[serde(default)]
    pub widget: Option<String>,
    /// The activity id.
    #[serde(default)]
    pub activity: Option<String>,
    /// The scope id.
    #[serde(default)]
    pub scope: Option<String>,
    /// The property model id.
    #[serde(default)]
    pub model_property: Option<String>,
    /// The part model id.
    #[serde(default)]
    pub model_part: Option<String>,
    /// The property instance id (`null` when the widget shows models only).
    #[serde(default)]
    pub instance_property: Option<String>,
    /// The part instance id (`null` when the widget shows models only).
    #[serde(default)]
    pub instance_part: Option<String>,
    /// True when the widget may write the property, false when it only reads it.
    #[serde(default)]
    pub writable: Option<bool>,
    /// What the current user may do with the association.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
