//! `cargo xtask release <crate>@<patch|minor|major|X.Y.Z> ... [--execute | --allow-dirty]`.
//!
//! Plans the release (dependencies that crates.io lacks join it, dependencies publish first),
//! bumps each crate's `[package] version` and its `[workspace.dependencies]` entry, moves
//! the `## [Unreleased]` changelog section under a dated version heading, then runs the
//! pre-publish checks. A dry run (the default) restores every touched file afterwards;
//! `--execute` keeps the changes, commits, publishes and tags.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use toml_edit::{DocumentMut, Item, Value};

pub(crate) use changelog::{check_date, release_changelog};
pub(crate) use plan::{CratesIo, Reason, Registry, Step, plan, read_members};
pub(crate) use version::{Bump, Version, parse_args};

/// Returns early with a `format!`ted error message.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err(format!($($arg)*))
    };
}

mod changelog;
mod plan;
mod version;

/// Usage line shown with argument errors.
const USAGE: &str =
    "usage: cargo xtask release <crate>@<patch|minor|major|X.Y.Z> ... [--execute | --allow-dirty]";

/// Result with a human-readable error message.
pub(crate) type Res<T> = Result<T, String>;

/// Formats an I/O error as `cannot <action> <path>: <error>`.
fn io_err(action: &str, path: &Path) -> impl FnOnce(std::io::Error) -> String {
    let what = format!("cannot {action} {}", path.display());
    move |e| format!("{what}: {e}")
}

/// Reads and parses a TOML file, naming it in errors.
fn read_doc(path: &Path) -> Res<DocumentMut> {
    let text = fs::read_to_string(path).map_err(io_err("read", path))?;
    let shown = path.display();
    text.parse()
        .map_err(|e| format!("cannot parse {shown}: {e}"))
}

/// Replaces a string value, keeping its surrounding whitespace and trailing comment.
fn set_string(item: &mut Item, new: &str) {
    if let Some(value) = item.as_value_mut() {
        let decor = value.decor().clone();
        *value = Value::from(new);
        *value.decor_mut() = decor;
    }
}

/// Sets the new version in `crates/<krate>/Cargo.toml` `[package]` and in the root
/// `[workspace.dependencies]` entry for `krate` (keeping a leading `=`/`^`/`~`),
/// preserving formatting and comments. Returns `(old, new)`; writes nothing if a check fails.
pub(crate) fn bump_manifest(root: &Path, krate: &str, bump: &Bump) -> Res<(Version, Version)> {
    let member_path = root.join("crates").join(krate).join("Cargo.toml");
    let shown = member_path.display();
    if !member_path.is_file() {
        bail!("crate `{krate}` not found: {shown} does not exist");
    }
    let root_path = root.join("Cargo.toml");
    let (mut member, mut workspace) = (read_doc(&member_path)?, read_doc(&root_path)?);
    let Some(package) = member.get_mut("package").and_then(Item::as_table_like_mut) else {
        bail!("{shown} has no [package] table");
    };
    if let Some(name) = package.get("name").and_then(Item::as_str)
        && name != krate
    {
        bail!("{shown} declares package `{name}`, not `{krate}`");
    }
    let Some(item) = package.get_mut("version") else {
        bail!("{shown} has no [package] version");
    };
    let Some(current) = item.as_str() else {
        bail!("{shown}: [package] version must be a literal string");
    };
    let old = Version::parse(current)?;
    let new = old.bump(bump).map_err(|e| format!("{krate}: {e}"))?;
    set_string(item, &new.to_string());

    let deps = workspace
        .get_mut("workspace")
        .and_then(|w| w.get_mut("dependencies"));
    let Some(entry) = deps.and_then(|d| d.get_mut(krate)?.as_table_like_mut()) else {
        bail!("root Cargo.toml: [workspace.dependencies] has no `{krate} = {{ path, version }}`");
    };
    let Some(dep) = entry.get_mut("version") else {
        bail!("[workspace.dependencies] `{krate}` has no `version` (needed to publish)");
    };
    let requirement = dep.as_str().unwrap_or_default();
    let bare = requirement.trim_start_matches(['=', '^', '~', ' ']);
    let operator = &requirement[..requirement.len() - bare.len()];
    set_string(dep, &format!("{operator}{new}"));

    fs::write(&member_path, member.to_string()).map_err(io_err("write", &member_path))?;
    fs::write(&root_path, workspace.to_string()).map_err(io_err("write", &root_path))?;
    Ok((old, new))
}

