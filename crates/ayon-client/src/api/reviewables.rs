//! Reviewables: media uploaded to a version (`upload_reviewable`), streamed with progress.

use std::path::PathBuf;

use platform_client_core::reexports::Method;
use platform_client_core::{TransferProgress, Upload};
use tokio::io::AsyncReadExt as _;

use super::files::FileUpload;
use super::{check_project_name, check_text, entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{Reviewable, media_type};

impl AyonClient {
    /// Reviewables.
    pub fn reviewables(&self) -> Reviewables<'_> {
        Reviewables { client: self }
    }
}

/// The reviewable handler: `client.reviewables()`.
#[derive(Debug, Clone, Copy)]
pub struct Reviewables<'c> {
    client: &'c AyonClient,
}

impl<'c> Reviewables<'c> {
    /// Uploads a media file as a reviewable of a version (`upload_reviewable`): `POST
    /// api/projects/{p}/versions/{v}/reviewables?label=...` with the media type and
    /// `x-file-name`. The server probes the media (`ffprobe`): a file it cannot read is a
    /// `400` "Failed to extract media info".
    pub fn upload(
        &self,
        project: &str,
        version_id: &str,
        path: impl Into<PathBuf>,
    ) -> ReviewableUpload<'c> {
        ReviewableUpload {
            client: self.client,
            project: project.to_owned(),
            version_id: version_id.to_owned(),
            path: path.into(),
            label: None,
            content_type: None,
            file_name: None,
            progress: None,
        }
    }
}

/// A reviewable upload being built; see [`Reviewables::upload`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct ReviewableUpload<'c> {
    client: &'c AyonClient,
    project: String,
    version_id: String,
    path: PathBuf,
    label: Option<String>,
    content_type: Option<String>,
    file_name: Option<String>,
    progress: Option<TransferProgress>,
}

impl ReviewableUpload<'_> {
    /// The label (URL-encoded in the query; the seed sent it raw).
    pub fn label(mut self, label: &str) -> Self {
        self.label = Some(label.to_owned());
        self
    }

    /// The media type (default: found from the file's first bytes, see
    /// [`media_type`]).
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.content_type = Some(content_type.to_owned());
        self
    }

    /// The original file name (default: the path's).
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = Some(name.to_owned());
        self
    }

    /// Follows the upload in `progress`.
    pub fn progress(mut self, progress: &TransferProgress) -> Self {
        self.progress = Some(progress.clone());
        self
    }

    /// Sends it; the stored reviewable.
    pub async fn send(self) -> Result<Reviewable> {
        check_project_name(&self.project)?;
        let version = entity_id("version_id", &self.version_id)?;
        if let Some(label) = &self.label {
            check_text("label", label)?;
        }
        let file_name = match &self.file_name {
            Some(name) => name.clone(),
            None => self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| Error::invalid("the reviewable path has no file name"))?,
        };
        check_text("file_name", &file_name)?;
        let content_type = match self.content_type {
            Some(t) => t,
            None => sniff(&self.path).await?,
        };
        let path = format!(
            "api/projects/{}/versions/{version}/reviewables",
            self.project
        );
        let mut upload = FileUpload::new(self.client, Ok(path), Upload::file(&self.path))
            .method(Method::POST)
            .content_type(&content_type)
            .file_name(&file_name);
        if let Some(label) = &self.label {
            upload = upload.query("label", label);
        }
        if let Some(progress) = &self.progress {
            upload = upload.progress(progress);
        }
        upload.send().await?.json()
    }
}

/// The media type of a file from its first bytes; refused when unknown (nothing sent).
async fn sniff(path: &std::path::Path) -> Result<String> {
    let read = async {
        let mut file = tokio::fs::File::open(path).await?;
        let mut head = Vec::with_capacity(512);
        (&mut file).take(512).read_to_end(&mut head).await?;
        Ok::<_, std::io::Error>(head)
    };
    let head = read.await.map_err(|e| {
        Error::from(platform_client_core::Error::Io {
            action: "read",
            path: path.display().to_string(),
            source: e,
        })
    })?;
    media_type(&head).map(str::to_owned).ok_or_else(|| {
        Error::invalid(format!(
            "cannot tell the media type of {}; give it with `.content_type(..)`",
            path.display()
        ))
    })
}
