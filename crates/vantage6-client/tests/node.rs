//! Nodes: exact requests (snapshots), the api key kept secret, decoding of recorded answers,
//! errors, bad input.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::{Value, json};
use vantage6_client::Error;
use vantage6_client::models::{Message, Node, NodeCreated, NodeStatus};

const API_KEY: &str = "3c6c888b-c410-4116-99b7-24eb29900602";

fn node(id: u64, name: &str, org: u64) -> Value {
    json!({"id": id, "name": name, "type": "node", "ip": null, "last_seen": "2026-11-23T19:58:32.752639",
           "status": "online", "config": [{"key": "encryption", "value": "false"}],
           "organization": {"id": org, "link": format!("/api/organization/{org}"), "methods": ["GET"]},
           "collaboration": {"id": 1, "link": "/api/collaboration/1", "methods": ["GET"]}})
}

fn created(id: u64, name: &str, org: u64) -> Value {
    let mut created = node(id, name, org);
    created["api_key"] = json!(API_KEY);
    created["status"] = json!("offline");
    created["last_seen"] = Value::Null;
    created
}

fn routes() -> Routes {
    let page = json!({"data": [node(2, "org-a - collab-1 Node", 2), node(3, "node-b", 3)],
                      "links": {"first": "/api/node?page=1", "self": "/api/node?page=1", "last": "/api/node?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/node",
            MockResponse::json(200, &page).header("total-count", "2"),
        )
        .on(
            "GET",
            "/api/node/2",
            MockResponse::json(200, &node(2, "org-a - collab-1 Node", 2)),
        )
        .on_seq(
            "POST",
            "/api/node",
            vec![
                MockResponse::json(201, &created(4, "root - collab-1 Node", 1)),
                MockResponse::json(201, &created(5, "node-b", 3)),
            ],
        )
        .on(
            "PATCH",
            "/api/node/2",
            MockResponse::json(200, &node(2, "renamed-node", 2)),
        )
        .on(
            "DELETE",
            "/api/node/3",
            MockResponse::json(200, &json!({"msg": "Successfully deleted node id=3"})),
        )
        .on(
            "POST",
            "/api/kill/node/tasks",
            MockResponse::json(
                200,
                &json!({"msg": "Node 2 has been instructed to kill all containers"}),
            ),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let nodes = v6.node();
    let page = nodes
        .list()
        .name("%Node")
        .organization(2)
        .collaboration(1)
        .status(NodeStatus::Online)
        .ip("10.76.0.2")
        .last_seen_from("2026-01-01")
        .last_seen_till("2026-12-31")
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    assert!(page.data[0].is_online());
    let all = nodes
        .list()
        .study(1)
        .status(NodeStatus::Offline)
        .all()
        .await
        .unwrap();
    assert_eq!(all[1].name.as_deref(), Some("node-b"));
    let one = nodes.get(2).await.unwrap();
    assert_eq!(one.config[0].key.as_deref(), Some("encryption"));
    assert_eq!(one.organization.unwrap().id, 2);
    // Default organisation: the logged-in user's (root, 1).
    let first = nodes.create(1).send().await.unwrap();
    assert_eq!((first.id, first.api_key()), (4, API_KEY));
    let named = nodes
        .create(1)
        .organization(3)
        .name("node-b")
        .send()
        .await
        .unwrap();
    assert_eq!(named.name.as_deref(), Some("node-b"));
    let renamed = nodes.update(2).name("renamed-node").send().await.unwrap();
    assert_eq!(renamed.name.as_deref(), Some("renamed-node"));
    nodes.update(2).clear_ip().send().await.unwrap();
    nodes.update(2).ip("10.76.0.3").send().await.unwrap();
    let gone = nodes.delete(3).await.unwrap();
    assert_eq!(gone.msg, "Successfully deleted node id=3");
    let killed = nodes.kill_tasks(2).await.unwrap();
    assert!(killed.msg.contains("kill all containers"));
    insta::assert_json_snapshot!("node_requests", server.requests());
}

#[tokio::test]
async fn the_api_key_stays_out_of_debug_output() {
    let answer = created(4, "n", 2);
    let new: NodeCreated = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(new.api_key(), API_KEY);
    let shown = format!("{new:?}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("[redacted]") && shown.contains("name: Some(\"n\")"));
    let (plain, key) = new.clone().into_parts();
    assert_eq!(plain, new.node);
    assert!(!format!("{key:?}").contains(API_KEY));
    // The node model itself has no api key field.
    let plain: Node = serde_json::from_value(answer).unwrap();
    assert!(!serde_json::to_string(&plain).unwrap().contains(API_KEY));
    // Without an api key an answer is not a `NodeCreated`.
    assert!(serde_json::from_value::<NodeCreated>(node(4, "n", 2)).is_err());
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(sample) = common::sample("node_create") else {
        return;
    };
    assert_eq!(
        sample["request"]["body"],
        json!({"organization_id": 2, "collaboration_id": 1})
    );
    let created: NodeCreated = serde_json::from_value(sample["response"].clone()).unwrap();
    assert_eq!(created.api_key(), "3c6c888b-c410-4116-99b7-24eb29900602");
    assert_eq!(created.status, Some(NodeStatus::Offline));
    assert_eq!(created.collaboration.as_ref().unwrap().id, 1);
    assert_eq!(
        (created.ip.as_deref(), created.last_seen.as_deref()),
        (None, None)
    );
    let named = common::sample("node_create_named").unwrap();
    let named: NodeCreated = serde_json::from_value(named["response"].clone()).unwrap();
    assert_eq!(named.name.as_deref(), Some("node-b"));
    let py: NodeCreated =
        serde_json::from_value(common::sample("pyclient_node_create").unwrap()).unwrap();
    assert_eq!(py.kind.as_deref(), Some("node"));
    let update = common::sample("node_update").unwrap();
    assert_eq!(update["request"]["body"], json!({"name": "renamed-node"}));
    let updated: Node = serde_json::from_value(update["response"].clone()).unwrap();
    assert_eq!(
        updated.last_seen.as_deref(),
        Some("2026-11-23T19:58:32.752639")
    );
    let deleted = common::sample("node_delete").unwrap();
    let msg: Message = serde_json::from_value(deleted["response"].clone()).unwrap();
    assert_eq!(msg.msg, "Successfully deleted node id=3");
    // A 4.2 server's node that never connected: `status` is null.
    let old: Node = serde_json::from_value(common::sample("v4.2.3/node_3").unwrap()).unwrap();
    assert_eq!((old.status.clone(), old.is_online()), (None, false));
    // The page the Python client got for `node.list(collaboration=1)`.
    let outputs = common::sample("pyclient_outputs").unwrap();
    let page = MockResponse::json(200, &outputs["node.list"]);
    let (_server, v6) = common::logged_in(Routes::new().on("GET", "/api/node", page)).await;
    let page = v6.node().list().collaboration(1).send().await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].status, Some(NodeStatus::Offline));
    // An unknown status decodes too.
    let odd: Node = serde_json::from_value(json!({"id": 9, "status": "sleeping"})).unwrap();
    assert_eq!(odd.status, Some(NodeStatus::Unknown("sleeping".into())));
}

#[tokio::test]
async fn errors_are_typed() {
    let Some(offline) = common::recorded("node_kill_tasks") else {
        return;
    };
    let not_member = MockResponse::json(
        400,
        &json!({"msg": "The organization id=1 is not part of collabotation id=1. Add it first!"}),
    );
    let routes = Routes::new()
        .on("POST", "/api/kill/node/tasks", offline)
        .on("POST", "/api/node", not_member)
        .on(
            "PATCH",
            "/api/node/2",
            MockResponse::json(400, &json!({"msg": "Node name 'node-b' already exists!"})),
        )
        .on(
            "GET",
            "/api/node/9",
            MockResponse::json(404, &json!({"msg": "Node id=9 not found!"})),
        );
    let (_server, v6) = common::logged_in(routes).await;
    let err = v6.node().kill_tasks(2).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.message(),
        Some("Node 2 is not online so cannot kill its tasks!")
    );
    let err = v6.node().create(1).send().await.unwrap_err();
    assert!(err.message().unwrap().contains("not part of collabotation"));
    let err = v6.node().update(2).name("node-b").send().await.unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert!(v6.node().get(9).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let n = v6.node();
    common::refused(n.get(0)).await;
    common::refused(n.create(0).send()).await;
    common::refused(n.create(1).name(" ").send()).await;
    common::refused(n.create(1).organization(0).send()).await;
    common::refused(n.update(0).name("x").send()).await;
    common::refused(n.update(2).send()).await;
    common::refused(n.update(2).name("").send()).await;
    common::refused(n.update(2).ip("10.76.0.3").clear_ip().send()).await;
    common::refused(n.delete(0)).await;
    common::refused(n.kill_tasks(0)).await;
    common::refused(n.list().name("").send()).await;
    common::refused(n.list().collaboration(0).all()).await;
    common::refused(n.list().status(NodeStatus::Unknown(String::new())).send()).await;
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // Without a login, a node of "my" organisation cannot be created.
    let anonymous = common::client(&server);
    assert!(matches!(
        anonymous.node().create(1).send().await,
        Err(Error::NotAuthenticated)
    ));
    assert_eq!(server.request_count(), 0);
}
