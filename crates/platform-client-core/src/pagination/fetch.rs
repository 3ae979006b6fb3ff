//! The page loop behind [`super::Paginator`].
//!
//! Offsets advance by the number of items a page actually held (servers may cap page sizes);
//! next links and cursors alone decide whether another page exists (a filtered page may be
//! empty); a link or cursor seen twice ends the stream instead of looping.

use std::sync::Arc;

use futures_util::stream::{self, BoxStream, StreamExt};

use super::{AbortOnDrop, Page, PageData, PageDecoder, Strategy};
use crate::client::{HttpClient, Response};
use crate::error::{Error, Result};
use crate::request::Request;

/// A page being requested in its own task.
type ResponseTask = AbortOnDrop<Result<Response>>;

/// Pages decoded at once behind the requests of [`super::Paginator::concurrency`].
const DECODING: usize = 2;

/// The output of a page task, re-raising its panic.
async fn joined<R>(mut task: AbortOnDrop<Result<R>>) -> Result<R> {
    let Some(handle) = task.0.as_mut() else {
        return Err(Error::config("the page task is missing"));
    };
    // Aborting a finished task when `task` drops is a no-op.
    match handle.await {
        Ok(output) => output,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(Error::config("the page task was cancelled")),
    }
}

pub(crate) struct Fetcher<T> {
    pub(crate) client: HttpClient,
    pub(crate) template: Request,
    pub(crate) strategy: Strategy,
    pub(crate) decoder: PageDecoder<T>,
    pub(crate) limit: Option<u64>,
    pub(crate) concurrency: usize,
}

/// Where the next page is.
#[derive(Clone, PartialEq)]
enum Position {
    /// The first page.
    Start,
    /// Items already fetched (offset strategy) or the page index (page-number strategy).
    At(u64),
    Link(String),
    Cursor(String),
}

enum State<T> {
    Next {
        position: Position,
        index: u64,
        /// Items yielded so far.
        seen: u64,
        /// Items fetched so far, in server units.
        fetched: u64,
    },
    Concurrent {
        rest: BoxStream<'static, (u64, Result<PageData<T>>)>,
        seen: u64,
    },
    Done,
}

