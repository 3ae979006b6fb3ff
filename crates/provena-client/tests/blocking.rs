//! The blocking facade (feature `blocking`): a `pagination_key` listing as a plain iterator,
//! single calls, a typed failure, and the refusal inside an async runtime.

use provena_client::models::{ItemSubType, OrganisationDomainInfo};
use provena_client::testing::ProvenaMock;

/// The stand-in on a runtime of its own (the facade must run outside any runtime).
fn mock() -> (tokio::runtime::Runtime, ProvenaMock) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(ProvenaMock::start());
    (rt, mock)
}

#[test]
fn listings_iterate_page_by_page_and_errors_are_typed() {
    let (_rt, mock) = mock();
    let provena = mock.offline_client().blocking().unwrap();
    for n in 0..12 {
        let org = OrganisationDomainInfo::new(&format!("Org {n}"));
        provena
            .run(|p| async move {
                p.registry()
                    .create_item(ItemSubType::Organisation, &org)
                    .await
            })
            .unwrap();
    }
    let names: Vec<String> = provena
        .iter(|p| {
            p.registry()
                .list_items(ItemSubType::Organisation)
                .unwrap()
                .page_size(5)
                .stream()
        })
        .map(|i| i.unwrap().display_name)
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!(
        mock.calls("POST", "/registry-api/registry/agent/organisation/list"),
        3
    );
    let missing = provena
        .run(|p| async move { p.datastore().fetch_dataset("10378.1/404").await })
        .unwrap_err();
    assert!(
        matches!(missing, provena_client::Error::Failed { .. }),
        "{missing:?}"
    );
}

#[test]
fn inside_an_async_runtime_it_is_an_error_not_a_panic() {
    let (rt, mock) = mock();
    let err = rt
        .block_on(async { mock.client().blocking().map(|_| ()) })
        .unwrap_err();
    assert!(
        matches!(
            err,
            provena_client::Error::Core(provena_client::CoreError::InsideAsyncRuntime)
        ),
        "{err:?}"
    );
}
