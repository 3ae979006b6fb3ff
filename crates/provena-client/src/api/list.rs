//! The registry's list request (`GeneralListRequest`, `SubtypeListRequest`,
//! `NoFilterSubtypeListRequest`): sorting, filters, paging.

use platform_client_core::HttpClient;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::{ItemStream, Layout, stream_pages};
use crate::error::{Error, Result};
use crate::models::{ItemSubType, ListResponse};

platform_client_core::string_enum! {
    /// How a listing is sorted (`SortType`).
    pub enum SortType {
        /// By creation time.
        CreatedTime => "CREATED_TIME",
        /// By update time.
        UpdatedTime => "UPDATED_TIME",
        /// By display name.
        DisplayName => "DISPLAY_NAME",
        /// By release time (datasets).
        ReleaseTimestamp => "RELEASE_TIMESTAMP",
        /// Datasets whose access URI begins with [`ItemList::begins_with`].
        AccessInfoUriBeginsWith => "ACCESS_INFO_URI_BEGINS_WITH",
    }
}

platform_client_core::string_enum! {
    /// Which records a listing holds (`QueryRecordTypes`).
    pub enum RecordFilter {
        /// Seeds and complete items.
        All => "ALL",
        /// Seeds only.
        SeedOnly => "SEED_ONLY",
        /// Complete items only (the default).
        CompleteOnly => "COMPLETE_ONLY",
    }
}

platform_client_core::string_enum! {
    /// A dataset's release status (`QueryDatasetReleaseStatusType`).
    pub enum ReleaseStatus {
        /// Not released.
        NotReleased => "NOT_RELEASED",
        /// Waiting for a reviewer.
        Pending => "PENDING",
        /// Released.
        Released => "RELEASED",
    }
}

/// A listing being built; [`stream`](Self::stream) reads every page (bounded memory),
/// [`first_page`](Self::first_page) one.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until the listing is read"]
pub struct ItemList<T = crate::models::Item> {
    http: HttpClient,
    path: &'static str,
    filters: bool,
    sort: Option<(SortType, bool)>,
    begins_with: Option<String>,
    record_type: Option<RecordFilter>,
    subtype: Option<ItemSubType>,
    release_status: Option<ReleaseStatus>,
    release_reviewer: Option<String>,
    page_size: u64,
    limit: Option<u64>,
    prefetch: usize,
    key: Option<Map<String, Value>>,
    _items: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Send + 'static> ItemList<T> {
    /// A listing at `path`; `filters` says whether it takes `filter_by`.
    pub(crate) fn new(http: &HttpClient, path: &'static str, filters: bool) -> Self {
        ItemList {
            http: http.clone(),
            path,
            filters,
            sort: None,
            begins_with: None,
            record_type: None,
            subtype: None,
            release_status: None,
            release_reviewer: None,
            page_size: 20,
            limit: None,
            prefetch: 0,
            key: None,
            _items: std::marker::PhantomData,
        }
    }

    /// Sorts by `sort_type`, ascending or not (the server's default: descending).
    pub fn sort_by(mut self, sort_type: SortType, ascending: bool) -> Self {
        self.sort = Some((sort_type, ascending));
        self
    }

    /// With [`SortType::AccessInfoUriBeginsWith`]: the prefix.
    pub fn begins_with(mut self, prefix: &str) -> Self {
        self.begins_with = Some(prefix.to_owned());
        self
    }

    /// Seeds, complete items or both (default: complete only).
    pub fn record_type(mut self, record_type: RecordFilter) -> Self {
        self.record_type = Some(record_type);
        self
    }

    /// Items of one subtype only (general listing).
    pub fn subtype(mut self, subtype: ItemSubType) -> Self {
        self.subtype = Some(subtype);
        self
    }

    /// Datasets in this release state (not with [`subtype`](Self::subtype)).
    pub fn release_status(mut self, status: ReleaseStatus) -> Self {
        self.release_status = Some(status);
        self
    }

