//! Live reload in a real browser: headless Chromium driven over the DevTools protocol.
//!
//! Skipped with a notice when no Chromium is installed, unless `BATON_REQUIRE_BROWSER=1` (CI),
//! where a missing browser fails the test instead of hiding it.

use crate::harness::{Site, fm};
use crate::server::Server;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Chromium from `BATON_CHROMIUM` or the usual names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BATON_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH")?).collect();
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
}

/// The browser, or `None` (after saying why) when the test should be skipped.
fn launch(profile: &std::path::Path) -> Option<Browser> {
    let Some(path) = chromium() else {
        assert!(
            std::env::var("BATON_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "BATON_REQUIRE_BROWSER=1 but no Chromium was found (install Debian's `chromium`)"
        );
        // Straight to stderr, past the test harness's capture, so the skip is seen.
        let notice = "note: skipping the browser test: no Chromium found (install Debian's `chromium`)\n";
        std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes()).ok();
        return None;
    };
    let args: Vec<&OsStr> =
        ["--disable-component-update", "--disable-background-networking", "--no-first-run", "--disable-sync"]
            .iter()
            .map(OsStr::new)
            .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .enable_gpu(false)
        .user_data_dir(Some(profile.to_path_buf()))
        .window_size(Some((1000, 700)))
        .args(args)
        .build()
        .expect("launch options");
    Some(Browser::new(options).expect("start Chromium"))
}

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

fn js(tab: &Tab, expression: &str) -> serde_json::Value {
    tab.evaluate(expression, false).expect("evaluate").value.unwrap_or(serde_json::Value::Null)
}

#[track_caller]
fn wait_until(tab: &Tab, expression: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if js(tab, expression) == serde_json::Value::Bool(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what} ({expression})");
}

/// Opens `path` and waits until its live-reload stream is connected (leaving the previous
/// page first, so the count of listeners says which page is listening).
fn open(tab: &Tab, server: &Server, path: &str) {
    tab.navigate_to("about:blank").expect("blank").wait_until_navigated().expect("navigated");
    wait_for_listeners(server, |n| n == 0);
    tab.navigate_to(&format!("http://{}{path}", server.address)).expect("navigate");
    tab.wait_until_navigated().expect("navigated");
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
    let profile = tempfile::tempdir().expect("profile dir");
    let Some(browser) = launch(profile.path()) else { return };
    let tab = browser.new_tab().expect("tab");

    open(&tab, &server, "/handoffs/cdc/");
    js(&tab, "window.scrollTo(0, 1200); window.__beforeReload = true; window.scrollY");
    site.put_handoff_body("cdc", "Stop the connector.", "Pause the connector, then drain.");
    wait_until(&tab, "document.body.innerText.includes('Pause the connector, then drain.')", "the new text");
    assert_eq!(js(&tab, "window.__beforeReload === undefined"), serde_json::Value::Bool(true), "a real reload");
    wait_until(&tab, "Math.abs(window.scrollY - 1200) < 5", "the scroll position to come back");

    // A page the change does not touch stays as it is.
    open(&tab, &server, "/handoffs/retention/");
    js(&tab, "window.__untouched = true");
    server.after(|| site.put_handoff_body("cdc", "Pause the connector", "Halt the connector"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(js(&tab, "window.__untouched === true"), serde_json::Value::Bool(true), "an unrelated page reloaded");

    // A broken edit shows the overlay without a reload; the fix removes it.
    server.after(|| site.replace("content/retention.md", "status: ready", "status: [ready"));
    wait_until(&tab, "document.getElementById('baton-overlay') !== null", "the error overlay");
    assert!(
        js(&tab, "document.getElementById('baton-overlay').innerText")
            .as_str()
            .unwrap_or("")
            .contains("content/retention.md:4:")
    );
    server.after(|| site.replace("content/retention.md", "status: [ready", "status: done"));
    wait_until(&tab, "document.getElementById('baton-overlay') === null", "the overlay to go");
    wait_until(&tab, "document.body.innerText.includes('done')", "the fixed page");
}
