//! Algorithm runs: one per organisation a task was sent to.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{Decoded, Ref, Task, TaskStatus};
use crate::crypto::Cryptor;
use crate::error::Result;

/// The node a run was assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunNode {
    /// Id.
    pub id: u64,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// `online` or `offline` (`null` on older servers).
    #[serde(default)]
    pub status: Option<String>,
    /// Its IP address, when online.
    #[serde(default)]
    pub ip: Option<String>,
}

/// A port an algorithm exposes (VPN set-ups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPort {
    /// Id.
    pub id: u64,
    /// The port number.
    #[serde(default)]
    pub port: Option<u32>,
    /// Its label.
    #[serde(default)]
    pub label: Option<String>,
}

/// A run's task: a link, or the whole task when asked for (`include=task`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RunTask {
    /// A link to the task.
    Ref(Ref),
    /// The task.
    Task(Box<Task>),
}

impl RunTask {
    /// The task's id.
    pub fn id(&self) -> u64 {
        match self {
            RunTask::Ref(r) => r.id,
            RunTask::Task(t) => t.id,
        }
    }

    /// The task, when it was included.
    pub fn task(&self) -> Option<&Task> {
        match self {
            RunTask::Task(t) => Some(t),
            RunTask::Ref(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for RunTask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        // A link holds only `id`, `link` and `methods`; an included task holds its fields.
        let value = Value::deserialize(d)?;
        let included = ["image", "status", "name"]
            .iter()
            .any(|k| value.get(k).is_some());
        if included {
            serde_json::from_value(value)
                .map(|t| RunTask::Task(Box::new(t)))
                .map_err(serde::de::Error::custom)
        } else {
            serde_json::from_value(value)
                .map(RunTask::Ref)
                .map_err(serde::de::Error::custom)
        }
    }
}

/// A run of a task at one organisation: `GET run/<id>`.
///
/// `input` is the value as stored (base64 or encrypted for that organisation); the client
/// decodes it into [`Self::decoded_input`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Run {
    /// Id.
    pub id: u64,
    /// Status.
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// The input as stored: base64 of the JSON input, or encrypted for the organisation.
    #[serde(default)]
    pub input: Option<String>,
    /// The algorithm's log, once finished.
    #[serde(default)]
    pub log: Option<String>,
    /// When it was assigned (naive ISO 8601).
    #[serde(default)]
    pub assigned_at: Option<String>,
    /// When it started.
    #[serde(default)]
    pub started_at: Option<String>,
    /// When it finished.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// The organisation running it.
    #[serde(default)]
    pub organization: Option<Ref>,
    /// The task: a link, or the task with `include_task`.
    #[serde(default)]
    pub task: Option<RunTask>,
    /// Its result.
    #[serde(default)]
    pub results: Option<Ref>,
    /// The node running it.
    #[serde(default)]
    pub node: Option<RunNode>,
    /// Ports the algorithm exposes.
    #[serde(default)]
    pub ports: Vec<RunPort>,
    /// When the server deletes the run data (4.13+).
    #[serde(default)]
    pub cleanup_at: Option<String>,
    /// Whether `input` is a reference into the server's blob storage (4.13+).
    #[serde(default)]
    pub blob_storage_used: Option<bool>,
    /// The decoded input, filled in by the client.
    #[serde(skip)]
    pub decoded_input: Decoded,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Run {
    /// Decodes [`Self::input`] into [`Self::decoded_input`] (the client does this for you; use
    /// it for runs obtained some other way).
    pub fn decode(&mut self, cryptor: Option<&Cryptor>) {
        self.decoded_input = Decoded::from_wire(
            self.input.as_deref(),
            self.blob_storage_used.unwrap_or(false),
            cryptor,
        );
        if let Some(RunTask::Task(task)) = &mut self.task {
            task.decode(cryptor);
        }
    }

    /// The decoded input text (JSON text, not parsed), when decoding succeeded.
    pub fn input_text(&self) -> Option<&str> {
        self.decoded_input.text()
    }

    /// The decoded input parsed as JSON into `T`.
    pub fn input_json<T: DeserializeOwned>(&self) -> Result<T> {
        self.decoded_input
            .json(&format!("the input of run {}", self.id))
    }

    /// The task's id.
    pub fn task_id(&self) -> Option<u64> {
        self.task.as_ref().map(RunTask::id)
    }
}
