//! The vantage6 server's virtualenv, `target/v6-venv`: a Python 3.10 found on this machine,
//! the pinned packages from PyPI and the e-mail templates the wheel lacks.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::python::{checked, pip_install, python_version, venv_python};

/// The vantage6 release every package is pinned to.
pub(crate) const VERSION: &str = "4.15.2";

/// The distributions installed at [`VERSION`]. `vantage6-backend-common` is imported by the
/// server but not declared by its wheel; `vantage6-client` is the reference the interop tests
/// run.
const DISTS: &[&str] = &[
    "vantage6-server",
    "vantage6-backend-common",
    "vantage6-client",
];

/// Unpinned extras: `pyotp` computes TOTP codes for the MFA tests.
const EXTRAS: &[&str] = &["pyotp"];

/// The only Python the server runs on: 3.11 changed `format()` of `(str, Enum)` members and
/// breaks every permission check.
const PYTHON: (u32, u32) = (3, 10);

/// The virtualenv's directory below the workspace root.
const VENV: &str = "target/v6-venv";

/// The e-mail templates written into the installed package, as `(file, body)`.
const TEMPLATES: &[(&str, &str)] = &[
    ("reset_token.txt", TEXT_MAIL),
    ("reset_token.html", HTML_MAIL),
    ("blocked_account.txt", TEXT_MAIL),
    ("blocked_account.html", HTML_MAIL),
    ("password_reset_success.txt", TEXT_MAIL),
    ("password_reset_success.html", HTML_MAIL),
];

/// Plain-text body of every mail; tests grep `V6MAIL token=` from the SMTP sink's log.
const TEXT_MAIL: &str = "V6MAIL token={{ token }}\n";

/// HTML body of every mail.
const HTML_MAIL: &str = "<p>V6MAIL token={{ token }}</p>\n";

/// Makes sure `target/v6-venv` has the pinned vantage6 packages on Python 3.10 and the mail
/// templates; returns the venv's interpreter.
pub(crate) fn ensure_venv(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(VENV);
    let python = venv_python(&venv);
    if python.is_file() && installed(&python).is_ok() {
        println!("reusing {} ({})", venv.display(), pins().join(", "));
    } else {
        let started = Instant::now();
        if !python.is_file() || python_version(&python) != Ok(PYTHON) {
            let base = find_python(
                std::env::var_os("V6_PYTHON").map(PathBuf::from),
                Path::new("python3.10"),
                &pyenv_roots(),
            )?;
            println!("creating {} with {}", venv.display(), base.display());
            let mut cmd = Command::new(&base);
            cmd.args(["-m", "venv", "--clear"]).arg(&venv);
            checked(&mut cmd, "python3.10 -m venv")?;
        }
        println!("installing {} into {}", pins().join(", "), venv.display());
        pip_install(&python, &pins())?;
        installed(&python).map_err(|e| format!("after pip install: {e}"))?;
        println!("installed in {:.1} s", started.elapsed().as_secs_f64());
    }
    write_templates(&python)?;
    Ok(python)
}

/// `name==version` of every pinned distribution, then the extras.
fn pins() -> Vec<String> {
    DISTS
        .iter()
        .map(|d| format!("{d}=={VERSION}"))
        .chain(EXTRAS.iter().map(|e| (*e).to_string()))
        .collect()
}

/// Checks the venv is Python 3.10, imports `vantage6.server` and `vantage6.client`, and has
/// every distribution at [`VERSION`].
fn installed(python: &Path) -> Result<(), String> {
    let dists: Vec<String> = DISTS
        .iter()
        .chain(EXTRAS)
        .map(|d| format!("{d:?}"))
        .collect();
    let script = format!(
        "import importlib.metadata as m, sys\n\
         import vantage6.server, vantage6.client\n\
         print('%d.%d' % sys.version_info[:2])\n\
         for d in [{}]: print(d, m.version(d))\n",
        dists.join(", ")
    );
    let mut cmd = Command::new(python);
    cmd.args(["-c", &script]);
    let out = checked(&mut cmd, "vantage6 package check")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = format!("{}.{}", PYTHON.0, PYTHON.1);
    if text.lines().next().map(str::trim) != Some(expected.as_str()) {
        return Err(format!(
            "the venv is not Python {expected}: {}",
            text.trim()
        ));
    }
    for dist in DISTS {
        let line = format!("{dist} {VERSION}");
        if !text.lines().any(|l| l.trim() == line) {
            return Err(format!(
                "{dist} is not installed at {VERSION} (found: {})",
                text.trim()
            ));
        }
    }
    Ok(())
}

