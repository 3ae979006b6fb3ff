//! Streamed file transfers: downloads into a writer or a file, uploads from a file, bytes or a
//! reader, with a [`TransferProgress`] another task can watch.
//!
//! Memory stays bounded by one chunk whatever the size of the file. The client's timeout is
//! an *idle* timeout here: it bounds the wait for the answer's headers and every stall
//! between two chunks, not the whole transfer (a 1 GiB file may take minutes). Failed
//! attempts are retried per the client's [`RetryPolicy`](crate::RetryPolicy): a download
//! resumes where it stopped with `Range: bytes=<offset>-` when the server honours it (`206`),
//! and otherwise a file is started again from zero; an upload is sent again only when its
//! source can be read again (a file, bytes) and the method is idempotent. A file download
//! goes to a temporary file beside the destination, renamed into place once complete: a
//! failure leaves no partial file behind.

mod download;
mod upload;

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use tokio::io::AsyncRead;

use crate::error::{Error, Result};

/// The size of the chunks read from a file or a reader.
pub const CHUNK_SIZE: usize = 256 * 1024;

const UNKNOWN: u64 = u64::MAX;

/// The state of one transfer, shared with whoever watches it (clones share it).
///
/// Give one to a transfer call and read it from another task: attempts, bytes so far, the
/// size when the server or the source tells it, done or failed with the reason. One progress
/// follows one transfer: a second transfer with a progress already started is refused before
/// anything is sent.
#[derive(Clone, Default)]
pub struct TransferProgress {
    inner: Arc<State>,
}

#[derive(Default)]
struct State {
    started: AtomicBool,
    done: AtomicBool,
    failed: AtomicBool,
    attempt: AtomicU32,
    transferred: AtomicU64,
    content_size: AtomicU64Opt,
    fail_reason: Mutex<Option<String>>,
    source: Mutex<Option<String>>,
    destination: Mutex<Option<String>>,
}

struct AtomicU64Opt(AtomicU64);

impl Default for AtomicU64Opt {
    fn default() -> Self {
        AtomicU64Opt(AtomicU64::new(UNKNOWN))
    }
}

fn read(m: &Mutex<Option<String>>) -> Option<String> {
    m.lock().map(|g| g.clone()).unwrap_or_default()
}

fn write(m: &Mutex<Option<String>>, value: String) {
    if let Ok(mut g) = m.lock() {
        *g = Some(value);
    }
}

impl TransferProgress {
    /// A progress not started yet.
    pub fn new() -> Self {
        TransferProgress::default()
    }

    /// The attempt under way (1 for the first; 0 before the start).
    pub fn attempt(&self) -> u32 {
        self.inner.attempt.load(Ordering::Relaxed)
    }

    /// Whether the transfer started.
    pub fn is_started(&self) -> bool {
        self.inner.started.load(Ordering::Acquire)
    }

    /// Whether the transfer ended (completed or failed).
    pub fn is_done(&self) -> bool {
        self.inner.done.load(Ordering::Acquire)
    }

    /// Whether the transfer failed.
    pub fn is_failed(&self) -> bool {
        self.inner.failed.load(Ordering::Acquire)
    }

    /// Started, not ended.
    pub fn is_running(&self) -> bool {
        self.is_started() && !self.is_done()
    }

    /// Why it failed (the error's message).
    pub fn fail_reason(&self) -> Option<String> {
        read(&self.inner.fail_reason)
    }

    /// Bytes moved so far (of the current attempt's content: a resumed download counts the
    /// bytes kept, a restarted one starts again from zero).
    pub fn transferred(&self) -> u64 {
        self.inner.transferred.load(Ordering::Relaxed)
    }

    /// The whole size, when known (`Content-Length`, `Content-Range`, the file's length).
    pub fn content_size(&self) -> Option<u64> {
        match self.inner.content_size.0.load(Ordering::Relaxed) {
            UNKNOWN => None,
            size => Some(size),
        }
    }

    /// `transferred · 100 / content_size`, when the size is known (100 for an empty file).
    pub fn percent(&self) -> Option<f64> {
        let size = self.content_size()?;
        if size == 0 {
            return Some(100.0);
        }
        Some(self.transferred() as f64 * 100.0 / size as f64)
    }

