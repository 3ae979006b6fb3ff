//! [`GraphQlList`]: an entity listing over a GraphQL connection, paged by cursor
//! (`first`/`after`, `pageInfo.endCursor`, `hasNextPage`) on the shared paginator.

use std::marker::PhantomData;
use std::sync::Arc;

use futures_util::{StreamExt, TryStreamExt, stream};
use platform_client_core::pagination::{ResultStream, failed};
use platform_client_core::{ListOptions, PageData, Paginator, Request, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::query::Query;

/// Decides on the client which listed items are kept (filters GraphQL has no argument for).
type Keep<T> = Arc<dyn Fn(&T) -> bool + Send + Sync>;

/// A listing over a GraphQL connection: set filters with the entity's methods, the fields with
/// [`Self::fields`], then [`Self::stream`] (every item, page after page, in bounded memory),
/// [`Self::all`], [`Self::first`] or [`Self::one`]. An invalid filter argument is reported by
/// them, before anything is sent; an empty id or name list matches nothing (nothing is sent).
#[must_use = "nothing is sent until `stream`, `all`, `first` or `one` is used"]
pub struct GraphQlList<'c, T> {
    client: &'c AyonClient,
    query: Query,
    noun: &'static str,
    defaults: &'static [&'static str],
    fields: Option<Vec<String>>,
    required: Vec<&'static str>,
    keep: Vec<(&'static str, Keep<T>)>,
    /// The variables whose list is empty: the listing matches nothing.
    nothing: Vec<String>,
    /// The `active` filter (applied by a client-side rule).
    active: Option<bool>,
    error: Option<String>,
    options: ListOptions,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for GraphQlList<'_, T> {
    fn clone(&self) -> Self {
        GraphQlList {
            client: self.client,
            query: self.query.clone(),
            noun: self.noun,
            defaults: self.defaults,
            fields: self.fields.clone(),
            required: self.required.clone(),
            keep: self.keep.clone(),
            nothing: self.nothing.clone(),
            active: self.active,
            error: self.error.clone(),
            options: self.options,
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for GraphQlList<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphQlList")
            .field("operation", &self.query.operation())
            .field("variables", &self.query.variables())
            .field("fields", &self.fields)
            .field("options", &self.options)
            .field("refused", &self.error)
            .finish_non_exhaustive()
    }
}

impl<'c, T> GraphQlList<'c, T> {
    /// A listing of `query`'s connection, selecting `defaults` unless told otherwise.
    pub(crate) fn new(
        client: &'c AyonClient,
        query: Query,
        noun: &'static str,
        defaults: &'static [&'static str],
    ) -> Self {
        GraphQlList {
            client,
            query,
            noun,
            defaults,
            fields: None,
            required: Vec::new(),
            keep: Vec::new(),
            nothing: Vec::new(),
            active: None,
            error: None,
            options: ListOptions::default(),
            _item: PhantomData,
        }
    }

    /// Changes the query (a filter).
    pub(crate) fn map_query(mut self, change: impl FnOnce(Query) -> Query) -> Self {
        self.query = change(self.query);
        self
    }

    /// A list filter `arg: $variable` of type `[String!]`: an empty list matches nothing.
    pub(crate) fn strings<S: Into<String>>(
        self,
        arg: &'static str,
        variable: &str,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        let mut list = self;
        list.nothing.retain(|v| v != variable);
        if values.is_empty() {
            list.nothing.push(variable.to_owned());
        }
        if let Some(blank) = values.iter().find(|v| v.trim().is_empty()) {
            list = list.reject(format!("`{arg}` holds a blank value {blank:?}"));
        }
        list.map_query(|q| q.arg_var(arg, variable, "[String!]", json!(values)))
    }

    /// A list of entity ids (32 hex; dashed UUIDs accepted and converted).
    pub(crate) fn ids_filter<S: AsRef<str>>(
        self,
        arg: &'static str,
        variable: &str,
        ids: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut checked = Vec::new();
        let mut list = self;
        for id in ids {
            match super::entity_id(arg, id.as_ref()) {
                Ok(id) => checked.push(id),
                Err(e) => list = list.reject(e.to_string()),
            }
        }
        list.strings(arg, variable, checked)
    }

    /// A list filter of any item type (`[Int!]`, ...): an empty list matches nothing.
    pub(crate) fn list_of(
        mut self,
        arg: &'static str,
        variable: &str,
        ty: &'static str,
        values: Vec<Value>,
    ) -> Self {
        self.nothing.retain(|v| v != variable);
        if values.is_empty() {
            self.nothing.push(variable.to_owned());
        }
        self.scalar(arg, variable, ty, Value::Array(values))
    }

    /// A scalar filter `arg: $variable` of type `ty`.
    pub(crate) fn scalar(
        self,
        arg: &'static str,
        variable: &str,
        ty: &'static str,
        value: Value,
    ) -> Self {
        self.map_query(|q| q.arg_var(arg, variable, ty, value))
    }

    /// A text filter (a regular expression, a name pattern); blank text is refused.
    pub(crate) fn text(self, arg: &'static str, variable: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        let list = if value.trim().is_empty() {
            self.reject(format!("`{arg}` is empty"))
        } else {
            self
        };
        list.scalar(arg, variable, "String", json!(value))
    }

    /// Keeps only the items `keep` accepts (replacing an earlier rule of the same `name`),
    /// selecting `needs` so that it can tell.
    pub(crate) fn keep(
        mut self,
        name: &'static str,
        needs: &'static str,
        keep: impl Fn(&T) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.keep.retain(|(n, _)| *n != name);
        self.required.push(needs);
        self.keep.push((name, Arc::new(keep)));
        self
    }

    /// Drops the client-side rule `name`.
    pub(crate) fn unkeep(mut self, name: &'static str) -> Self {
        self.keep.retain(|(n, _)| *n != name);
        self
    }

    /// Refuses the listing with `message` (reported by the terminals, nothing is sent).
    pub(crate) fn reject(mut self, message: impl Into<String>) -> Self {
        self.error.get_or_insert(message.into());
        self
    }

    /// Reports `checked`'s error by the terminals.
    pub(crate) fn check(self, checked: Result<()>) -> Self {
        match checked {
            Ok(()) => self,
            Err(e) => self.reject(e.to_string()),
        }
    }

    /// Always selects `field` (the client needs it).
    pub(crate) fn require(mut self, field: &'static str) -> Self {
        self.required.push(field);
        self
    }

    /// The fields to select, dotted (`id`, `name`, `attrib.fps`, `files.path`); the entity's
    /// defaults when not called. `attrib` alone selects every attribute (as `allAttrib`).
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        let fields: Vec<String> = fields.into_iter().map(Into::into).collect();
        if fields.iter().any(|f| {
            f.trim().is_empty()
                || !f.split('.').all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
        }) {
            return self.reject("`fields` holds a name that is not a dotted GraphQL field name");
        }
        self.fields = Some(fields);
        self
    }

    /// Items in total (`None`: all of them).
    pub fn limit(mut self, n: u64) -> Self {
        self.options.limit = Some(n);
        self
    }

    /// Items per request (default: the client's page size, 300).
    pub fn page_size(mut self, n: u64) -> Self {
        self.options.page_size = Some(n);
        self
    }

    /// Pages fetched ahead of the consumer (0: on demand). Cursor pages come one after the
    /// other, so this is how a GraphQL listing overlaps the network and the consumer.
    pub fn prefetch(mut self, n: usize) -> Self {
        self.options.prefetch = n;
        self
    }

    /// The query this listing sends for its first page (for logs and tests).
    pub fn query_text(&self) -> String {
        self.final_query().text(self.page_first(), None)
    }

    fn page_first(&self) -> u64 {
        let size = self
            .options
            .page_size
            .unwrap_or(self.client.page_size)
            .max(1);
        match (self.keep.is_empty(), self.options.limit) {
            (true, Some(limit)) => size.min(limit.max(1)),
            _ => size,
        }
    }

    fn final_query(&self) -> Query {
        let mut query = self.query.clone();
        match &self.fields {
            Some(fields) if !fields.is_empty() => {
                for field in fields {
                    query.fields.add_field(field);
                }
            }
            _ => {
                for field in self.defaults {
                    query.fields.add(field);
                }
            }
        }
        for field in &self.required {
            query.fields.add(field);
        }
        query
    }
}

