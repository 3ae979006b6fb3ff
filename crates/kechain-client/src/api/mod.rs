//! Resource handlers and the list machinery they share.

/// Adds `stream`, `all`, `first` and `one` to a list request type with a `client`, an `opts`
/// ([`ListOptions`]), a `fn request(&self) -> Result<Request>` and a `fn what(&self) -> String`.
macro_rules! list_terminals {
    ($item:ty, $plural:literal) => {
        #[doc = concat!("The ", $plural, " as a stream, page by page, stopping at exactly the limit.")]
        pub fn stream(&self) -> $crate::api::ResultStream<$item> {
            $crate::api::stream(self.client, self.request(), &self.opts)
        }

        #[doc = concat!("Every matching one of the ", $plural, ".")]
        pub async fn all(&self) -> $crate::Result<Vec<$item>> {
            futures_util::TryStreamExt::try_collect(self.stream()).await
        }

        #[doc = concat!("The first of the ", $plural, ", if any (one item is asked for).")]
        pub async fn first(&self) -> $crate::Result<Option<$item>> {
            $crate::api::first(self.client, self.request(), &self.opts).await
        }

        /// The one match: [`crate::Error::NotFound`] or [`crate::Error::MultipleFound`] otherwise.
        pub async fn one(&self) -> $crate::Result<$item> {
            $crate::api::one(self.client, self.request(), || self.what()).await
        }
    };
}

/// Adds the lookup setters (and, with a name, the `what()` of its errors) to a list request
/// type with fields `name: Option<String>` (unless `ids`), `id: Option<String>` and
/// `filters: Vec<(String, String)>`:
/// `lookup_filters!(ScopeList<'_>, "scope", "scopes", r#"`("name__icontains", "bike")`"#);`
macro_rules! lookup_filters {
    ($list:ty, $one:literal, $many:literal $(, $example:literal)?) => {
        impl $list {
            #[doc = concat!("Only ", $many, " with this exact name.")]
            pub fn name(mut self, name: impl Into<String>) -> Self {
                self.name = Some(name.into());
                self
            }

            /// What the list looks for, for [`crate::Error::NotFound`] and
            /// [`crate::Error::MultipleFound`].
            fn what(&self) -> String {
                format!("{} {}", $one, $crate::api::describe_lookup(&self.name, &self.id))
            }
        }
        lookup_filters!(ids $list, $one $(, $example)?);
    };
    (ids $list:ty, $one:literal $(, $example:literal)?) => {
        impl $list {
            #[doc = concat!("Only the ", $one, " with this id.")]
            pub fn id(mut self, id: impl Into<String>) -> Self {
                self.id = Some(id.into());
                self
            }

            #[doc = concat!("Any other server-side filter" $(, ", e.g. ", $example)?, ".")]
            pub fn filter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
                self.filters.push((key.into(), value.into()));
                self
            }
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

use futures_util::stream::{StreamExt, TryStreamExt};
use platform_client_core::pagination::{Lookup, failed, json_envelope};
use platform_client_core::{ListOptions, PageData, Paginator, Request};
use serde::de::DeserializeOwned;

use crate::client::KechainClient;
use crate::error::{Error, Result};

/// A boxed stream of results, as returned by every `stream()`.
pub type ResultStream<T> = platform_client_core::pagination::ResultStream<T, Error>;

/// Streams a list; `limit` is exact. One page after the other it follows the server's `next`
/// links (pykechain's requests exactly); with `concurrency(n > 1)` it asks for `offset`/`limit`
/// pages, several at once, the total known from the first page's `count`.
pub(crate) fn stream<T: DeserializeOwned + Send + 'static>(
    client: &KechainClient,
    request: Result<Request>,
    opts: &ListOptions,
) -> ResultStream<T> {
    let checked = opts.check().map_err(Error::from);
    let request = match checked.and(request) {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let page = opts.effective_page_size(client.page_size);
    let request = request.set_query("limit", page);
    let decode = json_envelope("results", Some("next"), Some("count"));
    let paginator = if opts.is_concurrent() {
        Paginator::offset_limit(&client.http, request, "offset", "limit", page, decode)
    } else {
        Paginator::next_link(&client.http, request, decode)
    };
    opts.apply(paginator).map_err(Error::from).boxed()
}

/// The first item of a list, asking for one.
pub(crate) async fn first<T: DeserializeOwned + Send + 'static>(
    client: &KechainClient,
    request: Result<Request>,
    opts: &ListOptions,
) -> Result<Option<T>> {
    let mut one = *opts;
    one.limit = Some(1);
    stream(client, request, &one).try_next().await
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
    match Lookup::of_page(items, total) {
        Lookup::One(item) => Ok(item),
        Lookup::None => Err(Error::not_found(what())),
        Lookup::Many(count) => Err(Error::MultipleFound {
            what: what(),
            count,
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
        .ok_or_else(|| Error::not_found(what))
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
