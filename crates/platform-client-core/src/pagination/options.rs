//! The knobs every list of every platform crate offers, with one meaning everywhere.

use futures_util::stream::{self, BoxStream, StreamExt};

use super::Paginator;
use crate::error::{Error, Result};

/// `limit` = items in total, `page_size` = items per request, `prefetch` = pages fetched ahead
/// of the consumer, `concurrency` = pages requested at once. Every
/// [`ListRequest`](super::ListRequest) holds one; [`list_type!`](crate::list_type) gives the
/// platform list types its setters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListOptions {
    /// Items in total (`None`: all of them).
    pub limit: Option<u64>,
    /// Items per request (`None`: the client's default page size).
    pub page_size: Option<u64>,
    /// Pages fetched ahead of the consumer (0: on demand).
    pub prefetch: usize,
    /// Pages requested at once (0 and 1: one after the other).
    pub concurrency: usize,
}

impl ListOptions {
    /// Refuses a page size of 0 (nothing is sent).
    pub fn check(&self) -> Result<()> {
        if self.page_size == Some(0) {
            return Err(Error::invalid_input("`page_size` must be at least 1"));
        }
        Ok(())
    }

    /// The page size to ask for: [`Self::page_size`] or `default`, no larger than the limit
    /// (so a small limit costs one small request), at least 1.
    pub fn effective_page_size(&self, default: u64) -> u64 {
        let size = self.page_size.unwrap_or(default).max(1);
        self.limit.map_or(size, |l| size.min(l.max(1)))
    }

    /// Whether pages are requested several at once.
    pub fn is_concurrent(&self) -> bool {
        self.concurrency > 1
    }

    /// Applies the limit, prefetch and concurrency to a paginator.
    pub fn apply<T: Send + 'static>(&self, paginator: Paginator<T>) -> Paginator<T> {
        let paginator = match self.limit {
            Some(limit) => paginator.limit(limit),
            None => paginator,
        };
        paginator
            .prefetch(self.prefetch)
            .concurrency(self.concurrency.max(1))
    }
}

/// The stream every list of a platform crate returns: items or the platform's error, owned
/// (`'static`), so it can be kept, moved to a task or turned into a blocking iterator.
pub type ResultStream<T, E = Error> = BoxStream<'static, Result<T, E>>;

/// What an "exactly one" lookup found on the one page it asked for (two items, so that a second
/// match shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// Exactly one match.
    One(T),
    /// No match (also when the total says 1 but the page came back empty: a row hidden
    /// mid-request).
    None,
    /// Several matches: how many (from the total when the server tells, else the page).
    Many(u64),
}

impl<T> Lookup<T> {
    /// Reads the page of a lookup: its items and the total the server announced, if any.
    pub fn of_page(mut items: Vec<T>, total: Option<u64>) -> Lookup<T> {
        let count = total.unwrap_or(0).max(items.len() as u64);
        match (count, items.pop()) {
            (1, Some(item)) => Lookup::One(item),
            (0 | 1, _) => Lookup::None,
            (count, _) => Lookup::Many(count),
        }
    }
}

/// A stream whose only item is `error`: what a list's `stream()` returns when its arguments
/// were refused (nothing is sent).
pub fn failed<T: Send + 'static, E: Send + 'static>(error: E) -> ResultStream<T, E> {
    stream::once(async move { Err(error) }).boxed()
}
