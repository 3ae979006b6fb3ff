//! Server application versions (`app_versions`, `match_app_version`) and widget meta schemas
//! (`widget_schemas`, `widget_schema`). Both are fetched once per client and cached, also when
//! the server has none to report.

use std::cmp::Ordering;
use std::sync::Arc;

use platform_client_core::Request;
use serde::{Deserialize, Serialize};

use crate::client::KechainClient;
use crate::error::{Error, Result};

/// One application of the KE-chain server and its version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppVersion {
    /// Full application name, e.g. `kechain2.core.pim`.
    pub app: String,
    /// Short label, e.g. `pim`.
    pub label: String,
    /// `X.Y.Z`, or `None` when the server does not know.
    #[serde(default)]
    pub version: Option<String>,
}

/// Which application [`KechainClient::match_app_version`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App<'a> {
    /// By full name (`kechain2.core.pim`).
    Name(&'a str),
    /// By label (`pim`).
    Label(&'a str),
}

/// The JSON Schema of a widget type's `meta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WidgetSchema {
    /// The widget type, e.g. `PROPERTYGRID`.
    pub widget_type: String,
    /// Schema version.
    #[serde(default)]
    pub schema_version: Option<String>,
    /// The JSON Schema (draft-07) of the widget's `meta`.
    #[serde(default)]
    pub meta_schema: serde_json::Value,
}

#[derive(Deserialize)]
struct Envelope<T> {
    results: Vec<T>,
}

impl KechainClient {
    /// The versions of the server's applications (`GET api/versions.json`), fetched once.
    /// A server without the endpoint (404) reports none, and that answer is cached too.
    pub async fn app_versions(&self) -> Result<Arc<Vec<AppVersion>>> {
        let versions = self
            .cache
            .versions
            .get_or_try_init(|| async {
                match self
                    .http
                    .send_json::<Envelope<AppVersion>>(Request::get("api/versions.json"))
                    .await
                {
                    Ok(envelope) => Ok(Arc::new(envelope.results)),
                    Err(e) if e.is_not_found() => Ok(Arc::new(Vec::new())),
                    Err(e) => Err(Error::from(e)),
                }
            })
            .await?;
        Ok(versions.clone())
    }

    /// Whether the version of `app` satisfies `spec`: a strict `X.Y.Z` version with an optional
    /// operator (`>=`, `<=`, `==`, `!=`, `>`, `<`; none means `==`), e.g. `">=3.0.0"`.
    ///
    /// An unknown app, or one whose version is unknown, gives `default` when given and
    /// [`Error::NotFound`] otherwise. A malformed `spec` is rejected before anything is fetched.
    pub async fn match_app_version(
        &self,
        app: App<'_>,
        spec: &str,
        default: Option<bool>,
    ) -> Result<bool> {
        let (op, wanted) = parse_spec(spec)?;
        let versions = self.app_versions().await?;
        let found = versions.iter().find(|v| match app {
            App::Name(name) => v.app == name,
            App::Label(label) => v.label == label,
        });
        let missing = |what: String| default.ok_or(Error::not_found(what));
        let Some(row) = found else {
            return missing(format!("application {app:?}"));
        };
        let Some(version) = row.version.as_deref() else {
            return missing(format!("the version of application {app:?}"));
        };
        let have = SemVer::parse(version).ok_or_else(|| {
            Error::invalid(format!(
                "the server reports `{version}`, not an X.Y.Z version"
            ))
        })?;
        let ord = have.cmp(&wanted);
        Ok(match op {
            ">=" => ord != Ordering::Less,
            "<=" => ord != Ordering::Greater,
            ">" => ord == Ordering::Greater,
            "<" => ord == Ordering::Less,
            "!=" => ord != Ordering::Equal,
            _ => ord == Ordering::Equal,
        })
    }