    /// Where the bytes come from (a URL without secrets, or a local path).
    pub fn source_url(&self) -> Option<String> {
        read(&self.inner.source)
    }

    /// Where the bytes go (a local path, or a URL without secrets).
    pub fn destination_url(&self) -> Option<String> {
        read(&self.inner.destination)
    }

    /// Marks the start; refused when this progress already followed a transfer.
    pub(crate) fn start(&self, source: String, destination: String) -> Result<()> {
        if self.inner.started.swap(true, Ordering::AcqRel) {
            return Err(Error::invalid_input(
                "this TransferProgress already followed a transfer; give each transfer its own",
            ));
        }
        write(&self.inner.source, source);
        write(&self.inner.destination, destination);
        Ok(())
    }

    pub(crate) fn next_attempt(&self) {
        self.inner.attempt.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn set_transferred(&self, bytes: u64) {
        self.inner.transferred.store(bytes, Ordering::Relaxed);
    }

    pub(crate) fn add(&self, bytes: u64) {
        self.inner.transferred.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn set_content_size(&self, size: Option<u64>) {
        self.inner
            .content_size
            .0
            .store(size.unwrap_or(UNKNOWN), Ordering::Relaxed);
    }

    pub(crate) fn finish(&self, outcome: &Result<impl Sized>) {
        if let Err(e) = outcome {
            write(&self.inner.fail_reason, e.to_string());
            self.inner.failed.store(true, Ordering::Release);
        }
        self.inner.done.store(true, Ordering::Release);
    }
}

impl fmt::Debug for TransferProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransferProgress")
            .field("attempt", &self.attempt())
            .field("started", &self.is_started())
            .field("done", &self.is_done())
            .field("failed", &self.is_failed())
            .field("transferred", &self.transferred())
            .field("content_size", &self.content_size())
            .field("source", &self.source_url())
            .field("destination", &self.destination_url())
            .finish_non_exhaustive()
    }
}

/// What an upload sends: a file (read again for a retry), bytes, or a reader (read once).
pub struct Upload {
    pub(crate) kind: UploadKind,
}

pub(crate) enum UploadKind {
    File(PathBuf),
    Bytes(Bytes),
    Reader(
        Mutex<Option<Box<dyn AsyncRead + Send + Unpin>>>,
        Option<u64>,
    ),
}

impl Upload {
    /// A local file, streamed in chunks; its length goes in `Content-Length`.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Upload {
            kind: UploadKind::File(path.into()),
        }
    }

    /// Bytes in memory, sent in chunks (no copy).
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Upload {
            kind: UploadKind::Bytes(bytes.into()),
        }
    }

    /// Any reader, read once in chunks; give its length when known (`Content-Length`),
    /// otherwise the body is sent with chunked transfer encoding. Not retried once sending
    /// began.
    pub fn reader(reader: impl AsyncRead + Send + Unpin + 'static, len: Option<u64>) -> Self {
        Upload {
            kind: UploadKind::Reader(Mutex::new(Some(Box::new(reader))), len),
        }
    }

    /// Whether the source can be read again for a retry.
    pub fn is_repeatable(&self) -> bool {
        !matches!(self.kind, UploadKind::Reader(..))
    }

    /// The file name of a file source.
    pub fn file_name(&self) -> Option<String> {
        match &self.kind {
            UploadKind::File(path) => path.file_name().map(|n| n.to_string_lossy().into_owned()),
            _ => None,
        }
    }

    /// The path of a file source.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.kind {
            UploadKind::File(path) => Some(path),
            _ => None,
        }
    }

    /// A description for progress and logs: the path, or what kind of source it is.
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            UploadKind::File(path) => path.display().to_string(),
            UploadKind::Bytes(b) => format!("<{} bytes>", b.len()),
            UploadKind::Reader(..) => "<reader>".to_owned(),
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Upload").field(&self.describe()).finish()
    }
}

/// A local I/O error as an [`Error::Io`].
pub(crate) fn io_error(action: &'static str, path: &std::path::Path, e: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.display().to_string(),
        source: e,
    }
}

