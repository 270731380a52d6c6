//! Headless Chromium driven over the DevTools protocol, and a static file server for it.
//!
//! The protocol client is ours (about 200 lines over `tungstenite`) rather than a crate such as
//! `headless_chrome`: the tests need six commands (navigate, evaluate, key events, screenshot,
//! network events), and owning them costs less than the ~60 crates a full client compiles, while
//! giving direct access to the network log the benchmark measures. Tests call [`Browser::launch`]:
//! with no Chromium installed it prints a notice and returns `None` (the test then passes without
//! running), unless `BATON_REQUIRE_BROWSER=1`, which CI sets, turns that into a failure.

pub(crate) mod serve;

use serde_json::{Value, json};
use std::io::{BufRead as _, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// One network response seen by the page.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    pub(crate) url: String,
    pub(crate) bytes: u64,
}

/// A headless Chromium with one page open.
pub(crate) struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium, or explains why not: `None` means skip, unless CI requires a browser.
    pub(crate) fn launch(test: &str) -> Option<Browser> {
        let Some(binary) = chromium() else {
            if std::env::var("BATON_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!("{test}: BATON_REQUIRE_BROWSER=1 but no chromium was found on PATH");
            }
            eprintln!(
                "note: skipping browser test {test}: no chromium on PATH (install it, e.g. `apt-get install chromium`)"
            );
            return None;
        };
        Some(Browser::start(&binary).unwrap_or_else(|e| panic!("{test}: starting {binary}: {e}")))
    }

    fn start(binary: &str) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--window-size=1200,900",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let ws_url = devtools_url(stderr)?;
        let socket = connect(&ws_url)?;
        let mut browser =
            Browser { child, socket, session: String::new(), next_id: 0, events: Vec::new(), _profile: profile };
        let target = browser.send(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"].as_str().ok_or("no targetId")?.to_string();
        let attached = browser.send(None, "Target.attachToTarget", json!({"targetId": target_id, "flatten": true}))?;
        browser.session = attached["sessionId"].as_str().ok_or("no sessionId")?.to_string();
        for domain in ["Page.enable", "Runtime.enable", "Network.enable"] {
            browser.call(domain, json!({}));
        }
        browser.call("Network.setCacheDisabled", json!({"cacheDisabled": false}));
        Ok(browser)
    }

    /// Sends a command to the page and returns its result.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket.send(Message::text(message.to_string())).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let Some(reply) = self.read()? else { continue };
            if reply["id"].as_u64() == Some(id) {
                if let Some(error) = reply.get("error") {
                    return Err(error.to_string());
                }
                return Ok(reply["result"].clone());
            }
            self.events.push(reply);
        }
        Err(format!("no answer to {method} in 30 s"))
    }

    fn read(&mut self) -> Result<Option<Value>, String> {
        match self.socket.read() {
            Ok(Message::Text(text)) => serde_json::from_str(&text).map(Some).map_err(|e| e.to_string()),
            Ok(_) => Ok(None),
            Err(tungstenite::Error::Io(e))
                if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                Ok(None)
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Reads pending events for up to `wait`.
    pub(crate) fn drain(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            match self.read() {
                Ok(Some(event)) => self.events.push(event),
                Ok(None) => {}
                Err(e) => panic!("reading events: {e}"),
            }
        }
    }

    /// Opens `url` and waits until the page has loaded.
    pub(crate) fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete'", Duration::from_secs(20));
    }

    /// Evaluates a JavaScript expression (awaiting a promise) and returns its value.
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        self.try_eval(expression).unwrap_or_else(|e| panic!("{expression}: {e}"))
    }

    fn try_eval(&mut self, expression: &str) -> Result<Value, String> {
        let params = json!({"expression": expression, "returnByValue": true, "awaitPromise": true});
        let session = self.session.clone();
        let result = self.send(Some(&session), "Runtime.evaluate", params)?;
        match result.get("exceptionDetails") {
            Some(exception) => Err(exception.to_string()),
            None => Ok(result["result"]["value"].clone()),
        }
    }

    /// Polls `expression` until it is truthy (errors while a page loads count as not yet);
    /// panics with the expression after `timeout`.
    #[track_caller]
    pub(crate) fn wait_for(&mut self, expression: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if self.try_eval(&format!("Boolean({expression})")) == Ok(json!(true)) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {expression}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types text one key at a time, as a person would.
    pub(crate) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let s = c.to_string();
            self.call("Input.dispatchKeyEvent", json!({"type": "keyDown", "key": s, "text": s, "unmodifiedText": s}));
            self.call("Input.dispatchKeyEvent", json!({"type": "keyUp", "key": s}));
        }
    }

    /// Presses a named key: `ArrowDown`, `ArrowUp`, `Enter`, `Escape`.
    pub(crate) fn press(&mut self, key: &str) {
        let (code, text) = match key {
            "ArrowDown" => (40, ""),
            "ArrowUp" => (38, ""),
            "Enter" => (13, "\r"),
            "Escape" => (27, ""),
            other => panic!("no key code for {other}"),
        };
        let mut down = json!({"type": "rawKeyDown", "key": key, "code": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code});
        if !text.is_empty() {
            down["type"] = json!("keyDown");
            down["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code}),
        );
    }

    /// Writes a PNG of the viewport.
    pub(crate) fn screenshot(&mut self, path: &std::path::Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = shot["data"].as_str().expect("screenshot data");
        std::fs::write(path, base64_decode(data)).expect("write screenshot");
    }

    /// Forgets the network log so far.
    /// Emulates the reader's colour scheme (`light` or `dark`) for the pages opened next.
    pub(crate) fn color_scheme(&mut self, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// Runs a script's source in the page through the DevTools protocol, as an extension
    /// would: the page's Content Security Policy (no inline or injected scripts) still holds
    /// for the page itself.
    pub(crate) fn inject(&mut self, source: &str) {
        let result = self.call("Runtime.evaluate", json!({"expression": source, "returnByValue": false}));
        assert!(result.get("exceptionDetails").is_none(), "injected script failed: {}", result["exceptionDetails"]);
    }

    /// URLs answered with an error status (or not at all) since the last [`Self::clear_network`].
    pub(crate) fn failed_requests(&mut self) -> Vec<String> {
        self.drain(Duration::from_millis(200));
        let mut urls = std::collections::HashMap::new();
        let mut failed = Vec::new();
        for event in &self.events {
            let params = &event["params"];
            match event["method"].as_str() {
                Some("Network.requestWillBeSent") => {
                    let url = params["request"]["url"].as_str().unwrap_or("").to_string();
                    urls.insert(params["requestId"].to_string(), url);
                }
                Some("Network.responseReceived") if params["response"]["status"].as_u64().unwrap_or(0) >= 400 => {
                    let status = &params["response"]["status"];
                    failed.push(format!("{} ({status})", params["response"]["url"].as_str().unwrap_or("")));
                }
                Some("Network.loadingFailed") if params["canceled"] != json!(true) => {
                    let url = urls.get(&params["requestId"].to_string()).cloned().unwrap_or_default();
                    failed.push(format!("{url} ({})", params["errorText"]));
                }
                _ => {}
            }
        }
        failed
    }

    pub(crate) fn clear_network(&mut self) {
        self.drain(Duration::from_millis(50));
        self.events.clear();
    }

    /// Responses finished since the last [`Browser::clear_network`], with bytes on the wire.
    pub(crate) fn network(&mut self) -> Vec<Fetched> {
        self.drain(Duration::from_millis(200));
        let mut urls = std::collections::HashMap::new();
        let mut fetched = Vec::new();
        for event in &self.events {
            let params = &event["params"];
            match event["method"].as_str() {
                Some("Network.requestWillBeSent") => {
                    urls.insert(
                        params["requestId"].to_string(),
                        params["request"]["url"].as_str().unwrap_or("").to_string(),
                    );
                }
                Some("Network.loadingFinished") => fetched.push(Fetched {
                    url: urls.get(&params["requestId"].to_string()).cloned().unwrap_or_default(),
                    bytes: params["encodedDataLength"].as_f64().unwrap_or(0.0) as u64,
                }),
                _ => {}
            }
        }
        fetched
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.socket.close(None).ok();
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// The Chromium to use: `BATON_CHROMIUM`, or the first of the usual names on PATH.
fn chromium() -> Option<String> {
    if let Ok(path) = std::env::var("BATON_CHROMIUM") {
        return Some(path);
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].into_iter().find_map(|name| {
        std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()).map(|p| p.display().to_string())
    })
}

/// Reads Chromium's stderr until it prints its DevTools address; keeps draining it afterwards
/// so a chatty browser never blocks on a full pipe.
fn devtools_url(stderr: std::process::ChildStderr) -> Result<String, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("ws://") {
                tx.send(line[at..].trim().to_string()).ok();
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(30))
        .map_err(|_| "Chromium did not print its DevTools address in 30 s".to_string())
}

fn connect(ws_url: &str) -> Result<WebSocket<TcpStream>, String> {
    let host = ws_url.trim_start_matches("ws://").split('/').next().ok_or("bad DevTools address")?;
    let stream = TcpStream::connect(host).map_err(|e| e.to_string())?;
    let (socket, _) = tungstenite::client(ws_url, stream).map_err(|e| e.to_string())?;
    // Short reads from here on, so waiting for events never blocks past a deadline.
    socket.get_ref().set_read_timeout(Some(Duration::from_millis(20))).map_err(|e| e.to_string())?;
    Ok(socket)
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, c)| acc | (u32::from(value(*c)) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
