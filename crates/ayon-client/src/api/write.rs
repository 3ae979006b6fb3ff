//! [`EntityWrite`]: creating or updating a folder, task, product, version or representation
//! (`POST /api/projects/{p}/{entities}` with a client-made id, `PATCH .../{id}` with only the
//! fields set: a field set to `None` is sent as `null`, one not set is not sent).

use std::marker::PhantomData;

use platform_client_core::Request;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{check_entity_name, check_project_name, entity_id, new_entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{Operation, OperationKind};

/// The entity types an [`EntityWrite`] writes.
pub mod kinds {
    /// Writes the REST path and operation name of an entity type.
    pub trait Kind {
        /// `folders`, `tasks`, ...
        const PATH: &'static str;
        /// `folder`, `task`, ... (operations' `entityType`).
        const NAME: &'static str;
    }

    macro_rules! kinds {
        ($($kind:ident $path:literal $name:literal),* $(,)?) => {$(
            #[doc = concat!("Writes ", $path, ".")]
            #[derive(Debug, Clone, Copy)]
            pub struct $kind;
            impl Kind for $kind {
                const PATH: &'static str = $path;
                const NAME: &'static str = $name;
            }
        )*};
    }

    /// Entity types with a label (folders, tasks).
    pub trait Labelled: Kind {}
    impl Labelled for Folder {}
    impl Labelled for Task {}

    /// Entity types with a thumbnail (folders, tasks, versions).
    pub trait WithThumbnail: Kind {}
    impl WithThumbnail for Folder {}
    impl WithThumbnail for Task {}
    impl WithThumbnail for Version {}

    kinds! {
        Folder "folders" "folder",
        Task "tasks" "task",
        Product "products" "product",
        Version "versions" "version",
        Representation "representations" "representation",
    }
}

use kinds::Kind;

/// Creates (`POST`) or updates (`PATCH`) one entity; see the entity handlers' `create` and
/// `update`. Invalid values are reported by [`Self::send`] before anything is sent.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EntityWrite<'c, K> {
    client: &'c AyonClient,
    project: String,
    /// The entity id; `create` says whether it is new.
    id: String,
    create: bool,
    body: Map<String, Value>,
    error: Option<String>,
    _kind: PhantomData<K>,
}

impl<'c, K: Kind> EntityWrite<'c, K> {
    /// A create with a fresh id.
    pub(crate) fn create(client: &'c AyonClient, project: &str) -> Self {
        let id = new_entity_id();
        let mut body = Map::new();
        body.insert("id".to_owned(), json!(id));
        Self::new(client, project, id, true, body)
    }

    /// An update of entity `id`.
    pub(crate) fn update(client: &'c AyonClient, project: &str, id: &str) -> Self {
        let write = Self::new(client, project, String::new(), false, Map::new());
        match entity_id("id", id) {
            Ok(id) => EntityWrite { id, ..write },
            Err(e) => write.reject(e.to_string()),
        }
    }

    fn new(
        client: &'c AyonClient,
        project: &str,
        id: String,
        create: bool,
        body: Map<String, Value>,
    ) -> Self {
        let write = EntityWrite {
            client,
            project: project.to_owned(),
            id,
            create,
            body,
            error: None,
            _kind: PhantomData,
        };
        match check_project_name(project) {
            Ok(()) => write,
            Err(e) => write.reject(e.to_string()),
        }
    }

    fn reject(mut self, message: String) -> Self {
        self.error.get_or_insert(message);
        self
    }

