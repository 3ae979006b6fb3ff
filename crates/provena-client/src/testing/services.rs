//! The other APIs in the stand-in: jobs, handles, the auth API, provenance, and the data
//! store's file access and release review.

use std::collections::BTreeMap;

use platform_client_core::testing::{MockResponse, Received};
use serde_json::{Value, json};

use super::{State, detail, failed, ok};
use crate::models::ItemSubType;

/// Jobs and handles.
#[derive(Default)]
pub(crate) struct Services {
    /// Jobs by session id, with how many fetches each still answers `PENDING`/`IN_PROGRESS`.
    jobs: BTreeMap<String, (Value, u32)>,
    handles: BTreeMap<String, Value>,
    next: u64,
}

impl Services {
    /// A job (`SUCCEEDED` after `polls` fetches).
    pub(crate) fn add_job(&mut self, job_sub_type: &str, payload: Value, polls: u32) -> String {
        self.next += 1;
        let session_id = format!("00000000-0000-4000-8000-{:012}", self.next);
        let job = json!({"session_id": session_id, "created_timestamp": 1_764_806_400, "username": "jdoe",
            "batch_id": null, "payload": payload, "job_type": "PROV_LODGE", "job_sub_type": job_sub_type,
            "gsi_status": "ok", "status": "PENDING", "info": null, "result": null});
        self.jobs.insert(session_id.clone(), (job, polls));
        session_id
    }

    fn fetch_job(&mut self, session_id: &str) -> MockResponse {
        let Some((job, polls)) = self.jobs.get_mut(session_id) else {
            return detail(400, "Item was not found.");
        };
        if *polls == 0 {
            job["status"] = json!("SUCCEEDED");
            job["result"] = json!({"record": {"prov_json": "{}"}});
        } else {
            *polls -= 1;
            job["status"] = json!(if *polls == 0 {
                "IN_PROGRESS"
            } else {
                "PENDING"
            });
        }
        MockResponse::json(200, &json!({"job": job}))
    }

    fn list_jobs(&self, body: &Value, batch: Option<&str>) -> MockResponse {
        let limit = body["limit"].as_u64().unwrap_or(10).max(1) as usize;
        let jobs: Vec<&Value> = self
            .jobs
            .values()
            .map(|(j, _)| j)
            .filter(|j| batch.is_none_or(|b| j["batch_id"] == b))
            .collect();
        let start = body
            .pointer("/pagination_key/session_id")
            .and_then(Value::as_str)
            .and_then(|after| jobs.iter().position(|j| j["session_id"] == after))
            .map_or(0, |p| p + 1);
        let page: Vec<&Value> = jobs.iter().skip(start).take(limit).copied().collect();
        let key = (start + limit < jobs.len())
            .then(|| json!({"session_id": page.last().map(|j| j["session_id"].clone())}));
        MockResponse::json(200, &json!({"jobs": page, "pagination_key": key}))
    }

    fn handle(&mut self, route: &str, body: &Value) -> MockResponse {
        let id = body["id"].as_str().unwrap_or_default().to_owned();
        if route == "/mint" {
            self.next += 1;
            let id = format!("10378.1/{}", 2_000_000 + self.next);
            let handle = json!({"id": id, "properties": [{"type": body["value_type"], "value": body["value"], "index": 1}]});
            self.handles.insert(id, handle.clone());
            return MockResponse::json(200, &handle);
        }
        let Some(handle) = self.handles.get_mut(&id) else {
            return detail(400, &format!("Handle {id} does not exist."));
        };
        let properties = handle["properties"].as_array_mut().expect("properties");
        let index = body["index"].as_i64();
        match route {
            "/add_value" => {
                let next = properties
                    .iter()
                    .filter_map(|p| p["index"].as_i64())
                    .max()
                    .unwrap_or(0)
                    + 1;
                properties.push(
                    json!({"type": body["value_type"], "value": body["value"], "index": next}),
                );
            }
            "/add_value_by_index" => {
                if properties.iter().any(|p| p["index"].as_i64() == index) {
                    return detail(400, "The index is taken.");
                }
                properties.push(
                    json!({"type": body["value_type"], "value": body["value"], "index": index}),
                );
            }
            "/modify_by_index" => {
                match properties.iter_mut().find(|p| p["index"].as_i64() == index) {
                    Some(p) => p["value"] = body["value"].clone(),
                    None => return detail(400, "No value at that index."),
                }
            }
            _ => {
                let before = properties.len();
                properties.retain(|p| p["index"].as_i64() != index);
                if properties.len() == before {
                    return detail(400, "No value at that index.");
                }
            }
        }
        MockResponse::json(200, handle)
    }
}

