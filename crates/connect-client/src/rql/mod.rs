//! RQL: the resource query language of Connect.
//!
//! [`R`] builds a query the way Python's `connect.client.R` does, and its [`Display`](fmt::Display)
//! renders the same string: `R(status__in=('draft', 'published'))` is
//! `R::kwargs([("status__in", RqlValue::list(["draft", "published"]))])`, and both render
//! `in(status,(draft,published))`.
//!
//! ```
//! use connect_client::rql::{R, RqlValue};
//!
//! // A field path and an operator: R().asset.id.eq('value')
//! assert_eq!(R::new().n("asset").n("id").eq("value").to_string(), "eq(asset.id,value)");
//!
//! // Keyword lookups, `field__op`: R(id='ID', status__in=('a', 'b'), ok=True)
//! let r = R::kwargs([
//!     ("id", RqlValue::from("ID")),
//!     ("status__in", RqlValue::list(["a", "b"])),
//!     ("ok", true.into()),
//! ]);
//! assert_eq!(r.to_string(), "and(eq(id,ID),in(status,(a,b)),eq(ok,true))");
//!
//! // Composition: `&` binds tighter than `|`, `!` negates.
//! let r = R::kwargs([("id", "ID")]) & R::kwargs([("field", "value")])
//!     | !R::kwargs([("other", "value2")]);
//! assert_eq!(r.to_string(), "or(and(eq(id,ID),eq(field,value)),not(eq(other,value2)))");
//!
//! // The empty query is the identity of `&` and `|`.
//! assert!(R::new().is_empty());
//! assert_eq!((R::new() & R::expr("eq(a,1)")).to_string(), "eq(a,1)");
//! ```
//!
//! # Display versus the URL
//!
//! [`Display`](fmt::Display) is the human-readable form, identical to the Python client's string
//! (values verbatim, never quoted). It is what logs and golden tests compare. It is **not** what
//! goes into a URL: a value holding `,`, `(`, `)`, `&`, `=`, `#`, spaces or non-ASCII text would
//! corrupt the query there (the Python client sends `eq(name,a&b=c#d)` raw, and the server
//! reads a different query). [`R::to_query_component`] gives the form to put verbatim into the
//! URL's query string: values the RQL grammar cannot take bare are RQL-quoted, then everything
//! is percent-encoded. The server percent-decodes the query string and strips the quotes, so
//! every value arrives exactly as given.
//!
//! ```
//! use connect_client::rql::R;
//!
//! let r = R::new().n("name").eq("a&b=c#d");
//! assert_eq!(r.to_string(), "eq(name,a&b=c#d)");
//! assert_eq!(r.to_query_component(), "eq(name,%22a%26b%3Dc%23d%22)"); // eq(name,"a&b=c#d")
//! ```
//!
//! # Differences from the Python client
//!
//! Deliberate, where the Python behaviour is a bug:
//!
//! - `!R::new()` is the empty query (Python: `not(and())`, which the server rejects).
//! - `!!r == r`: double negation cancels (Python: `~~R(a=1)` stays `not(eq(a,1))`).
//! - Negation survives composition with an empty or equal query (Python drops it:
//!   `~R(a=1) & R()` renders `eq(a,1)`).
//! - `.null()` / `.empty()` take a `bool` (Python uses the truthiness of any value); the keyword
//!   forms `field__null` / `field__empty` give `eq` for `true` and for text reading `true`
//!   (ASCII case-insensitive), `ne` otherwise (Python: `eq` only for the object `True`).
//! - Children are de-duplicated also when a nested `and` / `or` is flattened:
//!   `R(a=1) & (R(a=1) & R(b=2))` is `and(eq(a,1),eq(b,2))` (Python repeats `eq(a,1)`).
//! - Lists in `in` / `out` may hold any values (Python: strings only); a list given to a scalar
//!   operator renders `(v1,v2)` and a scalar given to `in` / `out` renders `(v)` (Python raises
//!   `TypeError`). Nothing here panics.
//! - An operator after an operator reuses the field and AND-s: `n("a").ge(1).le(5)` is
//!   `and(ge(a,1),le(a,5))` (Python overwrites with `le(a,5)`); `.n()` after an operator starts a
//!   new field (Python raises `AttributeError('Already evaluated')`). Empty path segments
//!   (`n("a..b")`, `n("")`) are skipped.
//! - Values reach the server intact via [`R::to_query_component`] (Python sends them raw, and
//!   `requests` re-quotes the URL: a `%20` typed into a raw expression reaches the server as a
//!   space there, while here every `%` is literal and travels as `%25`).
//!
//! Kept for parity although unusual: `!(a | b)` renders `not(and(or(…)))`, and keyword lookups
//! whose last part is not an operator become path segments (`field__nested` is `field.nested`).

