//! The example GitHub Actions workflow in docs/examples/publish.yml: `baton check` gates
//! `baton build`, both see one pinned "today", the history is fetched, and its commands work.

use crate::harness::{Site, fm};
use serde_json::Value;

fn workflow() -> Value {
    let text = include_str!("../../docs/examples/publish.yml");
    serde_saphyr::from_str(text).expect("publish.yml is YAML")
}

fn steps(workflow: &Value) -> &Vec<Value> {
    workflow["jobs"]["build"]["steps"].as_array().expect("build steps")
}

fn position(steps: &[Value], needle: &str) -> usize {
    steps
        .iter()
        .position(|s| s["run"].as_str().is_some_and(|r| r.contains(needle)))
        .unwrap_or_else(|| panic!("no step runs {needle}"))
}

#[test]
fn the_workflow_gates_the_build_on_check_with_one_pinned_today() {
    let workflow = workflow();
    let steps = steps(&workflow);
    let (today, check, build) =
        (position(steps, "BATON_TODAY"), position(steps, "baton check"), position(steps, "baton build"));
    assert!(today < check && check < build, "pin today, then check, then build");
    assert_eq!(steps[0]["with"]["fetch-depth"], 0, "the digest needs the git history");
    assert!(
        steps[build]["if"].as_str().is_some_and(|c| c.contains("pull_request")),
        "pull requests are checked, not deployed"
    );
    assert_eq!(workflow["jobs"]["deploy"]["needs"], "build");
}

/// Runs the workflow's check and build commands, as written, on a site.
fn run_step(site: &Site, command: &str) -> std::process::Output {
    let command = command.replace("${{ steps.pages.outputs.base_url }}", "https://example.github.io/handoffs");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_baton")).parent().expect("bin folder").to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(site.path())
        .env("PATH", path)
        .env("SITE", ".")
        .env("BATON_TODAY", "2026-11-20T00:00:00Z")
        .output()
        .expect("sh")
}

#[test]
fn the_workflow_commands_build_a_good_base_and_stop_a_broken_one() {
    let workflow = workflow();
    let steps = steps(&workflow);
    let check = steps[position(steps, "baton check")]["run"].as_str().unwrap().to_string();
    let build = steps[position(steps, "baton build")]["run"].as_str().unwrap().to_string();
    let good = Site::new().handoff("a", &fm("A", "ana", ""), "");
    assert!(run_step(&good, &check).status.success());
    assert!(run_step(&good, &build).status.success());
    let feed = std::fs::read_to_string(good.path().join("public/feed.xml")).expect("feed");
    assert!(feed.contains("<id>https://example.github.io/handoffs/feed.xml</id>"), "{feed}");
    let broken = Site::new().handoff("a", &fm("A", "ana", "depends_on: [missing]\n"), "");
    let gate = run_step(&broken, &check);
    assert_eq!(gate.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&gate.stdout).contains("::error file=content/a.md"), "annotations for GitHub");
}
