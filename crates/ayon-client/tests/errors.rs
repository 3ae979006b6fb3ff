//! The error predicates every platform crate shares (`status`, `http`, `is_not_found`,
//! `is_retryable`, `is_timeout`), on the core's table of answers (404 JSON and HTML, 400, 500,
//! 503, 429, a timeout, a dropped connection), for a REST call and for a GraphQL listing.

use std::time::Duration;

use ayon_client::AyonClient;
use platform_client_core::testing::{check_error_predicates, fast_retry};

fn client(url: &str) -> AyonClient {
    AyonClient::builder(url)
        .no_proxy()
        .retry(fast_retry())
        .timeout(Duration::from_millis(200))
        .api_key("k1")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_rest_call_maps_every_answer_to_the_shared_predicates() {
    check_error_predicates(|url| async move { client(&url).me().await }).await;
}

#[tokio::test]
async fn a_graphql_listing_maps_every_answer_to_the_shared_predicates() {
    check_error_predicates(|url| async move { client(&url).folders().list("demo").all().await })
        .await;
}
