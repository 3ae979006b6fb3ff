//! Secrets never leak: access, refresh and offline tokens and AWS credentials stay out of
//! `Debug`, errors and logs (the captured tracing output of a whole session is searched), and
//! a token whose signature does not match the realm's key is refused.

use platform_client_core::testing::capture_logs;
use provena_client::testing::{ACCESS_TOKEN, OFFLINE_TOKEN, ProvenaMock};
use provena_client::{Error, SignInError};

mod common;

#[tokio::test]
async fn no_token_or_credential_reaches_debug_output_errors_or_logs() {
    let (logs, _guard) = capture_logs();
    let mock = ProvenaMock::start().await;
    let provena = mock.offline_client();
    let metadata: provena_client::models::CollectionFormat = serde_json::from_value(common::json(
        "fixtures/requests/datastore_mint_dataset.collection_format.from_real_item.json",
    ))
    .unwrap();
    let handle = provena
        .datastore()
        .mint_dataset(&metadata)
        .await
        .unwrap()
        .handle
        .unwrap();
    let credentials = provena
        .datastore()
        .generate_write_access_credentials(&handle, false)
        .await
        .unwrap();
    let failed = provena
        .datastore()
        .fetch_dataset("10378.1/404")
        .await
        .unwrap_err();
    mock.revoke_refresh_tokens();
    provena.force_refresh().await;
    let refused = provena
        .registry()
        .list_general()
        .first_page()
        .await
        .unwrap_err();
    let access_tokens: Vec<String> = mock
        .requests()
        .iter()
        .filter_map(|r| r.headers.get("authorization").cloned())
        .collect();
    assert!(
        access_tokens.iter().all(|h| h == "Bearer [redacted]"),
        "recorded headers are redacted"
    );
    let shown = format!(
        "{provena:?} {credentials:?} {failed} {failed:?} {refused} {refused:?} {}",
        logs.text()
    );
    for secret in [
        OFFLINE_TOKEN,
        ACCESS_TOKEN,
        "REFRESH-1",
        "stand-in-secret-key",
        "stand-in-session-token",
        "eyJ",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked");
    }
    assert!(!logs.text().is_empty(), "the session was logged");
}

#[tokio::test]
async fn a_token_that_does_not_match_the_realm_key_is_refused() {
    let mock = ProvenaMock::start().await;
    mock.set_tampered_tokens(true);
    let err = mock.offline_client().sign_in().await.unwrap_err();
    assert!(
        matches!(&err, Error::SignIn(SignInError::InvalidToken(reason)) if reason.contains("signature")),
        "{err:?}"
    );
    let api = mock
        .requests()
        .into_iter()
        .filter(|r| !r.path.starts_with("/auth/"))
        .count();
    assert_eq!(api, 0, "nothing sent with the forged token");
}
