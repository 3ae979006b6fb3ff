//! [`ResourceSet`]: an immutable, lazy query over a collection, paged by `Content-Range`.
//!
//! Every builder returns a new value; nothing is sent until `count`, `first`, `get`, `stream`,
//! `try_collect` or `values_list` runs. The query string is laid out exactly like the
//! reference's: `select(...)`, the RQL filter, `ordering(...)`, then `limit`, `offset` and
//! `search`.

use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;

use platform_client_core::pagination::{content_range_total, failed};
use platform_client_core::reexports::{Method, StreamExt, TryStreamExt};
use platform_client_core::{PageData, PageDecoder, Paginator, Request, Response};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::ConnectClient;
use crate::error::{Error, Result};
use crate::paths::{Path, pick_fields};
use crate::rql::R;

/// The stream of a resource set: items or the crate's [`Error`], owned.
pub type ResultStream<T> = platform_client_core::pagination::ResultStream<T, Error>;

/// A lazy set of resources: every builder returns a new value and nothing is sent until
/// `count`, `first`, `get`, `stream`, `try_collect` or `values_list` runs. The query string is laid
/// out like the reference's: `select(...)`, the RQL filter, `ordering(...)`, then `limit`,
/// `offset` and `search`. Items are `serde_json::Value` unless [`ResourceSet::into_type`] asks
/// for another type.
#[must_use = "a resource set does nothing until counted, streamed or collected"]
pub struct ResourceSet<T = Value> {
    client: ConnectClient,
    path: Path,
    query: R,
    page_size: u64,
    offset: u64,
    stop: Option<u64>,
    select: Vec<String>,
    ordering: Vec<String>,
    search: Option<String>,
    params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    prefetch: usize,
    concurrency: usize,
    error: Option<String>,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for ResourceSet<T> {
    fn clone(&self) -> Self {
        ResourceSet {
            client: self.client.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            page_size: self.page_size,
            offset: self.offset,
            stop: self.stop,
            select: self.select.clone(),
            ordering: self.ordering.clone(),
            search: self.search.clone(),
            params: self.params.clone(),
            headers: self.headers.clone(),
            prefetch: self.prefetch,
            concurrency: self.concurrency,
            error: self.error.clone(),
            item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ResourceSet<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResourceSet")
            .field("path", &self.path.decoded())
            .field("query", &self.query.to_string())
            .field("page_size", &self.page_size)
            .field("offset", &self.offset)
            .field("stop", &self.stop)
            .finish_non_exhaustive()
    }
}

impl ResourceSet<Value> {
    pub(crate) fn new(client: ConnectClient, path: Path) -> Self {
        let page_size = client.default_limit;
        ResourceSet {
            client,
            path,
            query: R::new(),
            page_size,
            offset: 0,
            stop: None,
            select: Vec::new(),
            ordering: Vec::new(),
            search: None,
            params: Vec::new(),
            headers: Vec::new(),
            prefetch: 0,
            concurrency: 1,
            error: None,
            item: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> ResourceSet<T> {
    /// Narrows the set: the query is AND-ed with the current one.
    pub fn filter(mut self, query: R) -> Self {
        self.query = if self.query.is_empty() {
            query
        } else {
            self.query & query
        };
        self
    }

    /// Narrows the set with a raw RQL expression, e.g. `"eq(status,published)"`.
    pub fn filter_rql(self, expression: &str) -> Self {
        self.filter(R::expr(expression))
    }

    /// Full-text search (replaces a previous term).
    pub fn search(mut self, term: impl Into<String>) -> Self {
        self.search = Some(term.into());
        self
    }

    /// Adds fields to `select(...)` (prefix `-` to exclude); calls accumulate.
    pub fn select<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.select.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Adds fields to `ordering(...)` (prefix `-` for descending); calls accumulate.
    pub fn order_by<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.ordering.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Items per page (the reference's `limit(n)`; must be at least 1, checked before
    /// sending).
    pub fn page_size(mut self, size: u64) -> Self {
        if size == 0 {
            self.error = Some("`page_size` must be a positive, non-zero integer.".to_owned());
        }
        self.page_size = self
            .stop
            .map_or(size, |stop| size.min(stop - self.offset).max(1));
        self
    }

    /// At most `n` items in all, from the set's start (like `slice(0..n)`): no page beyond
    /// them is requested, the last one asked for is cut to fit. (The reference's `limit` is
    /// the page size: [`Self::page_size`].)
    pub fn limit(self, n: u64) -> Self {
        self.slice(0..i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// An extra query parameter for every page request (the reference's `configure(params=)`).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    /// An extra header for every page request (the reference's `configure(headers=)`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Lets up to `n` pages be fetched ahead of the consumer (default 0).
    pub fn prefetch(mut self, n: usize) -> Self {
        self.prefetch = n;
        self
    }

    /// Fetches up to `n` pages at once once the first page told the total (default 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// The items from index `range.start` (inclusive) to `range.end` (exclusive), like Python's
    /// `rs[a:b]`; negative or reversed bounds are rejected before sending.
    pub fn slice(mut self, range: Range<i64>) -> Self {
        match (u64::try_from(range.start), u64::try_from(range.end)) {
            (Ok(start), Ok(end)) if start <= end => {
                let base = self.offset;
                let start = base + start;
                let end = self.stop.map_or(base + end, |stop| stop.min(base + end));
                self.offset = start.min(end);
                self.stop = Some(end);
                self.page_size = self.page_size.min((end - self.offset).max(1));
            }
            (Ok(_), Ok(_)) => {
                self.error = Some("the slice end must not be before its start".into())
            }
            _ => self.error = Some("Negative indexing is not supported.".into()),
        }
        self
    }

    /// The same set, decoding items as `U`.
    pub fn into_type<U: DeserializeOwned + Send + 'static>(self) -> ResourceSet<U> {
        ResourceSet {
            client: self.client,
            path: self.path,
            query: self.query,
            page_size: self.page_size,
            offset: self.offset,
            stop: self.stop,
            select: self.select,
            ordering: self.ordering,
            search: self.search,
            params: self.params,
            headers: self.headers,
            prefetch: self.prefetch,
            concurrency: self.concurrency,
            error: self.error,
            item: PhantomData,
        }
    }

    /// The RQL query.
    pub fn query(&self) -> &R {
        &self.query
    }

    /// The client the set sends with.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn client(&self) -> &ConnectClient {
        &self.client
    }

    /// The collection path.
    pub fn path(&self) -> String {
        self.path.decoded()
    }

    /// The page request for `limit` items from `offset`, in the reference's query order.
    pub(crate) fn request(&self, limit: u64, offset: u64) -> Result<Request> {
        if let Some(error) = &self.error {
            return Err(Error::invalid(error.clone()));
        }
        let path = self.client.check(&Method::GET, &self.path)?;
        let list = |name: &str, fields: &[String]| {
            if fields.is_empty() {
                String::new()
            } else {
                format!("{name}({})", fields.join(","))
            }
        };
        let mut request = Request::get(path)
            .raw_query(list("select", &self.select))
            .raw_query(self.query.to_query_component())
            .raw_query(list("ordering", &self.ordering));
        for (k, v) in &self.params {
            request = request.query(k, v);
        }
        request = request
            .query("limit", limit)
            .query("offset", offset)
            .query_opt("search", self.search.as_ref());
        for (name, value) in &self.headers {
            request = request.header(name, value)?;
        }
        Ok(request)
    }

    /// The number of matching resources (`limit=0`, total from `Content-Range`).
    pub async fn count(&self) -> Result<u64> {
        let response = self.client.http.send(self.request(0, self.offset)?).await?;
        content_range_total(response.headers())
            .ok_or_else(|| Error::invalid("the server answered without a `Content-Range` total"))
    }

    /// The first resource, if any (`limit=1&offset=0`).
    pub async fn first(&self) -> Result<Option<T>> {
        self.at(0).await
    }

    /// The resource at `index` (`limit=1&offset=index`), if any.
    pub async fn get(&self, index: u64) -> Result<Option<T>> {
        self.at(index).await
    }

    async fn at(&self, offset: u64) -> Result<Option<T>> {
        let response = self.client.http.send(self.request(1, offset)?).await?;
        let items: Vec<T> = response.json()?;
        Ok(items.into_iter().next())
    }

    /// Every matching resource as a stream, page by page; pages follow `Content-Range` and a
    /// missing header means a single page, like the reference.
    pub fn stream(&self) -> ResultStream<T> {
        let request = match self.request(self.page_size, self.offset) {
            Ok(r) => r,
            Err(e) => return failed(e),
        };
        let decoder: PageDecoder<T> = Arc::new(decode_page::<T>);
        let mut pages = Paginator::offset_limit(
            &self.client.http,
            request,
            "offset",
            "limit",
            self.page_size,
            decoder,
        )
        .prefetch(self.prefetch)
        .concurrency(self.concurrency);
        if let Some(stop) = self.stop {
            pages = pages.limit(stop.saturating_sub(self.offset));
        }
        pages.map_err(Error::from).boxed()
    }

    /// Every matching resource, in one `Vec` (memory grows with the total; prefer
    /// [`Self::stream`]). The reference's `rs.all()` is a copy of the set: `rs.clone()`.
    pub async fn all(&self) -> Result<Vec<T>> {
        self.stream().try_collect().await
    }

    /// Every matching resource (the same as [`Self::all`]).
    pub async fn try_collect(&self) -> Result<Vec<T>> {
        self.all().await
    }

    /// Some (dotted) fields of every resource, as flat maps keyed by field name.
    pub fn values_list(&self, fields: &[&str]) -> ResultStream<Map<String, Value>> {
        let fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        self.clone()
            .into_type::<Value>()
            .stream()
            .map_ok(move |item| {
                let names: Vec<&str> = fields.iter().map(String::as_str).collect();
                pick_fields(&item, &names)
            })
            .boxed()
    }
}

/// A JSON array page; the total comes from `Content-Range`, or, without it, the page is the
/// whole result (the reference reads a missing header as "no paging").
fn decode_page<T: DeserializeOwned>(
    response: &Response,
) -> platform_client_core::Result<PageData<T>> {
    let items: Vec<T> = response.json()?;
    let total = content_range_total(response.headers()).or_else(|| {
        let offset = response
            .url()
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or(0);
        Some(offset + items.len() as u64)
    });
    Ok(PageData {
        items,
        total,
        next: None,
    })
}
