//! The one list request every platform crate hands out: filters, the shared knobs and the
//! terminals `stream`, `pages`, `all`, `first` and `one`.
//!
//! A platform implements [`ListClient`] for its client (how pages are requested and decoded,
//! how a failed lookup is reported) and declares its public list type with
//! [`list_type!`](crate::list_type), a thin wrapper around [`ListRequest`] to which it adds the
//! filters of each resource (`impl List<'_, Team> { pub fn hidden(..) }`).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use futures_util::stream::{StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use super::{ListOptions, Lookup, Page, Paginator, ResultStream, failed};
use crate::error::{Error, Result};
use crate::platform_error::PlatformError;
use crate::request::Request;

/// What an item of a list must be: decodable, sendable and owned.
pub trait ListItem: DeserializeOwned + Send + 'static {}

impl<T: DeserializeOwned + Send + 'static> ListItem for T {}

/// How a platform pages its lists and reports lookups; implemented by each platform client.
pub trait ListClient: Sync {
    /// The platform's error type.
    type Error: From<Error> + Send + 'static;

    /// Query keys the list manages itself (paging, field selection): refused as filters.
    const RESERVED: &'static [&'static str] = &[];

    /// The page size used when the list sets none.
    fn page_size(&self) -> u64;

    /// The paginator of the checked first `request`, asking for `page_size` items per page with
    /// the platform's strategy (`opts` tells whether pages may be requested concurrently; the
    /// limit, prefetch and concurrency are applied by the caller).
    fn paginator<T: ListItem>(
        &self,
        request: Request,
        page_size: u64,
        opts: &ListOptions,
    ) -> Paginator<T>;

    /// The error of a lookup that matched nothing; `what` names what was looked for.
    fn not_found(&self, what: String) -> Self::Error;

    /// The error of a lookup that matched `count` (at least 2) objects.
    fn multiple_found(&self, what: String, count: u64) -> Self::Error;
}

/// Client-side work on every listed item once decoded (e.g. decrypting a payload).
pub type Finish<T> = Arc<dyn Fn(&mut T) + Send + Sync>;

/// A list request of items `T` on platform client `C`. Platform crates wrap it with
/// [`list_type!`](crate::list_type); the builder methods below are for their filter setters.
///
/// The query is built in the order [`Self::layout`] gives (the order of the reference client,
/// so recorded requests match), the free filters at the `"*"` slot (default: the end). An
/// argument refused by a setter is reported by the terminals, before anything is sent.
pub struct ListRequest<'c, C, T> {
    client: &'c C,
    path: String,
    noun: Cow<'static, str>,
    name_key: &'static str,
    layout: &'static [&'static str],
    params: Vec<(String, String)>,
    filters: Vec<(String, String)>,
    invalid: Option<String>,
    zero_limit: Option<&'static str>,
    finish: Option<Finish<T>>,
    opts: ListOptions,
}

impl<C, T> Clone for ListRequest<'_, C, T> {
    fn clone(&self) -> Self {
        ListRequest {
            client: self.client,
            path: self.path.clone(),
            noun: self.noun.clone(),
            name_key: self.name_key,
            layout: self.layout,
            params: self.params.clone(),
            filters: self.filters.clone(),
            invalid: self.invalid.clone(),
            zero_limit: self.zero_limit,
            finish: self.finish.clone(),
            opts: self.opts,
        }
    }
}