mod ops;
mod tree;
mod value;
mod wire;

use std::fmt;
use std::hash::{Hash, Hasher};

use tree::{Arg, Expr, Node, collapse, join, parse_kwarg, push_unique, render};
pub use value::RqlValue;

/// An RQL query under construction: empty, one expression, or an `and` / `or` / `not` of queries.
///
/// Build it with [`R::new`] + [`R::n`] + an operator, with [`R::kwargs`], or with [`R::expr`];
/// combine with `&`, `|` and `!` (on values and on references). Equality and hashing are
/// structural on the query (a field path without an operator is not part of it).
///
/// ```
/// use connect_client::rql::R;
///
/// let base = R::new().n("status").eq("active");
/// let r = &base & &R::new().n("price").ge(10).le(20);
/// assert_eq!(r.to_string(), "and(eq(status,active),ge(price,10),le(price,20))");
/// ```
#[derive(Clone, Debug, Default)]
pub struct R {
    node: Node,
    path: Vec<String>,
    /// The path belongs to an operator already applied: the next [`R::n`] starts a new one.
    sealed: bool,
}

impl R {
    /// The empty query: renders `""`, and is the identity of `&` and `|`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A raw RQL expression, rendered verbatim, like Python's `R(_expr='eq(a,b)')` (an empty
    /// string gives the empty query).
    ///
    /// Write it as the server should read it: quoting values inside it is up to the caller, and
    /// [`R::to_query_component`] only percent-encodes it, so a `%` in it is a literal percent
    /// sign (sent as `%25`), not the start of an escape.
    ///
    /// ```
    /// use connect_client::rql::R;
    ///
    /// let r = R::expr("eq(field,value)") & R::expr("eq(another.field,value2)");
    /// assert_eq!(r.to_string(), "and(eq(field,value),eq(another.field,value2))");
    /// ```
    pub fn expr(expr: impl Into<String>) -> Self {
        let expr = expr.into();
        if expr.is_empty() {
            return Self::new();
        }
        Self::from_node(Node::Expr(Expr::Raw(expr)))
    }

    /// Keyword lookups, like Python's `R(**kwargs)`, AND-ed in the given order.
    ///
    /// Each key is split on `__`. A single part is a field compared with `eq`. When the last part
    /// is an operator (`eq ne lt le gt ge like ilike in out null empty`), it applies to the
    /// field made of the other parts joined with `.`; `in` / `out` take a list. `null` / `empty`
    /// give `eq(field,null())` for `true` and `ne(field,null())` otherwise. Any other last part
    /// is a path segment: `field__nested` compares `field.nested` with `eq`. (Python's `_expr`
    /// argument is [`R::expr`]; here `_expr` is just a field name.)
    ///
    /// ```
    /// use connect_client::rql::{R, RqlValue};
    ///
    /// let r = R::kwargs([("a__b__c__in", RqlValue::list(["x"]))]);
    /// assert_eq!(r.to_string(), "in(a.b.c,(x))");
    /// let r = R::kwargs([("field__null", true), ("other__empty", false)]);
    /// assert_eq!(r.to_string(), "and(eq(field,null()),ne(other,empty()))");
    /// ```
    pub fn kwargs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<RqlValue>,
    {
        let mut children = Vec::new();
        for (key, value) in pairs {
            let expr = parse_kwarg(key.as_ref(), value.into());
            push_unique(&mut children, Node::Expr(expr));
        }
        Self::from_node(collapse(children, true))
    }

    /// Appends a field path, split on `.` (`n("a.b")` then `n("c")` is the path `a.b.c`).
    /// After an operator, it starts a new path instead.
    pub fn n(mut self, name: impl AsRef<str>) -> Self {
        if self.sealed {
            self.path.clear();
            self.sealed = false;
        }
        let segments = name.as_ref().split('.').filter(|s| !s.is_empty());
        self.path.extend(segments.map(str::to_owned));
        self
    }

    /// `eq(field,value)`: equal.
    pub fn eq(self, value: impl Into<RqlValue>) -> Self {
        self.apply("eq", Arg::Value(value.into()))
    }

    /// `ne(field,value)`: not equal.
    pub fn ne(self, value: impl Into<RqlValue>) -> Self {
        self.apply("ne", Arg::Value(value.into()))
    }

    /// `lt(field,value)`: less than.
    pub fn lt(self, value: impl Into<RqlValue>) -> Self {
        self.apply("lt", Arg::Value(value.into()))
    }

    /// `le(field,value)`: less than or equal.
    pub fn le(self, value: impl Into<RqlValue>) -> Self {
        self.apply("le", Arg::Value(value.into()))
    }

