//! Waiting for long work on a server (a task, a job): polling with growing pauses, an overall
//! timeout, and the last state seen when it runs out. The platform crates put their
//! `wait_for_*` builders on top and report progress from the step they poll with.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};

/// The pauses between polls: the first, the factor each grows by, the longest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pauses {
    first: Duration,
    factor: f64,
    max: Duration,
}

impl Pauses {
    /// Pauses from `first`, each `factor` times the previous (at least 1), up to `max`.
    /// Zero durations are refused (invalid input).
    pub fn new(first: Duration, factor: f64, max: Duration) -> Result<Pauses> {
        if first.is_zero() || max.is_zero() {
            return Err(Error::invalid_input(
                "the pauses between polls must be longer than zero",
            ));
        }
        if !factor.is_finite() || factor < 1.0 {
            return Err(Error::invalid_input(
                "the pauses' growth factor must be at least 1",
            ));
        }
        Ok(Pauses {
            first,
            factor,
            max: max.max(first),
        })
    }

    /// The first pause.
    pub fn first(&self) -> Duration {
        self.first
    }

    /// The pause after `current`.
    pub fn next(&self, current: Duration) -> Duration {
        Duration::try_from_secs_f64(current.as_secs_f64() * self.factor)
            .unwrap_or(self.max)
            .min(self.max)
    }
}

/// What one poll found.
#[derive(Debug, Clone, PartialEq)]
pub enum Poll<T, S> {
    /// The work ended: the answer.
    Done(T),
    /// Still under way, in this state.
    Waiting(S),
}

/// Why a wait ended without an answer.
#[derive(Debug)]
pub enum WaitError<S, E> {
    /// A poll failed.
    Failed(E),
    /// The timeout passed; the last state seen.
    TimedOut {
        /// The last state.
        last: S,
        /// How long it was waited for.
        waited: Duration,
    },
}

/// Polls with `step` until it answers [`Poll::Done`], pausing per `pauses` (a pause never
/// runs past the timeout), and gives up after `timeout` with the last state. Uses tokio's
/// clock, so a paused test clock drives it.
pub async fn wait_until<T, S, E, F, Fut>(
    pauses: Pauses,
    timeout: Option<Duration>,
    mut step: F,
) -> std::result::Result<T, WaitError<S, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = std::result::Result<Poll<T, S>, E>>,
{
    let started = Instant::now();
    let mut pause = pauses.first;
    loop {
        let state = match step().await.map_err(WaitError::Failed)? {
            Poll::Done(answer) => return Ok(answer),
            Poll::Waiting(state) => state,
        };
        let waited = started.elapsed();
        let sleep = match timeout {
            Some(limit) if waited >= limit => {
                return Err(WaitError::TimedOut {
                    last: state,
                    waited,
                });
            }
            Some(limit) => pause.min(limit - waited),
            None => pause,
        };
        tokio::time::sleep(sleep).await;
        pause = pauses.next(pause);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_their_cap_and_refuse_nonsense() {
        let p = Pauses::new(Duration::from_secs(1), 1.5, Duration::from_secs(3)).unwrap();
        let steps: Vec<Duration> = std::iter::successors(Some(p.first()), |d| Some(p.next(*d)))
            .take(5)
            .collect();
        assert_eq!(
            steps,
            [1.0, 1.5, 2.25, 3.0, 3.0].map(Duration::from_secs_f64)
        );
        assert!(Pauses::new(Duration::ZERO, 2.0, Duration::from_secs(1)).is_err());
        assert!(Pauses::new(Duration::from_secs(1), 0.5, Duration::from_secs(1)).is_err());
        assert!(Pauses::new(Duration::from_secs(1), f64::NAN, Duration::from_secs(1)).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_ends_with_the_answer_or_the_last_state() {
        let pauses = Pauses::new(Duration::from_secs(1), 2.0, Duration::from_secs(4)).unwrap();
        let mut polls = 0;
        let done: std::result::Result<u32, WaitError<u32, ()>> = wait_until(pauses, None, || {
            polls += 1;
            let n = polls;
            async move {
                Ok(if n == 4 {
                    Poll::Done(n)
                } else {
                    Poll::Waiting(n)
                })
            }
        })
        .await;
        assert_eq!(done.unwrap(), 4);
        let started = Instant::now();
        let timed_out: std::result::Result<(), WaitError<&str, ()>> =
            wait_until(pauses, Some(Duration::from_secs(5)), || async {
                Ok(Poll::Waiting("PENDING"))
            })
            .await;
        match timed_out {
            Err(WaitError::TimedOut { last, waited }) => {
                assert_eq!(last, "PENDING");
                assert_eq!(
                    waited,
                    Duration::from_secs(5),
                    "the last pause was cut short"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(started.elapsed(), Duration::from_secs(5));
    }
}