impl<C, T> fmt::Debug for ListRequest<'_, C, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListRequest")
            .field("path", &self.path)
            .field("params", &self.params)
            .field("filters", &self.filters)
            .field("invalid", &self.invalid)
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl<'c, C: ListClient, T> ListRequest<'c, C, T> {
    /// A list of `path`; `noun` names one item in lookup errors (e.g. `"team"`).
    pub fn new(client: &'c C, path: impl Into<String>, noun: impl Into<Cow<'static, str>>) -> Self {
        ListRequest {
            client,
            path: path.into(),
            noun: noun.into(),
            name_key: "name",
            layout: &[],
            params: Vec::new(),
            filters: Vec::new(),
            invalid: None,
            zero_limit: None,
            finish: None,
            opts: ListOptions::default(),
        }
    }

    /// The order of the query keys; `"*"` is where the free filters and any parameter not named
    /// go (the end when absent).
    pub fn layout(mut self, keys: &'static [&'static str]) -> Self {
        self.layout = keys;
        self
    }

    /// What one item is called in lookup errors (e.g. `"model"` once a part list is narrowed to
    /// models).
    pub fn noun(mut self, noun: impl Into<Cow<'static, str>>) -> Self {
        self.noun = noun.into();
        self
    }

    /// The parameter whose value names the item in lookup errors (default `name`).
    pub fn name_key(mut self, key: &'static str) -> Self {
        self.name_key = key;
        self
    }

    /// Sets a query parameter, replacing the earlier values of the same key.
    pub fn param(mut self, key: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        match self.params.iter().position(|(k, _)| k == key) {
            Some(at) => {
                self.params[at].1 = value;
                let mut seen = 0;
                self.params.retain(|(k, _)| {
                    k != key || {
                        seen += 1;
                        seen == 1
                    }
                });
            }
            None => self.params.push((key.to_owned(), value)),
        }
        self
    }

    /// Sets a repeated query parameter: one `key=value` per value (none when empty), replacing
    /// the earlier values.
    pub fn params<V: ToString>(mut self, key: &str, values: impl IntoIterator<Item = V>) -> Self {
        self = self.remove(key);
        for value in values {
            self.params.push((key.to_owned(), value.to_string()));
        }
        self
    }

    /// Sets or, with `None`, removes a query parameter.
    pub fn param_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.param(key, value),
            None => self.remove(key),
        }
    }

    /// Removes a query parameter.
    pub fn remove(mut self, key: &str) -> Self {
        self.params.retain(|(k, _)| k != key);
        self
    }

    /// Adds a free filter (several of one key are sent in order); it replaces a parameter of
    /// the same key, and a key the list manages ([`ListClient::RESERVED`]) is refused.
    pub fn filter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        if C::RESERVED.contains(&key.as_str()) {
            return self.reject(format!(
                "`{key}` cannot be a filter: use `limit` and `page_size` (the pages and fields are managed by the client)"
            ));
        }
        self = self.remove(&key);
        self.filters.push((key, value.into()));
        self
    }

    /// Records a refused argument (the first one is reported).
    pub fn reject(mut self, message: impl Into<String>) -> Self {
        self.invalid.get_or_insert_with(|| message.into());
        self
    }

    /// Records the refusal of a platform check, if it failed.
    pub fn check<E: PlatformError + fmt::Display>(self, checked: Result<(), E>) -> Self {
        match checked {
            Ok(()) => self,
            Err(e) => {
                let message = match e.core_error() {
                    Some(Error::InvalidInput { message }) => message.clone(),
                    _ => e.to_string(),
                };
                self.reject(message)
            }
        }
    }

    /// Refuses `limit(0)` with `message` (by default it yields nothing and sends nothing).
    pub fn refuse_zero_limit(mut self, message: &'static str) -> Self {
        self.zero_limit = Some(message);
        self
    }

    /// Runs `finish` on every item the terminals return.
    pub fn finish_with(mut self, finish: impl Fn(&mut T) + Send + Sync + 'static) -> Self {
        self.finish = Some(Arc::new(finish));
        self
    }

    /// The value of a query parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The shared knobs.
    pub fn options(&self) -> &ListOptions {
        &self.opts
    }

    /// The shared knobs, to change.
    pub fn options_mut(&mut self) -> &mut ListOptions {
        &mut self.opts
    }

    /// The client the list is sent with.
    pub fn client(&self) -> &'c C {
        self.client
    }

    /// The first request, or the first refused argument.
    pub fn request(&self) -> Result<Request> {
        if let Some(message) = &self.invalid {
            return Err(Error::invalid_input(message.clone()));
        }
        self.opts.check()?;
        if let (Some(message), Some(0)) = (self.zero_limit, self.opts.limit) {
            return Err(Error::invalid_input(message));
        }
        let mut request = Request::get(&self.path);
        let mut rest_done = false;
        for key in self.layout {
            if *key == "*" {
                request = self.rest(request);
                rest_done = true;
            } else {
                for (k, v) in self.params.iter().filter(|(k, _)| k == key) {
                    request = request.query(k, v);
                }
            }
        }
        if !rest_done {
            request = self.rest(request);
        }
        Ok(request)
    }

    /// The parameters the layout does not name, then the free filters.
    fn rest(&self, mut request: Request) -> Request {
        let unnamed = self
            .params
            .iter()
            .filter(|(k, _)| !self.layout.contains(&k.as_str()));
        for (k, v) in unnamed.chain(&self.filters) {
            request = request.query(k, v);
        }
        request
    }

    /// What a lookup looks for: `team named `x``, `team with id 3`, `team matching the filters`.
    pub fn what(&self) -> String {
        match (self.get(self.name_key), self.get("id")) {
            (Some(name), _) => format!("{} named `{name}`", self.noun),
            (None, Some(id)) => format!("{} with id {id}", self.noun),
            (None, None) => format!("{} matching the filters", self.noun),
        }
    }

    /// Applies the finishing work to one item.
    pub fn finish(&self, item: &mut T) {
        if let Some(finish) = &self.finish {
            finish(item);
        }
    }
}

