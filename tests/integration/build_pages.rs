//! `baton build` on valid sites: every page kind, relations both ways, links, escaping.

use crate::harness::{Site, fm};

fn small_base() -> Site {
    // Readiness rules are the check suite's business; these fixtures test pages.
    Site::new()
        .write("baton.yaml", "title: Test Base\nreadiness:\n  blocked: []\n  in-progress: []\n")
        .write("people.yaml", "ana:\n  name: Ana Souza\n  team: Data Platform\n  tz: America/Sao_Paulo\nkofi:\n  name: Kofi Mensah\n  team: Payments\n  tz: Europe/Berlin\n")
        .handoff(
            "payments/ledger",
            &fm("Ledger v2 rollout", "kofi", "status: blocked\nreviewer: ana\ndepends_on: [cdc]\ntags: [Ledger v2, On-call]\nupdated: 2026-11-19\ndecisions:\n  - id: adr-nightly\n    title: Nightly dumps\n    date: 2026-01-10\n    status: superseded\n  - id: adr-debezium\n    title: Use Debezium\n    date: 2026-09-01\n    status: accepted\n    supersedes: adr-nightly\n    rationale: Log-based capture misses nothing.\n"),
            "## Plan\n\nSee [[cdc]] and [the export](../data/cdc.md#rollback) and [[adr-postgres|why postgres]].\n",
        )
        .handoff("data/cdc", &fm("CDC pipeline", "ana", "status: in-progress\nteam: data platform\nupdated: 2026-11-18\n"), "## Rollback\n\nStop the connector.\n")
        .handoff("draft-idea", &fm("Half an idea", "ana", ""), "")
        .write("content/decisions/adr-postgres.md", "---\nkind: decision\ntitle: PostgreSQL for the ledger\nstatus: accepted\ndate: 2026-03-02\nby: [kofi, ana]\nrelated: [ledger]\n---\n## Context\nWe need joins.\n\n## Rationale\nACID and joins.\n")
}

#[test]
fn builds_every_page_kind() {
    let site = small_base();
    let run = site.build();
    run.assert_ok();
    assert!(run.stdout.contains("3 handoffs, 3 decisions"), "{}", run.stdout);
    for url in [
        "",
        "handoffs/",
        "handoffs/ledger/",
        "handoffs/cdc/",
        "decisions/",
        "decisions/adr-postgres/",
        "owners/",
        "owners/ana/",
        "owners/kofi/",
        "teams/",
        "teams/data-platform/",
        "teams/payments/",
        "status/blocked/",
        "status/cancelled/",
        "tags/",
        "tags/ledger-v2/",
        "tags/on-call/",
    ] {
        site.page(url);
    }
    assert!(site.public().join("style.css").exists() && site.public().join("highlight.css").exists());
}

#[test]
fn dependencies_show_both_ways_with_status() {
    let site = small_base();
    site.build().assert_ok();
    let ledger = site.page("handoffs/ledger/");
    let cdc = site.page("handoffs/cdc/");
    let depends = &ledger[ledger.find("Depends on").unwrap()..ledger.find("Needed by").unwrap()];
    assert!(depends.contains("href=\"../../handoffs/cdc/\"") && depends.contains("in-progress"), "{depends}");
    let needed = &cdc[cdc.find("Needed by").unwrap()..];
    assert!(needed.contains("href=\"../../handoffs/ledger/\">Ledger v2 rollout</a>"), "{needed}");
    assert!(needed.contains("status-blocked"));
}

#[test]
fn supersession_is_shown_both_ways() {
    let site = small_base();
    site.build().assert_ok();
    // Both are inline decisions of the ledger handoff: entries on its page, linked by anchor.
    let ledger = site.page("handoffs/ledger/");
    let old = &ledger[ledger.find("id=\"decision-adr-nightly\"").unwrap()..];
    let old = &old[..old.find("</li>").unwrap()];
    let to_new = "Superseded by <a href=\"../../handoffs/ledger/#decision-adr-debezium\">Use Debezium</a>";
    assert!(old.contains(to_new), "{old}");
    let new = &ledger[ledger.find("id=\"decision-adr-debezium\"").unwrap()..];
    let new = &new[..new.find("</li>").unwrap()];
    assert!(new.contains("Supersedes <a href=\"../../handoffs/ledger/#decision-adr-nightly\">Nightly dumps</a>"));
    let history = site.page("decisions/");
    let (september, january) = (history.find("September 2026").unwrap(), history.find("January 2026").unwrap());
    assert!(september < january, "newest month first");
}

