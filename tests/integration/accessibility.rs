//! Accessibility and page weight of the built example-site: axe-core finds no violation on any
//! page kind in the light or the dark colour scheme, no page asks for a file the site lacks, the
//! search page does not move as its results arrive, and pages link the code stylesheet and the
//! search script only where they are used.
//!
//! axe-core comes from npm (`.ci/run` installs it and sets `BATON_AXE` to its `axe.min.js`) and
//! is injected through the DevTools protocol, so the pages' Content Security Policy stays as it
//! is. Without Chromium or axe-core the browser tests are skipped with a notice, unless
//! `BATON_REQUIRE_BROWSER=1`, which makes either missing a failure.

use crate::browser::{Browser, serve::serve};
use crate::search_relevance::example_site;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

/// One page of each kind the site has, as paths under the site root.
fn page_kinds(public: &Path) -> Vec<String> {
    let first = |folder: &str| {
        let mut names: Vec<String> = std::fs::read_dir(public.join(folder))
            .unwrap_or_else(|e| panic!("{folder}: {e}"))
            .filter_map(Result::ok)
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| format!("{folder}/{}/", e.file_name().to_string_lossy()))
            .collect();
        names.sort();
        names.into_iter().next().unwrap_or_else(|| panic!("no page under {folder}/"))
    };
    let mut pages: Vec<String> = [
        "",
        "handoffs/",
        "handoffs/airflow-to-dagster/",
        "decisions/",
        "decisions/adr-ledger-postgres/",
        "owners/",
        "owners/kofi/",
        "teams/",
        "teams/payments/",
        "tags/",
        "status/blocked/",
        "attention/",
        "graph/",
        "metrics/",
        "digest/",
        "wraps/",
        "search/?q=ledger+cutover",
        "search/?q=owner%3Akofi",
        "404.html",
    ]
    .map(str::to_string)
    .to_vec();
    pages.push(first("tags"));
    pages.push(first("wraps"));
    pages
}

/// axe-core's source, or `None` (with a notice) to skip; a failure under `BATON_REQUIRE_BROWSER=1`.
fn axe_source(test: &str) -> Option<String> {
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-npm/node_modules/axe-core/axe.min.js");
    let path = std::env::var_os("BATON_AXE").map(PathBuf::from).unwrap_or(default);
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) if std::env::var("BATON_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("{test}: BATON_REQUIRE_BROWSER=1 but axe-core is missing at {} ({e})", path.display())
        }
        Err(_) => {
            eprintln!(
                "note: skipping {test}: no axe-core at {} (`npm install --prefix target/ci-npm axe-core@4`, or set BATON_AXE)",
                path.display()
            );
            None
        }
    }
}

/// Opens `path` and waits until the page is settled (the search page: until its results show).
fn open_page(browser: &mut Browser, base: &str, path: &str) {
    browser.goto(&format!("{base}{path}"));
    if path.starts_with("search/") {
        browser.wait_for("document.querySelector('.search-results').dataset.for", WAIT);
    }
}

/// axe-core's violations on the open page: "rule: help (targets)".
fn violations(browser: &mut Browser, axe: &str) -> Vec<String> {
    browser.inject(axe);
    // Two rules are off in axe-core 4 unless asked for, and Lighthouse asks: label-content-name-
    // mismatch (WCAG 2.5.3, a link's name holds its visible text, which the graph once failed)
    // and target-size (WCAG 2.5.8, 24 px targets, which the search help once failed on phones).
    let found = browser.eval(
        "axe.run(document, {resultTypes: ['violations'], rules: {'label-content-name-mismatch': {enabled: true}, 'target-size': {enabled: true}}})
           .then(r => ({passes: r.passes.length, violations: r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', ') + ')')}))",
    );
    // A run that checked nothing would pass anything.
    assert!(found["passes"].as_u64().unwrap_or(0) >= 10, "axe-core checked almost nothing: {found}");
    let list = found["violations"].as_array().cloned().unwrap_or_default();
    list.iter().filter_map(Value::as_str).map(str::to_string).collect()
}

