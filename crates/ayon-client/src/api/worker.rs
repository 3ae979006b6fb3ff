//! A service's job loop over [`Events::enroll`]: enroll, mark the job `in_progress`, run the
//! handler, mark it `finished` or `failed` with a description, until a cancellation token
//! fires.

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::events::{Events, check_topic};
use crate::auth::CredentialKind;
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{EnrolledJob, Event};

impl<'c> Events<'c> {
    /// A job loop for a service (needs a service API key): jobs `target_topic` for the
    /// `source_topic` events, see [`EventWorker::run`].
    pub fn worker(&self, source_topic: &str, target_topic: &str) -> EventWorker<'c> {
        EventWorker {
            client: self.client,
            source_topic: source_topic.to_owned(),
            target_topic: target_topic.to_owned(),
            sender: None,
            description: None,
            sequential: None,
            filter: None,
            max_retries: None,
            ignore_older_than: None,
            ignore_sender_types: Vec::new(),
            poll_interval: Duration::from_secs(1),
            max_jobs: None,
        }
    }
}

/// A job loop being configured; see [`Events::worker`].
#[derive(Debug, Clone)]
#[must_use = "nothing runs until `run` is awaited"]
pub struct EventWorker<'c> {
    client: &'c AyonClient,
    source_topic: String,
    target_topic: String,
    sender: Option<String>,
    description: Option<String>,
    sequential: Option<bool>,
    filter: Option<Value>,
    max_retries: Option<u32>,
    ignore_older_than: Option<u32>,
    ignore_sender_types: Vec<String>,
    poll_interval: Duration,
    max_jobs: Option<u64>,
}

/// One job handed to the handler: the job event and the source event it works on.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WorkerJob {
    /// The enrolled job.
    pub job: EnrolledJob,
    /// The source event (its topic, project, user, summary and payload).
    pub source: Option<Event>,
    /// Fires when the worker is asked to stop: a long handler may end early.
    pub cancellation: CancellationToken,
}

/// What a worker did before it stopped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkerReport {
    /// Jobs marked `finished`.
    pub finished: u64,
    /// Jobs marked `failed`.
    pub failed: u64,
    /// Enrolments or status updates that failed transiently and were tried again later.
    pub transient_errors: u64,
}

