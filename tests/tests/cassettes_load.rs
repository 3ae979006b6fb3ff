//! Every recorded KE-chain cassette loads through the replay machinery of `platform-client-core`, and
//! every JSON response body (base64 and gzip undone) parses.

use contract_tests::{data_dir, json_files};
use platform_client_core::testing::Cassette;

#[test]
fn every_kechain_cassette_loads_and_its_json_bodies_parse() {
    let Some(dir) = data_dir("kechain/cassettes") else {
        return;
    };
    let files = json_files(&dir);
    assert!(
        files.len() > 700,
        "expected the 714 cassettes, found {}",
        files.len()
    );
    let (mut interactions, mut json_bodies, mut empty_files) = (0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        if std::fs::metadata(file).map(|m| m.len()).unwrap_or(0) == 0 {
            empty_files += 1; // recorded as empty files: nothing to replay
            continue;
        }
        match Cassette::load(file) {
            Ok(cassette) => {
                for i in &cassette.interactions {
                    interactions += 1;
                    let is_json = i
                        .headers
                        .iter()
                        .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v.contains("json"));
                    if is_json && !i.body.is_empty() {
                        match i.json() {
                            Some(_) => json_bodies += 1,
                            None => failures.push(format!(
                                "{}: {} {} body is not JSON",
                                cassette.name, i.method, i.uri
                            )),
                        }
                    }
                }
            }
            Err(e) => failures.push(e),
        }
    }
    println!(
        "kechain cassettes: {} files ({empty_files} empty), {interactions} interactions, {json_bodies} JSON bodies parsed",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(interactions > 7000);
}