fn lineage(start: &str) -> Value {
    json!({"status": ok(), "record_count": 2, "graph": {"directed": true, "multigraph": false, "graph": {},
        "nodes": [{"id": start, "item_category": "ENTITY", "item_subtype": "DATASET"},
                  {"id": "10378.1/1900999", "item_category": "ACTIVITY", "item_subtype": "MODEL_RUN"}],
        "links": [{"source": "10378.1/1900999", "target": start, "type": "used"}]}})
}

fn group() -> Value {
    json!({"id": "grp1", "display_name": "Reef modellers", "description": "People modelling the reef",
           "default_data_store_access": ["metadata-read"]})
}

fn report() -> Value {
    json!({"components": [{"component_name": "entity-registry", "component_roles": [
        {"role_name": "entity-registry-read", "role_level": "READ", "role_display_name": "Registry read",
         "description": "Read the registry", "intended_users": ["GENERAL"], "access_granted": true}]}]})
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn answer(
    state: &mut State,
    service: &str,
    method: &str,
    route: &str,
    body: &Value,
    query: &dyn Fn(&str) -> Option<String>,
    received: &Received,
) -> MockResponse {
    let services = &mut state.services;
    match (service, method, route) {
        ("job-api", "GET", "/jobs/user/fetch") => {
            services.fetch_job(&query("session_id").unwrap_or_default())
        }
        ("job-api", "POST", "/jobs/user/list") => services.list_jobs(body, None),
        ("job-api", "POST", "/jobs/user/list_batch") => {
            services.list_jobs(body, body["batch_id"].as_str())
        }
        ("handle", "GET", "/handle/list") => MockResponse::json(
            200,
            &json!({"ids": services.handles.keys().collect::<Vec<_>>()}),
        ),
        ("handle", "POST", "/handle/modify_by_index") => detail(405, "Method Not Allowed"),
        ("handle", "PUT", "/handle/modify_by_index") => services.handle("/modify_by_index", body),
        ("handle", "POST", route) if route.starts_with("/handle/") => {
            services.handle(route.trim_start_matches("/handle"), body)
        }
        (
            "auth-api",
            "GET",
            "/access-control/user/request-history" | "/access-control/user/pending-request-history",
        ) => MockResponse::json(200, &json!({"items": []})),
        ("auth-api", "POST", "/access-control/user/request-change") => {
            MockResponse::json(200, &json!({"status": ok()}))
        }
        ("auth-api", "GET", "/access-control/user/generate-access-report") => {
            MockResponse::json(200, &json!({"status": ok(), "report": report()}))
        }
        ("auth-api", "GET", "/groups/user/list_groups" | "/groups/user/list_user_membership") => {
            MockResponse::json(200, &json!({"status": ok(), "groups": [group()]}))
        }
        ("auth-api", "GET", "/groups/user/describe_group") => match query("id").as_deref() {
            Some("grp1") => MockResponse::json(200, &json!({"status": ok(), "group": group()})),
            _ => failed("Group not found."),
        },
        ("auth-api", "GET", "/groups/user/list_members") => {
            let mut g = group();
            g["users"] = json!([{"username": "jdoe", "email": "jdoe@example.org", "first_name": "Jane", "last_name": "Doe"}]);
            MockResponse::json(200, &json!({"status": ok(), "group": g}))
        }
        ("auth-api", "GET", "/groups/user/check_membership") => match query("group_id") {
            Some(g) => MockResponse::json(200, &json!({"status": ok(), "is_member": g == "grp1"})),
            None => detail(422, "group_id: field required"),
        },
        ("auth-api", "GET", "/link/user/lookup") => {
            MockResponse::json(200, &json!({"success": true, "person_id": "10378.1/777"}))
        }
        ("auth-api", "POST", "/link/user/assign") => MockResponse::json(200, &json!({})),
        ("auth-api", "POST", "/link/user/validate") => {
            MockResponse::json(200, &json!({"status": ok()}))
        }
        ("prov-api", "GET", route) if route.starts_with("/explore/") => {
            MockResponse::json(200, &lineage(&query("starting_id").unwrap_or_default()))
        }
        ("prov-api", "POST", "/model_run/register") => {
            let item = state.registry.create(
                &ItemSubType::ModelRun,
                &json!({"record": body, "display_name": body["display_name"]}),
                false,
            );
            let session =
                state
                    .services
                    .add_job("MODEL_RUN_PROV_LODGE", json!({"id": item["id"]}), 2);
            MockResponse::json(200, &json!({"status": ok(), "session_id": session}))
        }
        ("prov-api", "POST", "/model_run/register_batch") => {
            let session = services.add_job("MODEL_RUN_BATCH_SUBMIT", body.clone(), 2);
            MockResponse::json(200, &json!({"status": ok(), "session_id": session}))
        }
        ("prov-api", "POST", "/model_run/update") => {
            let session = services.add_job("MODEL_RUN_UPDATE", body.clone(), 1);
            MockResponse::json(200, &json!({"session_id": session}))
        }
        ("prov-api", "GET", "/bulk/generate_template/csv" | "/bulk/regenerate_from_batch/csv") => {
            MockResponse::status(200)
                .header("content-type", "text/csv; charset=utf-8")
                .body("model_run_display_name,start_time,end_time\n")
        }
        ("prov-api", "POST", "/bulk/convert_model_runs/csv") => {
            let csv = String::from_utf8_lossy(&received.body);
            let rows = csv
                .lines()
                .filter(|l| l.contains(','))
                .count()
                .saturating_sub(1);
            MockResponse::json(
                200,
                &json!({"status": ok(), "new_records": [], "existing_records": [],
                                            "warnings": [format!("{rows} rows without a workflow template")]}),
            )
        }
        ("prov-api", "POST", "/explore/generate/report") => MockResponse::status(200)
            .header(
                "content-type",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            .body(&b"PK\x03\x04 report"[..]),
        ("data-api", "POST", "/register/update-metadata") => MockResponse::json(
            200,
            &json!({"status": ok(),
            "handle": query("handle_id"), "s3_location": {"bucket_name": "data-store", "path": "datasets/x/", "s3_uri": "s3://data-store/datasets/x/"}}),
        ),
        ("data-api", "PUT", "/register/revert-metadata") => {
            MockResponse::json(200, &json!({"status": ok()}))
        }
        ("data-api", "POST", "/register/version") => MockResponse::json(
            200,
            &json!({"new_version_id": "10378.1/1999999", "version_job_session_id": "version-job-1"}),
        ),
        ("data-api", "POST", "/registry/items/generate-presigned-url") => MockResponse::json(
            200,
            &json!({"dataset_id": body["dataset_id"],
            "file_path": body["file_path"], "presigned_url": format!("https://data-store.s3.amazonaws.com/{}?X-Amz-Signature=stand-in", body["file_path"].as_str().unwrap_or_default())}),
        ),
        (
            "data-api",
            "POST",
            "/registry/credentials/generate-read-access-credentials"
            | "/registry/credentials/generate-write-access-credentials",
        ) => MockResponse::json(
            200,
            &json!({"status": ok(), "credentials": {"aws_access_key_id": "ASIASTANDIN",
                "aws_secret_access_key": "stand-in-secret-key", "aws_session_token": "stand-in-session-token",
                "expiry": "2026-12-04T12:00:00+00:00"}, "console_session_url": null}),
        ),
        ("data-api", "POST", "/release/sys-reviewers/add")
        | ("data-api", "DELETE", "/release/sys-reviewers/delete") => match query("reviewer_id") {
            Some(_) => MockResponse::status(200),
            None => detail(422, "reviewer_id: field required"),
        },
        ("data-api", "POST", "/release/approval-request") => MockResponse::json(
            200,
            &json!({"dataset_id": body["dataset_id"],
            "approver_id": body["approver_id"], "details": "Release requested."}),
        ),
        ("data-api", "PUT", "/release/action-approval-request") => MockResponse::json(
            200,
            &json!({"dataset_id": body["dataset_id"],
            "approved": body["approve"], "details": "Release actioned."}),
        ),
        _ => detail(404, "Not Found"),
    }
}
