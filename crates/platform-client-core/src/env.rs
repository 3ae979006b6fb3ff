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

/// Writes `bytes` to `path` readable by its owner only (`0600` on Unix): through a temporary
/// file beside it, synced and renamed into place, so a reader never sees half a file. For
/// token caches and other secrets kept on disk.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let io = |action: &'static str, e: std::io::Error| crate::Error::Io {
        action,
        path: path.display().to_string(),
        source: e,
    };
    let name = path
        .file_name()
        .ok_or_else(|| crate::Error::invalid_input("the file path has no file name"))?;
    let temp = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let written = options
        .open(&temp)
        .map_err(|e| io("create", e))
        .and_then(|mut file| {
            file.write_all(bytes).map_err(|e| io("write", e))?;
            file.sync_all().map_err(|e| io("sync", e))
        })
        .and_then(|()| std::fs::rename(&temp, path).map_err(|e| io("replace", e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_owner_only_and_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("core-private-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tokens.json");
        write_private_file(&path, b"first").unwrap();
        write_private_file(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            [std::ffi::OsString::from("tokens.json")],
            "no temporary file left"
        );
        assert!(write_private_file(&dir.join("missing/x"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
