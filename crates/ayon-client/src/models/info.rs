//! `GET /api/info` and the server version.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /api/info`: the version and uptime for anyone; the user, attributes and sites when
/// logged in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerInfo {
    /// The server version, e.g. `1.16.0+DEVELOP`.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub version: String,
    /// Seconds since the server started.
    #[serde(default)]
    pub uptime: Option<f64>,
    /// The logged-in user (authenticated requests only).
    #[serde(default)]
    pub user: Option<super::User>,
    /// The attribute definitions (authenticated requests only).
    #[serde(default)]
    pub attributes: Option<Vec<Value>>,
    /// Fields this version does not model (`sites`, `onboarding`, `disableFeedback`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A semantic version as the server reports it: `major.minor.patch[-prerelease][+build]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct ServerVersion {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
    /// Pre-release (after `-`), e.g. `rc.6`.
    pub prerelease: Option<String>,
    /// Build metadata (after `+`), e.g. `DEVELOP`.
    pub build: Option<String>,
}

impl ServerVersion {
    /// Parses `1.16.0`, `1.0.0-rc.6`, `1.16.0+DEVELOP`; `None` for anything else.
    pub fn parse(text: &str) -> Option<ServerVersion> {
        let text = text.trim();
        let (rest, build) = match text.split_once('+') {
            Some((rest, build)) => (rest, Some(build)),
            None => (text, None),
        };
        let (core, prerelease) = match rest.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (rest, None),
        };
        let mut numbers = core.split('.').map(|n| {
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .then(|| n.parse::<u64>().ok())
                .flatten()
        });
        let (major, minor, patch) = (numbers.next()??, numbers.next()??, numbers.next()??);
        if numbers.next().is_some() {
            return None;
        }
        let valid = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        };
        if prerelease.is_some_and(|p| !valid(p)) || build.is_some_and(|b| !valid(b)) {
            return None;
        }
        Some(ServerVersion {
            major,
            minor,
            patch,
            prerelease: prerelease.map(str::to_owned),
            build: build.map(str::to_owned),
        })
    }

    /// `(major, minor, patch, prerelease, build)`, as `get_server_version_tuple`.
    pub fn as_tuple(&self) -> (u64, u64, u64, Option<&str>, Option<&str>) {
        (
            self.major,
            self.minor,
            self.patch,
            self.prerelease.as_deref(),
            self.build.as_deref(),
        )
    }

    /// Whether the version is at least `major.minor.patch`.
    pub fn at_least(&self, major: u64, minor: u64, patch: u64) -> bool {
        (self.major, self.minor, self.patch) >= (major, minor, patch)
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if let Some(pre) = &self.prerelease {
            write!(f, "-{pre}")?;
        }
        if let Some(build) = &self.build {
            write!(f, "+{build}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::ServerVersion;

    #[test]
    fn versions_parse_like_semver() {
        let v = ServerVersion::parse("1.16.0+DEVELOP").unwrap();
        assert_eq!(v.as_tuple(), (1, 16, 0, None, Some("DEVELOP")));
        assert_eq!(v.to_string(), "1.16.0+DEVELOP");
        let rc = ServerVersion::parse("1.0.0-rc.6").unwrap();
        assert_eq!(rc.prerelease.as_deref(), Some("rc.6"));
        assert!(v.at_least(1, 0, 8) && !rc.at_least(1, 0, 1));
        for bad in [
            "", "1.2", "1.2.3.4", "a.b.c", "1.2.3-", "1.2.3+", "1..3", "01.2.x",
        ] {
            assert!(ServerVersion::parse(bad).is_none(), "{bad}");
        }
    }
}
