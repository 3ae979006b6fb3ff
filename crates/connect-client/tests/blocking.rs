//! The blocking facade (feature `blocking`): a paginated resource set as a plain iterator,
//! single calls, a server error, and the refusal inside an async runtime.

use connect_client::testing::ConnectMock;
use connect_client::{CoreError, Error};
use serde_json::json;

/// The mock on a runtime of its own (the facade must run outside any runtime).
fn mock() -> (tokio::runtime::Runtime, ConnectMock) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(ConnectMock::start());
    (rt, mock)
}

#[test]
fn resource_sets_stream_page_by_page_and_errors_are_typed() {
    let (_rt, mock) = mock();
    let cc = mock.client().blocking().unwrap();
    let products = cc.client().collection("products").list().page_size(40);
    let items = (0..250).map(|i| json!({"id": format!("PRD-{i:03}")}));
    mock.mock_set(&products, items.collect());
    let ids: Vec<String> = cc
        .iter(|_| products.stream())
        .map(|p| p.unwrap()["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 250);
    assert_eq!(ids[249], "PRD-249");
    assert_eq!(cc.run(|_| products.count()).unwrap(), 250);

    mock.expect(
        "GET",
        "products/PRD-1",
        200,
        json!({"id": "PRD-1", "name": "P"}),
    );
    let body = json!({"error_code": "NF_001", "errors": ["Product not found"]});
    mock.expect("GET", "products/PRD-404", 404, body);
    let found = cc
        .run(|c| async move { c.collection("products").resource("PRD-1").get().await })
        .unwrap();
    assert_eq!(found["name"], "P");
    let missing = cc
        .run(|c| async move { c.collection("products").resource("PRD-404").get().await })
        .unwrap_err();
    assert_eq!(missing.status(), Some(404), "{missing}");
    mock.assert_all_called();
}

#[test]
fn inside_an_async_runtime_it_is_an_error_not_a_panic() {
    let (rt, mock) = mock();
    let error = rt.block_on(async { mock.client().blocking().unwrap_err() });
    assert!(
        matches!(error, Error::Core(CoreError::InsideAsyncRuntime)),
        "{error:?}"
    );
    let cc = mock.client().blocking().unwrap();
    let set = cc.client().collection("products").list();
    let mut listing = rt.block_on(async { cc.iter(|_| set.stream()).collect::<Vec<_>>() });
    assert!(matches!(
        listing.pop(),
        Some(Err(Error::Core(CoreError::InsideAsyncRuntime)))
    ));
    assert!(listing.is_empty());
    assert!(mock.requests().is_empty(), "nothing sent");
}
