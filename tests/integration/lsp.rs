//! `baton lsp` driven over stdio with JSON-RPC, as an editor drives it.

use crate::harness::{Site, baton};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long any one answer may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `baton lsp` and what it has sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    received: Receiver<Value>,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(site: &Path) -> Client {
        let mut child = baton()
            .args(["lsp", "--today", "2026-11-20"])
            .current_dir(site)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start baton lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (send, received) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin, received, notifications: Vec::new(), next_id: 1 }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to baton lsp");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string());
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string());
        self.wait(|m| m["id"] == json!(id))
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The next message matching `wanted`; notifications passed on the way are kept.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.received.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.notifications.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no answer from baton lsp in {PATIENCE:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("baton lsp closed its output"),
            }
        }
    }

    /// The diagnostics last published for `uri`, waiting for a publication if none came yet
    /// since the last call.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        let kept: Vec<Value> = self.notifications.iter().filter(|m| is_for(m)).cloned().collect();
        self.notifications.retain(|m| !is_for(m));
        let last = match kept.last() {
            Some(last) => last.clone(),
            None => self.wait(is_for),
        };
        last["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn initialize(&mut self, root: &Path) -> Value {
        let result =
            self.result("initialize", json!({"processId": null, "rootUri": uri(root, ""), "capabilities": {}}));
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, root: &Path, path: &str) {
        let text = std::fs::read_to_string(root.join(path)).expect("read");
        let document = json!({"uri": uri(root, path), "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    fn change(&mut self, root: &Path, path: &str, version: i64, text: &str) {
        let document = json!({"uri": uri(root, path), "version": version});
        self.notify("textDocument/didChange", json!({"textDocument": document, "contentChanges": [{"text": text}]}));
    }

    fn at(&mut self, method: &str, root: &Path, path: &str, line: u32, character: u32) -> Value {
        let params =
            json!({"textDocument": {"uri": uri(root, path)}, "position": {"line": line, "character": character}});
        self.result(method, params)
    }

    /// Shuts down and exits; returns the exit code.
    fn finish(mut self) -> i32 {
        assert_eq!(self.result("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "baton lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(root: &Path, path: &str) -> String {
    let full = if path.is_empty() { root.to_path_buf() } else { root.join(path) };
    format!("file://{}", full.display()).replace(' ', "%20")
}

const PEOPLE: &str =
    "ana:\n  name: Ana Souza\n  team: Platform\n  tz: Europe/Berlin\nkofi:\n  name: Kofi Mensah\n  team: Ledger\n";
const EXPORT: &str =
    "---\ntitle: Ledger export\nowner: ana\ndue: 2026-12-01\n---\nIntro.\n\n## Rollback plan\n\nSteps.\n";
const REPORT: &str = "---\ntitle: Month-end report\nowner: kofi\ndepends_on: [ledger-exprot]\n---\nSee [[ledger-export#rollback-plan]].\n";
const REPORT_FIXED: &str = "---\ntitle: Month-end report\nowner: kofi\ndepends_on: [ledger-export]\n---\nSee [[ledger-export#rollback-plan]].\n";

fn ledger_site() -> Site {
    Site::new()
        .write("people.yaml", PEOPLE)
        .write("content/ledger/ledger-export.md", EXPORT)
        .write("content/reports/report.md", REPORT)
}

/// Every file of the site with its bytes, to prove the server wrote nothing.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    files.sort();
    files
}

/// (rule, message, line) of each finding `baton check --format json` prints for a file.
fn check_findings(root: &Path, file: &str) -> Vec<(String, String, u64)> {
    let run = baton().args(["check", "--format", "json", "--today", "2026-11-20"]).arg(root).output().expect("check");
    let report: Value = serde_json::from_slice(&run.stdout).expect("check json");
    let all = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let of_file = all.into_iter().filter(|d| d["file"] == file);
    of_file
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn published(diagnostics: &[Value]) -> Vec<(String, String, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap_or("").lines().next().unwrap_or("").to_string();
            (
                d["code"].as_str().unwrap_or("").to_string(),
                message,
                d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
            )
        })
        .collect()
}

#[test]
fn lsp_session_diagnoses_completes_navigates_and_renames_like_an_editor_needs() {
    let site = ledger_site();
    let root = site.path().to_path_buf();
    let before = snapshot(&root);
    let mut client = Client::start(&root);
    let capabilities = client.initialize(&root)["capabilities"].clone();
    assert_eq!(capabilities["textDocumentSync"], json!(2));
    assert_eq!(capabilities["renameProvider"], json!({"prepareProvider": true}));
    let report = "content/reports/report.md";
    client.open(&root, report);

    // The same finding `baton check` prints, at the misspelt id.
    let found = client.diagnostics(&uri(&root, report));
    assert_eq!(published(&found), check_findings(&root, report));
    assert_eq!(found[0]["code"], "unknown-id");
    assert_eq!(found[0]["range"], json!({"start": {"line": 3, "character": 13}, "end": {"line": 3, "character": 26}}));
    assert_eq!(
        found[0]["message"],
        "`depends_on` names `ledger-exprot`, but no handoff has that id\nhint: did you mean `ledger-export`?"
    );

    // The quick fix writes the suggestion.
    let range = found[0]["range"].clone();
    let params = json!({"textDocument": {"uri": uri(&root, report)}, "range": range, "context": {"diagnostics": []}});
    let actions = client.result("textDocument/codeAction", params);
    assert_eq!(actions[0]["title"], "Change to `ledger-export`");
    let edit = &actions[0]["edit"]["changes"][uri(&root, report)][0];
    assert_eq!(edit["newText"], "ledger-export");
    assert_eq!(edit["range"], range);

    // Fixing the text clears the finding.
    client.change(&root, report, 2, REPORT_FIXED);
    assert_eq!(client.diagnostics(&uri(&root, report)), Vec::<Value>::new());

    // Completion: ids with title and status, handles with name and team, headings after `#`.
    let items = client.at("textDocument/completion", &root, report, 3, 14);
    let export = items.as_array().unwrap().iter().find(|i| i["label"] == "ledger-export").expect("id offered").clone();
    assert_eq!(export["detail"], "Ledger export · draft");
    let handles = client.at("textDocument/completion", &root, report, 2, 7);
    let labels: Vec<(&str, &str)> = handles
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(labels, [("ana", "Ana Souza · Platform"), ("kofi", "Kofi Mensah · Ledger")]);
    let headings = client.at("textDocument/completion", &root, report, 5, 21);
    assert_eq!(
        headings.as_array().unwrap().iter().map(|i| i["label"].clone()).collect::<Vec<_>>(),
        [json!("rollback-plan")]
    );

    // Hover on the id and on the handle.
    let hover = client.at("textDocument/hover", &root, report, 3, 16);
    assert_eq!(
        hover["contents"]["value"],
        "**Ledger export** (`ledger-export`)\n\nhandoff · draft · owner `ana` · due 2026-12-01"
    );
    let person = client.at("textDocument/hover", &root, "content/ledger/ledger-export.md", 2, 8);
    let person = person["contents"]["value"].as_str().unwrap().to_string();
    assert!(
        person.starts_with("**Ana Souza** (`ana`)\n\nteam: Platform\n\ntime zone: Europe/Berlin (now "),
        "{person}"
    );

    // Definition: the wiki link's heading; the handle's people.yaml entry.
    let definition = client.at("textDocument/definition", &root, report, 5, 8);
    assert_eq!(definition["uri"], uri(&root, "content/ledger/ledger-export.md"));
    assert_eq!(definition["range"]["start"], json!({"line": 7, "character": 0}));
    let entry = client.at("textDocument/definition", &root, report, 2, 8);
    assert_eq!(entry["uri"], uri(&root, "people.yaml"));
    assert_eq!(entry["range"]["start"], json!({"line": 4, "character": 0}));

    // References: what depends on and links to the handoff.
    let params = json!({"textDocument": {"uri": uri(&root, "content/ledger/ledger-export.md")}, "position": {"line": 0, "character": 0}, "context": {"includeDeclaration": false}});
    let references = client.result("textDocument/references", params);
    let lines: Vec<(String, u64)> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"]["start"]["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(lines, [(uri(&root, report), 3), (uri(&root, report), 5)]);

    // Rename: refused when taken or invalid, else one edit for every mention.
    let rename = |name: &str| json!({"textDocument": {"uri": uri(&root, report)}, "position": {"line": 3, "character": 16}, "newName": name});
    let taken = client.request("textDocument/rename", rename("report"));
    assert_eq!(taken["error"]["code"], json!(-32803));
    assert!(taken["error"]["message"].as_str().unwrap().contains("that id is taken"), "{taken}");
    let invalid = client.request("textDocument/rename", rename("Ledger Export"));
    assert_eq!(invalid["error"]["code"], json!(-32803));
    let edit = client.result("textDocument/rename", rename("ledger-export-v2"));
    let in_report = edit["changes"][uri(&root, report)].as_array().unwrap().clone();
    assert_eq!(in_report.len(), 2);
    assert!(in_report.iter().all(|e| e["newText"] == "ledger-export-v2"));
    let in_export = &edit["changes"][uri(&root, "content/ledger/ledger-export.md")][0];
    assert_eq!(in_export["newText"], "id: ledger-export-v2\n");
    assert_eq!(in_export["range"]["start"], json!({"line": 1, "character": 0}));

    // Outline and workspace symbols.
    let symbols = client.at("textDocument/documentSymbol", &root, "content/ledger/ledger-export.md", 0, 0);
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["frontmatter", "Rollback plan"]);
    let found = client.result("workspace/symbol", json!({"query": "ledger"}));
    assert_eq!(found[0]["name"], "ledger-export: Ledger export");

    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(&root, report)}}));
    assert_eq!(client.finish(), 0);
    assert_eq!(snapshot(&root), before, "baton lsp wrote to the site");
}