#[test]
fn wiki_and_markdown_links_resolve_to_pages() {
    let site = small_base();
    site.build().assert_ok();
    let ledger = site.page("handoffs/ledger/");
    assert!(ledger.contains("href=\"../../handoffs/cdc/\">CDC pipeline</a>"), "wiki link takes the title");
    assert!(ledger.contains("href=\"../../handoffs/cdc/#rollback\""), "md link keeps its anchor");
    assert!(ledger.contains("href=\"../../decisions/adr-postgres/\">why postgres</a>"));
}

#[test]
fn owner_team_and_tag_pages_group_work() {
    let site = small_base();
    site.build().assert_ok();
    let kofi = site.page("owners/kofi/");
    assert!(kofi.contains("Kofi Mensah") && kofi.contains("Ledger v2 rollout"));
    assert!(kofi.contains("waits on") && kofi.contains("CDC pipeline"), "owner page lists what their work waits on");
    let ana = site.page("owners/ana/");
    let reviews = &ana[ana.find("Reviews").unwrap()..];
    assert!(reviews.contains("Ledger v2 rollout"));
    let team = site.page("teams/data-platform/");
    assert!(team.contains("CDC pipeline") && team.contains(">data platform<") || team.contains("Data Platform"));
    let tag = site.page("tags/ledger-v2/");
    assert!(tag.contains("#Ledger v2") && tag.contains("Ledger v2 rollout"));
}

#[test]
fn drafts_are_built_and_marked() {
    let site = small_base();
    site.build().assert_ok();
    assert!(site.page("handoffs/draft-idea/").contains("Draft — not handed off yet"));
    let list = site.page("handoffs/");
    let row = &list[list.find("Half an idea").unwrap()..];
    assert!(row[..200].contains("badge draft"), "{}", &row[..200]);
}

#[test]
fn frontmatter_is_escaped_and_unsafe_links_are_dead() {
    let site = Site::new().handoff(
        "x",
        &fm("\"<script>alert(1)</script>\"", "ana", "links:\n  - {title: evil, url: \"javascript:alert(1)\", kind: doc}\n  - {title: fine, url: \"https://example.com/\", kind: doc}\n"),
        "[click](javascript:alert(2)) <img src=x onerror=alert(3)>\n",
    );
    site.build().assert_ok();
    let page = site.page("handoffs/x/");
    assert!(!page.contains("<script>alert(1)"), "title must be escaped");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!page.contains("href=\"javascript:"), "no live javascript: link");
    assert!(page.contains("href=\"https://example.com/\""));
    assert!(!page.contains("<img src=x"), "raw HTML is escaped by default");
}

#[test]
fn same_input_gives_byte_identical_output() {
    let site = small_base();
    site.build().assert_ok();
    let first = site.output_files();
    site.build().assert_ok();
    assert_eq!(first, site.output_files());
}

#[test]
fn static_files_and_theme_overrides_are_used() {
    let site = small_base()
        .write("static/img/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .write(
            "themes/default/templates/404.html",
            "{% extends \"base.html\" %}{% block content %}custom not found{% endblock content %}",
        )
        .write("themes/default/static/extra.css", "body{}");
    site.build().assert_ok();
    assert!(site.public().join("img/flow.svg").exists());
    assert!(site.public().join("extra.css").exists());
    assert!(std::fs::read_to_string(site.public().join("404.html")).unwrap().contains("custom not found"));
}

#[test]
fn out_and_base_url_flags_are_honoured() {
    let site = small_base();
    let out = site.path().join("elsewhere/site");
    site.run(&["build", ".", "--out", out.to_str().unwrap(), "--base-url", "https://kb.example.com/team"]).assert_ok();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<link rel=\"canonical\" href=\"https://kb.example.com/team/\">"), "{home}");
    assert!(!site.public().exists());
}

#[test]
fn example_site_builds_with_only_its_deliberate_time_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/example-site");
    let out = dir.path().join("out");
    let output = crate::harness::baton()
        .args(["build", example, "--out", out.to_str().unwrap(), "--today", "2026-11-20"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let mut found: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error") || l.starts_with("warning")).collect();
    found.sort();
    // The tracker rules fire on the states of example-site/trackers.fixture.json.
    let expected = [
        "warning[linked-item-open]",
        "warning[linked-items-closed]",
        "warning[question-unanswered]",
        "warning[review-overdue]",
        "warning[stale]",
    ];
    assert_eq!(found.len(), expected.len(), "{stderr}");
    for (line, rule) in found.iter().zip(expected) {
        assert!(line.starts_with(rule), "{line}");
    }
    assert!(out.join("handoffs/ledger-v2-cutover/index.html").exists());
    let attention = std::fs::read_to_string(out.join("attention/index.html")).unwrap();
    assert!(attention.contains("airflow-to-dagster") && attention.contains("finance-dashboard-refresh"));
}
