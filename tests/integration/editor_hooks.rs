//! The pre-commit hook (`.pre-commit-hooks.yaml`) and the GitHub Action (`action.yml`) at the
//! repository root, run as a team would run them, on scratch sites.

use crate::harness::Site;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// PATH with the built `baton` first.
fn path_with_baton() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_baton")).parent().expect("bin dir").display().to_string();
    format!("{bin}:{}", std::env::var("PATH").unwrap_or_default())
}

fn broken_site() -> Site {
    Site::new().handoff("a", "title: A\nowner: ana\ndepends_on: [nowhere]\n", "")
}

#[test]
fn the_action_annotates_findings_and_fails_on_errors() {
    let action: Value =
        serde_saphyr::from_str(&std::fs::read_to_string(repository().join("action.yml")).unwrap()).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let check = steps.iter().find(|s| s["name"] == "baton check").expect("a check step");
    let script = check["run"].as_str().expect("a script");
    let site = broken_site();
    let run = |deny: &str| {
        Command::new("bash")
            .args(["-c", script])
            .env("PATH", path_with_baton())
            .env("SITE", site.path())
            .env("DENY", deny)
            .env("BATON_TODAY", "2026-11-20")
            .output()
            .expect("bash")
    };
    let out = run("false");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("::error file=content/a.md,line=4,col=14,title=unknown-id::"), "{stdout}");
    assert!(stdout.contains("unknown-id"), "{stdout}");
}

#[test]
fn the_pre_commit_hook_stops_a_commit_with_an_error() {
    let hooks: Value =
        serde_saphyr::from_str(&std::fs::read_to_string(repository().join(".pre-commit-hooks.yaml")).unwrap()).unwrap();
    let ids: Vec<&str> = hooks.as_array().unwrap().iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["baton-check", "baton-check-system"]);
    if Command::new("pre-commit").arg("--version").output().is_err() {
        eprintln!("pre-commit is not installed (pip install pre-commit); only the hook file was checked");
        return;
    }
    let site = broken_site();
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(site.path()).output().expect("git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    let try_hook = || {
        Command::new("pre-commit")
            .args(["try-repo"])
            .arg(repository())
            .args(["baton-check-system", "--all-files"])
            .current_dir(site.path())
            .env("PATH", path_with_baton())
            .env("BATON_TODAY", "2026-11-20")
            .output()
            .expect("pre-commit")
    };
    let failed = try_hook();
    let output = String::from_utf8_lossy(&failed.stdout).into_owned();
    assert!(!failed.status.success(), "the hook let an error through:\n{output}");
    assert!(output.contains("error[unknown-id]"), "{output}");
    std::fs::write(site.path().join("content/a.md"), "---\ntitle: A\nowner: ana\n---\n").unwrap();
    git(&["add", "-A"]);
    let passed = try_hook();
    assert!(passed.status.success(), "{}", String::from_utf8_lossy(&passed.stdout));
}
