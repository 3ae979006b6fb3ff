//! Streaming pagination with an exact limit, bounded read-ahead and concurrent page fetches.
//!
//! A [`Paginator`] is a `Stream` of items. It fetches pages lazily, one at a time by default;
//! [`Paginator::prefetch`] lets up to `n` pages be fetched ahead of the consumer, and
//! [`Paginator::concurrency`] fetches up to `n` pages at once when the strategy computes page
//! requests (the first `n` together, the rest from the total the first page announced).
//! Memory holds at most the pages in flight plus the page being consumed, whatever the total.

mod decode;
mod fetch;
mod list;
mod options;

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::stream::{BoxStream, Stream, StreamExt, TryStreamExt};

pub use decode::{content_range_total, header_total, json_array, json_envelope};
pub use list::{Finish, ListClient, ListItem, ListRequest};
pub use options::{ListOptions, Lookup, ResultStream, failed};

use crate::client::{HttpClient, Response};
use crate::error::Result;
use crate::request::Request;
use fetch::Fetcher;

/// What a decoder extracts from one page response.
#[derive(Debug, Clone, PartialEq)]
pub struct PageData<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// The total number of items, when the server tells.
    pub total: Option<u64>,
    /// The link (next-link strategy) or cursor (cursor strategy) of the next page.
    pub next: Option<String>,
}

/// Turns a page response into [`PageData`].
pub type PageDecoder<T> = Arc<dyn Fn(&Response) -> Result<PageData<T>> + Send + Sync>;

/// Builds the request of a cursor page from the previous page's cursor (`None` first); an
/// error (e.g. a body that cannot be encoded) is yielded by the stream, nothing is sent.
pub type CursorRequest = Arc<dyn Fn(Option<&str>) -> Result<Request> + Send + Sync>;

/// One page as yielded by [`Paginator::pages`].
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// Zero-based position of the page.
    pub index: u64,
    /// The items (cut to the limit on the last page).
    pub items: Vec<T>,
    /// The total number of items, when the server tells.
    pub total: Option<u64>,
}

/// How page requests are made.
#[derive(Clone)]
pub(crate) enum Strategy {
    /// `offset`/`limit` query parameters.
    OffsetLimit {
        offset_key: String,
        limit_key: String,
        page_size: u64,
        start: u64,
    },
    /// `page`/`per_page` query parameters.
    PageNumber {
        page_key: String,
        per_page_key: String,
        page_size: u64,
        first: u64,
    },
    /// The response names the next page's URL.
    NextLink,
    /// The response carries an opaque cursor.
    Cursor(CursorRequest),
}

/// A lazy stream of items fetched page by page. See the [module docs](self).
#[must_use = "a paginator does nothing until polled"]
pub struct Paginator<T> {
    fetcher: Option<Fetcher<T>>,
    prefetch: usize,
    stream: Option<BoxStream<'static, Result<T>>>,
}