/// Original contents of the files a release touches. Restores them when asked, or on
/// drop while `armed`, so even a panic leaves the tree unchanged.
struct Snapshot {
    /// Path and original bytes (`None`: the file did not exist).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Whether dropping restores.
    armed: bool,
}

impl Snapshot {
    /// Reads every path now; missing files are remembered as absent.
    fn take(paths: Vec<PathBuf>) -> Res<Self> {
        let mut files = Vec::new();
        for path in paths {
            let bytes = match fs::read(&path) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => return Err(io_err("read", &path)(e)),
            };
            files.push((path, bytes));
        }
        Ok(Self { files, armed: true })
    }

    /// Writes back every file that changed and removes files that did not exist;
    /// returns how many were restored. Tries all files even when one fails.
    fn restore(&mut self) -> Res<usize> {
        self.armed = false;
        let (mut restored, mut errors) = (0, Vec::new());
        for (path, original) in &self.files {
            let unchanged = fs::read(path).ok() == *original;
            let result = match original {
                Some(bytes) if !unchanged => fs::write(path, bytes),
                None if path.exists() => fs::remove_file(path),
                _ => continue,
            };
            match result {
                Ok(()) => restored += 1,
                Err(e) => errors.push(io_err("restore", path)(e)),
            }
        }
        if !errors.is_empty() {
            bail!("{}", errors.join("\n"));
        }
        Ok(restored)
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        if self.armed
            && let Err(e) = self.restore()
        {
            eprintln!("{e}");
        }
    }
}

/// Appends the outcome of reverting the files to `error`.
fn with_revert(error: String, restore: Res<usize>) -> String {
    match restore {
        Ok(_) => format!("{error}\n(all release edits were reverted)"),
        Err(e) => format!("{error}\nALSO FAILED TO REVERT FILES:\n{e}"),
    }
}

/// Runs `program args...` in `root`. With `capture` it returns stdout and reports stderr
/// only on failure; otherwise the command is echoed and prints to the terminal.
fn exec<S: AsRef<str>>(program: &Path, root: &Path, args: &[S], capture: bool) -> Res<String> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let shown = format!("{} {}", program.display(), args.join(" "));
    let mut command = Command::new(program);
    command.args(&args).current_dir(root);
    if !capture {
        println!("$ {shown}");
        command.stdout(Stdio::inherit()).stderr(Stdio::inherit());
    }
    let out = command.output().map_err(io_err("run", program))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        bail!("`{shown}` failed ({})\n{}", out.status, stderr.trim_end());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `["-p", a, "-p", b, ...]` over the steps, in publish order, after `first`.
fn with_packages(first: &[&str], steps: &[Step]) -> Vec<String> {
    let packages = steps.iter().flat_map(|s| ["-p", s.krate.as_str()]);
    let args = first.iter().copied().chain(packages);
    args.map(str::to_owned).collect()
}

/// Prints the plan: order, versions, and why each crate is in it.
fn print_plan(steps: &[Step]) {
    println!("release plan (publish order):");
    for (i, s) in steps.iter().enumerate() {
        let version = if s.new == s.old {
            format!("{} (first release of the current version)", s.new)
        } else {
            format!("{} -> {}", s.old, s.new)
        };
        let why = match &s.reason {
            Reason::Requested => String::new(),
            Reason::NeededBy(by) => format!(", needed by {by}: not on crates.io yet"),
        };
        println!("  {}. {} {version}{why}", i + 1, s.krate);
    }
}

