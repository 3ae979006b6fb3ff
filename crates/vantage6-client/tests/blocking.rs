//! The blocking facade (feature `blocking`): a paginated listing as a plain iterator, single
//! calls, a server error, and the refusal inside an async runtime.

use serde_json::json;
use vantage6_client::testing::{Collection, Vantage6Mock};
use vantage6_client::{CoreError, Error};

/// The mock on a runtime of its own (the facade must run outside any runtime).
fn mock() -> (tokio::runtime::Runtime, Vantage6Mock) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Vantage6Mock::start());
    let orgs = (2..=31).map(|id| json!({"id": id, "name": format!("org-{id}")}));
    mock.mount(Collection::Organization, orgs);
    (rt, mock)
}

#[test]
fn lists_stream_page_by_page_and_errors_are_typed() {
    let (rt, mock) = mock();
    let v6 = rt.block_on(mock.client()).blocking().unwrap();
    let before = mock.calls("GET", "/api/organization");
    let names: Vec<String> = v6
        .iter(|c| c.organization().list().per_page(7).stream())
        .map(|o| o.unwrap().name)
        .collect();
    assert_eq!(names.len(), 31, "the root organisation and 30 mounted");
    assert_eq!(names[30], "org-31");
    assert_eq!(
        mock.calls("GET", "/api/organization") - before,
        5,
        "pages of 7"
    );

    let org = v6
        .run(|c| async move { c.organization().get(5).await })
        .unwrap();
    assert_eq!(org.name, "org-5");
    let missing = v6
        .run(|c| async move { c.organization().get(999).await })
        .unwrap_err();
    assert_eq!(missing.status(), Some(404), "{missing}");
    let refused = v6
        .run(|c| async move { c.organization().get(0).await })
        .unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
}

#[test]
fn inside_an_async_runtime_it_is_an_error_not_a_panic() {
    let (rt, mock) = mock();
    let client = mock.anonymous_client();
    let error = rt.block_on(async { client.clone().blocking().unwrap_err() });
    assert!(
        matches!(error, Error::Core(CoreError::InsideAsyncRuntime)),
        "{error:?}"
    );
    let v6 = client.blocking().unwrap();
    let before = mock.requests().len();
    let mut listing = rt.block_on(async {
        v6.iter(|c| c.organization().list().stream())
            .collect::<Vec<_>>()
    });
    assert!(matches!(
        listing.pop(),
        Some(Err(Error::Core(CoreError::InsideAsyncRuntime)))
    ));
    assert!(listing.is_empty());
    assert_eq!(mock.requests().len(), before, "nothing sent");
}
