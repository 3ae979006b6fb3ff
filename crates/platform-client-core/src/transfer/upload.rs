//! Uploads: a file, bytes or a reader streamed as the request body, in chunks.

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt as _};
use reqwest::header::CONTENT_LENGTH;
use tokio::io::{AsyncRead, AsyncReadExt as _};
use tracing::Instrument as _;

use super::{CHUNK_SIZE, Retries, TransferProgress, Upload, UploadKind, io_error, within_idle};
use crate::error::Result;
use crate::url::redact_url;
use crate::{HttpClient, Request, Response};

/// The chunks of a reader, counted into `progress` as the transport takes them.
fn reader_chunks(
    reader: impl AsyncRead + Send + Unpin + 'static,
    progress: TransferProgress,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::try_unfold((reader, progress), |(mut reader, progress)| async move {
        let mut buf = BytesMut::with_capacity(CHUNK_SIZE);
        let n = reader.read_buf(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        progress.add(n as u64);
        Ok(Some((buf.freeze(), (reader, progress))))
    })
}

impl Upload {
    /// The length to announce, when known (a file's is read now: a missing file fails here,
    /// before anything is sent).
    async fn len(&self) -> Result<Option<u64>> {
        match &self.kind {
            UploadKind::File(path) => tokio::fs::metadata(path)
                .await
                .map(|m| Some(m.len()))
                .map_err(|e| io_error("read", path, e)),
            UploadKind::Bytes(b) => Ok(Some(b.len() as u64)),
            UploadKind::Reader(_, len) => Ok(*len),
        }
    }

    /// A fresh body for one attempt.
    fn body(&self, progress: &TransferProgress) -> Result<reqwest::Body> {
        let progress = progress.clone();
        match &self.kind {
            UploadKind::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| io_error("open", path, e))?;
                let chunks = reader_chunks(tokio::fs::File::from_std(file), progress);
                Ok(reqwest::Body::wrap_stream(chunks))
            }
            UploadKind::Bytes(bytes) => {
                let bytes = bytes.clone();
                let count = bytes.len().div_ceil(CHUNK_SIZE);
                let chunks = futures_util::stream::iter(0..count).map(move |i| {
                    let end = ((i + 1) * CHUNK_SIZE).min(bytes.len());
                    let chunk = bytes.slice(i * CHUNK_SIZE..end);
                    progress.add(chunk.len() as u64);
                    Ok::<_, std::io::Error>(chunk)
                });
                Ok(reqwest::Body::wrap_stream(chunks))
            }
            UploadKind::Reader(slot, _) => {
                let reader = slot.lock().ok().and_then(|mut s| s.take()).ok_or_else(|| {
                    io_error(
                        "read again",
                        std::path::Path::new("<reader>"),
                        std::io::Error::other("a reader can be sent once"),
                    )
                })?;
                Ok(reqwest::Body::wrap_stream(reader_chunks(reader, progress)))
            }
        }
    }
}

impl HttpClient {
    /// Sends `req` with `source` streamed as its body (the request's own body is replaced; its
    /// headers, e.g. `Content-Type`, are kept) and returns the answer, read whole.
    ///
    /// A failed attempt is sent again only when the source can be read again and the method
    /// is idempotent (or the call marks it safe); see the [module](crate::transfer).
    pub async fn upload(
        &self,
        req: Request,
        source: Upload,
        progress: Option<&TransferProgress>,
    ) -> Result<Response> {
        let url = self.url_for(&req)?;
        let len = source.len().await?;
        let own = TransferProgress::new();
        let progress = progress.unwrap_or(&own);
        progress.start(source.describe(), redact_url(&url))?;
        progress.set_content_size(len);
        let span =
            tracing::debug_span!("http.upload", http.method = %req.method, url.path = %url.path());
        let result = self
            .upload_attempts(&req, &url, &source, len, progress)
            .instrument(span)
            .await;
        progress.finish(&result);
        result
    }

    async fn upload_attempts(
        &self,
        req: &Request,
        url: &reqwest::Url,
        source: &Upload,
        len: Option<u64>,
        progress: &TransferProgress,
    ) -> Result<Response> {
        let mut retries = Retries::new(&self.inner.retry);
        let resendable = source.is_repeatable() && req.is_retry_safe();
        loop {
            progress.next_attempt();
            progress.set_transferred(0);
            match self.upload_attempt(req, url, source, len, progress).await {
                Ok(response) => {
                    tracing::debug!(status = response.status().as_u16(), "upload completed");
                    return Ok(response);
                }
                Err(e) => {
                    let allowed = resendable || (source.is_repeatable() && e.never_sent());
                    retries.wait_or_fail(e, allowed).await?;
                }
            }
        }
    }

    async fn upload_attempt(
        &self,
        req: &Request,
        url: &reqwest::Url,
        source: &Upload,
        len: Option<u64>,
        progress: &TransferProgress,
    ) -> Result<Response> {
        let mut finish = |rb: reqwest::RequestBuilder| {
            progress.set_transferred(0);
            let rb = rb.body(source.body(progress)?);
            Ok(match len {
                Some(len) => rb.header(CONTENT_LENGTH, len),
                None => rb,
            })
        };
        let response = self.open_transfer(req, url, &mut finish, progress).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let final_url = response.url().clone();
        let idle = self.timeout_for(req);
        let body = within_idle(response.bytes(), req, url, idle, progress).await?;
        self.classify(req, Response::from_parts(status, headers, final_url, body))
    }
}
