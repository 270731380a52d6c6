//! `baton serve`: the real binary on a temp site, edited while it runs, asserted over HTTP.

use crate::harness::{Site, fm};
use std::time::Duration;

/// Readiness rules are off: these tests are about serving, and short fixtures read better.
const SETTINGS: &str = "title: Test Base\nrules:\n  readiness: off\n";

fn team_base() -> Site {
    Site::new()
        .write("baton.yaml", SETTINGS)
        .write("people.yaml", "ana:\n  name: Ana Souza\n  team: Data\nkofi:\n  name: Kofi Mensah\n  team: Payments\n")
        .handoff(
            "payments/ledger",
            &fm("Ledger rollout", "kofi", "status: in-progress\ndepends_on: [cdc]\ntags: [ledger]\n"),
            "The ledger moves first.\n",
        )
        .handoff("data/cdc", &fm("CDC pipeline", "ana", "status: in-progress\n"), "Stop the connector to roll back.\n")
        .handoff(
            "data/retention",
            &fm("Retention policy", "ana", "status: ready\nreviewer: kofi\n"),
            "Keep events for 30 days.\n",
        )
}

#[test]
fn a_body_edit_changes_the_page_and_renders_only_that_page() {
    let site = team_base();
    let server = site.serve();
    assert!(server.page("/handoffs/cdc/").contains("Stop the connector"));
    let before_list = server.page("/handoffs/");
    let status = server.after(|| site.replace("content/data/cdc.md", "Stop the connector", "Pause the connector"));
    assert_eq!(status["rendered"], 1, "{status}");
    assert_eq!(status["changed"], serde_json::json!(["handoffs/cdc/"]));
    let page = server.get("/handoffs/cdc/");
    assert!(page.body.contains("Pause the connector"));
    assert_eq!(page.header("x-baton-rendered"), Some("1"));
    assert_eq!(server.page("/handoffs/"), before_list, "the list does not show bodies");
}

#[test]
fn a_status_change_updates_the_lists_that_show_it() {
    let site = team_base();
    let server = site.serve();
    let total = server.status()["rendered"].as_u64().unwrap();
    let status = server.after(|| {
        site.replace("content/data/cdc.md", "status: in-progress", "status: blocked\nblocked_reason: Vendor outage")
    });
    let rendered = status["rendered"].as_u64().unwrap();
    assert!(rendered >= 1 && rendered < total, "{rendered} of {total}");
    assert!(server.page("/status/blocked/").contains("CDC pipeline"));
    assert!(!server.page("/status/in-progress/").contains("CDC pipeline"));
    let ledger = server.page("/handoffs/ledger/");
    let depends = &ledger[ledger.find("Depends on").unwrap()..];
    assert!(depends.contains("blocked"), "the dependent page shows the new status");
}

#[test]
fn added_renamed_and_deleted_files_add_move_and_remove_pages() {
    let site = team_base();
    let server = site.serve();
    assert_eq!(server.get("/handoffs/pager/").status, 404);
    server.after(|| {
        site.put("content/ops/pager.md", "---\ntitle: Pager rotation\nowner: kofi\ntags: [ledger]\n---\nNew.\n")
    });
    assert!(server.page("/handoffs/pager/").contains("Pager rotation"));
    assert!(server.page("/handoffs/").contains("Pager rotation"));
    assert!(server.page("/tags/ledger/").contains("Pager rotation"));

    server.after(|| {
        std::fs::rename(site.path().join("content/ops/pager.md"), site.path().join("content/ops/on-call.md")).unwrap()
    });
    assert_eq!(server.get("/handoffs/pager/").status, 404, "the id came from the old file name");
    assert!(server.page("/handoffs/on-call/").contains("Pager rotation"));

    server.after(|| std::fs::remove_file(site.path().join("content/ops/on-call.md")).unwrap());
    assert_eq!(server.get("/handoffs/on-call/").status, 404);
    assert!(!server.page("/handoffs/").contains("Pager rotation"));
    assert!(!server.page("/tags/ledger/").contains("Pager rotation"));
}

#[test]
fn an_editor_save_through_a_temp_file_is_one_rebuild() {
    let site = team_base();
    let server = site.serve();
    let status = server.after(|| {
        let temp = site.path().join("content/data/cdc.md___jb_tmp___");
        std::fs::write(&temp, "---\ntitle: CDC pipeline\nowner: ana\n---\nSaved the JetBrains way.\n").unwrap();
        std::fs::rename(&temp, site.path().join("content/data/cdc.md")).unwrap();
    });
    assert!(status["errors"].is_null(), "{status}");
    assert!(server.page("/handoffs/cdc/").contains("Saved the JetBrains way."));
}

