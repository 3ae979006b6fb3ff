//! Unit tests of the release logic on temporary directories.
use super::plan::{Member, Published, index_path, index_versions};
use super::version::ReleaseSpec;
use super::*;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::{SystemTime, UNIX_EPOCH};

const ROOT: &str = "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.dependencies]\n\
    # internal crates\nalpha = { path = \"crates/alpha\", version = \"0.1.0\" } # keep me\n\
    beta = { path = \"crates/beta\", version = \"=0.1.0\" }\nserde = \"1\"\n";
const MEMBER: &str = "[package]\nname = \"alpha\"\n# bumped by xtask\n\
    version = \"0.1.0\"  # trailing\nedition = \"2024\"\n";
const LOG: &str = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- New thing.\n\n\
    ## [0.1.0] - 2024-01-02\n\n- First.\n\n\
    [Unreleased]: https://example.com/compare/v0.1.0...HEAD\n[0.1.0]: https://example.com/v0.1.0\n";
const DATE: &str = "2025-03-04";

fn v(s: &str) -> Version {
    Version::parse(s).unwrap()
}

/// A workspace in a fresh temp directory with crates `alpha` and `beta`.
fn fixture(beta_log: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let now = SystemTime::now().duration_since(UNIX_EPOCH);
    let (pid, n, nanos) = (
        std::process::id(),
        N.fetch_add(1, SeqCst),
        now.unwrap().as_nanos(),
    );
    let root = std::env::temp_dir().join(format!("xtask-release-{pid}-{nanos}-{n}"));
    for (name, log) in [("alpha", LOG), ("beta", beta_log)] {
        let dir = root.join("crates").join(name);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("Cargo.toml"), MEMBER.replace("alpha", name)).unwrap();
        fs::write(dir.join("CHANGELOG.md"), log).unwrap();
    }
    fs::write(root.join("Cargo.toml"), ROOT).unwrap();
    root
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn version_parse_display_and_order() {
    for s in "0.0.0 0.1.0 1.2.3 10.20.30 1.0.0-rc.1 1.0.0-a-2.x".split(' ') {
        assert_eq!(v(s).to_string(), s);
    }
    assert_eq!(v("1.2.3-rc.1").pre.as_deref(), Some("rc.1"));
    let bad = "|1|1.2|1.2.3.4|01.2.3|1.2.x|1.2.3-|1.2.3-a..b|1.2.3-01|1.2.3+b| 1|-1.2.3|v1.2.3";
    for s in bad.split('|').chain(["99999999999999999999.0.0"]) {
        assert!(Version::parse(s).is_err(), "{s:?} should be rejected");
    }
    let ordered = "1.0.0-alpha 1.0.0-alpha.1 1.0.0-alpha.beta 1.0.0-beta.2 1.0.0-beta.11 \
                   1.0.0-rc.1 1.0.0 1.0.1 1.1.0 2.0.0";
    let ordered: Vec<Version> = ordered.split_whitespace().map(v).collect();
    for pair in ordered.windows(2) {
        assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
    }
}

#[test]
fn bump_table() {
    let table = "0.1.0 patch 0.1.1|0.1.3 minor 0.2.0|0.3.1 major 1.0.0|1.2.3 patch 1.2.4|\
                 1.2.3 minor 1.3.0|1.2.3 major 2.0.0|1.0.0-rc.1 patch 1.0.0|\
                 1.0.0-rc.1 major 1.0.0|1.2.0-beta minor 1.2.0|1.2.3-beta minor 1.3.0|\
                 0.1.0 0.1.1-rc.1 0.1.1-rc.1|0.1.0 3.0.0 3.0.0";
    for row in table.split('|') {
        let cols: Vec<&str> = row.split(' ').collect();
        let bumped = v(cols[0]).bump(&Bump::parse(cols[1]).unwrap());
        assert_eq!(bumped, Ok(v(cols[2])), "{row}");
    }
}

#[test]
fn exact_version_not_greater_is_an_error() {
    for exact in ["1.2.3", "1.2.2", "0.9.0", "1.2.3-rc.1"] {
        let err = v("1.2.3").bump(&Bump::Exact(v(exact))).unwrap_err();
        assert!(err.contains("must be greater"), "{err}");
    }
    let max = v(&format!("1.2.{}", u64::MAX));
    assert!(max.bump(&Bump::Patch).unwrap_err().contains("overflow"));
}

