//! Downloads: into any writer, or into a file through a temporary file renamed into place.

use std::path::{Path, PathBuf};

use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, RANGE};
use tokio::io::{AsyncSeekExt as _, AsyncWrite, AsyncWriteExt as _};
use tracing::Instrument as _;

use super::{Retries, TransferProgress, io_error, within_idle};
use crate::error::{Error, Result};
use crate::url::redact_url;
use crate::{HttpClient, Request};

/// Where downloaded bytes go, and how many went there.
struct Sink<'a> {
    out: Out<'a>,
    written: u64,
}

enum Out<'a> {
    Writer(&'a mut (dyn AsyncWrite + Send + Unpin)),
    File(tokio::fs::File, &'a Path),
}

impl Sink<'_> {
    async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        match &mut self.out {
            Out::Writer(w) => w
                .write_all(chunk)
                .await
                .map_err(|e| writer_error("write to", e)),
            Out::File(f, path) => f
                .write_all(chunk)
                .await
                .map_err(|e| io_error("write", path, e)),
        }?;
        self.written += chunk.len() as u64;
        Ok(())
    }

    /// Starts again from zero (the server did not resume): a file is emptied, a writer cannot
    /// be rewound.
    async fn restart(&mut self) -> Result<()> {
        match &mut self.out {
            Out::Writer(_) => {
                return Err(writer_error(
                    "resume the download into",
                    std::io::Error::other(
                        "the server does not honour Range and a writer cannot be rewound",
                    ),
                ));
            }
            Out::File(f, path) => {
                f.set_len(0)
                    .await
                    .map_err(|e| io_error("truncate", path, e))?;
                f.rewind().await.map_err(|e| io_error("rewind", path, e))?;
            }
        }
        self.written = 0;
        Ok(())
    }

    async fn flush(&mut self) -> Result<()> {
        match &mut self.out {
            Out::Writer(w) => w.flush().await.map_err(|e| writer_error("flush", e)),
            Out::File(f, path) => {
                f.flush().await.map_err(|e| io_error("flush", path, e))?;
                f.sync_all().await.map_err(|e| io_error("sync", path, e))
            }
        }
    }
}

fn writer_error(action: &'static str, e: std::io::Error) -> Error {
    io_error(action, Path::new("<writer>"), e)
}

/// `bytes <start>-<end>/<total>`: the start and the total (when not `*`).
fn content_range(value: &str) -> Option<(u64, Option<u64>)> {
    let range = value.trim().strip_prefix("bytes ")?;
    let (span, total) = range.split_once('/')?;
    let (start, _) = span.split_once('-')?;
    Some((start.trim().parse().ok()?, total.trim().parse().ok()))
}

impl HttpClient {
    /// Downloads the answer of `req` (a `GET`) into `out`, in chunks; the number of bytes.
    ///
    /// A failed attempt is resumed with `Range` when the server honours it; when it does not
    /// and bytes were already written, the download fails (a writer cannot be rewound). See
    /// the [module](crate::transfer) for timeouts and retries.
    pub async fn download_to(
        &self,
        req: Request,
        out: &mut (dyn AsyncWrite + Send + Unpin),
        progress: Option<&TransferProgress>,
    ) -> Result<u64> {
        let url = self.url_for(&req)?;
        let own = TransferProgress::new();
        let progress = progress.unwrap_or(&own);
        progress.start(redact_url(&url), "<writer>".to_owned())?;
        let mut sink = Sink {
            out: Out::Writer(out),
            written: 0,
        };
        let result = self.download_into(&req, &url, &mut sink, progress).await;
        progress.finish(&result);
        result
    }

