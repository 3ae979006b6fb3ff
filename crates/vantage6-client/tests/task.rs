//! Tasks: exact requests (snapshots), input encoding per collaboration (plain and encrypted),
//! decoding of recorded answers, errors (a failed creation is never re-sent), bad input.

mod common;

use base64::Engine as _;
use platform_client_core::testing::{MockResponse, RecordedBody, RequestRecord, Routes};
use serde_json::{Value, json};
use vantage6_client::models::{Database, Task, TaskResults, TaskStatus};
use vantage6_client::{Cryptor, Error};

const ORG_A_PRIVATE: &str = include_str!("fixtures/org_a_private.pem");
const ORG_A_PUBLIC: &str = include_str!("fixtures/org_a_public.pem");
const ORG_B_PRIVATE: &str = include_str!("fixtures/org_b_private_pkcs8.pem");

fn link(route: &str, id: u64) -> Value {
    json!({"id": id, "link": format!("/api/{route}/{id}"), "methods": ["GET", "PATCH", "DELETE"]})
}

fn task(id: u64, status: &str, results: Value) -> Value {
    json!({"id": id, "name": "avg", "description": "mean age", "image": "harbor2.vantage6.ai/demo/average",
           "status": status, "job_id": id, "created_at": "2026-11-23T19:58:06.205185", "finished_at": null,
           "collaboration": link("collaboration", 1), "init_org": link("organization", 2),
           "init_user": link("user", 4), "parent": null, "study": null, "algorithm_store": null,
           "databases": [{"label": "default", "parameters": "{}"}],
           "children": format!("/api/task?parent_id={id}"), "runs": format!("/api/run?task_id={id}"),
           "results": results})
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn result(id: u64, value: Option<String>) -> Value {
    json!({"id": id, "result": value, "run": link("run", id), "task": link("task", 1),
           "cleanup_at": null, "blob_storage_used": false})
}

fn routes() -> Routes {
    let included = json!([
        result(1, Some(b64(r#"{"average": 42.5}"#))),
        result(2, None)
    ]);
    let page = json!({"data": [task(1, "completed", included.clone())],
                      "links": {"first": "/api/task?page=1", "self": "/api/task?page=1", "last": "/api/task?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/collaboration/1",
            MockResponse::json(200, &json!({"id": 1, "name": "c1", "encrypted": false})),
        )
        .on(
            "POST",
            "/api/task",
            MockResponse::json(201, &task(3, "pending", json!("/api/result?task_id=3"))),
        )
        .on(
            "GET",
            "/api/task",
            MockResponse::json(200, &page).header("total-count", "1"),
        )
        .on(
            "GET",
            "/api/task/1",
            MockResponse::json(200, &task(1, "active", json!("/api/result?task_id=1"))),
        )
        .on_query_seq(
            "GET",
            "/api/task/1",
            &[("include", "results")],
            vec![MockResponse::json(200, &task(1, "completed", included))],
        )
        .on(
            "GET",
            "/api/task/1/status",
            MockResponse::json(200, &json!({"status": "active"})),
        )
        .on(
            "DELETE",
            "/api/task/2",
            MockResponse::json(
                200,
                &json!({"msg": "task id=2 and its algorithm run data have been successfully deleted"}),
            ),
        )
        .on(
            "POST",
            "/api/kill/task",
            MockResponse::json(
                200,
                &json!({"msg": "Nodes have been instructed to kill any containers running for task 2."}),
            ),
        )
        .on(
            "GET",
            "/api/task/999",
            MockResponse::json(404, &json!({"msg": "Task id=999 not found"})),
        )
}

fn posted_task(server_requests: &[RequestRecord]) -> Value {
    let post = server_requests
        .iter()
        .find(|r| r.method == "POST" && r.path == "/api/task")
        .expect("a task was posted");
    match &post.body {
        RecordedBody::Json(body) => body.clone(),
        other => panic!("not JSON: {other:?}"),
    }
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let tasks = v6.task();
    let input = json!({"method": "central_average", "args": [], "kwargs": {"column_name": "age"}});
    let created = tasks
        .create(1, &[2, 3], "avg", "harbor2.vantage6.ai/demo/average")
        .description("mean age")
        .input(&input)
        .database("default")
        .database(Database::new("sql").query("SELECT * FROM t"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, 3);
    assert_eq!(created.status, Some(TaskStatus::Pending));
    // Plain collaboration: standard base64 of the JSON input, the same for every organisation.
    let body = posted_task(&server.requests());
    for org in body["organizations"].as_array().unwrap() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(org["input"].as_str().unwrap())
            .unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), input);
    }

    let page = tasks
        .list()
        .initiating_org(2)
        .initiating_user(4)
        .collaboration(1)
        .image("harbor2%")
        .parent(7)
        .job(8)
        .name("avg")
        .include_results()
        .description("mean%")
        .database("default")
        .run(9)
        .status(&TaskStatus::Completed)
        .user_created(true)
        .study(5)
        .store(6)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(1));
    assert_eq!(
        page.data[0].included_results()[0].text(),
        Some(r#"{"average": 42.5}"#),
        "listed results are decoded"
    );
    let all = tasks.list().user_created(false).all().await.unwrap();
    assert_eq!(all.len(), 1);

    let one = tasks.get(1).await.unwrap();
    assert_eq!(
        one.results,
        Some(TaskResults::Url("/api/result?task_id=1".into()))
    );
    assert!(!one.is_finished());
    let with_results = tasks.get_with_results(1).await.unwrap();
    let results = with_results.included_results();
    assert_eq!(results.len(), 2);
    let value: Value = results[0].json().unwrap();
    assert_eq!(value["average"], 42.5);
    assert_eq!(results[1].text(), None, "no result yet");
    assert_eq!(tasks.status(1).await.unwrap(), TaskStatus::Active);

    let deleted = tasks.delete(2).await.unwrap();
    assert!(deleted.msg.contains("successfully deleted"));
    let killed = tasks.kill(2).await.unwrap();
    assert!(killed.msg.contains("instructed to kill"));
    insta::assert_json_snapshot!("task_requests", server.requests());
}

#[tokio::test]
async fn an_encrypted_collaboration_gets_input_encrypted_per_organisation() {
    let org_b = Cryptor::from_pem(ORG_B_PRIVATE).unwrap();
    let routes = Routes::new()
        .on(
            "GET",
            "/api/collaboration/2",
            MockResponse::json(200, &json!({"id": 2, "name": "enc", "encrypted": true})),
        )
        .on(
            "GET",
            "/api/organization/2",
            MockResponse::json(
                200,
                &json!({"id": 2, "name": "org-a", "public_key": b64(ORG_A_PUBLIC)}),
            ),
        )
        .on(
            "GET",
            "/api/organization/3",
            MockResponse::json(
                200,
                &json!({"id": 3, "name": "org-b", "public_key": org_b.public_key_base64()}),
            ),
        )
        .on(
            "POST",
            "/api/task",
            MockResponse::json(201, &task(3, "pending", json!("/api/result?task_id=3"))),
        );
    let (server, v6) = common::logged_in(routes).await;
    v6.set_cryptor(Cryptor::from_pem(ORG_A_PRIVATE).unwrap());
    let input = json!({"method": "sum", "kwargs": {"column": "age"}});
    v6.task()
        .create(2, &[2, 3], "enc-task", "some/image")
        .description("d")
        .input(&input)
        .databases(["default"])
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    insta::assert_json_snapshot!("task_encrypted_requests", requests, {
        "[3].body.value.organizations[].input" => "[encrypted]"
    });
    let body = posted_task(&requests);
    let org_a = Cryptor::from_pem(ORG_A_PRIVATE).unwrap();
    let organizations = body["organizations"].as_array().unwrap();
    for (org, key) in organizations.iter().zip([&org_a, &org_b]) {
        let text = org["input"].as_str().unwrap();
        assert!(vantage6_client::crypto::is_encrypted(text), "{text}");
        let plain = key.decrypt(text).unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&plain).unwrap(), input);
    }
    // Each organisation's input is for its own key only. The scheme has no MAC, and RSA
    // PKCS#1 v1.5 with implicit rejection answers a wrong key with a synthetic key now and then
    // (instead of an error), so what holds is that the other key never recovers the input.
    let other = org_b.decrypt(organizations[0]["input"].as_str().unwrap());
    assert!(
        other.map_or(true, |plain| serde_json::from_slice::<Value>(&plain).ok()
            != Some(input)),
        "org B's key must not recover org A's input"
    );
}

#[tokio::test]
async fn an_organisation_without_a_public_key_stops_the_creation() {
    let routes = Routes::new()
        .on(
            "GET",
            "/api/collaboration/2",
            MockResponse::json(200, &json!({"id": 2, "encrypted": true})),
        )
        .on(
            "GET",
            "/api/organization/2",
            MockResponse::json(
                200,
                &json!({"id": 2, "name": "org-a", "public_key": b64(ORG_A_PUBLIC)}),
            ),
        )
        .on(
            "GET",
            "/api/organization/3",
            MockResponse::json(200, &json!({"id": 3, "name": "org-b", "public_key": ""})),
        );
    let (server, v6) = common::logged_in(routes).await;
    let create = || {
        v6.task()
            .create(2, &[2, 3], "enc-task", "some/image")
            .input(json!({}))
    };
    // Without our own key the results could not be read: refused after reading the
    // collaboration only.
    let err = create().send().await.unwrap_err();
    assert!(matches!(err, Error::Crypto(_)), "{err}");
    assert!(err.to_string().contains("private key"), "{err}");
    assert_eq!(server.request_count(), 1);
    v6.set_cryptor(Cryptor::from_pem(ORG_A_PRIVATE).unwrap());
    let err = create().send().await.unwrap_err();
    assert!(matches!(err, Error::Crypto(_)), "{err}");
    assert!(err.to_string().contains("organisation 3"), "{err}");
    assert!(
        server.requests().iter().all(|r| r.method == "GET"),
        "nothing was posted"
    );
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(created) = common::sample("task_create") else {
        return;
    };
    let task: Task = serde_json::from_value(created["response"].clone()).unwrap();
    assert_eq!(task.status, Some(TaskStatus::Pending));
    assert_eq!(task.databases[0].label, "default");
    assert_eq!(task.init_user.as_ref().map(|r| r.id), Some(4));
    // The recorded request is what the client sends for the same call.
    let request = &created["request"]["body"];
    let (server, v6) = common::logged_in(
        Routes::new()
            .on(
                "GET",
                "/api/collaboration/1",
                MockResponse::json(200, &json!({"id": 1, "encrypted": false})),
            )
            .on(
                "POST",
                "/api/task",
                common::recorded("task_create").unwrap(),
            ),
    )
    .await;
    let input: Value = {
        let text = request["organizations"][0]["input"].as_str().unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    v6.task()
        .create(1, &[2, 3], "test-task", "harbor2.vantage6.ai/demo/average")
        .description("avg")
        .input(&input)
        .database("default")
        .send()
        .await
        .unwrap();
    let sent = posted_task(&server.requests());
    for key in [
        "name",
        "image",
        "description",
        "collaboration_id",
        "databases",
    ] {
        assert_eq!(sent[key], request[key], "{key}");
    }
    let ids = |body: &Value| -> Vec<u64> {
        body["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ids(&sent), ids(request));

    let done = common::sample("task_get_done").unwrap();
    let mut task: Task = serde_json::from_value(done["response"].clone()).unwrap();
    task.decode(None);
    assert!(task.is_finished());
    assert_eq!(
        task.included_results()[0].text(),
        Some(r#"{"average": 42.5, "n": 10}"#)
    );
    for name in ["task_get", "task_get_incl", "task_list"] {
        let sample = common::sample(name).unwrap();
        let body = &sample["response"];
        let items = body
            .get("data")
            .cloned()
            .unwrap_or_else(|| json!([body.clone()]));
        let tasks: Vec<Task> = serde_json::from_value(items).unwrap();
        assert_eq!(tasks[0].id, 1, "{name}");
    }
    let pending: Task =
        serde_json::from_value(common::sample("enc_task_create").unwrap()["task"].clone()).unwrap();
    assert!(pending.databases.is_empty());
}

#[tokio::test]
async fn statuses_know_when_a_task_is_finished() {
    for running in ["pending", "initializing", "active"] {
        let status: TaskStatus = serde_json::from_value(json!(running)).unwrap();
        assert!(status.is_running() && !status.is_finished(), "{running}");
    }
    for failed in [
        "failed",
        "start failed",
        "non-existing Docker image",
        "crashed",
        "killed by user",
        "not allowed",
        "unknown error",
        "a status of a newer server",
    ] {
        let status: TaskStatus = serde_json::from_value(json!(failed)).unwrap();
        assert!(status.is_finished() && status.has_failed(), "{failed}");
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(failed));
    }
    assert!(TaskStatus::Completed.is_finished() && !TaskStatus::Completed.has_failed());
    assert_eq!(TaskStatus::Killed.as_str(), "killed by user");
}

#[tokio::test]
async fn errors_are_typed_and_a_failed_creation_is_not_resent() {
    let Some(plain_in_encrypted) = common::recorded("err_task_plain_in_encrypted") else {
        return;
    };
    let routes = Routes::new()
        .on(
            "GET",
            "/api/collaboration/1",
            MockResponse::json(200, &json!({"id": 1, "encrypted": false})),
        )
        .on_seq(
            "POST",
            "/api/task",
            vec![
                plain_in_encrypted,
                common::recorded("err_task_missing_image").unwrap(),
                MockResponse::json(
                    401,
                    &json!({"msg": "You can only create tasks for collaborations you are participating in!"}),
                ),
                MockResponse::json(
                    500,
                    &json!({"msg": "An unexpected error occurred on the server!"}),
                ),
            ],
        )
        .on(
            "GET",
            "/api/task/999",
            MockResponse::json(404, &json!({"msg": "Task id=999 not found"})),
        )
        .on(
            "GET",
            "/api/collaboration/9",
            MockResponse::json(404, &json!({"msg": "Collaboration id=9 not found"})),
        );
    let (server, v6) = common::logged_in(routes).await;
    let create = || {
        v6.task()
            .create(1, &[2], "x", "i")
            .input(json!({"method": "m"}))
    };
    let err = create().send().await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(
        err.message()
            .unwrap()
            .starts_with("Your collaboration requires encryption")
    );
    let err = create().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { errors: Some(e), .. } if e["image"][0] == "Missing data for required field."),
        "{err:?}"
    );
    let err = create().send().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    let err = create().send().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 4, "each failed creation was sent once");
    let err = v6.task().get(999).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.message(), Some("Task id=999 not found"));
    let err = v6
        .task()
        .create(9, &[2], "x", "i")
        .input(json!({}))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "an unknown collaboration: {err}");
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let tasks = v6.task();
    let input = json!({"method": "m"});
    let invalid = [
        tasks.create(0, &[2], "n", "i").input(&input),
        tasks.create(1, &[], "n", "i").input(&input),
        tasks.create(1, &[2, 0], "n", "i").input(&input),
        tasks.create(1, &[2, 3, 2], "n", "i").input(&input),
        tasks.create(1, &[2], " ", "i").input(&input),
        tasks.create(1, &[2], "n", "").input(&input),
        tasks.create(1, &[2], "n", "i"),
        tasks
            .create(1, &[2], "n", "i")
            .input(&input)
            .database("my-db"),
        tasks
            .create(1, &[2], "n", "i")
            .input(&input)
            .databases([Database::new("1st")]),
        tasks
            .create(1, &[2], "n", "i")
            .input(std::collections::BTreeMap::from([((1, 2), 3)])),
    ];
    for (i, create) in invalid.into_iter().enumerate() {
        let err = create.send().await.unwrap_err();
        assert!(err.is_invalid_input(), "case {i}: {err}");
    }
    common::refused(tasks.get(0)).await;
    common::refused(tasks.get_with_results(0)).await;
    common::refused(tasks.delete(0)).await;
    common::refused(tasks.kill(0)).await;
    common::refused(tasks.status(0)).await;
    for list in [
        tasks.list().collaboration(0),
        tasks.list().name(""),
        tasks.list().image(" "),
        tasks.list().run(0),
        tasks.list().per_page(0),
    ] {
        common::refused(list.send()).await;
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");
}
