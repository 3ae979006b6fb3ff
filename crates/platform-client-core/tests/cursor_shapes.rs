//! Cursor paging in the two shapes the next crates need: AYON's GraphQL connections
//! (`first`/`after` variables, `pageInfo { endCursor hasNextPage }`, an end cursor even on the
//! last page) and Provena's `pagination_key` (an opaque JSON object echoed back in the next
//! POST body; absent on the last page).

use std::sync::Arc;

use platform_client_core::testing::{MockResponse, Received, TestServer, local_builder};
use platform_client_core::{PageData, PageDecoder, Paginator, Request, Response};
use serde_json::{Value, json};

fn body(r: &Received) -> Value {
    serde_json::from_slice(&r.body).unwrap_or(Value::Null)
}

/// AYON: 8 folders, `first` per page, cursors `c<index of the next item>`.
fn ayon(r: &Received) -> MockResponse {
    let vars = &body(r)["variables"];
    let first = vars["first"].as_u64().unwrap_or(300) as usize;
    let start = vars["after"]
        .as_str()
        .map_or(0, |c| c[1..].parse().unwrap_or(0));
    let end = (start + first).min(8);
    let edges: Vec<Value> = (start..end)
        .map(|i| json!({"node": {"id": format!("{i:032x}"), "name": format!("f{i}")}}))
        .collect();
    let page_info = json!({"endCursor": format!("c{end}"), "hasNextPage": end < 8});
    let folders = json!({"edges": edges, "pageInfo": page_info});
    MockResponse::json(200, &json!({"data": {"project": {"folders": folders}}}))
}

fn ayon_decoder() -> PageDecoder<String> {
    Arc::new(|response: &Response| {
        let value: Value = response.json()?;
        let folders = &value["data"]["project"]["folders"];
        let items = folders["edges"].as_array().into_iter().flatten();
        let items = items.filter_map(|e| e["node"]["name"].as_str().map(str::to_owned));
        let info = &folders["pageInfo"];
        let more = info["hasNextPage"].as_bool() == Some(true);
        let next = more
            .then(|| info["endCursor"].as_str().map(str::to_owned))
            .flatten();
        Ok(PageData {
            items: items.collect(),
            total: None,
            next,
        })
    })
}

fn ayon_request(cursor: Option<&str>) -> Request {
    let query = "query Folders($projectName: String!, $first: Int, $after: String) { project(name: $projectName) { folders(first: $first, after: $after) { edges { node { id name } } pageInfo { endCursor hasNextPage } } } }";
    let variables = json!({"projectName": "demo", "first": 3, "after": cursor});
    let body = json!({"query": query, "variables": variables});
    Request::post("graphql")
        .json(&body)
        .unwrap()
        .retry_safe(true)
}

#[tokio::test]
async fn graphql_connections_page_by_end_cursor_until_has_next_page_is_false() {
    let server = TestServer::start(ayon).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let names = Paginator::cursor(&client, ayon_request, ayon_decoder())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, (0..8).map(|i| format!("f{i}")).collect::<Vec<_>>());
    let afters: Vec<Value> = server
        .received()
        .iter()
        .map(|r| body(r)["variables"]["after"].clone())
        .collect();
    assert_eq!(
        afters,
        [json!(null), json!("c3"), json!("c6")],
        "the last end cursor is not followed"
    );

    let before = server.request_count();
    let five = Paginator::cursor(&client, ayon_request, ayon_decoder())
        .limit(5)
        .prefetch(1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(five.len(), 5);
    assert_eq!(
        server.request_count() - before,
        2,
        "no page beyond the limit"
    );
}

/// Provena: 5 items, `page_size` per page, `pagination_key` objects naming the next start.
fn provena(r: &Received) -> MockResponse {
    let request = body(r);
    let size = request["page_size"].as_u64().unwrap_or(20) as usize;
    let start = request["pagination_key"]["offset"].as_u64().unwrap_or(0) as usize;
    let end = (start + size).min(5);
    let items: Vec<Value> = (start..end)
        .map(|i| json!({"id": format!("10378.1/{i}"), "display_name": format!("d{i}"), "item_subtype": "DATASET"}))
        .collect();
    let mut answer = json!({"status": {"success": true, "details": "ok"}, "items": items, "total_item_count": 5});
    if end < 5 {
        answer["pagination_key"] =
            json!({"id": format!("10378.1/{}", end - 1), "display_name": "x", "offset": end});
    }
    MockResponse::json(200, &answer)
}