impl<T: Send + 'static> Fetcher<T> {
    fn page_size(&self) -> Option<u64> {
        match &self.strategy {
            Strategy::OffsetLimit { page_size, .. } | Strategy::PageNumber { page_size, .. } => {
                Some(*page_size)
            }
            _ => None,
        }
    }

    /// How many items to ask for when `seen` were yielded already.
    fn ask(&self, size: u64, seen: u64) -> u64 {
        match self.limit {
            Some(limit) => size.min(limit.saturating_sub(seen)).max(1),
            None => size,
        }
    }

    fn request(&self, position: &Position, seen: u64) -> Result<Request> {
        let at = match position {
            Position::At(n) => *n,
            _ => 0,
        };
        Ok(match (&self.strategy, position) {
            (
                Strategy::OffsetLimit {
                    offset_key,
                    limit_key,
                    page_size,
                    start,
                },
                _,
            ) => self
                .template
                .clone()
                .set_query(offset_key, start.saturating_add(at))
                .set_query(limit_key, self.ask(*page_size, seen)),
            (
                Strategy::PageNumber {
                    page_key,
                    per_page_key,
                    page_size,
                    first,
                },
                _,
            ) => self
                .template
                .clone()
                .set_query(page_key, first.saturating_add(at))
                .set_query(per_page_key, page_size),
            (_, Position::Link(link)) => self.template.with_link(link),
            (Strategy::Cursor(build), Position::Cursor(cursor)) => build(Some(cursor))?,
            (Strategy::Cursor(build), _) => build(None)?,
            (_, _) => self.template.clone(),
        })
    }

    async fn fetch(&self, position: &Position, seen: u64) -> Result<PageData<T>> {
        let response = self.client.send(self.request(position, seen)?).await?;
        (self.decoder)(&response)
    }

    /// The position of the page after one that held `got` items, if there is one.
    fn next_position(
        &self,
        current: &Position,
        index: u64,
        fetched: u64,
        got: usize,
        data: &PageData<T>,
    ) -> Option<Position> {
        match &self.strategy {
            Strategy::OffsetLimit { start, .. } => {
                let more = match data.total {
                    Some(total) => got > 0 && start.saturating_add(fetched) < total,
                    None => got > 0,
                };
                more.then_some(Position::At(fetched))
            }
            Strategy::PageNumber { .. } => {
                let more = match data.total {
                    Some(total) => got > 0 && fetched < total,
                    None => got > 0,
                };
                more.then_some(Position::At(index + 1))
            }
            Strategy::NextLink => {
                let link = data.next.as_deref().filter(|l| !l.is_empty())?;
                let next = Position::Link(link.to_owned());
                (next != *current).then_some(next)
            }
            Strategy::Cursor(_) => {
                let cursor = data.next.as_deref().filter(|c| !c.is_empty())?;
                let next = Position::Cursor(cursor.to_owned());
                (next != *current).then_some(next)
            }
        }
    }

    /// After a full first page announcing a total, the positions of the other pages, lazily.
    fn remaining(
        self: &Arc<Self>,
        got: usize,
        total: Option<u64>,
        mut early: Vec<ResponseTask>,
    ) -> Option<BoxStream<'static, (u64, Result<PageData<T>>)>> {
        let size = self.page_size()?;
        if self.concurrency <= 1 || (got as u64) < size {
            return None;
        }
        let start = match &self.strategy {
            Strategy::OffsetLimit { start, .. } => *start,
            _ => 0,
        };
        let available = total?.saturating_sub(start);
        let wanted = self.limit.map_or(available, |l| l.min(available));
        let pages = wanted.div_ceil(size);
        let fetcher = self.clone();
        // Pages fetched early that lie beyond the total are dropped (aborted) here.
        early.truncate(usize::try_from(pages.saturating_sub(1)).unwrap_or(usize::MAX));
        let mut early = early.into_iter();
        let decoder = self.decoder.clone();
        Some(
            stream::iter(1..pages)
                .map(move |i| {
                    let task = early.next().unwrap_or_else(|| fetcher.spawn_page(i, size));
                    async move { (i, joined(task).await) }
                })
                .buffered(self.concurrency)
                // A page's slot frees as soon as its answer has arrived: the next request
                // leaves while the answer is decoded (in its own task, on another core).
                .map(move |(i, response)| {
                    let decoder = decoder.clone();
                    let task = AbortOnDrop(Some(tokio::spawn(async move {
                        response.and_then(|r| decoder(&r))
                    })));
                    async move { (i, joined(task).await) }
                })
                .buffered(DECODING)
                .boxed(),
        )
    }

    /// Requests page `i` (of `size` items) in its own task; the task is aborted if its handle
    /// is dropped first.
    fn spawn_page(self: &Arc<Self>, i: u64, size: u64) -> ResponseTask {
        let f = self.clone();
        let position = match self.strategy {
            Strategy::OffsetLimit { .. } => Position::At(i * size),
            _ => Position::At(i),
        };
        AbortOnDrop(Some(tokio::spawn(async move {
            f.client.send(f.request(&position, i * size)?).await
        })))
    }

    /// With `concurrency(n)`, pages 1..n are requested together with the first one, before its
    /// total is known (as many as the limit can need): the first wave costs one round trip
    /// instead of two. Those beyond the total are dropped once it is known.
    fn early_wave(self: &Arc<Self>) -> Vec<ResponseTask> {
        let Some(size) = self.page_size() else {
            return Vec::new();
        };
        let needed = self.limit.map_or(u64::MAX, |l| l.div_ceil(size));
        let count = (self.concurrency as u64).min(needed);
        (1..count).map(|i| self.spawn_page(i, size)).collect()
    }

    pub(crate) fn pages(self) -> BoxStream<'static, Result<Page<T>>> {
        let this = Arc::new(self);
        let first = State::Next {
            position: Position::Start,
            index: 0,
            seen: 0,
            fetched: 0,
        };
        stream::unfold(first, move |state| {
            let this = this.clone();
            async move { this.step(state).await }
        })
        .boxed()
    }

    fn cut(&self, seen: u64, items: &mut Vec<T>) -> u64 {
        if let Some(limit) = self.limit {
            let room = limit.saturating_sub(seen);
            if (items.len() as u64) > room {
                items.truncate(usize::try_from(room).unwrap_or(usize::MAX));
            }
        }
        seen + items.len() as u64
    }

    async fn step(self: Arc<Self>, state: State<T>) -> Option<(Result<Page<T>>, State<T>)> {
        match state {
            State::Done => None,
            State::Next { seen, .. } if self.limit.is_some_and(|l| seen >= l) => None,
            State::Next {
                position,
                index,
                seen,
                fetched,
            } => {
                let early = if index == 0 && self.concurrency > 1 {
                    self.early_wave()
                } else {
                    Vec::new()
                };
                let mut data = match self.fetch(&position, seen).await {
                    Ok(data) => data,
                    Err(e) => return Some((Err(e), State::Done)),
                };
                let got = data.items.len();
                let fetched = fetched + got as u64;
                let next = self.next_position(&position, index, fetched, got, &data);
                let mut items = std::mem::take(&mut data.items);
                let seen = self.cut(seen, &mut items);
                let page = Page {
                    index,
                    items,
                    total: data.total,
                };
                let state = match next {
                    None => State::Done,
                    Some(position) => match (index, self.remaining(got, data.total, early)) {
                        (0, Some(rest)) => State::Concurrent { rest, seen },
                        _ => State::Next {
                            position,
                            index: index + 1,
                            seen,
                            fetched,
                        },
                    },
                };
                Some((Ok(page), state))
            }
            State::Concurrent { mut rest, seen } => match rest.next().await {
                None => None,
                Some((_, Err(e))) => Some((Err(e), State::Done)),
                // An empty page means the announced total was wrong: stop there.
                Some((_, Ok(data))) if data.items.is_empty() => None,
                Some((index, Ok(data))) => {
                    let mut items = data.items;
                    let seen = self.cut(seen, &mut items);
                    let page = Page {
                        index,
                        items,
                        total: data.total,
                    };
                    Some((Ok(page), State::Concurrent { rest, seen }))
                }
            },
        }
    }
}
