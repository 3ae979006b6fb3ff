//! Secrets: list, get, save, delete; values never in Debug output, errors or snapshots.

mod common;

use ayon_client::{ExposeSecret, SecretString};
use serde_json::json;

const VALUE: &str = "s3cr3t-value-for-the-test";

#[tokio::test]
async fn every_secret_call_sends_the_documented_request() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let secrets = ayon.secrets();
    secrets
        .save("mysecret", &SecretString::from(VALUE))
        .await
        .unwrap();
    secrets
        .save("other", &SecretString::from("x"))
        .await
        .unwrap();
    let all = secrets.list().await.unwrap();
    assert_eq!(all.len(), 2);
    let one = secrets.get("mysecret").await.unwrap();
    assert_eq!(one.value.expose_secret(), VALUE);
    assert!(
        !format!("{one:?} {all:?}").contains(VALUE),
        "values stay out of Debug"
    );
    secrets.delete("mysecret").await.unwrap();
    let missing = secrets.get("mysecret").await.unwrap_err();
    assert!(missing.is_not_found());
    assert!(!format!("{missing} {missing:?}").contains(VALUE));
    let mut records = common::snapshot(mock.requests());
    for record in records.as_array_mut().unwrap() {
        if let Some(value) = record.pointer_mut("/body/value/value") {
            *value = json!("[secret]");
        }
    }
    assert!(!records.to_string().contains(VALUE));
    insta::assert_json_snapshot!("secret_requests", records);
}

#[tokio::test]
async fn bad_secret_names_are_refused_before_anything_is_sent() {
    let mock = common::mock().await;
    let ayon = mock.client();
    for bad in ["", " ", "a/b", "..", "%2e%2e", "x\ny", "a?b"] {
        assert!(
            ayon.secrets()
                .get(bad)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad:?}"
        );
        assert!(
            ayon.secrets()
                .save(bad, &SecretString::from("v"))
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            ayon.secrets()
                .delete(bad)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn an_undecodable_answer_is_reported_without_its_body() {
    use platform_client_core::testing::{MockResponse, Routes, TestServer};
    let body = format!("{{\"name\": \"a\", \"value\": \"{VALUE}\", broken");
    let server = TestServer::routes(Routes::new().on(
        "GET",
        "/api/secrets/a",
        MockResponse::status(200).body(body),
    ))
    .await;
    let ayon = ayon_client::AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let error = ayon.secrets().get("a").await.unwrap_err();
    assert!(!format!("{error} {error:?}").contains(VALUE), "{error:?}");
}