/// Writes the mail templates into the installed `vantage6/server/templates/mail` (the PyPI
/// wheel lacks them, so password recovery fails with `TemplateNotFound`).
fn write_templates(python: &Path) -> Result<(), String> {
    let mut cmd = Command::new(python);
    cmd.args([
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['purelib'])",
    ]);
    let out = checked(&mut cmd, "site-packages lookup")?;
    let purelib = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let dir = purelib.join("vantage6/server/templates/mail");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (file, body) in TEMPLATES {
        let path = dir.join(file);
        std::fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// `$PYENV_ROOT`, then `~/.pyenv`, without duplicates.
fn pyenv_roots() -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pyenv"));
    for root in [std::env::var_os("PYENV_ROOT").map(PathBuf::from), home]
        .into_iter()
        .flatten()
    {
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    roots
}

/// Finds a working Python 3.10: `explicit` (`$V6_PYTHON`) when given, and then nothing else;
/// otherwise `on_path` (`python3.10`, often a pyenv shim that fails) when it actually runs;
/// otherwise `<root>/versions/3.10*/bin/python3.10` of each pyenv root, newest first.
pub(crate) fn find_python(
    explicit: Option<PathBuf>,
    on_path: &Path,
    pyenv_roots: &[PathBuf],
) -> Result<PathBuf, String> {
    let wanted = format!("{}.{}", PYTHON.0, PYTHON.1);
    if let Some(python) = explicit {
        return match python_version(&python) {
            Ok(v) if v == PYTHON => Ok(python),
            Ok((major, minor)) => Err(format!(
                "V6_PYTHON={} is Python {major}.{minor}; the vantage6 server needs Python {wanted}",
                python.display()
            )),
            Err(e) => Err(format!("V6_PYTHON={} does not run: {e}", python.display())),
        };
    }
    let mut tried = Vec::new();
    let candidates = std::iter::once(on_path.to_path_buf())
        .chain(pyenv_roots.iter().flat_map(|r| pyenv_pythons(r, &wanted)));
    for python in candidates {
        match python_version(&python) {
            Ok(v) if v == PYTHON => return Ok(python),
            Ok((major, minor)) => tried.push(format!("{} is {major}.{minor}", python.display())),
            Err(_) => tried.push(format!("{} does not run", python.display())),
        }
    }
    Err(format!(
        "the vantage6 server needs Python {wanted} (it breaks on 3.11+); none found ({}). \
         Install it (e.g. `pyenv install {wanted}` or your distribution's python{wanted} with venv) \
         and/or point V6_PYTHON at its interpreter",
        tried.join("; ")
    ))
}

/// `<root>/versions/<wanted>*/bin/python<wanted>` that exist, the highest patch release first.
fn pyenv_pythons(root: &Path, wanted: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join("versions")) else {
        return Vec::new();
    };
    let mut found: Vec<(u32, OsString, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let text = name.to_string_lossy();
            let rest = text.strip_prefix(wanted)?;
            if !(rest.is_empty() || rest.starts_with('.') || rest.starts_with('-')) {
                return None; // 3.100, 3.101 …
            }
            let patch = rest.trim_start_matches('.').parse().unwrap_or(0);
            let python = entry.path().join("bin").join(format!("python{wanted}"));
            python.is_file().then(|| (patch, name.clone(), python))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    found.into_iter().map(|(_, _, p)| p).collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("xtask-v6-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A fake interpreter: a shell script printing `output` and exiting with `code`.
    fn fake_python(path: &Path, output: &str, code: i32) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("#!/bin/sh\necho {output}\nexit {code}\n")).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    const NOT_ON_PATH: &str = "xtask-test-no-such-python3.10";

    #[test]
    fn pyenv_versions_are_tried_newest_first_and_broken_ones_skipped() {
        let tmp = TempDir::new("pyenv");
        let root = tmp.0.join("pyenv");
        fake_python(&root.join("versions/3.10.9/bin/python3.10"), "3.10", 0);
        fake_python(&root.join("versions/3.10.13/bin/python3.10"), "broken", 127);
        fake_python(&root.join("versions/3.10.2/bin/python3.10"), "3.10", 0);
        fake_python(&root.join("versions/3.11.7/bin/python3.10"), "3.11", 0);
        fake_python(&root.join("versions/3.100.0/bin/python3.10"), "3.10", 0);
        let listed = pyenv_pythons(&root, "3.10");
        let names: Vec<String> = listed
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "versions/3.10.13/bin/python3.10",
                "versions/3.10.9/bin/python3.10",
                "versions/3.10.2/bin/python3.10"
            ]
        );
        let found = find_python(
            None,
            Path::new(NOT_ON_PATH),
            &[tmp.0.join("none"), root.clone()],
        );
        assert_eq!(found, Ok(root.join("versions/3.10.9/bin/python3.10")));
    }

    #[test]
    fn a_working_python_on_path_comes_before_pyenv() {
        let tmp = TempDir::new("path");
        let on_path = tmp.0.join("bin/python3.10");
        fake_python(&on_path, "3.10", 0);
        let root = tmp.0.join("pyenv");
        fake_python(&root.join("versions/3.10.1/bin/python3.10"), "3.10", 0);
        assert_eq!(find_python(None, &on_path, &[root]), Ok(on_path));
    }

    #[test]
    fn an_explicit_python_is_used_or_rejected_without_fallback() {
        let tmp = TempDir::new("explicit");
        let root = tmp.0.join("pyenv");
        fake_python(&root.join("versions/3.10.1/bin/python3.10"), "3.10", 0);
        let good = tmp.0.join("good");
        fake_python(&good, "3.10", 0);
        let roots = [root];
        let path = Path::new(NOT_ON_PATH);
        assert_eq!(find_python(Some(good.clone()), path, &roots), Ok(good));
        let newer = tmp.0.join("newer");
        fake_python(&newer, "3.12", 0);
        let err = find_python(Some(newer), path, &roots).unwrap_err();
        assert!(
            err.contains("is Python 3.12") && err.contains("needs Python 3.10"),
            "{err}"
        );
        let err = find_python(Some(tmp.0.join("absent")), path, &roots).unwrap_err();
        assert!(
            err.contains("V6_PYTHON=") && err.contains("does not run"),
            "{err}"
        );
    }

    #[test]
    fn no_python_is_a_clear_error_naming_v6_python() {
        let tmp = TempDir::new("none");
        let err =
            find_python(None, Path::new(NOT_ON_PATH), std::slice::from_ref(&tmp.0)).unwrap_err();
        assert!(err.contains("needs Python 3.10"), "{err}");
        assert!(err.contains("V6_PYTHON"), "{err}");
        assert!(err.contains(NOT_ON_PATH), "{err}");
    }

    #[test]
    fn pins_are_exact_for_vantage6_packages() {
        assert_eq!(
            pins(),
            [
                "vantage6-server==4.15.2",
                "vantage6-backend-common==4.15.2",
                "vantage6-client==4.15.2",
                "pyotp"
            ]
        );
        assert_eq!(TEMPLATES.len(), 6);
        assert!(
            TEMPLATES
                .iter()
                .all(|(_, body)| body.contains("V6MAIL token={{ token }}"))
        );
    }
}
