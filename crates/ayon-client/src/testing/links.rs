//! Links in the stand-in: link types and links over REST, and the nested `links` connection
//! of entities in GraphQL.

use platform_client_core::testing::MockResponse;
use serde_json::{Map, Value, json};

use super::{State, error};

fn default_types() -> Vec<Value> {
    ["reference|folder|folder", "generative|version|version"]
        .iter()
        .map(|name| {
            let parts: Vec<&str> = name.split('|').collect();
            json!({"name": name, "linkType": parts[0], "inputType": parts[1], "outputType": parts[2],
                   "data": {"color": "#3f67de", "style": "solid"}})
        })
        .collect()
}

/// `/api/projects/{p}/links/...`.
pub(crate) fn rest(
    state: &mut State,
    project: &str,
    method: &str,
    rest: &[&str],
    body: &Value,
) -> MockResponse {
    let types_key = format!("{project}/linkTypes");
    if state.store.objects(&types_key).is_empty() {
        state.store.mount(&types_key, default_types());
    }
    let links_key = format!("{project}/links");
    match (method, rest) {
        ("GET", ["types"]) => {
            MockResponse::json(200, &json!({"types": state.store.objects(&types_key)}))
        }
        ("PUT", ["types", name]) => {
            let parts: Vec<&str> = name.split('|').collect();
            if parts.len() != 3 {
                return error(400, "link type name must be type|input|output");
            }
            state.store.rows(&types_key).retain(|t| t["name"] != *name);
            let link_type = json!({"name": name, "linkType": parts[0], "inputType": parts[1],
                                   "outputType": parts[2], "data": body});
            state.store.mount(&types_key, [link_type]);
            MockResponse::status(204)
        }
        ("DELETE", ["types", name]) => {
            state.store.rows(&types_key).retain(|t| t["name"] != *name);
            MockResponse::status(204)
        }
        ("POST", []) => {
            let link_type = body["linkType"].as_str().unwrap_or_default();
            if state
                .store
                .objects(&types_key)
                .iter()
                .all(|t| t["name"] != link_type)
            {
                return error(400, &format!("Link type {link_type} does not exist"));
            }
            let id = state.store.fresh_hex_id();
            let mut link: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
            link.insert("id".to_owned(), json!(id));
            link.insert("author".to_owned(), json!("admin"));
            state.store.mount(&links_key, [Value::Object(link)]);
            MockResponse::json(200, &json!({"id": id}))
        }
        ("DELETE", [id]) => match state.store.position(&links_key, id) {
            Some(index) => {
                state.store.rows(&links_key).remove(index);
                MockResponse::status(204)
            }
            None => error(404, &format!("Link {id} not found")),
        },
        _ => error(405, "Method Not Allowed"),
    }
}

/// The page of `links` of entity `id`, with the nested connection's filters and paging.
pub(crate) fn page(
    state: &State,
    project: &str,
    id: &Value,
    query: &str,
    variables: &Map<String, Value>,
) -> Value {
    let args = super::graphql::arguments(query, "links");
    let var = |arg: &str| {
        args.get(arg)
            .and_then(|text| text.strip_prefix('$'))
            .and_then(|name| variables.get(name))
            .cloned()
    };
    let direction = var("direction");
    let types = var("linkTypes");
    let names = var("names");
    let first: usize = args
        .get("first")
        .and_then(|f| f.parse().ok())
        .unwrap_or(100);
    let start: usize = args
        .get("after")
        .and_then(|a| a.trim_matches('"').parse::<usize>().ok())
        .map_or(0, |i| i + 1);
    let edges: Vec<Value> = state
        .store
        .objects(&format!("{project}/links"))
        .iter()
        .filter_map(|link| {
            let parts: Vec<&str> = link["linkType"].as_str().unwrap_or_default().split('|').collect();
            let (dir, other, other_type) = if link["input"] == *id {
                ("out", &link["output"], parts.get(2))
            } else if link["output"] == *id {
                ("in", &link["input"], parts.get(1))
            } else {
                return None;
            };
            let wanted = direction.as_ref().is_none_or(|d| d == dir)
                && types.as_ref().is_none_or(|t| t.as_array().is_some_and(|t| t.contains(&json!(parts[0]))))
                && names.as_ref().is_none_or(|n| n.as_array().is_some_and(|n| n.contains(&link["name"])));
            wanted.then(|| json!({"id": link["id"], "entityId": other, "entityType": other_type, "linkType": parts[0],
                                  "direction": dir, "name": link.get("name").cloned().unwrap_or(Value::Null),
                                  "author": link["author"], "description": "", "projectName": project, "data": {}}))
        })
        .collect();
    let end = (start + first).min(edges.len());
    let page = edges
        .get(start.min(end)..end)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    json!({"edges": page, "pageInfo": {"endCursor": (end > start).then(|| (end - 1).to_string()),
                                       "hasNextPage": end < edges.len()}})
}