#[test]
fn a_broken_edit_shows_the_overlay_over_the_last_good_page_until_fixed() {
    let site = team_base();
    let server = site.serve();
    let status =
        server.after(|| site.replace("content/data/cdc.md", "status: in-progress", "status: [in-progress\nowner: x"));
    let errors = status["errors"].as_str().expect("errors reported");
    assert!(errors.contains("content/data/cdc.md:4:"), "{errors}");
    for page in ["/handoffs/cdc/", "/", "/tags/"] {
        let html = server.page(page);
        assert!(html.contains("id=\"baton-overlay\""), "{page} has no overlay");
        assert!(html.contains("content/data/cdc.md:4:"));
    }
    assert!(server.page("/handoffs/cdc/").contains("Stop the connector"), "the last good page stays");

    let status = server.after(|| site.replace("content/data/cdc.md", "status: [in-progress\nowner: x", "status: done"));
    assert!(status["errors"].is_null(), "{status}");
    let html = server.page("/handoffs/cdc/");
    assert!(!html.contains("id=\"baton-overlay\""));
    assert!(server.page("/status/done/").contains("CDC pipeline"));
}

#[test]
fn served_pages_get_the_live_reload_script_and_unknown_paths_a_404() {
    let site = team_base();
    let server = site.serve();
    let page = server.page("/handoffs/ledger/");
    assert!(page.contains("<script src=\"/__baton/live.js\""));
    let script = server.get("/__baton/live.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").unwrap_or("").starts_with("text/javascript"));
    assert!(script.body.contains("new EventSource(\"/__baton/events?page=\""));
    assert_eq!(server.get("/handoffs/ledger").status, 301);
    assert_eq!(server.get("/no/such/page/").status, 404);
    let css = server.get("/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8")),
        "theme assets are served"
    );
}

#[test]
fn files_are_served_in_ranges_as_a_static_host_serves_search_packs() {
    let site = team_base();
    let server = site.serve();
    let whole = server.get("/style.css");
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    let part = server.get_with("/style.css", "Range: bytes=0-9\r\n");
    assert_eq!((part.status, part.header("content-range")), (206, Some(&*format!("bytes 0-9/{}", whole.body.len()))));
    assert_eq!(part.body, whole.body[..10]);
    let past = server.get_with("/style.css", &format!("Range: bytes={}-\r\n", whole.body.len()));
    assert_eq!(past.status, 416);
    // Pages are never cut: they carry the live-reload script.
    assert_eq!(server.get_with("/handoffs/ledger/", "Range: bytes=0-9\r\n").status, 200);
}

#[test]
fn built_output_contains_no_live_reload_script() {
    let site = team_base();
    site.build().assert_ok();
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__baton") && !text.contains("live.js"), "{path} mentions live reload");
    }
}

#[test]
fn a_taken_port_is_named_with_a_free_one_to_try() {
    let site = team_base();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", ".", "--port", &port]);
    run.assert_code(2).assert_stderr_has(&format!("port {port} on 127.0.0.1 is already in use"));
    run.assert_stderr_has("--port 0");
}