#[test]
fn spec_and_argument_parsing() {
    let spec = ReleaseSpec::parse("platform-client-core@patch").unwrap();
    assert!(spec.krate == "platform-client-core" && spec.bump == Bump::Patch);
    let spec = ReleaseSpec::parse("kechain-client@1.2.3").unwrap();
    assert_eq!(spec.bump, Bump::Exact(v("1.2.3")));
    let bad =
        "platform-client-core|x@|@patch|x@Patch|x@1.2|a@b@patch|../x@patch|9x@minor|a b@minor";
    for s in bad.split('|') {
        assert!(ReleaseSpec::parse(s).is_err(), "{s:?} should be rejected");
    }
    let args = |a: &str| parse_args(&a.split_whitespace().map(String::from).collect::<Vec<_>>());
    let err = |a: &str| args(a).unwrap_err();
    assert!(err("").contains("no crates") && err("--execute").contains("no crates"));
    assert!(err("a@patch --dry").contains("unknown option"));
    assert!(err("a@patch a@minor").contains("more than once"));
    let parsed = args("a@patch --execute b@0.2.0").unwrap();
    assert!(parsed.execute && parsed.specs.len() == 2);
    assert!(!args("a@minor").unwrap().execute);
}

#[test]
fn manifest_bump_updates_both_places_and_keeps_comments() {
    let root = fixture(LOG);
    let bumped = bump_manifest(&root, "alpha", &Bump::Minor).unwrap();
    assert_eq!(bumped, (v("0.1.0"), v("0.2.0")));
    let bumped = bump_manifest(&root, "beta", &Bump::Patch).unwrap();
    assert_eq!(bumped.1, v("0.1.1"));
    let member = MEMBER.replace("0.1.0", "0.2.0");
    assert_eq!(read(&root, "crates/alpha/Cargo.toml"), member);
    let expected = ROOT.replace("version = \"0.1.0\" }", "version = \"0.2.0\" }");
    let expected = expected.replace("=0.1.0", "=0.1.1");
    assert_eq!(read(&root, "Cargo.toml"), expected);
    fs::remove_dir_all(root).ok();
}

#[test]
fn manifest_bump_errors_leave_files_alone() {
    let root = fixture(LOG);
    let err = |krate: &str, bump: Bump| bump_manifest(&root, krate, &bump).unwrap_err();
    assert!(err("gamma", Bump::Patch).contains("not found"));
    assert!(err("alpha", Bump::Exact(v("0.1.0"))).contains("must be greater"));
    let manifest = "[workspace.dependencies]\nbeta = { path = \"b\" }\n";
    fs::write(root.join("Cargo.toml"), manifest).unwrap();
    assert!(err("alpha", Bump::Patch).contains("[workspace.dependencies] has no `alpha"));
    assert!(err("beta", Bump::Patch).contains("has no `version`"));
    assert_eq!(read(&root, "crates/alpha/Cargo.toml"), MEMBER);
    assert_eq!(read(&root, "Cargo.toml"), manifest);
    fs::remove_dir_all(root).ok();
}

#[test]
fn changelog_moves_unreleased_content() {
    let out = release_changelog(LOG, &v("0.2.0"), DATE).unwrap();
    let moved = "## [Unreleased]\n\n## [0.2.0] - 2025-03-04\n\n### Added";
    assert_eq!(out, LOG.replace("## [Unreleased]\n\n### Added", moved));
    // First release: the Unreleased section runs into the link references.
    let first = "# Log\n## [Unreleased]\n- Initial.\n\n\n[Unreleased]: https://x.org\n";
    let out = release_changelog(first, &v("0.1.0"), DATE).unwrap();
    let expected = "# Log\n## [Unreleased]\n\n## [0.1.0] - 2025-03-04\n\n- Initial.\n\n\
                    [Unreleased]: https://x.org\n";
    assert_eq!(out, expected);
    let crlf = release_changelog("## [Unreleased]\r\n- x\r\n", &v("1.0.0"), DATE).unwrap();
    assert_eq!(
        crlf,
        "## [Unreleased]\r\n\r\n## [1.0.0] - 2025-03-04\r\n\r\n- x\r\n"
    );
}

