//! Versions, bumps and the `release` command line.

use std::cmp::Ordering;
use std::fmt;

use super::{Res, USAGE};

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
    /// `--allow-dirty` (dry runs only): check a tree with uncommitted changes.
    pub(crate) allow_dirty: bool,
}

/// Parses the arguments after `release`: specs plus optional `--execute` or `--allow-dirty`.
pub(crate) fn parse_args(args: &[String]) -> Res<ReleaseArgs> {
    let (mut specs, mut execute, mut allow_dirty) = (Vec::<ReleaseSpec>::new(), false, false);
    for arg in args {
        if arg == "--execute" {
            execute = true;
        } else if arg == "--allow-dirty" {
            allow_dirty = true;
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
    if execute && allow_dirty {
        bail!("--allow-dirty is for dry runs only: a release is made from a clean tree");
    }
    Ok(ReleaseArgs {
        specs,
        execute,
        allow_dirty,
    })
}
