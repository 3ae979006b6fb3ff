//! `cargo xtask test`: the one command CI runs.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::util::{self, in_ci};

struct Step {
    name: &'static str,
    result: Result<Duration, String>,
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
    let mut step = |name: &'static str, mut c: Command| {
        println!("\n==> {name}: {}", util::describe(&c));
        let result = util::run(&mut c);
        steps.push(Step { name, result });
    };
    step("rustfmt", cmd(&["fmt", "--all", "--check"]));
    step(
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
    let mut tests = cmd(&["test", "--workspace", "--no-fail-fast"]);
    if let Ok(python) = &venv {
        tests.env("CONNECT_PY", python);
    }
    step("tests (unit, snapshot, doc, contract)", tests);
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
        step("KE-chain cassettes decode", cmd(&args));
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
