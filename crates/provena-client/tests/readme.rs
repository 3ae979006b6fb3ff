//! The README's "Coming from Python" table names every member of the reference
//! (`../shared/reference/seed-methods/provena-client.txt`, 64).

use std::path::PathBuf;

#[test]
fn every_member_has_a_row() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(
        root.join("../../../shared/reference/seed-methods/provena-client.txt"),
    )
    .unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let members: Vec<&str> = seed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(members.len(), 64);
    let rows: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" | ").next())
        .collect();
    let missing: Vec<&&str> = members
        .iter()
        .filter(|m| {
            let (class, method) = m.split_once('.').unwrap();
            !rows.iter().any(|cell| {
                cell.split(" / ").any(|name| {
                    let name = name.trim().trim_matches('`');
                    name == **m
                        || (name.starts_with(class) && name.ends_with(&format!(".{method}")))
                        || (cell.starts_with(&format!("`{class}.")) && name == method)
                })
            })
        })
        .collect();
    assert!(missing.is_empty(), "no README row for {missing:?}");
}
