//! Decodes every recorded KE-chain interaction into the Rust type of its endpoint.
//!
//! `cargo run -p contract-tests --bin kechain-cassettes -- <directory of cassettes>`
//!
//! Success bodies decode into the endpoint's model (through the `{"results": [...]}` envelope),
//! error statuses into `kechain_client::Error`. Ends with `decoded N of M interactions` and, per
//! endpoint, what could not be attributed or decoded; exits non-zero on any failure.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use contract_tests::kechain_routes::{ROUTES, route_for};
use kechain_client::Error;
use platform_client_core::testing::{Cassette, Interaction};

#[derive(Default)]
struct Tally {
    decoded: usize,
    failures: Vec<String>,
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: kechain-cassettes <directory of cassettes>");
        return ExitCode::from(2);
    };
    let files = contract_tests::json_files(&dir);
    if files.is_empty() {
        eprintln!("no cassettes in {}", dir.display());
        return ExitCode::from(2);
    }
    let mut per_route: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unattributed: BTreeMap<String, usize> = BTreeMap::new();
    let mut broken = Vec::new();
    let (mut total, mut decoded) = (0, 0);
    for file in &files {
        if std::fs::metadata(file).map(|m| m.len()).unwrap_or(0) == 0 {
            continue; // an empty recording holds no interaction
        }
        let cassette = match Cassette::load(file) {
            Ok(c) => c,
            Err(e) => {
                broken.push(e);
                continue;
            }
        };
        for interaction in &cassette.interactions {
            total += 1;
            let path = interaction.path();
            let Some(route) = route_for(&interaction.method, &path) else {
                let key = format!("{} {}", interaction.method, path);
                *unattributed.entry(key).or_default() += 1;
                continue;
            };
            let key = format!("{} {}", route.method, route.pattern);
            let tally = per_route.entry(key).or_default();
            match decode(route.decode, interaction) {
                Ok(()) => {
                    tally.decoded += 1;
                    decoded += 1;
                }
                Err(e) => tally.failures.push(format!("{}: {e}", cassette.name)),
            }
        }
    }
    report(&per_route, &unattributed, &broken);
    println!("decoded {decoded} of {total} interactions");
    if decoded == total && broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Error statuses become the typed error; the rest goes to the route's decoder.
fn decode(decoder: fn(&[u8]) -> Result<(), String>, i: &Interaction) -> Result<(), String> {
    if i.status < 400 {
        return decoder(&i.body);
    }
    let error = Error::from_answer(&i.method, &i.uri, i.status, &i.body);
    let expected = match (&error, i.status) {
        (Error::Forbidden { detail, .. }, 403) => !detail.is_empty(),
        (Error::NotFound { what, source }, 404) => !what.is_empty() && source.is_some(),
        (Error::Api { detail, .. }, s) => s != 403 && s != 404 && !detail.is_empty(),
        _ => false,
    };
    if expected {
        Ok(())
    } else {
        Err(format!("HTTP {} gave {error:?}", i.status))
    }
}

fn report(
    per_route: &BTreeMap<String, Tally>,
    unattributed: &BTreeMap<String, usize>,
    broken: &[String],
) {
    println!("{:<62} {:>8} {:>8}", "endpoint", "decoded", "failed");
    for (route, t) in per_route {
        println!("{route:<62} {:>8} {:>8}", t.decoded, t.failures.len());
        for failure in t.failures.iter().take(5) {
            println!("    failed: {failure}");
        }
    }
    for (what, n) in unattributed {
        println!(
            "not attributed ({n}×): {what}: no route in the table matches this method and path"
        );
    }
    for b in broken {
        println!("unreadable cassette: {b}");
    }
    println!("{} routes known", ROUTES.len());
}