/// Refuses a version whose git tag exists already.
fn refuse_existing_tags(root: &Path, steps: &[Step]) -> Res<()> {
    for s in steps {
        let tag = format!("refs/tags/{}-v{}", s.krate, s.new);
        let verify = ["rev-parse", "-q", "--verify", &tag];
        if exec(Path::new("git"), root, &verify, true).is_ok() {
            bail!(
                "git tag {}-v{} already exists: that version was released",
                s.krate,
                s.new
            );
        }
    }
    Ok(())
}

/// Refuses a working tree with uncommitted changes to tracked files.
fn refuse_dirty_tree(root: &Path) -> Res<()> {
    let status = ["status", "--porcelain", "--untracked-files=no"];
    let changes = exec(Path::new("git"), root, &status, true)?;
    if !changes.trim().is_empty() {
        bail!(
            "the working tree has uncommitted changes; commit or stash them first \
             (a dry run may pass --allow-dirty):\n{}",
            changes.trim_end()
        );
    }
    Ok(())
}

/// Removes what cargo unpacked from earlier dry runs' local registries (`registry/src/-<hash>/`
/// under `cargo_home`) for the planned crates and versions. Cargo does not unpack a crate again
/// when the directory exists, so a second dry run at the same version would verify the
/// dependents against the first run's stale sources. Returns the directories removed.
pub(crate) fn clear_stale_unpacked(cargo_home: &Path, steps: &[Step]) -> Res<Vec<PathBuf>> {
    let src = cargo_home.join("registry").join("src");
    let Ok(entries) = fs::read_dir(&src) else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        // crates.io's directory is named after its host; local registries have no name.
        if !entry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for s in steps {
            let stale = entry.path().join(format!("{}-{}", s.krate, s.new));
            if stale.is_dir() {
                fs::remove_dir_all(&stale).map_err(io_err("remove", &stale))?;
                removed.push(stale);
            }
        }
    }
    Ok(removed)
}

/// `$CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

/// Applies all bumps and changelog moves, then runs the cargo checks.
fn apply_and_check(root: &Path, steps: &[Step], today: &str, cargo: &Path) -> Res<()> {
    for s in steps {
        let krate = &s.krate;
        if s.new != s.old {
            bump_manifest(root, krate, &Bump::Exact(s.new.clone()))?;
        }
        let path = root.join("crates").join(krate).join("CHANGELOG.md");
        let text = fs::read_to_string(&path).map_err(io_err("read", &path))?;
        let text = release_changelog(&text, &s.new, today).map_err(|e| format!("{krate}: {e}"))?;
        fs::write(&path, text).map_err(io_err("write", &path))?;
        if s.new == s.old {
            println!("{krate}: {} stays (CHANGELOG.md)", s.new);
        } else {
            println!(
                "{krate}: {} -> {} (Cargo.toml, workspace dependency, CHANGELOG.md)",
                s.old, s.new
            );
        }
    }
    exec(cargo, root, &["update", "--workspace"], false)?;
    let semver_checks = exec(cargo, root, &["semver-checks", "--version"], true).is_ok();
    for s in steps {
        let krate = &s.krate;
        if s.first {
            println!("{krate}: not on crates.io yet, no baseline: skipping cargo semver-checks");
        } else if semver_checks {
            exec(
                cargo,
                root,
                &["semver-checks", "check-release", "-p", krate],
                false,
            )?;
        } else {
            println!("{krate}: cargo-semver-checks is not installed; skipping the semver check");
        }
        let list = ["package", "--list", "--allow-dirty", "-p", krate];
        let list = exec(cargo, root, &list, true)?;
        if !list.lines().any(|l| l.trim() == "README.md") {
            bail!("`cargo package --list -p {krate}` does not include README.md");
        }
        println!("{krate}: the package includes README.md");
    }
    // Cargo takes a registry crate of a given version as immutable: what an earlier dry run
    // unpacked and built at the same version would be reused. Start from a clean slate.
    if let Some(home) = cargo_home() {
        for stale in clear_stale_unpacked(&home, steps)? {
            println!(
                "removed the stale sources of an earlier dry run: {}",
                stale.display()
            );
        }
    }
    // Verified in a target directory of its own, emptied first: the shared one holds builds of
    // these registry versions from earlier dry runs, and cargo would reuse them.
    let target = std::env::var_os("CARGO_TARGET_DIR");
    let target = target.map_or_else(|| root.join("target"), PathBuf::from);
    let scratch = target.join("release-dry-run");
    if scratch.is_dir() {
        fs::remove_dir_all(&scratch).map_err(io_err("remove", &scratch))?;
    }
    // One invocation: cargo verifies each crate against the not-yet-published versions of the
    // others through a local registry.
    let publish = with_packages(&["publish", "--dry-run", "--allow-dirty"], steps);
    println!(
        "$ CARGO_TARGET_DIR={} {} {}",
        scratch.display(),
        cargo.display(),
        publish.join(" ")
    );
    let status = Command::new(cargo)
        .args(&publish)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &scratch)
        .status()
        .map_err(io_err("run", cargo))?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", publish.join(" "));
    }
    Ok(())
}

