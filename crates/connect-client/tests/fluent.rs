//! The fluent path model: exact requests, CRUD, actions, errors, bad input.

#[path = "common.rs"]
mod common;

use connect_client::{ConnectClient, Error};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

#[tokio::test]
async fn every_fluent_request_is_exact() {
    let server = TestServer::start(|r| match r.record.method.as_str() {
        "DELETE" => MockResponse::status(204),
        "POST" => MockResponse::json(201, &json!({"id": "PRD-1"})),
        _ => MockResponse::json(200, &json!({"id": "X", "inner": {"title": "T"}})),
    })
    .await;
    let cc = common::client(&server);
    let services = cc.ns("devops").collection("services");
    services
        .resource("SRVC-1")
        .collection("environments")
        .resource("ENV-1")
        .action("export")
        .get()
        .await
        .unwrap();
    cc.ns("a")
        .ns("b")
        .collection("products")
        .resource(123)
        .get()
        .await
        .unwrap();
    let products = cc.collection("products");
    products.create(&json!({"name": "P"})).await.unwrap();
    products
        .bulk_create(&[json!({"name": "A"}), json!({"name": "B"})])
        .await
        .unwrap();
    products
        .bulk_update(&[json!({"id": "PRD-1"})])
        .await
        .unwrap();
    products
        .bulk_delete(&[json!({"id": "PRD-1"})])
        .await
        .unwrap();
    products
        .action("reprocess")
        .post(Some(&json!({"all": true})))
        .await
        .unwrap();
    let prd = products.resource("PRD-1");
    prd.update(&json!({"name": "Q"})).await.unwrap();
    prd.delete().await.unwrap();
    prd.action("endsale").post(None::<&()>).await.unwrap();
    prd.action("endsale")
        .put(Some(&json!({"x": 1})))
        .await
        .unwrap();
    prd.action("endsale").delete().await.unwrap();
    assert_eq!(
        prd.values(&["id", "inner.title"]).await.unwrap()["inner.title"],
        "T"
    );
    assert!(prd.exists().await.unwrap());
    cc.get("products/PRD-1/items").await.unwrap();
    cc.create("products", &json!({"a": 1})).await.unwrap();
    cc.update("products/PRD-1", &json!({"a": 2})).await.unwrap();
    cc.delete("products/PRD-1").await.unwrap();
    insta::assert_json_snapshot!("fluent_requests", server.requests());
}