impl<C: ListClient, T: ListItem> ListRequest<'_, C, T> {
    fn paginator(&self, opts: &ListOptions) -> Result<Paginator<T>> {
        let request = self.request()?;
        let size = opts.effective_page_size(self.client.page_size());
        Ok(opts.apply(self.client.paginator(request, size, opts)))
    }

    /// Every item, page after page, in bounded memory, stopping at exactly the limit.
    pub fn stream(&self) -> ResultStream<T, C::Error> {
        self.stream_with(&self.opts)
    }

    fn stream_with(&self, opts: &ListOptions) -> ResultStream<T, C::Error> {
        self.pages_with(opts)
            .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    /// The pages instead of the items (with the total when the server tells).
    pub fn pages(&self) -> ResultStream<Page<T>, C::Error> {
        self.pages_with(&self.opts)
    }

    fn pages_with(&self, opts: &ListOptions) -> ResultStream<Page<T>, C::Error> {
        match self.paginator(opts) {
            Err(e) => failed(C::Error::from(e)),
            Ok(paginator) => {
                let finish = self.finish.clone();
                paginator
                    .pages()
                    .map_err(C::Error::from)
                    .map_ok(move |mut page| {
                        if let Some(finish) = &finish {
                            page.items.iter_mut().for_each(|item| finish(item));
                        }
                        page
                    })
                    .boxed()
            }
        }
    }

    /// Every matching item (memory grows with the total; prefer [`Self::stream`]).
    pub async fn all(&self) -> Result<Vec<T>, C::Error> {
        self.stream().try_collect().await
    }

    /// The first item, if any (one item is asked for).
    pub async fn first(&self) -> Result<Option<T>, C::Error> {
        let mut one = self.opts;
        one.limit = Some(1);
        self.stream_with(&one).try_next().await
    }

    /// The one match: the platform's "not found" when none, "multiple found" when several (one
    /// page of two items is asked for; the count comes from the total when the server tells).
    pub async fn one(&self) -> Result<T, C::Error> {
        let two = ListOptions {
            limit: Some(2),
            page_size: Some(2),
            prefetch: 0,
            concurrency: 1,
        };
        let page = self.pages_with(&two).try_next().await?;
        let (items, total) = page.map_or((Vec::new(), None), |p| (p.items, p.total));
        match Lookup::of_page(items, total) {
            Lookup::One(item) => Ok(item),
            Lookup::None => Err(self.client.not_found(self.what())),
            Lookup::Many(count) => Err(self.client.multiple_found(self.what(), count)),
        }
    }
}

