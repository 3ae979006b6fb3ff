//! The fluent path model: namespaces, collections, resources and actions.
//!
//! Names and ids are percent-encoded as path segments (the reference sends them raw, so an id
//! holding `/` or `?` changes the request). Blank names are rejected when a request is made, and
//! nothing is sent.

use platform_client_core::reexports::Method;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::client::ConnectClient;
use crate::error::{Error, Result};
use crate::resourceset::ResourceSet;
use crate::rql::R;

/// A path below the endpoint, validated lazily.
#[derive(Clone, Debug)]
pub(crate) enum Path {
    /// Segments to encode.
    Segments {
        segments: Vec<String>,
        error: Option<String>,
    },
    /// A path given as text by the caller (sent as given).
    Raw(String),
}

impl Path {
    pub(crate) fn root() -> Path {
        Path::Segments {
            segments: Vec::new(),
            error: None,
        }
    }

    pub(crate) fn raw(path: &str) -> Result<Path> {
        let path = path.trim_matches('/');
        if path.trim().is_empty() {
            return Err(Error::invalid("`path` must not be blank."));
        }
        Ok(Path::Raw(path.to_owned()))
    }

    /// This path plus one segment; `what` names it in the error of a blank value.
    pub(crate) fn child(&self, name: String, what: &str) -> Path {
        match self {
            Path::Segments { segments, error } => {
                let error = error.clone().or_else(|| {
                    if name.trim().is_empty() {
                        Some(format!("the {what} name must not be blank"))
                    } else if name == "." || name == ".." {
                        // URLs treat these (even percent-encoded) as "this" and "parent".
                        Some(format!("the {what} name must not be `{name}`"))
                    } else {
                        None
                    }
                });
                let mut segments = segments.clone();
                segments.push(name);
                Path::Segments { segments, error }
            }
            Path::Raw(raw) => Path::Raw(format!("{raw}/{}", encode_segment(&name))),
        }
    }

    /// The encoded path, or the validation error of a blank name.
    pub(crate) fn render(&self) -> Result<String> {
        match self {
            Path::Segments { error: Some(e), .. } => Err(Error::invalid(e.clone())),
            Path::Segments { segments, .. } => Ok(segments
                .iter()
                .map(|s| encode_segment(s))
                .collect::<Vec<_>>()
                .join("/")),
            Path::Raw(raw) => Ok(raw.clone()),
        }
    }

