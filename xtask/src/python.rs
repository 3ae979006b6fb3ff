//! The Python reference clients, installed into `target/py-venv` for the parity tests.
//!
//! `ensure_venv` creates the virtualenv with `python3 -m venv` (or `$PYTHON`) and installs the
//! pinned reference packages with pip. When the venv already imports every package at its
//! pinned version, nothing is run but one quick check.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A reference package, pinned.
struct Reference {
    /// The distribution name on PyPI.
    dist: &'static str,
    /// The exact version.
    version: &'static str,
    /// A module the parity scripts import.
    module: &'static str,
}

/// Every Python package the parity tests run against.
const REFERENCES: &[Reference] = &[Reference {
    dist: "connect-openapi-client",
    version: "35.0",
    module: "connect.client",
}];

/// The oldest Python the references support.
const MIN_PYTHON: (u32, u32) = (3, 10);

/// The virtualenv's directory below the workspace root.
const VENV: &str = "target/py-venv";

/// Makes sure `target/py-venv` exists with every pinned reference package; returns the path of
/// its Python interpreter.
pub(crate) fn ensure_venv(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(VENV);
    let python = venv_python(&venv);
    if python.is_file() && installed(&python).is_ok() {
        println!("reusing {} ({})", venv.display(), pins());
        return Ok(python);
    }
    if !python.is_file() || python_version(&python).is_err() {
        create_venv(&venv)?;
    }
    println!("installing {} into {}", pins(), venv.display());
    let specs: Vec<String> = REFERENCES
        .iter()
        .map(|r| format!("{}=={}", r.dist, r.version))
        .collect();
    pip_install(&python, &specs)?;
    installed(&python).map_err(|e| format!("after pip install: {e}"))?;
    Ok(python)
}

/// `python -m pip install --quiet <specs>` (the pip of a venv).
pub(crate) fn pip_install(python: &Path, specs: &[String]) -> Result<(), String> {
    let mut pip = Command::new(python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ])
    .args(specs);
    checked(&mut pip, "pip install").map(drop)
}

/// The interpreter inside a venv.
pub(crate) fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// `name==version` of every reference, for messages.
fn pins() -> String {
    REFERENCES
        .iter()
        .map(|r| format!("{}=={}", r.dist, r.version))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Creates (or clears and recreates) the venv with a base Python of a supported version.
fn create_venv(venv: &Path) -> Result<(), String> {
    let base = std::env::var_os("PYTHON").map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let version = python_version(&base).map_err(|e| {
        format!(
            "the Python reference clients need Python >= {}.{} as `python3` (or set PYTHON): {e}",
            MIN_PYTHON.0, MIN_PYTHON.1
        )
    })?;
    if version < MIN_PYTHON {
        return Err(format!(
            "{} is Python {}.{}; the Python reference clients need >= {}.{} (set PYTHON to another interpreter)",
            base.display(),
            version.0,
            version.1,
            MIN_PYTHON.0,
            MIN_PYTHON.1
        ));
    }
    println!("creating {} with {}", venv.display(), base.display());
    let mut cmd = Command::new(&base);
    cmd.args(["-m", "venv", "--clear"]).arg(venv);
    checked(&mut cmd, "python3 -m venv")
        .map_err(|e| format!("{e} (on Debian the `python3-venv` package provides the module)"))
        .map(|_| ())
}

/// `(major, minor)` of an interpreter.
pub(crate) fn python_version(python: &Path) -> Result<(u32, u32), String> {
    let mut cmd = Command::new(python);
    cmd.args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
    let out = checked(&mut cmd, "python version check")?;
    parse_version(&String::from_utf8_lossy(&out.stdout))
        .ok_or_else(|| format!("{} printed no version", python.display()))
}

/// Parses `3.11` (surrounding whitespace allowed).
pub(crate) fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.trim().split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Checks that every reference is installed at its pinned version and its module is found.
/// The module is located, not imported: importing `connect.client` takes seconds (`inflect`).
fn installed(python: &Path) -> Result<(), String> {
    let mut script = String::from("import importlib.metadata as m, importlib.util as u\n");
    for r in REFERENCES {
        script.push_str(&format!(
            "print({:?}, m.version({:?}), u.find_spec({:?}) is not None)\n",
            r.dist, r.dist, r.module
        ));
    }
    let mut cmd = Command::new(python);
    cmd.args(["-c", &script]);
    let out = checked(&mut cmd, "reference package check")?;
    let text = String::from_utf8_lossy(&out.stdout);
    for r in REFERENCES {
        let line = format!("{} {} True", r.dist, r.version);
        if !text.lines().any(|l| l.trim() == line) {
            return Err(format!(
                "{} is not installed at version {} with module `{}` (found: {})",
                r.dist,
                r.version,
                r.module,
                text.trim()
            ));
        }
    }
    Ok(())
}

/// Runs a command with captured output; a failure carries the tail of its stderr.
pub(crate) fn checked(cmd: &mut Command, what: &str) -> Result<Output, String> {
    // A program written a moment ago can be "busy" while another thread's child still holds
    // the writing descriptor between its fork and exec (ETXTBSY): that passes, so try again.
    let mut attempts = 0;
    let out = loop {
        match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && attempts < 20 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            result => {
                break result.map_err(|e| {
                    format!("{what}: cannot run {}: {e}", crate::util::describe(cmd))
                })?;
            }
        }
    };
    if out.status.success() {
        return Ok(out);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "{what} failed ({}): {}\n{}",
        out.status,
        crate::util::describe(cmd),
        tail.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_compare() {
        assert_eq!(parse_version("3.11\n"), Some((3, 11)));
        assert_eq!(parse_version("3.9"), Some((3, 9)));
        assert!(parse_version("3.9").is_some_and(|v| v < MIN_PYTHON));
        assert!(parse_version("3.10").is_some_and(|v| v >= MIN_PYTHON));
        assert_eq!(parse_version("garbage"), None);
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn a_missing_interpreter_is_an_error_not_a_panic() {
        let err = python_version(Path::new("/nonexistent/python")).unwrap_err();
        assert!(err.contains("cannot run"), "{err}");
    }
}
