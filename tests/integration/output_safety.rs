//! `baton build` replaces only a folder it made, keeps the previous site where nothing else looks,
//! and every command refuses a folder that is not a site.

use crate::harness::{Site, baton, files_under, fm};
use std::path::Path;
use std::time::{Duration, Instant};

/// A small site with a static file, so that losing any input shows.
fn site_in(parent: &Path) -> Site {
    Site::new_in(parent).write("people.yaml", "ana:\n  name: Ana\n").write("static/logo.svg", "<svg/>").handoff(
        "a",
        &fm("A", "ana", ""),
        "body\n",
    )
}

/// Every file under `dir` with its bytes, once no background remover can still be deleting
/// anything: a refused build must have started none, and this waits long enough for one to act.
fn settled_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::thread::sleep(Duration::from_millis(1500));
    files_under(dir)
}

#[test]
fn building_into_the_site_folder_is_refused_and_deletes_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    let before = files_under(site.path());
    let absolute = site.path().to_str().unwrap().to_string();
    let dotted = format!("{absolute}/content/..");
    for out in [".", absolute.as_str(), dotted.as_str()] {
        let run = site.run(&["build", ".", "--out", out]);
        run.assert_code(2)
            .assert_stderr_has(&format!("refusing to build into {out}"))
            .assert_stderr_has("it is the site folder itself");
    }
    assert_eq!(settled_files(site.path()), before, "every input is still there");
    assert!(!site.public().exists());
}

#[test]
fn building_into_the_folder_holding_the_site_is_refused_and_deletes_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    std::fs::write(parent.path().join("README.md"), "the repository's own file").unwrap();
    let before = files_under(parent.path());
    let out = parent.path().to_str().unwrap();
    for out in [out, ".."] {
        site.run(&["build", ".", "--out", out]).assert_code(2).assert_stderr_has("it holds the site folder");
    }
    assert_eq!(settled_files(parent.path()), before);
}

/// The GitHub Pages layout: the site goes to `docs/`, which also holds the team's records.
#[test]
fn building_into_a_folder_baton_did_not_make_is_refused_and_deletes_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    let docs = parent.path().join("docs");
    std::fs::create_dir_all(docs.join("adr")).unwrap();
    std::fs::write(docs.join("adr/0001-use-postgres.md"), "# Use Postgres\n").unwrap();
    let before = files_under(parent.path());
    let run = site.run(&["build", ".", "--out", docs.to_str().unwrap()]);
    run.assert_code(2)
        .assert_stderr_has(&format!("refusing to build into {}", docs.display()))
        .assert_stderr_has("the folder is not empty and baton did not build it (it has no .baton-site file)");
    assert_eq!(settled_files(parent.path()), before);
    // Not even the fast path of an earlier identical build answers for it.
    site.run(&["build", ".", "--out", "out"]).assert_ok();
    site.run(&["build", ".", "--out", docs.to_str().unwrap()]).assert_code(2);
}

#[test]
fn building_into_an_input_folder_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    let before = files_under(site.path());
    for out in ["static/site", "content/public"] {
        site.run(&["build", ".", "--out", out]).assert_code(2).assert_stderr_has("which the next build would read");
    }
    assert_eq!(settled_files(site.path()), before);
}

#[test]
fn an_empty_folder_is_accepted_and_then_carries_baton_s_mark() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    let out = parent.path().join("www");
    std::fs::create_dir(&out).unwrap();
    site.run(&["build", ".", "--out", out.to_str().unwrap()]).assert_ok();
    assert!(out.join("handoffs/a/index.html").is_file());
    let mark = std::fs::read_to_string(out.join(".baton-site")).unwrap();
    assert!(mark.contains("built by baton"), "{mark}");
}

#[test]
fn a_previous_output_is_replaced() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    site.build().assert_ok();
    let site = site.handoff("a", &fm("A", "ana", ""), "second version\n");
    site.build().assert_ok();
    assert!(site.page("handoffs/a/").contains("second version"));
    // And through another spelling of the same folder.
    let site = site.handoff("a", &fm("A", "ana", ""), "third version\n");
    site.run(&["build", ".", "--out", "content/../public"]).assert_ok();
    assert!(site.page("handoffs/a/").contains("third version"));
}

