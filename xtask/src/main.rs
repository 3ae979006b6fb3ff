//! Project tasks: `cargo xtask <test|snapshots|demo|bench|release|v6>`.

mod demo;
mod python;
mod release;
mod snapshots;
mod test;
mod util;
mod v6;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task>

  test                      rustfmt check, clippy -D warnings, every test suite and its real peers
  snapshots check|review|accept [-p <crate>]
                            insta snapshots without cargo-insta
  demo                      each client's quickstart against an embedded stand-in of its platform
  bench [-p <crate>]        the benchmarks (figures printed, nothing asserted on time)
  release <crate>@<patch|minor|major|X.Y.Z>... [--execute | --allow-dirty]
                            plan (dependencies first), bump, move the changelog, check,
                            publish, tag (dry run by default; a clean tree unless --allow-dirty)
  v6 up|down                start (detached, env in target/v6/env) or stop the real vantage6
                            servers and SMTP sink the vantage6 suites run against
";

/// `cargo xtask bench [-p <crate>]`: runs the release-built benchmark targets.
fn bench(root: &std::path::Path, args: &[String]) -> Result<(), String> {
    let mut cmd = std::process::Command::new(util::cargo());
    cmd.current_dir(root).arg("bench");
    match args {
        [] => cmd.arg("--workspace"),
        [flag, krate] if flag == "-p" => cmd.args(["-p", krate.as_str()]),
        _ => return Err("usage: cargo xtask bench [-p <crate>]".into()),
    };
    util::run(&mut cmd).map(|_| ())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = util::workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::run(&root, &args[1..]),
        Some("snapshots") => snapshots::run(&root, &args[1..]),
        Some("demo") => demo::run(),
        Some("bench") => bench(&root, &args[1..]),
        Some("v6") => v6::run(&root, &args[1..]),
        Some("release") => release::CratesIo::new().and_then(|registry| {
            release::run(&root, &args[1..], &util::today(), &util::cargo(), &registry)
        }),
        Some("help" | "-h" | "--help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