#[test]
fn changelog_refusals() {
    let cases = [
        "# Changelog\n\n## [0.1.0] - 2024-01-02\n- a\n|no `## [Unreleased]`",
        "## [Unreleased]\n\n   \n## [0.1.0] - 2024-01-02\n- a\n|is empty",
        "## [Unreleased]\n\n[Unreleased]: https://x.org\n|is empty",
        "## [Unreleased]\n### Added\n\n### Fixed\n|only empty subsections",
        "## [Unreleased]\n- b\n## [0.2.0] - 2024-01-02\n- a\n|already has",
    ];
    for case in cases {
        let (text, msg) = case.split_once('|').unwrap();
        let err = release_changelog(text, &v("0.2.0"), DATE).unwrap_err();
        assert!(err.contains(msg), "{err}");
    }
    for date in ["2025-13-01", "today", "2025-1-01", "2025-01-01-01"] {
        let err = release_changelog(LOG, &v("0.2.0"), date).unwrap_err();
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }
}

#[test]
fn snapshot_restores_changed_and_removes_new_files() {
    let root = fixture(LOG);
    let (kept, created) = (root.join("Cargo.toml"), root.join("Cargo.lock"));
    let mut snapshot = Snapshot::take(vec![kept.clone(), created.clone()]).unwrap();
    fs::write(&kept, "changed").unwrap();
    fs::write(&created, "new").unwrap();
    assert_eq!(snapshot.restore(), Ok(2));
    assert_eq!(read(&root, "Cargo.toml"), ROOT);
    assert!(!created.exists());
    let guard = Snapshot::take(vec![kept.clone()]).unwrap();
    fs::write(&kept, "changed again").unwrap();
    drop(guard);
    assert_eq!(read(&root, "Cargo.toml"), ROOT, "drop restores");
    fs::remove_dir_all(root).ok();
}

#[test]
fn failed_dry_run_reverts_earlier_crates() {
    let root = fixture("## [Unreleased]\n\n## [0.1.0] - 2024-01-02\n- a\n");
    let args = ["alpha@minor", "beta@patch", "--allow-dirty"].map(String::from);
    let no_cargo = Path::new("/nonexistent/cargo");
    // beta's changelog is empty, so this fails before any cargo command runs.
    let err = run(&root, &args, DATE, no_cargo, &Index::default()).unwrap_err();
    assert!(err.contains("beta: the `## [Unreleased]` section") && err.contains("reverted"));
    assert_eq!(read(&root, "Cargo.toml"), ROOT);
    assert_eq!(read(&root, "crates/alpha/Cargo.toml"), MEMBER);
    assert_eq!(read(&root, "crates/alpha/CHANGELOG.md"), LOG);
    let err = run(&root, &[], DATE, no_cargo, &Index::default()).unwrap_err();
    assert!(err.contains("no crates"), "{err}");
    fs::remove_dir_all(root).ok();
}

/// A registry answering from a table; crates not in it were never published.
#[derive(Default)]
struct Index(Vec<(&'static str, &'static str)>);

impl Registry for Index {
    fn published(&self, krate: &str) -> Res<Published> {
        let versions: Vec<Version> = self
            .0
            .iter()
            .filter(|(k, _)| *k == krate)
            .map(|(_, x)| v(x))
            .collect();
        Ok(if versions.is_empty() {
            Published::Never
        } else {
            Published::Versions(versions)
        })
    }
}

/// `core` <- `client` <- `app` (normal dependencies), plus `tool` depending on nothing.
fn members(core_unreleased: bool) -> Vec<Member> {
    let member = |name: &str, deps: &[&str], unreleased| Member {
        name: name.to_owned(),
        version: v("0.1.0"),
        deps: deps.iter().map(|d| d.to_string()).collect(),
        unreleased,
    };
    vec![
        member("app", &["client"], true),
        member("client", &["core"], true),
        member("core", &[], core_unreleased),
        member("tool", &[], true),
    ]
}

fn specs(list: &str) -> Vec<ReleaseSpec> {
    list.split(' ')
        .map(|s| ReleaseSpec::parse(s).unwrap())
        .collect()
}

