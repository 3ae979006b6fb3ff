//! The ID service (`IdServiceClient`): minting handles and editing their values.

use platform_client_core::{HttpClient, Request};
use serde_json::json;

use super::{check_handle, check_text, datastore::health, json_body};
use crate::client::{ProvenaClient, send_json};
use crate::config::Service;
use crate::error::{Error, Result};
use crate::models::{Handle, HealthCheck, ValueType};

impl ProvenaClient {
    /// The ID service.
    pub fn id_service(&self) -> IdService {
        IdService {
            http: self.http(Service::Handle).clone(),
        }
    }
}

/// The ID service handler: `provena.id_service()`.
#[derive(Debug, Clone)]
pub struct IdService {
    http: HttpClient,
}

fn check_value(value_type: &ValueType, value: &str) -> Result<()> {
    check_text("value", value)?;
    match value_type {
        ValueType::Url if !(value.starts_with("https://") || value.starts_with("http://")) => Err(
            Error::invalid(format!("a URL value must be an http(s) URL, not {value:?}")),
        ),
        ValueType::Unknown(other) => Err(Error::invalid(format!("unknown value type {other:?}"))),
        _ => Ok(()),
    }
}

impl IdService {
    /// `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `mint`: a new handle holding one value.
    pub async fn mint(&self, value_type: ValueType, value: &str) -> Result<Handle> {
        check_value(&value_type, value)?;
        let body = json!({"value_type": value_type, "value": value});
        send_json(&self.http, json_body(Request::post("/handle/mint"), &body)?).await
    }

    /// `add_value`: appends a value.
    pub async fn add_value(&self, id: &str, value_type: ValueType, value: &str) -> Result<Handle> {
        check_handle("id", id)?;
        check_value(&value_type, value)?;
        let body = json!({"value_type": value_type, "value": value, "id": id});
        send_json(
            &self.http,
            json_body(Request::post("/handle/add_value"), &body)?,
        )
        .await
    }

    /// `add_value_by_index`: adds a value at `index`.
    pub async fn add_value_by_index(
        &self,
        id: &str,
        index: u32,
        value_type: ValueType,
        value: &str,
    ) -> Result<Handle> {
        check_handle("id", id)?;
        check_value(&value_type, value)?;
        let body = json!({"value_type": value_type, "value": value, "id": id, "index": index});
        send_json(
            &self.http,
            json_body(Request::post("/handle/add_value_by_index"), &body)?,
        )
        .await
    }

    /// `list`: every handle's id.
    pub async fn list(&self) -> Result<Vec<String>> {
        #[derive(serde::Deserialize)]
        struct Ids {
            ids: Vec<String>,
        }
        let ids: Ids = send_json(&self.http, Request::get("/handle/list")).await?;
        Ok(ids.ids)
    }

    /// `modify_by_index`: replaces the value at `index` (`PUT`, as the server's route; the
    /// reference sent `POST`, which it refuses with 405).
    pub async fn modify_by_index(&self, id: &str, index: u32, value: &str) -> Result<Handle> {
        check_handle("id", id)?;
        check_text("value", value)?;
        let body = json!({"id": id, "index": index, "value": value});
        send_json(
            &self.http,
            json_body(Request::put("/handle/modify_by_index"), &body)?,
        )
        .await
    }

    /// `remove_by_index`: removes the value at `index`.
    pub async fn remove_by_index(&self, id: &str, index: u32) -> Result<Handle> {
        check_handle("id", id)?;
        let body = json!({"id": id, "index": index});
        send_json(
            &self.http,
            json_body(Request::post("/handle/remove_by_index"), &body)?,
        )
        .await
    }
}
