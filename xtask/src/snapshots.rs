//! `cargo xtask snapshots check|review|accept`: insta snapshots without cargo-insta.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util;

/// Runs the snapshot task named in `args`.
pub(crate) fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let (task, rest) = args
        .split_first()
        .ok_or("usage: cargo xtask snapshots check|review|accept [-p <crate>]")?;
    let packages: Vec<&str> = match rest {
        [] => vec!["--workspace"],
        [flag, krate] if flag == "-p" => vec!["-p", krate.as_str()],
        _ => return Err("usage: cargo xtask snapshots check|review|accept [-p <crate>]".into()),
    };
    match task.as_str() {
        "check" => {
            run_tests(root, &packages, "no")?;
            let pending = pending(root);
            if pending.is_empty() {
                println!("snapshots: all match");
                Ok(())
            } else {
                Err(format!("pending snapshot files: {pending:?}"))
            }
        }
        "review" => {
            let _ = run_tests(root, &packages, "new");
            let pending = pending(root);
            for new in &pending {
                show(new);
            }
            println!(
                "{} pending snapshot(s); `cargo xtask snapshots accept` takes them",
                pending.len()
            );
            Ok(())
        }
        "accept" => {
            let _ = run_tests(root, &packages, "new");
            let pending = pending(root);
            for new in &pending {
                let target = PathBuf::from(new.to_string_lossy().trim_end_matches(".new"));
                std::fs::rename(new, &target)
                    .map_err(|e| format!("cannot move {}: {e}", new.display()))?;
                println!("accepted {}", target.display());
            }
            run_tests(root, &packages, "no")
        }
        other => Err(format!(
            "unknown snapshots task `{other}` (check, review, accept)"
        )),
    }
}

fn run_tests(root: &Path, packages: &[&str], update: &str) -> Result<(), String> {
    let mut cmd = Command::new(util::cargo());
    cmd.current_dir(root)
        .arg("test")
        .args(packages)
        .arg("--no-fail-fast")
        .env("INSTA_UPDATE", update);
    if update != "no" {
        // Write every mismatch as `.snap.new` instead of stopping at the first failing test.
        cmd.env("INSTA_FORCE_PASS", "1");
    }
    util::run(&mut cmd).map(|_| ())
}

fn pending(root: &Path) -> Vec<PathBuf> {
    let inline = util::find_files(root, &[".pending-snap"]);
    if !inline.is_empty() {
        eprintln!("inline snapshots are pending ({inline:?}); they need `cargo insta review`");
    }
    util::find_files(root, &[".snap.new"])
}

/// Prints the old and new snapshot as a line diff.
fn show(new: &Path) {
    let old_path = PathBuf::from(new.to_string_lossy().trim_end_matches(".new"));
    let old = std::fs::read_to_string(&old_path).unwrap_or_default();
    let new_text = std::fs::read_to_string(new).unwrap_or_default();
    println!("\n--- {}\n+++ {}", old_path.display(), new.display());
    let body = |t: &str| -> Vec<String> {
        t.split("\n---\n")
            .nth(1)
            .unwrap_or(t)
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (body(&old), body(&new_text));
    for line in &a {
        if !b.contains(line) {
            println!("-{line}");
        }
    }
    for line in &b {
        if !a.contains(line) {
            println!("+{line}");
        }
    }
}
