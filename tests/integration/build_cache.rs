//! The no-change rebuild: a second `baton build` on the same inputs keeps the output it wrote,
//! and every input it depends on (content, settings, people, theme, static files, options,
//! "today", the baton binary, the output itself) makes it build again.

use crate::harness::{Run, Site, baton, fm};
use std::path::Path;
use std::time::SystemTime;

const KEPT: &str = "nothing changed since the last build; output kept";

/// A site whose build prints a warning (a stale handoff), so the kept report is checked too.
fn site() -> Site {
    Site::new()
        .write("baton.yaml", "title: Test Base\nreadiness:\n  in-progress: []\n")
        .write("people.yaml", "ana: {name: Ana, team: Payments}\n")
        .handoff("ledger", &fm("Ledger", "ana", "status: in-progress\nupdated: 2026-10-01\n"), "Body text.\n")
        .handoff("payout", &fm("Payout", "ana", "status: draft\n"), "Another.\n")
}

/// Every output file's bytes and modification time.
fn snapshot(site: &Site) -> Vec<(String, Vec<u8>, SystemTime)> {
    crate::harness::files_under(&site.public())
        .into_iter()
        .map(|(path, bytes)| {
            let modified = std::fs::metadata(site.public().join(&path)).unwrap().modified().unwrap();
            (path, bytes, modified)
        })
        .collect()
}

fn kept(run: &Run) -> bool {
    run.stdout.contains(KEPT)
}

fn edit(site: &Site, path: &str, text: &str) {
    let full = site.path().join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

#[test]
fn a_second_build_keeps_the_output_and_prints_the_same_report() {
    let site = site();
    let first = site.build();
    first.assert_ok().assert_stderr_has("warning[stale]");
    assert!(!kept(&first), "{}", first.stdout);
    let before = snapshot(&site);
    let second = site.build();
    second.assert_ok();
    assert!(kept(&second), "{}", second.stdout);
    assert_eq!(second.stderr, first.stderr, "the same warnings, with their source lines");
    assert!(second.stdout.contains("(1 warning(s))"), "{}", second.stdout);
    assert_eq!(snapshot(&site), before, "no file was rewritten");
}

#[test]
fn each_input_makes_the_next_build_run() {
    let site = site();
    site.build().assert_ok();
    type Change = fn(&Site);
    let changes: [(&str, Change); 7] = [
        ("a body", |s| {
            edit(
                s,
                "content/ledger.md",
                &format!("---\n{}---\nNew body.\n", fm("Ledger", "ana", "status: in-progress\nupdated: 2026-10-01\n")),
            )
        }),
        ("a new file", |s| {
            edit(s, "content/more/new.md", &format!("---\n{}---\n", fm("New", "ana", "status: draft\n")))
        }),
        ("baton.yaml", |s| edit(s, "baton.yaml", "title: Renamed Base\nreadiness:\n  in-progress: []\n")),
        ("people.yaml", |s| edit(s, "people.yaml", "ana: {name: Ana Lima, team: Payments}\n")),
        ("a template", |s| {
            edit(
                s,
                "themes/default/templates/404.html",
                "{% extends \"base.html\" %}{% block content %}Gone.{% endblock content %}",
            )
        }),
        ("a static file", |s| edit(s, "static/logo.svg", "<svg/>")),
        ("a deleted file", |s| std::fs::remove_file(s.path().join("content/more/new.md")).unwrap()),
    ];
    for (what, change) in changes {
        change(&site);
        let run = site.build();
        run.assert_ok();
        assert!(!kept(&run), "after {what}: {}", run.stdout);
        assert!(kept(site.build().assert_ok()), "after {what}, unchanged again");
    }
    assert!(site.page("").contains("Renamed Base"));
    assert_eq!(std::fs::read_to_string(site.public().join("logo.svg")).unwrap(), "<svg/>");
}

#[test]
fn options_and_today_are_part_of_the_key() {
    let site = site();
    site.build().assert_ok();
    let other_day = site.run(&["build", ".", "--today", "2026-11-21"]);
    assert!(!kept(other_day.assert_ok()));
    let back = site.build();
    assert!(!kept(back.assert_ok()), "back to the first day: the record now describes the 21st");
    let url = site.run(&["build", ".", "--base-url", "https://kb.example/"]);
    assert!(!kept(url.assert_ok()));
    let elsewhere = site.path().join("elsewhere");
    let out = site.run(&["build", ".", "--out", elsewhere.to_str().unwrap()]);
    assert!(!kept(out.assert_ok()));
}

#[test]
fn an_unpinned_build_is_never_kept_and_drops_the_record() {
    let site = site();
    site.build().assert_ok();
    assert!(site.path().join(".baton/build.json").exists());
    let unpinned = |site: &Site| {
        let output = baton().args(["build", "."]).current_dir(site.path()).env_remove("BATON_TODAY").output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(!unpinned(&site).contains(KEPT));
    assert!(!site.path().join(".baton/build.json").exists(), "the output no longer matches any record");
    assert!(!unpinned(&site).contains(KEPT), "the clock moved; pages say how long things waited");
    assert!(!kept(site.build().assert_ok()));
}

#[test]
fn a_touched_or_missing_output_is_built_again() {
    let site = site();
    site.build().assert_ok();
    let page = site.public().join("handoffs/ledger/index.html");
    let good = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"vandalised").unwrap();
    assert!(!kept(site.build().assert_ok()));
    assert_eq!(std::fs::read(&page).unwrap(), good, "restored");
    std::fs::remove_dir_all(site.public()).unwrap();
    assert!(!kept(site.build().assert_ok()));
    assert_eq!(std::fs::read(&page).unwrap(), good);
}

#[test]
fn a_record_from_another_baton_is_not_trusted() {
    let site = site();
    site.build().assert_ok();
    let record_path = site.path().join(".baton/build.json");
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(&record_path).unwrap()).unwrap();
    assert!(record["baton"].as_str().unwrap().starts_with(env!("CARGO_PKG_VERSION")));
    let mut older = record.clone();
    older["baton"] = "0.0.1 1234:5678".into();
    std::fs::write(&record_path, serde_json::to_vec(&older).unwrap()).unwrap();
    assert!(!kept(site.build().assert_ok()), "another binary wrote that record");
    assert!(kept(site.build().assert_ok()), "and this one replaced it");
    std::fs::write(&record_path, b"{ not json").unwrap();
    assert!(!kept(site.build().assert_ok()), "a broken record is ignored");
}

