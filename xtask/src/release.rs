//! `cargo xtask release <crate>@<patch|minor|major|X.Y.Z> ... [--execute]`.
//!
//! Bumps each crate's `[package] version` and its `[workspace.dependencies]` entry, moves
//! the `## [Unreleased]` changelog section under a dated version heading, then runs the
//! pre-publish checks. A dry run (the default) restores every touched file afterwards;
//! `--execute` keeps the changes, commits, publishes and tags.

use std::cmp::Ordering;
use std::fmt;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use toml_edit::{DocumentMut, Item, Value};

/// Returns early with a `format!`ted error message.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err(format!($($arg)*))
    };
}

/// Usage line shown with argument errors.
const USAGE: &str = "usage: cargo xtask release <crate>@<patch|minor|major|X.Y.Z> ... [--execute]";

/// Result with a human-readable error message.
pub(crate) type Res<T> = Result<T, String>;

/// Released crates: name, old version, new version.
type Released = Vec<(String, Version, Version)>;

/// Sort key of a [`Version`], see [`Version::precedence`].
type Precedence<'a> = (u64, u64, u64, bool, Vec<(bool, u64, &'a str)>);

/// A semantic version `MAJOR.MINOR.PATCH[-PRE]` (build metadata is not supported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    /// Major component.
    pub(crate) major: u64,
    /// Minor component.
    pub(crate) minor: u64,
    /// Patch component.
    pub(crate) patch: u64,
    /// Pre-release identifiers after the `-`, e.g. `rc.1`.
    pub(crate) pre: Option<String>,
}

impl Version {
    /// A release (non pre-release) version.
    pub(crate) fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
            pre: None,
        }
    }

    /// Parses `X.Y.Z` or `X.Y.Z-pre` (no leading zeros, no `+build` metadata).
    pub(crate) fn parse(s: &str) -> Res<Self> {
        let (core, pre) = s.split_once('-').map_or((s, None), |(c, p)| (c, Some(p)));
        let numeric = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        let ident = |i: &str| i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let parts: Vec<&str> = core.split('.').collect();
        let ids: Vec<&str> = pre.map_or(Vec::new(), |p| p.split('.').collect());
        if s.contains('+') {
            bail!("invalid version `{s}`: build metadata (`+...`) is not supported");
        }
        if parts.len() != 3 || !parts.iter().all(|p| numeric(p)) {
            bail!("invalid version `{s}`: expected MAJOR.MINOR.PATCH[-PRE]");
        }
        if ids.iter().any(|i| i.is_empty() || !ident(i)) {
            bail!("invalid version `{s}`: pre-release identifiers must be [0-9A-Za-z-]+");
        }
        let leading_zero = |p: &&str| p.len() > 1 && p.starts_with('0') && numeric(p);
        if parts.iter().chain(&ids).any(leading_zero) {
            bail!("invalid version `{s}`: numbers must not have leading zeros");
        }
        let nums: Result<Vec<u64>, _> = parts.iter().map(|p| p.parse()).collect();
        let Ok(&[major, minor, patch]) = nums.as_deref() else {
            bail!("invalid version `{s}`: number too large");
        };
        let mut version = Self::new(major, minor, patch);
        version.pre = pre.map(str::to_owned);
        Ok(version)
    }

    /// Applies `bump`; the result must be strictly greater than `self`.
    ///
    /// `patch`/`minor`/`major` increment that component and zero the lower ones
    /// (0.1.3 + minor = 0.2.0, 0.3.1 + major = 1.0.0). On a pre-release whose lower
    /// components are already zero they release it instead (1.0.0-rc.1 + major = 1.0.0).
    pub(crate) fn bump(&self, bump: &Bump) -> Res<Self> {
        let overflow = || format!("cannot bump {self}: overflow");
        let inc = |n: u64| n.checked_add(1).ok_or_else(overflow);
        let (ma, mi, pa, pre) = (self.major, self.minor, self.patch, self.pre.is_some());
        let next = match bump {
            Bump::Patch if pre => Self::new(ma, mi, pa),
            Bump::Patch => Self::new(ma, mi, inc(pa)?),
            Bump::Minor if pre && pa == 0 => Self::new(ma, mi, 0),
            Bump::Minor => Self::new(ma, inc(mi)?, 0),
            Bump::Major if pre && mi == 0 && pa == 0 => Self::new(ma, 0, 0),
            Bump::Major => Self::new(inc(ma)?, 0, 0),
            Bump::Exact(v) => v.clone(),
        };
        if next <= *self {
            bail!("new version {next} must be greater than the current version {self}");
        }
        Ok(next)
    }

    /// Sort key for SemVer precedence: a release sorts after its pre-releases; numeric
    /// identifiers compare numerically and sort before alphanumeric ones.
    fn precedence(&self) -> Precedence<'_> {
        let ids = self.pre.iter().flat_map(|p| p.split('.'));
        let ids = ids.map(|id| id.parse().map_or((true, 0, id), |n| (false, n, "")));
        let release = self.pre.is_none();
        (self.major, self.minor, self.patch, release, ids.collect())
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        match &self.pre {
            Some(pre) => write!(f, "-{pre}"),
            None => Ok(()),
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.precedence().cmp(&other.precedence())
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How to change a crate's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bump {
    /// Increment the patch component.
    Patch,
    /// Increment the minor component, reset patch.
    Minor,
    /// Increment the major component, reset minor and patch.
    Major,
    /// Set this exact version (must be greater than the current one).
    Exact(Version),
}