/// An output an earlier baton built has no mark; the site's build record, describing it exactly,
/// shows it is baton's.
#[test]
fn an_output_described_by_an_earlier_build_record_is_accepted() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    let out = site.public();
    std::fs::create_dir_all(out.join("handoffs/a")).unwrap();
    std::fs::write(out.join("index.html"), "an old home page").unwrap();
    std::fs::write(out.join("handoffs/a/index.html"), "an old page").unwrap();
    let record = baton_kb::build_cache::Record {
        format: baton_kb::build_cache::FORMAT,
        baton: "0.1.0 12345:678".into(),
        inputs: "0".repeat(64),
        output: baton_kb::build_cache::listing(&out).unwrap(),
        report: String::new(),
        summary: baton_kb::build_cache::Summary::default(),
    };
    baton_kb::build_cache::write(site.path(), &record).unwrap();
    site.build().assert_ok();
    assert!(site.page("handoffs/a/").contains("body"));
    assert!(out.join(".baton-site").is_file());

    // A record that no longer describes the folder (a file added since) proves nothing.
    let other = Site::new_in(parent.path()).handoff("b", &fm("B", "ana", ""), "");
    std::fs::create_dir_all(other.public()).unwrap();
    std::fs::write(other.public().join("index.html"), "old").unwrap();
    let record =
        baton_kb::build_cache::Record { output: baton_kb::build_cache::listing(&other.public()).unwrap(), ..record };
    baton_kb::build_cache::write(other.path(), &record).unwrap();
    std::fs::write(other.public().join("mine.txt"), "added by hand").unwrap();
    other.build().assert_code(2).assert_stderr_has("baton did not build it");
    assert!(other.public().join("mine.txt").is_file());
}

/// An unpinned build keeps no record, so an earlier baton's output is known by its files.
#[test]
fn an_output_an_earlier_baton_built_without_a_record_is_accepted() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    site.build().assert_ok();
    std::fs::remove_file(site.public().join(".baton-site")).unwrap();
    std::fs::remove_dir_all(site.path().join(".baton")).unwrap();
    let site = site.handoff("a", &fm("A", "ana", ""), "rebuilt\n");
    site.build().assert_ok();
    assert!(site.page("handoffs/a/").contains("rebuilt"));
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git")
}

/// The previous site waits for deletion in `.baton/`, which git ignores whatever the repository's
/// own `.gitignore` says: `git add -A` right after a build never meets a half-deleted folder.
#[test]
fn after_a_rebuild_in_a_git_repository_git_add_succeeds_and_sees_no_old_site() {
    let parent = tempfile::tempdir().unwrap();
    let site = site_in(parent.path());
    assert!(git(site.path(), &["init", "-q"]).status.success());
    site.build().assert_ok();
    let site = site.handoff("a", &fm("A", "ana", ""), "second version\n");
    site.build().assert_ok();
    let mut beside: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    beside.sort();
    assert_eq!(beside, [".baton", ".git"], "no previous site beside the output");
    let add = git(site.path(), &["add", "-A"]);
    assert!(add.status.success(), "git add -A failed: {}", String::from_utf8_lossy(&add.stderr));
    let listed = String::from_utf8_lossy(&git(site.path(), &["ls-files"]).stdout).into_owned();
    assert!(listed.lines().any(|l| l == "public/handoffs/a/index.html"), "{listed}");
    assert!(!listed.lines().any(|l| l.starts_with(".baton/") || l.starts_with(".public")), "{listed}");
}

/// `baton COMMAND` run in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> crate::harness::Run {
    let output = baton().args(args).current_dir(dir).env("BATON_TODAY", "2026-11-20").output().expect("run baton");
    crate::harness::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn commands_refuse_a_folder_that_is_not_a_site_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let stray = dir.path().join("notes.txt");
    std::fs::write(&stray, "not a site").unwrap();
    let shown = std::path::absolute(dir.path()).unwrap();
    let commands: [&[&str]; 9] = [
        &["new", "Outside"],
        &["check"],
        &["check", "--format", "json"],
        &["build"],
        &["graph"],
        &["export"],
        &["digest"],
        &["search", "ledger"],
        &["wrap", "--summary", "quiet", "--no-edit"],
    ];
    for args in commands {
        run_in(dir.path(), args)
            .assert_code(2)
            .assert_stderr_has(&format!("{} is not a baton site", shown.display()))
            .assert_stderr_has("`baton init .`");
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let site_arg = dir.path().to_str().unwrap();
    run_in(elsewhere.path(), &["check", site_arg]).assert_code(2).assert_stderr_has("is not a baton site");
    run_in(elsewhere.path(), &["new", "Outside", "--site", site_arg]).assert_code(2);
    run_in(elsewhere.path(), &["check", "no-such-folder"])
        .assert_code(2)
        .assert_stderr_has("no-such-folder does not exist");
    assert_eq!(files_under(dir.path()), vec![("notes.txt".to_string(), b"not a site".to_vec())], "nothing written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no folder created either");
}

#[test]
fn serve_refuses_a_folder_that_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = baton()
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let exited = child.try_wait().unwrap();
    if exited.is_none() {
        child.kill().ok();
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(exited.and_then(|s| s.code()), Some(2), "serve kept running on a folder that is not a site");
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a baton site"));
}

#[test]
fn a_folder_with_content_but_no_settings_is_a_site() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    run_in(dir.path(), &["new", "Inside", "--owner", "ana"]).assert_ok();
    assert!(dir.path().join("content/inside.md").is_file());
    run_in(dir.path(), &["check"]).assert_code(0);
}
