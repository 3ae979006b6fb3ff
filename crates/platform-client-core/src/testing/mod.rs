//! Test support (feature `testing`): a recording loopback server, request records for insta
//! snapshots, betamax cassette replay, httpmock helpers, and the pieces of every platform's
//! stand-in (in-memory [`Collections`], [`select`] filters, [`Paging`] of list answers), and
//! [`capture_logs`] to check what reaches the logs.
//!
//! ```no_run
//! # async fn demo() -> platform_client_core::Result<()> {
//! use platform_client_core::testing::{MockResponse, Routes, TestServer};
//! use platform_client_core::{HttpClient, Request};
//!
//! let server = TestServer::routes(
//!     Routes::new().on("GET", "/api/items", MockResponse::json(200, &serde_json::json!([1, 2]))),
//! )
//! .await;
//! let client = HttpClient::builder(server.url("/api")).build()?;
//! let items: Vec<u32> = client.send_json(Request::get("items")).await?;
//! assert_eq!(items, [1, 2]);
//! assert_eq!(server.requests()[0].path, "/api/items");
//! # Ok(()) }
//! ```

mod cassette;
mod logs;
mod predicates;
mod record;
mod server;
mod stand_in;

use std::time::Duration;

pub use cassette::{BodyMatch, Cassette, Interaction, Replay, ReplayOptions};
pub use httpmock;
pub use logs::{CapturedLogs, capture_logs};
pub use predicates::{SLOW_ANSWER, check_error_predicates};
pub use record::{
    RecordedBody, RecordedPart, RequestRecord, form_pairs, is_secret_header, percent_decode,
};
pub use server::{Handler, MockResponse, Received, Routes, TestServer};
pub use stand_in::{
    Collections, Paging, connection_cursor, connection_page, id_text, query_text, select,
};

use crate::config::ClientBuilder;
use crate::retry::RetryPolicy;

/// A retry policy for tests: the default rules with millisecond waits and no jitter.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .max_retry_after(Duration::from_millis(5))
        .jitter(false)
}

/// A builder for a local mock: no proxies, fast retries.
pub fn local_builder(base_url: impl Into<String>) -> ClientBuilder {
    ClientBuilder::new(base_url).no_proxy().retry(fast_retry())
}

/// Starts an httpmock server (for tests that prefer httpmock's matchers and call counts).
pub async fn mock_server() -> httpmock::MockServer {
    httpmock::MockServer::start_async().await
}

/// A builder pointed at an httpmock server's `path`.
pub fn builder_for(server: &httpmock::MockServer, path: &str) -> ClientBuilder {
    local_builder(server.url(path))
}

/// A `.env` file in a fresh temporary directory, removed when dropped: for tests of a client's
/// `from_env_file`.
#[derive(Debug)]
pub struct EnvFile {
    dir: std::path::PathBuf,
}

impl EnvFile {
    /// Writes `lines` (`KEY=value` each) to `<temp>/<unique>/.env`.
    pub fn new(lines: &[&str]) -> std::io::Result<Self> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "env-file-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let dir = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(".env"), lines.join("\n") + "\n")?;
        Ok(EnvFile { dir })
    }

    /// The path of the `.env` file.
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.join(".env")
    }
}

impl Drop for EnvFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// CPU time of this process so far: the sum over its threads of
/// `/proc/self/task/*/schedstat` (nanoseconds on the CPU; precise where `/proc/self/stat`
/// counts 10 ms ticks). Zero where `/proc` is missing. For benchmarks, which print figures and
/// assert nothing about time.
pub fn process_cpu_time() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let nanos: u64 = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|text| {
            text.split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
        })
        .sum();
    Duration::from_nanos(nanos)
}
