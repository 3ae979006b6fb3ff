//! The `testing` mocker: mocked sets page by Content-Range, expectations answer, the unexpected
//! is reported.

use connect_client::rql::R;
use connect_client::testing::ConnectMock;
use serde_json::json;

#[tokio::test]
async fn mocked_sets_page_count_and_slice() {
    let mock = ConnectMock::start().await;
    let cc = mock.client();
    let published = cc
        .collection("products")
        .filter(R::new().n("status").eq("published"))
        .page_size(2);
    let items: Vec<_> = (0..5).map(|i| json!({"id": format!("PRD-{i}")})).collect();
    mock.mock_set(&published, items);
    let all = published.try_collect().await.unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(published.count().await.unwrap(), 5);
    assert_eq!(published.first().await.unwrap().unwrap()["id"], "PRD-0");
    let middle = published.clone().slice(1..4).try_collect().await.unwrap();
    assert_eq!(
        middle
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["PRD-1", "PRD-2", "PRD-3"]
    );
    let queries: Vec<String> = mock
        .requests()
        .iter()
        .take(3)
        .map(|r| format!("{:?}", r.query))
        .collect();
    assert_eq!(queries.len(), 3, "three pages of 2 for 5 items");
}

#[tokio::test]
async fn expectations_answer_and_are_checked() {
    let mock = ConnectMock::start().await;
    let cc = mock.client();
    mock.expect(
        "GET",
        "products/PRD-1",
        200,
        json!({"id": "PRD-1", "name": "P"}),
    );
    mock.expect("DELETE", "products/PRD-1", 204, serde_json::Value::Null);
    mock.expect_body(
        "POST",
        "products/PRD-1/endsale",
        json!({"reason": "eol"}),
        200,
        json!({"status": "endofsale"}),
    );
    mock.expect(
        "GET",
        "products/PRD-404",
        404,
        json!({"error_code": "NF", "errors": ["nope"]}),
    );
    let prd = cc.collection("products").resource("PRD-1");
    assert_eq!(prd.get().await.unwrap()["name"], "P");
    assert_eq!(
        prd.action("endsale")
            .post(Some(&json!({"reason": "eol"})))
            .await
            .unwrap()["status"],
        "endofsale"
    );
    prd.delete().await.unwrap();
    assert!(
        !cc.collection("products")
            .resource("PRD-404")
            .exists()
            .await
            .unwrap()
    );
    mock.assert_all_called();
}

#[tokio::test]
async fn an_unexpected_request_fails_the_test_readably() {
    let result = tokio::spawn(async {
        let mock = ConnectMock::start().await;
        let err = mock
            .client()
            .collection("orders")
            .resource("PR-1")
            .get()
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("no mock for GET /public/v1/orders/PR-1"),
            "{err}"
        );
        drop(mock); // panics: an unexpected request happened
    })
    .await;
    let panic = result.unwrap_err().into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains("unexpected requests") && message.contains("GET /public/v1/orders/PR-1"),
        "{message}"
    );
}

#[tokio::test]
#[should_panic(expected = "not all mocked requests were made")]
async fn a_missing_call_is_reported() {
    let mock = ConnectMock::start().await;
    mock.expect("GET", "products", 200, json!([]));
    mock.assert_all_called();
}
