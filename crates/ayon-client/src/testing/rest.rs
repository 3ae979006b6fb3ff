//! The REST side of the stand-in.

use platform_client_core::testing::{MockResponse, Received};
use serde_json::{Map, Value, json};

use super::{ADMIN_PASSWORD, ENTITY_ROUTES, State, error};

const NOW: &str = "2026-11-23T19:57:04.812866+00:00";

/// A project as `GET /api/projects/{p}` shows it.
pub(crate) fn new_project(name: &str, code: &str, library: bool) -> Value {
    json!({"name": name, "code": code, "library": library, "active": true,
           "folderTypes": [{"name": "Folder", "icon": "folder"}, {"name": "Asset", "icon": "smart_toy"},
                           {"name": "Shot", "icon": "movie"}],
           "taskTypes": [{"name": "Generic"}, {"name": "Modeling"}],
           "statuses": [{"name": "Not ready"}, {"name": "In progress", "scope": ["task"]}],
           "tags": [], "linkTypes": [], "productTypes": [{"name": "model", "icon": "view_in_ar", "color": "#cccccc"}],
           "attrib": {"fps": 25.0, "frameStart": 1001, "frameEnd": 1100},
           "ownAttrib": ["fps"], "data": {}, "config": {"roots": {}},
           "createdAt": NOW, "updatedAt": NOW})
}

/// The primary anatomy preset (a small one).
fn anatomy() -> Value {
    json!({"entity_naming": {"capitalization": "lower", "separator": "_"},
           "roots": [{"name": "work", "windows": "C:/projects", "linux": "/mnt/share/projects", "darwin": "/Volumes/projects"}],
           "templates": {"version_padding": 3, "version": "v{version:0>{@version_padding}}"},
           "attributes": {"fps": 25.0}, "folder_types": [{"name": "Folder"}], "task_types": [{"name": "Generic"}],
           "link_types": [], "statuses": [{"name": "Not ready"}], "tags": []})
}

pub(crate) fn login(state: &mut State, received: &Received) -> MockResponse {
    let body: Value = serde_json::from_slice(&received.body).unwrap_or(Value::Null);
    if body["name"] == "admin" && body["password"] == ADMIN_PASSWORD {
        let token = format!("{:064x}", state.tokens.len() + 1);
        state.tokens.push(token.clone());
        return MockResponse::json(
            200,
            &json!({"detail": "Logged in as admin", "error": null,
            "token": token, "user": admin(), "redirectUrl": null}),
        );
    }
    MockResponse::json(
        403,
        &json!({"code": 403, "detail": "Invalid login/password combination"}),
    )
}

fn admin() -> Value {
    json!({"name": "admin", "attrib": {"fullName": "Ayon admin"},
           "data": {"isAdmin": true, "accessGroups": {}}, "active": true,
           "ownAttrib": ["fullName"], "createdAt": NOW, "updatedAt": NOW})
}

fn service_user() -> Value {
    json!({"name": "service", "attrib": {}, "data": {"isService": true}, "active": true,
           "createdAt": NOW, "updatedAt": NOW})
}

/// Whether `name` follows the server's entity name rule.
pub(crate) fn valid_name(name: &str) -> bool {
    crate::api::check_entity_name("name", name).is_ok()
}

fn validation_error(field: &str, message: &str) -> MockResponse {
    MockResponse::json(
        400,
        &json!({"code": 400, "detail": "Validation error",
        "errors": [{"loc": ["body", field], "msg": message, "type": "value_error"}]}),
    )
}

