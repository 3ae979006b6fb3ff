//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::error::Error;

/// The retry rules of a client.
///
/// Defaults: 3 retries, exponential backoff from 500 ms doubling up to 30 s with full jitter
/// (each wait is uniformly drawn between zero and the backoff step), `Retry-After` honoured up to
/// 120 s. Retried: connection failures and timeouts, 429, 502, 503, 504. A request whose method is
/// not idempotent (POST, PATCH) is re-sent only when it never reached the server (connection
/// refused) or when the call marks it safe.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets the number of retries after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets the first backoff step.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Caps the backoff step.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Caps how long a `Retry-After` is honoured; a longer demand is capped to this.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Turns full jitter on or off (off makes waits deterministic).
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// The number of retries after the first attempt.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn backoff(&self) -> backon::ExponentialBuilder {
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries as usize)
            .with_factor(2.0)
    }

    /// The wait before the next attempt given the backoff step (`None`: retries exhausted).
    pub(crate) fn wait(&self, error: &Error, step: Option<Duration>) -> Option<Duration> {
        let step = step?;
        if let Some(after) = error.retry_after() {
            return Some(after.min(self.max_retry_after));
        }
        if self.jitter {
            Some(step.mul_f64(fastrand::f64()))
        } else {
            Some(step)
        }
    }
}

/// Parses `Retry-After` in seconds or as an HTTP date (past dates give zero).
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(2)));
        let future = SystemTime::now() + Duration::from_secs(100);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&httpdate::fmt_http_date(future)).unwrap(),
        );
        let d = parse_retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(95) && d <= Duration::from_secs(100),
            "{d:?}"
        );
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(parse_retry_after(&h), Some(Duration::ZERO));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("99999999999999999999"),
        );
        assert_eq!(parse_retry_after(&h), None, "too large: no panic");
        h.insert(RETRY_AFTER, HeaderValue::from_static("-3"));
        assert_eq!(parse_retry_after(&h), None);
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(parse_retry_after(&h), None);
    }

    #[test]
    fn full_jitter_stays_under_the_step_and_exhaustion_stops() {
        let p = RetryPolicy::default();
        let err = Error::invalid_input("x");
        for _ in 0..200 {
            let w = p.wait(&err, Some(Duration::from_secs(4))).unwrap();
            assert!(w <= Duration::from_secs(4));
        }
        assert_eq!(p.wait(&err, None), None);
        let steps: Vec<_> = backon::BackoffBuilder::build(p.backoff()).collect();
        assert_eq!(
            steps,
            vec![
                Duration::from_millis(500),
                Duration::from_secs(1),
                Duration::from_secs(2)
            ]
        );
    }
}