    /// `gt(field,value)`: greater than.
    pub fn gt(self, value: impl Into<RqlValue>) -> Self {
        self.apply("gt", Arg::Value(value.into()))
    }

    /// `ge(field,value)`: greater than or equal.
    pub fn ge(self, value: impl Into<RqlValue>) -> Self {
        self.apply("ge", Arg::Value(value.into()))
    }

    /// `like(field,pattern)`: case-sensitive match, `*` is the wildcard (`*value*`).
    pub fn like(self, pattern: impl Into<RqlValue>) -> Self {
        self.apply("like", Arg::Value(pattern.into()))
    }

    /// `ilike(field,pattern)`: case-insensitive match, `*` is the wildcard.
    pub fn ilike(self, pattern: impl Into<RqlValue>) -> Self {
        self.apply("ilike", Arg::Value(pattern.into()))
    }

    /// `in(field,(v1,v2))`: one of the values.
    pub fn in_<I, V>(self, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<RqlValue>,
    {
        self.apply("in", Arg::Value(RqlValue::list(values)))
    }

    /// `in(field,(v1,v2))`: the same as [`R::in_`].
    pub fn oneof<I, V>(self, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<RqlValue>,
    {
        self.in_(values)
    }

    /// `out(field,(v1,v2))`: none of the values.
    pub fn out<I, V>(self, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<RqlValue>,
    {
        self.apply("out", Arg::Value(RqlValue::list(values)))
    }

    /// `eq(field,null())` when `is_null`, else `ne(field,null())`.
    pub fn null(self, is_null: bool) -> Self {
        self.apply(if is_null { "eq" } else { "ne" }, Arg::Constant("null()"))
    }

    /// `eq(field,empty())` when `is_empty`, else `ne(field,empty())`.
    pub fn empty(self, is_empty: bool) -> Self {
        self.apply(if is_empty { "eq" } else { "ne" }, Arg::Constant("empty()"))
    }

    /// Whether this is the empty query (renders `""`).
    pub fn is_empty(&self) -> bool {
        self.node == Node::Empty
    }

    /// The query for a URL: put it verbatim into the query string (`?{component}&limit=…`),
    /// never through `key=value` form encoding.
    ///
    /// Values the RQL grammar cannot take bare (anything but ASCII letters, digits and
    /// `_ - * + \ . : @`; also the empty string) are quoted, `"…"` or `'…'` when the value holds
    /// a `"`; text that already is one quoted RQL string, and `null()` / `empty()`, pass as they
    /// are. Then the whole text is percent-encoded, keeping only `A-Z a-z 0-9 - . _ ~` and
    /// `( ) , * : @`. The server percent-decodes the query string, parses it and strips the
    /// quotes, so every value arrives as given.
    ///
    /// What RQL cannot express at all (a value holding both `"` and `'`, a field name that is
    /// not `[A-Za-z][A-Za-z0-9_.-]*`) is sent after `%00`, so that the server rejects the query
    /// with a parse error rather than reading a different one. Raw expressions ([`R::expr`]) are
    /// only percent-encoded.
    ///
    /// ```
    /// use connect_client::rql::R;
    ///
    /// let r = R::new().n("name").in_(["x y", "a,b", "it's"]);
    /// assert_eq!(r.to_string(), "in(name,(x y,a,b,it's))");
    /// assert_eq!(r.to_query_component(), "in(name,(%22x%20y%22,%22a,b%22,%22it%27s%22))");
    /// ```
    pub fn to_query_component(&self) -> String {
        let mut text = String::new();
        render(&self.node, &mut text, true);
        wire::percent_encode(&text)
    }

    fn from_node(node: Node) -> Self {
        Self {
            node,
            ..Self::default()
        }
    }

    /// Applies an operator to the current path, AND-ing it with what is already there.
    fn apply(mut self, op: &'static str, arg: Arg) -> Self {
        let field = self.path.join(".");
        self.sealed = true;
        let expr = Node::Expr(Expr::Op { op, field, arg });
        self.node = join(std::mem::take(&mut self.node), expr, true);
        self
    }
}

impl fmt::Display for R {
    /// The human-readable RQL string, identical to the Python client's `str(R(...))`. For URLs,
    /// use [`R::to_query_component`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        render(&self.node, &mut text, false);
        f.write_str(&text)
    }
}

impl PartialEq for R {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl Eq for R {}

impl Hash for R {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.node.hash(state);
    }
}

impl From<&str> for R {
    /// A raw expression, as [`R::expr`].
    fn from(expr: &str) -> Self {
        Self::expr(expr)
    }
}

impl From<String> for R {
    /// A raw expression, as [`R::expr`].
    fn from(expr: String) -> Self {
        Self::expr(expr)
    }
}
