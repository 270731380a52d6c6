//! `baton init` and `baton new`.

use crate::harness::Site;

#[test]
fn init_creates_a_site_that_builds() {
    let site = Site::new();
    std::fs::remove_file(site.path().join("baton.yaml")).unwrap();
    site.run(&["init", "."]).assert_ok();
    for file in ["baton.yaml", "people.yaml", "content/welcome.md", ".gitignore"] {
        assert!(site.path().join(file).exists(), "{file}");
    }
    site.build().assert_ok();
}

#[test]
fn init_refuses_to_overwrite() {
    let site = Site::new();
    site.run(&["init", "."]).assert_code(2).assert_stderr_has("refusing to overwrite");
    assert_eq!(std::fs::read_to_string(site.path().join("baton.yaml")).unwrap(), "title: Test Base\n");
}

#[test]
fn new_writes_a_template_that_builds_and_refuses_to_overwrite() {
    let site = Site::new();
    site.run(&["new", "Ledger Export", "--owner", "ana"]).assert_ok();
    let text = std::fs::read_to_string(site.path().join("content/ledger-export.md")).unwrap();
    assert!(text.contains("created: 2026-11-20") && text.contains("owner: ana"));
    for field in
        ["intent:", "deliverables:", "acceptance:", "risks:", "depends_on:", "questions:", "history:", "decisions:"]
    {
        assert!(text.contains(field), "template lacks {field}");
    }
    site.run(&["new", "Ledger Export", "--owner", "ana"]).assert_code(2).assert_stderr_has("refusing to overwrite");
    site.run(&["new", "Use Postgres", "--decision", "--owner", "ana"]).assert_ok();
    assert!(site.path().join("content/decisions/use-postgres.md").exists());
    site.build().assert_ok();
    assert!(site.page("decisions/use-postgres/").contains("Use Postgres"));
}
