//! File transfers through any endpoint (`download_file`, `download_file_to_stream`,
//! `upload_file`, `upload_file_from_stream`): streamed in chunks with bounded memory, a
//! [`TransferProgress`] to watch, resumed or retried per the client's policy (see
//! `platform_client_core::transfer`).

use std::path::Path;

use platform_client_core::reexports::Method;
use platform_client_core::{Request, TransferProgress, Upload};
use tokio::io::AsyncWrite;

use crate::api::rest::RestResponse;
use crate::client::AyonClient;
use crate::error::{Error, Result};

impl AyonClient {
    /// Downloads an endpoint's answer into the file `path` (`download_file`), creating its
    /// directory; the number of bytes. The endpoint is a REST path (`desktop/installers/x`
    /// or `api/desktop/installers/x`) or a full URL under the server (for routes outside
    /// `/api`). The file appears only once complete: a failure leaves no partial file.
    pub async fn download_file(
        &self,
        endpoint: &str,
        path: impl AsRef<Path>,
        progress: Option<&TransferProgress>,
    ) -> Result<u64> {
        let request = Request::get(self.endpoint_path(endpoint)?);
        self.download_request(request, path.as_ref(), progress)
            .await
    }

    /// Downloads an endpoint's answer into any writer (`download_file_to_stream`); the
    /// number of bytes. A broken transfer resumes with `Range` where the server allows it.
    pub async fn download_to(
        &self,
        endpoint: &str,
        out: &mut (dyn AsyncWrite + Send + Unpin),
        progress: Option<&TransferProgress>,
    ) -> Result<u64> {
        let request = Request::get(self.endpoint_path(endpoint)?);
        Ok(self.authed()?.download_to(request, out, progress).await?)
    }

    /// Uploads a file, bytes or a reader to an endpoint (`upload_file`,
    /// `upload_file_from_stream`): `PUT` unless [`FileUpload::method`] says otherwise.
    pub fn upload_file(&self, endpoint: &str, source: Upload) -> FileUpload<'_> {
        FileUpload::new(self, self.endpoint_path(endpoint), source)
    }

    /// A download request into a file.
    pub(crate) async fn download_request(
        &self,
        request: Request,
        path: &Path,
        progress: Option<&TransferProgress>,
    ) -> Result<u64> {
        Ok(self
            .authed()?
            .download_file(request, path, progress)
            .await?)
    }
}

/// An upload being built: see [`AyonClient::upload_file`].
#[derive(Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct FileUpload<'c> {
    client: &'c AyonClient,
    path: Result<String>,
    method: Method,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    source: Upload,
    progress: Option<TransferProgress>,
    content_type: String,
}

impl<'c> FileUpload<'c> {
    pub(crate) fn new(client: &'c AyonClient, path: Result<String>, source: Upload) -> Self {
        FileUpload {
            client,
            path,
            method: Method::PUT,
            query: Vec::new(),
            headers: Vec::new(),
            source,
            progress: None,
            content_type: "application/octet-stream".to_owned(),
        }
    }

    /// The method (`request_type`): `PUT` (default), `POST` or `PATCH`.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The content type (default `application/octet-stream`; the reference sent its
    /// session's `application/json`).
    pub fn content_type(mut self, content_type: &str) -> Self {
        content_type.clone_into(&mut self.content_type);
        self
    }

    /// The original file name, in `x-file-name` (`filename`).
    pub fn file_name(self, name: &str) -> Self {
        self.header("x-file-name", name)
    }

    /// Any other header (a control character in it is refused when sending).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A query parameter.
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Follows the upload in `progress` (a clone: read it from another task).
    pub fn progress(mut self, progress: &TransferProgress) -> Self {
        self.progress = Some(progress.clone());
        self
    }

    /// Sends it; an error status is a typed [`Error`] (`raise_for_status`).
    pub async fn send(self) -> Result<RestResponse> {
        if !matches!(self.method, Method::PUT | Method::POST | Method::PATCH) {
            return Err(Error::invalid(format!(
                "an upload is sent with PUT, POST or PATCH, not {}",
                self.method
            )));
        }
        let mut request = Request::new(self.method.clone(), self.path?)
            .header("content-type", &self.content_type)?;
        for (key, value) in self.query {
            request = request.query(key, value);
        }
        for (name, value) in &self.headers {
            request = request.header(name, value)?;
        }
        let response = self
            .client
            .authed()?
            .upload(request, self.source, self.progress.as_ref())
            .await?;
        Ok(RestResponse::new(self.method, response))
    }
}
