//! The page loop behind [`super::Paginator`].

use std::sync::Arc;

use futures_util::stream::{self, BoxStream, StreamExt};

use super::{Page, PageData, PageDecoder, Strategy};
use crate::client::HttpClient;
use crate::error::Result;
use crate::request::Request;

pub(crate) struct Fetcher<T> {
    pub(crate) client: HttpClient,
    pub(crate) template: Request,
    pub(crate) strategy: Strategy,
    pub(crate) decoder: PageDecoder<T>,
    pub(crate) limit: Option<u64>,
    pub(crate) concurrency: usize,
}

/// Where the next page is.
enum Position {
    Index,
    Link(String),
    Cursor(String),
}

enum State<T> {
    Next {
        position: Position,
        index: u64,
        seen: u64,
    },
    Concurrent {
        rest: BoxStream<'static, (u64, Result<PageData<T>>)>,
        seen: u64,
    },
    Done,
}

impl<T: Send + 'static> Fetcher<T> {
    fn request(&self, position: &Position, index: u64) -> Request {
        match (&self.strategy, position) {
            (
                Strategy::OffsetLimit {
                    offset_key,
                    limit_key,
                    page_size,
                    start,
                },
                _,
            ) => {
                let size = match self.limit {
                    Some(limit) => (*page_size)
                        .min(limit.saturating_sub(index * page_size))
                        .max(1),
                    None => *page_size,
                };
                self.template
                    .clone()
                    .set_query(offset_key, start + index * page_size)
                    .set_query(limit_key, size)
            }
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
                .set_query(page_key, first + index)
                .set_query(per_page_key, page_size),
            (_, Position::Link(link)) => self.template.with_link(link),
            (Strategy::Cursor(build), Position::Cursor(cursor)) => build(Some(cursor)),
            (_, _) => self.template.clone(),
        }
    }

    async fn fetch(&self, position: &Position, index: u64) -> Result<PageData<T>> {
        let response = self.client.send(self.request(position, index)).await?;
        (self.decoder)(&response)
    }

    /// The exclusive end, in strategy units, of what should be fetched given total and limit.
    fn end(&self, total: u64) -> Option<(u64, u64, u64)> {
        let (size, start) = match &self.strategy {
            Strategy::OffsetLimit {
                page_size, start, ..
            } => (*page_size, *start),
            Strategy::PageNumber { page_size, .. } => (*page_size, 0),
            _ => return None,
        };
        let end = match self.limit {
            Some(limit) => total.min(start.saturating_add(limit)),
            None => total,
        };
        Some((size, start, end))
    }

    /// Whether another page exists after page `index` holding `got` items.
    fn has_more(&self, index: u64, got: usize, data: &PageData<T>) -> Option<Position> {
        if got == 0 {
            return None;
        }
        match &self.strategy {
            Strategy::OffsetLimit { .. } | Strategy::PageNumber { .. } => {
                let (size, start, _) = self.end(0)?;
                let full = got as u64 >= size;
                let more = match data.total {
                    Some(total) => start + (index + 1) * size < total,
                    None => full,
                };
                more.then_some(Position::Index)
            }
            Strategy::NextLink => data
                .next
                .as_deref()
                .filter(|l| !l.is_empty())
                .map(|l| Position::Link(l.to_owned())),
            Strategy::Cursor(_) => data
                .next
                .as_deref()
                .filter(|c| !c.is_empty())
                .map(|c| Position::Cursor(c.to_owned())),
        }
    }

    /// The remaining page indexes when they can be computed from the total.
    fn remaining(&self, index: u64, total: Option<u64>) -> Option<Vec<u64>> {
        if self.concurrency <= 1 {
            return None;
        }
        let (size, start, end) = self.end(total?)?;
        let mut indexes = Vec::new();
        let mut next = index + 1;
        while start + next * size < end {
            indexes.push(next);
            next += 1;
        }
        Some(indexes)
    }

    pub(crate) fn pages(self) -> BoxStream<'static, Result<Page<T>>> {
        let this = Arc::new(self);
        let first = State::Next {
            position: Position::Index,
            index: 0,
            seen: 0,
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
                items.truncate(room as usize);
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
            } => {
                let mut data = match self.fetch(&position, index).await {
                    Ok(data) => data,
                    Err(e) => return Some((Err(e), State::Done)),
                };
                let got = data.items.len();
                let next = self.has_more(index, got, &data);
                let items = std::mem::take(&mut data.items);
                let mut items = items;
                let seen = self.cut(seen, &mut items);
                let page = Page {
                    index,
                    items,
                    total: data.total,
                };
                let state = match next {
                    None => State::Done,
                    Some(position) => match self.remaining(index, data.total) {
                        Some(indexes) => {
                            let fetcher = self.clone();
                            let rest = stream::iter(indexes)
                                .map(move |i| {
                                    let f = fetcher.clone();
                                    async move { (i, f.fetch(&Position::Index, i).await) }
                                })
                                .buffered(self.concurrency)
                                .boxed();
                            State::Concurrent { rest, seen }
                        }
                        None => State::Next {
                            position,
                            index: index + 1,
                            seen,
                        },
                    },
                };
                Some((Ok(page), state))
            }
            State::Concurrent { mut rest, seen } => match rest.next().await {
                None => None,
                Some((_, Err(e))) => Some((Err(e), State::Done)),
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
