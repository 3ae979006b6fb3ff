//! Tasks: their status, the databases they use, the task object.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Ref, RunResult};
use crate::crypto::Cryptor;

platform_client_core::string_enum! {
    /// The status of a task or of one of its runs (`vantage6.common.task_status.TaskStatus`).
    pub enum TaskStatus {
        /// Not started yet (usually: the node is offline).
        Pending => "pending",
        /// Being started.
        Initializing => "initializing",
        /// Running.
        Active => "active",
        /// Finished with exit code zero.
        Completed => "completed",
        /// Failed (generic).
        Failed => "failed",
        /// The container failed to start.
        StartFailed => "start failed",
        /// The algorithm image does not exist.
        NoDockerImage => "non-existing Docker image",
        /// The container exited with a non-zero code.
        Crashed => "crashed",
        /// Killed by a user ([`crate::api::task::Tasks::kill`]).
        Killed => "killed by user",
        /// Refused by the node's policies.
        NotAllowed => "not allowed",
        /// Failed without an exit code.
        UnknownError => "unknown error",
    }
}

impl TaskStatus {
    /// Still to run or running: `pending`, `initializing`, `active`.
    pub fn is_running(&self) -> bool {
        matches!(
            self,
            TaskStatus::Pending | TaskStatus::Initializing | TaskStatus::Active
        )
    }

    /// Finished: `completed` or any other status that is not [running](Self::is_running) —
    /// failures, and statuses this crate does not know (vantage6's own rule, so a new failure
    /// status never makes a wait hang).
    pub fn is_finished(&self) -> bool {
        !self.is_running()
    }

    /// Finished without completing (failed, crashed, killed, not allowed, ...).
    pub fn has_failed(&self) -> bool {
        self.is_finished() && *self != TaskStatus::Completed
    }
}

/// A database a task asks the nodes to use: a `label` the node knows, plus options passed
/// through as given (`query` for SQL/SPARQL sources, `sheet_name` for Excel, `preprocessing`,
/// ...). A bare label converts: `"default".into()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Database {
    /// The label (a node's database name); must be an identifier (`[A-Za-z_][A-Za-z0-9_]*`).
    pub label: String,
    /// Further keys, sent as given.
    #[serde(flatten)]
    pub options: Map<String, Value>,
}

impl Database {
    /// The database labelled `label`.
    pub fn new(label: impl Into<String>) -> Self {
        Database {
            label: label.into(),
            options: Map::new(),
        }
    }

    /// Any further key (replacing an earlier value).
    pub fn option(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.options.insert(key.into(), value.into());
        self
    }

    /// The query selecting the data (SQL and SPARQL sources).
    pub fn query(self, query: impl Into<String>) -> Self {
        self.option("query", query.into())
    }

    /// The worksheet (Excel sources).
    pub fn sheet_name(self, sheet: impl Into<String>) -> Self {
        self.option("sheet_name", sheet.into())
    }

    /// Preprocessing steps, as the node expects them.
    pub fn preprocessing(self, steps: Value) -> Self {
        self.option("preprocessing", steps)
    }
}

impl From<&str> for Database {
    fn from(label: &str) -> Self {
        Database::new(label)
    }
}

impl From<String> for Database {
    fn from(label: String) -> Self {
        Database::new(label)
    }
}

/// A database as a task reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDatabase {
    /// The label.
    pub label: String,
    /// The other keys given at creation, as JSON text (e.g. `"{}"`).
    #[serde(default)]
    pub parameters: Option<String>,
}

/// A task's results: a URL, or the results themselves when asked for (`include=results`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TaskResults {
    /// The URL of the results (`/api/result?task_id=1`).
    Url(String),
    /// The results (decoded by the client).
    Included(Vec<RunResult>),
}

/// A task: `GET task/<id>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Task {
    /// Id.
    pub id: u64,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The algorithm image.
    #[serde(default)]
    pub image: Option<String>,
    /// Status, aggregated from the runs.
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// The job (a task and its sub-tasks share one).
    #[serde(default)]
    pub job_id: Option<u64>,
    /// Creation time (naive ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Completion time, once finished.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// The collaboration.
    #[serde(default)]
    pub collaboration: Option<Ref>,
    /// The initiating organisation.
    #[serde(default)]
    pub init_org: Option<Ref>,
    /// The initiating user.
    #[serde(default)]
    pub init_user: Option<Ref>,
    /// The parent task, for sub-tasks created by an algorithm.
    #[serde(default)]
    pub parent: Option<Ref>,
    /// The study (4.7+).
    #[serde(default)]
    pub study: Option<Ref>,
    /// The algorithm store the algorithm came from (4.3+).
    #[serde(default)]
    pub algorithm_store: Option<Ref>,
    /// The databases used.
    #[serde(default)]
    pub databases: Vec<TaskDatabase>,
    /// URL of its sub-tasks.
    #[serde(default)]
    pub children: Option<String>,
    /// URL of its runs.
    #[serde(default)]
    pub runs: Option<String>,
    /// Its results: a URL, or the results when they were included.
    #[serde(default)]
    pub results: Option<TaskResults>,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Task {
    /// The results included with `include_results` (empty otherwise).
    pub fn included_results(&self) -> &[RunResult] {
        match &self.results {
            Some(TaskResults::Included(results)) => results,
            _ => &[],
        }
    }

    /// Whether the task has finished (see [`TaskStatus::is_finished`]).
    pub fn is_finished(&self) -> bool {
        self.status.as_ref().is_some_and(TaskStatus::is_finished)
    }

    /// Decodes the included results (the client does this for you).
    pub fn decode(&mut self, cryptor: Option<&Cryptor>) {
        if let Some(TaskResults::Included(results)) = &mut self.results {
            for result in results {
                result.decode(cryptor);
            }
        }
    }
}
