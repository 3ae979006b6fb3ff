//! OpenAPI awareness: reject paths the Connect specification does not have.
//!
//! [`OpenApiSpecs`] reads a Connect OpenAPI 3 document (YAML) and answers whether a request
//! `method path` exists, plus the namespace and collection listings the Python client's
//! `help()` is built on.
//!
//! ```
//! use connect_client::specs::OpenApiSpecs;
//!
//! let specs = OpenApiSpecs::from_yaml_str(
//!     "info: {title: Demo, version: '1.0'}\n\
//!      paths:\n  /products: {get: {operationId: products_list}}\n  \
//!      /products/{id}: {get: {operationId: products_retrieve}}\n",
//! )?;
//! assert!(specs.exists("GET", "products/PRD-000?select(items)"));
//! assert!(!specs.exists("put", "products"));
//! assert_eq!(
//!     specs.check("delete", "products/PRD-000").unwrap_err().to_string(),
//!     "The path `products/PRD-000` does not exist."
//! );
//! # Ok::<(), connect_client::specs::SpecsError>(())
//! ```
//!
//! Where this differs from `connect.client.openapi.OpenAPISpecs` (on purpose; the results of
//! the reference's own tests are unchanged):
//! - leading and trailing `/` of a path are ignored (the reference treats `products/` as the
//!   resource `products/{id}` with an empty id and never matches `/products`);
//! - when several spec paths match, the most literal one wins (`usage/records/close-records`
//!   before `usage/records/{id}`), ties go to document order; the reference takes the first in
//!   document order, which is the same whenever literal paths come first, as in the v37 spec;
//! - only HTTP method keys count as methods (`summary` or `parameters` are not methods);
//! - listings compare whole segments (`offers` does not see `/offers-ns/…`), are sorted and
//!   free of duplicates, never list `{param}` segments as names, and skip entries the reference
//!   would crash on;
//! - paths keys that do not start with `/` (such as `x-…` extensions) are ignored.

mod parse;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use parse::{GET, METHODS, POST, RawPath};

/// An error from loading specs or from checking a path against them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpecsError {
    /// The specs file could not be read.
    #[error("cannot read the OpenAPI specs at `{}`: {source}", path.display())]
    Io {
        /// The file that was read.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The text is not YAML, or not an OpenAPI document with a `paths` mapping.
    #[error("invalid OpenAPI specs: {message}")]
    Parse {
        /// What is wrong, with a position when one is known.
        message: String,
    },
    /// The specs have no such method on such a path (the reference client's `ClientError`).
    #[error("The path `{path}` does not exist.")]
    UnknownPath {
        /// The HTTP method, as given.
        method: String,
        /// The path, as given (query included).
        path: String,
    },
}

/// Whether a path item reads a collection or a resource (its `get`, else `post`, operation id
/// ends in `_list_…` or `_retrieve_…`) or is an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A `list` or `retrieve` operation.
    Listing,
    /// Any other operation.
    Action,
    /// No `get`/`post`, or no usable `operationId`: left out of nested collections.
    Unknown,
}

/// One `paths` entry.
#[derive(Clone, Debug)]
struct Entry {
    /// The key as written, e.g. `/products/{id}`.
    key: String,
    /// The key without its leading `/`, split at `/`.
    segments: Vec<String>,
    /// One bit per entry of [`METHODS`].
    methods: u8,
    /// How the nested-collection listing sees it.
    kind: Kind,
}

impl Entry {
    fn new(raw: RawPath) -> Self {
        let operation = if raw.methods & GET != 0 {
            raw.get_operation.as_deref()
        } else if raw.methods & POST != 0 {
            raw.post_operation.as_deref()
        } else {
            None
        };
        // The reference: `operation_id.rsplit('_', 2)[-2] in ('list', 'retrieve')`.
        let kind = match operation.and_then(|id| id.rsplit('_').nth(1)) {
            Some("list" | "retrieve") => Kind::Listing,
            Some(_) => Kind::Action,
            None => Kind::Unknown,
        };
        let segments = raw.key[1..].split('/').map(str::to_owned).collect();
        Self {
            key: raw.key,
            segments,
            methods: raw.methods,
            kind,
        }
    }

