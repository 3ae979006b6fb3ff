//! Contract suites: our clients against real material (recorded traffic, schemas, golden cases,
//! real servers). The material lives in `../shared/data` beside the checkout, or wherever
//! `CONTRACT_DATA` points.

use std::path::{Path, PathBuf};

/// The data directory: `CONTRACT_DATA`, else `../shared/data` beside the workspace.
pub fn data_root() -> PathBuf {
    match std::env::var_os("CONTRACT_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"),
    }
}

/// True when running under CI (`CI` set to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The directory `sub` of the data root, if present. When absent, says so in one line and
/// returns `None` — unless under CI, where absence is a failure.
pub fn data_dir(sub: &str) -> Option<PathBuf> {
    let dir = data_root().join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let line = format!(
        "contract data `{}` is absent (set CONTRACT_DATA or put shared/ beside the checkout); suite skipped",
        dir.display()
    );
    assert!(!in_ci(), "{line} — under CI the data must be present");
    eprintln!("{line}");
    None
}

/// The `*.json` files of a directory, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
pub mod kechain_routes;
pub mod vantage6_server;
