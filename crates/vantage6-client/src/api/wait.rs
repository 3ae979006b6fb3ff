//! Waiting for a task to finish, then fetching its results.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use platform_client_core::wait::{Pauses, Poll, WaitError, wait_until};

use super::check_id;
use super::task::poll_status;
use crate::client::Vantage6Client;
use crate::error::{Error, Result};
use crate::models::{RunResult, TaskStatus};

/// The first pause between polls unless set (the Python client's default).
const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);
/// The longest pause between polls unless set (the Python client's `MAX_INTERVAL`).
const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(300);
/// How much each pause grows (the Python client's `INTERVAL_MULTIPLIER`).
const GROWTH: f64 = 1.5;

type Progress<'c> = Box<dyn FnMut(&TaskStatus) + Send + 'c>;

impl Vantage6Client {
    /// Waits for a task to finish and returns its results (every page of
    /// `GET result?task_id=`, decoded), like the Python client's `wait_for_results`.
    ///
    /// It polls `GET task/<id>/status` (servers 4.11+; older servers: `GET task/<id>`), first
    /// after [`WaitForResults::interval`] (1 s), each pause 1.5 times the previous one up to
    /// [`WaitForResults::max_interval`] (300 s). The task is finished when its status is
    /// `completed` or anything else that is not `pending`, `initializing` or `active` (a
    /// failure): the results are returned either way, as by the Python client; see the final
    /// status with [`WaitForResults::on_progress`], or wait with
    /// [`WaitForResults::final_status`] instead. No time limit unless
    /// [`WaitForResults::timeout`] is set.
    ///
    /// ```no_run
    /// # async fn demo(v6: vantage6_client::Vantage6Client) -> vantage6_client::Result<()> {
    /// use std::time::Duration;
    /// let results = v6
    ///     .wait_for_results(7)
    ///     .interval(Duration::from_secs(2))
    ///     .timeout(Duration::from_secs(600))
    ///     .on_progress(|status| eprintln!("task 7: {status}"))
    ///     .await?;
    /// for result in &results {
    ///     let value: serde_json::Value = result.json()?;
    ///     println!("{value}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn wait_for_results(&self, task_id: u64) -> WaitForResults<'_> {
        WaitForResults {
            client: self,
            task_id,
            interval: DEFAULT_INTERVAL,
            max_interval: DEFAULT_MAX_INTERVAL,
            timeout: None,
            on_progress: None,
        }
    }
}

/// A wait for a task's results; see [`Vantage6Client::wait_for_results`]. Await it (or call
/// [`Self::send`]).
#[must_use = "nothing is polled until the wait is awaited"]
pub struct WaitForResults<'c> {
    client: &'c Vantage6Client,
    task_id: u64,
    interval: Duration,
    max_interval: Duration,
    timeout: Option<Duration>,
    on_progress: Option<Progress<'c>>,
}

impl std::fmt::Debug for WaitForResults<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitForResults")
            .field("task_id", &self.task_id)
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<'c> WaitForResults<'c> {
    /// The first pause between two polls (default 1 s); later pauses grow 1.5 times each.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest pause between two polls (default 300 s).
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// Gives up with [`Error::WaitTimeout`] when the task has not finished after this long (a
    /// poll or the fetching of the results still under way is abandoned).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Calls `progress` with every polled status, the final one included.
    pub fn on_progress(mut self, progress: impl FnMut(&TaskStatus) + Send + 'c) -> Self {
        self.on_progress = Some(Box::new(progress));
        self
    }

    /// Waits until the task has finished and returns its final status, without fetching the
    /// results.
    pub async fn final_status(self) -> Result<TaskStatus> {
        let (task_id, timeout) = (self.task_id, self.timeout);
        let last = LastStatus::default();
        bounded(task_id, timeout, &last, self.poll(&last)).await
    }

    async fn poll(mut self, last: &LastStatus) -> Result<TaskStatus> {
        check_id("task_id", self.task_id)?;
        if self.interval.is_zero() || self.max_interval.is_zero() {
            return Err(Error::invalid(
                "`interval` and `max_interval` must be longer than zero",
            ));
        }
        let pauses = Pauses::new(self.interval, GROWTH, self.max_interval)?;
        let (client, task_id) = (self.client, self.task_id);
        let legacy = std::sync::Mutex::new(false);
        let progress = std::sync::Mutex::new(self.on_progress.take());
        let (legacy, progress) = (&legacy, &progress);
        let waited = wait_until(pauses, self.timeout, || async move {
            let mut old = *legacy.lock().unwrap_or_else(|e| e.into_inner());
            let status = poll_status(client, task_id, &mut old).await?;
            *legacy.lock().unwrap_or_else(|e| e.into_inner()) = old;
            *last.lock().unwrap_or_else(|e| e.into_inner()) = Some(status.to_string());
            if let Some(report) = progress.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                report(&status);
            }
            Ok(if status.is_finished() {
                Poll::Done(status)
            } else {
                Poll::Waiting(status)
            })
        })
        .await;
        match waited {
            Ok(status) => Ok(status),
            Err(WaitError::Failed(e)) => Err(e),
            Err(WaitError::TimedOut { last, waited }) => Err(Error::WaitTimeout {
                task_id,
                status: last.to_string(),
                waited,
            }),
        }
    }

    /// Waits until the task has finished, then returns its results (every page, decoded).
    pub async fn send(self) -> Result<Vec<RunResult>> {
        let (client, task_id, timeout) = (self.client, self.task_id, self.timeout);
        let last = LastStatus::default();
        let wait = async {
            self.poll(&last).await?;
            client.result().from_task(task_id).all().await
        };
        bounded(task_id, timeout, &last, wait).await
    }
}

/// The last status polled, for the timeout error.
type LastStatus = std::sync::Mutex<Option<String>>;

/// Runs `wait` within `timeout` (when set); running out is [`Error::WaitTimeout`].
async fn bounded<T>(
    task_id: u64,
    timeout: Option<Duration>,
    last: &LastStatus,
    wait: impl Future<Output = Result<T>>,
) -> Result<T> {
    let Some(limit) = timeout else {
        return wait.await;
    };
    match tokio::time::timeout(limit, wait).await {
        Ok(result) => result,
        Err(_) => Err(Error::WaitTimeout {
            task_id,
            status: last
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
                .unwrap_or_else(|| "unknown (no status received yet)".to_owned()),
            waited: limit,
        }),
    }
}

impl<'c> IntoFuture for WaitForResults<'c> {
    type Output = Result<Vec<RunResult>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_by_half_up_to_the_cap() {
        let max = Duration::from_secs(300);
        let pauses = Pauses::new(DEFAULT_INTERVAL, GROWTH, max).unwrap();
        let next_pause = |pause: Duration, _max: Duration| pauses.next(pause);
        let mut pause = DEFAULT_INTERVAL;
        let mut seen = vec![pause];
        for _ in 0..16 {
            pause = next_pause(pause, max);
            seen.push(pause);
        }
        assert_eq!(seen[1], Duration::from_millis(1500));
        assert_eq!(seen[2], Duration::from_millis(2250));
        assert_eq!(seen[3], Duration::from_micros(3_375_000));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*seen.last().unwrap(), max);
        assert_eq!(
            next_pause(Duration::from_secs(250), max),
            max,
            "never above the cap"
        );
    }
}
