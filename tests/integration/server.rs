//! `baton serve` started on a [`Site`] with `--port 0`, and a tiny HTTP client to talk to it.
//!
//! The client is a raw `TcpStream` GET with `Connection: close`: enough for pages, headers and
//! the status JSON, with no HTTP crate to build for the tests.

use crate::harness::{Site, baton};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// How long a rebuild may take before a test gives up (debug builds on a busy machine).
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `baton serve`; killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub(crate) address: String,
    /// Everything the server printed to stdout so far, line by line.
    output: mpsc::Receiver<String>,
    /// Everything it printed to stderr, shown when a test fails.
    errors: Arc<Mutex<String>>,
}

/// One HTTP response.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl Site {
    /// Starts `baton serve . --port 0` and waits for the URL it prints.
    pub(crate) fn serve(&self) -> Server {
        self.serve_with(&[])
    }

    /// Starts `baton serve . --port 0 ARGS` and waits for the URL it prints.
    pub(crate) fn serve_with(&self, args: &[&str]) -> Server {
        let mut child = baton()
            .args(["serve", ".", "--port", "0"])
            .args(args)
            .current_dir(self.path())
            .env("BATON_TODAY", "2026-11-20")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start baton serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let errors = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&errors);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap_or_else(PoisonError::into_inner).push_str(&(line + "\n"));
            }
        });
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server { child, address: String::new(), output, errors };
        server.address = server.wait_for_url();
        server
    }
}

impl Server {
    fn wait_for_url(&mut self) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Ok(line) = self.output.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if let Some(at) = line.find("http://") {
                let url = line[at + "http://".len()..].split_whitespace().next().unwrap_or("");
                return url.trim_end_matches('/').to_string();
            }
        }
        panic!("baton serve printed no URL");
    }

    /// What the server printed to stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.errors.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The server process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit by itself.
    pub(crate) fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// `GET path`.
    pub(crate) fn get(&self, path: &str) -> Response {
        self.get_with(path, "")
    }

    /// `GET path` with more header lines (each ending in `\r\n`).
    pub(crate) fn get_with(&self, path: &str, headers: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let host = &self.address;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n").expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        Response { status, headers, body: body.to_string() }
    }

    /// The body of a page that must be served.
    #[track_caller]
    pub(crate) fn page(&self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status, 200, "GET {path}:\n{}", response.body);
        response.body
    }

    /// `/__baton/status` as JSON.
    pub(crate) fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__baton/status").body).expect("status JSON")
    }

    fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().unwrap_or(0)
    }

    /// Runs `change` and waits until the server has rebuilt after it, every affected page
    /// included (lists may come in a second round); returns the status then.
    pub(crate) fn after(&self, change: impl FnOnce()) -> serde_json::Value {
        let before = self.generation();
        change();
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            let status = self.status();
            if status["generation"].as_u64().unwrap_or(0) > before && status["complete"] == true {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("no rebuild within {PATIENCE:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already gone is fine: some tests stop it themselves.
        self.child.kill().ok();
        self.child.wait().ok();
        if std::thread::panicking() {
            eprintln!("baton serve stderr:\n{}", self.errors.lock().unwrap_or_else(PoisonError::into_inner));
        }
    }
}

impl Site {
    /// Writes a file in place (the site stays borrowed, for edits while serving).
    pub(crate) fn put(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    /// Replaces `from` by `to` in a file.
    #[track_caller]
    pub(crate) fn replace(&self, path: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path().join(path)).expect("read");
        assert!(text.contains(from), "{path} lacks {from:?}");
        self.put(path, &text.replacen(from, to, 1));
    }
}

impl Site {
    /// Replaces text in the handoff `content/NAME.md`.
    #[track_caller]
    pub(crate) fn put_handoff_body(&self, name: &str, from: &str, to: &str) {
        self.replace(&format!("content/{name}.md"), from, to);
    }
}