/// How much of an error answer a transfer reads (the rest is not needed to classify it).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Runs `fut`, giving up when `progress` did not move for `idle` (`None`: stalled).
pub(crate) async fn watched<T>(
    fut: impl std::future::Future<Output = T>,
    idle: Option<std::time::Duration>,
    progress: &TransferProgress,
) -> Option<T> {
    use futures_util::future::{Either, select};
    let Some(idle) = idle else {
        return Some(fut.await);
    };
    let mut fut = std::pin::pin!(fut);
    loop {
        let seen = progress.transferred();
        let sleep = std::pin::pin!(tokio::time::sleep(idle));
        match select(fut.as_mut(), sleep).await {
            Either::Left((value, _)) => return Some(value),
            Either::Right(_) if progress.transferred() == seen => return None,
            Either::Right(_) => {}
        }
    }
}

/// The retry bookkeeping of one transfer: the backoff steps left.
pub(crate) struct Retries<'p> {
    policy: &'p crate::RetryPolicy,
    steps: backon::ExponentialBackoff,
}

impl<'p> Retries<'p> {
    pub(crate) fn new(policy: &'p crate::RetryPolicy) -> Self {
        Retries {
            policy,
            steps: backon::BackoffBuilder::build(policy.backoff()),
        }
    }

    /// Waits before the next attempt when `error` allows one (`allowed`, retryable, steps
    /// left); otherwise gives the error back.
    pub(crate) async fn wait_or_fail(&mut self, error: Error, allowed: bool) -> Result<()> {
        let wait = if allowed && error.is_retryable() {
            self.policy.wait(&error, Iterator::next(&mut self.steps))
        } else {
            None
        };
        let Some(wait) = wait else {
            tracing::debug!(error = %error, "transfer failed");
            return Err(error);
        };
        tracing::debug!(error = %error, wait_ms = wait.as_millis() as u64, "trying the transfer again");
        tokio::time::sleep(wait).await;
        Ok(())
    }
}

/// Runs a step of the HTTP stack for `req`, bounded by the idle timeout: a stall is
/// [`Error::Timeout`], a failure [`Error::Transport`].
pub(crate) async fn within_idle<T>(
    fut: impl std::future::Future<Output = reqwest::Result<T>>,
    req: &crate::Request,
    url: &reqwest::Url,
    idle: Option<std::time::Duration>,
    progress: &TransferProgress,
) -> Result<T> {
    let url = || crate::url::redact_url(url);
    watched(fut, idle, progress)
        .await
        .ok_or_else(|| Error::Timeout {
            method: req.method.clone(),
            url: url(),
        })?
        .map_err(|e| Error::from_reqwest(&req.method, url(), e))
}

impl crate::HttpClient {
    /// Sends a transfer request (`finish` adds its body and headers) and returns the answer
    /// with its body unread when the status is a success; an error status becomes the usual
    /// typed error. A `401` with refreshing credentials refreshes them and sends once more
    /// (when `finish` can make the body again).
    pub(crate) async fn open_transfer(
        &self,
        req: &crate::Request,
        url: &reqwest::Url,
        finish: &mut (dyn FnMut(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> + Send),
        progress: &TransferProgress,
    ) -> Result<reqwest::Response> {
        let idle = self.timeout_for(req);
        let mut auth = if req.authenticated {
            self.inner.auth.header_value().await?
        } else {
            None
        };
        let mut refreshed = false;
        loop {
            let rb = finish(self.request_builder(req, url, auth.as_ref()))?;
            let response = within_idle(rb.send(), req, url, idle, progress).await?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let headers = response.headers().clone();
            let final_url = response.url().clone();
            let body = watched(read_limited(response), idle, progress)
                .await
                .unwrap_or_default();
            let answer = crate::Response::from_parts(status, headers, final_url, body);
            if status == reqwest::StatusCode::UNAUTHORIZED
                && !refreshed
                && let (crate::Auth::Refreshing(shared), Some((_, _, generation))) =
                    (&self.inner.auth, &auth)
                && shared.is_expiry(&answer)
            {
                shared.invalidate(*generation).await;
                auth = self.inner.auth.header_value().await?;
                refreshed = true;
                continue;
            }
            return Err(self.error_status(req, &answer));
        }
    }
}

/// The start of an error answer's body (at most [`ERROR_BODY_LIMIT`] bytes).
async fn read_limited(mut response: reqwest::Response) -> Bytes {
    let mut body = bytes::BytesMut::new();
    while body.len() < ERROR_BODY_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(ERROR_BODY_LIMIT);
    body.freeze()
}
