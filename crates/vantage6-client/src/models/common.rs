//! Shapes shared by every resource: link objects and page envelopes.

use serde::{Deserialize, Serialize};

/// A reference to another object: `{"id": 2, "link": "/api/organization/2", "methods": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ref {
    /// The object's id.
    pub id: u64,
    /// Its path, API path included (e.g. `/api/organization/2`).
    #[serde(default)]
    pub link: Option<String>,
    /// The methods the caller may use on it.
    #[serde(default)]
    pub methods: Vec<String>,
}

/// The `links` of a page: paths (API path and query included) of the first, previous, current,
/// next and last page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    /// The first page.
    #[serde(default)]
    pub first: Option<String>,
    /// The previous page, absent on the first.
    #[serde(default)]
    pub previous: Option<String>,
    /// This page.
    #[serde(default, rename = "self")]
    pub this: Option<String>,
    /// The next page, absent on the last.
    #[serde(default)]
    pub next: Option<String>,
    /// The last page.
    #[serde(default)]
    pub last: Option<String>,
}

/// One page of a list: its items, the links to its neighbours and the total number of items
/// (the `total-count` header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// Links to the neighbouring pages.
    #[serde(default)]
    pub links: Links,
    /// Every item of the list, over all pages (from the `total-count` header).
    #[serde(default)]
    pub total_count: Option<u64>,
}

/// The `{"msg": "..."}` answer of deletions and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The server's message.
    pub msg: String,
}
