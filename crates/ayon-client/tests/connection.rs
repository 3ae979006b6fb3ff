//! Connection and session: builder, environment, identity headers, derived clients, server
//! info and version, availability, login/logout, tokens and API keys.

mod common;

use ayon_client::testing::{ADMIN_PASSWORD, AyonMock, SERVICE_API_KEY, USER_TOKEN};
use ayon_client::{AyonClient, Env, Error, ExposeSecret, SecretString};
use std::time::Duration;

#[tokio::test]
async fn every_session_call_sends_the_documented_request() {
    let mock = AyonMock::start().await;
    let plain = mock
        .builder()
        .site_id("test-site")
        .client_version("1.0.0")
        .sender_type("rust-test")
        .sender("tester")
        .build()
        .unwrap();
    assert!(plain.is_server_available().await);
    assert_eq!(plain.info().await.unwrap().version, "1.16.0+DEVELOP");
    let version = plain.server_version().await.unwrap();
    assert_eq!(version.as_tuple(), (1, 16, 0, None, Some("DEVELOP")));
    plain.server_version().await.unwrap();
    assert_eq!(
        mock.calls("GET", "/api/info"),
        2,
        "the version is read once"
    );
    assert!(matches!(
        plain.is_service_user(),
        Err(Error::NotAuthenticated)
    ));
    assert!(!plain.has_valid_token().await.unwrap());

    let wrong = plain.login("admin", "wrong").await.unwrap_err();
    assert!(
        matches!(&wrong, Error::Forbidden { message, .. } if message == "Invalid login/password combination"),
        "{wrong}"
    );
    let answer = plain.login("admin", ADMIN_PASSWORD).await.unwrap();
    assert_eq!(answer.detail.as_deref(), Some("Logged in as admin"));
    assert!(!plain.is_service_user().unwrap());
    assert!(plain.has_valid_token().await.unwrap());
    let me = plain.me().await.unwrap();
    assert!(me.admin() && !me.service());
    let clone = plain.clone();
    clone.logout().await.unwrap();
    assert!(plain.access_token().is_none(), "clones share the session");
    assert!(!plain.has_valid_token().await.unwrap());

    let user = plain
        .set_token(SecretString::from(SERVICE_API_KEY))
        .await
        .unwrap();
    assert_eq!(user.name, "service");
    assert!(
        plain.is_service_user().unwrap(),
        "accepted only as X-Api-Key: a service key"
    );
    let user = plain
        .set_token(SecretString::from(USER_TOKEN))
        .await
        .unwrap();
    assert_eq!(user.name, "admin");
    assert!(!plain.is_service_user().unwrap());
    let refused = plain
        .set_token(SecretString::from("nope"))
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Unauthorized { .. }));
    assert_eq!(
        plain.access_token().unwrap().expose_secret(),
        USER_TOKEN,
        "the previous credential stays"
    );
    plain.reset_token();
    assert!(plain.access_token().is_none());
    insta::assert_json_snapshot!("session_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn identity_headers_are_fixed_per_client_and_derived_cheaply() {
    let mock = AyonMock::start().await;
    let ayon = mock.service_client();
    let worker = ayon
        .with_sender(Some("worker-1"))
        .unwrap()
        .with_sender_type(Some("service"))
        .unwrap();
    let acting = worker
        .with_as_user(Some("admin"))
        .unwrap()
        .with_site_id(Some("site-a"))
        .unwrap();
    ayon.me().await.unwrap();
    worker.me().await.unwrap();
    acting.me().await.unwrap();
    let user = mock.client().with_as_user(Some("admin")).unwrap();
    user.me().await.unwrap();
    let requests = mock.requests();
    assert_eq!(
        requests[0].header("x-sender"),
        None,
        "deriving never changes the original"
    );
    assert_eq!(requests[1].header("x-sender"), Some("worker-1"));
    assert_eq!(requests[1].header("x-sender-type"), Some("service"));
    assert_eq!(requests[2].header("x-as-user"), Some("admin"));
    assert_eq!(requests[2].header("x-ayon-site-id"), Some("site-a"));
    assert_eq!(
        requests[3].header("x-as-user"),
        None,
        "X-as-user only goes with an API key"
    );
    assert_eq!(worker.sender(), Some("worker-1"));
    assert_eq!(ayon.sender(), None);
    assert!(ayon.with_sender(Some("bad\nvalue")).is_err());
    assert!(ayon.with_as_user(Some("no spaces")).is_err());
    let headers = acting.headers();
    assert!(headers.contains(&("x-api-key".to_owned(), "[redacted]".to_owned())));
    assert!(
        headers.contains(&("x-ayon-platform".to_owned(), "linux".to_owned()))
            || !cfg!(target_os = "linux")
    );
    insta::assert_json_snapshot!("identity_requests", common::snapshot(requests));
}

