//! Request records snapshot with insta: what a platform crate's request tests look like.

use platform_client_core::testing::{MockResponse, TestServer, local_builder};
use platform_client_core::{Auth, Part, Request};
use serde_json::json;

#[tokio::test]
async fn request_records_are_stable_and_redacted() {
    let server = TestServer::start(|_| MockResponse::status(204)).await;
    let client = local_builder(server.url("api"))
        .auth(Auth::token("t0k3n"))
        .user_agent("platform-client-core/0.1.0")
        .build()
        .unwrap();
    client
        .send(
            Request::post("v3/scopes.json")
                .query("z", "last")
                .query("a", "first & second")
                .form([("name", "Bike"), ("status", "ACTIVE")]),
        )
        .await
        .unwrap();
    client
        .send(
            Request::patch("v3/parts/1.json")
                .json(&json!({"name": "Wheel", "value": 1.5}))
                .unwrap(),
        )
        .await
        .unwrap();
    client
        .send(
            Request::post("v3/properties/9/upload").multipart(vec![Part::file(
                "attachment",
                "a.txt",
                "text/plain",
                "hi",
            )]),
        )
        .await
        .unwrap();
    insta::assert_json_snapshot!("form_json_multipart", server.requests());
}
