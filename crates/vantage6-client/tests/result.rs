//! Results: exact requests (snapshots), decoding (plain, encrypted for the initiating
//! organisation, not yet there, undecodable), every page of a task, recorded answers, errors.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde::Deserialize;
use serde_json::{Value, json};
use vantage6_client::models::{Decoded, RunResult};
use vantage6_client::{Cryptor, Error, crypto};

const ORG_A_PRIVATE: &str = include_str!("fixtures/org_a_private.pem");
const ORG_A_PUBLIC: &str = include_str!("fixtures/org_a_public.pem");

fn result(id: u64, value: Option<String>) -> Value {
    json!({"id": id, "result": value,
           "run": {"id": id, "link": format!("/api/run/{id}"), "methods": ["GET", "PATCH"]},
           "task": {"id": 1, "link": "/api/task/1", "methods": ["DELETE", "GET"]},
           "cleanup_at": null, "blob_storage_used": false})
}

fn plain(text: &str) -> Option<String> {
    Some(crypto::encode_plain(text.as_bytes()))
}

fn page(items: Vec<Value>, page: u64, last: u64) -> MockResponse {
    let link = |n: u64| format!("/api/result?task_id=1&page={n}&per_page=2");
    let mut links = json!({"first": link(1), "self": link(page), "last": link(last)});
    if page < last {
        links["next"] = json!(link(page + 1));
    }
    MockResponse::json(200, &json!({"data": items, "links": links})).header("total-count", "3")
}

fn routes() -> Routes {
    let encrypted = crypto::encrypt(ORG_A_PUBLIC, br#"{"sum": 123}"#).unwrap();
    Routes::new()
        .on(
            "GET",
            "/api/result/1",
            MockResponse::json(200, &result(1, plain(r#"{"average": 42.5, "n": 10}"#))),
        )
        .on(
            "GET",
            "/api/result/2",
            MockResponse::json(200, &result(2, None)),
        )
        .on(
            "GET",
            "/api/result/5",
            MockResponse::json(200, &result(5, Some(encrypted.clone()))),
        )
        .on_query_seq(
            "GET",
            "/api/result",
            &[("page", "1")],
            vec![page(
                vec![
                    result(5, Some(encrypted)),
                    result(1, plain(r#"{"average": 42.5, "n": 10}"#)),
                ],
                1,
                2,
            )],
        )
        .on_query_seq(
            "GET",
            "/api/result",
            &[("page", "2")],
            vec![page(vec![result(2, Some("@@@".into()))], 2, 2)],
        )
        .on(
            "GET",
            "/api/result/999",
            MockResponse::json(404, &json!({"msg": "Run id=999 not found!"})),
        )
}

#[derive(Debug, Deserialize, PartialEq)]
struct Average {
    average: f64,
    n: u32,
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    v6.set_cryptor(Cryptor::from_pem(ORG_A_PRIVATE).unwrap());
    let results = v6.result();
    // The decoded JSON text, as the Python client returns it.
    assert_eq!(
        results.get(1).await.unwrap().as_deref(),
        Some(r#"{"average": 42.5, "n": 10}"#)
    );
    assert_eq!(
        results.get_json::<Average>(1).await.unwrap(),
        Average {
            average: 42.5,
            n: 10
        }
    );
    assert_eq!(results.get(2).await.unwrap(), None, "not finished yet");
    assert_eq!(
        results.get_json::<Value>(5).await.unwrap(),
        json!({"sum": 123})
    );
    let details = results.details(5).await.unwrap();
    assert_eq!(details.run_id(), Some(5));
    assert!(crypto::is_encrypted(details.result.as_deref().unwrap()));
    assert_eq!(details.text(), Some(r#"{"sum": 123}"#));

    let first = results.from_task(1).per_page(2).send().await.unwrap();
    assert_eq!(first.total_count, Some(3));
    assert_eq!(first.data[0].text(), Some(r#"{"sum": 123}"#));
    assert!(first.links.next.is_some());
    let all = results
        .from_task(1)
        .organization(2)
        .per_page(2)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1].json::<Average>().unwrap().n, 10);
    // An undecodable result is reported on its item, not by failing the list.
    assert!(matches!(all[2].decoded, Decoded::Failed(_)));
    assert_eq!(all[2].result.as_deref(), Some("@@@"));
    insta::assert_json_snapshot!("result_requests", server.requests());
}

#[tokio::test]
async fn results_of_an_encrypted_collaboration_need_the_private_key() {
    let (_server, v6) = common::logged_in(routes()).await;
    let err = v6.result().get(5).await.unwrap_err();
    assert!(matches!(err, Error::Crypto(_)), "{err}");
    assert!(err.to_string().contains("private key"), "{err}");
    let page = v6.result().from_task(1).per_page(2).send().await.unwrap();
    assert!(page.data[0].decoded.error().is_some());
    assert_eq!(
        page.data[1].text(),
        Some(r#"{"average": 42.5, "n": 10}"#),
        "plain results still decode"
    );
    assert!(v6.result().get_json::<Value>(2).await.is_err(), "no value");
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(listed) = common::recorded("result_list_done") else {
        return;
    };
    let python = common::sample("pyclient_outputs").unwrap();
    let (_server, v6) = common::logged_in(Routes::new().on("GET", "/api/result", listed).on(
        "GET",
        "/api/result/1",
        common::recorded("result_get").unwrap(),
    ))
    .await;
    // The Python client's `result.from_task`: the same decoded JSON texts.
    let results = v6.result().from_task(1).all().await.unwrap();
    let expected: Vec<&str> = python["result.from_task"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["result"].as_str().unwrap())
        .collect();
    let decoded: Vec<&str> = results.iter().map(|r| r.text().unwrap()).collect();
    assert_eq!(decoded, expected);
    assert_eq!(
        python["result.get"].as_str(),
        Some(r#"{"average": 42.5, "n": 10}"#)
    );
    // A recorded result of an unfinished run.
    assert_eq!(v6.result().get(1).await.unwrap(), None);
    let pending: Vec<RunResult> =
        serde_json::from_value(common::sample("result_list").unwrap()["response"]["data"].clone())
            .unwrap();
    assert!(pending.iter().all(|r| r.result.is_none()));
}

#[tokio::test]
async fn errors_are_typed_and_bad_input_sends_nothing() {
    let routes = routes().on_query_seq(
        "GET",
        "/api/result",
        &[("task_id", "99")],
        vec![MockResponse::json(
            400,
            &json!({"msg": "Task id=99 does not exist!"}),
        )],
    );
    let (server, v6) = common::logged_in(routes).await;
    let err = v6.result().get(999).await.unwrap_err();
    assert!(err.is_not_found());
    let err = v6.result().from_task(99).all().await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.message(), Some("Task id=99 does not exist!"));
    server.clear();
    let results = v6.result();
    common::refused(results.get(0)).await;
    common::refused(results.get_json::<Value>(0)).await;
    common::refused(results.details(0)).await;
    common::refused(results.from_task(0).send()).await;
    common::refused(results.list().organization(0).all()).await;
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // Blob-stored results (4.13+ large-result store) are reported, not misread.
    let mut blob: RunResult = serde_json::from_value(json!({"id": 7,
        "result": "0b1a2c3d-0000-4000-8000-000000000000", "blob_storage_used": true}))
    .unwrap();
    blob.decode(None);
    assert!(blob.decoded.error().unwrap().contains("blob storage"));
}
