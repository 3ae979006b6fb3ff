//! Child processes of the vantage6 setup: free ports, spawning with output to a log file, a
//! tiny HTTP/1.0 probe, and stopping by PID (SIGTERM, then SIGKILL after a grace period).
//!
//! Signals go through the `kill` command: the workspace forbids `unsafe`, so no libc.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a process gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_secs(10);

/// How often stopping and start-up waits look again.
pub(crate) const POLL: Duration = Duration::from_millis(250);

/// `n` distinct ports free on 127.0.0.1 right now (all bound at once, then released).
pub(crate) fn free_ports(n: usize) -> Result<Vec<u16>, String> {
    let listeners = (0..n)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// A process xtask started, with where its output goes.
pub(crate) struct Proc {
    /// What it is, for messages (`vantage6 server main`, `smtp sink`).
    pub(crate) name: String,
    /// The handle, kept so the process is reaped.
    pub(crate) child: Child,
    /// Its stdout and stderr.
    pub(crate) log: PathBuf,
}

impl Proc {
    /// Spawns `cmd` with stdin closed and stdout and stderr appended to `log` (truncated
    /// first). A `detached` process gets its own process group, so it outlives xtask and a
    /// Ctrl-C in the terminal; otherwise it shares xtask's and dies with it on Ctrl-C.
    pub(crate) fn spawn(
        name: String,
        cmd: &mut Command,
        log: &Path,
        detached: bool,
    ) -> Result<Self, String> {
        let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        cmd.stdin(Stdio::null()).stdout(out).stderr(err);
        #[cfg(unix)]
        if detached {
            std::os::unix::process::CommandExt::process_group(cmd, 0);
        }
        #[cfg(not(unix))]
        let _ = detached;
        let child = cmd
            .spawn()
            .map_err(|e| format!("{name}: cannot run {}: {e}", crate::util::describe(cmd)))?;
        Ok(Self {
            name,
            child,
            log: log.to_path_buf(),
        })
    }

    /// `Err` with the tail of the log when the process has exited.
    pub(crate) fn check_alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "{} exited ({status}); last lines of {}:\n{}",
                self.name,
                self.log.display(),
                tail(&self.log, 25)
            )),
            Err(e) => Err(format!("{}: {e}", self.name)),
        }
    }
}

/// The processes of one setup; all are stopped when this is dropped, also on early returns
/// and panics, unless [`Running::detach`] let them go.
#[derive(Default)]
pub(crate) struct Running {
    /// The processes, in start order.
    pub(crate) procs: Vec<Proc>,
    /// Files removed after stopping (the databases on `/dev/shm`, PID files).
    pub(crate) cleanup: Vec<PathBuf>,
}

impl Running {
    /// Lets the processes run on after xtask exits (`cargo xtask v6 up`).
    pub(crate) fn detach(mut self) {
        self.procs.clear();
        self.cleanup.clear();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.procs.is_empty() {
            return;
        }
        let started = Instant::now();
        let pids: Vec<u32> = self.procs.iter().map(|p| p.child.id()).collect();
        let procs = &mut self.procs;
        stop(&pids, |i| !matches!(procs[i].child.try_wait(), Ok(None)));
        for p in &mut self.procs {
            let _ = p.child.kill();
            let _ = p.child.wait();
        }
        remove_files(&self.cleanup);
        println!(
            "stopped {} ({:.1} s)",
            self.procs
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            started.elapsed().as_secs_f64()
        );
    }
}

/// Removes files that may not exist.
pub(crate) fn remove_files(files: &[PathBuf]) {
    for f in files {
        let _ = std::fs::remove_file(f);
    }
}