#[test]
fn settings_come_from_the_environment_and_the_builder() {
    let env = Env::with_values([
        ("AYON_SERVER_URL", "https://ayon.example.com/"),
        ("AYON_API_KEY", "0123456789abcdef0123456789abcdef"),
        ("AYON_SERVER_TIMEOUT", "2.5"),
        ("AYON_SERVER_RETRIES", "5"),
        ("AYON_SITE_ID", "studio-a"),
        ("AYON_DEFAULT_SETTINGS_VARIANT", "staging"),
    ]);
    let ayon = AyonClient::builder_from_env(&env).unwrap().build().unwrap();
    assert_eq!(ayon.base_url(), "https://ayon.example.com");
    assert_eq!(ayon.rest_url(), "https://ayon.example.com/api");
    assert_eq!(ayon.timeout(), Some(Duration::from_millis(2500)));
    assert_eq!(ayon.max_retries(), 5);
    assert_eq!(ayon.site_id(), Some("studio-a"));
    assert_eq!(ayon.default_settings_variant(), "staging");
    assert!(
        ayon.is_service_user().unwrap(),
        "a 32-character key is an API key"
    );
    assert!(ayon.ssl_verify());
    let token = Env::with_values([
        ("AYON_SERVER_URL", "http://h"),
        ("AYON_API_KEY", &"ab".repeat(32)),
    ]);
    let ayon = AyonClient::builder_from_env(&token)
        .unwrap()
        .build()
        .unwrap();
    assert!(
        !ayon.is_service_user().unwrap(),
        "64 hex characters are a user token"
    );
    let defaults = AyonClient::builder("http://h").build().unwrap();
    assert_eq!(defaults.timeout(), Some(Duration::from_secs(10)));
    assert_eq!(defaults.max_retries(), 3);
    assert_eq!(defaults.default_settings_variant(), "production");
    assert_eq!(defaults.with_max_retries(0).max_retries(), 1);
    assert_eq!(defaults.with_timeout(None).timeout(), None);
    for bad in [
        Env::with_values([
            ("AYON_SERVER_URL", "http://h"),
            ("AYON_SERVER_TIMEOUT", "-1"),
        ]),
        Env::with_values([
            ("AYON_SERVER_URL", "http://h"),
            ("AYON_SERVER_RETRIES", "many"),
        ]),
        Env::with_values([("AYON_SITE_ID", "x")]),
        Env::with_values([
            ("AYON_SERVER_URL", "http://h"),
            ("AYON_SERVER_TIMEOUT", "1e20"),
        ]),
    ] {
        assert!(
            AyonClient::builder_from_env(&bad)
                .and_then(|b| b.build())
                .is_err()
        );
    }
    assert!(
        AyonClient::builder(" ")
            .build()
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        AyonClient::builder("http://h")
            .api_key("with space")
            .build()
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        AyonClient::builder("http://h")
            .page_size(0)
            .build()
            .unwrap_err()
            .is_invalid_input()
    );
}

#[tokio::test]
async fn a_server_that_does_not_answer_is_not_reached() {
    let ayon = AyonClient::builder("http://127.0.0.1:9")
        .no_proxy()
        .max_retries(1)
        .build()
        .unwrap();
    assert!(!ayon.is_server_available().await);
    assert!(matches!(
        ayon.validate_server_availability().await,
        Err(Error::ServerNotReached(_))
    ));
    let mock = AyonMock::start().await;
    let unauthenticated = mock.builder().build().unwrap();
    let refused = unauthenticated.me().await.unwrap_err();
    assert!(
        matches!(&refused, Error::Unauthorized { message, .. } if message == "Access token is missing")
    );
    assert_eq!(refused.status(), Some(401));
}
