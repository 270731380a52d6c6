//! A person's page comes a page at a time: `owners/HANDLE/`, then `owners/HANDLE/page/N/`, their
//! lists side by side, `page_size` rows of each a page.

use crate::harness::{Site, fm};

/// Ana's base, 3 rows a page: she owns `Row 01`…`Row 08` (`Row 08` the newest; the first four
/// blocked on Bob's open `dep`, so they need attention and wait), reviews and handed off
/// `Rev 1`…`Rev 4` (`Rev 4` the newest), took part in `Choice 1`…`Choice 5`, and wrote a wrap.
/// `body` is the text of Bob's `notes`.
fn ana_base(body: &str) -> Site {
    let decisions: String = (1..=5)
        .map(|i| {
            format!(
                "  - id: d-{i}\n    title: Choice {i}\n    date: 2026-0{i}-10\n    status: proposed\n    by: [ana]\n"
            )
        })
        .collect();
    let wrap = "---\nkind: wrap\nauthor: ana\nshift:\n  start: 2026-11-18T09:00:00Z\n  end: 2026-11-18T17:00:00Z\n\
                summary: Quiet shift.\n---\n";
    let mut site = Site::new()
        .write("baton.yaml", "title: Test Base\npage_size: 3\nreadiness:\n  in-progress: []\n  blocked: []\n")
        .write("people.yaml", "ana: {name: Ana, team: Payments}\nbob: {name: Bob, team: Payments}\n")
        .write("content/wraps/2026-11-18-ana.md", wrap)
        .handoff("notes", &fm("Notes", "bob", &format!("decisions:\n{decisions}")), body)
        .handoff("dep", &fm("Dependency", "bob", "status: in-progress\n"), "");
    for i in 1..=8 {
        let blocked = if i <= 4 { "status: blocked\nblocked_reason: waits on dep\ndepends_on: [dep]\n" } else { "" };
        let extra = format!("{blocked}team: Payments\nupdated: 2026-11-{i:02}\n");
        site = site.handoff(&format!("h-{i:02}"), &fm(&format!("Row {i:02}"), "ana", &extra), "");
    }
    for i in 1..=4 {
        let extra = format!("from: ana\nreviewer: ana\nupdated: 2026-10-{i:02}\n");
        site = site.handoff(&format!("r-{i}"), &fm(&format!("Rev {i}"), "bob", &extra), "");
    }
    site
}

/// The section of `html` headed `id` (`owns-h`…), if the page has it.
fn section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!(r#"<section aria-labelledby="{id}">"#))?;
    let rest = &html[start..];
    Some(&rest[..rest.find("</section>")?])
}

/// The rows of the list headed `id` on each page, by the text after `marker` (`>Row `).
fn rows_of(pages: &[String], id: &str, marker: &str, width: usize) -> Vec<Vec<String>> {
    let rows = |html: &str| -> Vec<String> {
        let list = section(html, id).unwrap_or_default();
        list.split(marker).skip(1).map(|rest| rest[..width].to_string()).collect()
    };
    pages.iter().map(|page| rows(page)).collect()
}