pub(crate) fn answer(
    state: &mut State,
    received: &Received,
    body: &Value,
    service: bool,
) -> MockResponse {
    let record = &received.record;
    let method = record.method.as_str();
    let path = record.path.trim_end_matches('/');
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        ("GET", ["api", "users", "me"]) => {
            MockResponse::json(200, &if service { service_user() } else { admin() })
        }
        ("GET", ["api", "users", "admin"]) => MockResponse::json(200, &admin()),
        ("GET", ["api", "users", name]) => error(404, &format!("User {name} not found")),
        ("POST", ["api", "auth", "logout"]) => {
            if let Some(token) = received
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
            {
                state.tokens.retain(|t| t != token);
            }
            MockResponse::json(200, &json!({"detail": "Logged out"}))
        }
        ("GET", ["api", "secrets"]) => {
            let secrets: Vec<Value> = state
                .store
                .objects("secrets")
                .iter()
                .map(|s| json!({"name": s["id"], "value": s["value"]}))
                .collect();
            MockResponse::json(200, &secrets)
        }
        (method, ["api", "secrets", name]) => match (method, state.store.position("secrets", name))
        {
            ("GET", Some(i)) => {
                let secret = &state.store.rows("secrets")[i];
                MockResponse::json(
                    200,
                    &json!({"name": secret["id"], "value": secret["value"]}),
                )
            }
            ("PUT", index) => {
                if let Some(i) = index {
                    state.store.rows("secrets").remove(i);
                }
                state
                    .store
                    .mount("secrets", [json!({"id": name, "value": body["value"]})]);
                MockResponse::status(204)
            }
            ("DELETE", Some(i)) => {
                state.store.rows("secrets").remove(i);
                MockResponse::status(204)
            }
            (_, None) => error(404, &format!("Secret {name} not found")),
            _ => error(405, "Method Not Allowed"),
        },
        (_, ["api", "events", ..] | ["api", "enroll"]) => {
            super::events::rest(state, received, body, service, &parts[1..])
        }
        ("GET", ["openapi.json"]) => MockResponse::json(
            200,
            &json!({"openapi": "3.1.0",
            "info": {"title": "Ayon server", "version": super::SERVER_VERSION}, "paths": {},
            "components": {"schemas": {"FolderModel": {"type": "object"}}}}),
        ),
        ("GET", ["api", "attributes"]) => {
            MockResponse::json(200, &json!({"attributes": state.attributes}))
        }
        ("PUT", ["api", "attributes", name]) => {
            state.attributes.retain(|a| a["name"] != *name);
            let mut attribute = body.clone();
            attribute["name"] = json!(name);
            state.attributes.push(attribute);
            MockResponse::status(204)
        }
        ("DELETE", ["api", "attributes", name]) => {
            let before = state.attributes.len();
            state.attributes.retain(|a| a["name"] != *name);
            if state.attributes.len() == before {
                return error(404, &format!("Attribute {name} not found"));
            }
            MockResponse::status(204)
        }
        ("GET", ["api", "anatomy", "presets"]) => MockResponse::json(
            200,
            &json!({"version": "1.0.0",
            "presets": [{"name": "studio", "primary": true, "version": "1.0.0"}]}),
        ),
        ("GET", ["api", "anatomy", "presets", _]) => MockResponse::json(200, &anatomy()),
        ("GET", ["api", "projects"]) => projects_listing(state, record),
        ("POST", ["api", "projects"]) => create_project(state, body),
        (_, ["api", "projects", project, rest @ ..]) => {
            if state
                .store
                .objects("projects")
                .iter()
                .all(|p| p["name"] != *project)
            {
                return error(404, &format!("Project {project} not found"));
            }
            project_route(state, method, project, rest, body, record)
        }
        _ => error(404, &format!("no route {method} {path} in the stand-in")),
    }
}

fn projects_listing(
    state: &State,
    record: &platform_client_core::testing::RequestRecord,
) -> MockResponse {
    let active = record.query_values("active").first().map(|v| *v == "true");
    let projects: Vec<Value> = state
        .store
        .objects("projects")
        .into_iter()
        .filter(|p| active.is_none_or(|a| p["active"] == a))
        .map(|p| json!({"name": p["name"], "code": p["code"], "active": p["active"], "library": p["library"],
                        "createdAt": p["createdAt"], "updatedAt": p["updatedAt"]}))
        .collect();
    MockResponse::json(
        200,
        &json!({"detail": format!("{} projects", projects.len()), "count": projects.len(), "projects": projects}),
    )
}

fn create_project(state: &mut State, body: &Value) -> MockResponse {
    let name = body["name"].as_str().unwrap_or_default();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return validation_error("name", "string does not match regex");
    }
    if state
        .store
        .objects("projects")
        .iter()
        .any(|p| p["name"] == name)
    {
        return error(409, &format!("Project {name} already exists"));
    }
    let code = body["code"].as_str().unwrap_or_default();
    let library = body["library"].as_bool().unwrap_or(false);
    state
        .store
        .mount("projects", [new_project(name, code, library)]);
    MockResponse::json(201, &Value::Null)
}

fn project_index(state: &mut State, project: &str) -> Option<usize> {
    state
        .store
        .rows("projects")
        .iter()
        .position(|p| p["name"] == project)
}

