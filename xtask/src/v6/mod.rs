//! The real vantage6 server: started by `cargo xtask test` for the suites, and by
//! `cargo xtask v6 up` (stopped by `cargo xtask v6 down`) for running them by hand.
//!
//! A setup is two instances of vantage6-server from PyPI, `main` and `mfa` (two-factor
//! authentication obligatory), each with a fresh SQLite database (`root`/`root` is created on
//! start), plus an SMTP sink (Python's `smtpd` `DebuggingServer`) whose log the tests grep for
//! `V6MAIL token=` lines. The suites find it all through the variables of
//! [`config::env_vars`].

mod config;
mod install;
mod process;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use config::{Instance, LAUNCHER, LAUNCHER_FILE};
use process::{Proc, Running};

pub(crate) use install::VERSION;

/// The instances of a setup: `(name, two-factor authentication obligatory)`.
const INSTANCES: [(&str, bool); 2] = [("main", false), ("mfa", true)];

/// The SMTP sink's name in pid files and messages.
const SINK: &str = "smtp";

/// How long the servers get to answer `GET /api/version`.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// Environment variables that would change the database or the root password; removed for the
/// server processes.
const SERVER_ENV_REMOVED: &[&str] = &[
    "VANTAGE6_DB_URI",
    "V6_INIT_SUPER_PASS_HASHED",
    "V6_INIT_SUPER_PASS_HASHED_FILE",
];

const USAGE: &str = "usage: cargo xtask v6 up|down";

/// Where one setup lives: `target/v6` for `v6 up`, `target/v6/test` for `cargo xtask test`,
/// so the two never share a database or a log.
struct Layout {
    /// The workspace root, for short paths in messages.
    root: PathBuf,
    /// The setup's directory.
    base: PathBuf,
}

