//! A platform's `ErrorBody`: error answers read once into a typed detail, and failures reported
//! inside 2xx answers (GraphQL `errors`, a `status.success = false` envelope) as typed errors.

use platform_client_core::reexports::StatusCode;
use platform_client_core::testing::{MockResponse, TestServer, local_builder};
use platform_client_core::{ErrorBody, ErrorInfo, HttpError, Request, Response};
use serde_json::{Value, json};

/// The typed part of the error bodies of this test platform.
#[derive(Debug, PartialEq)]
struct FieldErrors(Vec<String>);

/// GraphQL-style: `{"errors": [{"message"}]}` in a 200 is a failure; Provena-style:
/// `{"status": {"success": false, "details"}}` too. Error answers carry `fields`.
struct TestPlatform;

impl ErrorBody for TestPlatform {
    fn parse(&self, _status: StatusCode, body: Option<&Value>) -> ErrorInfo {
        let body = body.cloned().unwrap_or(Value::Null);
        let fields = body["fields"].as_array().into_iter().flatten();
        let fields = fields
            .filter_map(|f| f.as_str().map(str::to_owned))
            .collect();
        let message = body["detail"].as_str().map(str::to_owned);
        ErrorInfo::new(Some("E_TEST".into()), message).with_detail(FieldErrors(fields))
    }

    fn failure_in_success(&self, response: &Response) -> Option<ErrorInfo> {
        let body: Value = serde_json::from_slice(response.bytes()).ok()?;
        if let Some(errors) = body["errors"].as_array().filter(|e| !e.is_empty()) {
            let messages: Vec<&str> = errors
                .iter()
                .filter_map(|e| e["message"].as_str())
                .collect();
            return Some(ErrorInfo::new(
                Some("GRAPHQL".into()),
                Some(messages.join("; ")),
            ));
        }
        if body["status"]["success"] == json!(false) {
            let details = body["status"]["details"].as_str().map(str::to_owned);
            return Some(ErrorInfo::new(Some("STATUS".into()), details));
        }
        None
    }
}

#[tokio::test]
async fn error_answers_are_read_once_and_failures_inside_a_200_are_errors() {
    let server = TestServer::start(|r| match r.record.path.as_str() {
        "/graphql" => MockResponse::json(200, &json!({"data": null, "errors": [{"message": "Cannot query field \"nope\"", "path": ["project"]}]})),
        "/status" => MockResponse::json(200, &json!({"status": {"success": false, "details": "Dataset not found"}})),
        "/fine" => MockResponse::json(200, &json!({"status": {"success": true}, "errors": []})),
        _ => MockResponse::json(422, &json!({"detail": "invalid", "fields": ["name", "id"]})),
    })
    .await;
    let client = local_builder(server.base_url())
        .error_body(TestPlatform)
        .build()
        .unwrap();
    let value: Value = client.send_json(Request::get("fine")).await.unwrap();
    assert_eq!(value["status"]["success"], true);

    let graphql = client.send(Request::post("graphql")).await.unwrap_err();
    let http = graphql.http().expect("an answer");
    assert_eq!(
        (http.status.as_u16(), http.code.as_deref()),
        (200, Some("GRAPHQL"))
    );
    assert_eq!(http.message.as_deref(), Some("Cannot query field \"nope\""));
    assert!(!graphql.is_retryable());
    assert_eq!(
        server.calls("POST", "/graphql"),
        1,
        "a POST is never re-sent"
    );

    let status = client.send(Request::get("status")).await.unwrap_err();
    assert_eq!(
        status.http().and_then(|h| h.message.as_deref()),
        Some("Dataset not found")
    );

    let invalid = client.send(Request::get("other")).await.unwrap_err();
    let http = invalid.http().unwrap();
    assert_eq!(http.status.as_u16(), 422);
    let fields = http.detail::<FieldErrors>().expect("the typed detail");
    assert_eq!(fields, &FieldErrors(vec!["name".into(), "id".into()]));
    assert!(
        http.detail::<String>().is_none(),
        "a detail of another type is not there"
    );

    // Recorded traffic is read the same way.
    let headers = platform_client_core::reexports::HeaderMap::new();
    let body = br#"{"detail": "gone", "fields": []}"#;
    let recorded = HttpError::from_answer(
        "GET".parse().unwrap(),
        "https://example.com/x".into(),
        StatusCode::NOT_FOUND,
        &headers,
        body,
        &TestPlatform,
    );
    assert_eq!(recorded.message.as_deref(), Some("gone"));
    assert_eq!(recorded.detail::<FieldErrors>(), Some(&FieldErrors(vec![])));
}