fn planned(steps: &[Step]) -> String {
    let row = |s: &Step| format!("{}@{}{}", s.krate, s.new, if s.first { "*" } else { "" });
    steps.iter().map(row).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_first_release_keeps_the_version_and_brings_its_dependencies_first() {
    let steps = plan(&specs("app@0.1.0"), &members(true), &Index::default()).unwrap();
    assert_eq!(planned(&steps), "core@0.1.0* client@0.1.0* app@0.1.0*");
    assert_eq!(steps[0].reason, Reason::NeededBy("client".into()));
    assert_eq!(steps[2].reason, Reason::Requested);
    // Named in any order, dependencies still go first.
    let steps = plan(
        &specs("tool@minor app@patch core@0.2.0"),
        &members(true),
        &Index::default(),
    );
    assert_eq!(
        planned(&steps.unwrap()),
        "core@0.2.0* client@0.1.0* app@0.1.1* tool@0.2.0*"
    );
}

#[test]
fn published_dependencies_join_only_when_they_changed() {
    let index = Index(vec![("core", "0.1.0"), ("client", "0.1.0")]);
    let steps = plan(&specs("client@minor"), &members(false), &index).unwrap();
    assert_eq!(
        planned(&steps),
        "client@0.2.0",
        "core 0.1.0 is on crates.io, unchanged"
    );
    assert!(!steps[0].first, "client has a baseline for semver-checks");
    let err = plan(&specs("client@minor"), &members(true), &index).unwrap_err();
    assert!(
        err.contains("client depends on core, which has unreleased changes"),
        "{err}"
    );
    assert!(err.contains("add core@<patch|minor|major>"), "{err}");
    let steps = plan(&specs("client@minor core@patch"), &members(true), &index).unwrap();
    assert_eq!(planned(&steps), "core@0.1.1 client@0.2.0");
}

#[test]
fn versions_that_exist_and_unknown_crates_are_refused() {
    let index = Index(vec![("core", "0.1.0"), ("core", "0.1.1")]);
    let err = plan(&specs("core@0.1.0"), &members(false), &index).unwrap_err();
    assert!(err.contains("must be greater"), "{err}");
    let err = plan(&specs("core@patch"), &members(false), &index).unwrap_err();
    assert!(err.contains("core 0.1.1 is already on crates.io"), "{err}");
    let err = plan(&specs("nope@patch"), &members(false), &index).unwrap_err();
    assert!(
        err.contains("not a publishable workspace crate") && err.contains("core"),
        "{err}"
    );
    let cycle = vec![
        Member {
            name: "a".into(),
            version: v("0.1.0"),
            deps: vec!["b".into()],
            unreleased: true,
        },
        Member {
            name: "b".into(),
            version: v("0.1.0"),
            deps: vec!["a".into()],
            unreleased: true,
        },
    ];
    let err = plan(&specs("a@0.1.0"), &cycle, &Index::default()).unwrap_err();
    assert!(err.contains("cycle"), "{err}");
}

#[test]
fn members_are_read_from_the_manifests() {
    let root = fixture(LOG);
    let beta = "[package]\nname = \"beta\"\nversion = \"0.3.0\"\n\n[dependencies]\nalpha.workspace = true\n\
                serde = \"1\"\n\n[dev-dependencies]\ngamma = { path = \"../gamma\" }\n";
    fs::write(root.join("crates/beta/Cargo.toml"), beta).unwrap();
    fs::write(
        root.join("crates/beta/CHANGELOG.md"),
        "## [Unreleased]\n### Added\n\n## [0.2.0]\n- a\n",
    )
    .unwrap();
    let gamma = root.join("crates/gamma");
    fs::create_dir_all(&gamma).unwrap();
    let private = "[package]\nname = \"gamma\"\nversion = \"0.0.0\"\npublish = false\n";
    fs::write(gamma.join("Cargo.toml"), private).unwrap();
    let members = read_members(&root).unwrap();
    let rows: Vec<String> = members
        .iter()
        .map(|m| format!("{} {} {:?} {}", m.name, m.version, m.deps, m.unreleased))
        .collect();
    assert_eq!(
        rows,
        ["alpha 0.1.0 [] true", "beta 0.3.0 [\"alpha\"] false"]
    );
    fs::remove_dir_all(root).ok();
}

#[test]
fn the_sparse_index_is_read_like_crates_io_writes_it() {
    let paths = [
        "a 1/a",
        "ab 2/ab",
        "syn 3/s/syn",
        "Serde se/rd/serde",
        "platform-client-core pl/at/platform-client-core",
    ];
    for row in paths {
        let (name, path) = row.split_once(' ').unwrap();
        assert_eq!(index_path(name), path);
    }
    let text = "{\"name\":\"x\",\"vers\":\"0.1.0\",\"yanked\":false}\n\
                {\"name\":\"x\",\"vers\":\"0.2.0-rc.1+build.5\",\"yanked\":true}\n\n";
    assert_eq!(index_versions(text).unwrap(), [v("0.1.0"), v("0.2.0-rc.1")]);
    assert!(index_versions("<html>").is_err());
}

#[test]
fn unreleased_entries_are_detected() {
    assert!(changelog::has_unreleased(LOG));
    let empty = [
        "## [Unreleased]\n\n### Added\n\n## [0.1.0]\n- a\n",
        "## [Unreleased]\n\n[Unreleased]: https://x\n",
        "# Log\n- a\n",
    ];
    for text in empty {
        assert!(!changelog::has_unreleased(text), "{text:?}");
    }
}

/// A git repository holding the fixture, committed.
fn git_fixture() -> PathBuf {
    let root = fixture(LOG);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "init",
    ]);
    root
}