    /// Sets a body field to any JSON value.
    pub(crate) fn set(mut self, key: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.body.insert(key.to_owned(), value);
                self
            }
            Err(e) => self.reject(format!("`{key}` cannot be encoded: {e}")),
        }
    }

    /// Sets an id field (`None`: `null`, e.g. no parent).
    pub(crate) fn set_id(self, key: &str, id: Option<&str>) -> Self {
        match id.map(|id| entity_id(key, id)).transpose() {
            Ok(id) => self.set(key, id),
            Err(e) => self.reject(e.to_string()),
        }
    }

    /// Sets a name field, checked against the server's name rule.
    pub(crate) fn set_name(self, key: &str, name: &str) -> Self {
        match check_entity_name(key, name) {
            Ok(()) => self.set(key, name),
            Err(e) => self.reject(e.to_string()),
        }
    }

    /// The id of a new entity (instead of a fresh one).
    pub fn id(mut self, id: &str) -> Self {
        if !self.create {
            return self.reject("an update's id is fixed".to_owned());
        }
        match entity_id("id", id) {
            Ok(id) => {
                self.body.insert("id".to_owned(), json!(id));
                self.id = id;
                self
            }
            Err(e) => self.reject(e.to_string()),
        }
    }

    /// The name.
    pub fn name(self, name: &str) -> Self {
        self.set_name("name", name)
    }

    /// One attribute value (`attrib.<name>`), e.g. `("fps", 25)`.
    pub fn attrib(mut self, name: &str, value: impl Serialize) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(v) => v,
            Err(e) => return self.reject(format!("attribute `{name}` cannot be encoded: {e}")),
        };
        let attrib = self
            .body
            .entry("attrib")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(attrib) = attrib {
            attrib.insert(name.to_owned(), value);
        }
        self
    }

    /// Free-form data (replaces what is stored; a representation's context set with
    /// `context` is kept in it).
    pub fn data(mut self, mut data: Map<String, Value>) -> Self {
        if let Some(context) = self.body.get("data").and_then(|d| d.get("context")) {
            data.entry("context").or_insert_with(|| context.clone());
        }
        self.body.insert("data".to_owned(), Value::Object(data));
        self
    }

    /// Sets one key of `data`.
    pub(crate) fn set_data(mut self, key: &str, value: Value) -> Self {
        let data = self
            .body
            .entry("data")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(data) = data {
            data.insert(key.to_owned(), value);
        }
        self
    }

    /// Tags (replacing the current ones).
    pub fn tags<S: Into<String>>(self, tags: impl IntoIterator<Item = S>) -> Self {
        let tags: Vec<String> = tags.into_iter().map(Into::into).collect();
        self.set("tags", tags)
    }

    /// The status name (e.g. `In progress`).
    pub fn status(self, status: &str) -> Self {
        match super::check_text("status", status) {
            Ok(()) => self.set("status", status),
            Err(e) => self.reject(e.to_string()),
        }
    }

    /// Whether it is active.
    pub fn active(self, active: bool) -> Self {
        self.set("active", active)
    }

    /// The body as it will be sent (for logs and tests).
    pub fn body(&self) -> &Map<String, Value> {
        &self.body
    }

    /// The same write as one operation of a batch (see
    /// [`crate::AyonClient::send_batch_operations`]).
    pub fn into_operation(self) -> Result<Operation> {
        if let Some(message) = self.error {
            return Err(Error::invalid(message));
        }
        let mut data = self.body;
        if !self.create {
            data.remove("id");
        }
        Ok(Operation {
            id: new_entity_id(),
            kind: if self.create {
                OperationKind::Create
            } else {
                OperationKind::Update
            },
            entity_type: K::NAME.to_owned(),
            entity_id: Some(self.id),
            data: Some(data),
            force: None,
            as_user: None,
        })
    }

    /// Sends it: the entity's id (`POST` answers `201 {"id"}`, `PATCH` `204`).
    pub async fn send(self) -> Result<String> {
        if let Some(message) = self.error {
            return Err(Error::invalid(message));
        }
        let base = format!("api/projects/{}/{}", self.project, K::PATH);
        if self.create {
            let answer: Value = self
                .client
                .json(Request::post(base).json(&self.body)?)
                .await?;
            Ok(answer
                .get("id")
                .and_then(Value::as_str)
                .map_or(self.id, str::to_owned))
        } else {
            if self.body.is_empty() {
                return Err(Error::invalid(format!(
                    "nothing to update on {} {}",
                    K::NAME,
                    self.id
                )));
            }
            let path = format!("{base}/{}", self.id);
            self.client
                .send_empty(Request::patch(path).json(&self.body)?)
                .await?;
            Ok(self.id)
        }
    }
}

impl<K: kinds::Labelled> EntityWrite<'_, K> {
    /// The label; `None` removes it (sent as `null`).
    pub fn label(self, label: Option<&str>) -> Self {
        self.set("label", label)
    }
}

impl<K: kinds::WithThumbnail> EntityWrite<'_, K> {
    /// The thumbnail; `None` removes it (sent as `null`).
    pub fn thumbnail_id(self, thumbnail: Option<&str>) -> Self {
        self.set_id("thumbnailId", thumbnail)
    }
}

/// A `DELETE /api/projects/{p}/{entities}/{id}` (`?force=true` when asked).
pub(crate) async fn delete<K: Kind>(
    client: &AyonClient,
    project: &str,
    id: &str,
    force: bool,
) -> Result<()> {
    check_project_name(project)?;
    let id = entity_id("id", id)?;
    let mut request = Request::delete(format!("api/projects/{project}/{}/{id}", K::PATH));
    if force {
        request = request.query("force", "true");
    }
    client.send_empty(request).await
}

/// A `GET /api/projects/{p}/{entities}/{id}`: `None` when it does not exist.
pub(crate) async fn get_rest<K: Kind, T: serde::de::DeserializeOwned>(
    client: &AyonClient,
    project: &str,
    id: &str,
) -> Result<Option<T>> {
    check_project_name(project)?;
    let id = entity_id("id", id)?;
    client
        .get_optional(format!("api/projects/{project}/{}/{id}", K::PATH))
        .await
}
