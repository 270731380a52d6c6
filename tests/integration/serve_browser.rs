//! Live reload in a real browser: headless Chromium driven over the DevTools protocol (our small
//! client in `browser/`, shared with the search tests).
//!
//! Skipped with a notice when no Chromium is installed, unless `BATON_REQUIRE_BROWSER=1` (CI),
//! where a missing browser fails the test instead of hiding it.

use crate::browser::Browser;
use crate::harness::{Site, fm};
use crate::server::Server;
use serde_json::Value;
use std::time::{Duration, Instant};

fn long_body() -> String {
    (1..=120).map(|n| format!("Paragraph {n} of the runbook.\n\n")).collect()
}

fn base() -> Site {
    Site::new()
        .write("baton.yaml", "title: Test Base\nrules:\n  readiness: off\n")
        .handoff(
            "cdc",
            &fm("CDC pipeline", "ana", "status: in-progress\n"),
            &format!("Stop the connector.\n\n{}", long_body()),
        )
        .handoff("retention", &fm("Retention policy", "ana", "status: ready\n"), "Keep events for 30 days.\n")
}

const PATIENCE: Duration = Duration::from_secs(20);

/// Opens `path` and waits until its live-reload stream is connected (leaving the previous
/// page first, so the count of listeners says which page is listening).
fn open(browser: &mut Browser, server: &Server, path: &str) {
    browser.goto("about:blank");
    wait_for_listeners(server, |n| n == 0);
    browser.goto(&format!("http://{}{path}", server.address));
    wait_for_listeners(server, |n| n == 1);
}

fn wait_for_listeners(server: &Server, ok: impl Fn(u64) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok(server.status()["listeners"].as_u64().unwrap_or(0)) {
        assert!(Instant::now() < deadline, "live-reload listeners never settled: {}", server.status());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_open_page_reloads_with_the_new_text_keeping_its_scroll_position() {
    let site = base();
    let server = site.serve();
    let Some(mut browser) = Browser::launch("an_open_page_reloads_with_the_new_text") else { return };

    open(&mut browser, &server, "/handoffs/cdc/");
    browser.eval("window.scrollTo(0, 1200); window.__beforeReload = true; window.scrollY");
    site.put_handoff_body("cdc", "Stop the connector.", "Pause the connector, then drain.");
    browser.wait_for("document.body.innerText.includes('Pause the connector, then drain.')", PATIENCE);
    assert_eq!(browser.eval("window.__beforeReload === undefined"), Value::Bool(true), "a real reload");
    browser.wait_for("Math.abs(window.scrollY - 1200) < 5", PATIENCE);

    // A page the change does not touch stays as it is.
    open(&mut browser, &server, "/handoffs/retention/");
    browser.eval("window.__untouched = true");
    server.after(|| site.put_handoff_body("cdc", "Pause the connector", "Halt the connector"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(browser.eval("window.__untouched === true"), Value::Bool(true), "an unrelated page reloaded");

    // A broken edit shows the overlay without a reload; the fix removes it.
    server.after(|| site.replace("content/retention.md", "status: ready", "status: [ready"));
    browser.wait_for("document.getElementById('baton-overlay') !== null", PATIENCE);
    let overlay = browser.eval("document.getElementById('baton-overlay').innerText");
    assert!(overlay.as_str().unwrap_or("").contains("content/retention.md:4:"), "{overlay}");
    server.after(|| site.replace("content/retention.md", "status: [ready", "status: done"));
    browser.wait_for("document.getElementById('baton-overlay') === null", PATIENCE);
    browser.wait_for("document.body.innerText.includes('done')", PATIENCE);
}
