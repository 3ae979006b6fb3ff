//! Registry items in the stand-in: every subtype's routes, the general listing, datasets of
//! the data store, and search over display names.

use std::collections::BTreeMap;

use platform_client_core::testing::MockResponse;
use serde_json::{Map, Value, json};

use super::{State, detail, failed, ok};
use crate::models::ItemSubType;

const NOW: i64 = 1_764_806_400;

/// The items, by handle, in creation order.
#[derive(Default)]
pub(crate) struct Registry {
    pub(crate) items: BTreeMap<String, Value>,
    order: Vec<String>,
    next: u64,
    locks: BTreeMap<String, Vec<Value>>,
    auth: BTreeMap<String, Value>,
}

impl Registry {
    pub(crate) fn insert(&mut self, item: Value) {
        let id = item["id"].as_str().unwrap_or_default().to_owned();
        if !self.items.contains_key(&id) {
            self.order.push(id.clone());
        }
        self.items.insert(id, item);
    }

    fn fresh_id(&mut self) -> String {
        self.next += 1;
        format!("10378.1/{}", 1_900_000 + self.next)
    }

    /// A new complete (or seed) item of `subtype` from its domain information.
    pub(crate) fn create(&mut self, subtype: &ItemSubType, domain: &Value, seed: bool) -> Value {
        let id = self.fresh_id();
        let category = match subtype {
            ItemSubType::Person | ItemSubType::Organisation => "AGENT",
            ItemSubType::Study
            | ItemSubType::ModelRun
            | ItemSubType::Create
            | ItemSubType::Version => "ACTIVITY",
            _ => "ENTITY",
        };
        let mut item = json!({"id": id, "owner_username": "jdoe", "created_timestamp": NOW,
            "updated_timestamp": NOW, "item_category": category, "item_subtype": subtype,
            "record_type": if seed { "SEED_ITEM" } else { "COMPLETE_ITEM" }, "display_name": "",
            "history": [], "workflow_links": null, "versioning_info": null});
        if let Some(fields) = domain.as_object() {
            for (k, v) in fields {
                item[k] = v.clone();
            }
        }
        if !seed {
            item["history"] = json!([{"id": 0, "timestamp": NOW, "reason": "Initial record creation",
                                       "username": "jdoe", "item": domain}]);
        }
        self.insert(item.clone());
        self.auth.insert(
            id,
            json!({"owner": "jdoe", "general": ["metadata-read"], "groups": {}}),
        );
        item
    }

    fn page(&self, subtype: Option<&str>, body: &Value, seeds: bool) -> Value {
        let size = body["page_size"].as_u64().unwrap_or(20).max(1) as usize;
        let record = body
            .pointer("/filter_by/record_type")
            .and_then(Value::as_str)
            .unwrap_or("COMPLETE_ONLY");
        let filter_subtype = body
            .pointer("/filter_by/item_subtype")
            .and_then(Value::as_str);
        let matching: Vec<&Value> = self
            .order
            .iter()
            .filter_map(|id| self.items.get(id))
            .filter(|i| subtype.is_none_or(|s| i["item_subtype"] == s))
            .filter(|i| filter_subtype.is_none_or(|s| i["item_subtype"] == s))
            .filter(|i| match (record, seeds) {
                ("ALL", _) => true,
                ("SEED_ONLY", _) => i["record_type"] == "SEED_ITEM",
                _ => i["record_type"] == "COMPLETE_ITEM",
            })
            .collect();
        let start = body
            .pointer("/pagination_key/id")
            .and_then(Value::as_str)
            .and_then(|after| matching.iter().position(|i| i["id"] == after))
            .map_or(0, |p| p + 1);
        let items: Vec<&Value> = matching.iter().skip(start).take(size).copied().collect();
        let key = (start + size < matching.len()).then(|| {
            let last = items.last().copied().unwrap_or(&Value::Null);
            json!({"id": last["id"], "display_name": last["display_name"], "item_subtype": last["item_subtype"]})
        });
        json!({"status": ok(), "items": items, "total_item_count": matching.len(), "pagination_key": key})
    }
}

/// The subtype of a registry route (`/registry/agent/organisation/...`) and the action.
fn subtype_route(route: &str) -> Option<(ItemSubType, &str)> {
    ItemSubType::ALL.iter().find_map(|s| {
        let prefix = s.route()?;
        route.strip_prefix(prefix).map(|action| (s.clone(), action))
    })
}

