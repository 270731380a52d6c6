//! Links and anchors on built pages: `/`-links checked against what the build writes, ids
//! unique on every page, anchors slugged like ids, script URLs never live, carets under links.

use crate::harness::{Site, fm};
use std::collections::BTreeSet;

/// The `id` values that occur more than once in `html` (a plain scan of `id="…"` attributes).
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let ids = html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next());
    ids.filter(|id| !seen.insert(id.to_string())).map(str::to_string).collect()
}

fn people(site: Site) -> Site {
    site.write("people.yaml", "ana: {name: Ana}\nkofi: {name: Kofi}\n")
}

#[test]
fn a_site_root_link_to_a_missing_page_fails_check_with_a_caret_under_it() {
    let body = "Intro.\n\nSee [the other](/handoffs/ledgr/) and more words after it.\n";
    let site = people(Site::new()).handoff("ledger", &fm("A", "ana", ""), body);
    let run = site.run(&["check", "."]);
    run.assert_code(1)
        .assert_stderr_has("error[broken-link]: link to `/handoffs/ledgr/`, but the site has no such page");
    run.assert_stderr_has("content/ledger.md:7:5");
    run.assert_stderr_has("did you mean `/handoffs/ledger/`?");
    // The caret covers the link and stops there.
    let caret = format!("  |     {}\n", "^".repeat("[the other](/handoffs/ledgr/)".len()));
    run.assert_stderr_has(&caret);
}

#[test]
fn site_root_links_to_anything_the_build_writes_pass() {
    let links = [
        "/",
        "/handoffs/a/",
        "/handoffs/a",
        "/handoffs/a/index.html",
        "/handoffs/b/#rollback",
        "/decisions/adr-x/",
        "/owners/ana/",
        "/owners/ana/feed.xml",
        "/teams/payments/",
        "/teams/payments/feed.xml",
        "/tags/ledger/",
        "/status/blocked/",
        "/graph/",
        "/metrics/",
        "/search/?q=ledger",
        "/digest/",
        "/feed.xml",
        "/decisions/feed.xml",
        "/handoffs.json",
        "/style.css",
        "/404.html",
        "/img/flow.svg",
    ];
    let body: String = links.iter().map(|l| format!("- [x]({l})\n")).collect();
    let site = people(Site::new())
        .handoff("a", &fm("A", "ana", "team: Payments\ntags: [ledger]\n"), &body)
        .handoff("b", &fm("B", "kofi", ""), "## Rollback\n")
        .write("content/adr-x.md", "---\nkind: decision\ntitle: X\nstatus: proposed\n---\nWhy.\n")
        .write("static/img/flow.svg", "<svg/>");
    site.run(&["check", "."]).assert_ok();
    site.build().assert_ok();
    assert!(site.page("handoffs/a/").contains("href=\"../../owners/ana/feed.xml\""));
}

#[test]
fn each_kind_of_missing_site_path_is_reported() {
    let cases = [
        ("/tags/nope/", "broken-link"),
        ("/status/review/", "broken-link"),
        ("/handoffs/page/2/", "broken-link"),
        ("/wraps/nope/", "broken-link"),
        ("/nope.html", "broken-link"),
        ("/img/nope.png", "missing-static"),
        ("/handoffs/b/#nope", "broken-anchor"),
    ];
    for (link, rule) in cases {
        let site = people(Site::new()).handoff("a", &fm("A", "ana", ""), &format!("[x]({link})\n")).handoff(
            "b",
            &fm("B", "kofi", ""),
            "## Rollback\n",
        );
        site.run(&["check", "."]).assert_code(1).assert_stderr_has(&format!("error[{rule}]"));
    }
}

#[test]
fn links_under_base_url_are_checked_and_a_repeated_base_path_gets_a_hint() {
    let site = people(Site::new())
        .write("baton.yaml", "title: T\nbase_url: https://h.example.com/kb/\n")
        .handoff(
            "a",
            &fm("A", "ana", ""),
            "[ok](https://h.example.com/kb/handoffs/a/) [gone](https://h.example.com/kb/handoffs/nope/)\n",
        )
        .handoff("b", &fm("B", "kofi", ""), "[x](/kb/handoffs/a/)\n");
    let run = site.run(&["check", "."]);
    run.assert_code(1).assert_stderr_has("link to `/handoffs/nope/`, but the site has no such page");
    run.assert_stderr_has("content/a.md:5:44\n");
    run.assert_stderr_has("write `/handoffs/a/`");
    assert!(!run.stderr.contains("content/a.md:5:1\n"), "the good link passes:\n{}", run.stderr);
}

#[test]
fn heading_anchors_fold_accents_like_ids_tags_and_teams() {
    let site = people(Site::new())
        .handoff("a", &fm("A", "ana", ""), "See [[b#cafe-deja-vu]] and [there](b.md#cafe-deja-vu).\n")
        .handoff("b", &fm("B", "kofi", "tags: [Café]\n"), "## Café déjà vu\n\nText.\n");
    site.run(&["check", "."]).assert_ok();
    site.build().assert_ok();
    assert!(site.page("handoffs/b/").contains("<h2 id=\"cafe-deja-vu\">"));
    assert!(site.public().join("tags/cafe/index.html").is_file());
}