    fn starts_with(&self, prefix: &[&str]) -> bool {
        self.segments.len() >= prefix.len()
            && self
                .segments
                .iter()
                .zip(prefix)
                .all(|(own, other)| own == other)
    }

    /// Whether the request segments fit this entry (`{param}` segments match anything).
    fn matches(&self, request: &[&str]) -> bool {
        self.segments.len() == request.len()
            && self
                .segments
                .iter()
                .zip(request)
                .all(|(own, given)| is_param(own) || own == given)
    }

    /// Whether this entry is more literal than `other`: at the first segment where one is a
    /// `{param}` and the other is not, the literal one wins.
    fn more_literal_than(&self, other: &Entry) -> bool {
        self.segments
            .iter()
            .zip(&other.segments)
            .map(|(own, theirs)| (is_param(own), is_param(theirs)))
            .find(|(own, theirs)| own != theirs)
            .is_some_and(|(own, _)| !own)
    }
}

/// A `{param}` segment of a spec path.
fn is_param(segment: &str) -> bool {
    segment.starts_with('{')
}

/// A request path as segments: without `?query` and without leading or trailing `/`.
fn request_segments(path: &str) -> Vec<&str> {
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    path.trim_matches('/').split('/').collect()
}

/// The paths of a Connect OpenAPI document, for checking requests before they are sent.
///
/// Load once (the v37 document is 2.3 MB) and share; cloning copies the path table.
#[derive(Clone)]
pub struct OpenApiSpecs {
    title: Option<String>,
    version: Option<String>,
    entries: Vec<Entry>,
}

impl fmt::Debug for OpenApiSpecs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenApiSpecs")
            .field("title", &self.title)
            .field("version", &self.version)
            .field("paths", &self.entries.len())
            .finish()
    }
}

