//! `cargo xtask test`: the one command CI runs.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::util::{self, in_ci};

/// One line of the summary.
struct Step {
    /// What ran.
    name: &'static str,
    /// How long it took, or why it failed.
    result: Result<Duration, String>,
}

/// Runs a command as a step, printing it first.
fn step(steps: &mut Vec<Step>, name: &'static str, mut c: Command) {
    println!("\n==> {name}: {}", util::describe(&c));
    let result = util::run(&mut c);
    steps.push(Step { name, result });
}

/// Starts the real vantage6 servers for the test step. Without them the vantage6 suites skip
/// locally; under CI that is a failed step.
fn vantage6(root: &Path, ci: bool, steps: &mut Vec<Step>) -> Option<crate::v6::Servers> {
    let name = "vantage6 servers (real)";
    println!(
        "\n==> {name}: vantage6-server {} in target/v6-venv, target/v6/test",
        crate::v6::VERSION
    );
    let started = std::time::Instant::now();
    match crate::v6::start_for_tests(root) {
        Ok(servers) => {
            steps.push(Step {
                name,
                result: Ok(started.elapsed()),
            });
            Some(servers)
        }
        Err(e) if ci => {
            steps.push(Step {
                name,
                result: Err(e),
            });
            None
        }
        Err(e) => {
            let first = e.lines().next().unwrap_or_default();
            println!("warning: no vantage6 server, its suites will skip (CI fails here): {first}");
            for line in e.lines().skip(1) {
                println!("  {line}");
            }
            None
        }
    }
}

/// Runs format check, clippy, every test suite and the contract suites; prints a summary.
pub(crate) fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments (got `{extra}`)"
        ));
    }
    let cargo = util::cargo();
    let ci = in_ci();
    let cmd = |args: &[&str]| {
        let mut c = Command::new(&cargo);
        c.current_dir(root).args(args);
        if ci {
            c.env("INSTA_UPDATE", "no");
        }
        c
    };
    let mut steps = Vec::new();
    println!("\n==> Python reference clients: target/py-venv");
    let started = std::time::Instant::now();
    let venv = crate::python::ensure_venv(root);
    let result = venv
        .as_ref()
        .map(|_| started.elapsed())
        .map_err(Clone::clone);
    steps.push(Step {
        name: "Python reference clients",
        result,
    });
    step(&mut steps, "rustfmt", cmd(&["fmt", "--all", "--check"]));
    step(
        &mut steps,
        "clippy",
        cmd(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    let mut docs = cmd(&["doc", "--workspace", "--no-deps", "--all-features"]);
    docs.env("RUSTDOCFLAGS", "-D warnings"); // broken intra-doc links fail
    step(&mut steps, "docs (rustdoc -D warnings)", docs);
    let mut tests = cmd(&["test", "--workspace", "--no-fail-fast"]);
    if let Ok(python) = &venv {
        tests.env("CONNECT_PY", python);
    }
    let servers = vantage6(root, ci, &mut steps);
    for (name, value) in servers.iter().flat_map(|s| s.env()) {
        tests.env(name, value);
    }
    step(&mut steps, "tests (unit, snapshot, doc, contract)", tests);
    drop(servers);
    let data = std::env::var_os("CONTRACT_DATA")
        .map_or_else(|| root.join("../shared/data"), std::path::PathBuf::from);
    let cassettes = data.join("kechain/cassettes");
    if cassettes.is_dir() {
        let dir = cassettes.to_string_lossy().into_owned();
        let args = [
            "run",
            "--quiet",
            "-p",
            "contract-tests",
            "--bin",
            "kechain-cassettes",
            "--",
            &dir,
        ];
        step(&mut steps, "KE-chain cassettes decode", cmd(&args));
    } else if ci {
        steps.push(Step {
            name: "KE-chain cassettes decode",
            result: Err(format!(
                "{} is missing (CI needs ../shared)",
                cassettes.display()
            )),
        });
    } else {
        println!(
            "\n==> KE-chain cassettes: {} absent, skipped",
            cassettes.display()
        );
    }
    let pending = util::find_files(root, &[".snap.new", ".pending-snap"]);
    steps.push(Step {
        name: "no pending snapshots",
        result: if pending.is_empty() {
            Ok(Duration::ZERO)
        } else {
            Err(format!(
                "pending snapshots (run `cargo xtask snapshots review`): {pending:?}"
            ))
        },
    });

    println!("\n==> summary");
    let mut failed = 0;
    for s in &steps {
        match &s.result {
            Ok(d) => println!("  ok      {:<42} {:>6.1}s", s.name, d.as_secs_f64()),
            Err(e) => {
                failed += 1;
                println!("  FAILED  {:<42} {e}", s.name);
            }
        }
    }
    if failed == 0 {
        println!("all {} steps passed", steps.len());
        Ok(())
    } else {
        Err(format!("{failed} of {} steps failed", steps.len()))
    }
}