#[test]
fn no_handoff_decision_or_wrap_page_has_a_duplicate_id() {
    // Headings named like footnotes, like each other across intent and body, and like the
    // template's own ids (`main`, `intent-h`, `open-h`…).
    let colliding = "## Rollback\n\n## Main\n\n## Intent H\n\n## Open H\n\n## Chain H\n\n## Setup {#main}\n\n\
                     Restore it[^rollback], twice[^rollback]; see [^1].\n\n[^rollback]: From the snapshot.\n[^1]: One.\n";
    let handoff = fm(
        "A",
        "ana",
        "intent: |\n  ## Rollback\n  Why[^1].\n\n  [^1]: Because.\ndeliverables: [\"a thing[^rollback]\"]\n\
         decisions:\n  - id: d-a\n    title: Keep v1\n    status: accepted\n    date: 2026-10-10\n\
         \x20   decision: \"## Rollback\\n\\nKept[^1].\\n\\n[^1]: For now.\"\n\
         \x20   rationale: \"## Main\\n\\nSee[^rollback].\\n\\n[^rollback]: Again.\"\n",
    );
    let site = people(Site::new())
        .write("baton.yaml", "title: T\nallow_html: true\n")
        .handoff("a", &handoff, colliding)
        .handoff("b", &fm("B", "kofi", ""), "Jump to [the note](a.md#fn-rollback) or [[a#rollback-1]], or [[a#main-3]] in its decision.\n")
        .write("content/adr-x.md", &format!("---\nkind: decision\ntitle: X\nstatus: proposed\n---\n{colliding}"))
        .write(
            "content/wraps/w.md",
            &format!(
                "---\nkind: wrap\nauthor: ana\nshift:\n  start: 2026-11-19T09:00:00Z\n  end: 2026-11-19T17:00:00Z\nsummary: Quiet.\n---\n{colliding}"
            ),
        );
    site.run(&["check", "."]).assert_ok();
    site.build().assert_ok();
    let wrap_page = std::fs::read_dir(site.public().join("wraps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("index.html").is_file())
        .expect("a wrap page");
    let pages = [
        site.page("handoffs/a/"),
        site.page("decisions/adr-x/"),
        std::fs::read_to_string(wrap_page.join("index.html")).unwrap(),
    ];
    for html in &pages {
        assert!(html.contains("id=\"fn-rollback\""), "footnotes are in their own namespace");
        assert_eq!(duplicate_ids(html), Vec::<String>::new());
    }
    assert!(pages[0].contains("<a href=\"#fn-rollback\" id=\"fnref-rollback\">"));
    // The inline decision's texts are read after the body, whose anchors stay as they were.
    let body = &pages[0][pages[0].find("class=\"body markdown\"").expect("the body")..];
    assert!(body.contains("<h2 id=\"rollback-1\">") && body.contains("id=\"fn-rollback\""), "{body}");
    let entry = &pages[0][pages[0].find("id=\"decision-d-a\"").expect("the entry")..];
    let entry = &entry[..entry.find("</li>").unwrap()];
    assert!(entry.contains("<h2 id=\"rollback-2\">") && entry.contains("<h2 id=\"main-3\">"), "{entry}");
    assert!(entry.contains("href=\"#fn-rollback-1\"") && entry.contains("href=\"#fn-1-2\""), "{entry}");
}

#[test]
fn allowed_raw_html_never_keeps_a_script_link() {
    let body = "<a href=\"javascript:alert(1)\">one</a> <a href=\"JaVaScRiPt:alert(1)\">two</a>\n\
                <a href=\"java\tscript:alert(1)\">three</a> <a href=\"&#106;avascript:alert(1)\">four</a>\n\n\
                <div>\n<form action=\"vbscript:x\"><button formaction='data:text/html,x'>five</button></form>\n\
                <svg><a xlink:href=\"javascript:alert(1)\"><text>six</text></a></svg>\n\
                <img src=\"data:image/png;base64,iVBORw0=\" alt=\"dot\">\n</div>\n\n[seven](javascript:alert(1))\n";
    let site =
        people(Site::new()).write("baton.yaml", "title: T\nallow_html: true\n").handoff("a", &fm("A", "ana", ""), body);
    site.build().assert_ok();
    let page = site.page("handoffs/a/").to_lowercase();
    for needle in ["javascript", "vbscript", "data:text", "&#106;avascript"] {
        assert!(!page.contains(needle), "{needle} left in:\n{page}");
    }
    assert!(page.contains("<img src=\"data:image/png;base64,ivborw0=\" alt=\"dot\">"));
    assert!(page.contains(">one</a>") && page.contains(">six</text>"), "the text stays");
}
