//! Events and enrolled jobs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An event: `GET /api/events/{id}` or GraphQL `events`.
///
/// Fields that were not selected (GraphQL) are empty or `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Event {
    /// The id (32 hex characters).
    #[serde(default, deserialize_with = "super::null_default")]
    pub id: String,
    /// The hash (events with the same hash are one event).
    #[serde(default)]
    pub hash: Option<String>,
    /// The topic, e.g. `entity.folder.created`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub topic: String,
    /// Who sent it (`x-sender`).
    #[serde(default)]
    pub sender: Option<String>,
    /// The kind of sender (`x-sender-type`).
    #[serde(default)]
    pub sender_type: Option<String>,
    /// The project, if any.
    #[serde(default)]
    pub project: Option<String>,
    /// The user who caused it.
    #[serde(default)]
    pub user: Option<String>,
    /// The event it depends on (a job's source event).
    #[serde(default)]
    pub depends_on: Option<String>,
    /// `pending`, `in_progress`, `finished`, `failed`, `aborted`, `restarted`.
    #[serde(default)]
    pub status: Option<String>,
    /// How many times it was retried.
    #[serde(default)]
    pub retries: Option<u32>,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
    /// A small summary (shown in lists).
    #[serde(default, deserialize_with = "super::json_text")]
    pub summary: Map<String, Value>,
    /// The payload (REST only).
    #[serde(default, deserialize_with = "super::json_text")]
    pub payload: Map<String, Value>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl super::Entity for Event {
    fn is_active(&self) -> Option<bool> {
        None
    }
}

/// A job a service enrolled for (`POST /api/enroll`): the target event made for a source
/// event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnrolledJob {
    /// The job's event id.
    #[serde(default, deserialize_with = "super::null_default")]
    pub id: String,
    /// The source event it works on.
    #[serde(default)]
    pub depends_on: Option<String>,
    /// Its hash.
    #[serde(default)]
    pub hash: Option<String>,
    /// Its status (`pending` when new).
    #[serde(default)]
    pub status: Option<String>,
}
