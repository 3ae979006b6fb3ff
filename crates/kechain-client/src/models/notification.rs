//! Notifications (messages KE-chain sends by e-mail or in the app).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::null_default;
use super::user::blank_as_none;

platform_client_core::string_enum! {
    /// The life-cycle status of a notification.
    pub enum NotificationStatus {
        /// Being written (the default of a new notification).
        Draft => "DRAFT",
        /// Ready to be sent.
        Ready => "READY",
        /// Being sent.
        Processing => "PROCESSING",
        /// Sent.
        Completed => "COMPLETED",
        /// Sending failed.
        Failed => "FAILED",
        /// Archived.
        Archived => "ARCHIVED",
    }
}

platform_client_core::string_enum! {
    /// What caused a notification.
    pub enum NotificationEvent {
        /// An activity link was shared.
        ShareActivityLink => "SHARE_ACTIVITY_LINK",
        /// An activity export finished.
        ExportActivityAsync => "EXPORT_ACTIVITY_ASYNC",
        /// An activity PDF was shared.
        ShareActivityPdf => "SHARE_ACTIVITY_PDF",
        /// A workflow transition happened.
        WorkflowTransition => "WORKFLOW_TRANSITION",
    }
}

platform_client_core::string_enum! {
    /// How a notification is delivered.
    pub enum NotificationChannel {
        /// By e-mail (the default).
        Email => "EMAIL",
        /// In the KE-chain app.
        App => "APP",
        /// As a user message.
        UserMessage => "USER_MESSAGE",
    }
}

/// A KE-chain notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Notification {
    /// UUID.
    pub id: String,
    /// Subject line.
    #[serde(default)]
    pub subject: Option<String>,
    /// Message body.
    #[serde(default)]
    pub message: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<NotificationStatus>,
    /// The originating event (`None` when the server sends `""`).
    #[serde(default, deserialize_with = "blank_as_none")]
    pub event: Option<NotificationEvent>,
    /// Recipient user ids.
    #[serde(default, deserialize_with = "null_default")]
    pub recipient_users: Vec<u64>,
    /// Recipient e-mail addresses.
    #[serde(default, deserialize_with = "null_default")]
    pub recipient_emails: Vec<String>,
    /// The id of the team the notification is limited to.
    #[serde(default)]
    pub team: Option<String>,
    /// The sender's user id.
    #[serde(default)]
    pub from_user: Option<u64>,
    /// Delivery channels.
    #[serde(default, deserialize_with = "null_default")]
    pub channels: Vec<NotificationChannel>,
    /// Event-specific details (links, targets, sent message…).
    #[serde(default, deserialize_with = "null_default")]
    pub notification_options: Map<String, Value>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// What the current user may do with the notification.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