impl<T: crate::models::Entity + 'static> GraphQlList<'_, T> {
    /// Only active (`Some(true)`), only inactive (`Some(false)`) or all (`None`) entities,
    /// told apart on the client as the reference does (GraphQL has no such filter).
    pub fn active(mut self, active: Option<bool>) -> Self {
        self.active = active;
        match active {
            None => self.unkeep("active"),
            Some(wanted) => self.keep("active", "active", move |item: &T| {
                item.is_active().unwrap_or(true) == wanted
            }),
        }
    }
}

impl<'c, T> GraphQlList<'c, T> {
    /// Decodes every node into your own type `U` instead (only the fields you select need to
    /// be in it: less to decode and to keep), with the same filters, fields and options. The
    /// `active` filter carries over (`U` says whether an item is active); call it before the
    /// entity's own client-side filters (`names_by_folder_ids`, `without_heroes`, ...), which
    /// are typed on the entity.
    pub fn into_type<U: crate::models::Entity + 'static>(self) -> GraphQlList<'c, U> {
        let typed_rules = self.keep.iter().any(|(name, _)| *name != "active");
        let list = GraphQlList {
            client: self.client,
            query: self.query,
            noun: self.noun,
            defaults: self.defaults,
            fields: self.fields,
            required: self.required,
            keep: Vec::new(),
            nothing: self.nothing,
            active: None,
            error: self.error,
            options: self.options,
            _item: PhantomData,
        };
        let list = if typed_rules {
            list.reject("`into_type` comes before the entity's client-side filters")
        } else {
            list
        };
        list.active(self.active)
    }
}

