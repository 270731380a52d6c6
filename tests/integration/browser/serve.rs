//! A static file server on 127.0.0.1 for the browser tests: GET only. Like common static hosts,
//! it gzips HTML, CSS and JavaScript for a client that accepts it, sends everything else (the
//! search index files are gzipped already) as it is, and answers a single-range `Range` request
//! for such a file with `206 Partial Content`; a missing file gets the site's `404.html` with
//! status 404. [`serve_ignoring_ranges`] is a host that does not answer ranges.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// A running server; it stops accepting when the test process ends.
pub(crate) struct Server {
    /// `http://127.0.0.1:PORT/`.
    pub(crate) url: String,
}

/// Serves `root` on a free port of 127.0.0.1.
pub(crate) fn serve(root: &Path) -> Server {
    serve_with(root, true)
}

/// Serves `root` as [`serve`] does, but sends whole files whatever `Range` asks (as Python's
/// `http.server` does).
pub(crate) fn serve_ignoring_ranges(root: &Path) -> Server {
    serve_with(root, false)
}

fn serve_with(root: &Path, ranges: bool) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let root = root.clone();
            std::thread::spawn(move || answer(stream, &root, ranges));
        }
    });
    Server { url }
}

fn answer(mut stream: TcpStream, root: &Path, ranges: bool) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let (mut gzip_ok, mut range) = (false, None);
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        let lower = header.to_ascii_lowercase();
        gzip_ok |= lower.starts_with("accept-encoding:") && lower.contains("gzip");
        if let Some(value) = lower.strip_prefix("range:") {
            range = ranges.then(|| byte_range(value)).flatten();
        }
        header.clear();
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let (mut status, mut body, kind) = match file_for(root, path).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((file, body)) => ("200 OK", body, content_type(&file)),
        // As GitHub Pages, Netlify and Cloudflare Pages do: the site's own 404 page, if it has one.
        None => match std::fs::read(root.join("404.html")) {
            Ok(page) => ("404 Not Found", page, "text/html; charset=utf-8"),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        },
    };
    let mut extra_headers = String::new();
    if let Some((from, to)) = range.filter(|_| status.starts_with("200") && !kind.starts_with("text/")) {
        let to = to.min(body.len().saturating_sub(1));
        if from <= to && to < body.len() {
            extra_headers = format!("Content-Range: bytes {from}-{to}/{}\r\n", body.len());
            body = body[from..=to].to_vec();
            status = "206 Partial Content";
        }
    }
    if gzip_ok
        && kind.starts_with("text/")
        && let Ok(zipped) = baton_kb::search::static_index::encode::gzip(&body)
    {
        body = zipped;
        extra_headers = "Content-Encoding: gzip\r\n".to_string();
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{extra_headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body)).ok();
}

/// `bytes=FROM-TO` (inclusive), the one form of `Range` the search script sends.
fn byte_range(value: &str) -> Option<(usize, usize)> {
    let (from, to) = value.trim().strip_prefix("bytes=")?.split_once('-')?;
    Some((from.parse().ok()?, to.parse().ok()?))
}

/// The file a URL path names: no `..`, folders serve their `index.html`.
fn file_for(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    if decoded.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = root.join(decoded.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