/// Declares a platform's public list type, a wrapper around [`ListRequest`] with the shared
/// setters (`filter`, `limit`, `page_size`, `prefetch`, `concurrency`) and terminals (`stream`,
/// `pages`, `all`, `first`, `one`), plus the crate-private `new`, `with` and `inner` for the
/// resources' filters:
///
/// ```ignore
/// platform_client_core::list_type! {
///     /// A list request; narrow it with the filters of its resource.
///     pub struct List for crate::KechainClient, crate::Error;
/// }
/// ```
#[macro_export]
macro_rules! list_type {
    ($(#[$meta:meta])* $vis:vis struct $name:ident for $client:ty, $error:ty;) => {
        $(#[$meta])*
        #[must_use = "a list does nothing until streamed, collected or narrowed to one"]
        $vis struct $name<'c, T>($crate::pagination::ListRequest<'c, $client, T>);

        impl<T> ::std::clone::Clone for $name<'_, T> {
            fn clone(&self) -> Self {
                $name(self.0.clone())
            }
        }

        impl<T> ::std::fmt::Debug for $name<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        #[allow(dead_code)]
        impl<'c, T> $name<'c, T> {
            /// A list of `path`; `noun` names one item in lookup errors.
            pub(crate) fn new(
                client: &'c $client,
                path: impl Into<String>,
                noun: impl Into<::std::borrow::Cow<'static, str>>,
            ) -> Self {
                $name($crate::pagination::ListRequest::new(client, path, noun))
            }

            /// Changes the inner request.
            pub(crate) fn with(
                self,
                f: impl FnOnce(
                    $crate::pagination::ListRequest<'c, $client, T>,
                ) -> $crate::pagination::ListRequest<'c, $client, T>,
            ) -> Self {
                $name(f(self.0))
            }

            /// The inner request.
            pub(crate) fn inner(&self) -> &$crate::pagination::ListRequest<'c, $client, T> {
                &self.0
            }

            /// Any other server-side filter (several of one key are sent in order).
            pub fn filter(self, key: impl Into<String>, value: impl Into<String>) -> Self {
                $name(self.0.filter(key, value))
            }

            /// Yields at most `n` items in all; no page beyond them is requested.
            pub fn limit(mut self, n: u64) -> Self {
                self.0.options_mut().limit = Some(n);
                self
            }

            /// Items per request (default: the client's page size); 0 is refused when the list
            /// is sent.
            pub fn page_size(mut self, n: u64) -> Self {
                self.0.options_mut().page_size = Some(n);
                self
            }

            /// Lets the stream fetch up to `n` pages ahead of the consumer (default 0); at most
            /// `n + 1` pages are held.
            pub fn prefetch(mut self, n: usize) -> Self {
                self.0.options_mut().prefetch = n;
                self
            }

            /// Requests up to `n` pages at once (default 1), the first `n` together and the
            /// rest once the first page told the total; items still come in order.
            pub fn concurrency(mut self, n: usize) -> Self {
                self.0.options_mut().concurrency = n;
                self
            }
        }

        impl<T: $crate::pagination::ListItem> $name<'_, T> {
            /// Every item, page after page, in bounded memory, stopping at exactly the limit.
            pub fn stream(&self) -> $crate::pagination::ResultStream<T, $error> {
                self.0.stream()
            }

            /// The pages instead of the items (with the total when the server tells).
            pub fn pages(
                &self,
            ) -> $crate::pagination::ResultStream<$crate::pagination::Page<T>, $error> {
                self.0.pages()
            }

            /// Every matching item (memory grows with the total; prefer `stream`).
            pub async fn all(&self) -> ::std::result::Result<Vec<T>, $error> {
                self.0.all().await
            }

            /// The first item, if any (one item is asked for).
            pub async fn first(&self) -> ::std::result::Result<Option<T>, $error> {
                self.0.first().await
            }

            /// The one match: a "not found" error when none, "multiple found" when several.
            pub async fn one(&self) -> ::std::result::Result<T, $error> {
                self.0.one().await
            }
        }
    };
}