#[test]
fn lsp_stays_up_under_bad_input() {
    let site = ledger_site();
    let root = site.path().to_path_buf();
    let mut client = Client::start(&root);
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], json!(-32002));
    client.initialize(&root);

    client.send_raw("{this is not json");
    let parse_error = client.wait(|m| m.get("error").is_some());
    assert_eq!((parse_error["id"].clone(), parse_error["error"]["code"].clone()), (Value::Null, json!(-32700)));
    let unknown = client.request("baton/teleport", json!({}));
    assert_eq!(unknown["error"]["code"], json!(-32601));
    let bad_params = client.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(bad_params["error"]["code"], json!(-32602));

    // A file outside the site: no answer, no error.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "---\ntitle: X\n---\n").unwrap();
    let params = json!({"textDocument": {"uri": uri(outside.path(), "x.md")}, "position": {"line": 1, "character": 2}});
    assert_eq!(client.result("textDocument/hover", params.clone()), Value::Null);
    assert_eq!(client.result("textDocument/definition", params), Value::Null);

    // A 10 MB buffer is reported as too large, and the server keeps answering.
    let report = "content/reports/report.md";
    client.open(&root, report);
    client.diagnostics(&uri(&root, report));
    let huge = format!("---\ntitle: Huge\nowner: kofi\n---\n{}", "word ".repeat(2 * 1024 * 1024));
    client.change(&root, report, 2, &huge);
    let found = client.diagnostics(&uri(&root, report));
    assert_eq!(found[0]["code"], "too-large");

    // A file deleted while open: once closed, the files naming it learn it is gone.
    let export = "content/ledger/ledger-export.md";
    client.change(&root, report, 3, REPORT_FIXED);
    assert_eq!(client.diagnostics(&uri(&root, report)), Vec::<Value>::new());
    client.open(&root, export);
    std::fs::remove_file(root.join(export)).unwrap();
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(&root, export)}}));
    let found = client.diagnostics(&uri(&root, report));
    let rules: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(rules, ["unknown-id", "broken-link"]);
    assert_eq!(client.finish(), 0);
}

