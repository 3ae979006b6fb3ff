//! The GraphQL side of the stand-in (entity connections by operation name, with filters,
//! field selection and cursor paging), and batch operations.

use std::collections::BTreeMap;

use platform_client_core::reexports::Bytes;
use platform_client_core::testing::{MockResponse, connection_page};
use serde_json::{Map, Value, json};

use super::State;
use super::rest::{create_entity, merge};

/// Operation name → the project's collection its connection lists.
const CONNECTIONS: [(&str, &str); 7] = [
    ("FoldersQuery", "folders"),
    ("TasksQuery", "tasks"),
    ("ProductsQuery", "products"),
    ("VersionsQuery", "versions"),
    ("RepresentationsQuery", "representations"),
    ("RepresentationsParentsQuery", "representations"),
    ("WorkfilesInfo", "workfiles"),
];

/// A selection tree parsed from a query text.
#[derive(Debug, Default)]
pub(crate) struct Selection(BTreeMap<String, Selection>);

fn graphql_error(message: &str) -> Value {
    json!({"data": null, "errors": [{"message": message, "locations": [{"line": 1, "column": 1}], "path": []}]})
}

pub(crate) fn answer(state: &mut State, body: &Value) -> Value {
    let query = body["query"].as_str().unwrap_or_default();
    let variables = body["variables"].as_object().cloned().unwrap_or_default();
    let operation = query
        .trim_start()
        .strip_prefix("query")
        .map(|rest| {
            rest.trim_start()
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let project_name = variables
        .get("projectName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let project = state
        .store
        .objects("projects")
        .into_iter()
        .find(|p| p["name"] == project_name);
    match operation {
        "ProductTypes" => json!({"data": {"productTypes": []}}),
        "Events" => super::events::connection(state, query, &variables),
        "ProjectProductTypes" => {
            json!({"data": {"project": project.map(|p| json!({"productTypes": p["productTypes"]}))}})
        }
        "ProjectQuery" => json!({"data": {"project": project.map(|p| project_node(&p, query))}}),
        "VersionIsLatest" => version_is_latest(state, project_name, &variables),
        "ProjectsQuery" => {
            let nodes: Vec<Value> = state
                .store
                .objects("projects")
                .iter()
                .map(|p| project_node(p, query))
                .collect();
            json!({"data": {"projects": page(&nodes, query, "projects")}})
        }
        "Users" => {
            let users = [
                json!({"name": "admin", "active": true, "isAdmin": true, "isService": false, "accessGroups": "{}", "attrib": {"fullName": "Ayon admin"}}),
                json!({"name": "service", "active": true, "isAdmin": false, "isService": true, "accessGroups": "{}", "attrib": {}}),
            ];
            let names = variables.get("userNames").and_then(Value::as_array);
            let selection = node_selection(query);
            let nodes: Vec<Value> = users
                .iter()
                .filter(|u| names.is_none_or(|n| n.contains(&u["name"])))
                .map(|u| project_fields(u, &selection))
                .collect();
            json!({"data": {"users": page(&nodes, query, "users")}})
        }
        op => match CONNECTIONS.iter().find(|(name, _)| *name == op) {
            Some((_, route)) if project.is_some() => {
                entity_connection(state, project_name, route, query, &variables)
            }
            Some(_) => json!({"data": {"project": null}}),
            None => graphql_error(&format!("Cannot query operation '{op}' on the stand-in")),
        },
    }
}

pub(crate) fn page(nodes: &[Value], query: &str, connection: &str) -> Value {
    let args = arguments(query, connection);
    let first = args.get("first").and_then(|f| f.parse().ok());
    let after = args.get("after").map(|a| a.trim_matches('"').to_owned());
    let refs: Vec<&Value> = nodes.iter().collect();
    connection_page(&refs, first, after.as_deref())
}

/// The arguments of the first `<field>(...)` of the query: name → text (`$var`, literal).
pub(crate) fn arguments(query: &str, field: &str) -> BTreeMap<String, String> {
    let Some(start) = query.find(&format!("{field}(")) else {
        return BTreeMap::new();
    };
    let rest = &query[start + field.len() + 1..];
    let end = rest.find(')').unwrap_or(rest.len());
    rest[..end]
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn project_node(project: &Value, query: &str) -> Value {
    let mut node = project.clone();
    if let Some(o) = node.as_object_mut() {
        o.insert("data".to_owned(), json!(project["data"].to_string()));
        o.insert("allAttrib".to_owned(), json!(project["attrib"].to_string()));
    }
    project_fields(&node, &node_selection(query))
}

fn version_is_latest(state: &State, project: &str, variables: &Map<String, Value>) -> Value {
    let versions = state.store.objects(&format!("{project}/versions"));
    let id = variables.get("versionId").cloned().unwrap_or(Value::Null);
    let Some(version) = versions.iter().find(|v| v["id"] == id) else {
        return json!({"data": {"project": {"version": null}}});
    };
    let latest = versions
        .iter()
        .filter(|v| {
            v["productId"] == version["productId"] && v["version"].as_i64().unwrap_or(-1) >= 0
        })
        .max_by_key(|v| v["version"].as_i64().unwrap_or(0));
    json!({"data": {"project": {"version": {"product": {"latestVersion": latest.map(|l| json!({"id": l["id"]}))}}}}})
}

fn entity_connection(
    state: &State,
    project: &str,
    route: &str,
    query: &str,
    variables: &Map<String, Value>,
) -> Value {
    let key = |r: &str| format!("{project}/{r}");
    let rows = state.store.objects(&key(route));
    let args = arguments(query, route);
    let mut matching: Vec<&Value> = rows.iter().collect();
    for (arg, text) in &args {
        if arg == "first" || arg == "after" {
            continue;
        }
        let value = text
            .strip_prefix('$')
            .and_then(|v| variables.get(v))
            .cloned()
            .unwrap_or(Value::Null);
        let list: Vec<Value> = value.as_array().cloned().unwrap_or_default();
        let children = |r: &str, field: &str, id: &Value| {
            state.store.objects(&key(r)).iter().any(|c| c[field] == *id)
        };
        let keep: Box<dyn Fn(&Value) -> bool> = match arg.as_str() {
            "ids" => Box::new(|r| list.contains(&r["id"])),
            "names" => Box::new(|r| list.contains(&r["name"])),
            "paths" if route == "folders" => Box::new(|r| {
                list.contains(&json!(format!(
                    "/{}",
                    r["path"].as_str().unwrap_or_default()
                )))
            }),
            "paths" => Box::new(|r| list.contains(&r["path"])),
            "parentIds" => Box::new(|r| {
                let parent = if r["parentId"].is_null() {
                    json!("root")
                } else {
                    r["parentId"].clone()
                };
                list.contains(&parent)
            }),
            "folderIds" | "productIds" | "versionIds" | "taskIds" => {
                let field = format!("{}Id", arg.trim_end_matches("Ids"));
                Box::new(move |r| list.contains(&r[&field]))
            }
            "versions" => Box::new(|r| list.contains(&r["version"])),
            "folderTypes" | "taskTypes" | "productTypes" => {
                let field = arg.trim_end_matches('s').to_owned();
                Box::new(move |r| list.contains(&r[&field]))
            }
            "statuses" => Box::new(|r| list.contains(&r["status"])),
            "tags" => Box::new(|r| {
                r["tags"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|x| list.contains(x)))
            }),
            "assigneesAny" => Box::new(|r| {
                r["assignees"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| list.contains(x)))
            }),
            "assignees" => Box::new(|r| {
                list.iter()
                    .all(|u| r["assignees"].as_array().is_some_and(|a| a.contains(u)))
            }),
            "hasProducts" => {
                Box::new(|r| children("products", "folderId", &r["id"]) == (value == json!(true)))
            }
            "hasTasks" => {
                Box::new(|r| children("tasks", "folderId", &r["id"]) == (value == json!(true)))
            }
            "hasChildren" => {
                Box::new(|r| children("folders", "parentId", &r["id"]) == (value == json!(true)))
            }
            "heroOnly" => {
                Box::new(|r| value != json!(true) || r["version"].as_i64().is_some_and(|v| v < 0))
            }
            "latestOnly" => Box::new(|r| value != json!(true) || is_latest(&rows, r)),
            other => {
                return graphql_error(&format!(
                    "the stand-in does not filter {route} by `{other}`"
                ));
            }
        };
        matching.retain(|r| keep(r));
    }
    let selection = node_selection(query);
    let nodes: Vec<Value> = matching
        .iter()
        .map(|r| {
            let mut shaped = graphql_shape(state, project, route, r);
            if query.contains("links(") {
                shaped["links"] = super::links::page(state, project, &r["id"], query, variables);
            }
            project_fields(&shaped, &selection)
        })
        .collect();
    json!({"data": {"project": {route: page(&nodes, query, route)}}})
}

fn is_latest(versions: &[Value], version: &Value) -> bool {
    let number = version["version"].as_i64().unwrap_or(-1);
    number >= 0
        && versions
            .iter()
            .filter(|v| v["productId"] == version["productId"])
            .all(|v| v["version"].as_i64().unwrap_or(-1) <= number)
}

/// A stored (REST-shaped) entity as GraphQL shows it: `path` with a leading `/`, JSON text for
/// `data`, `context` and `allAttrib`, file sizes as text, parents for representations.
fn graphql_shape(state: &State, project: &str, route: &str, row: &Value) -> Value {
    let mut node = row.clone();
    let Some(o) = node.as_object_mut() else {
        return node;
    };
    if route == "folders"
        && let Some(path) = row["path"].as_str()
    {
        o.insert("path".to_owned(), json!(format!("/{path}")));
    }
    o.insert("data".to_owned(), json!(row["data"].to_string()));
    o.insert("allAttrib".to_owned(), json!(row["attrib"].to_string()));
    if let Some(context) = row.get("context") {
        o.insert("context".to_owned(), json!(context.to_string()));
    }
    if let Some(Value::Array(files)) = o.get_mut("files") {
        for file in files {
            if let Some(size) = file.get("size").and_then(Value::as_u64) {
                file["size"] = json!(size.to_string());
            }
        }
    }
    if route == "representations" {
        let find = |r: &str, id: &Value| {
            state
                .store
                .objects(&format!("{project}/{r}"))
                .into_iter()
                .find(|e| e["id"] == *id)
        };
        if let Some(mut version) = find("versions", &row["versionId"]) {
            if let Some(mut product) = find("products", &version["productId"]) {
                product["folder"] = find("folders", &product["folderId"]).unwrap_or(Value::Null);
                version["product"] = product;
            }
            version["task"] = find("tasks", &version["taskId"]).unwrap_or(Value::Null);
            o.insert("version".to_owned(), version);
        }
    }
    node
}

/// The selection under the first `node {`.
pub(crate) fn node_selection(query: &str) -> Selection {
    // Arguments are read elsewhere: the selection is the query without them.
    let mut plain = String::with_capacity(query.len());
    let mut depth = 0usize;
    for c in query.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c => plain.push(c),
        }
    }
    let spaced = plain.replace('{', " { ").replace('}', " } ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let start = tokens
        .windows(2)
        .position(|w| w == ["node", "{"])
        .map_or(tokens.len(), |i| i + 2);
    let mut index = start;
    parse_selection(&tokens, &mut index)
}

fn parse_selection(tokens: &[&str], index: &mut usize) -> Selection {
    let mut selection = Selection::default();
    while let Some(&token) = tokens.get(*index) {
        *index += 1;
        match token {
            "}" => break,
            name => {
                let child = if tokens.get(*index) == Some(&"{") {
                    *index += 1;
                    parse_selection(tokens, index)
                } else {
                    Selection::default()
                };
                selection.0.insert(name.to_owned(), child);
            }
        }
    }
    selection
}

/// Only the selected fields (all of them under an empty selection), `null` for missing ones.
pub(crate) fn project_fields(value: &Value, selection: &Selection) -> Value {
    if selection.0.is_empty() {
        return value.clone();
    }
    match value {
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| project_fields(i, selection)).collect())
        }
        Value::Object(object) => Value::Object(
            selection
                .0
                .iter()
                .map(|(name, sub)| {
                    (
                        name.clone(),
                        object
                            .get(name)
                            .map_or(Value::Null, |v| project_fields(v, sub)),
                    )
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `POST /api/projects/{p}/operations`: every operation applied in turn; with `canFail` false
/// one failure undoes them all. HTTP 200 either way.
pub(crate) fn operations(state: &mut State, project: &str, body: &Value) -> MockResponse {
    let can_fail = body["canFail"].as_bool().unwrap_or(false);
    let before = state.store.clone();
    let mut results = Vec::new();
    for op in body["operations"].as_array().cloned().unwrap_or_default() {
        let route = format!("{}s", op["entityType"].as_str().unwrap_or_default());
        let key = format!("{project}/{route}");
        let id = op["entityId"].as_str().unwrap_or_default().to_owned();
        let (status, detail) = match op["type"].as_str().unwrap_or_default() {
            "create" => {
                let mut data = op["data"].clone();
                if !id.is_empty() {
                    data["id"] = json!(id);
                }
                let answer = create_entity(state, project, &route, &data);
                (answer.status, answer.body)
            }
            kind => match state.store.position(&key, &id) {
                None => (
                    404,
                    Bytes::from(format!(
                        "{{\"detail\": \"{} {id} not found\"}}",
                        route.trim_end_matches('s')
                    )),
                ),
                Some(index) if kind == "update" => {
                    merge(&mut state.store.rows(&key)[index], &op["data"]);
                    (204, Bytes::new())
                }
                Some(index) => {
                    state.store.rows(&key).remove(index);
                    (204, Bytes::new())
                }
            },
        };
        let success = status < 300;
        let detail: Value = serde_json::from_slice(&detail).unwrap_or(Value::Null);
        results.push(json!({"id": op["id"], "type": op["type"], "entityType": op["entityType"],
            "entityId": if id.is_empty() { detail["id"].clone() } else { json!(id) }, "success": success, "status": status,
            "errorCode": if success { Value::Null } else if status == 409 { json!("unique-violation") } else { json!("error") },
            "detail": if success { Value::Null } else { detail["detail"].clone() }}));
    }
    let success = results.iter().all(|r| r["success"] == true);
    if !success && !can_fail {
        state.store = before;
    }
    MockResponse::json(200, &json!({"operations": results, "success": success}))
}
