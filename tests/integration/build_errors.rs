//! `baton build` on broken sites: every problem reported at once, at its file and line, and the
//! previous output left exactly as it was.

use crate::harness::{Site, fm};

#[test]
fn bad_field_is_reported_at_its_file_line_and_column() {
    let site = Site::new().handoff("a", &fm("A", "ana", "due: next friday\n"), "");
    let run = site.build();
    run.assert_code(1)
        .assert_stderr_has("error[bad-date]: `next friday` is not a date")
        .assert_stderr_has("--> content/a.md:4:6");
    run.assert_stderr_has("\n4 | due: next friday").assert_stderr_has("  = field: due");
}

#[test]
fn broken_yaml_is_reported_with_position() {
    let site = Site::new().handoff("broken", "title: [unclosed\nowner: ana\n", "");
    site.build()
        .assert_code(1)
        .assert_stderr_has("error[yaml]: invalid frontmatter")
        .assert_stderr_has("--> content/broken.md:2:");
}

#[test]
fn duplicate_id_names_both_files() {
    let site =
        Site::new().handoff("a", &fm("A", "ana", "id: same\n"), "").handoff("b", &fm("B", "ana", "id: same\n"), "");
    site.build()
        .assert_code(1)
        .assert_stderr_has("error[duplicate-id]: duplicate id `same`: already used by content/a.md")
        .assert_stderr_has("--> content/b.md");
}

#[test]
fn missing_dependency_suggests_the_nearest_id() {
    let site = Site::new().handoff("ledger-export", &fm("A", "ana", ""), "").handoff(
        "b",
        &fm("B", "ana", "depends_on:\n  - ledger-exprot\n"),
        "",
    );
    let run = site.build();
    run.assert_code(1)
        .assert_stderr_has("error[unknown-id]: `depends_on` names `ledger-exprot`, but no handoff has that id");
    run.assert_stderr_has("--> content/b.md:5:5").assert_stderr_has("hint: did you mean `ledger-export`?");
}

#[test]
fn broken_body_link_names_file_and_line() {
    let site = Site::new().handoff("a", &fm("A", "ana", ""), "fine\n\nsee [[nope]]\n");
    site.build().assert_code(1).assert_stderr_has("error[broken-link]").assert_stderr_has("--> content/a.md:7:5");
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let site = Site::new()
        .handoff("a", "owner: ana\n", "")
        .handoff("b", &fm("B", "Not A Handle", "status: in-progres\n"), "")
        .handoff("c", &fm("C", "ana", "review_within: soon\n"), "")
        .write("content/d.md", "no frontmatter here\n");
    let run = site.build();
    run.assert_code(1);
    for rule in ["missing-field", "bad-handle", "bad-value", "bad-duration", "no-frontmatter"] {
        run.assert_stderr_has(&format!("error[{rule}]"));
    }
    run.assert_stderr_has("did you mean `in-progress`?").assert_stderr_has("5 error(s)");
}

#[test]
fn unknown_fields_warn_but_build() {
    let site = Site::new().handoff("a", &fm("A", "ana", "reviwer: kofi\n"), "");
    let run = site.build();
    run.assert_ok()
        .assert_stderr_has("warning[unknown-field]: unknown field `reviwer`")
        .assert_stderr_has("did you mean `reviewer`?");
}

#[test]
fn unknown_setting_is_an_error_with_a_suggestion() {
    let site = Site::new().write("baton.yaml", "title: X\nstale_afer: 3d\n");
    site.build()
        .assert_code(1)
        .assert_stderr_has("unknown setting `stale_afer`")
        .assert_stderr_has("did you mean `stale_after`?");
}

#[test]
fn failed_build_leaves_previous_output_byte_identical() {
    let site = Site::new().handoff("a", &fm("A", "ana", ""), "first\n");
    site.build().assert_ok();
    let before = site.output_files();
    let site = site.handoff("a", &fm("A", "ana", "due: someday\n"), "second\n");
    site.build().assert_code(1).assert_stderr_has("was left unchanged");
    assert_eq!(before, site.output_files());
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // `.baton/` holds the record of the good build (see build_cache.rs), not a staging folder.
        .filter(|n| n.starts_with('.') && n != ".baton")
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left: {leftovers:?}");
}

#[test]
fn missing_site_folder_is_an_io_error() {
    let site = Site::new();
    site.run(&["build", "does-not-exist"]).assert_code(2).assert_stderr_has("does not exist");
}