#[tokio::test]
async fn pagination_key_objects_are_echoed_verbatim_until_absent() {
    let server = TestServer::start(provena).await;
    let client = local_builder(server.base_url()).build().unwrap();
    let decoder: PageDecoder<String> = Arc::new(|response: &Response| {
        let value: Value = response.json()?;
        let items = value["items"].as_array().into_iter().flatten();
        let items = items.filter_map(|i| i["id"].as_str().map(str::to_owned));
        let key = value.get("pagination_key").filter(|k| !k.is_null());
        Ok(PageData {
            items: items.collect(),
            total: None,
            next: key.map(Value::to_string),
        })
    });
    let request = |key: Option<&str>| {
        let mut body = json!({"page_size": 2, "filter_by": {"record_type": "COMPLETE_ONLY"}});
        if let Some(key) = key {
            body["pagination_key"] = serde_json::from_str(key).unwrap_or(Value::Null);
        }
        Request::post("registry/general/list")
            .json(&body)
            .unwrap()
            .retry_safe(true)
    };
    let ids = Paginator::cursor(&client, request, decoder)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids,
        (0..5).map(|i| format!("10378.1/{i}")).collect::<Vec<_>>()
    );
    let keys: Vec<Value> = server
        .received()
        .iter()
        .map(|r| body(r)["pagination_key"].clone())
        .collect();
    let expected = [
        Value::Null,
        json!({"id": "10378.1/1", "display_name": "x", "offset": 2}),
        json!({"id": "10378.1/3", "display_name": "x", "offset": 4}),
    ];
    assert_eq!(
        keys, expected,
        "each key object goes back exactly as received"
    );
}

#[tokio::test]
async fn a_cursor_request_that_cannot_be_built_is_the_streams_error_and_is_not_sent() {
    use platform_client_core::Error;
    use platform_client_core::reexports::StreamExt;

    let server = TestServer::start(ayon).await;
    let client = local_builder(server.base_url()).build().unwrap();
    // The second page's request cannot be built (e.g. a cursor the body builder refuses).
    let request = |cursor: Option<&str>| match cursor {
        None => Ok(ayon_request(None)),
        Some(c) => Err(Error::invalid_input(format!("cursor `{c}` is refused"))),
    };
    let results: Vec<_> = Paginator::try_cursor(&client, request, ayon_decoder())
        .collect()
        .await;
    let names: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(names, ["f0", "f1", "f2"]);
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert!(
        error.is_invalid_input() && error.to_string().contains("`c3`"),
        "{error}"
    );
    assert_eq!(results.len(), 4, "the stream ends after the error");
    assert_eq!(server.request_count(), 1);

    // Refused from the first page: nothing is sent.
    let refused = |_: Option<&str>| Err::<Request, _>(Error::invalid_input("no project"));
    let first = Paginator::<String>::try_cursor(&client, refused, ayon_decoder())
        .try_collect()
        .await
        .unwrap_err();
    assert!(first.is_invalid_input());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn the_stand_in_connection_pages_walk_every_item_once_with_the_shared_paginator() {
    use platform_client_core::testing::{Collections, connection_page};

    let mut store = Collections::default();
    for _ in 0..8 {
        let id = store.fresh_hex_id();
        store.mount("folders", [json!({"id": id, "name": format!("f-{id}")})]);
    }
    let ids: Vec<String> = store
        .objects("folders")
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 8);
    assert!(ids.iter().all(|id| id.len() == 32), "{ids:?}");
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 8, "fresh ids never repeat");

    let rows = store.objects("folders");
    let server = TestServer::start(move |r| {
        let vars = &body(r)["variables"];
        let matching: Vec<&Value> = rows.iter().collect();
        let first = vars["first"].as_u64().map(|n| n as usize);
        let page = connection_page(&matching, first, vars["after"].as_str());
        MockResponse::json(200, &json!({"data": {"project": {"folders": page}}}))
    })
    .await;
    let client = local_builder(server.base_url()).build().unwrap();
    let names = Paginator::cursor(&client, ayon_request, ayon_decoder())
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = ids.iter().map(|id| format!("f-{id}")).collect();
    assert_eq!(names, expected);
    assert_eq!(server.request_count(), 3, "pages of 3, 3 and 2");

    // An empty page has no end cursor and no next page.
    let empty = connection_page(&[], Some(3), None);
    assert_eq!(
        empty["pageInfo"],
        json!({"endCursor": null, "hasNextPage": false})
    );
}