    /// Downloads the answer of `req` (a `GET`) into the file `path`, creating its directory;
    /// the number of bytes. The bytes go to a temporary file beside it, renamed to `path` once
    /// complete and synced: on failure no partial file is left and an existing `path` is
    /// untouched.
    pub async fn download_file(
        &self,
        req: Request,
        path: &Path,
        progress: Option<&TransferProgress>,
    ) -> Result<u64> {
        let url = self.url_for(&req)?;
        let name = path
            .file_name()
            .ok_or_else(|| Error::invalid_input("the destination path has no file name"))?;
        if tokio::fs::metadata(path).await.is_ok_and(|m| m.is_dir()) {
            return Err(Error::invalid_input(format!(
                "the destination {} is a directory",
                path.display()
            )));
        }
        let own = TransferProgress::new();
        let progress = progress.unwrap_or(&own);
        progress.start(redact_url(&url), path.display().to_string())?;
        let result = self
            .download_via_temp(&req, &url, path, name, progress)
            .await;
        progress.finish(&result);
        result
    }

    async fn download_via_temp(
        &self,
        req: &Request,
        url: &reqwest::Url,
        path: &Path,
        name: &std::ffi::OsStr,
        progress: &TransferProgress,
    ) -> Result<u64> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| io_error("create the directory", &dir, e))?;
        let temp = dir.join(format!(
            ".{}.{:016x}.part",
            name.to_string_lossy(),
            fastrand::u64(..)
        ));
        let file = tokio::fs::File::create(&temp)
            .await
            .map_err(|e| io_error("create", &temp, e))?;
        let mut sink = Sink {
            out: Out::File(file, &temp),
            written: 0,
        };
        let mut result = self.download_into(req, url, &mut sink, progress).await;
        drop(sink);
        if result.is_ok()
            && let Err(e) = tokio::fs::rename(&temp, path).await
        {
            result = Err(io_error("move the download into", path, e));
        }
        if result.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        result
    }

    /// The attempts of one download, per the retry policy.
    async fn download_into(
        &self,
        req: &Request,
        url: &reqwest::Url,
        sink: &mut Sink<'_>,
        progress: &TransferProgress,
    ) -> Result<u64> {
        let span = tracing::debug_span!("http.download", url.path = %url.path());
        let mut retries = Retries::new(&self.inner.retry);
        async {
            loop {
                progress.next_attempt();
                match self.download_attempt(req, url, sink, progress).await {
                    Ok(()) => {
                        tracing::debug!(bytes = sink.written, "download completed");
                        return Ok(sink.written);
                    }
                    // A download is a GET: always safe to ask again.
                    Err(e) => retries.wait_or_fail(e, true).await?,
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn download_attempt(
        &self,
        req: &Request,
        url: &reqwest::Url,
        sink: &mut Sink<'_>,
        progress: &TransferProgress,
    ) -> Result<()> {
        let offset = sink.written;
        let mut finish = move |rb: reqwest::RequestBuilder| {
            Ok(if offset > 0 {
                rb.header(RANGE, format!("bytes={offset}-"))
            } else {
                rb
            })
        };
        let mut response = self.open_transfer(req, url, &mut finish, progress).await?;
        let range = response
            .headers()
            .get(CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .and_then(content_range);
        let resumed = offset > 0
            && response.status() == StatusCode::PARTIAL_CONTENT
            && range.is_some_and(|(start, _)| start == offset);
        if offset > 0 && !resumed {
            sink.restart().await?;
            progress.set_transferred(0);
        }
        let total = match (resumed, range) {
            (true, Some((_, Some(total)))) => Some(total),
            (true, _) => response.content_length().map(|l| l + offset),
            (false, _) => response.content_length(),
        };
        progress.set_content_size(total);
        let idle = self.timeout_for(req);
        loop {
            let chunk = within_idle(response.chunk(), req, url, idle, progress).await?;
            let Some(chunk) = chunk else { break };
            sink.write(&chunk).await?;
            progress.add(chunk.len() as u64);
        }
        sink.flush().await
    }
}

#[cfg(test)]
mod tests {
    use super::content_range;

    #[test]
    fn content_ranges() {
        assert_eq!(content_range("bytes 100-199/200"), Some((100, Some(200))));
        assert_eq!(content_range("bytes 5-9/*"), Some((5, None)));
        assert_eq!(content_range("bytes */200"), None);
        assert_eq!(content_range("items 0-1/2"), None);
    }
}
