//! `baton notify` against a webhook server run here on 127.0.0.1: what was posted, what was
//! retried, what was printed, the exit code, and that the URL's secret path never shows; and
//! `--dry-run` on the example site printing Slack and Teams payloads in their documented shapes.

use crate::harness::{Run, Site, baton, fm, read_request_head};
use serde_json::Value;
use std::io::{BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The secret part of every test webhook URL: it must appear in no output.
const SECRET: &str = "services/T000/B000/s3cr3tT0ken";

/// How the server answers one request.
#[derive(Clone, Copy)]
enum Answer {
    Status(u16),
    TooMany {
        retry_after: u32,
    },
    /// Waits this long before answering 200: past the client's (test-shortened) timeout.
    Slow(Duration),
}

/// One request as received.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    content_type: String,
    body: Value,
}

/// A webhook server answering requests in order from a script (200 once it runs out).
struct Hook {
    port: u16,
    received: Arc<Mutex<Vec<Request>>>,
}

impl Hook {
    fn start(script: Vec<Answer>) -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            let mut script = script.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(request) = read_request(&mut stream) else { continue };
                log.lock().expect("lock").push(request);
                let head = match script.next().unwrap_or(Answer::Status(200)) {
                    Answer::Status(code) => format!("HTTP/1.1 {code} Status\r\n"),
                    Answer::TooMany { retry_after } => {
                        format!("HTTP/1.1 429 Too Many Requests\r\nRetry-After: {retry_after}\r\n")
                    }
                    Answer::Slow(wait) => {
                        std::thread::sleep(wait);
                        "HTTP/1.1 200 OK\r\n".to_string()
                    }
                };
                let reply = format!("{head}Content-Length: 2\r\nConnection: close\r\n\r\nok");
                let _ignored_if_client_left = stream.write_all(reply.as_bytes());
            }
        });
        Hook { port, received }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{SECRET}?key=qu3ryS3cret", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.received.lock().expect("lock").clone()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let (path, headers) = read_request_head(&mut reader)?;
    let length = headers.get("content-length").map_or(Some(0), |l| l.parse().ok())?;
    let content_type = headers.get("content-type").cloned().unwrap_or_default();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request { path, content_type, body: serde_json::from_slice(&body).ok()? })
}

/// A base with one handoff waiting for review and one status change, on 2026-11-19.
fn site(config: &str) -> Site {
    Site::new()
        .write("baton.yaml", &format!("title: Hook Base\nbase_url: https://kb.example.com/\n{config}"))
        .write(
            "people.yaml",
            "ana: {name: Ana, team: Payments}\nkofi: {name: Kofi, team: Payments}\nmei: {name: Mei, team: Data}\n",
        )
        .handoff(
            "rotate-keys",
            &fm("Rotate keys", "kofi", "status: ready\nreviewer: ana\nhanded_off: 2026-11-19T10:00:00Z\n"),
            "",
        )
        .handoff("tidy", &fm("Tidy", "mei", "status: in-progress\nupdated: 2026-11-19T09:00:00Z\n"), "")
}

/// Runs `baton notify ARGS` in the site with `env` set and a 300 ms timeout per try.
fn notify(site: &Site, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = baton();
    command.arg("notify").args(args).current_dir(site.path()).env("BATON_TODAY", "2026-11-20");
    command.env("BATON_NOTIFY_TIMEOUT_MS", "300");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run baton");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[track_caller]
fn assert_no_secret(run: &Run) {
    for secret in ["s3cr3tT0ken", "qu3ryS3cret", "services/"] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} leaked:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn slack_route_posts_block_kit_once_with_item_links() {
    let hook = Hook::start(vec![Answer::Status(200)]);
    let site = site("");
    let run = notify(&site, &[("HOOK", &hook.url())], &["--to", "slack", "--url-env", "HOOK", "--since", "2d"]);
    run.assert_ok().assert_stderr_has("slack for everyone: posted");
    assert_no_secret(&run);
    let requests = hook.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, format!("/{SECRET}?key=qu3ryS3cret"));
    assert_eq!(requests[0].content_type, "application/json");
    let blocks = requests[0].body["blocks"].as_array().expect("blocks");
    assert_eq!(blocks[0]["type"], "header");
    let first = blocks[2]["text"]["text"].as_str().expect("item text");
    assert!(first.starts_with("*<https://kb.example.com/handoffs/rotate-keys/|Rotate keys>*"), "{first}");
    let last = blocks.last().expect("closing")["text"]["text"].as_str().expect("text");
    assert!(last.contains("<https://kb.example.com/digest/|Open the digest>"), "{last}");
}

