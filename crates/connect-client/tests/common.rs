//! Shared helpers of the connect-client tests.
#![allow(dead_code)]

use connect_client::ConnectClient;
use platform_client_core::testing::{TestServer, fast_retry};

/// A client for a local server (endpoint `<server>/public/v1`).
pub(crate) fn client(server: &TestServer) -> ConnectClient {
    ConnectClient::builder("ApiKey SU-000-000-000:secret")
        .endpoint(server.url("public/v1"))
        .no_proxy()
        .retry(fast_retry())
        .build()
        .unwrap()
}
