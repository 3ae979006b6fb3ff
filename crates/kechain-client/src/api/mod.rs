//! Resource handlers and the list machinery they share.

/// Adds `stream`, `all` and `one` to a list request type with a `client`, a `limit`, a
/// `fn request(&self) -> Result<Request>` and a `fn what(&self) -> String`.
macro_rules! list_terminals {
    ($item:ty, $plural:literal) => {
        #[doc = concat!("The ", $plural, " as a stream, page by page, stopping at exactly the limit.")]
        pub fn stream(&self) -> $crate::api::ResultStream<$item> {
            $crate::api::stream(self.client, self.request(), self.limit)
        }

        #[doc = concat!("Every matching one of the ", $plural, ".")]
        pub async fn all(&self) -> $crate::Result<Vec<$item>> {
            futures_util::TryStreamExt::try_collect(self.stream()).await
        }

        /// The one match: [`crate::Error::NotFound`] or [`crate::Error::MultipleFound`] otherwise.
        pub async fn one(&self) -> $crate::Result<$item> {
            $crate::api::one(self.client, self.request(), || self.what()).await
        }
    };
}

pub mod activities;
pub mod associations;
pub mod banners;
pub mod contexts;
pub mod downloads;
pub mod forms;
pub mod generic;
pub mod notifications;
pub mod parts;
pub mod properties;
pub mod scopes;
pub mod services;
pub mod teams;
pub mod users;
pub mod versions;
pub mod widgets;
pub mod workflows;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use platform_client_core::pagination::json_envelope;
use platform_client_core::{PageData, Paginator, Request};
use serde::de::DeserializeOwned;

use crate::client::KechainClient;
use crate::error::{Error, Result};

/// A boxed stream of results, as returned by every `stream()`.
pub type ResultStream<T> = BoxStream<'static, Result<T>>;

/// Streams a list through its `next` links; `limit` is exact.
pub(crate) fn stream<T: DeserializeOwned + Send + 'static>(
    client: &KechainClient,
    request: Result<Request>,
    limit: Option<u64>,
) -> ResultStream<T> {
    let request = match request {
        Ok(r) => r,
        Err(e) => return stream::once(async move { Err(e) }).boxed(),
    };
    let page = limit.map_or(client.page_size, |l| l.clamp(1, client.page_size));
    let mut paginator = Paginator::next_link(
        &client.http,
        request.set_query("limit", page),
        json_envelope("results", Some("next"), Some("count")),
    );
    if let Some(limit) = limit {
        paginator = paginator.limit(limit);
    }
    paginator.map_err(Error::from).boxed()
}

/// Fetches a list asking for at most 2 rows: exactly one is the answer.
pub(crate) async fn one<T: DeserializeOwned + 'static>(
    client: &KechainClient,
    request: Result<Request>,
    what: impl FnOnce() -> String,
) -> Result<T> {
    let response = client.http.send(request?.set_query("limit", 2)).await?;
    let decode = json_envelope::<T>("results", Some("next"), Some("count"));
    let PageData { items, total, .. } = decode(&response)?;
    let count = total.unwrap_or(items.len() as u64).max(items.len() as u64);
    match count {
        0 => Err(Error::not_found(what())),
        // `count` may say 1 while `results` is empty (a row hidden mid-request).
        1 => items
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found(what())),
        n => Err(Error::MultipleFound {
            what: what(),
            count: n,
        }),
    }
}

/// Sends a request answered with `{"results": [...]}` and returns every item.
pub(crate) async fn all_results<T: DeserializeOwned>(
    client: &KechainClient,
    request: Request,
) -> Result<Vec<T>> {
    #[derive(serde::Deserialize)]
    struct Envelope<T> {
        results: Vec<T>,
    }
    let envelope: Envelope<T> = client.http.send_json(request).await?;
    Ok(envelope.results)
}

/// Sends a write or detail request and returns `results[0]`.
pub(crate) async fn first_result<T: DeserializeOwned>(
    client: &KechainClient,
    request: Request,
    what: &str,
) -> Result<T> {
    all_results(client, request)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(what.to_owned()))
}

/// How a lookup by name or id is described in `NotFound` / `MultipleFound`.
pub(crate) fn describe_lookup(name: &Option<String>, id: &Option<String>) -> String {
    match (name, id) {
        (Some(n), _) => format!("named `{n}`"),
        (None, Some(id)) => format!("with id {id}"),
        (None, None) => "matching the filters".to_owned(),
    }
}

/// Rejects a bulk request naming the same object twice.
pub(crate) fn check_unique<'a>(what: &str, ids: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    match ids.into_iter().find(|id| !seen.insert(*id)) {
        Some(id) => Err(Error::invalid(format!("{what} `{id}` is given twice"))),
        None => Ok(()),
    }
}

/// Rejects anything that is not a UUID (`8-4-4-4-12` hex digits) before sending.
pub(crate) fn check_uuid(what: &str, value: &str) -> Result<()> {
    let groups: Vec<&str> = value.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("{what} `{value}` is not a UUID")))
    }
}

/// Rejects an empty or blank name before sending.
pub(crate) fn check_name(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(format!("{what} must not be empty")))
    } else {
        Ok(())
    }
}

/// A query boolean the way KE-chain (Django) reads it.
pub(crate) fn py_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// Accepts `YYYY-MM-DD` optionally followed by `T` and a time.
pub(crate) fn check_iso_date(what: &str, value: &str) -> Result<()> {
    let date = value.split('T').next().unwrap_or_default();
    let parts: Vec<&str> = date.split('-').collect();
    let ok = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "the {what} `{value}` is not an ISO 8601 date"
        )))
    }
}