impl OpenApiSpecs {
    /// Reads the specs from a YAML file.
    ///
    /// # Errors
    /// [`SpecsError::Io`] when the file cannot be read, [`SpecsError::Parse`] when it is not
    /// UTF-8 YAML holding one mapping with a `paths` mapping.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SpecsError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| SpecsError::Io {
            path: path.to_owned(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|error| SpecsError::Parse {
            message: format!("`{}` is not UTF-8: {error}", path.display()),
        })?;
        Self::from_yaml_str(&text)
    }

    /// Downloads the specification at `url` (the reference's `specs_location`) through
    /// `client`'s transport: its connection pool, TLS, proxy, timeout and retry settings. The
    /// API key is not sent to the specification's host. Use it with
    /// [`ConnectClient::with_specs`](crate::ConnectClient::with_specs).
    ///
    /// # Errors
    /// Transport and HTTP errors like every request, [`SpecsError::Parse`] when the document is
    /// not UTF-8 YAML with a `paths` mapping.
    pub async fn fetch_with(client: &crate::ConnectClient, url: &str) -> crate::Result<Self> {
        Self::download(&client.http.with_base_url(url)?, url).await
    }

    /// Downloads the specification at `url` with a transport of default settings (built-in
    /// roots, environment proxies, a 60 s request timeout). Prefer
    /// [`OpenApiSpecs::fetch_with`], which uses your client's TLS and proxy settings.
    ///
    /// # Errors
    /// As [`OpenApiSpecs::fetch_with`].
    pub async fn fetch(url: &str) -> crate::Result<Self> {
        let http = platform_client_core::HttpClient::builder(url)
            .user_agent(concat!("connect-client/", env!("CARGO_PKG_VERSION")))
            .timeout(std::time::Duration::from_secs(60))
            .build()?;
        Self::download(&http, url).await
    }

    async fn download(http: &platform_client_core::HttpClient, url: &str) -> crate::Result<Self> {
        let response = http
            .send(platform_client_core::Request::get_link(url))
            .await?;
        let text = std::str::from_utf8(response.bytes()).map_err(|error| SpecsError::Parse {
            message: format!("the document at `{url}` is not UTF-8: {error}"),
        })?;
        Ok(Self::from_yaml_str(text)?)
    }

    /// Reads the specs from YAML text (for example fetched from `specs_location`).
    ///
    /// # Errors
    /// [`SpecsError::Parse`] when the text is not YAML holding one mapping with a `paths`
    /// mapping. Never panics on malformed input.
    pub fn from_yaml_str(text: &str) -> Result<Self, SpecsError> {
        let raw = parse::parse(text).map_err(|message| SpecsError::Parse { message })?;
        Ok(Self {
            title: raw.title,
            version: raw.version,
            entries: raw.paths.into_iter().map(Entry::new).collect(),
        })
    }

    /// `info.version` of the document, e.g. `37.0`.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// `info.title` of the document, e.g. `CloudBlue Connect API`.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The `paths` keys, in document order (e.g. `/products/{id}`).
    pub fn paths(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.entries.iter().map(|entry| entry.key.as_str())
    }

    /// The entry a request path resolves to: equal segment count, `{param}` segments match
    /// anything, the most literal match wins, ties go to document order.
    fn resolve(&self, path: &str) -> Option<&Entry> {
        let request = request_segments(path);
        let mut best: Option<&Entry> = None;
        for entry in self.entries.iter().filter(|entry| entry.matches(&request)) {
            if best.is_none_or(|best| entry.more_literal_than(best)) {
                best = Some(entry);
            }
        }
        best
    }

    /// Whether the specs have `method` (any case) on `path` (relative to the API root,
    /// `?query` and surrounding `/` ignored), e.g. `exists("post", "products/PRD-1/endsale")`.
    #[must_use]
    pub fn exists(&self, method: &str, path: &str) -> bool {
        let Some(bit) = METHODS
            .iter()
            .position(|known| known.eq_ignore_ascii_case(method))
            .map(|position| 1u8 << position)
        else {
            return false;
        };
        self.resolve(path)
            .is_some_and(|entry| entry.methods & bit != 0)
    }

    /// [`exists`](Self::exists) as a `Result`, for validating a request before it is sent.
    ///
    /// # Errors
    /// [`SpecsError::UnknownPath`], displayed as ``The path `{path}` does not exist.``
    pub fn check(&self, method: &str, path: &str) -> Result<(), SpecsError> {
        if self.exists(method, path) {
            Ok(())
        } else {
            Err(SpecsError::UnknownPath {
                method: method.to_owned(),
                path: path.to_owned(),
            })
        }
    }

    /// The top-level namespaces, sorted: first segments of paths whose second segment is not a
    /// `{param}` (`subscriptions`, from `/subscriptions/assets`).
    #[must_use]
    pub fn namespaces(&self) -> Vec<String> {
        self.namespace_set()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn namespace_set(&self) -> BTreeSet<&str> {
        self.entries
            .iter()
            .filter(|entry| {
                entry
                    .segments
                    .get(1)
                    .is_some_and(|second| !is_param(second))
            })
            .map(|entry| entry.segments[0].as_str())
            .collect()
    }

    /// The top-level collections, sorted: first segments that are not namespaces (`products`).
    #[must_use]
    pub fn collections(&self) -> Vec<String> {
        let namespaces = self.namespace_set();
        let collections: BTreeSet<&str> = self
            .entries
            .iter()
            .map(|entry| entry.segments[0].as_str())
            .filter(|first| !namespaces.contains(first))
            .collect();
        collections.into_iter().map(str::to_owned).collect()
    }

    /// The collections directly inside a namespace, sorted: the last segment of paths one
    /// segment longer than `namespace` (`subscriptions` → `assets`, `requests`).
    #[must_use]
    pub fn namespaced_collections(&self, namespace: &str) -> Vec<String> {
        let base = request_segments(namespace);
        let names: BTreeSet<&str> = self
            .entries
            .iter()
            .filter(|entry| entry.segments.len() == base.len() + 1 && entry.starts_with(&base))
            .map(|entry| entry.segments[base.len()].as_str())
            .filter(|name| !is_param(name))
            .collect();
        names.into_iter().map(str::to_owned).collect()
    }

    /// The namespaces nested in a namespace, sorted: segments right after `namespace` that are
    /// not collections themselves (`dictionary` → `extensions`).
    #[must_use]
    pub fn nested_namespaces(&self, namespace: &str) -> Vec<String> {
        let base = request_segments(namespace);
        let level = base.len();
        let names: BTreeSet<&str> = self
            .entries
            .iter()
            .filter(|entry| entry.segments.len() > level && entry.starts_with(&base))
            .filter(|entry| entry.segments.last().is_some_and(|last| !is_param(last)))
            .map(|entry| entry.segments[level].as_str())
            .filter(|name| !is_param(name))
            .filter(|name| {
                let mut prefix = base.clone();
                prefix.push(name);
                !self.is_collection(&prefix)
            })
            .collect();
        names.into_iter().map(str::to_owned).collect()
    }

    /// Whether `prefix` is a path of the specs, or is followed by a `{param}` in one.
    fn is_collection(&self, prefix: &[&str]) -> bool {
        self.entries.iter().any(|entry| {
            entry.starts_with(prefix)
                && entry
                    .segments
                    .get(prefix.len())
                    .is_none_or(|next| is_param(next))
        })
    }

    /// The collections nested in a resource, sorted (`products/PRD-000` → `items`, `media`, …):
    /// the segment right after the resource in paths that share its parent and whose `get`
    /// (else `post`) operation is a `list` or `retrieve`. Actions (`endsale`) are left out.
    /// Empty when `resource` does not resolve to a spec path ending with a `{param}` part.
    #[must_use]
    pub fn nested_collections(&self, resource: &str) -> Vec<String> {
        let Some(resolved) = self.resolve(resource) else {
            return Vec::new();
        };
        let Some(last_param) = resolved.segments.iter().rposition(|s| is_param(s)) else {
            return Vec::new();
        };
        let parent: Vec<&str> = resolved.segments[..last_param]
            .iter()
            .map(String::as_str)
            .collect();
        let cut = resolved.segments.len();
        let names: BTreeSet<&str> = self
            .entries
            .iter()
            .filter(|entry| entry.key != resolved.key && entry.kind == Kind::Listing)
            .filter(|entry| entry.starts_with(&parent))
            .filter_map(|entry| entry.segments.get(cut))
            .map(String::as_str)
            .filter(|name| !is_param(name))
            .collect();
        names.into_iter().map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_kinds_follow_the_reference_split() {
        let kind = |id: &str| {
            Entry::new(RawPath {
                key: "/a".to_owned(),
                methods: GET,
                get_operation: Some(id.to_owned()),
                post_operation: None,
            })
            .kind
        };
        assert_eq!(
            kind("subscriptions_assets_list_listSubscriptions"),
            Kind::Listing
        );
        assert_eq!(kind("products_retrieve_x"), Kind::Listing);
        assert_eq!(kind("list_x"), Kind::Listing);
        assert_eq!(kind("products_endsale_create"), Kind::Action);
        assert_eq!(kind("single"), Kind::Unknown);
    }

    #[test]
    fn request_segments_drop_query_and_slashes() {
        assert_eq!(request_segments("/a/b/?x=/y"), ["a", "b"]);
        assert_eq!(request_segments(""), [""]);
    }
}