#[test]
fn configured_routes_are_all_sent_and_a_failing_one_does_not_stop_the_next() {
    let missing = Hook::start(vec![Answer::Status(404)]);
    let teams = Hook::start(vec![Answer::Status(202)]);
    let config = "notify:\n  - {team: Payments, to: slack, url_env: PAY_HOOK}\n  - {for: mei, to: teams, url_env: MEI_HOOK}\n  - {to: webhook, url_env: UNSET_HOOK}\n";
    let site = site(config);
    let run = notify(&site, &[("PAY_HOOK", &missing.url()), ("MEI_HOOK", &teams.url())], &["--since", "2d"]);
    run.assert_code(1);
    assert_no_secret(&run);
    // 404 is final: one try.
    assert_eq!(missing.requests().len(), 1);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    let port = missing.port;
    assert_eq!(
        errors[0],
        format!("error: notify slack for Payments: posting to 127.0.0.1:{port} failed: HTTP 404 (after 1 try)")
    );
    assert_eq!(
        errors[1],
        "error: notify webhook for everyone: the environment variable UNSET_HOOK (url_env) is not set"
    );
    let card = &teams.requests()[0].body;
    assert_eq!(card["type"], "message");
    assert_eq!(card["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
    assert_eq!(card["attachments"][0]["content"]["body"][0]["text"], "Digest for @mei");
}

#[test]
fn too_many_requests_waits_as_retry_after_says_then_delivers() {
    let hook = Hook::start(vec![Answer::TooMany { retry_after: 1 }, Answer::Status(200)]);
    let started = std::time::Instant::now();
    let run = notify(&site(""), &[("HOOK", &hook.url())], &["--to", "webhook", "--url-env", "HOOK", "--since", "2d"]);
    run.assert_ok();
    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait for Retry-After");
    let requests = hook.requests();
    assert_eq!(requests.len(), 2);
    // The generic webhook gets `baton digest --format json`.
    assert_eq!(requests[1].body["version"], 1);
    assert_eq!(requests[1].body["items"][0]["subject"]["id"], "rotate-keys");
}

#[test]
fn server_error_is_retried_and_three_failures_are_reported() {
    let flaky = Hook::start(vec![Answer::Status(500), Answer::Status(200)]);
    let run = notify(&site(""), &[("HOOK", &flaky.url())], &["--to", "slack", "--url-env", "HOOK", "--since", "2d"]);
    run.assert_ok();
    assert_eq!(flaky.requests().len(), 2);

    let down = Hook::start(vec![Answer::Status(503); 5]);
    let run = notify(&site(""), &[("HOOK", &down.url())], &["--to", "slack", "--url-env", "HOOK", "--since", "2d"]);
    run.assert_code(1).assert_stderr_has("failed: HTTP 503 (after 3 tries)");
    assert_eq!(down.requests().len(), 3);
    assert_no_secret(&run);
}

#[test]
fn a_slow_server_times_out_each_try_without_leaking_the_url() {
    let hook = Hook::start(vec![Answer::Slow(Duration::from_millis(1500)); 3]);
    let run = notify(&site(""), &[("HOOK", &hook.url())], &["--to", "teams", "--url-env", "HOOK", "--since", "2d"]);
    run.assert_code(1).assert_stderr_has("failed: timed out (after 3 tries)");
    assert_no_secret(&run);
}

#[test]
fn empty_digest_posts_nothing_unless_always() {
    let hook = Hook::start(vec![]);
    let site = site("");
    let args = ["--to", "slack", "--url-env", "HOOK", "--since", "2026-11-19T23:00:00Z"];
    // The review owed is state, not news: it stays in every window, so ask for a team with none.
    let quiet = notify(&site, &[("HOOK", &hook.url())], &[&args[..], &["--team", "Data"]].concat());
    quiet.assert_ok().assert_stderr_has("slack for Data: nothing new, nothing posted");
    assert!(hook.requests().is_empty());
    let always = notify(&site, &[("HOOK", &hook.url())], &[&args[..], &["--team", "Data", "--always"]].concat());
    always.assert_ok();
    assert_eq!(hook.requests().len(), 1);
    assert_eq!(
        hook.requests()[0].body["blocks"][1]["elements"][0]["text"].as_str().map(|t| t.contains("0 need action")),
        Some(true)
    );
}

#[test]
fn relative_base_url_is_an_error_naming_the_setting() {
    let site = Site::new().handoff("a", &fm("A", "ana", "status: in-progress\n"), "");
    let run = notify(&site, &[], &["--to", "slack", "--dry-run"]);
    run.assert_code(2).assert_stderr_has("`base_url` in baton.yaml is `/`");
}

/// `baton notify --dry-run` on the example site: one payload on stdout, in the platform's shape.
fn example_payload(to: &str) -> Value {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let output = baton()
        .args(["notify", "--to", to, "--dry-run", "--today", "2026-11-20", "--base-url", "https://kb.example.com"])
        .arg(&example)
        .output()
        .expect("run baton");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON payload")
}

#[test]
fn dry_run_on_the_example_site_prints_slack_block_kit_within_its_limits() {
    let payload = example_payload("slack");
    assert!(payload["text"].as_str().is_some_and(|t| !t.is_empty()));
    let blocks = payload["blocks"].as_array().expect("blocks");
    assert!(blocks.len() <= 50);
    for block in blocks {
        let kind = block["type"].as_str().expect("type");
        assert!(["header", "context", "section"].contains(&kind), "{kind}");
        let texts = match kind {
            "context" => block["elements"].as_array().expect("elements").iter().collect(),
            _ => vec![&block["text"]],
        };
        for text in texts {
            let limit = if kind == "header" { 150 } else { 3000 };
            assert!(["plain_text", "mrkdwn"].contains(&text["type"].as_str().expect("text type")));
            assert!(text["text"].as_str().expect("text").chars().count() <= limit);
        }
    }
    let items: Vec<&str> = blocks[2..blocks.len() - 1].iter().filter_map(|b| b["text"]["text"].as_str()).collect();
    assert!(!items.is_empty() && items.iter().all(|t| t.starts_with("*<https://kb.example.com/")), "{items:?}");
}

#[test]
fn dry_run_on_the_example_site_prints_a_teams_adaptive_card() {
    let payload = example_payload("teams");
    assert_eq!(payload["type"], "message");
    let attachments = payload["attachments"].as_array().expect("attachments");
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0]["contentType"], "application/vnd.microsoft.card.adaptive");
    let card = &attachments[0]["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(card["$schema"], "http://adaptivecards.io/schemas/adaptive-card.json");
    assert!(card["body"].as_array().expect("body").iter().all(|b| b["type"] == "TextBlock" && b["text"].is_string()));
    assert_eq!(card["actions"][0]["type"], "Action.OpenUrl");
    assert_eq!(card["actions"][0]["url"], "https://kb.example.com/digest/");
    assert!(payload.to_string().len() < 28 * 1024);
}
