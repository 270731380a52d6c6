//! `baton serve` against hostile request paths: nothing outside the site is ever served.
//!
//! The site sits in a folder next to a `secret.txt` and a `Cargo.toml` holding a marker; every
//! request is written raw over a `TcpStream`, so no client tidies the path first. Each answer's
//! status is asserted exactly: 400 when the path tries to climb out or holds a character no site
//! file has, 404 when it is merely a name the site does not have, 414 when hyper finds the
//! request line too long to parse.

use crate::harness::{Site, fm};
use crate::server::Server;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

/// In the files outside the site; must never appear in a response.
const MARKER: &str = "BATON-SECRET-MARKER-7f3a9c";

/// A served site in a folder beside `secret.txt` and `Cargo.toml`, with symbolic links in
/// `static/` and in the theme's assets pointing at them.
fn site_beside_secrets(outer: &Path) -> Site {
    std::fs::write(outer.join("secret.txt"), format!("{MARKER}\n")).unwrap();
    std::fs::write(outer.join("Cargo.toml"), format!("[package]\nname = \"{MARKER}\"\n")).unwrap();
    let site = Site::new_in(outer)
        .write("baton.yaml", "title: Test Base\nrules:\n  readiness: off\n")
        .handoff("cdc", &fm("CDC pipeline", "ana", ""), "Stop the connector.\n")
        .write("static/img/ok.txt", "a static file\n")
        .write("themes/default/static/extra.css", "body {}\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(outer.join("secret.txt"), site.path().join("static/leak.txt")).unwrap();
        symlink(outer, site.path().join("static/leaks")).unwrap();
        symlink(outer.join("secret.txt"), site.path().join("themes/default/static/leak.css")).unwrap();
    }
    site
}

/// Sends `GET target` exactly as written and returns the status and the whole response.
fn raw_get(server: &Server, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.address);
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    // A server may close while the request is still being sent: what it answered counts.
    stream.read_to_end(&mut raw).ok();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, raw)
}

#[test]
fn request_paths_never_leave_the_site() {
    let outer = tempfile::tempdir().unwrap();
    let site = site_beside_secrets(outer.path());
    let server = site.serve();
    let secret_on_disk = outer.path().join("secret.txt");
    let absolute_form = format!("http://{}/../secret.txt", server.address);
    let cases: Vec<(&str, String, u16)> = vec![
        ("dot-dot", "/../secret.txt".into(), 400),
        ("dot-dot to Cargo.toml", "/../Cargo.toml".into(), 400),
        ("two levels up", "/../../secret.txt".into(), 400),
        ("through static/", "/static/../../secret.txt".into(), 400),
        ("through a real folder", "/handoffs/../../secret.txt".into(), 400),
        ("encoded dots", "/%2e%2e/secret.txt".into(), 400),
        ("encoded dots and slash", "/%2E%2E%2Fsecret.txt".into(), 400),
        ("encoded slash", "/..%2fsecret.txt".into(), 400),
        ("mixed dot", "/.%2e/secret.txt".into(), 400),
        ("single dot", "/./secret.txt".into(), 400),
        ("double encoding", "/%252e%252e/secret.txt".into(), 404),
        ("double encoding with slash", "/%252e%252e%252fsecret.txt".into(), 404),
        ("encoded backslashes", "/%5c..%5csecret.txt".into(), 400),
        ("encoded backslash after dots", "/..%5C..%5Csecret.txt".into(), 400),
        ("NUL", "/%00".into(), 400),
        ("NUL before an extension", "/secret.txt%00.html".into(), 400),
        ("CR LF", "/x%0d%0aLocation:%20/evil".into(), 400),
        ("not UTF-8", "/%ff%fe".into(), 400),
        ("absolute file system path", secret_on_disk.to_string_lossy().into_owned(), 404),
        ("double slash", "//etc/passwd".into(), 404),
        ("absolute-form request target", absolute_form, 400),
        ("symbolic link in static/", "/leak.txt".into(), 404),
        ("symbolic link to a folder in static/", "/leaks/secret.txt".into(), 404),
        ("symbolic link in the theme's assets", "/leak.css".into(), 404),
        ("long path, 60 KB", format!("/{}", "a/".repeat(30_000)), 404),
        ("long path, 100 KB", format!("/{}", "a".repeat(100_000)), 414),
    ];
    let mut wrong = Vec::new();
    for (what, target, expected) in &cases {
        let (status, response) = raw_get(&server, target);
        assert!(!response.contains(MARKER), "{what}: GET {target} leaked the secret:\n{response}");
        if status != *expected {
            wrong.push(format!("{what}: GET {:.80} answered {status}, expected {expected}", target));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The control: the same client does fetch real files, so the answers above mean something.
    let (status, response) = raw_get(&server, "/img/ok.txt");
    assert_eq!(status, 200, "{response}");
    assert!(response.ends_with("a static file\n"));
    assert_eq!(raw_get(&server, "/extra.css").0, 200);
}

#[test]
fn raw_backslashes_in_the_request_line_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    let site = site_beside_secrets(outer.path());
    let server = site.serve();
    for target in ["/..\\..\\secret.txt", "/\\..\\secret.txt", "/static\\..\\..\\secret.txt"] {
        let (status, response) = raw_get(&server, target);
        assert!(!response.contains(MARKER), "GET {target} leaked the secret:\n{response}");
        // hyper passes a raw backslash through; baton refuses it like an encoded one.
        assert_eq!(status, 400, "GET {target}:\n{response}");
    }
}

#[test]
fn a_folder_redirect_stays_on_this_server() {
    let outer = tempfile::tempdir().unwrap();
    let site = site_beside_secrets(outer.path());
    let server = site.serve();
    assert_eq!(server.get("/handoffs").header("location"), Some("/handoffs/"));
    // `//handoffs/` in a Location header is the host `handoffs`: an open redirect.
    let response = server.get("//handoffs");
    assert_eq!(response.status, 301);
    assert_eq!(response.header("location"), Some("/handoffs/"));
}

/// Sends a request head as written and returns the status (0 when the server answered nothing).
fn raw_head_status(server: &Server, head: &str) -> u16 {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    // hyper may answer and close before the whole head is sent; its answer is what counts.
    stream.write_all(head.as_bytes()).ok();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok();
    String::from_utf8_lossy(&raw).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn oversized_request_heads_and_bodies_are_refused_and_the_server_keeps_serving() {
    let site = Site::new().handoff("cdc", &fm("CDC pipeline", "ana", ""), "");
    let server = site.serve();
    let many: String = (0..150).map(|i| format!("X-Filler-{i}: x\r\n")).collect();
    let request = format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}Connection: close\r\n\r\n");
    assert_eq!(raw_head_status(&server, &request), 431, "more headers than hyper's 100");
    let huge = "x".repeat(500 * 1024);
    let request = format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Huge: {huge}\r\nConnection: close\r\n\r\n");
    assert_eq!(raw_head_status(&server, &request), 431, "a head over hyper's 400 KB buffer");
    let body = "x".repeat(1024 * 1024);
    let request = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(raw_head_status(&server, &request), 405, "no route takes a body");
    assert!(server.page("/handoffs/cdc/").contains("CDC pipeline"));
}

/// Sends `head` (a request line and headers, without the blank line) and returns the status and
/// the whole response.
fn raw_request(address: &str, head: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    stream.write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    (raw.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0), raw)
}