#[test]
fn search_api_answers_like_baton_search() {
    let site = team_base();
    let server = site.serve();
    let response = server.get("/api/search?q=ledger");
    assert_eq!(response.status, 200, "{}", response.body);
    let cli = site.run(&["search", "ledger", "--json"]);
    let (api, cli): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&response.body).unwrap(), serde_json::from_str(&cli.stdout).unwrap());
    assert_eq!(api, cli, "the API and the command line give the same results");
    let bad = server.get("/api/search?q=%22unclosed");
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly_and_leaves_no_files() {
    let site = team_base();
    let before: Vec<_> =
        walkdir::WalkDir::new(site.path()).sort_by_file_name().into_iter().map(|e| e.unwrap().into_path()).collect();
    let mut server = site.serve();
    // An open event stream must not keep the server from stopping.
    let mut events = std::net::TcpStream::connect(&server.address).unwrap();
    std::io::Write::write_all(&mut events, b"GET /__baton/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let interrupted = std::process::Command::new("kill").args(["-INT", &server.pid().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let status = server.wait_exit(Duration::from_secs(10)).expect("baton serve did not stop on Ctrl-C");
    assert!(status.success(), "{status:?}");
    let after: Vec<_> =
        walkdir::WalkDir::new(site.path()).sort_by_file_name().into_iter().map(|e| e.unwrap().into_path()).collect();
    assert_eq!(before, after, "serve wrote nothing to the site folder");
}

#[test]
fn a_site_broken_from_the_start_is_served_with_the_overlay_until_fixed() {
    let site = team_base().handoff("broken", "title: [Broken\nowner: ana\n", "Body.\n");
    let server = site.serve();
    let missing = server.get("/handoffs/cdc/");
    assert_eq!(missing.status, 404, "nothing built yet");
    assert!(
        missing.body.contains("id=\"baton-overlay\"") && missing.body.contains("content/broken.md:2:"),
        "{}",
        missing.body
    );
    let status = server.after(|| site.replace("content/broken.md", "title: [Broken", "title: Fixed"));
    assert!(status["errors"].is_null(), "{status}");
    assert!(server.page("/handoffs/broken/").contains("Fixed"));
    assert!(server.page("/handoffs/cdc/").contains("Stop the connector"));
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = team_base();
    let server = site.serve_with(&["--bind", "0.0.0.0"]);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !server.stderr().contains("warning: serving on 0.0.0.0") {
        assert!(std::time::Instant::now() < deadline, "no warning: {}", server.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn static_files_added_and_deleted_while_serving_are_served_and_checked() {
    let site = team_base();
    let server = site.serve();
    assert_eq!(server.get("/img/flow.svg").status, 404);
    // `static/` does not exist yet: the folder and the file arrive together.
    server.after(|| site.put("static/img/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    let image = server.get("/img/flow.svg");
    assert_eq!((image.status, image.header("content-type")), (200, Some("image/svg+xml")), "{}", image.body);
    let linked = |s: &Site| {
        s.replace("content/data/cdc.md", "Stop the connector", "![Flow](/img/flow.svg)\n\nStop the connector")
    };
    let status = server.after(|| linked(&site));
    assert!(status["errors"].is_null(), "the new image satisfies the link: {status}");
    assert!(server.page("/handoffs/cdc/").contains("src=\"../../img/flow.svg\""));

    let status = server.after(|| std::fs::remove_file(site.path().join("static/img/flow.svg")).unwrap());
    let errors = status["errors"].as_str().unwrap_or_default();
    assert!(errors.contains("error[missing-static]") && errors.contains("content/data/cdc.md"), "{status}");
    let status = server.after(|| site.put("static/img/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    assert!(status["errors"].is_null(), "{status}");

    let status =
        server.after(|| std::fs::rename(site.path().join("static/img"), site.path().join("static/pics")).unwrap());
    assert!(status["errors"].as_str().unwrap_or_default().contains("error[missing-static]"), "{status}");
    let status =
        server.after(|| std::fs::rename(site.path().join("static/pics"), site.path().join("static/img")).unwrap());
    assert!(status["errors"].is_null(), "{status}");
    assert_eq!(server.get("/img/flow.svg").status, 200);

    server.after(|| site.put("themes/default/static/extra.css", "main { margin: 0 }\n"));
    assert_eq!(server.page("/extra.css"), "main { margin: 0 }\n", "a theme asset added while serving");
}

/// Every `href` and `src` value in `html`.
fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').expect("a closing quote");
            links.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    links
}

/// The links of a 404 page that lead somewhere on the site (not the canonical URL).
fn site_links(html: &str) -> Vec<String> {
    let links: Vec<String> =
        links_in(html).into_iter().filter(|l| !l.starts_with("http") && !l.starts_with('#')).collect();
    assert!(links.len() > 10, "{links:?}");
    links
}

#[test]
fn the_404_page_at_a_nested_address_links_to_what_serve_serves() {
    let settings = format!("{SETTINGS}base_url: https://x.github.io/repo/\n");
    let site = team_base().write("baton.yaml", &settings);
    let server = site.serve();
    for address in ["/nope", "/handoffs/nope/", "/handoffs/nope/deeper/", "/a/b/c/d.png"] {
        let missing = server.get(address);
        assert_eq!(missing.status, 404, "{address}");
        assert!(missing.body.contains("<link rel=\"stylesheet\" href=\"/style.css\">"), "{}", missing.body);
        for link in site_links(&missing.body) {
            assert!(link.starts_with('/'), "`{link}` on the 404 page at {address} is relative");
            // serve renders pages, assets and static files, not the feeds (on every page alike).
            if !link.ends_with(".xml") {
                assert_eq!(server.get(&link).status, 200, "`{link}` on the 404 page at {address}");
            }
        }
    }
}

#[test]
fn the_built_404_page_links_from_the_published_path() {
    let site = team_base();
    for (base_url, published) in [("https://x.github.io/repo/", "/repo/"), ("/", "/"), ("/kb", "/kb/")] {
        site.run(&["build", ".", "--base-url", base_url]).assert_ok();
        let page = std::fs::read_to_string(site.public().join("404.html")).unwrap();
        assert!(page.contains(&format!("href=\"{published}style.css\"")), "{base_url}: {page}");
        // A server publishing the folder at `published` (nginx's `error_page 404 /404.html`
        // under a path) finds every file the page links to, from any missing address.
        for link in site_links(&page) {
            let path =
                link.strip_prefix(published).unwrap_or_else(|| panic!("{base_url}: `{link}` is not under {published}"));
            let path = path.split(['?', '#']).next().unwrap_or_default();
            let file =
                if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
            assert!(site.public().join(&file).is_file(), "{base_url}: `{link}` leads to no file");
        }
    }
}