impl Bump {
    /// Parses `patch`, `minor`, `major` or an exact `X.Y.Z[-pre]`.
    pub(crate) fn parse(s: &str) -> Res<Self> {
        match s {
            "patch" => Ok(Self::Patch),
            "minor" => Ok(Self::Minor),
            "major" => Ok(Self::Major),
            _ => Version::parse(s).map(Self::Exact),
        }
    }
}

/// One `<crate>@<bump>` command-line spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReleaseSpec {
    /// Crate name (also its directory under `crates/`).
    pub(crate) krate: String,
    /// Requested bump.
    pub(crate) bump: Bump,
}

impl ReleaseSpec {
    /// Parses `platform-client-core@patch` or `kechain-client@1.2.3`.
    pub(crate) fn parse(s: &str) -> Res<Self> {
        let Some((krate, bump)) = s.split_once('@') else {
            bail!("invalid spec `{s}`: expected <crate>@<patch|minor|major|X.Y.Z>");
        };
        let name_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if !krate.starts_with(|c: char| c.is_ascii_alphabetic()) || !krate.chars().all(name_char) {
            bail!("invalid spec `{s}`: `{krate}` is not a valid crate name");
        }
        let bump = match Bump::parse(bump) {
            Ok(bump) => bump,
            Err(e) => bail!("invalid spec `{s}`: expected patch, minor, major or X.Y.Z ({e})"),
        };
        let krate = krate.to_owned();
        Ok(Self { krate, bump })
    }
}

/// Parsed `release` arguments.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ReleaseArgs {
    /// Crates to release, in command-line order (no duplicates).
    pub(crate) specs: Vec<ReleaseSpec>,
    /// `--execute`: keep changes, commit, publish and tag instead of a dry run.
    pub(crate) execute: bool,
}

/// Parses the arguments after `release`: specs plus an optional `--execute`.
pub(crate) fn parse_args(args: &[String]) -> Res<ReleaseArgs> {
    let (mut specs, mut execute) = (Vec::<ReleaseSpec>::new(), false);
    for arg in args {
        if arg == "--execute" {
            execute = true;
        } else if arg.starts_with('-') {
            bail!("unknown option `{arg}`\n{USAGE}");
        } else {
            let spec = ReleaseSpec::parse(arg)?;
            if specs.iter().any(|s| s.krate == spec.krate) {
                bail!("crate `{}` is listed more than once", spec.krate);
            }
            specs.push(spec);
        }
    }
    if specs.is_empty() {
        bail!("no crates to release\n{USAGE}");
    }
    Ok(ReleaseArgs { specs, execute })
}

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