#[tokio::test]
async fn ids_and_names_are_percent_encoded() {
    let server = TestServer::start(|_| MockResponse::json(200, &json!({}))).await;
    let cc = common::client(&server);
    cc.collection("products")
        .resource("a b/c?d#e")
        .get()
        .await
        .unwrap();
    cc.ns("ñ")
        .collection("x y")
        .action("run.now")
        .get()
        .await
        .unwrap();
    let paths: Vec<String> = server
        .received()
        .iter()
        .map(|r| r.path_and_query.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/public/v1/products/a%20b%2Fc%3Fd%23e",
            "/public/v1/%C3%B1/x%20y/run.now"
        ]
    );
    let err = cc
        .collection("products")
        .resource("..")
        .get()
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_input(),
        "a dot segment would address the parent: {err:?}"
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn errors_carry_status_code_errors_and_extra_fields() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/public/v1/products/PRD-404",
                MockResponse::json(
                    404,
                    &json!({"error_code": "PRD_404", "errors": ["not here"]}),
                ),
            )
            .on(
                "POST",
                "/public/v1/products",
                MockResponse::json(
                    400,
                    &json!({"error_code": "VAL_001", "errors": ["a", "b"], "params": {"x": 1}}),
                ),
            )
            .on(
                "GET",
                "/public/v1/products/PRD-500",
                MockResponse::status(500).body("<html>oops</html>"),
            ),
    )
    .await;
    let cc = common::client(&server);
    let err = cc
        .collection("products")
        .create(&json!({}))
        .await
        .unwrap_err();
    let Error::Client(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.to_string(), "400 Bad Request: VAL_001 - a,b");
    assert_eq!(
        (e.status_code, e.error_code.as_deref()),
        (400, Some("VAL_001"))
    );
    assert_eq!(e.additional_info["params"], json!({"x": 1}));
    let missing = cc.collection("products").resource("PRD-404");
    assert!(!missing.exists().await.unwrap());
    assert!(missing.get().await.unwrap_err().is_not_found());
    let err = cc
        .collection("products")
        .resource("PRD-500")
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "500 Internal Server Error");
    assert!(
        cc.collection("products")
            .resource("PRD-500")
            .exists()
            .await
            .is_err(),
        "only 404 means absent"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let cc = common::client(&server);
    let errors = vec![
        cc.collection("").list().count().await.unwrap_err(),
        cc.collection("  ").resource("X").get().await.unwrap_err(),
        cc.collection("products")
            .resource("")
            .get()
            .await
            .unwrap_err(),
        cc.ns("")
            .collection("a")
            .create(&json!({}))
            .await
            .unwrap_err(),
        cc.collection("products")
            .action(" ")
            .post(None::<&()>)
            .await
            .unwrap_err(),
        cc.collection("products")
            .list()
            .page_size(0)
            .count()
            .await
            .unwrap_err(),
        cc.collection("products")
            .list()
            .slice(-1..5)
            .count()
            .await
            .unwrap_err(),
        cc.collection("products")
            .list()
            .slice(std::ops::Range { start: 5, end: 2 })
            .count()
            .await
            .unwrap_err(),
        cc.get(" ").await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
    let err = ConnectClient::builder("k")
        .default_header("Authorization", "x")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("Authorization"), "{err}");
}

#[test]
fn from_env_reads_the_api_key_and_endpoint() {
    use connect_client::Env;
    let env = Env::with_values([
        ("CONNECT_API_KEY", "ApiKey SU-1:s3cr3t"),
        ("CONNECT_ENDPOINT", "https://api.example.com/public/v1"),
    ]);
    let debug = format!("{:?}", ConnectClient::builder_from_env(&env).unwrap());
    assert!(
        debug.contains("api.example.com") && !debug.contains("s3cr3t"),
        "{debug}"
    );
    let err = ConnectClient::builder_from_env(&Env::with_values([("X", "y")])).unwrap_err();
    assert!(err.to_string().contains("CONNECT_API_KEY"));
}

#[tokio::test]
async fn every_error_answers_the_shared_predicate_table() {
    use platform_client_core::testing::{check_error_predicates, fast_retry};
    check_error_predicates(|url| async move {
        let cc = connect_client::ConnectClient::builder("ApiKey SU-000:secret")
            .endpoint(url)
            .no_proxy()
            .retry(fast_retry())
            .timeout(std::time::Duration::from_millis(200))
            .build()?;
        cc.collection("products").resource("PRD-1").get().await
    })
    .await;
}

#[tokio::test]
async fn from_env_file_reads_the_named_file() {
    use platform_client_core::testing::{EnvFile, MockResponse, TestServer};
    let server =
        TestServer::start(|_| MockResponse::json(200, &serde_json::json!({"id": "PRD-1"}))).await;
    let endpoint = format!("CONNECT_ENDPOINT={}/public/v1", server.base_url());
    let file = EnvFile::new(&[&endpoint, "CONNECT_API_KEY=\"ApiKey SU-1:from-the-file\""]).unwrap();
    let cc = connect_client::ConnectClient::from_env_file(file.path()).unwrap();
    let product = cc
        .collection("products")
        .resource("PRD-1")
        .get()
        .await
        .unwrap();
    assert_eq!(product["id"], "PRD-1");
    let sent = server.received();
    assert_eq!(sent[0].record.path, "/public/v1/products/PRD-1");
    let auth = sent[0]
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    assert_eq!(auth, Some("ApiKey SU-1:from-the-file"));
    let missing = connect_client::ConnectClient::from_env_file("/no/such/.env").unwrap_err();
    assert!(missing.is_invalid_input(), "{missing}");
}
