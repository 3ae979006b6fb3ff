//! Settings from the environment and `.env` files, without touching the process environment.
//!
//! [`Env`] reads a `.env` file (an explicit path, or the first `.env` found from the working
//! directory upward) into a map; lookups prefer variables already set in the process
//! environment, so the environment always wins over the file.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};

/// Variables from the process environment layered over a `.env` file.
#[derive(Clone, Default)]
pub struct Env {
    file: HashMap<String, String>,
    source: Option<PathBuf>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<&String> = self.file.keys().collect();
        keys.sort();
        f.debug_struct("Env")
            .field("source", &self.source)
            .field("file_keys", &keys)
            .finish()
    }
}

impl Env {
    /// Only the process environment.
    pub fn process() -> Self {
        Env::default()
    }

    /// The process environment over the first `.env` found from the working directory upward
    /// (none found is fine).
    pub fn discover() -> Result<Self> {
        let cwd = std::env::current_dir()
            .map_err(|e| Error::config(format!("cannot read the working directory: {e}")))?;
        Env::discover_from(&cwd)
    }

    /// The process environment over the first `.env` found from `dir` upward.
    pub fn discover_from(dir: &Path) -> Result<Self> {
        for candidate in dir.ancestors().map(|d| d.join(".env")) {
            if candidate.is_file() {
                return Env::from_file(&candidate);
            }
        }
        Ok(Env::default())
    }

    /// The process environment over the `.env` file at `path` (which must exist).
    pub fn from_file(path: &Path) -> Result<Self> {
        let iter = dotenvy::from_path_iter(path)
            .map_err(|e| Error::config(format!("cannot read `{}`: {e}", path.display())))?;
        let mut file = HashMap::new();
        for item in iter {
            let (k, v) =
                item.map_err(|e| Error::config(format!("cannot parse `{}`: {e}", path.display())))?;
            file.insert(k, v);
        }
        Ok(Env {
            file,
            source: Some(path.to_owned()),
        })
    }

    /// Layers explicit values (e.g. in tests) under the process environment.
    pub fn with_values<K: Into<String>, V: Into<String>>(
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env {
            file: values
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            source: None,
        }
    }

    /// The `.env` file that was read, if any.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// A variable: the process environment first, then the file. Empty values count as unset.
    pub fn get(&self, key: &str) -> Option<String> {
        let set = |v: &String| !v.trim().is_empty();
        std::env::var(key)
            .ok()
            .filter(set)
            .or_else(|| self.file.get(key).cloned().filter(set))
    }

    /// A variable that must be set.
    pub fn require(&self, key: &str) -> Result<String> {
        self.get(key).ok_or_else(|| {
            Error::config(format!(
                "the environment variable `{key}` is not set{}",
                self.source
                    .as_ref()
                    .map(|p| format!(" (also not in {})", p.display()))
                    .unwrap_or_default()
            ))
        })
    }

    /// A variable parsed as `T`, or `None` when unset.
    pub fn parse<T: FromStr>(&self, key: &str) -> Result<Option<T>>
    where
        T::Err: fmt::Display,
    {
        self.get(key)
            .map(|raw| {
                raw.trim().parse::<T>().map_err(|e| {
                    Error::config(format!(
                        "the environment variable `{key}` is not valid: {e}"
                    ))
                })
            })
            .transpose()
    }

    /// A boolean variable: `1/true/yes/on` or `0/false/no/off` (any case).
    pub fn flag(&self, key: &str) -> Result<Option<bool>> {
        self.get(key)
            .map(|raw| match raw.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "y" | "on" => Ok(true),
                "0" | "false" | "no" | "n" | "off" => Ok(false),
                other => Err(Error::config(format!(
                    "the environment variable `{key}` must be true or false, not `{other}`"
                ))),
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "platform-client-core-env-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a/b/c")).unwrap();
        dir
    }

    #[test]
    fn discovers_upward_and_environment_wins() {
        let dir = temp_dir("discover");
        std::fs::write(
            dir.join("a/.env"),
            "CC_TEST_ONLY_FILE=from-file\nPATH=from-file\nCC_TEST_NUM=12\nCC_TEST_BAD=x\nCC_TEST_FLAG=Yes\n",
        )
        .unwrap();
        let env = Env::discover_from(&dir.join("a/b/c")).unwrap();
        assert_eq!(env.source(), Some(dir.join("a/.env").as_path()));
        assert_eq!(env.get("CC_TEST_ONLY_FILE").as_deref(), Some("from-file"));
        // PATH is set in the process environment: it wins over the file.
        assert_ne!(env.get("PATH").as_deref(), Some("from-file"));
        assert_eq!(env.parse::<u32>("CC_TEST_NUM").unwrap(), Some(12));
        let err = env.parse::<u32>("CC_TEST_BAD").unwrap_err().to_string();
        assert!(
            err.contains("CC_TEST_BAD") && err.contains("not valid"),
            "{err}"
        );
        assert_eq!(env.flag("CC_TEST_FLAG").unwrap(), Some(true));
        assert_eq!(env.parse::<u32>("CC_TEST_MISSING").unwrap(), None);
        let err = env.require("CC_TEST_MISSING").unwrap_err().to_string();
        assert!(err.contains("CC_TEST_MISSING"), "{err}");
        assert!(Env::discover_from(&std::env::temp_dir().join("no/such/dir")).is_ok());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn explicit_file_must_exist() {
        let err = Env::from_file(Path::new("/no/such/.env")).unwrap_err();
        assert!(err.is_invalid_input());
    }
}
