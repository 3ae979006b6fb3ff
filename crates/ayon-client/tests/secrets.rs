//! Secrets (tokens, API keys, passwords) never reach Debug output, errors or logs. Alone in
//! its test binary: tracing caches what callsites are enabled, and tests running in parallel
//! without a subscriber would switch them off.

use ayon_client::ExposeSecret;
use ayon_client::testing::{ADMIN_PASSWORD, AyonMock, SERVICE_API_KEY};

#[tokio::test(flavor = "current_thread")]
async fn secrets_stay_out_of_debug_errors_and_logs() {
    let (capture, _guard) = platform_client_core::testing::capture_logs();
    let mock = AyonMock::start().await;
    let ayon = mock.builder().build().unwrap();
    ayon.login("admin", ADMIN_PASSWORD).await.unwrap();
    let token = ayon.access_token().unwrap().expose_secret().to_owned();
    let service = mock.service_client();
    service.me().await.unwrap();
    let _ = ayon.login("admin", "wrong-password-value").await;
    let stored = ayon_client::SecretString::from("stored-secret-value");
    ayon.secrets().save("s1", &stored).await.unwrap();
    let fetched = ayon.secrets().get("s1").await.unwrap();
    let debug = format!("{ayon:?} {service:?} {:?} {fetched:?}", service.headers());
    let logs = capture.text();
    for secret in [
        token.as_str(),
        SERVICE_API_KEY,
        ADMIN_PASSWORD,
        "wrong-password-value",
        "stored-secret-value",
    ] {
        assert!(!debug.contains(secret), "a secret in Debug: {debug}");
        assert!(!logs.contains(secret), "a secret in the logs");
    }
    assert!(
        logs.contains("http.request"),
        "the requests were logged: {logs}"
    );
}
