//! The registry (`RegistryClient`): items of every subtype (fetch, list, seed, create,
//! update, revert, validate, version, schema), their access settings and locks, and the
//! general listing across subtypes.

use platform_client_core::{HttpClient, Request};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{ItemList, check_handle, check_text, datastore::health, json_body};
use crate::client::{ProvenaClient, Status, send_json, send_status};
use crate::config::Service;
use crate::error::{Error, Result};
use crate::models::{
    AccessSettings, CreateResponse, DescribedRole, FetchResponse, HealthCheck, Item, ItemSubType,
    JsonSchemaResponse, LockEvent, SeedResponse, UpdateResponse, VersionResponse,
};

impl ProvenaClient {
    /// The registry.
    pub fn registry(&self) -> Registry {
        Registry {
            http: self.http(Service::Registry).clone(),
        }
    }
}

/// The registry handler: `provena.registry()`.
#[derive(Debug, Clone)]
pub struct Registry {
    http: HttpClient,
}

/// The route of a subtype, refused when it has none.
fn route(subtype: &ItemSubType) -> Result<&'static str> {
    subtype.route().ok_or_else(|| {
        Error::invalid(format!(
            "the registry has no routes for the subtype {subtype}"
        ))
    })
}

/// The route of a subtype that users write through the registry: not the create and
/// version activities (the system writes them), nor datasets and model runs (their registry
/// routes are the services' proxies: write them through the data store and the provenance
/// API).
fn writable(subtype: &ItemSubType) -> Result<&'static str> {
    match subtype {
        s if s.is_read_only() => Err(Error::invalid(format!(
            "{s} items are written by the system only"
        ))),
        ItemSubType::Dataset => Err(Error::invalid(
            "datasets are written through the data store (`datastore().mint_dataset`, `update_metadata`)",
        )),
        ItemSubType::ModelRun => Err(Error::invalid(
            "model runs are written through the provenance API (`prov().register_model_run`, `update_model_run`)",
        )),
        s => route(s),
    }
}

fn path(prefix: &str, action: &str) -> String {
    format!("{prefix}{action}")
}

/// The domain information as a JSON object (refused otherwise: nothing is sent).
fn domain_body(domain: &impl Serialize) -> Result<Value> {
    let value = serde_json::to_value(domain)
        .map_err(|e| Error::invalid(format!("the domain information cannot be encoded: {e}")))?;
    if !value.is_object() {
        return Err(Error::invalid(
            "the domain information must be a JSON object",
        ));
    }
    Ok(value)
}

#[derive(serde::Deserialize)]
struct Envelope {
    status: Status,
}

