//! Algorithm runs: get, list, the runs of a task; inputs decoded client-side.

use platform_client_core::Request;

use super::{List, check_id};
use crate::client::Vantage6Client;
use crate::error::Result;
use crate::models::Run;

impl Vantage6Client {
    /// Algorithm runs.
    pub fn run(&self) -> Runs<'_> {
        Runs { client: self }
    }
}

/// The run handler: `client.run()`.
///
/// Every run comes back with its input decoded into [`Run::decoded_input`] (base64, or
/// decrypted with the client's key pair); a run whose input cannot be decoded keeps the raw
/// value and the reason, without failing the call.
#[derive(Debug, Clone, Copy)]
pub struct Runs<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Runs<'c> {
    /// One run (`GET run/<id>`).
    pub async fn get(&self, id: u64) -> Result<Run> {
        self.fetch(id, false).await
    }

    /// One run with its task included (`GET run/<id>?include=task`); see
    /// [`crate::models::RunTask::task`].
    pub async fn get_with_task(&self, id: u64) -> Result<Run> {
        self.fetch(id, true).await
    }

    async fn fetch(&self, id: u64, include_task: bool) -> Result<Run> {
        check_id("id", id)?;
        let mut request = Request::get(format!("run/{id}"));
        if include_task {
            request = request.query("include", "task");
        }
        let mut run: Run = self.client.json(request).await?;
        run.decode(self.client.cryptor().as_deref());
        Ok(run)
    }

    /// Lists runs (`GET run`); narrow it with the filters of [`List<Run>`].
    pub fn list(&self) -> List<'c, Run> {
        List::of(self.client, "run").finish_with(Run::decode)
    }

    /// The runs of a task (`GET run?task_id=`).
    pub fn from_task(&self, task_id: u64) -> List<'c, Run> {
        self.list().task(task_id)
    }
}

impl List<'_, Run> {
    /// Only runs of this task (`task_id`).
    pub fn task(self, id: u64) -> Self {
        self.id("task_id", id)
    }

    /// Only runs at this organisation (`organization_id`).
    pub fn organization(self, id: u64) -> Self {
        self.id("organization_id", id)
    }

    /// Only runs of tasks in this collaboration (`collaboration_id`).
    pub fn collaboration(self, id: u64) -> Self {
        self.id("collaboration_id", id)
    }

    /// Only runs assigned to this node (`node_id`).
    pub fn node(self, id: u64) -> Self {
        self.id("node_id", id)
    }

    /// Filters on a state (`state`); the server knows `open` (see [`Self::open`]).
    pub fn state(self, state: impl Into<String>) -> Self {
        self.text("state", state)
    }

    /// Only unfinished runs (`state=open`).
    pub fn open(self) -> Self {
        self.state("open")
    }

    /// Includes each run's task (`include=task`).
    pub fn include_task(self) -> Self {
        self.param("include", "task")
    }

    /// Only runs exposing this port (`port`).
    pub fn port(self, port: u32) -> Self {
        self.param("port", port)
    }

    /// Only runs assigned at or after this time (`assigned_from`, e.g. `2024-01-31`).
    pub fn assigned_from(self, time: impl Into<String>) -> Self {
        self.text("assigned_from", time)
    }

    /// Only runs assigned at or before this time (`assigned_till`).
    pub fn assigned_till(self, time: impl Into<String>) -> Self {
        self.text("assigned_till", time)
    }

    /// Only runs started at or after this time (`started_from`). Note: vantage6 4.x servers
    /// compare every `*_from` with the assignment time.
    pub fn started_from(self, time: impl Into<String>) -> Self {
        self.text("started_from", time)
    }

    /// Only runs started at or before this time (`started_till`).
    pub fn started_till(self, time: impl Into<String>) -> Self {
        self.text("started_till", time)
    }

    /// Only runs finished at or after this time (`finished_from`). Note: vantage6 4.x servers
    /// compare every `*_from` with the assignment time.
    pub fn finished_from(self, time: impl Into<String>) -> Self {
        self.text("finished_from", time)
    }

    /// Only runs finished at or before this time (`finished_till`).
    pub fn finished_till(self, time: impl Into<String>) -> Self {
        self.text("finished_till", time)
    }
}