fn project_route(
    state: &mut State,
    method: &str,
    project: &str,
    rest: &[&str],
    body: &Value,
    record: &platform_client_core::testing::RequestRecord,
) -> MockResponse {
    let key = |route: &str| format!("{project}/{route}");
    match (method, rest) {
        ("GET", []) => {
            let index = project_index(state, project).unwrap_or_default();
            MockResponse::json(200, &state.store.rows("projects")[index])
        }
        ("PATCH", []) => {
            let index = project_index(state, project).unwrap_or_default();
            merge(&mut state.store.rows("projects")[index], body);
            MockResponse::status(204)
        }
        ("DELETE", []) => {
            state
                .store
                .rows("projects")
                .retain(|p| p["name"] != project);
            MockResponse::status(204)
        }
        ("GET", ["roots"]) => {
            MockResponse::json(200, &json!({"test-site": {"work": "/mnt/site/work"}}))
        }
        ("GET", ["siteRoots"]) => {
            let platform = record
                .query_values("platform")
                .first()
                .copied()
                .unwrap_or("linux");
            let root = if platform == "windows" {
                "C:/projects"
            } else {
                "/mnt/share/projects"
            };
            MockResponse::json(200, &json!({"work": root}))
        }
        ("GET", ["hierarchy"]) => hierarchy(state, project),
        ("POST", ["operations"]) => super::graphql::operations(state, project, body),
        (_, ["links", rest @ ..]) => super::links::rest(state, project, method, rest, body),
        ("POST", ["repreContextFilter"]) => {
            let ids: Vec<Value> = state
                .store
                .objects(&key("representations"))
                .iter()
                .map(|r| r["id"].clone())
                .collect();
            MockResponse::json(200, &json!({"ids": ids}))
        }
        ("GET", [route]) if ENTITY_ROUTES.contains(route) => {
            let mut rows = state.store.objects(&key(route));
            if record.query_values("attrib").first() != Some(&"true") {
                rows.iter_mut().for_each(|r| {
                    if let Some(o) = r.as_object_mut() {
                        o.remove("attrib");
                    }
                });
            }
            MockResponse::json(200, &json!({ *route: rows }))
        }
        ("POST", [route]) if ENTITY_ROUTES.contains(route) => {
            create_entity(state, project, route, body)
        }
        (_, [route, id]) if ENTITY_ROUTES.contains(route) => {
            let Some(index) = state.store.position(&key(route), id) else {
                return error(
                    404,
                    &format!("{} {id} not found", route.trim_end_matches('s')),
                );
            };
            match method {
                "GET" => MockResponse::json(200, &state.store.rows(&key(route))[index]),
                "PATCH" => {
                    merge(&mut state.store.rows(&key(route))[index], body);
                    MockResponse::status(204)
                }
                "DELETE" => {
                    state.store.rows(&key(route)).remove(index);
                    MockResponse::status(204)
                }
                _ => error(405, "Method Not Allowed"),
            }
        }
        _ => error(405, "Method Not Allowed"),
    }
}

/// `PATCH` semantics: the given keys replace the stored ones (`attrib` and `data` merged).
pub(crate) fn merge(target: &mut Value, changes: &Value) {
    let (Some(target), Some(changes)) = (target.as_object_mut(), changes.as_object()) else {
        return;
    };
    for (key, value) in changes {
        match (key.as_str(), target.get_mut(key), value) {
            ("attrib" | "data", Some(Value::Object(old)), Value::Object(new)) => {
                for (k, v) in new {
                    old.insert(k.clone(), v.clone());
                }
            }
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Creates an entity: name rule (400), sibling uniqueness (409), the stored REST shape.
pub(crate) fn create_entity(
    state: &mut State,
    project: &str,
    route: &str,
    body: &Value,
) -> MockResponse {
    let mut entity: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    let name = entity
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if route != "versions" && route != "workfiles" && !valid_name(&name) {
        return validation_error(
            "name",
            "string does not match regex '^[a-zA-Z0-9_]([a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9_])?$'",
        );
    }
    let id = entity
        .get("id")
        .and_then(Value::as_str)
        .map_or_else(|| state.store.fresh_hex_id(), str::to_owned);
    let key = format!("{project}/{route}");
    if state.store.position(&key, &id).is_some() {
        return error(409, &format!("Entity {id} already exists"));
    }
    if route == "folders" {
        let parent = entity.get("parentId").cloned().unwrap_or(Value::Null);
        if state.store.rows(&key).iter().any(|f| {
            f["parentId"] == parent
                && f["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        }) {
            return error(
                409,
                &format!(
                    "Folder with lower(name::text) '{}' already exists.",
                    name.to_lowercase()
                ),
            );
        }
        let parent_path = parent
            .as_str()
            .and_then(|p| state.store.find(&key, p))
            .and_then(|p| p["path"].as_str().map(str::to_owned));
        let path = parent_path.map_or_else(|| name.clone(), |p| format!("{p}/{name}"));
        entity.insert("path".to_owned(), json!(path));
        entity.entry("parentId").or_insert(Value::Null);
    }
    if route == "versions" {
        entity.entry("status").or_insert(json!("Pending review"));
    }
    entity.insert("id".to_owned(), json!(id));
    for (k, v) in [
        ("active", json!(true)),
        ("tags", json!([])),
        ("attrib", json!({})),
        ("data", json!({})),
        ("status", json!("Not ready")),
        ("ownAttrib", json!([])),
        ("createdAt", json!(NOW)),
        ("updatedAt", json!(NOW)),
    ] {
        entity.entry(k).or_insert(v);
    }
    state.store.mount(&key, [Value::Object(entity)]);
    MockResponse::json(201, &json!({"id": id}))
}

fn hierarchy(state: &State, project: &str) -> MockResponse {
    let folders = state.store.objects(&format!("{project}/folders"));
    fn children(folders: &[Value], parent: &Value) -> Vec<Value> {
        folders
            .iter()
            .filter(|f| f["parentId"] == *parent)
            .map(|f| json!({"id": f["id"], "name": f["name"], "label": f["label"].as_str().unwrap_or(f["name"].as_str().unwrap_or_default()),
                            "status": f["status"], "folderType": f["folderType"], "hasTasks": false, "taskNames": [],
                            "parents": [], "parentId": f["parentId"], "children": children(folders, &f["id"])}))
            .collect()
    }
    MockResponse::json(
        200,
        &json!({"detail": "Hierarchy loaded in 0.001s", "projectName": project,
                                   "hierarchy": children(&folders, &Value::Null)}),
    )
}
