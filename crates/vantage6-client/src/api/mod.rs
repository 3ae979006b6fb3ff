//! Resource handlers and what they share: the list request, argument checks.

pub mod collaboration;
pub mod encryption;
pub mod node;
pub mod organization;
pub mod result;
pub mod role;
pub mod rule;
pub mod run;
pub mod task;
pub mod user;
pub mod util;
mod wait;

pub use wait::WaitForResults;

use std::sync::Arc;

use platform_client_core::pagination::{ListClient, ListItem, header_total, json_envelope};
use platform_client_core::{ListOptions, PageData, Paginator, Request};

use crate::client::Vantage6Client;
use crate::crypto::Cryptor;
use crate::error::{Error, Result};
use crate::models::Page;

/// A boxed stream of results, as returned by every `stream()`.
pub type ResultStream<T> = platform_client_core::pagination::ResultStream<T, Error>;

/// Client-side work done on every listed item once decoded, with the client's key pair (e.g.
/// decoding run inputs and results).
pub(crate) type Finish<T> = fn(&mut T, Option<&Cryptor>);

/// The page size the Python client asks for when a single page is requested.
const SINGLE_PAGE_SIZE: u64 = 20;

platform_client_core::list_type! {
    /// A list request: filters (set by the resource's own methods), `page`, `per_page`, `sort`.
    ///
    /// [`List::send`] fetches one page (with links and the total count); [`List::stream`] and
    /// [`List::all`] go over every page. An invalid filter argument is reported by them, before
    /// anything is sent.
    pub struct List for Vantage6Client, Error;
}

/// Lists page by `page`/`per_page` (from [`List::page`], default 1), the total in the
/// `total-count` header.
impl ListClient for Vantage6Client {
    type Error = Error;

    const RESERVED: &'static [&'static str] = &["page", "per_page"];

    fn page_size(&self) -> u64 {
        self.page_size
    }

    fn paginator<T: ListItem>(
        &self,
        request: Request,
        page_size: u64,
        _opts: &ListOptions,
    ) -> Paginator<T> {
        let envelope = json_envelope::<T>("data", None, None);
        let decoder = Arc::new(move |response: &platform_client_core::Response| {
            let PageData { items, next, .. } = envelope(response)?;
            let total = header_total(response.headers(), "total-count");
            Ok(PageData { items, total, next })
        });
        let first = request
            .query_pairs()
            .iter()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        Paginator::page_number(
            &self.http, request, "page", "per_page", page_size, first, decoder,
        )
    }

    fn not_found(&self, what: String) -> Error {
        Error::NotFound {
            message: format!("no {what} exists"),
            source: None,
        }
    }

    fn multiple_found(&self, what: String, count: u64) -> Error {
        Error::MultipleFound { what, count }
    }
}

impl<'c, T> List<'c, T> {
    /// A list of `path`.
    pub(crate) fn of(client: &'c Vantage6Client, path: &'static str) -> Self {
        List::new(client, path, format!("`{path}`")).with(|l| l.layout(&["*", "sort", "page"]))
    }

    /// Runs `finish` on every item [`Self::send`], [`Self::stream`] and [`Self::all`] return,
    /// with the key pair the client has when the item arrives.
    pub(crate) fn finish_with(self, finish: Finish<T>) -> Self
    where
        T: 'static,
    {
        let session = Arc::clone(&self.inner().client().session);
        self.with(|l| {
            l.finish_with(move |item| {
                let cryptor = session.cryptor.read().unwrap_or_else(|e| e.into_inner());
                finish(item, cryptor.as_deref());
            })
        })
    }

    /// Adds a query parameter (replacing an earlier value of the same key).
    pub(crate) fn param(self, key: &str, value: impl ToString) -> Self {
        self.with(|l| l.param(key, value))
    }

    /// A text filter; blank text is reported as invalid.
    pub(crate) fn text(self, key: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        self.with(|l| l.check(check_text(key, &value)).param(key, value))
    }

    /// An id filter; 0 is reported as invalid.
    pub(crate) fn id(self, key: &str, id: u64) -> Self {
        self.with(|l| l.check(check_id(key, id)).param(key, id))
    }

    /// A boolean filter as the server understands it: `1` when true, absent when false (the
    /// server reads any non-empty value, `False` included, as true).
    pub(crate) fn flag(self, key: &str, on: bool) -> Self {
        self.with(|l| l.param_opt(key, on.then_some(1)))
    }

    /// A filter the server compares as `1`/`0` (e.g. `encrypted`).
    pub(crate) fn bit(self, key: &str, value: bool) -> Self {
        self.param(key, u8::from(value))
    }

    /// The page to fetch with [`Self::send`], or to start streaming from (1-based; default 1).
    pub fn page(self, page: u64) -> Self {
        self.with(|l| {
            let l = if page == 0 {
                l.reject("`page` starts at 1")
            } else {
                l
            };
            l.param("page", page)
        })
    }

    /// Items per page (the reference's name for [`Self::page_size`]; default 20 for
    /// [`Self::send`], the client's page size for streams).
    pub fn per_page(self, per_page: u64) -> Self {
        let list = if per_page == 0 {
            self.with(|l| l.reject("`per_page` must be at least 1 (the server fails on 0)"))
        } else {
            self
        };
        list.page_size(per_page)
    }

    /// Sort order, e.g. `-id` or `name,-id`.
    pub fn sort(self, sort: impl Into<String>) -> Self {
        self.text("sort", sort)
    }
}

impl<T: ListItem> List<'_, T> {
    /// One page, with the links and the total count (`total-count` header).
    pub async fn send(&self) -> Result<Page<T>> {
        let list = self.inner();
        let per_page = list.options().page_size.unwrap_or(SINGLE_PAGE_SIZE);
        let page = list.get("page").unwrap_or("1").to_owned();
        let request = list
            .request()?
            .set_query("page", page)
            .set_query("per_page", per_page);
        let response = list.client().http.send(request).await?;
        let mut page: Page<T> = response.json()?;
        page.total_count = header_total(response.headers(), "total-count");
        for item in &mut page.data {
            list.finish(item);
        }
        Ok(page)
    }
}

/// Rejects blank text.
pub(crate) fn check_text(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(format!("`{what}` is empty")))
    } else {
        Ok(())
    }
}

/// Rejects id 0 (ids start at 1).
pub(crate) fn check_id(what: &str, id: u64) -> Result<()> {
    if id == 0 {
        Err(Error::invalid(format!("`{what}` must be a positive id")))
    } else {
        Ok(())
    }
}

/// Rejects an empty id list and any id 0 in it.
pub(crate) fn check_ids(what: &str, ids: &[u64], allow_empty: bool) -> Result<()> {
    if ids.is_empty() && !allow_empty {
        return Err(Error::invalid(format!("`{what}` needs at least one id")));
    }
    ids.iter().try_for_each(|id| check_id(what, *id))
}

/// `DELETE <path>`, with `delete_dependents=1` only when asked: the server reads any value,
/// `False` included, as true.
pub(crate) fn delete_request(path: String, delete_dependents: bool) -> Request {
    let request = Request::delete(path);
    if delete_dependents {
        request.query("delete_dependents", 1)
    } else {
        request
    }
}

/// Adds `key: value` to a JSON body when the value is given.
pub(crate) fn put<V: serde::Serialize>(
    body: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    value: Option<V>,
) -> Result<()> {
    if let Some(value) = value {
        let value = serde_json::to_value(value)
            .map_err(|e| Error::invalid(format!("`{key}` cannot be encoded: {e}")))?;
        body.insert(key.to_owned(), value);
    }
    Ok(())
}