/// Every list of a person continues side by side, newest first, each row on exactly one page; the
/// header's details, the feed and the wraps on the first page only.
#[test]
fn a_persons_page_is_cut_into_pages_with_every_row_once() {
    let site = ana_base("");
    site.build().assert_ok();
    let pages: Vec<String> =
        ["owners/ana/", "owners/ana/page/2/", "owners/ana/page/3/"].iter().map(|url| site.page(url)).collect();
    assert!(!site.public().join("owners/ana/page/4").exists(), "as many pages as the longest list needs");
    assert!(!site.public().join("owners/ana/page/1").exists(), "page 1 lives at the person's own address");

    let owns = rows_of(&pages, "owns-h", ">Row ", 2);
    assert_eq!(owns, [vec!["08", "07", "06"], vec!["05", "04", "03"], vec!["02", "01"]], "newest first");
    let reviews = rows_of(&pages, "reviews-h", ">Rev ", 1);
    assert_eq!(reviews, [vec!["4", "3", "2"], vec!["1"], vec![]], "a list ends where it runs out");
    assert_eq!(rows_of(&pages, "handed-h", ">Rev ", 1), reviews);
    let decided = rows_of(&pages, "decided-h", ">Choice ", 1);
    assert_eq!(decided, [vec!["5", "4", "3"], vec!["2", "1"], vec![]]);
    for (id, counts) in [("problems-h", [3, 1, 0]), ("waits-h", [3, 1, 0])] {
        let rows = rows_of(&pages, id, ">Row ", 2);
        assert_eq!(rows.iter().map(Vec::len).collect::<Vec<_>>(), counts, "{id}: {rows:?}");
        let mut all: Vec<String> = rows.concat();
        all.sort();
        assert_eq!(all, ["01", "02", "03", "04"], "{id}: every row once");
    }

    for (id, heading) in [
        ("problems-h", "Needs attention"),
        ("waits-h", "Their work waits on"),
        ("owns-h", "Owns"),
        ("reviews-h", "Reviews"),
        ("handed-h", "Handed off"),
        ("decided-h", "Decisions"),
    ] {
        let continued = format!(r#"<h2 id="{id}">{heading} (continued)</h2>"#);
        assert!(pages[1].contains(&continued), "{continued} in {}", pages[1]);
        assert!(!pages[0].contains(&continued), "{continued}");
    }
    assert!(pages[2].contains(r#"<h2 id="owns-h">Owns (continued)</h2>"#), "{}", pages[2]);
    assert!(!pages[2].contains(r#"id="reviews-h""#) && !pages[2].contains(r#"id="problems-h""#), "{}", pages[2]);
    assert!(pages[0].contains(r#"<h2 id="owns-h">Owns <span class="meta">8 open</span></h2>"#), "{}", pages[0]);

    assert!(pages[0].contains(r#"id="wraps-h""#) && pages[0].contains("Quiet shift."), "{}", pages[0]);
    assert!(!pages[1].contains(r#"id="wraps-h""#) && !pages[1].contains("Quiet shift."), "{}", pages[1]);
    assert!(pages[0].contains(r#"<p class="meta">Payments"#) && !pages[1].contains(r#"<p class="meta">"#));
    assert!(pages[0].contains(r#"href="feed.xml""#) && !pages[1].contains(r#"href="feed.xml""#), "{}", pages[1]);
    assert!(pages[1].contains("<h1>Ana <span class=\"handle\">@ana</span></h1>"), "{}", pages[1]);
    assert!(pages[1].contains("<title>Ana (page 2 of 3)"), "{}", pages[1]);

    assert!(pages[0].contains(r#"<a rel="next" href="../../owners/ana/page/2/">"#), "{}", pages[0]);
    assert!(!pages[0].contains(r#"rel="prev""#), "{}", pages[0]);
    assert!(pages[1].contains(r#"<a rel="prev" href="../../../../owners/ana/">"#), "{}", pages[1]);
    assert!(pages[1].contains(r#"<a rel="next" href="../../../../owners/ana/page/3/">"#), "{}", pages[1]);
    assert!(pages[2].contains("Page 3 of 3") && !pages[2].contains(r#"rel="next""#), "{}", pages[2]);

    let bob = site.page("owners/bob/page/2/");
    assert!(bob.contains("Page 2 of 2") && !site.public().join("owners/bob/page/3").exists(), "Bob owns 6: {bob}");
    assert!(site.page("owners/").contains(r#"href="../owners/ana/""#), "the index links to the first page");
    site.run(&["check", "."]).assert_ok();
}

/// A link to a later page of a person is checked against the pages the build writes, and
/// `static/` may not put files where those pages go.
#[test]
fn links_to_later_pages_of_a_person_are_checked() {
    let site = ana_base("See [the last](/owners/ana/page/3/) and [page two](/owners/ana/page/2/).\n");
    site.run(&["check", "."]).assert_ok();
    site.build().assert_ok();
    let site = ana_base("See [page four](/owners/ana/page/4/).\n");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("error[broken-link]").assert_stderr_has("page/4/");
    let site = ana_base("[feed](/owners/ana/page/2/feed.xml)\n");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("page/2/feed.xml`, but");
    let site = ana_base("").write("static/owners/ana/page/9/notes.txt", "mine\n");
    site.run(&["check", "."])
        .assert_code(1)
        .assert_stderr_has("error[output-collision]")
        .assert_stderr_has("owners/ana/page/, the folder of that page's later pages");
    let site = ana_base("").write("static/teams/payments/page/7/notes.txt", "mine\n");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("teams/payments/page/, the folder");
    let site = ana_base("").write("static/owners/nobody/page/2/notes.txt", "mine\n");
    site.run(&["check", "."]).assert_ok();
}
