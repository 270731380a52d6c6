//! Inline decisions are entries on their handoff's page, not pages of their own: every list,
//! link and search result that names one goes to `handoffs/H/#decision-D`, and a decision with
//! a file of its own keeps its page.

use crate::harness::{Site, fm};

fn base() -> Site {
    Site::new()
        .write("baton.yaml", "title: Entries\nreadiness:\n  in-progress: []\n")
        .write("people.yaml", "kofi:\n  name: Kofi Mensah\n")
        .handoff(
            "ledger",
            &fm(
                "Ledger v2",
                "kofi",
                "status: in-progress\nupdated: 2026-11-19\ndecisions:\n  - id: cache-ttl\n    title: Cache rates for an hour\n    date: 2026-09-01\n    status: accepted\n    by: [kofi]\n    tags: [caching]\n    context: Rates change **hourly**.\n    decision: One-hour TTL.\n    rationale: Matches the provider's cadence.\n    alternatives: [No cache, Five-minute TTL]\n",
            ),
            "## Plan\n\nWhy: [the TTL](/decisions/cache-ttl/), [[cache-ttl]] and [[pg]].\n\n## Decision cache-ttl\n\nA heading whose slug is the entry's id.\n",
        )
        .handoff(
            "fx",
            &fm("FX rates", "kofi", "status: in-progress\nupdated: 2026-11-18\n"),
            "See [the ledger's TTL](/decisions/cache-ttl/) and [its entry](/handoffs/ledger/#decision-cache-ttl).\n",
        )
        .write(
            "content/decisions/pg.md",
            "---\nkind: decision\ntitle: PostgreSQL\nstatus: accepted\ndate: 2026-03-02\nrelated: [ledger]\n---\n## Rationale\n\nACID.\n",
        )
}

#[test]
fn an_inline_decision_is_read_whole_on_its_handoffs_page() {
    let site = base();
    site.build().assert_ok();
    assert!(!site.public().join("decisions/cache-ttl").exists(), "no page of its own");
    site.page("decisions/pg/");
    let ledger = site.page("handoffs/ledger/");
    assert_eq!(ledger.matches("id=\"decision-cache-ttl\"").count(), 1, "a heading does not take the entry's id");
    assert!(ledger.contains("id=\"decision-cache-ttl-1\""), "{ledger}");
    let entry = &ledger[ledger.find("id=\"decision-cache-ttl\"").expect("an anchored entry")..];
    let entry = &entry[..entry.find("<li class=\"decision").unwrap_or(entry.len())];
    for text in [
        "Cache rates for an hour",
        "<strong>hourly</strong>",
        "One-hour TTL.",
        "provider",
        "Five-minute TTL",
        "#caching",
        "Kofi Mensah",
    ] {
        assert!(entry.contains(text), "`{text}` in the entry:\n{entry}");
    }
    // The file decision related to the handoff is a row that links to its page.
    assert!(ledger.contains("href=\"../../decisions/pg/\">PostgreSQL</a>"), "{ledger}");
}

#[test]
fn every_link_to_an_inline_decision_reaches_its_entry() {
    let site = base();
    site.build().assert_ok();
    let anchor = "handoffs/ledger/#decision-cache-ttl";
    let ledger = site.page("handoffs/ledger/");
    // A `/decisions/D/` link written before the move, and a wiki link, both go to the entry.
    assert_eq!(ledger.matches(&format!("href=\"../../{anchor}\"")).count(), 2, "{ledger}");
    let fx = site.page("handoffs/fx/");
    assert_eq!(fx.matches(&format!("href=\"../../{anchor}\"")).count(), 2, "{fx}");
    for page in ["decisions/", "", "owners/kofi/", "tags/caching/"] {
        let html = site.page(page);
        let root = "../".repeat(page.matches('/').count());
        assert!(html.contains(&format!("href=\"{root}{anchor}\"")), "{page}:\n{html}");
        assert!(!html.contains("decisions/cache-ttl/"), "{page} links the old page");
    }
    let feed = std::fs::read_to_string(site.public().join("decisions/feed.xml")).unwrap();
    assert!(feed.contains(anchor), "the feed links the entry:\n{feed}");
    site.run(&["check", "."]).assert_ok();
}

#[test]
fn a_broken_anchor_to_a_decision_entry_is_still_caught() {
    let site = base().handoff(
        "ops",
        &fm("Ops", "kofi", "status: in-progress\nupdated: 2026-11-17\n"),
        "[gone](/handoffs/ledger/#decision-nope)\n",
    );
    let run = site.run(&["check", "."]);
    assert_ne!(run.code, 0);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("broken-anchor") && said.contains("decision-cache-ttl"), "{said}");
}

/// An old address of an inline decision (`decisions/ID/`, its page before it became an entry)
/// reaches the entry from the 404 page a static host serves there, the way a redirect would; a
/// missing decision stays on the 404 page, and so does a decision with a page of its own.
#[test]
fn the_404_page_sends_an_old_decision_address_to_its_entry() {
    use crate::browser::{Browser, serve::serve};
    let site = base();
    site.build().assert_ok();
    assert!(std::fs::read_to_string(site.public().join("404.html")).expect("a 404 page").contains("moved.js"));
    let Some(mut browser) = Browser::launch("the_404_page_sends_an_old_decision_address_to_its_entry") else { return };
    let server = serve(&site.public());
    let wait = std::time::Duration::from_secs(15);
    for asked in ["decisions/cache-ttl/", "decisions/cache-ttl", "decisions/cache-ttl/index.html"] {
        browser.goto(&format!("{}{asked}", server.url));
        browser.wait_for("location.pathname === '/handoffs/ledger/'", wait);
        assert_eq!(browser.eval("location.hash").as_str(), Some("#decision-cache-ttl"), "{asked}");
        assert_eq!(browser.eval("document.title").as_str().map(|t| t.starts_with("Ledger v2")), Some(true));
    }
    // Nothing to find: the 404 page stays, with its own links.
    browser.goto(&format!("{}decisions/no-such-thing/", server.url));
    browser.drain(std::time::Duration::from_millis(800));
    assert_eq!(browser.eval("location.pathname").as_str(), Some("/decisions/no-such-thing/"));
    assert_eq!(browser.eval("document.getElementById('moved').hidden"), serde_json::json!(true));
    assert!(browser.eval("document.body.textContent").as_str().unwrap_or("").contains("No page here"));
}