impl Registry {
    /// `get_health_check`: `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `fetch_item`: `GET {subtype}/fetch?id[&seed_allowed]`.
    pub async fn fetch_item(
        &self,
        subtype: ItemSubType,
        id: &str,
        seed_allowed: Option<bool>,
    ) -> Result<FetchResponse> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        let request = Request::get(path(prefix, "/fetch"))
            .query("id", id)
            .query_opt("seed_allowed", seed_allowed);
        send_status(&self.http, request).await
    }

    /// `update_item`: `PUT {subtype}/update?id&reason` with the new domain information.
    pub async fn update_item(
        &self,
        subtype: ItemSubType,
        id: &str,
        reason: Option<&str>,
        domain: &impl Serialize,
    ) -> Result<UpdateResponse> {
        let prefix = writable(&subtype)?;
        check_handle("id", id)?;
        if let Some(r) = reason {
            check_text("reason", r)?;
        }
        let request = Request::put(path(prefix, "/update"))
            .query("id", id)
            .query_opt("reason", reason);
        send_status(&self.http, json_body(request, &domain_body(domain)?)?).await
    }

    /// `list_items`: `POST {subtype}/list`, every page (sorting, filters, `page_size`,
    /// `limit`, `prefetch`).
    pub fn list_items(&self, subtype: ItemSubType) -> Result<ItemList<Item>> {
        let prefix = route(&subtype)?;
        let path: &'static str = match subtype {
            ItemSubType::Organisation => "/registry/agent/organisation/list",
            ItemSubType::Person => "/registry/agent/person/list",
            ItemSubType::Model => "/registry/entity/model/list",
            ItemSubType::ModelRunWorkflowTemplate => "/registry/entity/model_run_workflow/list",
            ItemSubType::DatasetTemplate => "/registry/entity/dataset_template/list",
            ItemSubType::Dataset => "/registry/entity/dataset/list",
            ItemSubType::Study => "/registry/activity/study/list",
            ItemSubType::ModelRun => "/registry/activity/model_run/list",
            ItemSubType::Create => "/registry/activity/create/list",
            ItemSubType::Version => "/registry/activity/version/list",
            _ => return Err(Error::invalid(format!("no listing at {prefix}"))),
        };
        Ok(ItemList::new(&self.http, path, true))
    }

    /// `seed_item`: `POST {subtype}/seed`: a placeholder item to complete later.
    pub async fn seed_item(&self, subtype: ItemSubType) -> Result<SeedResponse> {
        let prefix = writable(&subtype)?;
        send_status(&self.http, Request::post(path(prefix, "/seed"))).await
    }

    /// `revert_item`: `PUT {subtype}/revert` to the history entry `history_id`.
    pub async fn revert_item(
        &self,
        subtype: ItemSubType,
        id: &str,
        history_id: i64,
        reason: &str,
    ) -> Result<Status> {
        let prefix = writable(&subtype)?;
        check_handle("id", id)?;
        check_text("reason", reason)?;
        let body = json!({"id": id, "history_id": history_id, "reason": reason});
        let answer: Envelope = send_status(
            &self.http,
            json_body(Request::put(path(prefix, "/revert")), &body)?,
        )
        .await?;
        Ok(answer.status)
    }

    /// `create_item`: `POST {subtype}/create` with the domain information (e.g.
    /// [`crate::models::OrganisationDomainInfo`]).
    pub async fn create_item(
        &self,
        subtype: ItemSubType,
        domain: &impl Serialize,
    ) -> Result<CreateResponse> {
        let prefix = writable(&subtype)?;
        let request = json_body(
            Request::post(path(prefix, "/create")),
            &domain_body(domain)?,
        )?;
        send_status(&self.http, request).await
    }

    /// `get_schema`: `GET {subtype}/schema`: the JSON Schema of its domain information.
    pub async fn get_schema(&self, subtype: ItemSubType) -> Result<JsonSchemaResponse> {
        let prefix = route(&subtype)?;
        send_status(&self.http, Request::get(path(prefix, "/schema"))).await
    }

    /// `validate_item`: `POST {subtype}/validate`: whether the domain information would be
    /// accepted (a refusal is [`Error::Failed`] with the reason).
    pub async fn validate_item(
        &self,
        subtype: ItemSubType,
        domain: &impl Serialize,
    ) -> Result<Status> {
        let prefix = writable(&subtype)?;
        let request = json_body(
            Request::post(path(prefix, "/validate")),
            &domain_body(domain)?,
        )?;
        let answer: Envelope = send_status(&self.http, request).await?;
        Ok(answer.status)
    }

    /// `evaluate_auth_access`: your roles on an item.
    pub async fn evaluate_auth_access(
        &self,
        subtype: ItemSubType,
        id: &str,
    ) -> Result<Vec<String>> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        #[derive(serde::Deserialize)]
        struct Roles {
            roles: Vec<String>,
        }
        let request = Request::get(path(prefix, "/auth/evaluate")).query("id", id);
        let roles: Roles = send_json(&self.http, request).await?;
        Ok(roles.roles)
    }

    /// `get_auth_configuration`: who may do what to an item.
    pub async fn get_auth_configuration(
        &self,
        subtype: ItemSubType,
        id: &str,
    ) -> Result<AccessSettings> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        let request = Request::get(path(prefix, "/auth/configuration")).query("id", id);
        send_json(&self.http, request).await
    }

    /// `modify_auth_configuration`: replaces who may do what to an item.
    pub async fn modify_auth_configuration(
        &self,
        subtype: ItemSubType,
        id: &str,
        settings: &AccessSettings,
    ) -> Result<Status> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        super::check_id("owner", &settings.owner)?;
        let request = Request::put(path(prefix, "/auth/configuration")).query("id", id);
        let answer: Envelope = send_status(&self.http, json_body(request, settings)?).await?;
        Ok(answer.status)
    }

    /// `get_auth_roles`: the roles items of the subtype can grant.
    pub async fn get_auth_roles(&self, subtype: ItemSubType) -> Result<Vec<DescribedRole>> {
        let prefix = route(&subtype)?;
        #[derive(serde::Deserialize)]
        struct Roles {
            roles: Vec<DescribedRole>,
        }
        let roles: Roles = send_json(&self.http, Request::get(path(prefix, "/auth/roles"))).await?;
        Ok(roles.roles)
    }

    async fn lock_change(
        &self,
        subtype: ItemSubType,
        action: &str,
        id: &str,
        reason: &str,
    ) -> Result<Status> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        check_text("reason", reason)?;
        let body = json!({"id": id, "reason": reason});
        let request = json_body(Request::put(path(prefix, action)), &body)?;
        let answer: Envelope = send_status(&self.http, request).await?;
        Ok(answer.status)
    }

    /// `lock_resource`: locks an item against changes.
    pub async fn lock_resource(
        &self,
        subtype: ItemSubType,
        id: &str,
        reason: &str,
    ) -> Result<Status> {
        self.lock_change(subtype, "/locks/lock", id, reason).await
    }

    /// `unlock_resource`: unlocks it.
    pub async fn unlock_resource(
        &self,
        subtype: ItemSubType,
        id: &str,
        reason: &str,
    ) -> Result<Status> {
        self.lock_change(subtype, "/locks/unlock", id, reason).await
    }

    /// `get_lock_history`: every lock and unlock of an item.
    pub async fn get_lock_history(&self, subtype: ItemSubType, id: &str) -> Result<Vec<LockEvent>> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        #[derive(serde::Deserialize)]
        struct History {
            #[serde(default)]
            history: Option<Vec<LockEvent>>,
        }
        let request = Request::get(path(prefix, "/locks/history")).query("id", id);
        let history: History = send_status(&self.http, request).await?;
        Ok(history.history.unwrap_or_default())
    }

    /// `get_lock_status`: whether an item is locked, from `{subtype}/locks/locked` (the
    /// reference asked `/locks/history` and checked an envelope this answer does not have).
    pub async fn get_lock_status(&self, subtype: ItemSubType, id: &str) -> Result<bool> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        #[derive(serde::Deserialize)]
        struct Locked {
            locked: bool,
        }
        let request = Request::get(path(prefix, "/locks/locked")).query("id", id);
        let locked: Locked = send_json(&self.http, request).await?;
        Ok(locked.locked)
    }

    /// `version`: `POST {subtype}/version`: a new version of a model, model run workflow
    /// template or dataset template (datasets: [`crate::api::datastore::Datastore::version_dataset`]).
    pub async fn version(
        &self,
        subtype: ItemSubType,
        id: &str,
        reason: &str,
    ) -> Result<VersionResponse> {
        if !matches!(
            subtype,
            ItemSubType::Model
                | ItemSubType::ModelRunWorkflowTemplate
                | ItemSubType::DatasetTemplate
        ) {
            return Err(Error::invalid(format!(
                "{subtype} items are not versioned through the registry"
            )));
        }
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        check_text("reason", reason)?;
        let body = json!({"id": id, "reason": reason});
        send_json(
            &self.http,
            json_body(Request::post(path(prefix, "/version")), &body)?,
        )
        .await
    }

    /// `admin.delete_item`: `DELETE {subtype}/delete?id` (administrators).
    pub async fn delete_item(&self, subtype: ItemSubType, id: &str) -> Result<Status> {
        let prefix = route(&subtype)?;
        check_handle("id", id)?;
        let request = Request::delete(path(prefix, "/delete")).query("id", id);
        let answer: Envelope = send_status(&self.http, request).await?;
        Ok(answer.status)
    }

    /// `general.list_general_registry_items`: `POST /registry/general/list`, items of every
    /// subtype (filters by subtype, record type, release status).
    pub fn list_general(&self) -> ItemList<Map<String, Value>> {
        ItemList::new(&self.http, "/registry/general/list", true)
    }

    /// `general.general_fetch_item`: any item by id, untyped.
    pub async fn general_fetch(&self, id: &str) -> Result<Option<Map<String, Value>>> {
        check_handle("id", id)?;
        #[derive(serde::Deserialize)]
        struct Untyped {
            #[serde(default)]
            item: Option<Map<String, Value>>,
        }
        let request = Request::get("/registry/general/fetch").query("id", id);
        let answer: Untyped = send_status(&self.http, request).await?;
        Ok(answer.item)
    }
}