/// Sends SIGTERM to every PID, waits up to [`GRACE`] until `gone(index)` holds for all, then
/// sends SIGKILL to the rest and waits briefly for them.
pub(crate) fn stop(pids: &[u32], mut gone: impl FnMut(usize) -> bool) {
    for pid in pids {
        signal(*pid, "TERM");
    }
    let deadline = Instant::now() + GRACE;
    let mut left: Vec<usize> = (0..pids.len()).collect();
    while !left.is_empty() && Instant::now() < deadline {
        left.retain(|&i| !gone(i));
        if !left.is_empty() {
            std::thread::sleep(POLL / 2);
        }
    }
    for &i in &left {
        eprintln!(
            "pid {} ignored SIGTERM for {GRACE:?}; sending SIGKILL",
            pids[i]
        );
        signal(pids[i], "KILL");
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while !left.is_empty() && Instant::now() < deadline {
        left.retain(|&i| !gone(i));
        std::thread::sleep(POLL / 2);
    }
}

/// `kill -<sig> <pid>`, errors ignored (the process may be gone already).
fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Whether a process exists and is not a zombie (via `/proc` when there is one, else
/// `kill -0`).
pub(crate) fn alive(pid: u32) -> bool {
    let proc_dir = Path::new("/proc");
    if proc_dir.join("self").exists() {
        return std::fs::read_to_string(proc_dir.join(pid.to_string()).join("stat"))
            .is_ok_and(|stat| !matches!(process_state(&stat), Some('Z' | 'X')));
    }
    Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The state letter of a `/proc/<pid>/stat` line (after the parenthesised command name).
fn process_state(stat: &str) -> Option<char> {
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// A process's command line with arguments joined by spaces, when `/proc` tells.
pub(crate) fn command_line(pid: u32) -> Option<String> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(
        raw.split(|&b| b == 0)
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `GET <path>` over HTTP/1.0 on 127.0.0.1:`port`; the status code and body, or `None` when
/// nothing answers (yet).
pub(crate) fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .ok()?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    parse_response(&String::from_utf8_lossy(&response))
}

/// Splits an HTTP response into status code and body.
fn parse_response(text: &str) -> Option<(u16, String)> {
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head
        .lines()
        .next()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((status, body.to_string()))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
pub(crate) fn listening(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok()
}

/// The last `n` lines of a file (empty when unreadable).
pub(crate) fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_distinct_and_bindable() {
        let ports = free_ports(3).unwrap();
        assert_eq!(ports.len(), 3);
        assert!(ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2]);
        assert!(ports.iter().all(|&p| p != 0));
        drop(TcpListener::bind((Ipv4Addr::LOCALHOST, ports[0])).unwrap());
    }

    #[test]
    fn responses_parse() {
        let text =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"version\": \"4.15.2\"}";
        assert_eq!(
            parse_response(text),
            Some((200, "{\"version\": \"4.15.2\"}".to_string()))
        );
        assert_eq!(
            parse_response("HTTP/1.0 503 X\r\n\r\n"),
            Some((503, String::new()))
        );
        assert_eq!(parse_response("garbage"), None);
    }

    #[test]
    fn the_probe_reads_a_local_http_answer() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut buf = [0u8; 1024];
            let n = s.read(&mut buf).unwrap();
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            s.write_all(b"HTTP/1.0 200 OK\r\n\r\n{\"version\": \"9\"}")
                .unwrap();
            request
        });
        assert_eq!(
            http_get(port, "/api/version"),
            Some((200, "{\"version\": \"9\"}".into()))
        );
        assert!(
            server
                .join()
                .unwrap()
                .starts_with("GET /api/version HTTP/1.0\r\n")
        );
        assert!(!listening(free_ports(1).unwrap()[0]));
    }

    #[test]
    fn process_states_and_tails() {
        assert_eq!(process_state("42 (python (x)) S 1 2"), Some('S'));
        assert_eq!(process_state("42 (a) Z 1"), Some('Z'));
        let file = std::env::temp_dir().join(format!("xtask-v6-tail-{}", std::process::id()));
        std::fs::write(&file, "1\n2\n3\n").unwrap();
        assert_eq!(tail(&file, 2), "2\n3");
        assert_eq!(tail(&file, 9), "1\n2\n3");
        std::fs::remove_file(&file).unwrap();
        assert_eq!(tail(&file, 2), "");
    }

    #[cfg(unix)]
    #[test]
    fn dropping_running_stops_its_processes() {
        let log = std::env::temp_dir().join(format!("xtask-v6-sleep-{}", std::process::id()));
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let mut proc = Proc::spawn("sleeper".into(), &mut cmd, &log, false).unwrap();
        proc.check_alive().unwrap();
        let pid = proc.child.id();
        assert!(alive(pid));
        // Right after the fork the child may still show our own command line: wait for exec.
        let deadline = Instant::now() + Duration::from_secs(5);
        while !command_line(pid).is_some_and(|c| c.contains("sleep 30")) {
            assert!(Instant::now() < deadline, "{:?}", command_line(pid));
            std::thread::sleep(Duration::from_millis(10));
        }
        let started = Instant::now();
        drop(Running {
            procs: vec![proc],
            cleanup: vec![log.clone()],
        });
        assert!(started.elapsed() < GRACE, "SIGTERM was enough");
        assert!(!alive(pid));
        assert!(!log.exists());
    }
}
