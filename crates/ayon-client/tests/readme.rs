//! The README's "Coming from Python" table names every member of the reference this crate
//! covers (`../shared/reference/seed-methods/ayon-client.txt`, less the second part's).

use std::path::PathBuf;

/// Members of the second part (events, addons, files, ...), not in this table yet.
const LATER: [&str; 18] = [
    "event",
    "activit",
    "addon",
    "bundle",
    "installer",
    "dependency_package",
    "secret",
    "thumbnail",
    "upload",
    "download",
    "reviewable",
    "restart",
    "attribute_config",
    "attributes_schema",
    "settings",
    "compatib",
    "enroll",
    "dispatch",
];

#[test]
fn every_covered_member_has_a_row() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(
        root.join("../../../shared/reference/seed-methods/ayon-client.txt"),
    )
    .unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let members: Vec<&str> = seed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|m| !LATER.iter().any(|w| m.to_ascii_lowercase().contains(w)))
        .collect();
    assert_eq!(members.len(), 165);
    let missing: Vec<&&str> = members
        .iter()
        .filter(|m| !readme.contains(&format!("| `{m}` |")))
        .collect();
    assert!(missing.is_empty(), "no README row for {missing:?}");
}
