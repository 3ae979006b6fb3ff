//! The files xtask writes for a vantage6 server instance: its YAML configuration, the launcher
//! script and the `export` lines of `target/v6/env`.
//!
//! Everything here is plain text rendering, so it is unit-tested without a server.

use std::path::{Path, PathBuf};

/// The JWT signing secret of every instance; fixed so tests can forge (expired) tokens.
pub(crate) const JWT_SECRET: &str = "ci-only-secret-0123456789abcdef0123456789";

/// The launcher: vantage6 has no docker-free `start` command, so it runs the package's own
/// development entry points (Flask-SocketIO on gevent).
pub(crate) const LAUNCHER: &str = "\
import sys
from vantage6.server import run_server, run_dev_server
server = run_server(sys.argv[1], system_folders=False)
cfg = server.ctx.config
run_dev_server(server, host=cfg[\"ip\"], port=int(cfg[\"port\"]))
";

/// The launcher's file name inside an instance directory; also the marker `v6 down` looks for
/// in a process's command line before signalling it.
pub(crate) const LAUNCHER_FILE: &str = "run_v6server.py";

/// One server instance to configure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Instance {
    /// Short name, also the directory name below `target/v6` (`main`, `mfa`).
    pub(crate) name: &'static str,
    /// The instance directory (config, launcher, `log/`, `data/`, `stdout.log`).
    pub(crate) dir: PathBuf,
    /// The SQLite database file, deleted before each start.
    pub(crate) db: PathBuf,
    /// The TCP port on 127.0.0.1.
    pub(crate) port: u16,
    /// Whether two-factor authentication is obligatory.
    pub(crate) mfa: bool,
}

impl Instance {
    /// The `server_name` setting; the MFA instance's TOTP issuer is `vantage6 (v6-mfa)`.
    pub(crate) fn server_name(&self) -> String {
        format!("v6-{}", self.name)
    }

    /// The API base URL, as the tests receive it.
    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    /// The configuration file's path.
    pub(crate) fn config_path(&self) -> PathBuf {
        self.dir.join("v6server.yaml")
    }

    /// Where the server's stdout and stderr go.
    pub(crate) fn stdout_log(&self) -> PathBuf {
        self.dir.join("stdout.log")
    }

    /// The configuration as YAML; the SMTP server is the sink on `smtp_port`.
    pub(crate) fn render(&self, smtp_port: u16) -> String {
        let uri = format!("sqlite:///{}", self.db.display());
        format!(
            "\
description: vantage6 test server ({name}) started by cargo xtask
server_name: {server_name}
ip: 127.0.0.1
port: {port}
api_path: /api
uri: {uri}
allow_drop_all: false
jwt_secret_key: {secret}
two_factor_auth: {mfa}
password_policy: {{max_failed_attempts: 1000, inactivation_minutes: 1}}
smtp: {{server: 127.0.0.1, port: {smtp_port}, MAIL_USE_TLS: false, MAIL_USE_SSL: false}}
directories: {{log: {log}, data: {data}}}
logging:
  level: INFO
  file: v6server.log
  use_console: false
  backup_count: 1
  max_size: 10240
  format: \"%(asctime)s %(levelname)s %(name)s %(message)s\"
  datefmt: \"%H:%M:%S\"
",
            name = self.name,
            server_name = self.server_name(),
            port = self.port,
            uri = yaml_str(&uri),
            secret = yaml_str(JWT_SECRET),
            mfa = self.mfa,
            log = yaml_str(&self.dir.join("log").display().to_string()),
            data = yaml_str(&self.dir.join("data").display().to_string()),
        )
    }
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn yaml_str(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// Where an instance's database goes: `/dev/shm` when it is a writable directory (start-up
/// takes about half the time there), else the instance's `data/` directory. The file name
/// carries a hash of the instance directory so worktrees running side by side never share one.
pub(crate) fn db_path(shm: &Path, instance_dir: &Path) -> PathBuf {
    if writable_dir(shm) {
        shm.join(format!(
            "xtask-v6-{:016x}.sqlite",
            fnv1a(instance_dir.to_string_lossy().as_bytes())
        ))
    } else {
        instance_dir.join("data").join("v6server.sqlite")
    }
}

/// True when `dir` is a directory we can create files in.
fn writable_dir(dir: &Path) -> bool {
    if !dir.is_dir() {
        return false;
    }
    let probe = dir.join(format!("xtask-v6-probe-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// 64-bit FNV-1a, a stable hash for file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The environment the test suites read, in order: `V6_URL`, `V6_MFA_URL`, `V6_SMTP_LOG`,
/// `V6_PYTHON`, `V6_JWT_SECRET`.
pub(crate) fn env_vars(
    main: &Instance,
    mfa: &Instance,
    smtp_log: &Path,
    python: &Path,
) -> Vec<(&'static str, String)> {
    vec![
        ("V6_URL", main.url()),
        ("V6_MFA_URL", mfa.url()),
        ("V6_SMTP_LOG", smtp_log.display().to_string()),
        ("V6_PYTHON", python.display().to_string()),
        ("V6_JWT_SECRET", JWT_SECRET.to_string()),
    ]
}

/// `export NAME=value` lines for a POSIX shell, values quoted when needed.
pub(crate) fn export_lines(vars: &[(&str, String)]) -> String {
    vars.iter()
        .map(|(name, value)| format!("export {name}={}\n", shell_quote(value)))
        .collect()
}

/// Quotes a value for a POSIX shell unless it only has harmless characters.
fn shell_quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/:._-+=@%,".contains(c));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(mfa: bool) -> Instance {
        Instance {
            name: if mfa { "mfa" } else { "main" },
            dir: PathBuf::from("/w/target/v6/main"),
            db: PathBuf::from("/dev/shm/x.sqlite"),
            port: 40123,
            mfa,
        }
    }

    #[test]
    fn config_has_every_required_key() {
        let yaml = instance(false).render(2525);
        for line in [
            "description: vantage6 test server (main) started by cargo xtask",
            "server_name: v6-main",
            "ip: 127.0.0.1",
            "port: 40123",
            "api_path: /api",
            "uri: \"sqlite:////dev/shm/x.sqlite\"",
            "allow_drop_all: false",
            "jwt_secret_key: \"ci-only-secret-0123456789abcdef0123456789\"",
            "two_factor_auth: false",
            "password_policy: {max_failed_attempts: 1000, inactivation_minutes: 1}",
            "smtp: {server: 127.0.0.1, port: 2525, MAIL_USE_TLS: false, MAIL_USE_SSL: false}",
            "directories: {log: \"/w/target/v6/main/log\", data: \"/w/target/v6/main/data\"}",
            "logging:",
            "  use_console: false",
            "  format: \"%(asctime)s %(levelname)s %(name)s %(message)s\"",
        ] {
            assert!(
                yaml.lines().any(|l| l == line),
                "missing `{line}` in\n{yaml}"
            );
        }
        assert!(JWT_SECRET.len() >= 32);
    }

    #[test]
    fn the_mfa_instance_names_the_totp_issuer() {
        let yaml = instance(true).render(1);
        assert!(yaml.contains("\ntwo_factor_auth: true\n"), "{yaml}");
        assert!(yaml.contains("\nserver_name: v6-mfa\n"), "{yaml}");
    }

    #[test]
    fn paths_with_quotes_and_spaces_stay_one_yaml_scalar() {
        assert_eq!(yaml_str(r#"/a b/"c"\d"#), r#""/a b/\"c\"\\d""#);
    }

    #[test]
    fn env_lines_export_every_variable() {
        let main = instance(false);
        let mfa = Instance {
            port: 40124,
            ..instance(true)
        };
        let vars = env_vars(
            &main,
            &mfa,
            Path::new("/w/target/v6/smtp.log"),
            Path::new("/w/my venv/bin/python"),
        );
        assert_eq!(
            export_lines(&vars),
            "export V6_URL=http://127.0.0.1:40123/api\n\
             export V6_MFA_URL=http://127.0.0.1:40124/api\n\
             export V6_SMTP_LOG=/w/target/v6/smtp.log\n\
             export V6_PYTHON='/w/my venv/bin/python'\n\
             export V6_JWT_SECRET=ci-only-secret-0123456789abcdef0123456789\n"
        );
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_database_goes_to_shm_when_writable_and_differs_per_directory() {
        let tmp = std::env::temp_dir().join(format!("xtask-v6-db-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let a = db_path(&tmp, Path::new("/w1/target/v6/main"));
        let b = db_path(&tmp, Path::new("/w2/target/v6/main"));
        assert!(a.starts_with(&tmp) && b.starts_with(&tmp), "{a:?}");
        assert_ne!(a, b);
        let fallback = db_path(&tmp.join("absent"), Path::new("/w/target/v6/mfa"));
        assert_eq!(
            fallback,
            PathBuf::from("/w/target/v6/mfa/data/v6server.sqlite")
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn the_launcher_runs_the_dev_server_from_the_config() {
        assert!(LAUNCHER.contains("run_server(sys.argv[1], system_folders=False)"));
        assert!(
            LAUNCHER.contains("run_dev_server(server, host=cfg[\"ip\"], port=int(cfg[\"port\"]))")
        );
    }
}
