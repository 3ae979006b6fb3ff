//! Shared helpers of the kechain-client tests.
#![allow(dead_code)]

use std::path::PathBuf;

use kechain_client::KechainClient;
use platform_client_core::testing::{Cassette, Replay, ReplayOptions, fast_retry};

/// A client for a local server.
pub(crate) fn client(base: &str) -> KechainClient {
    KechainClient::builder(base)
        .token("t0k3n")
        .no_proxy()
        .retry(fast_retry())
        .build()
        .unwrap()
}

/// The recorded cassettes (`CONTRACT_DATA` or `../shared/data` beside the checkout).
fn cassettes() -> Option<PathBuf> {
    let root = std::env::var_os("CONTRACT_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        PathBuf::from,
    );
    let dir = root.join("kechain/cassettes");
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(
        !ci,
        "the KE-chain cassettes are missing at {}",
        dir.display()
    );
    eprintln!(
        "KE-chain cassettes absent at {}; scenario skipped",
        dir.display()
    );
    None
}

/// Replays a recorded cassette; our client always pages, so `limit` may be added to lists
/// recorded without one.
pub(crate) async fn replay(name: &str) -> Option<(Replay, KechainClient)> {
    let cassette = Cassette::load(&cassettes()?.join(format!("{name}.json"))).unwrap();
    let options = ReplayOptions {
        optional_query: vec!["limit".to_owned()],
        ..ReplayOptions::default()
    };
    let replay = Replay::start_with(&cassette, options).await;
    let client = client(&replay.server.base_url());
    Some((replay, client))
}