/// Every route: pages, a missing page, static files, the API, live reload and its script.
const ROUTES: [&str; 7] =
    ["/", "/handoffs/cdc/", "/nope/", "/img/ok.txt", "/api/search?q=connector", "/__baton/status", "/__baton/live.js"];

#[test]
fn requests_for_other_hosts_are_misdirected_on_every_route() {
    let outer = tempfile::tempdir().unwrap();
    let site = site_beside_secrets(outer.path());
    let server = site.serve();
    let port = server.address.rsplit_once(':').unwrap().1;
    let rebinding = [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("0.0.0.0:{port}"),
        format!("[::2]:{port}"),
        "".to_string(),
    ];
    for route in ROUTES.iter().chain(&["/__baton/events"]) {
        for host in &rebinding {
            let (status, response) = raw_request(&server.address, &format!("GET {route} HTTP/1.1\r\nHost: {host}"));
            assert_eq!(status, 421, "GET {route} for `{host}`:\n{response}");
            assert!(response.contains("misdirected request") && !response.contains("Stop the connector"), "{response}");
        }
        let (status, response) =
            raw_request(&server.address, &format!("GET {route} HTTP/1.1\r\nHost: localhost\r\nHost: evil.example"));
        assert_eq!(status, 400, "two Host headers on {route}:\n{response}");
        let (status, _) =
            raw_request(&server.address, &format!("GET http://evil.example{route} HTTP/1.1\r\nHost: localhost"));
        assert_eq!(status, 421, "an absolute target naming another host on {route}");
    }
    let (status, _) = raw_request(&server.address, "GET /handoffs/cdc/ HTTP/1.1");
    assert_eq!(status, 400, "HTTP/1.1 without Host");
    let (status, response) = raw_request(&server.address, "GET /handoffs/cdc/ HTTP/1.0");
    assert_eq!(status, 200, "HTTP/1.0 without Host: no browser sends it\n{response}");
}

#[test]
fn requests_for_localhost_loopback_and_allowed_names_are_answered() {
    let outer = tempfile::tempdir().unwrap();
    let site = site_beside_secrets(outer.path());
    let server = site.serve_with(&["--allow-host", "handoffs.internal", "--allow-host", "Box.Lan:8080"]);
    let port = server.address.rsplit_once(':').unwrap().1;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("127.8.9.10:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
        format!("handoffs.internal:{port}"),
        "box.lan".to_string(),
    ] {
        for route in ROUTES {
            let (status, response) = raw_request(&server.address, &format!("GET {route} HTTP/1.1\r\nHost: {host}"));
            let expected = if route == "/nope/" { 404 } else { 200 };
            assert_eq!(status, expected, "GET {route} for `{host}`:\n{response}");
        }
    }
    assert_eq!(raw_request(&server.address, "GET / HTTP/1.1\r\nHost: evil.example").0, 421);
}

#[test]
fn allow_host_star_answers_any_host_and_the_bind_address_is_answered() {
    let outer = tempfile::tempdir().unwrap();
    let site = site_beside_secrets(outer.path());
    let any = site.serve_with(&["--allow-host", "*"]);
    assert_eq!(raw_request(&any.address, "GET /handoffs/cdc/ HTTP/1.1\r\nHost: preview.example:443").0, 200);
    drop(any);
    let bound = site.serve_with(&["--bind", "0.0.0.0"]);
    let port = bound.address.rsplit_once(':').unwrap().1;
    let address = format!("127.0.0.1:{port}");
    assert_eq!(raw_request(&address, &format!("GET / HTTP/1.1\r\nHost: 0.0.0.0:{port}")).0, 200);
    assert_eq!(raw_request(&address, "GET / HTTP/1.1\r\nHost: evil.example").0, 421);
}