impl Layout {
    /// The layout of `cargo xtask v6 up`.
    fn dev(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            base: root.join("target/v6"),
        }
    }

    /// The layout of `cargo xtask test`.
    fn test(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            base: root.join("target/v6/test"),
        }
    }

    /// An instance's directory.
    fn instance_dir(&self, name: &str) -> PathBuf {
        self.base.join(name)
    }

    /// The SMTP sink's output, which the tests read.
    fn smtp_log(&self) -> PathBuf {
        self.base.join("smtp.log")
    }

    /// The PID file of a detached process.
    fn pid_file(&self, name: &str) -> PathBuf {
        self.base.join(format!("{name}.pid"))
    }

    /// The `export` lines written by `v6 up`.
    fn env_file(&self) -> PathBuf {
        self.base.join("env")
    }

    /// A path relative to the workspace root when below it, for messages.
    fn short(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// A started setup: its processes (stopped when this is dropped) and the environment for the
/// test suites.
pub(crate) struct Servers {
    /// The sink and both servers.
    running: Running,
    /// `V6_URL`, `V6_MFA_URL`, `V6_SMTP_LOG`, `V6_PYTHON`, `V6_JWT_SECRET`.
    env: Vec<(&'static str, String)>,
}

impl Servers {
    /// The variables to pass to `cargo test`.
    pub(crate) fn env(&self) -> &[(&'static str, String)] {
        &self.env
    }
}

/// Installs (or reuses) the venv and starts a setup in `target/v6/test` for `cargo xtask test`;
/// it stops when the returned value is dropped.
pub(crate) fn start_for_tests(root: &Path) -> Result<Servers, String> {
    start(&Layout::test(root), false)
}

/// `cargo xtask v6 up|down`.
pub(crate) fn run(root: &Path, args: &[String]) -> Result<(), String> {
    match args {
        [cmd] if cmd == "up" => up(&Layout::dev(root)),
        [cmd] if cmd == "down" => down(&Layout::dev(root)),
        _ => Err(USAGE.into()),
    }
}

/// Starts a detached setup in `target/v6`, replacing a previous one, and writes
/// `target/v6/env`.
fn up(layout: &Layout) -> Result<(), String> {
    if [INSTANCES[0].0, INSTANCES[1].0, SINK]
        .iter()
        .any(|n| layout.pid_file(n).exists())
    {
        println!("stopping the previous `cargo xtask v6 up`");
        down(layout)?;
    }
    let servers = start(layout, true)?;
    let lines = config::export_lines(&servers.env);
    let env_file = layout.env_file();
    std::fs::write(&env_file, &lines).map_err(|e| format!("{}: {e}", env_file.display()))?;
    servers.running.detach();
    print!("{lines}");
    println!(
        "\nwritten to {0}: `. {0}` and run e.g. `cargo test -p vantage6-client`; \
         `cargo xtask v6 down` stops the servers",
        layout.short(&env_file)
    );
    Ok(())
}

/// Stops the processes of `v6 up` named by the PID files (checking each is still ours) and
/// removes the PID files, the env file and the databases.
fn down(layout: &Layout) -> Result<(), String> {
    let started = Instant::now();
    let mut pids = Vec::new();
    let mut names = Vec::new();
    for (name, marker) in [
        (INSTANCES[0].0, LAUNCHER_FILE),
        (INSTANCES[1].0, LAUNCHER_FILE),
        (SINK, "smtpd"),
    ] {
        let file = layout.pid_file(name);
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let ours = |pid: u32| process::command_line(pid).is_none_or(|c| c.contains(marker));
        match text.trim().parse::<u32>() {
            Ok(pid) if process::alive(pid) && ours(pid) => {
                pids.push(pid);
                names.push(format!("{name} (pid {pid})"));
            }
            _ => println!("{}: process gone already", layout.short(&file)),
        }
        std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    process::stop(&pids, |i| !process::alive(pids[i]));
    let left: Vec<u32> = pids
        .iter()
        .copied()
        .filter(|&p| process::alive(p))
        .collect();
    let _ = std::fs::remove_file(layout.env_file());
    for (name, _) in INSTANCES {
        process::remove_files(&db_files(&config::db_path(
            Path::new("/dev/shm"),
            &layout.instance_dir(name),
        )));
    }
    if !left.is_empty() {
        return Err(format!("still running after SIGKILL: {left:?}"));
    }
    if names.is_empty() {
        println!("no vantage6 servers of `cargo xtask v6 up` were running");
    } else {
        println!(
            "stopped {} ({:.1} s)",
            names.join(", "),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// A database file and SQLite's side files.
fn db_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// Installs or reuses the venv, starts the sink and both servers with fresh databases and
/// waits until they answer. `detached` processes outlive xtask and get PID files.
fn start(layout: &Layout, detached: bool) -> Result<Servers, String> {
    let python = install::ensure_venv(&layout.root)?;
    let started = Instant::now();
    let ports = process::free_ports(INSTANCES.len() + 1)?;
    let smtp_port = ports[INSTANCES.len()];
    let instances: Vec<Instance> = INSTANCES
        .iter()
        .zip(&ports)
        .map(|(&(name, mfa), &port)| {
            let dir = layout.instance_dir(name);
            Instance {
                name,
                db: config::db_path(Path::new("/dev/shm"), &dir),
                dir,
                port,
                mfa,
            }
        })
        .collect();
    let mut running = Running::default();
    create_dir(&layout.base)?;
    let mut sink = Command::new(&python);
    sink.args(["-u", "-W", "ignore::DeprecationWarning", "-m", "smtpd"])
        .args(["-n", "-c", "DebuggingServer"])
        .arg(format!("127.0.0.1:{smtp_port}"));
    let smtp_log = layout.smtp_log();
    let proc = Proc::spawn("smtp sink".into(), &mut sink, &smtp_log, detached)?;
    keep(layout, &mut running, SINK, proc, detached)?;
    for instance in &instances {
        let files = db_files(&instance.db);
        process::remove_files(&files);
        running.cleanup.extend(files);
        let mut cmd = prepare(instance, &python, smtp_port)?;
        let name = format!("vantage6 server {}", instance.name);
        let proc = Proc::spawn(name, &mut cmd, &instance.stdout_log(), detached)?;
        keep(layout, &mut running, instance.name, proc, detached)?;
    }
    let ready = wait_ready(&mut running, &instances, smtp_port, started)?;
    println!(
        "vantage6 server {VERSION} up at {} ({:.1} s), MFA server at {} ({:.1} s), \
         smtp sink at 127.0.0.1:{smtp_port} ({})",
        instances[0].url(),
        ready[0].as_secs_f64(),
        instances[1].url(),
        ready[1].as_secs_f64(),
        layout.short(&smtp_log),
    );
    let env = config::env_vars(&instances[0], &instances[1], &smtp_log, &python);
    Ok(Servers { running, env })
}

/// Adds a started process to `running`, writing its PID file when `detached` (removed again
/// when the start fails).
fn keep(
    layout: &Layout,
    running: &mut Running,
    name: &str,
    proc: Proc,
    detached: bool,
) -> Result<(), String> {
    let pid = proc.child.id();
    running.procs.push(proc);
    if detached {
        let file = layout.pid_file(name);
        std::fs::write(&file, format!("{pid}\n"))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        running.cleanup.push(file);
    }
    Ok(())
}

/// Creates a directory and its parents.
fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

/// Writes an instance's directories, configuration and launcher; returns the command that
/// starts it.
fn prepare(instance: &Instance, python: &Path, smtp_port: u16) -> Result<Command, String> {
    for dir in [instance.dir.join("log"), instance.dir.join("data")] {
        create_dir(&dir)?;
    }
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(instance.config_path(), &instance.render(smtp_port))?;
    write(instance.dir.join(LAUNCHER_FILE), LAUNCHER)?;
    let mut cmd = Command::new(python);
    cmd.current_dir(&instance.dir)
        .arg("-u")
        .arg(LAUNCHER_FILE)
        .arg(instance.config_path());
    for var in SERVER_ENV_REMOVED {
        cmd.env_remove(var);
    }
    Ok(cmd)
}

/// Polls until every instance answers `GET /api/version` with 200 and the sink accepts
/// connections; fails when a process dies, a server reports another version, or after
/// [`READY_TIMEOUT`]. Returns each instance's time to answer. `running.procs` holds the sink
/// first, then the instances in order.
fn wait_ready(
    running: &mut Running,
    instances: &[Instance],
    smtp_port: u16,
    started: Instant,
) -> Result<Vec<Duration>, String> {
    let mut ready: Vec<Option<Duration>> = vec![None; instances.len()];
    let mut sink_ready = false;
    loop {
        for proc in &mut running.procs {
            proc.check_alive()?;
        }
        sink_ready = sink_ready || process::listening(smtp_port);
        for (instance, slot) in instances.iter().zip(&mut ready) {
            if slot.is_some() {
                continue;
            }
            if let Some((200, body)) = process::http_get(instance.port, "/api/version") {
                let version = version_of(&body);
                if version != VERSION {
                    return Err(format!(
                        "{} answers version {version:?}, expected {VERSION}",
                        instance.url()
                    ));
                }
                *slot = Some(started.elapsed());
            }
        }
        if sink_ready && ready.iter().all(Option::is_some) {
            return Ok(ready.into_iter().flatten().collect());
        }
        if started.elapsed() > READY_TIMEOUT {
            let late: Vec<String> = running
                .procs
                .iter()
                .skip(1)
                .zip(&ready)
                .filter(|(_, r)| r.is_none())
                .map(|(p, _)| format!("{}:\n{}", p.log.display(), process::tail(&p.log, 25)))
                .collect();
            return Err(format!(
                "not up after {READY_TIMEOUT:?} (smtp sink listening: {sink_ready}); last lines of\n{}",
                late.join("\n")
            ));
        }
        std::thread::sleep(process::POLL);
    }
}

/// The `version` of a `/api/version` body (`{"version": "4.15.2"}`).
fn version_of(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("version")?.as_str().map(str::to_string))
        .unwrap_or_else(|| body.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_the_body() {
        assert_eq!(version_of("{\"version\": \"4.15.2\"}\n"), "4.15.2");
        assert_eq!(version_of("oops"), "oops");
    }

    #[test]
    fn layouts_keep_tests_and_developers_apart() {
        let root = Path::new("/w");
        let dev = Layout::dev(root);
        let test = Layout::test(root);
        assert_eq!(dev.instance_dir("main"), Path::new("/w/target/v6/main"));
        assert_eq!(
            test.instance_dir("main"),
            Path::new("/w/target/v6/test/main")
        );
        assert_eq!(dev.smtp_log(), Path::new("/w/target/v6/smtp.log"));
        assert_eq!(dev.pid_file("mfa"), Path::new("/w/target/v6/mfa.pid"));
        assert_eq!(dev.short(&dev.env_file()), "target/v6/env");
        assert_eq!(dev.short(Path::new("/elsewhere/x")), "/elsewhere/x");
    }

    #[test]
    fn database_side_files_are_cleaned_too() {
        let files = db_files(Path::new("/dev/shm/a.sqlite"));
        assert_eq!(
            files,
            [
                "/dev/shm/a.sqlite",
                "/dev/shm/a.sqlite-journal",
                "/dev/shm/a.sqlite-wal",
                "/dev/shm/a.sqlite-shm"
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    fn down_without_servers_is_a_no_op() {
        let dir = std::env::temp_dir().join(format!("xtask-v6-down-{}", std::process::id()));
        let layout = Layout {
            root: dir.clone(),
            base: dir.join("target/v6"),
        };
        std::fs::create_dir_all(&layout.base).unwrap();
        std::fs::write(layout.pid_file("main"), "999999999\n").unwrap();
        assert_eq!(down(&layout), Ok(()));
        assert!(!layout.pid_file("main").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