impl<T: DeserializeOwned + crate::models::Entity + Send + 'static> GraphQlList<'_, T> {
    /// Every item, page after page, in bounded memory (at most `prefetch + 1` pages alive),
    /// stopping at the limit.
    pub fn stream(&self) -> ResultStream<T, Error> {
        if let Some(message) = &self.error {
            return failed(Error::invalid(message.clone()));
        }
        if let Err(e) = self.options.check() {
            return failed(Error::from(e));
        }
        if !self.nothing.is_empty() || self.options.limit == Some(0) {
            return stream::empty().boxed();
        }
        let http = match self.client.authed() {
            Ok(http) => http,
            Err(e) => return failed(e),
        };
        let query = Arc::new(self.final_query());
        let first = self.page_first();
        let path: Arc<[&'static str]> = query.data_path().collect();
        let operation = query.operation();
        let decoder = Arc::new(move |response: &Response| connection_page(response, &path));
        let builder = Arc::clone(&query);
        let paginator: Paginator<T> = Paginator::try_cursor(
            &http,
            // A query reads: re-sending it after a timeout or a 502-504 is safe.
            move |after| {
                Ok(Request::post("graphql")
                    .json(&builder.body(first, after))?
                    .retry_safe(true))
            },
            decoder,
        );
        let mut options = self.options;
        let limit = options.limit.take();
        let keep = self.keep.clone();
        let mut paginator = options.apply(paginator);
        if keep.is_empty()
            && let Some(limit) = limit
        {
            paginator = paginator.limit(limit);
        }
        let items = paginator
            .pages()
            .map_err(move |e| with_operation(Error::from(e), operation))
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .try_filter(move |item| {
                let kept = keep.iter().all(|(_, k)| k(item));
                async move { kept }
            });
        match limit {
            Some(limit) => items
                .take(usize::try_from(limit).unwrap_or(usize::MAX))
                .boxed(),
            None => items.boxed(),
        }
    }

    /// Every item in a `Vec`.
    pub async fn all(&self) -> Result<Vec<T>> {
        self.stream().try_collect().await
    }

    /// The first item, if any (one small page is asked for).
    pub async fn first(&self) -> Result<Option<T>> {
        let mut stream = self.clone().limit(1).stream();
        stream.try_next().await
    }

    /// Exactly one item: [`Error::NotFound`] when none matches, [`Error::MultipleFound`] when
    /// several do.
    pub async fn one(&self) -> Result<T> {
        let mut items: Vec<T> = self.clone().limit(2).all().await?;
        match items.len() {
            0 => Err(Error::not_found(format!(
                "no {} matches the filters",
                self.noun
            ))),
            1 => Ok(items.remove(0)),
            n => Err(Error::MultipleFound {
                what: format!("{} filters", self.noun),
                count: n as u64,
            }),
        }
    }
}

/// Names the operation in a GraphQL failure.
pub(crate) fn with_operation(error: Error, operation: &'static str) -> Error {
    match error {
        Error::GraphQl(mut failed) => {
            failed.operation = Some(operation.to_owned());
            Error::GraphQl(failed)
        }
        other => other,
    }
}

/// Reads one connection page, typed in one pass: `data.<path>` (`null` anywhere on the way:
/// an empty page, e.g. an unknown project), its `edges[].node` and `pageInfo`.
fn connection_page<T: DeserializeOwned + crate::models::Entity>(
    response: &Response,
    path: &[&'static str],
) -> platform_client_core::Result<PageData<T>> {
    let mut route = vec!["data"];
    route.extend_from_slice(path);
    let page: Option<Connection<T>> = platform_client_core::decode_seed(
        response.bytes(),
        response.url(),
        Descend::<T>::new(&route),
    )?;
    let Some(page) = page else {
        return Ok(PageData {
            items: Vec::new(),
            total: None,
            next: None,
        });
    };
    let mut items = page.edges;
    items.iter_mut().for_each(crate::models::Entity::finish);
    let next = page
        .page_info
        .filter(|info| info.has_next_page)
        .and_then(|info| info.end_cursor);
    Ok(PageData {
        items,
        total: None,
        next,
    })
}

/// A connection: the nodes of its edges and `pageInfo`.
#[derive(serde::Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct Connection<T> {
    #[serde(default = "Vec::new", deserialize_with = "nodes")]
    edges: Vec<T>,
    #[serde(default, rename = "pageInfo")]
    page_info: Option<PageInfo>,
}

/// An edge: `{"node": ...}`.
#[derive(serde::Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct Edge<T> {
    node: T,
}