const NYGARD: &str = "# 1. Use Postgres\n\nDate: 2026-10-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nOne more thing to run.\n";
const IN_CONTENT: &str = "# 2. Keep records beside the handoffs\n\nDate: 2026-11-02\n\n## Status\n\nAccepted\n\n## Context\n\nRecords elsewhere were forgotten.\n\n## Decision\n\nKeep them under content/.\n";

/// Records of `decision_dirs` and records under content/ are read as `baton check` reads them:
/// no "frontmatter" errors, their findings as warnings, and links to them resolve.
#[test]
fn lsp_reads_decision_records_as_check_does() {
    let site = ledger_site()
        .write("baton.yaml", "title: KB\ndecision_dirs:\n  - adr\n")
        .write("adr/0001-use-postgres.md", NYGARD)
        .write("content/adr/0002-keep-records-beside-the-handoffs.md", IN_CONTENT)
        .write("content/uses.md", "---\ntitle: Uses\nowner: ana\n---\nSee [[0001-use-postgres]] and [[0002-keep-records-beside-the-handoffs]].\n");
    let root = site.path().to_path_buf();
    let mut client = Client::start(&root);
    client.initialize(&root);
    let (folder, content) = ("adr/0001-use-postgres.md", "content/adr/0002-keep-records-beside-the-handoffs.md");
    for file in [folder, content, "content/uses.md"] {
        client.open(&root, file);
    }
    // Once a request is answered, everything sent before it was handled: nothing was
    // published for the page linking to both records, and for the record under content/ what
    // check says (a softened `accepted-without-rationale`), never a frontmatter error.
    client.result("workspace/symbol", json!({"query": "records"}));
    let about = |file: &str| {
        let wanted = uri(&root, file);
        let published = client.notifications.iter().filter(|m| m["params"]["uri"] == wanted.as_str());
        published.flat_map(|m| m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()).collect::<Vec<_>>()
    };
    assert_eq!(about("content/uses.md"), Vec::<Value>::new());
    let in_content = about(content);
    assert_eq!(published(&in_content), check_findings(&root, content));
    assert!(in_content.iter().all(|d| d["severity"] == json!(2)), "records only warn: {in_content:?}");
    client.notifications.clear();
    // An edit to each record: the findings `baton check` prints for the same text, as warnings.
    for (n, file) in [folder, content].into_iter().enumerate() {
        let text = std::fs::read_to_string(root.join(file))
            .unwrap()
            .replace("Date: 2026", "Date: 12/02/2016 and")
            .replace("Accepted", "Parked");
        std::fs::write(root.join(file), &text).unwrap();
        client.change(&root, file, 2 + n as i64, &text);
        let found = client.diagnostics(&uri(&root, file));
        let expected = check_findings(&root, file);
        assert!(!expected.is_empty(), "check finds the unknown status and date in {file}");
        assert_eq!(published(&found), expected, "{file}");
        assert!(found.iter().all(|d| d["severity"] == json!(2)), "records only warn: {found:?}");
    }
    assert_eq!(client.finish(), 0);
}

