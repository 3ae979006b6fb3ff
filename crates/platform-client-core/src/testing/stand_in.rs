//! What every platform stand-in is made of: collections of JSON objects in memory, filters on
//! query pairs, and list answers paged the way each platform pages them.
//!
//! ```
//! use platform_client_core::testing::{Collections, Paging, select};
//! use serde_json::json;
//!
//! let mut store = Collections::default();
//! store.mount("scopes", [json!({"id": "a", "status": "ACTIVE"}), json!({"id": "b", "status": "CLOSED"})]);
//! let query = [("status".to_owned(), "ACTIVE".to_owned())];
//! let rows = store.rows("scopes");
//! let active = select(rows, &query, |_| true, |o, k, v| o.get(k).and_then(|f| f.as_str()) == Some(v));
//! assert_eq!(active.len(), 1);
//! assert!(store.position("scopes", "b").is_some());
//! assert_eq!(store.fresh_hex_id().len(), 32);
//! let _ = Paging::ContentRange;
//! ```

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::record::RequestRecord;
use super::server::MockResponse;

/// Named collections of JSON objects, each with an `id`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collections {
    map: BTreeMap<String, Vec<Value>>,
}

impl Collections {
    /// The objects of a collection, to read or change (created empty when new).
    pub fn rows(&mut self, name: &str) -> &mut Vec<Value> {
        self.map.entry(name.to_owned()).or_default()
    }

    /// Adds objects to a collection.
    pub fn mount(&mut self, name: &str, objects: impl IntoIterator<Item = Value>) {
        self.rows(name).extend(objects);
    }

    /// A copy of the objects a collection holds now.
    pub fn objects(&self, name: &str) -> Vec<Value> {
        self.map.get(name).cloned().unwrap_or_default()
    }

    /// Where the object with this id (compared as text) is in its collection.
    pub fn position(&self, name: &str, id: &str) -> Option<usize> {
        self.map.get(name)?.iter().position(|o| id_text(o) == id)
    }

    /// The object with this id.
    pub fn find(&self, name: &str, id: &str) -> Option<&Value> {
        let at = self.position(name, id)?;
        self.map.get(name)?.get(at)
    }

    /// Every object of every collection.
    pub fn all(&self) -> impl Iterator<Item = &Value> {
        self.map.values().flatten()
    }

    /// A fresh 32-hex-digit id (AYON's shape), unused in every collection: deterministic, so
    /// snapshots stay stable.
    pub fn fresh_hex_id(&self) -> String {
        let mut n = self.all().count() as u128 + 1;
        loop {
            let id = format!("{n:032x}");
            if !self.all().any(|o| id_text(o) == id) {
                return id;
            }
            n += 1;
        }
    }

    /// The largest numeric `id` held anywhere (0 when none): a base for fresh numeric ids.
    pub fn max_numeric_id(&self) -> u64 {
        self.all()
            .filter_map(|o| o.get("id").and_then(Value::as_u64))
            .max()
            .unwrap_or(0)
    }
}

/// An object's `id` as text (strings bare, numbers in decimal; empty when absent).
pub fn id_text(object: &Value) -> String {
    match object.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A JSON value as a query string carries it: strings bare, booleans as `booleans.0` (true) and
/// `booleans.1` (false), anything else as JSON.
pub fn query_text(value: &Value, booleans: (&str, &str)) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => booleans.0.to_owned(),
        Value::Bool(false) => booleans.1.to_owned(),
        other => other.to_string(),
    }
}

/// The objects of `rows` that match every query pair whose key `is_filter`, by `matches`.
pub fn select<'v>(
    rows: &'v [Value],
    query: &[(String, String)],
    is_filter: impl Fn(&str) -> bool,
    matches: impl Fn(&Value, &str, &str) -> bool,
) -> Vec<&'v Value> {
    rows.iter()
        .filter(|o| {
            query
                .iter()
                .filter(|(k, _)| is_filter(k))
                .all(|(k, v)| matches(o, k, v))
        })
        .collect()
}

/// The cursor of the item at `index` in a GraphQL connection: base64 of `[index]`, like AYON's.
pub fn connection_cursor(index: usize) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("[{index}]"))
}

