//! `baton serve` under load: hundreds of live-reload streams and thousands of page requests.
//!
//! The tests hold the streams open as a browser would (raw `TcpStream`s reading the server-sent
//! events) while other threads fetch pages, then check that the server still serves, that every
//! stream it accepted still hears the next rebuild, and that its memory stayed bounded.

use crate::harness::{Site, fm};
use crate::server::Server;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The two tests below each hold hundreds of sockets; one at a time keeps the test process far
/// from a 1,024 file-descriptor limit.
static MANY_SOCKETS: Mutex<()> = Mutex::new(());

/// The cap in src/serve/live_clients.rs.
const MAX_LIVE_CLIENTS: usize = 512;

fn small_base() -> Site {
    let mut site = Site::new().write("baton.yaml", "title: Test Base\nrules:\n  readiness: off\n");
    for i in 0..20 {
        site = site.handoff(&format!("h{i}"), &fm(&format!("Handoff {i}"), "ana", "tags: [load]\n"), "Some notes.\n");
    }
    site
}

/// Opens `/__baton/events` for `page` and returns the stream once the answer's head is read,
/// with its status and whatever came after the head.
fn open_events(address: &str, page: &str) -> (u16, TcpStream, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(stream, "GET /__baton/events?page={page} HTTP/1.1\r\nHost: {address}\r\n\r\n").expect("send");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, stream, head)
}

/// Opens `count` event streams from `threads` threads at once; every one must be accepted.
fn open_many(address: &str, count: usize, threads: usize) -> Vec<TcpStream> {
    let per_thread = count / threads;
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let address = address.to_string();
            std::thread::spawn(move || {
                (0..per_thread)
                    .map(|i| {
                        let (status, stream, head) = open_events(&address, &format!("handoffs/h{}/", (t + i) % 20));
                        assert_eq!(status, 200, "stream {t}/{i}:\n{head}");
                        stream
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    handles.into_iter().flat_map(|h| h.join().expect("opener thread")).collect()
}

/// Waits until the server counts `count` listeners.
fn wait_for_listeners(server: &Server, count: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.status()["listeners"].as_u64() != Some(count) {
        assert!(Instant::now() < deadline, "listeners: {}, expected {count}", server.status()["listeners"]);
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads from a stream until it holds a `rebuild` event; false if none came within the timeout.
fn hears_rebuild(stream: &mut TcpStream) -> bool {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: rebuild") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
    true
}

/// `GET path` with a fresh connection; the status, or 0 when the exchange failed.
fn status_of(address: &str, path: &str) -> u16 {
    let Ok(mut stream) = TcpStream::connect(address) else { return 0 };
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    if write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").is_err() {
        return 0;
    }
    let mut raw = Vec::new();
    if stream.read_to_end(&mut raw).is_err() {
        return 0;
    }
    String::from_utf8_lossy(&raw).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Peak and current resident memory of a process, in MB, from `/proc/PID/status`.
fn memory_mb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb / 1024)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

#[test]
fn hundreds_of_live_reload_streams_and_a_request_burst_leave_the_server_serving() {
    let _one_at_a_time = MANY_SOCKETS.lock().unwrap_or_else(PoisonError::into_inner);
    let started = Instant::now();
    let site = small_base();
    let server = site.serve();
    let before = memory_mb(server.pid());
    let mut streams = open_many(&server.address, 300, 6);
    wait_for_listeners(&server, 300);

    // The burst: 4 threads × 1,000 requests, each on its own connection, mixing pages, a
    // missing page and a refused path, while the 300 streams stay open.
    let expected = [("/", 200), ("/handoffs/", 200), ("/handoffs/h7/", 200), ("/nope/", 404), ("/%2e%2e/x", 400)];
    let burst: Vec<_> = (0..4)
        .map(|t| {
            let address = server.address.clone();
            std::thread::spawn(move || {
                (0..1000)
                    .filter(|i| {
                        let (path, want) = expected[(t + i) % expected.len()];
                        status_of(&address, path) != want
                    })
                    .count()
            })
        })
        .collect();
    let wrong: usize = burst.into_iter().map(|h| h.join().expect("burst thread")).sum();
    assert_eq!(wrong, 0, "requests of the burst answered with the wrong status (or not at all)");

    assert!(server.page("/handoffs/h3/").contains("Handoff 3"));
    assert_eq!(server.status()["listeners"], 300, "no stream was dropped under the burst");
    server.after(|| site.replace("content/h3.md", "Some notes.", "Other notes."));
    let deaf = streams.iter_mut().map(hears_rebuild).filter(|heard| !heard).count();
    assert_eq!(deaf, 0, "of 300 open streams, {deaf} did not hear the rebuild");

    // A small site in a debug build starts at about 35 MB resident and peaked 8 MB above that
    // here. The bounds leave room for a noisy machine yet catch growth per connection: keeping
    // 16 KB for each of the 4,300 connections would add 67 MB.
    if let (Some((_, at_start)), Some((peak, _))) = (before, memory_mb(server.pid())) {
        eprintln!("serve memory: {at_start} MB at start, peak {peak} MB");
        assert!(peak < 300 && peak.saturating_sub(at_start) < 64, "peak {peak} MB, {at_start} MB at start");
    }
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
}

#[test]
fn live_reload_streams_past_the_cap_are_refused_and_the_open_ones_kept() {
    let _one_at_a_time = MANY_SOCKETS.lock().unwrap_or_else(PoisonError::into_inner);
    let site = small_base();
    let server = site.serve();
    let mut streams = open_many(&server.address, MAX_LIVE_CLIENTS, 8);
    wait_for_listeners(&server, MAX_LIVE_CLIENTS as u64);
    let (status, _extra, head) = open_events(&server.address, "handoffs/h1/");
    assert_eq!(status, 503, "{head}");
    let mut refused = TcpStream::connect(&server.address).expect("connect");
    write!(refused, "GET /__baton/events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("send");
    let mut answer = String::new();
    refused.read_to_string(&mut answer).expect("read");
    assert!(answer.contains("too many live-reload connections: 512 are open"), "{answer}");
    assert!(server.page("/handoffs/").contains("Handoff 1"), "pages still load");
    server.after(|| site.replace("content/h1.md", "Some notes.", "Other notes."));
    let deaf = streams.iter_mut().map(hears_rebuild).filter(|heard| !heard).count();
    assert_eq!(deaf, 0, "of {MAX_LIVE_CLIENTS} open streams, {deaf} did not hear the rebuild");
}