/// Checks that `date` looks like `YYYY-MM-DD`.
fn check_date(date: &str) -> Res<()> {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &&str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = matches!(parts[..], [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
        && parts.iter().all(digits)
        && ("01"..="12").contains(&parts[1])
        && ("01"..="31").contains(&parts[2]);
    if !ok {
        bail!("invalid release date `{date}`: expected YYYY-MM-DD");
    }
    Ok(())
}

/// Moves the `## [Unreleased]` content under a new `## [version] - date` heading placed
/// right below a fresh, empty `## [Unreleased]`. The trailing block of link-reference
/// definitions (`[x]: url`) stays untouched. Refuses a missing or empty Unreleased
/// section (only whitespace or bare `###` headings) and an already released version.
pub(crate) fn release_changelog(text: &str, version: &Version, date: &str) -> Res<String> {
    check_date(date)?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.lines().collect();
    let is_h2 = |l: &str| l.starts_with("## ");
    let unreleased = |l: &&str| l.trim_end().eq_ignore_ascii_case("## [unreleased]");
    let Some(start) = lines.iter().position(unreleased) else {
        bail!("CHANGELOG.md has no `## [Unreleased]` section");
    };
    let heading = format!("[{version}]");
    let released = |l: &&str| {
        l.strip_prefix("## ")
            .is_some_and(|h| h.starts_with(&heading))
    };
    if lines.iter().any(released) {
        bail!("CHANGELOG.md already has a `## {heading}` section");
    }
    // The footer is the trailing run of link-reference definitions and blank lines.
    let in_footer = |l: &str| l.trim().is_empty() || (l.starts_with('[') && l.contains("]:"));
    let mut footer = lines.len();
    while footer > start + 1 && in_footer(lines[footer - 1]) {
        footer -= 1;
    }
    while footer < lines.len() && lines[footer].trim().is_empty() {
        footer += 1;
    }
    let next = lines[start + 1..].iter().position(|l| is_h2(l));
    let end = next.map_or(lines.len(), |i| start + 1 + i).min(footer);
    let body = &lines[start + 1..end];
    let blank = |l: &&str| l.trim().is_empty();
    let first = body.iter().position(|l| !blank(l));
    let (Some(first), Some(last)) = (first, body.iter().rposition(|l| !blank(l))) else {
        bail!("the `## [Unreleased]` section of CHANGELOG.md is empty; nothing to release");
    };
    if body
        .iter()
        .all(|l| blank(l) || l.trim_start().starts_with("###"))
    {
        bail!("the `## [Unreleased]` section of CHANGELOG.md has only empty subsections");
    }
    let new_heading = format!("## {heading} - {date}");
    let mut out: Vec<&str> = lines[..=start].to_vec();
    out.extend(["", &new_heading, ""]);
    out.extend_from_slice(&body[first..=last]);
    if end < lines.len() {
        out.push("");
        out.extend_from_slice(&lines[end..]);
    }
    Ok(out.join(newline) + newline)
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

/// `["-p", a, "-p", b, ...]` over the released crates, after `first`.
fn with_packages(first: &[&str], released: &Released) -> Vec<String> {
    let packages = released.iter().flat_map(|(k, _, _)| ["-p", k.as_str()]);
    let args = first.iter().copied().chain(packages);
    args.map(str::to_owned).collect()
}

/// Applies all bumps and changelog moves, then runs the cargo checks.
fn apply_and_check(root: &Path, args: &ReleaseArgs, today: &str, cargo: &Path) -> Res<Released> {
    let mut released = Vec::new();
    for spec in &args.specs {
        let (old, new) = bump_manifest(root, &spec.krate, &spec.bump)?;
        let path = root.join("crates").join(&spec.krate).join("CHANGELOG.md");
        let text = fs::read_to_string(&path).map_err(io_err("read", &path))?;
        let krate = spec.krate.clone();
        let text = release_changelog(&text, &new, today).map_err(|e| format!("{krate}: {e}"))?;
        fs::write(&path, text).map_err(io_err("write", &path))?;
        println!("{krate}: {old} -> {new} (Cargo.toml, workspace dependency, CHANGELOG.md)");
        let tag = format!("refs/tags/{krate}-v{new}");
        let verify = ["rev-parse", "-q", "--verify", &tag];
        if args.execute && exec(Path::new("git"), root, &verify, true).is_ok() {
            bail!("git tag {krate}-v{new} already exists");
        }
        released.push((krate, old, new));
    }
    exec(cargo, root, &["update", "--workspace"], false)?;
    if exec(cargo, root, &["semver-checks", "--version"], true).is_ok() {
        for (krate, _, _) in &released {
            let check = ["semver-checks", "check-release", "-p", krate];
            exec(cargo, root, &check, false)?;
        }
    } else {
        println!("cargo-semver-checks is not installed; skipping the semver check");
    }
    for (krate, _, _) in &released {
        let list = ["package", "--list", "--allow-dirty", "-p", krate];
        let list = exec(cargo, root, &list, true)?;
        if !list.lines().any(|l| l.trim() == "README.md") {
            bail!("`cargo package --list -p {krate}` does not include README.md");
        }
        println!("{krate}: the package includes README.md");
    }
    let publish = with_packages(&["publish", "--dry-run", "--allow-dirty"], &released);
    exec(cargo, root, &publish, false)?;
    Ok(released)
}

/// Entry point for `cargo xtask release ARGS` (`args` excludes `release`); `today` is
/// the changelog date (`YYYY-MM-DD`), `cargo` the cargo binary, `root` the workspace.
///
/// Dry run by default: every edited file (also `Cargo.lock`) is restored afterwards,
/// on success and on error. `--execute` needs a clean tree; it keeps the edits, commits
/// them, runs one `cargo publish` for the whole set and creates annotated
/// `<crate>-v<version>` tags (so that `git push --follow-tags` pushes them).
pub(crate) fn run(root: &Path, args: &[String], today: &str, cargo: &Path) -> Res<()> {
    let args = parse_args(args)?;
    check_date(today)?;
    let git = Path::new("git");
    let status = ["status", "--porcelain", "--untracked-files=no"];
    if args.execute && !exec(git, root, &status, true)?.trim().is_empty() {
        bail!("--execute needs a clean working tree (commit or stash your changes)");
    }
    let mut paths = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    for spec in &args.specs {
        let dir = root.join("crates").join(&spec.krate);
        paths.extend([dir.join("Cargo.toml"), dir.join("CHANGELOG.md")]);
    }
    let mut snapshot = Snapshot::take(paths)?;
    let released = match apply_and_check(root, &args, today, cargo) {
        Ok(released) => released,
        Err(e) => return Err(with_revert(e, snapshot.restore())),
    };
    if !args.execute {
        let count = snapshot.restore()?;
        println!("dry run OK; reverted {count} changed file(s). Re-run with --execute to release.");
        return Ok(());
    }
    let summary = released.iter().map(|(k, _, v)| format!("{k} {v}"));
    let summary = summary.collect::<Vec<_>>().join(", ");
    let message = format!("release: {summary}");
    if let Err(e) = exec(git, root, &["commit", "-am", &message], false) {
        return Err(with_revert(e, snapshot.restore()));
    }
    snapshot.armed = false; // keep the edits from here on
    if let Err(e) = exec(cargo, root, &with_packages(&["publish"], &released), false) {
        bail!("{e}\nthe release commit exists locally; nothing was tagged or pushed");
    }
    for (krate, _, new) in &released {
        let (tag, note) = (format!("{krate}-v{new}"), format!("{krate} {new}"));
        exec(git, root, &["tag", "-a", &tag, "-m", &note], false)?;
    }
    println!("released {summary}. Now push:\n    git push --follow-tags");
    Ok(())
}

#[cfg(test)]
mod tests;
