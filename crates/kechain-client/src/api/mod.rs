//! Resource handlers and the list machinery they share.

/// Adds the lookup setters `name` (unless `ids`) and `id` to the list of one resource:
/// `lookup_filters!(Team, "team", "teams");` (the name must not be blank, the id must be a
/// UUID; a refused value is reported when the list is sent).
macro_rules! lookup_filters {
    ($item:ty, $one:literal, $many:literal) => {
        impl $crate::api::List<'_, $item> {
            #[doc = concat!("Only ", $many, " with this exact name.")]
            pub fn name(self, name: impl Into<String>) -> Self {
                self.non_blank("name", concat!("the ", $one, " name"), name)
            }
        }
        lookup_filters!(ids $item, $one);
    };
    (ids $item:ty, $one:literal) => {
        impl $crate::api::List<'_, $item> {
            #[doc = concat!("Only the ", $one, " with this id.")]
            pub fn id(self, id: impl Into<String>) -> Self {
                self.uuid("id", concat!($one, " id"), id)
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

use platform_client_core::pagination::{ListClient, ListItem, json_envelope};
use platform_client_core::{ListOptions, Paginator, Request};
use serde::de::DeserializeOwned;

use crate::client::KechainClient;
use crate::error::{Error, Result};

/// A boxed stream of results, as returned by every `stream()`.
pub type ResultStream<T> = platform_client_core::pagination::ResultStream<T, Error>;

platform_client_core::list_type! {
    /// A list request of any resource: narrow it with the filters of its resource (e.g.
    /// [`List::<crate::models::Scope>::status`]), then `stream()`, `pages()`, `all()`, `first()`
    /// or `one()`. The query keeps pykechain's order; a refused filter is reported by the
    /// terminal, before anything is sent.
    pub struct List for KechainClient, Error;
}

/// Lists follow the server's `next` links one page after the other (pykechain's requests
/// exactly); with `concurrency(n > 1)` they ask for `offset`/`limit` pages, several at once, the
/// total known from the first page's `count`.
impl ListClient for KechainClient {
    type Error = Error;

    const RESERVED: &'static [&'static str] = &["limit", "offset", "fields"];

    fn page_size(&self) -> u64 {
        self.page_size
    }

    fn paginator<T: ListItem>(
        &self,
        request: Request,
        page_size: u64,
        opts: &ListOptions,
    ) -> Paginator<T> {
        let request = request.set_query("limit", page_size);
        let decode = json_envelope("results", Some("next"), Some("count"));
        if opts.is_concurrent() {
            Paginator::offset_limit(&self.http, request, "offset", "limit", page_size, decode)
        } else {
            Paginator::next_link(&self.http, request, decode)
        }
    }

    fn not_found(&self, what: String) -> Error {
        Error::not_found(what)
    }

    fn multiple_found(&self, what: String, count: u64) -> Error {
        Error::MultipleFound { what, count }
    }
}

impl<T> List<'_, T> {
    /// A filter on a UUID (refused unless it is one).
    pub(crate) fn uuid(self, key: &str, what: &str, id: impl Into<String>) -> Self {
        let id = id.into();
        self.with(|l| l.check(check_uuid(what, &id)).param(key, id))
    }

    /// A filter on a name or text (refused when blank).
    pub(crate) fn non_blank(self, key: &str, what: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        self.with(|l| l.check(check_name(what, &value)).param(key, value))
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
