//! The job API (`JobAPIClient`): your asynchronous jobs (lodging provenance, registering
//! activities, emails), listed page by page, and waiting for one to end.

use std::time::{Duration, Instant};

use platform_client_core::wait::{Pauses, Poll, WaitError, wait_until};

use platform_client_core::{HttpClient, Request};
use serde_json::{Map, json};

use super::{ItemStream, Layout, check_id, datastore::health, stream_pages};
use crate::client::{ProvenaClient, send_json};
use crate::config::Service;
use crate::error::{Error, Result};
use crate::models::{HealthCheck, Job, JobStatus};

impl ProvenaClient {
    /// The job API.
    pub fn jobs(&self) -> Jobs {
        Jobs {
            http: self.http(Service::Jobs).clone(),
        }
    }
}

/// The job API handler: `provena.jobs()`.
#[derive(Debug, Clone)]
pub struct Jobs {
    http: HttpClient,
}

impl Jobs {
    /// `get_health_check`: `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `fetch_job`: `GET /jobs/user/fetch?session_id`. Until the job is queued the server
    /// answers 400 "Item was not found." ([`Error::BadRequest`]).
    pub async fn fetch_job(&self, session_id: &str) -> Result<Job> {
        check_id("session_id", session_id)?;
        #[derive(serde::Deserialize)]
        struct Answer {
            job: Job,
        }
        let request = Request::get("/jobs/user/fetch").query("session_id", session_id);
        let answer: Answer = send_json(&self.http, request).await?;
        Ok(answer.job)
    }

    /// `list_jobs`: every job of yours, page by page (`limit` jobs a page, default 10).
    pub fn list_jobs(&self) -> JobList {
        JobList {
            http: self.http.clone(),
            path: "/jobs/user/list",
            body: Map::new(),
            page_size: 10,
            limit: None,
            prefetch: 0,
        }
    }

    /// `list_jobs_in_batch`: the jobs of one batch, page by page.
    pub fn list_jobs_in_batch(&self, batch_id: &str) -> Result<JobList> {
        check_id("batch_id", batch_id)?;
        let mut body = Map::new();
        body.insert("batch_id".to_owned(), json!(batch_id));
        Ok(JobList {
            http: self.http.clone(),
            path: "/jobs/user/list_batch",
            body,
            page_size: 10,
            limit: None,
            prefetch: 0,
        })
    }

    /// Waits for a job to end (the reference's `await_job_completion`): see [`WaitForJob`].
    pub fn wait_for_job(&self, session_id: &str) -> WaitForJob {
        WaitForJob {
            jobs: self.clone(),
            session_id: session_id.to_owned(),
            timeout: Duration::from_secs(320),
            first_pause: Duration::from_millis(500),
            max_pause: Duration::from_secs(10),
            succeed: false,
            progress: None,
        }
    }
}

/// A listing of jobs; [`stream`](Self::stream) reads every page.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until the listing is read"]
pub struct JobList {
    http: HttpClient,
    path: &'static str,
    body: Map<String, serde_json::Value>,
    page_size: u64,
    limit: Option<u64>,
    prefetch: usize,
}

impl JobList {
    /// Jobs per page (`limit` on the wire; default 10, at most 100).
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size;
        self
    }

    /// At most `n` jobs in total (exactly: the last page is cut; the reference could
    /// overshoot by a page).
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Reads up to `n` pages ahead.
    pub fn prefetch(mut self, n: usize) -> Self {
        self.prefetch = n;
        self
    }

    /// Every job, page by page.
    pub fn stream(&self) -> ItemStream<Job> {
        if !(1..=100).contains(&self.page_size) {
            let error = Error::invalid("`page_size` must be between 1 and 100");
            return Box::pin(futures_util::stream::once(async move { Err(error) }));
        }
        let mut body = self.body.clone();
        body.insert("limit".to_owned(), json!(self.page_size));
        let layout = Layout {
            items: "jobs",
            status: false,
        };
        stream_pages(
            &self.http,
            self.path,
            body,
            layout,
            self.limit,
            self.prefetch,
        )
    }

    /// Every job (memory grows with the total).
    pub async fn all(&self) -> Result<Vec<Job>> {
        super::collect(self.stream()).await
    }
}

