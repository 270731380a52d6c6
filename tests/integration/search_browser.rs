//! The search page and the header box in headless Chromium, on the built example-site: results,
//! typing, the keyboard, filters with counts, the same analysis as Rust, and agreement with
//! `baton search` on the top five. Skipped with a notice when no Chromium is installed, unless
//! `BATON_REQUIRE_BROWSER=1`.

use crate::browser::Browser;
use crate::browser::serve::{serve, serve_ignoring_ranges};
use crate::search_relevance::{cases, cli_ids, example_site, judge, static_ids};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

/// A browser on the served example-site, or `None` to skip.
fn open(test: &str) -> Option<(Browser, String)> {
    let mut browser = Browser::launch(test)?;
    let server = serve(&example_site().join("public"));
    browser.goto(&format!("{}search/", server.url));
    Some((browser, server.url))
}

/// The ids the search page shows for `query`, best first (at most `limit`).
fn page_ids(browser: &mut Browser, base: &str, query: &str, limit: usize) -> Vec<String> {
    let url = format!("{base}search/?q={}", encode(query));
    browser.goto(&url);
    let done = format!(
        "document.querySelector('.search-results').dataset.for === {q} || /No results/.test(document.querySelector('.search-status').textContent)",
        q = json!(query)
    );
    browser.wait_for(&done, WAIT);
    let hrefs = browser.eval(&format!(
        "Array.from(document.querySelectorAll('.search-list .search-result-title')).slice(0, {limit}).map(a => a.getAttribute('href'))"
    ));
    hrefs.as_array().expect("hrefs").iter().map(|h| result_id(h.as_str().unwrap_or("")).to_string()).collect()
}