impl EventWorker<'_> {
    /// The sender the jobs belong to (default: the client's `x-sender`, else its host name).
    /// The same sender gets its own unfinished job back after a restart.
    pub fn sender(mut self, sender: &str) -> Self {
        self.sender = Some(sender.to_owned());
        self
    }

    /// The description of new jobs.
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_owned());
        self
    }

    /// Whether jobs must be processed one after the other.
    pub fn sequential(mut self, sequential: bool) -> Self {
        self.sequential = Some(sequential);
        self
    }

    /// A filter on the source events (the server's query filter).
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }

    /// How often the server offers a failed job again.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Leaves source events older than this many days alone.
    pub fn ignore_older_than(mut self, days: u32) -> Self {
        self.ignore_older_than = Some(days);
        self
    }

    /// Leaves source events of these sender types alone (e.g. the service's own, to avoid
    /// loops).
    pub fn ignore_sender_types<S: Into<String>>(
        mut self,
        types: impl IntoIterator<Item = S>,
    ) -> Self {
        self.ignore_sender_types = types.into_iter().map(Into::into).collect();
        self
    }

    /// How long to wait when no job is waiting or the server is unreachable (default 1 s).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// Stops after this many jobs (default: until cancelled).
    pub fn max_jobs(mut self, jobs: u64) -> Self {
        self.max_jobs = Some(jobs);
        self
    }

    fn sender_name(&self) -> String {
        self.sender
            .clone()
            .or_else(|| self.client.sender().map(str::to_owned))
            .unwrap_or_else(|| self.client.settings.hostname.clone())
    }

    /// Runs the loop until `cancel` fires (or [`max_jobs`](Self::max_jobs) were done): each
    /// job is marked `in_progress`, handed to `handler`, then marked `finished` (`Ok`) or
    /// `failed` with the error as its description (`Err`; the server offers it again up to
    /// [`max_retries`](Self::max_retries)). A job under way when `cancel` fires is completed
    /// first. Transient failures (server restarting, 5xx, timeouts) are waited out; other
    /// errors end the loop. A user token is refused before anything is sent: enrolling needs
    /// a service API key.
    pub async fn run<F, Fut, E>(
        self,
        cancel: CancellationToken,
        mut handler: F,
    ) -> Result<WorkerReport>
    where
        F: FnMut(WorkerJob) -> Fut,
        Fut: Future<Output = std::result::Result<(), E>>,
        E: Display,
    {
        check_topic("source_topic", &self.source_topic)?;
        check_topic("target_topic", &self.target_topic)?;
        if self.client.session.kind() != Some(CredentialKind::ApiKey) {
            return Err(Error::invalid(
                "an event worker needs a service API key: the server lets only services enroll \
                 for jobs (403 \"Only services can enroll for jobs\" with a user token)",
            ));
        }
        let sender = self.sender_name();
        // The server records the `x-sender` header as the job's sender: both agree.
        let client = self.client.with_sender(Some(&sender))?;
        let worker = EventWorker {
            client: &client,
            ..self
        };
        worker.jobs(&sender, cancel, &mut handler).await
    }

    async fn jobs<F, Fut, E>(
        &self,
        sender: &str,
        cancel: CancellationToken,
        handler: &mut F,
    ) -> Result<WorkerReport>
    where
        F: FnMut(WorkerJob) -> Fut,
        Fut: Future<Output = std::result::Result<(), E>>,
        E: Display,
    {
        let sender = sender.to_owned();
        let events = self.client.events();
        let mut report = WorkerReport::default();
        while !cancel.is_cancelled()
            && self
                .max_jobs
                .is_none_or(|m| report.finished + report.failed < m)
        {
            let enrolled = cancel.run_until_cancelled(self.enroll(&sender)).await;
            let job = match enrolled {
                None => break,
                Some(Ok(Some(job))) => job,
                Some(Ok(None)) => {
                    self.pause(&cancel).await;
                    continue;
                }
                Some(Err(e)) if transient(&e) => {
                    tracing::warn!(error = %e, "enrolling failed, trying again");
                    report.transient_errors += 1;
                    self.pause(&cancel).await;
                    continue;
                }
                Some(Err(e)) => return Err(e),
            };
            self.mark(&job.id, &sender, "in_progress", "In progress", &mut report)
                .await?;
            let source = match &job.depends_on {
                Some(id) => Some(events.get(id).await?),
                None => None,
            };
            let outcome = handler(WorkerJob {
                job: job.clone(),
                source,
                cancellation: cancel.clone(),
            })
            .await;
            match outcome {
                Ok(()) => {
                    self.mark(&job.id, &sender, "finished", "Finished", &mut report)
                        .await?;
                    report.finished += 1;
                }
                Err(e) => {
                    let description = e.to_string();
                    self.mark(&job.id, &sender, "failed", &description, &mut report)
                        .await?;
                    report.failed += 1;
                }
            }
        }
        Ok(report)
    }

    async fn enroll(&self, sender: &str) -> Result<Option<EnrolledJob>> {
        let mut request =
            self.client
                .events()
                .enroll(&self.source_topic, &self.target_topic, sender);
        if let Some(d) = &self.description {
            request = request.description(d);
        }
        if let Some(s) = self.sequential {
            request = request.sequential(s);
        }
        if let Some(f) = &self.filter {
            request = request.filter(f.clone());
        }
        if let Some(r) = self.max_retries {
            request = request.max_retries(r);
        }
        if let Some(days) = self.ignore_older_than {
            request = request.ignore_older_than(days);
        }
        if !self.ignore_sender_types.is_empty() {
            request = request.ignore_sender_types(self.ignore_sender_types.clone());
        }
        request.send().await
    }

    /// Sets a job's status; a transient failure is tried again (the status must not be
    /// lost), others end the loop.
    async fn mark(
        &self,
        id: &str,
        sender: &str,
        status: &str,
        description: &str,
        report: &mut WorkerReport,
    ) -> Result<()> {
        loop {
            let result = self
                .client
                .events()
                .update(id)
                .sender(sender)
                .status(status)
                .description(description)
                .send()
                .await;
            match result {
                Err(e) if transient(&e) => {
                    tracing::warn!(error = %e, status, "updating the job failed, trying again");
                    report.transient_errors += 1;
                    tokio::time::sleep(self.poll_interval).await;
                }
                other => return other,
            }
        }
    }

    async fn pause(&self, cancel: &CancellationToken) {
        let _ = cancel
            .run_until_cancelled(tokio::time::sleep(self.poll_interval))
            .await;
    }
}

/// Failures a later attempt may get past: unreachable server, timeouts, 429, 5xx.
fn transient(error: &Error) -> bool {
    matches!(error, Error::ServerNotReached(_))
        || error.is_retryable()
        || error.status().is_some_and(|s| s >= 500)
}