/// One page of a GraphQL connection over `matching`: `first` items (all when `None`) after the
/// item whose cursor is `after`, as `{"edges": [{"node", "cursor"}], "pageInfo": {"endCursor",
/// "hasNextPage"}}` (`endCursor` null on an empty page). An unknown cursor starts from the top.
pub fn connection_page(matching: &[&Value], first: Option<usize>, after: Option<&str>) -> Value {
    use base64::Engine as _;
    let start = after
        .and_then(|c| base64::engine::general_purpose::STANDARD.decode(c).ok())
        .and_then(|bytes| serde_json::from_slice::<[usize; 1]>(&bytes).ok())
        .map_or(0, |[i]| i + 1)
        .min(matching.len());
    let end = first.map_or(matching.len(), |n| (start + n).min(matching.len()));
    let edges: Vec<Value> = (start..end)
        .map(|i| json!({"node": matching[i], "cursor": connection_cursor(i)}))
        .collect();
    let end_cursor = (end > start).then(|| connection_cursor(end - 1));
    json!({"edges": edges, "pageInfo": {"endCursor": end_cursor, "hasNextPage": end < matching.len()}})
}

/// How a stand-in pages a list answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging<'a> {
    /// `offset`/`limit`: a JSON array with `Content-Range: items <first>-<last>/<total>`
    /// (everything when there is no `limit`).
    ContentRange,
    /// `offset`/`limit`: `{"count", "next", "previous", "results"}`, `next` an absolute link on
    /// `base` (everything under `results` when there is no `limit`).
    NextLink {
        /// The server's base URL, for the `next` links.
        base: &'a str,
    },
    /// `page`/`per_page` (1-based): `{"data", "links"}` with a `total-count` header.
    PageNumber {
        /// Items per page when the request names none.
        default_per_page: usize,
    },
}

impl Paging<'_> {
    /// The answer to a list request `record` over the `matching` objects.
    pub fn answer(&self, matching: &[&Value], record: &RequestRecord) -> MockResponse {
        let number = |k: &str| {
            record
                .query_values(k)
                .first()
                .and_then(|v| v.parse::<usize>().ok())
        };
        let total = matching.len();
        match *self {
            Paging::ContentRange => {
                let offset = number("offset").unwrap_or(0).min(total);
                let end = number("limit").map_or(total, |l| (offset + l).min(total));
                let page = &matching[offset..end];
                let range = if page.is_empty() {
                    format!("items 0-0/{total}")
                } else {
                    format!("items {offset}-{}/{total}", end - 1)
                };
                MockResponse::json(200, &page).header("Content-Range", range)
            }
            Paging::NextLink { base } => {
                let Some(limit) = number("limit") else {
                    return MockResponse::json(200, &json!({ "results": matching }));
                };
                let offset = number("offset").unwrap_or(0).min(total);
                let end = (offset + limit).min(total);
                let next = (end < total).then(|| {
                    let mut query: Vec<String> = record
                        .query
                        .iter()
                        .filter(|(k, _)| k != "offset")
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    query.push(format!("offset={end}"));
                    format!("{base}{}?{}", record.path, query.join("&"))
                });
                MockResponse::json(
                    200,
                    &json!({"count": total, "next": next, "previous": null,
                            "results": &matching[offset..end]}),
                )
            }
            Paging::PageNumber { default_per_page } => {
                let per_page = number("per_page").unwrap_or(default_per_page).max(1);
                let page = number("page").unwrap_or(1).max(1);
                let last = total.div_ceil(per_page).max(1);
                let start = ((page - 1) * per_page).min(total);
                let data = &matching[start..(start + per_page).min(total)];
                let link = |n: usize| format!("{}?page={n}&per_page={per_page}", record.path);
                let mut links = json!({"first": link(1), "self": link(page), "last": link(last)});
                if page > 1 {
                    links["previous"] = json!(link(page - 1));
                }
                if page < last {
                    links["next"] = json!(link(page + 1));
                }
                MockResponse::json(200, &json!({"data": data, "links": links}))
                    .header("total-count", total.to_string())
            }
        }
    }
}
