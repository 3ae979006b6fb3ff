//! Proxies from the environment are used by default and ignored with `no_proxy()`.
//!
//! The environment cannot be changed inside a test without `unsafe`, so the test re-runs this
//! binary with `HTTP_PROXY` set and checks what the proxy received.

use std::process::Command;

use platform_client_core::testing::{MockResponse, TestServer, local_builder};
use platform_client_core::{ClientBuilder, Request};

const TARGET: &str = "http://platform.invalid/api";

// The proxy runs on a worker thread while this thread waits for the child process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_proxy_from_the_environment_is_used() {
    let proxy =
        TestServer::start(|_| MockResponse::json(200, &serde_json::json!({"via": "proxy"}))).await;
    let run = |test: &str| {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", test, "--ignored", "--nocapture"])
            .env("HTTP_PROXY", proxy.base_url())
            .env("http_proxy", proxy.base_url())
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .output()
            .unwrap()
    };
    let out = run("child_request_through_env_proxy");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/api/items");
    assert_eq!(seen[0].header("x-probe"), Some("1"));
    assert_eq!(proxy.received()[0].headers["host"], "platform.invalid");

    proxy.clear();
    let out = run("child_request_without_proxy");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(proxy.request_count(), 0, "no_proxy() bypasses HTTP_PROXY");
}

#[tokio::test]
#[ignore = "run by http_proxy_from_the_environment_is_used with HTTP_PROXY set"]
async fn child_request_through_env_proxy() {
    let client = ClientBuilder::new(TARGET).build().unwrap();
    let req = Request::get("items").header("X-Probe", "1").unwrap();
    let body: serde_json::Value = client.send_json(req).await.unwrap();
    assert_eq!(body["via"], "proxy");
}

#[tokio::test]
#[ignore = "run by http_proxy_from_the_environment_is_used with HTTP_PROXY set"]
async fn child_request_without_proxy() {
    let client = local_builder(TARGET).build().unwrap();
    // platform.invalid does not resolve: the request fails instead of reaching the proxy.
    assert!(client.send(Request::get("items")).await.is_err());
}

#[test]
fn the_default_connect_timeout_is_ten_seconds() {
    assert_eq!(platform_client_core::DEFAULT_CONNECT_TIMEOUT.as_secs(), 10);
    let debug = format!("{:?}", ClientBuilder::new("http://h"));
    assert!(debug.contains("connect_timeout: 10s"), "{debug}");
}
