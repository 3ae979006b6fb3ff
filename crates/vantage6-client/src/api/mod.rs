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

use std::marker::PhantomData;
use std::sync::Arc;

use futures_util::stream::{StreamExt, TryStreamExt};
use platform_client_core::pagination::{Lookup, failed, header_total, json_envelope};
use platform_client_core::{ListOptions, PageData, Paginator, Request};
use serde::de::DeserializeOwned;

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

/// A list request: filters (set by the resource's own methods), `page`, `per_page`, `sort`.
///
/// [`List::send`] fetches one page (with links and the total count); [`List::stream`] and
/// [`List::all`] go over every page. An invalid filter argument is reported by them, before
/// anything is sent.
#[derive(Debug, Clone)]
#[must_use = "a list does nothing until sent, streamed or collected"]
pub struct List<'c, T> {
    client: &'c Vantage6Client,
    path: &'static str,
    query: Vec<(String, String)>,
    page: Option<u64>,
    sort: Option<String>,
    invalid: Option<String>,
    finish: Option<Finish<T>>,
    opts: ListOptions,
    item: PhantomData<fn() -> T>,
}

platform_client_core::list_options!(opts => impl<T> List<'_, T>);

impl<'c, T: DeserializeOwned + Send + 'static> List<'c, T> {
    pub(crate) fn new(client: &'c Vantage6Client, path: &'static str) -> Self {
        List {
            client,
            path,
            query: Vec::new(),
            page: None,
            sort: None,
            invalid: None,
            finish: None,
            opts: ListOptions::default(),
            item: PhantomData,
        }
    }

    /// Runs `finish` on every item [`Self::send`], [`Self::stream`] and [`Self::all`] return.
    pub(crate) fn finish_with(mut self, finish: Finish<T>) -> Self {
        self.finish = Some(finish);
        self
    }

    /// Adds a query parameter (replacing an earlier value of the same key).
    pub(crate) fn param(mut self, key: &str, value: impl ToString) -> Self {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// A text filter; blank text is reported as invalid.
    pub(crate) fn text(mut self, key: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        if let Err(e) = check_text(key, &value) {
            self.invalid.get_or_insert(e.to_string());
        }
        self.param(key, value)
    }

    /// An id filter; 0 is reported as invalid.
    pub(crate) fn id(mut self, key: &str, id: u64) -> Self {
        if let Err(e) = check_id(key, id) {
            self.invalid.get_or_insert(e.to_string());
        }
        self.param(key, id)
    }

    /// A boolean filter as the server understands it: `1` when true, absent when false (the
    /// server reads any non-empty value, `False` included, as true).
    pub(crate) fn flag(self, key: &str, on: bool) -> Self {
        if on {
            self.param(key, 1)
        } else {
            let mut this = self;
            this.query.retain(|(k, _)| k != key);
            this
        }
    }

    /// A filter the server compares as `1`/`0` (e.g. `encrypted`).
    pub(crate) fn bit(self, key: &str, value: bool) -> Self {
        self.param(key, u8::from(value))
    }

    /// The page to fetch with [`Self::send`] (1-based; default 1).
    pub fn page(mut self, page: u64) -> Self {
        if page == 0 {
            self.invalid.get_or_insert("`page` starts at 1".to_owned());
        }
        self.page = Some(page);
        self
    }

    /// Items per page (the reference's name for [`Self::page_size`]; default 20 for
    /// [`Self::send`], the client's page size for streams).
    pub fn per_page(mut self, per_page: u64) -> Self {
        if per_page == 0 {
            self.invalid
                .get_or_insert("`per_page` must be at least 1 (the server fails on 0)".to_owned());
        }
        self.opts.page_size = Some(per_page);
        self
    }

    /// Sort order, e.g. `-id` or `name,-id`.
    pub fn sort(mut self, sort: impl Into<String>) -> Self {
        let sort = sort.into();
        if let Err(e) = check_text("sort", &sort) {
            self.invalid.get_or_insert(e.to_string());
        }
        self.sort = Some(sort);
        self
    }

    /// Any other query parameter the server accepts (e.g. one added by a newer server).
    pub fn filter(self, key: &str, value: impl ToString) -> Self {
        self.param(key, value)
    }

    fn request(&self) -> Result<Request> {
        if let Some(message) = &self.invalid {
            return Err(Error::invalid(message.clone()));
        }
        self.opts.check()?;
        let mut request = Request::get(self.path);
        for (k, v) in &self.query {
            request = request.query(k, v);
        }
        Ok(request.query_opt("sort", self.sort.as_ref()))
    }

    /// One page, with the links and the total count (`total-count` header).
    pub async fn send(&self) -> Result<Page<T>> {
        let per_page = self.opts.page_size.unwrap_or(SINGLE_PAGE_SIZE);
        self.fetch_page(self.page.unwrap_or(1), per_page).await
    }

    /// Page `page` of `per_page` items, decoded and finished.
    async fn fetch_page(&self, page: u64, per_page: u64) -> Result<Page<T>> {
        let request = self
            .request()?
            .query("page", page)
            .query("per_page", per_page);
        let response = self.client.http.send(request).await?;
        let mut page: Page<T> = response.json()?;
        page.total_count = header_total(response.headers(), "total-count");
        if let Some(finish) = self.finish {
            let cryptor = self.client.cryptor();
            for item in &mut page.data {
                finish(item, cryptor.as_deref());
            }
        }
        Ok(page)
    }

    /// Every item, page after page (from [`Self::page`], default 1), in bounded memory.
    pub fn stream(&self) -> ResultStream<T> {
        self.stream_with(&self.opts)
    }

    fn stream_with(&self, opts: &ListOptions) -> ResultStream<T> {
        let request = match self.request() {
            Ok(r) => r,
            Err(e) => return failed(e),
        };
        let size = opts.effective_page_size(self.client.page_size);
        let envelope = json_envelope::<T>("data", None, None);
        let decoder = Arc::new(move |response: &platform_client_core::Response| {
            let PageData { items, next, .. } = envelope(response)?;
            let total = header_total(response.headers(), "total-count");
            Ok(PageData { items, total, next })
        });
        let first = self.page.unwrap_or(1);
        let finish = self.finish;
        let cryptor = self.client.cryptor();
        let pages = Paginator::page_number(
            &self.client.http,
            request,
            "page",
            "per_page",
            size,
            first,
            decoder,
        );
        opts.apply(pages)
            .map_err(Error::from)
            .map_ok(move |mut item| {
                if let Some(finish) = finish {
                    finish(&mut item, cryptor.as_deref());
                }
                item
            })
            .boxed()
    }

    /// Every item of every page.
    pub async fn all(&self) -> Result<Vec<T>> {
        self.stream().try_collect().await
    }

    /// The one match of the filters: [`Error::NotFound`] when none, [`Error::MultipleFound`]
    /// when several (one page of two items is asked for; the total comes from
    /// `total-count`).
    pub async fn one(&self) -> Result<T> {
        let page = self.fetch_page(1, 2).await?;
        let what = || format!("`{}` matching the filters", self.path);
        match Lookup::of_page(page.data, page.total_count) {
            Lookup::One(item) => Ok(item),
            Lookup::None => Err(Error::NotFound {
                message: format!("no {} exists", what()),
                source: None,
            }),
            Lookup::Many(count) => Err(Error::MultipleFound {
                what: what(),
                count,
            }),
        }
    }

    /// The first item, if any (one is asked for).
    pub async fn first(&self) -> Result<Option<T>> {
        let mut one = self.opts;
        one.limit = Some(1);
        self.stream_with(&one).try_next().await
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
