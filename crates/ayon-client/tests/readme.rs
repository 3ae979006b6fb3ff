//! The README's "Coming from Python" tables name every member of the reference
//! (`../shared/reference/seed-methods/ayon-client.txt`): all 235.

use std::path::PathBuf;

#[test]
fn every_member_has_a_row() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(
        root.join("../../../shared/reference/seed-methods/ayon-client.txt"),
    )
    .unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let members: Vec<&str> = seed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(members.len(), 235);
    // The first column of every table row: one or more `name`s separated by ` / `.
    let rows: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" | ").next())
        .flat_map(|cell| cell.split(" / "))
        .map(|name| name.trim().trim_matches('`'))
        .collect();
    let missing: Vec<&&str> = members.iter().filter(|m| !rows.contains(m)).collect();
    assert!(missing.is_empty(), "no README row for {missing:?}");
}