    /// The path as written (for specification checks and messages).
    pub(crate) fn decoded(&self) -> String {
        match self {
            Path::Segments { segments, .. } => segments.join("/"),
            Path::Raw(raw) => raw.clone(),
        }
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~' | b'.');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A resource id: text or an integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceId(String);

impl ResourceId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! resource_id_from {
    ($($t:ty),+) => {$(
        impl From<$t> for ResourceId {
            fn from(value: $t) -> Self {
                ResourceId(value.to_string())
            }
        }
    )+};
}

resource_id_from!(&str, String, &String, u64, i64, u32, i32, usize);

/// A namespace: `client.ns("devops")`.
#[derive(Clone, Debug)]
pub struct Ns {
    client: ConnectClient,
    path: Path,
}

impl Ns {
    pub(crate) fn new(client: ConnectClient, path: Path) -> Self {
        Ns { client, path }
    }

    /// A nested namespace.
    pub fn ns(&self, name: impl Into<String>) -> Ns {
        Ns::new(
            self.client.clone(),
            self.path.child(name.into(), "namespace"),
        )
    }

    /// A collection of this namespace.
    pub fn collection(&self, name: impl Into<String>) -> Collection {
        Collection::new(
            self.client.clone(),
            self.path.child(name.into(), "collection"),
        )
    }

    /// The path below the endpoint.
    pub fn path(&self) -> String {
        self.path.decoded()
    }
}

/// A collection: `client.collection("products")`, `ns.collection("services")`.
#[derive(Clone, Debug)]
pub struct Collection {
    client: ConnectClient,
    path: Path,
}

impl Collection {
    pub(crate) fn new(client: ConnectClient, path: Path) -> Self {
        Collection { client, path }
    }

    /// The path below the endpoint.
    pub fn path(&self) -> String {
        self.path.decoded()
    }

    /// One resource of the collection, by id (text or integer).
    pub fn resource(&self, id: impl Into<ResourceId>) -> Resource {
        let id = id.into();
        Resource {
            client: self.client.clone(),
            path: self.path.child(id.0, "resource id"),
        }
    }

    /// An action on the whole collection: `collection.action("reprocess")`.
    pub fn action(&self, name: impl Into<String>) -> Action {
        Action {
            client: self.client.clone(),
            path: self.path.child(name.into(), "action"),
        }
    }

    /// Every resource of the collection as a lazy [`ResourceSet`] (the reference's
    /// `collection.all()`): narrow it, page it, stream it.
    pub fn list(&self) -> ResourceSet {
        ResourceSet::new(self.client.clone(), self.path.clone())
    }

    /// Every resource of the collection, fetched into one `Vec` (`list().all()`; prefer
    /// streaming `list().stream()` for large collections).
    pub async fn all(&self) -> Result<Vec<Value>> {
        self.list().all().await
    }

    /// The resources matching an RQL query, lazily.
    pub fn filter(&self, query: R) -> ResourceSet {
        self.list().filter(query)
    }

    /// Creates a resource (`POST`).
    pub async fn create(&self, payload: &impl Serialize) -> Result<Value> {
        self.client
            .execute(Method::POST, &self.path, Some(payload))
            .await
    }

    /// Creates several resources in one request (`POST` of a list).
    pub async fn bulk_create<T: Serialize>(&self, payload: &[T]) -> Result<Value> {
        self.client
            .execute(Method::POST, &self.path, Some(&payload))
            .await
    }

    /// Updates several resources in one request (`PUT` of a list).
    pub async fn bulk_update<T: Serialize>(&self, payload: &[T]) -> Result<Value> {
        self.client
            .execute(Method::PUT, &self.path, Some(&payload))
            .await
    }

    /// Deletes several resources in one request (`DELETE` with a list body).
    pub async fn bulk_delete<T: Serialize>(&self, payload: &[T]) -> Result<Value> {
        self.client
            .execute(Method::DELETE, &self.path, Some(&payload))
            .await
    }
}

/// A resource: `collection.resource("PRD-1")`.
#[derive(Clone, Debug)]
pub struct Resource {
    client: ConnectClient,
    path: Path,
}

impl Resource {
    /// The path below the endpoint.
    pub fn path(&self) -> String {
        self.path.decoded()
    }

    /// A sub-collection: `product.collection("items")`.
    pub fn collection(&self, name: impl Into<String>) -> Collection {
        Collection::new(
            self.client.clone(),
            self.path.child(name.into(), "collection"),
        )
    }

    /// An action on the resource: `product.action("endsale")`.
    pub fn action(&self, name: impl Into<String>) -> Action {
        Action {
            client: self.client.clone(),
            path: self.path.child(name.into(), "action"),
        }
    }

    /// The resource (`GET`).
    pub async fn get(&self) -> Result<Value> {
        self.client
            .execute(Method::GET, &self.path, None::<&Value>)
            .await
    }

    /// Updates the resource (`PUT`).
    pub async fn update(&self, payload: &impl Serialize) -> Result<Value> {
        self.client
            .execute(Method::PUT, &self.path, Some(payload))
            .await
    }

    /// Deletes the resource (`DELETE`).
    pub async fn delete(&self) -> Result<Value> {
        self.client
            .execute(Method::DELETE, &self.path, None::<&Value>)
            .await
    }

    /// Whether the resource exists: a 404 is `false`, any other error is returned.
    pub async fn exists(&self) -> Result<bool> {
        match self.get().await {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Some fields of the resource as a flat map keyed by the (dotted) field names.
    pub async fn values(&self, fields: &[&str]) -> Result<Map<String, Value>> {
        Ok(pick_fields(&self.get().await?, fields))
    }
}

/// An action: `resource.action("approve")`.
#[derive(Clone, Debug)]
pub struct Action {
    client: ConnectClient,
    path: Path,
}

impl Action {
    /// The path below the endpoint.
    pub fn path(&self) -> String {
        self.path.decoded()
    }

    /// `GET` the action.
    pub async fn get(&self) -> Result<Value> {
        self.client
            .execute(Method::GET, &self.path, None::<&Value>)
            .await
    }

    /// `POST` to the action (`None` sends no body).
    pub async fn post(&self, payload: Option<&impl Serialize>) -> Result<Value> {
        self.client.execute(Method::POST, &self.path, payload).await
    }

    /// `PUT` to the action (`None` sends no body).
    pub async fn put(&self, payload: Option<&impl Serialize>) -> Result<Value> {
        self.client.execute(Method::PUT, &self.path, payload).await
    }

    /// `DELETE` the action.
    pub async fn delete(&self) -> Result<Value> {
        self.client
            .execute(Method::DELETE, &self.path, None::<&Value>)
            .await
    }
}

/// Picks (dotted) fields of an object into a flat map; a missing field or a non-object on the
/// way gives `null`, like the reference's `values_list`.
pub(crate) fn pick_fields(item: &Value, fields: &[&str]) -> Map<String, Value> {
    fields
        .iter()
        .map(|field| {
            let value = field
                .split('.')
                .try_fold(item, |v, key| v.as_object().and_then(|o| o.get(key)))
                .cloned()
                .unwrap_or(Value::Null);
            ((*field).to_owned(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(encode_segment("PRD-123_x.y~"), "PRD-123_x.y~");
        assert_eq!(encode_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_segment("ñ"), "%C3%B1");
    }

    #[test]
    fn dotted_fields() {
        let item = serde_json::json!({"id": "X", "inner": {"title": "T"}, "n": 1});
        let map = pick_fields(&item, &["id", "inner.title", "n.x", "missing"]);
        assert_eq!(map["id"], "X");
        assert_eq!(map["inner.title"], "T");
        assert_eq!(map["n.x"], Value::Null);
        assert_eq!(map["missing"], Value::Null);
    }
}
