//! Search (`SearchClient`): the registry's full-text index.

use platform_client_core::{HttpClient, Request};

use super::{check_text, datastore::health};
use crate::client::{ProvenaClient, send_status};
use crate::config::Service;
use crate::error::{Error, Result};
use crate::models::{HealthCheck, ItemSubType, SearchResults};

impl ProvenaClient {
    /// Search.
    pub fn search(&self) -> Search {
        Search {
            http: self.http(Service::Search).clone(),
        }
    }
}

/// The search handler: `provena.search()`.
#[derive(Debug, Clone)]
pub struct Search {
    http: HttpClient,
}

impl Search {
    /// `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `search_registry`: `GET /search/entity-registry?query&record_limit&subtype_filter`:
    /// item ids with scores, best first (the server returns at most 50; 10 by default).
    pub async fn search_registry(
        &self,
        query: &str,
        limit: Option<u32>,
        subtype: Option<ItemSubType>,
    ) -> Result<SearchResults> {
        check_text("query", query)?;
        if limit == Some(0) {
            return Err(Error::invalid("`limit` must be at least 1"));
        }
        if let Some(ItemSubType::Unknown(s)) = &subtype {
            return Err(Error::invalid(format!("unknown subtype {s:?}")));
        }
        let request = Request::get("/search/entity-registry")
            .query("query", query)
            .query_opt("record_limit", limit)
            .query_opt(
                "subtype_filter",
                subtype.as_ref().map(|s| s.as_str().to_owned()),
            );
        send_status(&self.http, request).await
    }
}