#[test]
fn axe_core_finds_no_violation_on_any_page_kind_in_either_colour_scheme() {
    let test = "axe_core_finds_no_violation_on_any_page_kind_in_either_colour_scheme";
    let Some(axe) = axe_source(test) else { return };
    let Some(mut browser) = Browser::launch(test) else { return };
    let public = example_site().join("public");
    let server = serve(&public);
    let mut problems = Vec::new();
    // Light and dark on a desktop, and light on a phone, where targets sit closer together.
    for (scheme, phone) in [("light", false), ("dark", false), ("light", true)] {
        browser.color_scheme(scheme);
        if phone {
            browser.call(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": 412, "height": 823, "deviceScaleFactor": 1, "mobile": true}),
            );
        }
        for path in page_kinds(&public) {
            open_page(&mut browser, &server.url, &path);
            assert_eq!(
                browser.eval("matchMedia('(prefers-color-scheme: dark)').matches"),
                json!(scheme == "dark"),
                "the emulated scheme holds"
            );
            for violation in violations(&mut browser, &axe) {
                let on = if phone { "phone, " } else { "" };
                problems.push(format!("/{path} ({on}{scheme}): {violation}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every file a page asks for exists (a missing favicon once logged a 404 on every page).
#[test]
fn no_page_asks_for_a_file_the_site_lacks() {
    let Some(mut browser) = Browser::launch("no_page_asks_for_a_file_the_site_lacks") else { return };
    let public = example_site().join("public");
    let server = serve(&public);
    let mut problems = Vec::new();
    for path in page_kinds(&public) {
        browser.clear_network();
        open_page(&mut browser, &server.url, &path);
        // The header box loads the search script on first use: use it, so its files count too.
        if !path.starts_with("search/") {
            browser.eval("document.querySelector('form.search-box input').focus()");
            browser.wait_for("window.batonSearch", WAIT);
        }
        let icon =
            browser.eval("document.querySelector('link[rel=icon]') && document.querySelector('link[rel=icon]').href");
        let icon = icon.as_str().unwrap_or_default().to_string();
        assert!(!icon.is_empty(), "/{path} links no icon");
        let status = browser.eval(&format!("fetch({}).then(r => r.status)", json!(icon)));
        assert_eq!(status, json!(200), "/{path}: {icon}");
        problems.extend(browser.failed_requests().into_iter().map(|f| format!("/{path}: {f}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The search page reserves the room its results take: nothing on it moves as they arrive
/// (Lighthouse measured cumulative layout shifts of 0.18 on a phone and 0.51 on a desktop).
#[test]
fn the_search_page_does_not_shift_as_results_arrive() {
    let Some(mut browser) = Browser::launch("the_search_page_does_not_shift_as_results_arrive") else { return };
    let server = serve(&example_site().join("public"));
    for (width, height, mobile) in [(1350, 940, false), (412, 823, true)] {
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        for query in ["ledger+cutover", "why+postgres", "kind%3Adecision"] {
            open_page(&mut browser, &server.url, &format!("search/?q={query}"));
            let shift = browser.eval(
                "new Promise(done => { let sum = 0;
                   new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) sum += e.value; }))
                     .observe({type: 'layout-shift', buffered: true});
                   setTimeout(() => done(sum), 300); })",
            );
            let shift = shift.as_f64().expect("a number");
            assert!(shift < 0.02, "{width}×{height} {query}: cumulative layout shift {shift}");
        }
    }
    browser.call("Emulation.clearDeviceMetricsOverride", json!({}));
}

/// Only pages with a code block link highlight.css; only the search page loads search.js, the
/// others the small search-box.js that fetches it on first use; every page links the favicon.
#[test]
fn pages_link_only_the_stylesheets_and_scripts_they_use() {
    let public = example_site().join("public");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("read page");
        let name = entry.path().strip_prefix(&public).unwrap_or(entry.path()).display().to_string();
        let has_code = html.contains("<pre class=\"code\"");
        assert_eq!(html.contains("highlight.css"), has_code, "{name}: highlight.css linked iff code is shown");
        let is_search = name == "search/index.html";
        assert_eq!(html.contains("search.js\""), is_search, "{name}: search.js");
        assert_eq!(html.contains("search-box.js"), html.contains("class=\"search-box\""), "{name}: search-box.js");
        assert!(html.contains("rel=\"icon\" href=\""), "{name}: favicon");
        pages += 1;
    }
    assert!(pages > 50, "{pages} pages");
    assert!(public.join("favicon.svg").is_file());
    let code_pages = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|h| h.contains("highlight.css")))
        .count();
    assert!(code_pages > 0 && code_pages < pages / 2, "{code_pages} of {pages} pages link highlight.css");
}
