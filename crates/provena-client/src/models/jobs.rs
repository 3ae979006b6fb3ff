//! Jobs of the asynchronous job API, handles of the ID service, search results.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Status;

platform_client_core::string_enum! {
    /// Where a job is (`JobStatus`).
    pub enum JobStatus {
        /// Queued.
        Pending => "PENDING",
        /// Taken off the queue.
        Dequeued => "DEQUEUED",
        /// Running.
        InProgress => "IN_PROGRESS",
        /// Done.
        Succeeded => "SUCCEEDED",
        /// Failed (see `info`).
        Failed => "FAILED",
    }
}

impl JobStatus {
    /// Whether the job ended.
    pub fn is_final(&self) -> bool {
        matches!(self, JobStatus::Succeeded | JobStatus::Failed)
    }
}

/// A job (`JobStatusTable`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Job {
    /// Its session id.
    pub session_id: String,
    /// When it was made (seconds since the epoch).
    pub created_timestamp: i64,
    /// Whose it is.
    pub username: String,
    /// Its batch.
    #[serde(default)]
    pub batch_id: Option<String>,
    /// What it works on.
    #[serde(default)]
    pub payload: Map<String, Value>,
    /// `PROV_LODGE`, `REGISTRY`, `EMAIL` (`REPORT` on newer servers).
    pub job_type: String,
    /// `MODEL_RUN_PROV_LODGE`, `REGISTER_CREATE_ACTIVITY`, ...
    pub job_sub_type: String,
    /// An index column of the server.
    #[serde(default)]
    pub gsi_status: Option<String>,
    /// Where it is.
    pub status: JobStatus,
    /// What went wrong, for a failed job.
    #[serde(default)]
    pub info: Option<String>,
    /// What it produced.
    #[serde(default)]
    pub result: Option<Map<String, Value>>,
}

/// A page of jobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobPage {
    /// The jobs.
    pub jobs: Vec<Job>,
    /// The key of the next page.
    #[serde(default)]
    pub pagination_key: Option<Map<String, Value>>,
}

platform_client_core::string_enum! {
    /// What a handle value is (`ValueType`).
    pub enum ValueType {
        /// A description.
        Desc => "DESC",
        /// A URL.
        Url => "URL",
    }
}

/// One value of a handle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HandleProperty {
    /// What it is.
    #[serde(rename = "type")]
    pub kind: ValueType,
    /// The value.
    pub value: String,
    /// Its index in the handle.
    pub index: i64,
}

/// A handle of the ID service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Handle {
    /// The handle (`10378.1/1234567`).
    pub id: String,
    /// Its values.
    pub properties: Vec<HandleProperty>,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SearchHit {
    /// The item's handle.
    pub id: String,
    /// How well it matched.
    pub score: f64,
}

/// `GET /search/entity-registry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SearchResults {
    /// The envelope.
    pub status: Status,
    /// The hits, best first.
    #[serde(default)]
    pub results: Option<Vec<SearchHit>>,
    /// What the server noticed.
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
}
