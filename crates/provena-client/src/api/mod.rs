//! The seven service handlers, and what they share: argument checks (nothing is sent when
//! one fails) and the `pagination_key` listings.

pub mod auth;
pub mod datastore;
pub mod id_service;
pub mod jobs;
mod list;
pub mod prov;
pub mod registry;
pub mod search;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt as _, TryStreamExt as _};
use platform_client_core::pagination::PageData;
use platform_client_core::{HttpClient, Paginator, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

pub use list::{ItemList, RecordFilter, ReleaseStatus, SortType};

/// The start of a refused value, for messages (long values are cut).
fn excerpt(value: &str) -> String {
    value.chars().take(80).collect()
}

/// A handle (`10378.1/1234567`): a prefix and a suffix around one `/`, printable, no spaces.
pub(crate) fn check_handle(what: &str, id: &str) -> Result<()> {
    let ok = id.split_once('/').is_some_and(|(prefix, suffix)| {
        !prefix.is_empty()
            && !suffix.is_empty()
            && !suffix.contains('/')
            && !id.contains("..")
            && !prefix.starts_with('.')
            && !prefix.ends_with('.')
            && prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.')
    }) && id.len() <= 255
        && id.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`{what}` must be a handle such as 10378.1/1234567, not {:?}",
            excerpt(id)
        )))
    }
}

/// Non-blank text without control characters (at most 64 KiB).
pub(crate) fn check_text(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(format!("`{what}` is empty")))
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        Err(Error::invalid(format!(
            "`{what}` contains control characters"
        )))
    } else if value.len() > 64 * 1024 {
        Err(Error::invalid(format!("`{what}` is longer than 64 KiB")))
    } else {
        Ok(())
    }
}

/// An opaque id (a job's session id, a group id, a user name): printable, no spaces.
pub(crate) fn check_id(what: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > 255 || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(format!(
            "`{what}` must be a non-empty id without spaces, not {:?}",
            excerpt(value)
        )));
    }
    Ok(())
}

/// A JSON body for a request.
pub(crate) fn json_body(request: Request, body: &impl Serialize) -> Result<Request> {
    Ok(request.json(body)?)
}

/// A stream of items of a Provena listing.
pub type ItemStream<T> = BoxStream<'static, Result<T>>;

/// Where a listing keeps its items and the next page's key.
pub(crate) struct Layout {
    /// The field holding the items (`items`, `jobs`).
    pub(crate) items: &'static str,
    /// Whether the answer carries the `status` envelope.
    pub(crate) status: bool,
}

/// The failure of a listing page whose `status.success` is false, carried through the
/// shared paginator as a decode error at `.status.success`.
const FAILED_PATH: &str = ".status.success";

/// Streams a `pagination_key` listing: `body` is the first request's body, every next page
/// sends it again with the previous answer's key. `limit` caps the items, `prefetch` reads
/// pages ahead.
pub(crate) fn stream_pages<T: DeserializeOwned + Send + 'static>(
    http: &HttpClient,
    path: &'static str,
    body: Map<String, Value>,
    layout: Layout,
    limit: Option<u64>,
    prefetch: usize,
) -> ItemStream<T> {
    let request = move |cursor: Option<&str>| {
        let mut body = body.clone();
        if let Some(key) = cursor {
            let key: Value = serde_json::from_str(key)
                .map_err(|e| platform_client_core::Error::invalid_input(e.to_string()))?;
            body.insert("pagination_key".to_owned(), key);
        }
        Request::post(path).json(&body)
    };
    let decoder = std::sync::Arc::new(move |response: &platform_client_core::Response| {
        let mut page: Map<String, Value> = response.json()?;
        if layout.status {
            let status = page.get("status").cloned().unwrap_or(Value::Null);
            if status.get("success") != Some(&Value::Bool(true)) {
                let details = status
                    .get("details")
                    .and_then(Value::as_str)
                    .unwrap_or("no status in the answer")
                    .to_owned();
                return Err(platform_client_core::Error::Decode(Box::new(
                    platform_client_core::DecodeError {
                        url: platform_client_core::url::redact_url(response.url()),
                        path: FAILED_PATH.to_owned(),
                        message: details,
                        body_excerpt: String::new(),
                    },
                )));
            }
        }
        let items = match page.remove(layout.items) {
            Some(Value::Null) | None => Vec::new(),
            Some(items) => serde_json::from_value(items).map_err(|e| {
                platform_client_core::Error::Decode(Box::new(platform_client_core::DecodeError {
                    url: platform_client_core::url::redact_url(response.url()),
                    path: format!(".{}", layout.items),
                    message: e.to_string(),
                    body_excerpt: String::new(),
                }))
            })?,
        };
        let next = match page.get("pagination_key") {
            Some(key @ Value::Object(_)) => Some(key.to_string()),
            _ => None,
        };
        let total = page.get("total_item_count").and_then(Value::as_u64);
        Ok(PageData { items, total, next })
    });
    let mut paginator = Paginator::try_cursor(http, request, decoder).prefetch(prefetch);
    if let Some(n) = limit {
        paginator = paginator.limit(n);
    }
    paginator.map_err(page_error).boxed()
}

/// A listing error: a `success: false` page is [`Error::Failed`].
fn page_error(error: platform_client_core::Error) -> Error {
    match error {
        platform_client_core::Error::Decode(d) if d.path == FAILED_PATH => {
            Error::Failed { details: d.message }
        }
        other => Error::from(other),
    }
}

/// Collects a stream (memory grows with the total).
pub(crate) async fn collect<T>(stream: ItemStream<T>) -> Result<Vec<T>> {
    stream.try_collect().await
}