#[test]
fn a_failed_build_leaves_the_record_of_the_output_it_kept() {
    let site = site();
    site.build().assert_ok();
    let before = snapshot(&site);
    edit(&site, "content/ledger.md", "---\ntitle: [unclosed\n---\n");
    site.build().assert_code(1);
    assert_eq!(snapshot(&site), before, "the old site stays");
    edit(
        &site,
        "content/ledger.md",
        &format!("---\n{}---\nBody text.\n", fm("Ledger", "ana", "status: in-progress\nupdated: 2026-10-01\n")),
    );
    assert!(kept(site.build().assert_ok()), "the same inputs as the kept site again");
    assert!(Path::new(&site.public()).is_dir());
}

#[test]
fn timings_name_every_phase_with_its_peak_memory() {
    let site = site();
    let run = site.run(&["build", ".", "--timings"]);
    run.assert_ok();
    assert!(run.stderr.contains("peak RSS MiB"), "{}", run.stderr);
    for phase in
        ["fingerprint", "read", "parse", "link", "markdown", "check", "render", "search index", "search write", "write"]
    {
        let line = run.stderr.lines().find(|l| l.starts_with(phase)).unwrap_or_else(|| panic!("no {phase}"));
        let peak = line.split_whitespace().last().unwrap();
        if cfg!(target_os = "linux") {
            assert!(peak.parse::<u64>().is_ok_and(|mib| mib > 0), "{line}");
        }
    }
    let kept = site.run(&["build", ".", "--timings"]);
    assert!(kept.stdout.contains(KEPT) && kept.stderr.contains("verify output"), "{}", kept.stderr);
}