pub(crate) fn answer(
    state: &mut State,
    service: &str,
    method: &str,
    route: &str,
    body: &Value,
    query: &dyn Fn(&str) -> Option<String>,
) -> Option<MockResponse> {
    let registry = &mut state.registry;
    let id = query("id").unwrap_or_default();
    Some(match (service, method, route) {
        ("search", "GET", "/search/entity-registry") => {
            let words = query("query").unwrap_or_default().to_lowercase();
            let limit = query("record_limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(10usize)
                .min(50);
            let subtype = query("subtype_filter");
            let results: Vec<Value> = registry
                .order
                .iter()
                .filter_map(|i| registry.items.get(i))
                .filter(|i| subtype.as_deref().is_none_or(|s| i["item_subtype"] == s))
                .filter(|i| {
                    i["display_name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_lowercase()
                        .contains(&words)
                })
                .take(limit)
                .map(|i| json!({"id": i["id"], "score": 1.0}))
                .collect();
            MockResponse::json(
                200,
                &json!({"status": ok(), "results": results, "warnings": []}),
            )
        }
        ("data-api", "POST", "/metadata/validate-metadata") => {
            let valid = body
                .pointer("/dataset_info/name")
                .and_then(Value::as_str)
                .is_some();
            MockResponse::json(
                200,
                &json!({"success": valid, "details": if valid { "Valid." } else { "dataset_info.name: field required" }}),
            )
        }
        ("data-api", "POST", "/register/mint-dataset") => {
            let mut domain = json!({"collection_format": body, "s3": {"bucket_name": "data-store", "path": "datasets/x/", "s3_uri": "s3://data-store/datasets/x/"},
                                    "release_status": "NOT_RELEASED", "release_history": []});
            domain["display_name"] = body
                .pointer("/dataset_info/name")
                .cloned()
                .unwrap_or(Value::Null);
            let item = registry.create(&ItemSubType::Dataset, &domain, false);
            MockResponse::json(
                200,
                &json!({"status": ok(), "handle": item["id"], "s3_location": domain["s3"],
                                            "register_create_activity_session_id": "create-job-1"}),
            )
        }
        ("data-api", "GET", "/registry/items/fetch-dataset") => {
            let handle = query("handle_id").unwrap_or_default();
            match registry.items.get(&handle) {
                Some(item) => MockResponse::json(
                    200,
                    &json!({"status": ok(), "item": item, "roles": ["metadata-read"], "locked": false}),
                ),
                None => failed(&format!(
                    "Could not find the given key ({handle}) in the registry."
                )),
            }
        }
        ("data-api", "POST", "/registry/items/list") => {
            MockResponse::json(200, &registry.page(Some("DATASET"), body, false))
        }
        ("registry-api", "POST", "/registry/general/list") => {
            MockResponse::json(200, &registry.page(None, body, true))
        }
        ("registry-api", "GET", "/registry/general/fetch") => match registry.items.get(&id) {
            Some(item) => MockResponse::json(200, &json!({"status": ok(), "item": item})),
            None => failed(&format!(
                "Could not find the given key ({id}) in the registry."
            )),
        },
        ("registry-api", _, _) => match subtype_route(route) {
            Some((subtype, action)) => {
                item_route(registry, &subtype, method, action, &id, body, query)
            }
            None => detail(404, "Not Found"),
        },
        _ => return None,
    })
}

fn item_route(
    registry: &mut Registry,
    subtype: &ItemSubType,
    method: &str,
    action: &str,
    id: &str,
    body: &Value,
    query: &dyn Fn(&str) -> Option<String>,
) -> MockResponse {
    let found = registry
        .items
        .get(id)
        .filter(|i| i["item_subtype"] == subtype.as_str())
        .cloned();
    let missing = || {
        failed(&format!(
            "Could not find the given key ({id}) in the registry."
        ))
    };
    match (method, action) {
        ("GET", "/fetch") => match found {
            Some(item)
                if item["record_type"] == "SEED_ITEM"
                    && query("seed_allowed").as_deref() != Some("true") =>
            {
                failed("The item is a seed; ask with seed_allowed=true.")
            }
            Some(item) => {
                let locked = registry
                    .locks
                    .get(id)
                    .and_then(|l| l.last())
                    .is_some_and(|e| e["action_type"] == "LOCK");
                MockResponse::json(
                    200,
                    &json!({"status": ok(), "item": item, "roles": ["metadata-read", "metadata-write", "admin"],
                                                "locked": locked, "item_is_seed": item["record_type"] == "SEED_ITEM"}),
                )
            }
            None => missing(),
        },
        ("POST", "/create") => {
            if body.get("display_name").and_then(Value::as_str).is_none() {
                return detail(422, "display_name: field required");
            }
            let item = registry.create(subtype, body, false);
            MockResponse::json(
                200,
                &json!({"status": ok(), "created_item": item, "register_create_activity_session_id": "create-job-1"}),
            )
        }
        ("POST", "/seed") => {
            let item = registry.create(subtype, &json!({}), true);
            MockResponse::json(200, &json!({"status": ok(), "seeded_item": item}))
        }
        ("POST", "/validate") => MockResponse::json(
            200,
            &json!({"status": {"success": body.get("display_name").is_some(),
            "details": if body.get("display_name").is_some() { "Valid." } else { "display_name: field required" }}}),
        ),
        ("PUT", "/update") => match found {
            Some(mut item) => {
                let reason = query("reason").unwrap_or_default();
                let next = item["history"].as_array().map_or(0, Vec::len);
                for (k, v) in body.as_object().cloned().unwrap_or_default() {
                    item[k] = v;
                }
                item["record_type"] = json!("COMPLETE_ITEM");
                if let Some(h) = item["history"].as_array_mut() {
                    h.insert(0, json!({"id": next, "timestamp": NOW, "reason": reason, "username": "jdoe", "item": body}));
                }
                registry.insert(item);
                MockResponse::json(
                    200,
                    &json!({"status": ok(), "register_create_activity_session_id": null}),
                )
            }
            None => missing(),
        },
        ("PUT", "/revert") => {
            let target = body["id"].as_str().unwrap_or_default().to_owned();
            let Some(mut item) = registry.items.get(&target).cloned() else {
                return failed(&format!(
                    "Could not find the given key ({target}) in the registry."
                ));
            };
            let entry = item["history"]
                .as_array()
                .and_then(|h| h.iter().find(|e| e["id"] == body["history_id"]).cloned());
            let Some(entry) = entry else {
                return failed("No history entry with that id.");
            };
            for (k, v) in entry["item"].as_object().cloned().unwrap_or_default() {
                item[k] = v;
            }
            registry.insert(item);
            MockResponse::json(200, &json!({"status": ok()}))
        }
        ("POST", "/version") => match registry
            .items
            .get(body["id"].as_str().unwrap_or_default())
            .cloned()
        {
            Some(item) => {
                let mut domain: Map<String, Value> = item.as_object().cloned().unwrap_or_default();
                domain.retain(|k, _| !matches!(k.as_str(), "id" | "history" | "record_type"));
                let new = registry.create(subtype, &Value::Object(domain), false);
                MockResponse::json(
                    200,
                    &json!({"new_version_id": new["id"], "version_job_session_id": "version-job-1"}),
                )
            }
            None => detail(400, "Item was not found."),
        },
        ("GET", "/schema") => MockResponse::json(
            200,
            &json!({"status": ok(), "json_schema": {"title": format!("{subtype}DomainInfo"), "type": "object"}}),
        ),
        ("GET", "/auth/evaluate") => MockResponse::json(
            200,
            &json!({"roles": ["metadata-read", "metadata-write", "admin"]}),
        ),
        ("GET", "/auth/configuration") => match registry.auth.get(id) {
            Some(settings) => MockResponse::json(200, settings),
            None => detail(400, "Item was not found."),
        },
        ("PUT", "/auth/configuration") => {
            registry.auth.insert(id.to_owned(), body.clone());
            MockResponse::json(200, &json!({"status": ok()}))
        }
        ("GET", "/auth/roles") => MockResponse::json(
            200,
            &json!({"roles": [
            {"role_name": "metadata-read", "description": "Read the metadata", "also_grants": []},
            {"role_name": "metadata-write", "description": "Change the metadata", "also_grants": ["metadata-read"]},
            {"role_name": "admin", "description": "Everything", "also_grants": ["metadata-read", "metadata-write"]}]}),
        ),
        ("PUT", "/locks/lock" | "/locks/unlock") => {
            let target = body["id"].as_str().unwrap_or_default().to_owned();
            let kind = if action.ends_with("unlock") {
                "UNLOCK"
            } else {
                "LOCK"
            };
            registry
                .locks
                .entry(target)
                .or_default()
                .push(json!({"action_type": kind, "username": "jdoe",
                "email": "jdoe@example.org", "reason": body["reason"], "timestamp": NOW}));
            MockResponse::json(200, &json!({"status": ok()}))
        }
        ("GET", "/locks/history") => MockResponse::json(
            200,
            &json!({"status": ok(), "history": registry.locks.get(id).cloned().unwrap_or_default()}),
        ),
        ("GET", "/locks/locked") => {
            let locked = registry
                .locks
                .get(id)
                .and_then(|l| l.last())
                .is_some_and(|e| e["action_type"] == "LOCK");
            MockResponse::json(200, &json!({"locked": locked}))
        }
        ("DELETE", "/delete") => match registry.items.remove(id) {
            Some(_) => {
                registry.order.retain(|x| x != id);
                MockResponse::json(200, &json!({"status": ok()}))
            }
            None => missing(),
        },
        ("POST", "/list") => {
            MockResponse::json(200, &registry.page(Some(subtype.as_str()), body, false))
        }
        _ => detail(405, "Method Not Allowed"),
    }
}