#[test]
fn a_dirty_tree_and_an_existing_tag_are_refused_before_anything_changes() {
    let root = git_fixture();
    let release = |a: &str| {
        let args: Vec<String> = a.split(' ').map(String::from).collect();
        let no_cargo = Path::new("/nonexistent/cargo");
        run(&root, &args, DATE, no_cargo, &Index::default()).unwrap_err()
    };
    fs::write(root.join("crates/alpha/CHANGELOG.md"), "changed").unwrap();
    let err = release("alpha@minor");
    assert!(
        err.contains("uncommitted changes") && err.contains("CHANGELOG.md"),
        "{err}"
    );
    assert!(release("alpha@minor --execute --allow-dirty").contains("dry runs only"));
    fs::write(root.join("crates/alpha/CHANGELOG.md"), LOG).unwrap();
    let tag = Command::new("git")
        .args(["tag", "alpha-v0.2.0"])
        .current_dir(&root)
        .status();
    assert!(tag.unwrap().success());
    let err = release("alpha@minor");
    assert!(err.contains("git tag alpha-v0.2.0 already exists"), "{err}");
    assert_eq!(
        read(&root, "crates/alpha/Cargo.toml"),
        MEMBER,
        "nothing was edited"
    );
    assert_eq!(read(&root, "crates/alpha/CHANGELOG.md"), LOG);
    fs::remove_dir_all(root).ok();
}

#[test]
fn stale_sources_of_earlier_dry_runs_are_removed_and_crates_io_is_left_alone() {
    let home = fixture(LOG).join("cargo-home");
    let src = home.join("registry/src");
    for dir in [
        "-14cd1cce6819ff87/alpha-0.2.0",
        "-14cd1cce6819ff87/alpha-0.1.0",
        "index.crates.io-1949cf8c6b5b557f/alpha-0.2.0",
    ] {
        fs::create_dir_all(src.join(dir)).unwrap();
    }
    let step = Step {
        krate: "alpha".into(),
        old: v("0.1.0"),
        new: v("0.2.0"),
        first: true,
        reason: Reason::Requested,
    };
    let removed = clear_stale_unpacked(&home, &[step]).unwrap();
    assert_eq!(removed, [src.join("-14cd1cce6819ff87/alpha-0.2.0")]);
    assert!(
        src.join("-14cd1cce6819ff87/alpha-0.1.0").is_dir(),
        "other versions stay"
    );
    assert!(
        src.join("index.crates.io-1949cf8c6b5b557f/alpha-0.2.0")
            .is_dir(),
        "crates.io stays"
    );
    assert!(
        clear_stale_unpacked(&home.join("none"), &[])
            .unwrap()
            .is_empty()
    );
    fs::remove_dir_all(home.parent().unwrap()).ok();
}