/// What a wait reports after each poll.
pub type JobProgress = Box<dyn FnMut(Option<&Job>, Duration) + Send>;

/// Waiting for a job: polls with growing pauses (from 0.5 s, doubling up to 10 s) until it
/// succeeds or fails, or the timeout (default 320 s, the reference's three stages summed)
/// passes. While the job is not yet queued (the server's 400) the wait goes on.
#[must_use = "nothing is sent until `send` is awaited"]
pub struct WaitForJob {
    jobs: Jobs,
    session_id: String,
    timeout: Duration,
    first_pause: Duration,
    max_pause: Duration,
    succeed: bool,
    progress: Option<JobProgress>,
}

impl std::fmt::Debug for WaitForJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitForJob")
            .field("session_id", &self.session_id)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl WaitForJob {
    /// Gives up after this long ([`Error::Job`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The pauses: the first, and the longest (they double in between).
    pub fn pauses(mut self, first: Duration, max: Duration) -> Self {
        self.first_pause = first.max(Duration::from_millis(1));
        self.max_pause = max.max(self.first_pause);
        self
    }

    /// A failed job is an error too ([`Error::Job`] with its `info`), and a succeeded one
    /// must have a `result` (`await_successful_job_completion`).
    pub fn require_success(mut self) -> Self {
        self.succeed = true;
        self
    }

    /// Called after each poll with the job (`None` while not queued) and the time waited.
    pub fn on_progress(
        mut self,
        report: impl FnMut(Option<&Job>, Duration) + Send + 'static,
    ) -> Self {
        self.progress = Some(Box::new(report));
        self
    }

    /// Waits; the job as it ended.
    pub async fn send(mut self) -> Result<Job> {
        check_id("session_id", &self.session_id)?;
        let pauses = Pauses::new(self.first_pause, 2.0, self.max_pause)?;
        let started = Instant::now();
        let (jobs, session_id) = (&self.jobs, self.session_id.as_str());
        let progress = std::sync::Mutex::new(self.progress.take());
        let progress = &progress;
        let waited = wait_until(pauses, Some(self.timeout), || {
            async move {
                let job = match jobs.fetch_job(session_id).await {
                    Ok(job) => Some(job),
                    // Not queued yet.
                    Err(Error::BadRequest { .. }) => None,
                    Err(e) => return Err(e),
                };
                if let Some(report) = progress.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                    report(job.as_ref(), started.elapsed());
                }
                Ok(match job {
                    Some(job) if job.status.is_final() => Poll::Done(job),
                    other => Poll::Waiting(other.map(|j| j.status)),
                })
            }
        })
        .await;
        match waited {
            Ok(job) => self.outcome(job),
            Err(WaitError::Failed(e)) => Err(e),
            Err(WaitError::TimedOut { last, waited }) => Err(Error::Job {
                session_id: self.session_id.clone(),
                message: format!(
                    "did not end within {waited:?} (last status {})",
                    last.map_or_else(|| "not queued".to_owned(), |s| s.to_string())
                ),
            }),
        }
    }

    fn outcome(&self, job: Job) -> Result<Job> {
        if self.succeed {
            if job.status == JobStatus::Failed {
                return Err(Error::Job {
                    session_id: job.session_id.clone(),
                    message: format!("failed: {}", job.info.as_deref().unwrap_or("no info")),
                });
            }
            if job.result.is_none() {
                return Err(Error::Job {
                    session_id: job.session_id.clone(),
                    message: "succeeded without a result".to_owned(),
                });
            }
        }
        Ok(job)
    }
}
