//! Results of algorithm runs, decoded client-side.

use platform_client_core::Request;
use serde::de::DeserializeOwned;

use super::{List, check_id};
use crate::client::Vantage6Client;
use crate::error::Result;
use crate::models::{Decoded, RunResult};

impl Vantage6Client {
    /// Results of algorithm runs.
    pub fn result(&self) -> Results<'_> {
        Results { client: self }
    }
}

/// The result handler: `client.result()`.
///
/// Results are decoded for you: base64 for plain collaborations, decrypted with the client's
/// key pair for encrypted ones (whose nodes encrypt for the initiating organisation). The
/// layout tells which, so one client reads both kinds.
#[derive(Debug, Clone, Copy)]
pub struct Results<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Results<'c> {
    /// The decoded result text of one run (`GET result/<id>`): JSON text, not parsed; `None`
    /// while the run has not finished. A result that cannot be decoded is an
    /// [`crate::Error::Crypto`].
    pub async fn get(&self, id: u64) -> Result<Option<String>> {
        let result = self.details(id).await?;
        match result.decoded {
            Decoded::Absent => Ok(None),
            decoded => decoded
                .require(&format!("result {id}"))
                .map(|t| Some(t.to_owned())),
        }
    }

    /// The result of one run parsed as JSON into `T` (e.g. `serde_json::Value`); an error
    /// while the run has not finished.
    pub async fn get_json<T: DeserializeOwned>(&self, id: u64) -> Result<T> {
        self.details(id).await?.json()
    }

    /// The whole result object of one run, its value decoded into [`RunResult::decoded`].
    pub async fn details(&self, id: u64) -> Result<RunResult> {
        check_id("id", id)?;
        let mut result: RunResult = self
            .client
            .json(Request::get(format!("result/{id}")))
            .await?;
        result.decode(self.client.cryptor().as_deref());
        Ok(result)
    }

    /// Lists results (`GET result`), decoded; narrow it with the filters of
    /// [`List<RunResult>`].
    pub fn list(&self) -> List<'c, RunResult> {
        List::of(self.client, "result").finish_with(RunResult::decode)
    }

    /// The results of a task (`GET result?task_id=`), decoded: one page with
    /// [`List::send`], every page with [`List::all`] or [`List::stream`].
    pub fn from_task(&self, task_id: u64) -> List<'c, RunResult> {
        self.list().task(task_id)
    }
}

impl List<'_, RunResult> {
    /// Only results of this task (`task_id`).
    pub fn task(self, id: u64) -> Self {
        self.id("task_id", id)
    }

    /// Only results of runs at this organisation (`organization_id`).
    pub fn organization(self, id: u64) -> Self {
        self.id("organization_id", id)
    }
}
