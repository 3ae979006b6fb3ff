//! Errors as the reference maps them (`fixtures/golden/error_mapping.json`: 400, 401, 403,
//! 404, 422, 500, 502, HTTP 200 with `success=false`, of the wrong shape, not JSON), for a
//! status-checked call (`fetch_dataset`) and an HTTP-checked one (`get_health_check`); typed,
//! with status, details and a body excerpt, 401 never retried, no token in any message; and
//! the shared predicates of every platform crate.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use platform_client_core::testing::{MockResponse, TestServer, check_error_predicates, fast_retry};
use provena_client::{Config, Error, ProvenaClient};
use serde_json::Value;

async fn serving(status: u16, body: &Value) -> (TestServer, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let answer = match body {
        Value::String(text) => MockResponse::status(status)
            .header("content-type", "text/plain")
            .body(text.clone()),
        json => MockResponse::json(status, json),
    };
    let server = TestServer::start(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
        answer.clone()
    })
    .await;
    (server, count)
}

/// The variant this crate gives for a reference exception.
fn kind(error: &Error) -> &'static str {
    match error {
        Error::BadRequest { .. } => "BadRequestException",
        Error::Unauthorized { .. } => "AuthException",
        Error::NotFound { .. } => "NotFoundException",
        Error::Validation { .. } => "HTTPValidationException",
        Error::Forbidden { .. } | Error::Server { .. } => "ServerException",
        Error::Failed { .. } => "Exception(status)",
        Error::Core(provena_client::CoreError::Decode(_)) => "Exception(decode)",
        _ => "other",
    }
}

#[tokio::test]
async fn every_recorded_error_case_is_a_typed_error() {
    let cases = common::json("fixtures/golden/error_mapping.json");
    for case in cases.as_array().unwrap() {
        let status = case["http_status"].as_u64().unwrap() as u16;
        let body = &case["response_body"];
        let method = case["method"].as_str().unwrap();
        let (server, count) = serving(status, body).await;
        let client = common::client(&server);
        let error = if method.starts_with("fetch_dataset") {
            client
                .datastore()
                .fetch_dataset("10378.1/1234567")
                .await
                .unwrap_err()
        } else {
            client.datastore().health_check().await.unwrap_err()
        };
        let expected = match (case["raised"].as_str().unwrap(), status) {
            ("ValidationException", _) => "Exception(decode)",
            ("Exception", _)
                if case["str"]
                    .as_str()
                    .unwrap()
                    .contains("Status object from API indicated failure") =>
            {
                "Exception(status)"
            }
            ("Exception", _) => "Exception(decode)",
            (raised, _) => raised,
        };
        assert_eq!(kind(&error), expected, "{method} HTTP {status}: {error:?}");
        if status != 200 {
            assert_eq!(error.status(), Some(status), "{method} {status}");
            let details = error.details().unwrap();
            match body {
                Value::String(text) => assert!(details.contains(text.as_str()), "{details}"),
                Value::Object(o) if o["detail"].is_string() => assert_eq!(details, o["detail"]),
                _ => assert!(details.contains("field required"), "{details}"),
            }
            assert!(!error.http().unwrap().body_excerpt.is_empty());
        }
        if let Error::Validation { errors, .. } = &error {
            assert_eq!(
                errors[0].loc,
                vec![Value::from("query"), Value::from("handle_id")]
            );
        }
        if let Error::Failed { details } = &error {
            assert_eq!(
                details,
                "Could not find the given key (10378.1/1) in the registry."
            );
        }
        let attempts = count.load(Ordering::SeqCst);
        let retried = matches!(status, 502 | 503 | 504 | 429);
        assert_eq!(
            attempts > 1,
            retried,
            "{method} HTTP {status}: {attempts} attempts"
        );
        let text = format!("{error} {error:?}");
        assert!(!text.contains("TEST-ACCESS-TOKEN"), "a token in {text}");
    }
}

#[tokio::test]
async fn a_call_maps_every_answer_to_the_shared_predicates() {
    check_error_predicates(|url| async move {
        let config = Config::new("example.provena.io", "provena")
            .unwrap()
            .with_all_endpoints(&url)
            .unwrap();
        let client = ProvenaClient::builder(config)
            .no_proxy()
            .retry(fast_retry())
            .timeout(Duration::from_millis(200))
            .access_token("TEST-ACCESS-TOKEN")
            .build()
            .unwrap();
        client
            .registry()
            .fetch_item(
                provena_client::models::ItemSubType::Model,
                "10378.1/1",
                None,
            )
            .await
    })
    .await;
}