/// The Lua a headless Neovim runs against `baton lsp` with its built-in client (0.7+).
const NEOVIM_CHECK: &str = include_str!("lsp_neovim.lua");

/// A copy of the example site in a temporary folder.
fn example_site() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in walkdir::WalkDir::new(&from).into_iter().filter_map(Result::ok) {
        let to = dir.path().join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

/// Neovim's own LSP client, headless, on a handoff of the example site: the diagnostic for an
/// unknown owner typed into the buffer, completion, hover, definition and rename. Skipped with
/// a notice where `nvim` is not installed.
#[test]
fn lsp_works_in_neovim_headless() {
    let Ok(version) = std::process::Command::new("nvim").arg("--version").output() else {
        eprintln!("notice: nvim not found; lsp_works_in_neovim_headless skipped");
        return;
    };
    eprintln!("{}", String::from_utf8_lossy(&version.stdout).lines().next().unwrap_or_default());
    let (seen, run) = drive_editor("nvim", "check.lua", NEOVIM_CHECK, |script| {
        let luafile = format!("luafile {}", script.display());
        ["--headless", "--clean", "-n", "-i", "NONE", "-c", &luafile].map(String::from).to_vec()
    });
    assert!(seen.get("error").is_none(), "{seen:#}");
    assert_eq!(seen["after_edit"][0]["code"], "unknown-person", "{seen:#}");
    assert_eq!(seen["after_fix"], json!([]), "{seen:#}");
    assert_eq!(seen["completion"]["label"], "ledger-v2-cutover", "{seen:#}");
    assert!(seen["hover"].as_str().unwrap_or_default().contains("(`ledger-v2-cutover`)"), "{seen:#}");
    assert_eq!(seen["definition"], "content/payments/ledger-v2/ledger-v2-cutover.md", "{seen:#}");
    assert!(seen["rename_files"].as_array().is_some_and(|f| f.len() > 1), "{seen:#}");
    assert_eq!(seen["renamed_line"], "  - ledger-v2-go-live", "{seen:#}");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

/// Runs `program` on a copy of the example site with `script` (written there as `name`) that
/// drives `baton lsp` on one handoff and writes what the editor saw to a JSON file; `args` are
/// the editor's arguments given the script's path. Returns what was seen and the editor's run.
fn drive_editor(
    program: &str,
    name: &str,
    script: &str,
    args: impl Fn(&Path) -> Vec<String>,
) -> (Value, std::process::Output) {
    let site = example_site();
    let path = site.path().join(name);
    std::fs::write(&path, script).expect("write the script");
    let out = site.path().join("seen.json");
    let run = std::process::Command::new(program)
        .args(args(&path))
        .env("BATON_BIN", env!("CARGO_BIN_EXE_baton"))
        .env("BATON_SITE", site.path())
        .env("BATON_FILE", "content/payments/ledger-v2/ledger-v1-decommission.md")
        .env("BATON_OUT", &out)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let seen: Value = serde_json::from_slice(&std::fs::read(&out).unwrap_or_default())
        .unwrap_or_else(|_| panic!("{program} wrote nothing: {}", String::from_utf8_lossy(&run.stderr)));
    (seen, run)
}

/// The Emacs Lisp that drives `baton lsp` from eglot (1.9+) in batch.
const EGLOT_CHECK: &str = include_str!("lsp_eglot.el");

/// Emacs's eglot, in batch, on a handoff of the example site: the diagnostic for an unknown
/// owner, completion, hover, definition and rename. Skipped with a notice where `emacs` or
/// eglot is not installed.
#[test]
fn lsp_works_in_emacs_eglot() {
    let has_eglot = std::process::Command::new("emacs")
        .args(["--batch", "-q", "--eval", "(require 'eglot)"])
        .output()
        .is_ok_and(|run| run.status.success());
    if !has_eglot {
        eprintln!("notice: emacs with eglot not found; lsp_works_in_emacs_eglot skipped");
        return;
    }
    let (seen, run) = drive_editor("emacs", "check.el", EGLOT_CHECK, |script| {
        vec!["--batch".into(), "-q".into(), "-l".into(), script.display().to_string()]
    });
    assert!(seen.get("error").is_none(), "{seen:#}");
    let first = seen["after_edit"][0]["text"].as_str().unwrap_or_default();
    assert!(first.starts_with("baton [unknown-person]: `nobody` is not in people.yaml"), "{seen:#}");
    assert!(seen["hover"].as_str().unwrap_or_default().contains("(`ledger-v2-cutover`)"), "{seen:#}");
    assert!(seen["definition"].as_str().unwrap_or_default().ends_with("ledger-v2/ledger-v2-cutover.md"), "{seen:#}");
    assert_eq!(seen["renamed_line"], "  - ledger-v2-go-live", "{seen:#}");
    assert_eq!(seen["after_rename"], Value::Null, "no findings once every buffer has the new id: {seen:#}");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}
