//! Decision folders as a whole: `/decisions/` groups records by folder under the folder's
//! README, files kept beside records (images) are published, records link to their source and
//! to repository files through `repo_url`, an undated record takes its first commit's date, and
//! `baton new --decision` continues a folder in its own shape. The records here are written for
//! these tests in each tool's form.

use crate::harness::Site;

const FIRST: &str = "# 1. Record architecture decisions\n\nDate: 2019-01-07\n\n## Status\n\nAccepted\n\n## Context\n\nWe forget why.\n\n## Decision\n\nWe keep records.\n\n## Consequences\n\nFewer decisions are reopened.\n";

const SECOND: &str = "# 2. Draw the request flow\n\nDate: 2019-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nThe flow is hard to explain.\n\n![The request flow](img/flow.png) ![again](./img/flow.png?raw=true)\n\nSee [the entry point](../../src/main.rs) and [the runbook](../runbook.md).\n\n## Decision\n\nWe keep a diagram beside the record.\n\n## Consequences\n\nThe diagram ages with the code, because it is reviewed with it.\n";

const TENTH: &str =
    "# 10. Keep ten records\n\nDate: 2018-12-01\n\n## Status\n\nProposed\n\n## Context\n\nNumbers sort as numbers.\n";

const MADR: &str = "# Queue payouts\n\n- Status: accepted\n- Date: 2021-06-30\n\n## Context and Problem Statement\n\nPayouts fail.\n\n## Decision Outcome\n\nChosen option: \"Queue\", because retries are audited.\n";

/// Image bytes that are not text, so a copy that changed them would show.
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe];

/// A repository with `docs/adr` (adr-tools, with a README and an image), `billing/adr` (MADR 2)
/// and the site in a folder beside them, with one decision written for baton.
fn repository(settings: &str) -> (tempfile::TempDir, Site) {
    let repo = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, bytes: &[u8]| {
        let full = repo.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    };
    write("docs/adr/0001-record-architecture-decisions.md", FIRST.as_bytes());
    write("docs/adr/0002-draw-the-request-flow.md", SECOND.as_bytes());
    write("docs/adr/0010-keep-ten-records.md", TENTH.as_bytes());
    write("docs/adr/README.md", b"# Platform decisions\n\nWhy the platform is the way it is. Start with [the first](0001-record-architecture-decisions.md).\n");
    write("docs/adr/img/flow.png", PNG);
    write("docs/adr/.adr-dir", b"docs/adr\n");
    write("billing/adr/0001-queue-payouts.md", MADR.as_bytes());
    let site = Site::new_in(repo.path())
        .write(
            "baton.yaml",
            &format!(
                "title: KB\ndecision_dirs:\n  - ../docs/adr\n  - {{path: ../billing/adr, prefix: billing, team: Payments}}\n{settings}"
            ),
        )
        .write(
            "content/decisions/use-one-queue.md",
            "---\nkind: decision\ntitle: Use one queue\nstatus: accepted\ndate: 2026-10-01\nby: [ana]\n---\n\n## Context\n\nX.\n\n## Decision\n\nY.\n\n## Rationale\n\nZ.\n",
        )
        .write("people.yaml", "ana:\n  name: Ana Lima\n");
    (repo, site)
}

#[test]
fn decisions_are_grouped_by_folder_under_its_readme_and_sorted_by_number() {
    let (_repo, site) = repository("");
    site.build().assert_ok();
    let index = site.page("decisions/");
    let at = |needle: &str| index.find(needle).unwrap_or_else(|| panic!("no {needle:?} in:\n{index}"));
    // Decisions written for baton keep their place in the months, before the folders.
    assert!(at("October 2026") < at("id=\"folder-docs-adr\""), "{index}");
    assert!(at("Use one queue") < at("id=\"folder-docs-adr\""), "{index}");
    assert!(
        index.contains("id=\"folder-docs-adr\">Platform decisions</h2>"),
        "the README's H1 heads the group:\n{index}"
    );
    assert!(at("Why the platform is the way it is") > at("id=\"folder-docs-adr\""), "{index}");
    // The README's own links resolve from /decisions/.
    assert!(index.contains("href=\"../decisions/0001-record-architecture-decisions/\">the first</a>"), "{index}");
    // By number, not by date or file name: 1, 2, 10 (record 10 is the oldest).
    let (one, two, ten) =
        (at(">Record architecture decisions<"), at(">Draw the request flow<"), at(">Keep ten records<"));
    assert!(one < two && two < ten, "{index}");
    assert!(
        index.contains("id=\"folder-billing\">../billing/adr</h2>"),
        "a folder without README is named by its path:\n{index}"
    );
    assert!(at("id=\"folder-billing\"") > ten && index.contains("Payments"), "{index}");
    assert_eq!(index.matches(">Keep ten records<").count(), 1, "a record is listed once, in its folder:\n{index}");
}

#[test]
fn images_beside_records_are_published_and_a_missing_one_is_a_warning_at_its_line() {
    let (_repo, site) = repository("");
    let run = site.build();
    run.assert_ok();
    let copied = std::fs::read(site.public().join("decisions/files/docs-adr/img/flow.png")).expect("image published");
    assert_eq!(copied, PNG);
    assert!(!site.public().join("decisions/files/docs-adr/.adr-dir").exists(), "hidden files stay home");
    let page = site.page("decisions/0002-draw-the-request-flow/");
    assert!(page.contains("src=\"../../decisions/files/docs-adr/img/flow.png\""), "{page}");
    assert_eq!(page.matches("src=\"../../decisions/files/docs-adr/img/flow.png\"").count(), 2, "{page}");
    let site = site.write(
        "../docs/adr/0003-lost-diagram.md",
        "# 3. Lost diagram\n\nDate: 2019-04-01\n\n## Status\n\nAccepted\n\n## Context\n\n![gone](img/gone.png)\n",
    );
    let run = site.build();
    run.assert_ok()
        .assert_stderr_has("warning[broken-link]")
        .assert_stderr_has("../docs/adr/0003-lost-diagram.md:11")
        .assert_stderr_has("`img/gone.png`: ../docs/adr has no such file");
}