    /// The meta schemas of every widget type (`GET api/widgets/schemas`), fetched once.
    /// Servers whose `pim` is older than 3.0.0 have none: [`Error::NotFound`].
    pub async fn widget_schemas(&self) -> Result<Arc<Vec<WidgetSchema>>> {
        let schemas = self
            .cache
            .schemas
            .get_or_try_init(|| async {
                if self
                    .match_app_version(App::Label("pim"), "<3.0.0", Some(false))
                    .await?
                {
                    return Err(Error::not_found(
                        "widget schemas (the server's pim is older than 3.0.0)",
                    ));
                }
                let envelope: Envelope<WidgetSchema> = self
                    .http
                    .send_json(Request::get("api/widgets/schemas"))
                    .await?;
                Ok(Arc::new(envelope.results))
            })
            .await?;
        Ok(schemas.clone())
    }

    /// The meta schema of one widget type (from the cached [`KechainClient::widget_schemas`]).
    pub async fn widget_schema(&self, widget_type: impl AsRef<str>) -> Result<WidgetSchema> {
        let widget_type = widget_type.as_ref();
        if widget_type.trim().is_empty() {
            return Err(Error::invalid("the widget type must not be empty"));
        }
        self.widget_schemas()
            .await?
            .iter()
            .find(|s| s.widget_type == widget_type)
            .cloned()
            .ok_or_else(|| Error::not_found(format!("the schema of widget type `{widget_type}`")))
    }
}

/// A strict semantic version; pre-releases sort before their release, build metadata is ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SemVer {
    core: (u64, u64, u64),
    pre: Option<String>,
}

impl SemVer {
    fn parse(text: &str) -> Option<SemVer> {
        let text = text.split('+').next()?;
        let (core, pre) = match text.split_once('-') {
            Some((c, p)) if !p.is_empty() => (c, Some(p.to_owned())),
            Some(_) => return None,
            None => (text, None),
        };
        let parts: Vec<&str> = core.split('.').collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let num = |s: &&str| {
            let ok = !s.is_empty()
                && s.chars().all(|c| c.is_ascii_digit())
                && (s.len() == 1 || !s.starts_with('0'));
            ok.then(|| s.parse::<u64>().ok()).flatten()
        };
        Some(SemVer {
            core: (num(a)?, num(b)?, num(c)?),
            pre,
        })
    }
}

impl Ord for SemVer {
    fn cmp(&self, other: &Self) -> Ordering {
        self.core
            .cmp(&other.core)
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => compare_pre(a, b),
            })
    }
}

impl PartialOrd for SemVer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Pre-release precedence: numeric identifiers numerically and below alphanumeric ones.
fn compare_pre(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

fn parse_spec(spec: &str) -> Result<(&'static str, SemVer)> {
    let ops = [">=", "<=", "==", "!=", ">", "<"];
    let (op, rest) = ops
        .iter()
        .find_map(|op| spec.strip_prefix(op).map(|rest| (*op, rest)))
        .unwrap_or(("==", spec));
    let version = SemVer::parse(rest).ok_or_else(|| {
        Error::invalid(format!(
            "`{spec}` is not a version requirement: use an optional operator (>=, <=, ==, !=, >, <) and a full X.Y.Z version"
        ))
    })?;
    Ok((op, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_rules() {
        let v = |s| SemVer::parse(s).unwrap();
        assert!(v("3.7.0-rc.1") < v("3.7.0"));
        assert_eq!(v("3.7.0+build.5"), v("3.7.0"));
        assert!(v("1.0.0-alpha") < v("1.0.0-alpha.1"));
        assert!(v("1.0.0-alpha.beta") < v("1.0.0-beta.2"));
        assert!(v("1.0.0-beta.2") < v("1.0.0-beta.11"));
        assert!(v("10.0.0") > v("9.99.99"));
        for bad in [
            "1.0", "=1.0.0", "~1.0.0", ">= 1.0.0", "", "1.0.0.0", "01.0.0", "a.b.c", "1.0.0-",
        ] {
            assert!(parse_spec(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_spec(">=1.0.0").unwrap().0, ">=");
        assert_eq!(parse_spec("99.99.99").unwrap().0, "==");
    }
}
