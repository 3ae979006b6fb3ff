//! Which crates a release publishes, at which versions, in which order.
//!
//! The workspace crates are read from `crates/*/Cargo.toml`; what crates.io already holds comes
//! from a [`Registry`] (the sparse index in real runs, a table in tests). A requested crate pulls
//! in the workspace crates it depends on when they are not on crates.io at their current version
//! (a first release); a dependency that is published but has unreleased changes must be named
//! (its bump cannot be guessed). Dependencies are published first.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use toml_edit::{DocumentMut, Item};

use super::Res;
use super::version::{Bump, ReleaseSpec, Version};

/// What crates.io holds of one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Published {
    /// No version was ever published (the name may still be free).
    Never,
    /// The versions published so far (yanked ones included: they cannot be reused).
    Versions(Vec<Version>),
}

impl Published {
    /// Whether `version` was published.
    pub(crate) fn has(&self, version: &Version) -> bool {
        matches!(self, Published::Versions(v) if v.contains(version))
    }
}

/// Where the published versions come from.
pub(crate) trait Registry {
    /// The versions of `krate` on the registry.
    fn published(&self, krate: &str) -> Res<Published>;
}

/// One publishable workspace crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// Package name (also its directory under `crates/`).
    pub(crate) name: String,
    /// Current `[package] version`.
    pub(crate) version: Version,
    /// Workspace crates among its normal and build dependencies (dev-dependencies excluded).
    pub(crate) deps: Vec<String>,
    /// Whether its `## [Unreleased]` changelog section has entries.
    pub(crate) unreleased: bool,
}

/// Why a crate is in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// Named on the command line.
    Requested,
    /// Needed by the named crate, not on crates.io at its current version.
    NeededBy(String),
}

/// One crate to release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    /// Crate name.
    pub(crate) krate: String,
    /// Version in the manifest now.
    pub(crate) old: Version,
    /// Version to publish (equal to `old` for a first release of the current version).
    pub(crate) new: Version,
    /// True when crates.io has no version of it (no semver baseline).
    pub(crate) first: bool,
    /// Why it is released.
    pub(crate) reason: Reason,
}

/// The dependency tables a published crate needs at run time.
const DEP_TABLES: [&str; 2] = ["dependencies", "build-dependencies"];