/// Publishes the steps one by one in order, then tags each; says what happened on a failure.
fn publish_and_tag(root: &Path, steps: &[Step], cargo: &Path) -> Res<()> {
    for (i, s) in steps.iter().enumerate() {
        if let Err(e) = exec(cargo, root, &["publish", "-p", &s.krate], false) {
            let done: Vec<String> = steps[..i]
                .iter()
                .map(|s| format!("{} {}", s.krate, s.new))
                .collect();
            bail!(
                "{e}\nthe release commit exists locally; published before the failure: [{}]; \
                 nothing was tagged or pushed",
                done.join(", ")
            );
        }
    }
    for s in steps {
        let (tag, note) = (
            format!("{}-v{}", s.krate, s.new),
            format!("{} {}", s.krate, s.new),
        );
        exec(
            Path::new("git"),
            root,
            &["tag", "-a", &tag, "-m", &note],
            false,
        )?;
    }
    Ok(())
}

/// Entry point for `cargo xtask release ARGS` (`args` excludes `release`); `today` is
/// the changelog date (`YYYY-MM-DD`), `cargo` the cargo binary, `root` the workspace,
/// `registry` what crates.io holds.
///
/// Refuses a dirty tree (a dry run may pass `--allow-dirty`), a version that is on crates.io
/// or tagged already. The plan adds the workspace dependencies that crates.io lacks and orders
/// dependencies first. Dry run by default: every edited file (also `Cargo.lock`) is restored
/// afterwards, on success and on error. `--execute` keeps the edits, commits them, publishes
/// the crates in order and creates annotated `<crate>-v<version>` tags (so that
/// `git push --follow-tags` pushes them).
pub(crate) fn run(
    root: &Path,
    args: &[String],
    today: &str,
    cargo: &Path,
    registry: &dyn Registry,
) -> Res<()> {
    let args = parse_args(args)?;
    check_date(today)?;
    if !args.allow_dirty {
        refuse_dirty_tree(root)?;
    }
    let steps = plan(&args.specs, &read_members(root)?, registry)?;
    print_plan(&steps);
    refuse_existing_tags(root, &steps)?;
    let mut paths = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    for s in &steps {
        let dir = root.join("crates").join(&s.krate);
        paths.extend([dir.join("Cargo.toml"), dir.join("CHANGELOG.md")]);
    }
    let mut snapshot = Snapshot::take(paths)?;
    if let Err(e) = apply_and_check(root, &steps, today, cargo) {
        return Err(with_revert(e, snapshot.restore()));
    }
    if !args.execute {
        let count = snapshot.restore()?;
        println!("dry run OK; reverted {count} changed file(s). Re-run with --execute to release.");
        return Ok(());
    }
    let summary = steps.iter().map(|s| format!("{} {}", s.krate, s.new));
    let summary = summary.collect::<Vec<_>>().join(", ");
    let message = format!("release: {summary}");
    if let Err(e) = exec(Path::new("git"), root, &["commit", "-am", &message], false) {
        return Err(with_revert(e, snapshot.restore()));
    }
    snapshot.armed = false; // keep the edits from here on
    publish_and_tag(root, &steps, cargo)?;
    println!("released {summary}. Now push:\n    git push --follow-tags");
    Ok(())
}

#[cfg(test)]
mod tests;