    /// Datasets this reviewer is asked to review.
    pub fn release_reviewer(mut self, reviewer_id: &str) -> Self {
        self.release_reviewer = Some(reviewer_id.to_owned());
        self
    }

    /// Items per page (default 20, at most 100).
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size;
        self
    }

    /// At most `n` items in total (no page beyond them is requested).
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Reads up to `n` pages ahead while you process the current one.
    pub fn prefetch(mut self, n: usize) -> Self {
        self.prefetch = n;
        self
    }

    /// Starts at the page of this key (from a previous page's `pagination_key`).
    pub fn pagination_key(mut self, key: Map<String, Value>) -> Self {
        self.key = Some(key);
        self
    }

    /// The request body; refuses inconsistent options (nothing is sent).
    pub(crate) fn body(&self) -> Result<Map<String, Value>> {
        if !(1..=100).contains(&self.page_size) {
            return Err(Error::invalid("`page_size` must be between 1 and 100"));
        }
        let mut body = Map::new();
        match (&self.sort, &self.begins_with) {
            (Some((SortType::AccessInfoUriBeginsWith, _)), None) => {
                return Err(Error::invalid(
                    "sorting by ACCESS_INFO_URI_BEGINS_WITH needs `begins_with`",
                ));
            }
            (Some((sort, _)), Some(_)) if *sort != SortType::AccessInfoUriBeginsWith => {
                return Err(Error::invalid(
                    "`begins_with` goes with sorting by ACCESS_INFO_URI_BEGINS_WITH only",
                ));
            }
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "`begins_with` goes with sorting by ACCESS_INFO_URI_BEGINS_WITH only",
                ));
            }
            (Some((sort, ascending)), prefix) => {
                let mut sort_by = json!({"sort_type": sort, "ascending": ascending});
                if let Some(prefix) = prefix {
                    sort_by["begins_with"] = json!(prefix);
                }
                body.insert("sort_by".to_owned(), sort_by);
            }
            (None, None) => {}
        }
        let filtered = self.record_type.is_some()
            || self.subtype.is_some()
            || self.release_status.is_some()
            || self.release_reviewer.is_some();
        if filtered && !self.filters {
            return Err(Error::invalid("this listing takes no filters"));
        }
        if self.subtype.is_some() && self.release_status.is_some() {
            return Err(Error::invalid(
                "filter by subtype or by release status, not both",
            ));
        }
        if self.filters {
            let mut filter = json!({"record_type": self.record_type.clone().unwrap_or(RecordFilter::CompleteOnly)});
            if let Some(s) = &self.subtype {
                filter["item_subtype"] = json!(s);
            }
            if let Some(s) = &self.release_status {
                filter["release_status"] = json!(s);
            }
            if let Some(r) = &self.release_reviewer {
                super::check_handle("release_reviewer", r)?;
                filter["release_reviewer"] = json!(r);
            }
            body.insert("filter_by".to_owned(), filter);
        }
        if let Some(key) = &self.key {
            body.insert("pagination_key".to_owned(), Value::Object(key.clone()));
        }
        body.insert("page_size".to_owned(), json!(self.page_size));
        Ok(body)
    }

    /// Every item, page by page (at most `prefetch + 1` pages in memory).
    pub fn stream(&self) -> ItemStream<T> {
        match self.body() {
            Ok(body) => stream_pages(
                &self.http,
                self.path,
                body,
                Layout {
                    items: "items",
                    status: true,
                },
                self.limit,
                self.prefetch,
            ),
            Err(e) => Box::pin(futures_util::stream::once(async move { Err(e) })),
        }
    }

    /// Every item (memory grows with the total; prefer [`stream`](Self::stream)).
    pub async fn all(&self) -> Result<Vec<T>> {
        super::collect(self.stream()).await
    }

    /// One page as the server answers it (with `total_item_count` and `pagination_key`).
    pub async fn first_page(&self) -> Result<ListResponse<T>> {
        let request = platform_client_core::Request::post(self.path).json(&self.body()?)?;
        crate::client::send_status(&self.http, request).await
    }
}