/// `edges` straight into the nodes, one vector (`null` as none).
fn nodes<'de, D: serde::Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    struct Nodes<T>(PhantomData<fn() -> T>);
    impl<'de, T: DeserializeOwned> serde::de::Visitor<'de> for Nodes<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of edges")
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut nodes = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(edge) = seq.next_element::<Edge<T>>()? {
                nodes.push(edge.node);
            }
            Ok(nodes)
        }
    }
    deserializer.deserialize_any(Nodes(PhantomData))
}

#[derive(serde::Deserialize)]
struct PageInfo {
    #[serde(default, rename = "endCursor")]
    end_cursor: Option<String>,
    #[serde(default, rename = "hasNextPage")]
    has_next_page: bool,
}

/// Descends through the keys of `route` (skipping every other key without decoding it) to the
/// connection at its end; `None` where a value on the way is `null` or missing.
struct Descend<'r, T> {
    route: &'r [&'static str],
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for Descend<'_, T> {
    fn clone(&self) -> Self {
        Descend {
            route: self.route,
            _item: PhantomData,
        }
    }
}

impl<'r, T> Descend<'r, T> {
    fn new(route: &'r [&'static str]) -> Self {
        Descend {
            route,
            _item: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> serde::de::DeserializeSeed<'de> for Descend<'_, T> {
    type Value = Option<Connection<T>>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        match self.route.split_first() {
            None => <Option<Connection<T>> as serde::Deserialize>::deserialize(deserializer),
            Some(_) => deserializer.deserialize_option(self),
        }
    }
}

impl<'de, T: DeserializeOwned> serde::de::Visitor<'de> for Descend<'_, T> {
    type Value = Option<Connection<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an object holding `{}`", self.route.join("."))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some((key, rest)) = self.route.split_first() else {
            return Ok(None);
        };
        let mut found = None;
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if name == *key && found.is_none() {
                found = map.next_value_seed(Descend::<T>::new(rest))?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}