#[test]
fn without_repo_url_links_to_repository_files_are_text_with_a_warning() {
    let (_repo, site) = repository("");
    let run = site.build();
    run.assert_ok()
        .assert_stderr_has("../docs/adr/0002-draw-the-request-flow.md:15")
        .assert_stderr_has("`../../src/main.rs`, a file outside the decision folder ../docs/adr: set `repo_url`");
    let page = site.page("decisions/0002-draw-the-request-flow/");
    assert!(page.contains("<span class=\"broken-link\">the entry point</span>"), "{page}");
    assert!(!page.contains("View source"), "{page}");
}

#[test]
fn repo_url_links_each_record_to_its_source_and_its_links_to_the_repository() {
    let (_repo, site) = repository("repo_url: https://git.example.com/acme/shop/blob/main/kb\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("repo_url"), "{}", run.stderr);
    let page = site.page("decisions/0002-draw-the-request-flow/");
    let host = "https://git.example.com/acme/shop/blob/main";
    assert!(
        page.contains(&format!("href=\"{host}/docs/adr/0002-draw-the-request-flow.md\">View source</a>")),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"{host}/src/main.rs\">the entry point</a>")), "{page}");
    assert!(page.contains(&format!("href=\"{host}/docs/runbook.md\">the runbook</a>")), "{page}");
    let billing = site.page("decisions/billing-0001-queue-payouts/");
    assert!(
        billing.contains(&format!("href=\"{host}/billing/adr/0001-queue-payouts.md\">View source</a>")),
        "{billing}"
    );
    let run = site.write("baton.yaml", "title: KB\nrepo_url: git.example.com/acme\n").build();
    run.assert_code(1).assert_stderr_has("error[bad-setting]").assert_stderr_has("repo_url");
}

#[test]
fn a_record_without_a_date_takes_the_day_its_file_was_first_committed() {
    let (repo_dir, site) = repository("");
    let undated = "# 4. Undated\n\n## Status\n\nAccepted\n\n## Context\n\nNobody wrote the day down.\n\n## Consequences\n\nGit dates it, because the file says nothing.\n";
    let site = site.write("../docs/adr/0004-undated.md", undated);
    // Without git there is no date to take, and nothing to report.
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("0004-undated"), "{}", run.stderr);
    assert!(!site.page("decisions/0004-undated/").contains("date from git"));
    let repo = crate::git_repo::init(repo_dir.path());
    let who = ("Ana Lima", "ana@example.com");
    let files = |text: &str| {
        vec![
            ("docs/adr/0004-undated.md", text.to_string()),
            ("docs/adr/0001-record-architecture-decisions.md", FIRST.to_string()),
        ]
    };
    let first = crate::git_repo::commit(&repo, &files(undated), who, "2024-03-05T10:00:00Z", None);
    crate::git_repo::commit(&repo, &files(&format!("{undated}\nEdited.\n")), who, "2025-01-09T10:00:00Z", Some(first));
    site.build().assert_ok();
    let page = site.page("decisions/0004-undated/");
    assert!(page.contains("<time>2024-03-05</time> <span class=\"date-source\""), "{page}");
    assert!(page.contains("(date from git)"), "{page}");
    let dated = site.page("decisions/0001-record-architecture-decisions/");
    assert!(dated.contains("2019-01-07") && !dated.contains("date from git"), "a written date wins:\n{dated}");
}

#[test]
fn baton_new_decision_continues_a_folder_in_its_own_shape() {
    let (repo, site) = repository("");
    site.run(&["new", "--decision", "Use a queue"]).assert_ok();
    let written = std::fs::read_to_string(repo.path().join("docs/adr/0011-use-a-queue.md")).expect("next record");
    assert!(written.starts_with("# 11. Use a queue\n\nDate: 2026-11-20\n\n## Status\n\nProposed\n"), "{written}");
    site.run(&["new", "--decision", "--dir", "../billing/adr", "Retry payouts"]).assert_ok();
    let madr = std::fs::read_to_string(repo.path().join("billing/adr/0002-retry-payouts.md")).expect("MADR record");
    assert!(madr.starts_with("# Retry payouts\n\n- Status: proposed\n"), "{madr}");
    let run = site.build();
    run.assert_ok();
    assert!(site.page("decisions/0011-use-a-queue/").contains("ADR 11</span> Use a queue"));
    assert!(site.page("decisions/billing-0002-retry-payouts/").contains("Retry payouts"));
    let run = site.run(&["new", "--decision", "--dir", "../nowhere", "X"]);
    run.assert_code(2).assert_stderr_has("nowhere is not a folder");
}

#[test]
fn baton_new_decision_numbers_after_the_highest_file_and_leaves_it_alone() {
    let (repo, site) = repository("");
    // A file already named like the next record: the number is taken, so nothing is written.
    std::fs::write(repo.path().join("docs/adr/0011-use-a-queue.md"), "mine\n").expect("write");
    let run = site.run(&["new", "--decision", "Use a queue"]);
    run.assert_ok();
    let kept = std::fs::read_to_string(repo.path().join("docs/adr/0011-use-a-queue.md")).expect("kept");
    assert_eq!(kept, "mine\n");
    assert!(repo.path().join("docs/adr/0012-use-a-queue.md").exists(), "{}", run.stdout);
}
