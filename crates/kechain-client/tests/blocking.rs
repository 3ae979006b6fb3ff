//! The blocking facade (feature `blocking`): a paginated listing as a plain iterator, single
//! calls, a server error, and the refusal inside an async runtime.

use kechain_client::testing::{Collection, KechainMock};
use kechain_client::{CoreError, Error, KechainClient};
use serde_json::json;

fn scopes(n: usize) -> Vec<serde_json::Value> {
    let scope = |i| json!({"id": format!("{i:08}-45cb-48c4-8457-63f50826a48f"), "name": format!("Project {i}"), "status": "ACTIVE"});
    (0..n).map(scope).collect()
}

/// The mock on a runtime of its own (the facade must run outside any runtime).
fn mock() -> (tokio::runtime::Runtime, KechainMock) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(KechainMock::start());
    mock.mount(Collection::Scopes, scopes(250));
    (rt, mock)
}

#[test]
fn lists_stream_page_by_page_and_errors_are_typed() {
    let (_rt, mock) = mock();
    let kc = mock.client().blocking().unwrap();
    let names: Vec<String> = kc
        .iter(|c| c.scopes().list().stream())
        .map(|s| s.unwrap().name)
        .collect();
    assert_eq!(names.len(), 250);
    assert_eq!(names[249], "Project 249");
    assert_eq!(mock.calls("GET", "/api/v3/scopes.json"), 3, "pages of 100");

    let one = kc
        .run(|c| async move { c.scopes().list().name("Project 7").one().await })
        .unwrap();
    assert_eq!(one.id, "00000007-45cb-48c4-8457-63f50826a48f");
    let missing = kc
        .run(|c| async move { c.scopes().get("ffffffff-45cb-48c4-8457-63f50826a48f").await })
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    let refused = kc
        .run(|c| async move { c.scopes().get("").await })
        .unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
}

#[test]
fn inside_an_async_runtime_it_is_an_error_not_a_panic() {
    let (rt, mock) = mock();
    let kc: KechainClient = mock.client();
    let before = mock.requests().len();
    let error = rt.block_on(async { kc.blocking().unwrap_err() });
    assert!(
        matches!(error, Error::Core(CoreError::InsideAsyncRuntime)),
        "{error:?}"
    );
    let kc = mock.client().blocking().unwrap();
    let mut listing =
        rt.block_on(async { kc.iter(|c| c.scopes().list().stream()).collect::<Vec<_>>() });
    assert!(matches!(
        listing.pop(),
        Some(Err(Error::Core(CoreError::InsideAsyncRuntime)))
    ));
    assert!(listing.is_empty());
    assert_eq!(mock.requests().len(), before, "nothing sent");
}
