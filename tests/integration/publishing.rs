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

/// A site over its host's caps builds, warns at `host:` with the numbers and where the bytes
/// are; made an error, the cap stops the build and leaves the last site in place.
#[test]
fn a_site_over_its_hosts_caps_is_reported_and_an_error_keeps_the_last_site() {
    let site =
        Site::new().handoff("a", &fm("A", "ana", ""), "Some text.\n").handoff("b", &fm("B", "ana", ""), "More.\n");
    let site = site.write("baton.yaml", "title: T\nhost: cloudflare-pages\n");
    let quiet = site.build();
    quiet.assert_ok();
    assert!(!quiet.stderr.contains("over-host-limit"), "{}", quiet.stderr);
    let before = site.output_files();

    let site = site.write("baton.yaml", "title: T\nhost: {name: Tiny host, max_size: 10KB, max_files: 5}\n");
    let warned = site.build();
    warned.assert_ok();
    warned
        .assert_stderr_has("warning[over-host-limit]: the site is ")
        .assert_stderr_has("; Tiny host takes 10 KiB at most, so the deploy will fail")
        .assert_stderr_has("; Tiny host takes 5 at most, so the deploy will fail")
        .assert_stderr_has("baton.yaml:2")
        .assert_stderr_has("= hint: the heaviest parts: style.css ");
    let files = site.output_files();
    assert!(
        files.len() > 5 && files.iter().any(|(path, _)| path == "handoffs/a/index.html"),
        "a warning keeps the site"
    );

    let site = site
        .write("baton.yaml", "title: T2\nhost: {name: Tiny host, max_size: 10KB}\nrules: {over-host-limit: error}\n");
    site.build().assert_code(1).assert_stderr_has("error[over-host-limit]: the site is ");
    assert_eq!(site.output_files(), files, "the last site stays as it was");
    assert_ne!(before.len(), 0);
}

/// `check` weighs the site a build would write: it reports the same caps with the same
/// numbers, and an `over-host-limit` made an error fails `check` as it fails `build`, so a
/// green check means a site the host takes.
#[test]
fn check_reports_a_hosts_caps_with_the_numbers_a_build_measures() {
    let site = Site::new()
        .handoff("a", &fm("A", "ana", ""), "Some text.\n")
        .handoff("b", &fm("B", "ana", "depends_on: [a]\n"), "More.\n")
        .write("static/big.bin", &"x".repeat(150_000))
        .write("baton.yaml", "title: T\nhost: {name: Tiny host, max_size: 30KB, max_files: 5, max_file_size: 100KB}\n");
    let today = ["--today", "2026-12-01"];
    let checked = site.run(&["check", ".", today[0], today[1]]);
    checked.assert_ok();
    let built = site.run(&["build", ".", today[0], today[1]]);
    built.assert_ok();
    // The findings and their hints (where the bytes are), in the order printed.
    let findings = |stderr: &str| -> Vec<String> {
        let lines = stderr.lines().filter(|l| l.contains("[over-host-limit]") || l.contains("heaviest parts"));
        lines.map(str::to_string).collect()
    };
    let (from_check, from_build) = (findings(&checked.stderr), findings(&built.stderr));
    assert_eq!(from_check.len(), 5, "size and files, each with a hint, and the one large file: {}", checked.stderr);
    assert!(from_check.iter().any(|l| l.contains("`big.bin` is 150 KB")), "{from_check:?}");
    assert_eq!(from_check, from_build, "the same caps, with the same byte and file counts and the same hints");
    checked.assert_stderr_has("= hint: the heaviest parts: big.bin 150 KB (1 file), ");

    // Within the caps, nothing is said.
    let roomy = site.write("baton.yaml", "title: T\nhost: cloudflare-pages\n");
    let quiet = roomy.run(&["check", "."]);
    quiet.assert_ok();
    assert!(!quiet.stderr.contains("over-host-limit"), "{}", quiet.stderr);

    // Turned off, nothing is weighed or said.
    let off =
        roomy.write("baton.yaml", "title: T\nhost: {name: Tiny host, max_size: 30KB}\nrules: {over-host-limit: off}\n");
    let silent = off.run(&["check", "."]);
    silent.assert_ok();
    assert!(!silent.stderr.contains("over-host-limit"), "{}", silent.stderr);

    // Made an error, the cap fails the gate, and the build that would follow.
    let strict =
        off.write("baton.yaml", "title: T\nhost: {name: Tiny host, max_size: 30KB}\nrules: {over-host-limit: error}\n");
    strict.run(&["check", "."]).assert_code(1).assert_stderr_has("error[over-host-limit]: the site is ");
    strict.build().assert_code(1);
}

#[test]
fn an_unknown_host_is_a_bad_setting_with_the_known_ones() {
    let site =
        Site::new().handoff("a", &fm("A", "ana", ""), "Text.\n").write("baton.yaml", "title: T\nhost: github-page\n");
    site.run(&["check", "."])
        .assert_code(1)
        .assert_stderr_has("error[bad-setting]: `github-page` is not a host baton knows")
        .assert_stderr_has("did you mean `github-pages`?");
}