/// The id a result links to: `../handoffs/x/` → `x`; an inline decision's entry,
/// `../handoffs/x/#decision-d` → `d`.
fn result_id(href: &str) -> &str {
    match href.split_once("#decision-") {
        Some((_, decision)) => decision,
        None => href.trim_end_matches('/').rsplit('/').next().unwrap_or(""),
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn the_page_shows_a_decision_first_for_a_why_question() {
    let Some((mut browser, base)) = open("the_page_shows_a_decision_first_for_a_why_question") else { return };
    assert_eq!(page_ids(&mut browser, &base, "why postgres", 3)[0], "adr-ledger-postgres");
    let first = browser.eval("document.querySelector('.search-result').textContent");
    assert!(first.as_str().unwrap_or("").contains("accepted"), "status badge: {first}");
    let marks = browser
        .eval("Array.from(document.querySelectorAll('.search-result mark')).map(m => m.textContent.toLowerCase())");
    assert!(marks.as_array().expect("marks").iter().any(|m| m == "postgres"), "highlighted: {marks}");
    let href = browser.eval("document.querySelector('.search-result-title').getAttribute('href')");
    assert_eq!(href, json!("../decisions/adr-ledger-postgres/"), "decisions link to their decision page");
}

#[test]
fn a_query_fetches_only_the_shards_its_words_fall_in() {
    let Some((mut browser, base)) = open("a_query_fetches_only_the_shards_its_words_fall_in") else { return };
    browser.clear_network();
    page_ids(&mut browser, &base, "kafka upgrade", 5);
    let fetched = browser.network();
    let words: Vec<_> = fetched.iter().filter(|f| f.url.contains("/search/s-")).collect();
    assert!(!words.is_empty() && words.len() <= 2, "word shards: {words:?}");
    // The pair's shard and the results' fragments are members of packs, read by range
    // requests (two each): no response is more than a small part of its pack.
    let public = example_site().join("public");
    for (marker, most) in [("/search/p-", 2), ("/search/f-", 20)] {
        let reads: Vec<_> = fetched.iter().filter(|f| f.url.contains(marker)).collect();
        assert!(!reads.is_empty() && reads.len() <= most, "{marker}: {reads:?}");
        for read in reads {
            let path = read.url.split_once("/search/").map(|(_, p)| p).unwrap_or_default();
            let size = std::fs::metadata(public.join("search").join(path)).map(|m| m.len()).unwrap_or(0);
            assert!(read.bytes * 4 < size, "{} bytes of a {size}-byte pack: {read:?}", read.bytes);
        }
    }
    assert!(fetched.iter().all(|f| f.bytes > 0), "{fetched:?}");
}

/// A host that ignores `Range` (as Python's `http.server` does) sends whole packs: the page
/// shows the same results and snippets, and fetches each pack once, however many members of it
/// the query reads.
#[test]
fn a_host_without_ranges_gets_the_same_results_and_each_pack_once() {
    let Some(mut browser) = Browser::launch("a_host_without_ranges_gets_the_same_results_and_each_pack_once") else {
        return;
    };
    let server = serve_ignoring_ranges(&example_site().join("public"));
    browser.goto(&format!("{}search/", server.url));
    browser.clear_network();
    let query = "ledger cutover";
    assert_eq!(page_ids(&mut browser, &server.url, query, 10), cli_ids(query, 10));
    let marks = browser.eval("document.querySelectorAll('.search-result mark').length");
    assert!(marks.as_u64().unwrap_or(0) > 0, "snippets with the words marked: {marks}");
    let packs: Vec<String> = browser
        .network()
        .into_iter()
        .map(|f| f.url)
        .filter(|url| url.contains("/search/p-") || url.contains("/search/f-"))
        .collect();
    let distinct: std::collections::BTreeSet<&String> = packs.iter().collect();
    assert!(!packs.is_empty() && packs.len() == distinct.len(), "{packs:?}");
}

#[test]
fn the_page_and_the_command_line_agree_on_the_top_five() {
    let Some((mut browser, base)) = open("the_page_and_the_command_line_agree_on_the_top_five") else { return };
    let mut problems = Vec::new();
    for case in cases() {
        let (page, cli) = (page_ids(&mut browser, &base, &case.query, 5), cli_ids(&case.query, 5));
        if page != cli {
            problems.push(format!("{:?}:\n  page {page:?}\n  cli  {cli:?}", case.query));
        }
        problems.extend(judge(&case, &page));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Queries of filters alone (listed newest first) and of filters with words or exclusions.
const FILTER_QUERIES: [&str; 9] = [
    "owner:kofi",
    "status:blocked",
    "kind:decision",
    "team:data-platform",
    "owner:ana kind:handoff",
    "status:blocked -kafka",
    "kind:decision postgres",
    "owner:kofi ledger",
    "status:done team:payments",
];

/// Every id `baton search` lists for `query`.
fn all_cli_ids(query: &str) -> Vec<String> {
    cli_ids(query, 10_000)
}

/// The static index (ranked in Rust as the script ranks) lists exactly what the command line
/// lists for filter-only and mixed queries, in the same order. Needs no browser.
#[test]
fn the_static_index_answers_filter_only_queries_like_the_command_line() {
    for query in FILTER_QUERIES {
        let cli = all_cli_ids(query);
        assert!(!cli.is_empty(), "{query}: the example site has matches");
        assert_eq!(static_ids(query, 10_000), cli, "{query}");
    }
}

/// The page shows the same results as `baton search` for filter-only and mixed queries: the
/// count, and the first page of ids in order (a filter alone once said "Add a word").
#[test]
fn the_page_answers_filter_only_queries_like_the_command_line() {
    let Some((mut browser, base)) = open("the_page_answers_filter_only_queries_like_the_command_line") else {
        return;
    };
    let mut problems = Vec::new();
    for query in FILTER_QUERIES {
        let (page, cli) = (page_ids(&mut browser, &base, query, 10), all_cli_ids(query));
        let status = browser.eval("document.querySelector('.search-status').textContent");
        let count = if cli.len() == 1 { "1 result".to_string() } else { format!("{} results", cli.len()) };
        if page[..] != cli[..cli.len().min(10)] || status.as_str() != Some(count.as_str()) {
            problems.push(format!("{query:?}:\n  page {page:?} ({status})\n  cli  {cli:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The header box lists results for a filter alone, too.
#[test]
fn the_header_box_answers_a_filter_alone() {
    let Some((mut browser, base)) = open("the_header_box_answers_a_filter_alone") else { return };
    browser.goto(&format!("{base}handoffs/"));
    browser.type_text("/status:blocked ");
    browser.wait_for("document.querySelector('.search-popup').dataset.for === 'status:blocked '", WAIT);
    let titles = browser.eval("document.querySelectorAll('.search-popup [role=option]').length");
    let expected = all_cli_ids("status:blocked").len().min(6);
    assert_eq!(titles, json!(expected));
}

#[test]
fn typing_in_the_header_box_and_picking_with_the_keyboard() {
    let Some((mut browser, base)) = open("typing_in_the_header_box_and_picking_with_the_keyboard") else { return };
    browser.goto(&format!("{base}handoffs/"));
    browser.type_text("/");
    browser.wait_for("document.activeElement && document.activeElement.name === 'q'", WAIT);
    browser.type_text("dual wri");
    browser.wait_for("document.querySelector('.search-popup').dataset.for === 'dual wri'", WAIT);
    let titles =
        browser.eval("Array.from(document.querySelectorAll('.search-popup [role=option] a')).map(a => a.textContent)");
    assert_eq!(titles[0], json!("Dual-write ledger postings to v1 and v2"), "prefix on the last word: {titles}");
    browser.press("ArrowDown");
    browser.press("ArrowDown");
    browser.press("ArrowUp");
    let selected = browser.eval("document.querySelector('[aria-selected=true] a').textContent");
    assert_eq!(selected, titles[0]);
    browser.press("Enter");
    browser.wait_for("location.pathname.endsWith('/handoffs/ledger-v2-dual-write/')", WAIT);
}

#[test]
fn enter_without_a_pick_opens_the_search_page() {
    let Some((mut browser, base)) = open("enter_without_a_pick_opens_the_search_page") else { return };
    browser.goto(&base);
    browser.type_text("/kafka");
    browser.press("Enter");
    browser.wait_for(
        "location.pathname.endsWith('/search/') && document.querySelector('.search-results').dataset.for === 'kafka'",
        WAIT,
    );
}

#[test]
fn filters_show_counts_and_narrow_the_results() {
    let Some((mut browser, base)) = open("filters_show_counts_and_narrow_the_results") else { return };
    page_ids(&mut browser, &base, "ledger", 10);
    let blocked = "document.querySelector('.search-facet-value[data-facet=status][data-value=blocked]')";
    let count = browser.eval(&format!("Number({blocked}.querySelector('.search-count').textContent)"));
    let count = count.as_u64().expect("a count for status blocked");
    browser.eval(&format!("{blocked}.click()"));
    browser.wait_for(&format!("/^{count} results?/.test(document.querySelector('.search-status').textContent)"), WAIT);
    let statuses = browser.eval("Array.from(document.querySelectorAll('.search-list .badge')).map(b => b.textContent)");
    let statuses = statuses.as_array().expect("badges");
    assert_eq!(statuses.len() as u64, count);
    assert!(statuses.iter().all(|s| s == "blocked"), "{statuses:?}");
    assert!(
        browser.eval("location.search").as_str().unwrap_or("").contains("status=blocked"),
        "the filter is in the URL"
    );
}

#[test]
fn the_script_analyzes_text_exactly_like_rust() {
    let Some((mut browser, _)) = open("the_script_analyzes_text_exactly_like_rust") else { return };
    let vectors: Vec<(String, Vec<String>)> = serde_json::from_str(include_str!("../analysis.json")).expect("vectors");
    for (input, expected) in vectors {
        let got = browser.eval(&format!("window.batonSearch.terms({})", json!(input)));
        assert_eq!(got, json!(expected), "{input:?}");
    }
}

#[test]
fn a_bad_query_shows_a_message() {
    let Some((mut browser, base)) = open("a_bad_query_shows_a_message") else { return };
    browser.goto(&format!("{base}search/?q=%22unclosed"));
    browser.wait_for("/closing/.test(document.querySelector('.search-status').textContent)", WAIT);
}

/// Refreshes docs/screenshot-search.png when `BATON_UPDATE_SCREENSHOTS=1`.
#[test]
fn screenshot_of_the_search_page() {
    if std::env::var("BATON_UPDATE_SCREENSHOTS").as_deref() != Ok("1") {
        return;
    }
    let Some((mut browser, base)) = open("screenshot_of_the_search_page") else { return };
    page_ids(&mut browser, &base, "ledger cutover", 5);
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
    );
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshot-search.png");
    browser.screenshot(&target);
    if let Ok(popup) = std::env::var("BATON_POPUP_SCREENSHOT") {
        browser.goto(&format!("{base}handoffs/"));
        browser.type_text("/why postgres");
        browser.wait_for("document.querySelector('.search-popup').dataset.for === 'why postgres'", WAIT);
        browser.press("ArrowDown");
        browser.screenshot(std::path::Path::new(&popup));
    }
}
