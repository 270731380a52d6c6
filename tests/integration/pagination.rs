//! Long lists come a page at a time: `/handoffs/` and `/status/STATUS/` cut by `page_size`.

use crate::harness::{Site, fm};

/// A base of `n` handoffs titled `Row 01`…, the first `in_progress` in progress, the rest drafts.
fn base(n: usize, in_progress: usize, page_size: Option<usize>) -> Site {
    let size = page_size.map(|s| format!("page_size: {s}\n")).unwrap_or_default();
    let config = format!("title: Test Base\n{size}readiness:\n  in-progress: []\n");
    let mut site = Site::new().write("baton.yaml", &config);
    for i in 1..=n {
        let status = if i <= in_progress { "status: in-progress\n" } else { "" };
        site = site.handoff(&format!("h-{i:02}"), &fm(&format!("Row {i:02}"), "ana", status), "");
    }
    site
}

/// The row titles on a page, in order.
fn rows(html: &str) -> Vec<&str> {
    html.split(">Row ").skip(1).map(|rest| &rest[..2]).collect()
}

#[test]
fn long_lists_are_cut_into_pages_linked_both_ways() {
    let site = base(12, 5, Some(5));
    site.build().assert_ok();
    let first = site.page("handoffs/");
    assert_eq!(rows(&first), ["01", "02", "03", "04", "05"]);
    assert!(first.contains("12 handoffs · showing 1–5"), "{first}");
    assert!(first.contains(r#"<nav class="pager" aria-label="Pages of all handoffs">"#), "{first}");
    assert!(first.contains("Page 1 of 3"), "{first}");
    assert!(first.contains(r#"<a rel="next" href="../handoffs/page/2/">"#), "{first}");
    assert!(!first.contains(r#"rel="prev""#), "the first page has no previous page");

    let second = site.page("handoffs/page/2/");
    assert_eq!(rows(&second), ["06", "07", "08", "09", "10"]);
    assert!(second.contains("Page 2 of 3") && second.contains("showing 6–10"), "{second}");
    assert!(second.contains(r#"<a rel="prev" href="../../../handoffs/">"#), "{second}");
    assert!(second.contains(r#"<a rel="next" href="../../../handoffs/page/3/">"#), "{second}");
    assert!(second.contains("<title>All handoffs (page 2 of 3)"), "each page has its own title");

    let last = site.page("handoffs/page/3/");
    assert_eq!(rows(&last), ["11", "12"]);
    assert!(last.contains("Page 3 of 3") && !last.contains(r#"rel="next""#), "{last}");
    assert!(!site.public().join("handoffs/page/4").exists());
    assert!(!site.public().join("handoffs/page/1").exists(), "page 1 lives at the list's own address");
}

#[test]
fn status_lists_are_paged_on_their_own() {
    let site = base(12, 5, Some(5));
    site.build().assert_ok();
    let drafts = site.page("status/draft/");
    assert_eq!(rows(&drafts), ["06", "07", "08", "09", "10"]);
    assert!(drafts.contains(r#"aria-label="Pages of draft handoffs""#), "{drafts}");
    assert!(drafts.contains(r#"href="../../status/draft/page/2/""#), "{drafts}");
    assert_eq!(rows(&site.page("status/draft/page/2/")), ["11", "12"]);
    let in_progress = site.page("status/in-progress/");
    assert_eq!(rows(&in_progress).len(), 5, "exactly one page full");
    assert!(!in_progress.contains(r#"class="pager""#), "a list that fits one page has no pager");
    assert!(!site.public().join("status/in-progress/page/2").exists());
}

#[test]
fn lists_shorter_than_the_default_page_size_are_one_page() {
    let site = base(12, 5, None);
    site.build().assert_ok();
    let all = site.page("handoffs/");
    assert_eq!(rows(&all).len(), 12);
    assert!(all.contains("12 handoffs") && !all.contains(r#"class="pager""#), "{all}");
    assert!(!site.public().join("handoffs/page").exists());
}

#[test]
fn a_page_size_of_zero_is_a_setting_error() {
    let site = base(2, 0, Some(0));
    site.build().assert_code(1).assert_stderr_has("is not a page size");
}

/// The decision history is cut by `page_size` too: baton's own decisions newest first, then the
/// records of each decision folder, every decision on exactly one page.
#[test]
fn the_decision_history_is_cut_into_pages_with_every_decision_once() {
    let decisions: String = (1..=5)
        .map(|i| format!("  - id: d-{i}\n    title: Choice {i}\n    date: 2026-0{i}-10\n    status: proposed\n"))
        .collect();
    let site = Site::new()
        .write("baton.yaml", "title: Test Base\npage_size: 2\nreadiness:\n  in-progress: []\ndecision_dirs: [docs/adr]\n")
        .handoff("h", &fm("Work", "ana", &format!("decisions:\n{decisions}")), "")
        .write("docs/adr/0001-first-record.md", "# 1. First record\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nA.\n\n## Decision\n\nB.\n\n## Consequences\n\nC.\n")
        .write("docs/adr/0002-second-record.md", "# 2. Second record\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nA.\n\n## Decision\n\nB.\n\n## Consequences\n\nC.\n");
    site.build().assert_ok();
    let choices =
        |html: &str| -> Vec<String> { html.split(">Choice ").skip(1).map(|rest| rest[..1].to_string()).collect() };
    let first = site.page("decisions/");
    assert_eq!(choices(&first), ["5", "4"], "newest first");
    assert!(
        first.contains("Page 1 of 4") && first.contains(r#"<a rel="next" href="../decisions/page/2/">"#),
        "{first}"
    );
    assert_eq!(choices(&site.page("decisions/page/2/")), ["3", "2"]);
    let third = site.page("decisions/page/3/");
    assert_eq!(choices(&third), ["1"]);
    assert!(third.contains("First record") && !third.contains("Second record"), "records follow, in order:\n{third}");
    let fourth = site.page("decisions/page/4/");
    assert!(fourth.contains("Second record") && choices(&fourth).is_empty(), "{fourth}");
    assert!(!site.public().join("decisions/page/5").exists());
    // The folder navigation on every page leads to where the folder's records start.
    assert!(fourth.contains(r#"href="../../../decisions/page/3/#folder-"#), "{fourth}");
    assert!(fourth.contains(r#"href="../../../decisions/feed.xml""#), "the feed link works from a later page");
    site.run(&["check", "."]).assert_ok();
}

/// A team of 8 handoffs (`Row 01`…, `Row 08` the newest) all tagged `ledger`, and 4 decisions
/// (`Choice 1`…, `Choice 4` the newest) tagged `ledger` on a handoff outside both; 3 rows a page.
fn team_base(body: &str) -> Site {
    let decisions: String = (1..=4)
        .map(|i| format!("  - id: d-{i}\n    title: Choice {i}\n    date: 2026-0{i}-10\n    status: proposed\n    tags: [ledger]\n"))
        .collect();
    let mut site = Site::new()
        .write("baton.yaml", "title: Test Base\npage_size: 3\nreadiness:\n  in-progress: []\n")
        .write("people.yaml", "ana: {name: Ana, team: Payments}\n")
        .handoff("notes", &fm("Notes", "ana", &format!("decisions:\n{decisions}")), body);
    for i in 1..=8 {
        let extra = format!("team: Payments\ntags: [ledger]\nupdated: 2026-11-{i:02}\n");
        site = site.handoff(&format!("h-{i:02}"), &fm(&format!("Row {i:02}"), "ana", &extra), "");
    }
    site
}

/// Teams and tags come a page at a time: handoffs and decisions side by side, `page_size` of each
/// a page, every row on exactly one page, people and wraps and the feed on the first.
#[test]
fn team_and_tag_pages_are_cut_into_pages_with_every_row_once() {
    let site = team_base("");
    site.build().assert_ok();
    let choices = |html: &str| -> Vec<String> { html.split(">Choice ").skip(1).map(|r| r[..1].to_string()).collect() };

    let team: Vec<String> = ["teams/payments/", "teams/payments/page/2/", "teams/payments/page/3/"]
        .iter()
        .map(|url| site.page(url))
        .collect();
    let rows_of = |pages: &[String]| -> Vec<Vec<String>> {
        pages.iter().map(|p| rows(p).into_iter().map(String::from).collect()).collect()
    };
    assert_eq!(rows_of(&team), [vec!["08", "07", "06"], vec!["05", "04", "03"], vec!["02", "01"]], "newest first");
    assert!(!site.public().join("teams/payments/page/4").exists());
    assert!(!site.public().join("teams/payments/page/1").exists(), "page 1 lives at the team's own address");
    assert!(team[0].contains(">People</h2>") && !team[1].contains(">People</h2>"), "people on the first page");
    assert!(team[0].contains(r#"href="feed.xml""#) && !team[1].contains(r#"href="feed.xml""#), "{}", team[1]);
    assert!(team[0].contains(r#"<a rel="next" href="../../teams/payments/page/2/">"#), "{}", team[0]);
    assert!(team[1].contains(r#"<a rel="prev" href="../../../../teams/payments/">"#), "{}", team[1]);
    assert!(team[1].contains(r#"<a rel="next" href="../../../../teams/payments/page/3/">"#), "{}", team[1]);
    assert!(team[2].contains("Page 3 of 3") && !team[2].contains(r#"rel="next""#), "{}", team[2]);
    assert!(team[1].contains("Handoffs (continued)</h2>") && team[1].contains("<title>Payments (page 2 of 3)"));

    let tag: Vec<String> =
        ["tags/ledger/", "tags/ledger/page/2/", "tags/ledger/page/3/"].iter().map(|url| site.page(url)).collect();
    assert_eq!(rows_of(&tag), [vec!["08", "07", "06"], vec!["05", "04", "03"], vec!["02", "01"]]);
    let decisions: Vec<Vec<String>> = tag.iter().map(|p| choices(p)).collect();
    assert_eq!(decisions, [vec!["4", "3", "2"], vec!["1"], vec![]], "decisions alongside, ending when they run out");
    assert!(tag[1].contains("Decisions (continued)</h2>") && !tag[2].contains(r#"id="decisions-h""#), "{}", tag[2]);
    assert!(!site.public().join("tags/ledger/page/4").exists());
    site.run(&["check", "."]).assert_ok();
}

/// A link to a later page of a team is checked against the pages the build writes.
#[test]
fn links_to_later_pages_of_a_team_are_checked() {
    let site = team_base("See [page two](/teams/payments/page/2/) and [the last](/tags/ledger/page/3/).\n");
    site.run(&["check", "."]).assert_ok();
    site.build().assert_ok();
    let site = team_base("See [page nine](/teams/payments/page/9/).\n");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("error[broken-link]").assert_stderr_has("page/9/");
    let site = team_base("[feed](/teams/payments/page/2/feed.xml)\n");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("page/2/feed.xml`, but");
}