/// Reads every `crates/*/Cargo.toml` whose package may be published.
pub(crate) fn read_members(root: &Path) -> Res<Vec<Member>> {
    let dir = root.join("crates");
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut docs = Vec::new();
    for entry in entries.flatten() {
        let manifest = entry.path().join("Cargo.toml");
        if let Ok(text) = fs::read_to_string(&manifest) {
            let doc: DocumentMut = text
                .parse()
                .map_err(|e| format!("cannot parse {}: {e}", manifest.display()))?;
            docs.push((entry.path(), doc));
        }
    }
    let package = |doc: &DocumentMut, key: &str| doc.get("package")?.get(key).cloned();
    let names: BTreeSet<String> = docs
        .iter()
        .filter_map(|(_, d)| Some(package(d, "name")?.as_str()?.to_owned()))
        .collect();
    let mut members = Vec::new();
    for (path, doc) in &docs {
        let Some(name) = package(doc, "name").and_then(|n| n.as_str().map(str::to_owned)) else {
            continue;
        };
        if package(doc, "publish").and_then(|p| p.as_bool()) == Some(false) {
            continue;
        }
        let version = package(doc, "version");
        let Some(version) = version.as_ref().and_then(Item::as_str) else {
            return Err(format!(
                "{name}: [package] version must be a literal string"
            ));
        };
        let tables = DEP_TABLES
            .iter()
            .filter_map(|t| doc.get(t)?.as_table_like());
        let deps: BTreeSet<String> = tables
            .flat_map(|t| t.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>())
            .filter(|d| names.contains(d) && *d != name)
            .collect();
        let log = fs::read_to_string(path.join("CHANGELOG.md")).unwrap_or_default();
        members.push(Member {
            version: Version::parse(version).map_err(|e| format!("{name}: {e}"))?,
            deps: deps.into_iter().collect(),
            unreleased: super::changelog::has_unreleased(&log),
            name,
        });
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(members)
}

/// The version a spec asks for. A first release may keep the manifest's version
/// (`kechain-client@0.1.0` while the manifest says 0.1.0 and crates.io has no 0.1.0).
fn target(member: &Member, bump: &Bump, published: &Published) -> Res<Version> {
    let name = &member.name;
    let new = match bump {
        Bump::Exact(v) if *v == member.version && !published.has(v) => v.clone(),
        _ => member
            .version
            .bump(bump)
            .map_err(|e| format!("{name}: {e}"))?,
    };
    if published.has(&new) {
        return Err(format!(
            "{name} {new} is already on crates.io: choose a higher version"
        ));
    }
    Ok(new)
}

/// Resolves the specs into the crates to publish, dependencies first.
pub(crate) fn plan(
    specs: &[ReleaseSpec],
    members: &[Member],
    registry: &dyn Registry,
) -> Res<Vec<Step>> {
    let by_name: BTreeMap<&str, &Member> = members.iter().map(|m| (m.name.as_str(), m)).collect();
    let find = |name: &str| {
        by_name.get(name).copied().ok_or_else(|| {
            let known: Vec<&str> = by_name.keys().copied().collect();
            format!(
                "crate `{name}` is not a publishable workspace crate (known: {})",
                known.join(", ")
            )
        })
    };
    let mut steps: BTreeMap<String, Step> = BTreeMap::new();
    for spec in specs {
        let member = find(&spec.krate)?;
        let published = registry.published(&member.name)?;
        let new = target(member, &spec.bump, &published)?;
        let step = Step {
            krate: member.name.clone(),
            old: member.version.clone(),
            first: published == Published::Never,
            new,
            reason: Reason::Requested,
        };
        steps.insert(member.name.clone(), step);
    }
    // Pull in the dependencies that crates.io lacks, transitively.
    let mut queue: Vec<String> = steps.keys().cloned().collect();
    while let Some(name) = queue.pop() {
        for dep in &find(&name)?.deps {
            if steps.contains_key(dep) {
                continue;
            }
            let member = find(dep)?;
            let published = registry.published(dep)?;
            if published.has(&member.version) {
                if member.unreleased {
                    return Err(format!(
                        "{name} depends on {dep}, which has unreleased changes since {dep} {}: \
                         release it in the same run (add {dep}@<patch|minor|major>)",
                        member.version
                    ));
                }
                continue;
            }
            let step = Step {
                krate: dep.clone(),
                old: member.version.clone(),
                new: member.version.clone(),
                first: published == Published::Never,
                reason: Reason::NeededBy(name.clone()),
            };
            steps.insert(dep.clone(), step);
            queue.push(dep.clone());
        }
    }
    order(steps, &by_name)
}

/// Orders the steps so that every crate comes after the workspace crates it depends on
/// (ties by name, so the order is stable).
fn order(mut steps: BTreeMap<String, Step>, members: &BTreeMap<&str, &Member>) -> Res<Vec<Step>> {
    let mut ordered = Vec::new();
    while !steps.is_empty() {
        let ready = steps.keys().find(|name| {
            let deps = members
                .get(name.as_str())
                .map_or(&[][..], |m| m.deps.as_slice());
            deps.iter().all(|d| !steps.contains_key(d))
        });
        let Some(ready) = ready.cloned() else {
            let names: Vec<&String> = steps.keys().collect();
            return Err(format!("dependency cycle among {names:?}"));
        };
        ordered.extend(steps.remove(&ready));
    }
    Ok(ordered)
}

/// The sparse index of crates.io, read with the workspace's own client (blocking facade).
pub(crate) struct CratesIo {
    /// `https://index.crates.io`.
    client: platform_client_core::blocking::Blocking<platform_client_core::HttpClient>,
}

impl CratesIo {
    /// A reader of `https://index.crates.io` (nothing is sent yet).
    pub(crate) fn new() -> Res<Self> {
        let http = platform_client_core::HttpClient::builder("https://index.crates.io")
            .user_agent(concat!(
                "research-platforms-rs-xtask/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| e.to_string())?;
        let client =
            platform_client_core::blocking::Blocking::new(http).map_err(|e| e.to_string())?;
        Ok(Self { client })
    }
}

/// The index path of a crate name (`se/rd/serde`, `3/s/syn`, `2/ab`, `1/a`).
pub(crate) fn index_path(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    match name.len() {
        1 => format!("1/{name}"),
        2 => format!("2/{name}"),
        3 => format!("3/{}/{name}", &name[..1]),
        _ => format!("{}/{}/{name}", &name[..2], &name[2..4]),
    }
}

/// The versions listed in an index file (one JSON object per line, `vers` each).
pub(crate) fn index_versions(text: &str) -> Res<Vec<Version>> {
    let mut versions = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let entry: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("unreadable index line: {e}"))?;
        let vers = entry
            .get("vers")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        // Build metadata (`+x`) is not part of a version's identity on crates.io.
        let vers = vers.split('+').next().unwrap_or_default();
        versions.push(Version::parse(vers)?);
    }
    Ok(versions)
}

impl Registry for CratesIo {
    fn published(&self, krate: &str) -> Res<Published> {
        let path = index_path(krate);
        let request = platform_client_core::Request::get(path.as_str());
        match self
            .client
            .run(|c| async move { c.send(request).await.map(|r| r.text()) })
        {
            Ok(text) => Ok(Published::Versions(index_versions(&text)?)),
            Err(e) if e.is_not_found() => Ok(Published::Never),
            Err(e) => Err(format!(
                "cannot ask crates.io which versions of {krate} exist: {e}"
            )),
        }
    }
}