impl<T: Send + 'static> Paginator<T> {
    fn with(
        client: &HttpClient,
        first: Request,
        strategy: Strategy,
        decoder: PageDecoder<T>,
    ) -> Self {
        Paginator {
            fetcher: Some(Fetcher {
                client: client.clone(),
                template: first,
                strategy,
                decoder,
                limit: None,
                concurrency: 1,
            }),
            prefetch: 0,
            stream: None,
        }
    }

    /// Pages by `offset`/`limit` query parameters (total from the decoder, e.g. `Content-Range`).
    pub fn offset_limit(
        client: &HttpClient,
        first: Request,
        offset_key: &str,
        limit_key: &str,
        page_size: u64,
        decoder: PageDecoder<T>,
    ) -> Self {
        let start = first
            .query_pairs()
            .iter()
            .find(|(k, _)| k == offset_key)
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let strategy = Strategy::OffsetLimit {
            offset_key: offset_key.to_owned(),
            limit_key: limit_key.to_owned(),
            page_size: page_size.max(1),
            start,
        };
        Self::with(client, first, strategy, decoder)
    }

    /// Pages by `page`/`per_page` query parameters, the first page being `first_page`.
    pub fn page_number(
        client: &HttpClient,
        first: Request,
        page_key: &str,
        per_page_key: &str,
        page_size: u64,
        first_page: u64,
        decoder: PageDecoder<T>,
    ) -> Self {
        let strategy = Strategy::PageNumber {
            page_key: page_key.to_owned(),
            per_page_key: per_page_key.to_owned(),
            page_size: page_size.max(1),
            first: first_page,
        };
        Self::with(client, first, strategy, decoder)
    }

    /// Follows the `next` link the decoder returns (absolute or relative; re-based onto the
    /// client's base URL).
    pub fn next_link(client: &HttpClient, first: Request, decoder: PageDecoder<T>) -> Self {
        Self::with(client, first, Strategy::NextLink, decoder)
    }

    /// Passes the cursor the decoder returns to `request` until there is none.
    pub fn cursor(
        client: &HttpClient,
        request: impl Fn(Option<&str>) -> Request + Send + Sync + 'static,
        decoder: PageDecoder<T>,
    ) -> Self {
        Self::try_cursor(client, move |cursor| Ok(request(cursor)), decoder)
    }

    /// Like [`Self::cursor`] with a request builder that can fail (e.g. a GraphQL or JSON body
    /// built from the cursor): its error is the stream's error, and nothing is sent.
    pub fn try_cursor(
        client: &HttpClient,
        request: impl Fn(Option<&str>) -> Result<Request> + Send + Sync + 'static,
        decoder: PageDecoder<T>,
    ) -> Self {
        let request: CursorRequest = Arc::new(request);
        // The template is unused by the cursor strategy: every page, the first included, is
        // built by `request`.
        Self::with(client, Request::get(""), Strategy::Cursor(request), decoder)
    }

    /// Yields at most `n` items, and requests no page beyond them.
    pub fn limit(mut self, n: u64) -> Self {
        if let Some(f) = &mut self.fetcher {
            f.limit = Some(n);
        }
        self
    }

    /// Lets up to `n` pages be fetched ahead of the consumer (default 0: fetch on demand).
    pub fn prefetch(mut self, n: usize) -> Self {
        self.prefetch = n;
        self
    }

    /// Fetches up to `n` pages at once (offset and page-number strategies only; others stay
    /// sequential). Pages `1..n` are requested together with the first page (at most as many
    /// as the limit needs), the rest once the first page has told the total; early pages
    /// beyond the total are dropped, so a set smaller than `n` pages costs a few requests
    /// answered empty. A page's slot frees when its answer arrives; answers are decoded in
    /// their own tasks, two at a time, while the next requests are out. Pages are still yielded
    /// in order; at most `n + 2` pages are held at once.
    pub fn concurrency(mut self, n: usize) -> Self {
        if let Some(f) = &mut self.fetcher {
            f.concurrency = n.max(1);
        }
        self
    }

    /// The pages instead of the items.
    pub fn pages(mut self) -> BoxStream<'static, Result<Page<T>>> {
        match self.fetcher.take() {
            Some(fetcher) => read_ahead(fetcher.pages(), self.prefetch),
            None => futures_util::stream::empty().boxed(),
        }
    }

    /// Collects every item (memory grows with the total; prefer streaming).
    pub async fn try_collect(self) -> Result<Vec<T>> {
        TryStreamExt::try_collect(self).await
    }

    fn items(&mut self) -> &mut BoxStream<'static, Result<T>> {
        if self.stream.is_none() {
            let prefetch = self.prefetch;
            let stream = match self.fetcher.take() {
                Some(fetcher) => read_ahead(fetcher.pages(), prefetch)
                    .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
                    .try_flatten()
                    .boxed(),
                None => futures_util::stream::empty().boxed(),
            };
            self.stream = Some(stream);
        }
        self.stream
            .get_or_insert_with(|| futures_util::stream::empty().boxed())
    }
}

impl<T: Send + 'static> Stream for Paginator<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().items().poll_next_unpin(cx)
    }
}

/// Runs `pages` in a task that stays at most `n` pages ahead of the consumer.
fn read_ahead<T: Send + 'static>(
    mut pages: BoxStream<'static, Result<Page<T>>>,
    n: usize,
) -> BoxStream<'static, Result<Page<T>>> {
    if n == 0 {
        return pages;
    }
    let (tx, rx) = tokio::sync::mpsc::channel(n);
    let task = tokio::spawn(async move {
        // Reserve a slot before fetching, so fetched-but-unread pages never exceed `n`.
        while let Ok(permit) = tx.reserve().await {
            match pages.next().await {
                Some(page) => permit.send(page),
                None => break,
            }
        }
    });
    let guard = AbortOnDrop(Some(task));
    futures_util::stream::unfold((rx, guard), |(mut rx, mut guard)| async move {
        match rx.recv().await {
            Some(page) => Some((page, (rx, guard))),
            None => {
                // The producer ended: re-raise its panic rather than end the stream quietly.
                if let Some(task) = guard.0.take()
                    && let Err(e) = task.await
                    && e.is_panic()
                {
                    std::panic::resume_unwind(e.into_panic());
                }
                None
            }
        }
    })
    .boxed()
}

pub(crate) struct AbortOnDrop<T = ()>(pub(crate) Option<tokio::task::JoinHandle<T>>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        if let Some(task) = &self.0 {
            task.abort();
        }
    }
}
