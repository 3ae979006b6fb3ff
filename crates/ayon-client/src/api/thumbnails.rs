//! Thumbnails: create and update (raw image bytes), get by id and per entity.

use platform_client_core::reexports::Bytes;
use platform_client_core::{Body, Request};
use serde::Deserialize;
use serde_json::Value;

use super::{check_project_name, entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};

/// A thumbnail's bytes and what they are (`ThumbnailContent`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ThumbnailContent {
    /// The project.
    pub project: String,
    /// The thumbnail's id; `None` for the server's placeholder image (an entity without one).
    pub id: Option<String>,
    /// The image.
    pub content: Bytes,
    /// Its content type (e.g. `image/png`).
    pub content_type: Option<String>,
}

impl ThumbnailContent {
    /// Whether it is a real thumbnail, not the placeholder (`is_valid`).
    pub fn is_valid(&self) -> bool {
        self.id.is_some() && self.content_type.is_some()
    }
}

/// What a create or update answered.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ThumbnailSaved {
    /// The thumbnail's id.
    #[serde(default)]
    pub id: String,
    /// The entities now showing it.
    #[serde(default)]
    pub affected_entities: Vec<Value>,
}

/// The entity types with a thumbnail route.
const WITH_THUMBNAILS: [&str; 4] = ["folder", "task", "version", "workfile"];

/// The content type of an image, from its first bytes.
pub(crate) fn image_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', ..] => Some("image/gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

impl AyonClient {
    /// Thumbnails.
    pub fn thumbnails(&self) -> Thumbnails<'_> {
        Thumbnails { client: self }
    }
}

/// The thumbnail handler: `client.thumbnails()`.
#[derive(Debug, Clone, Copy)]
pub struct Thumbnails<'c> {
    client: &'c AyonClient,
}

impl Thumbnails<'_> {
    async fn upload(&self, request: Request, image: Bytes) -> Result<ThumbnailSaved> {
        let content_type = image_type(&image)
            .ok_or_else(|| Error::invalid("the thumbnail is not a PNG, JPEG, GIF or WebP image"))?;
        let request = request.body(Body::Raw {
            content_type: content_type.to_owned(),
            data: image,
        });
        self.client.json(request).await
    }

    /// Uploads a new thumbnail (`create_thumbnail`): `POST /api/projects/{p}/thumbnails`, its
    /// content type from its first bytes.
    pub async fn create(&self, project: &str, image: impl Into<Bytes>) -> Result<ThumbnailSaved> {
        check_project_name(project)?;
        self.upload(
            Request::post(format!("api/projects/{project}/thumbnails")),
            image.into(),
        )
        .await
    }

    /// Replaces a thumbnail's image (`update_thumbnail`, and `create_thumbnail` with an id).
    pub async fn update(
        &self,
        project: &str,
        id: &str,
        image: impl Into<Bytes>,
    ) -> Result<ThumbnailSaved> {
        check_project_name(project)?;
        let id = entity_id("thumbnail_id", id)?;
        self.upload(
            Request::put(format!("api/projects/{project}/thumbnails/{id}")),
            image.into(),
        )
        .await
    }

    /// A thumbnail by id (`get_thumbnail_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<ThumbnailContent> {
        check_project_name(project)?;
        let id = entity_id("thumbnail_id", id)?;
        let response = self
            .client
            .authed()?
            .send(Request::get(format!(
                "api/projects/{project}/thumbnails/{id}"
            )))
            .await?;
        Ok(ThumbnailContent {
            project: project.to_owned(),
            id: Some(id),
            content_type: response.header("content-type").map(str::to_owned),
            content: response.into_bytes(),
        })
    }

    /// An entity's thumbnail (`get_thumbnail`, `get_folder_thumbnail`,
    /// `get_version_thumbnail`, `get_workfile_thumbnail`; tasks too, with the plural path the
    /// seed missed). The server answers its placeholder image when the entity has none: then
    /// `id` is `None`. AYON 1.16 fails on workfiles with a 500, which is an [`Error::Api`].
    pub async fn of_entity(
        &self,
        project: &str,
        entity_type: &str,
        entity: &str,
    ) -> Result<ThumbnailContent> {
        check_project_name(project)?;
        if !WITH_THUMBNAILS.contains(&entity_type) {
            return Err(Error::invalid(format!(
                "entities of type {entity_type:?} have no thumbnail route (folder, task, version, workfile)"
            )));
        }
        let entity = entity_id("entity_id", entity)?;
        let response = self
            .client
            .authed()?
            .send(Request::get(format!(
                "api/projects/{project}/{entity_type}s/{entity}/thumbnail"
            )))
            .await?;
        Ok(ThumbnailContent {
            project: project.to_owned(),
            id: response.header("x-thumbnail-id").map(str::to_owned),
            content_type: response.header("content-type").map(str::to_owned),
            content: response.into_bytes(),
        })
    }
}
