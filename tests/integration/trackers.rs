//! `baton sync` against tracker servers run here on 127.0.0.1 that answer in GitHub's, GitLab's
//! and Jira's documented shapes: what was requested (paths, `If-None-Match`, auth headers), what
//! was cached, what was printed, and that no token shows anywhere; then build, check, export and
//! the digest reading the cache without any network.

use crate::harness::{Run, Site, baton, fm, read_request_head};
use baton_kb::search::query::parse;
use baton_kb::search::static_index::Fragment;
use baton_kb::search::static_index::rank::StaticIndex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const GH_TOKEN: &str = "ghp_s3cr3tGitHubT0ken";
const GL_TOKEN: &str = "glpat-s3cr3tGitLabT0ken";
const JIRA_TOKEN: &str = "j1raS3cr3tT0ken";

/// One request as received.
#[derive(Debug, Clone)]
struct Request {
    /// Path and query.
    target: String,
    /// Header names lower-cased.
    headers: BTreeMap<String, String>,
}

/// How the server answers.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    delay: Duration,
}

impl Reply {
    fn json(body: &str) -> Reply {
        Reply { status: 200, headers: Vec::new(), body: body.to_string(), delay: Duration::ZERO }
    }

    fn status(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: String::new(), delay: Duration::ZERO }
    }

    fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Route = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// A tracker server: each connection on its own thread; `route` gets the request and how many
/// times its target was asked before.
struct Tracker {
    port: u16,
    received: Arc<Mutex<Vec<Request>>>,
    most_in_flight: Arc<AtomicUsize>,
}

impl Tracker {
    fn start(route: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Tracker {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most_in_flight = Arc::new(AtomicUsize::new(0));
        let route: Arc<Route> = Arc::new(route);
        let (log, most) = (Arc::clone(&received), Arc::clone(&most_in_flight));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let (log, route, in_flight, most) =
                    (Arc::clone(&log), Arc::clone(&route), Arc::clone(&in_flight), Arc::clone(&most));
                std::thread::spawn(move || {
                    let Some(request) = read_request(&mut stream) else { return };
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    let asked = {
                        let mut log = log.lock().expect("lock");
                        let asked = log.iter().filter(|r: &&Request| r.target == request.target).count();
                        log.push(request.clone());
                        asked
                    };
                    let reply = route(&request, asked);
                    std::thread::sleep(reply.delay);
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    let mut head = format!("HTTP/1.1 {} Status\r\n", reply.status);
                    for (name, value) in &reply.headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    let answer = format!(
                        "{head}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                        reply.body.len(),
                        reply.body
                    );
                    let _ignored_if_client_left = stream.write_all(answer.as_bytes());
                });
            }
        });
        Tracker { port, received, most_in_flight }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.received.lock().expect("lock").clone()
    }

    fn request_to(&self, target: &str) -> Request {
        let all = self.requests();
        all.into_iter().find(|r| r.target == target).unwrap_or_else(|| panic!("no request to {target}"))
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Request> {
    let (target, headers) = read_request_head(&mut BufReader::new(stream))?;
    Some(Request { target, headers })
}

/// The trackers' answers, in their documented shapes.
fn github_pull(state: &str, merged: bool) -> String {
    let merged_at = if merged { "\"2026-11-19T16:02:11Z\"" } else { "null" };
    format!(
        r#"{{"url":"x","number":12,"state":"{state}","title":"Retry webhooks with backoff","user":{{"login":"kofi"}},"assignee":{{"login":"kofi","id":1}},"assignees":[],"created_at":"2026-11-10T09:00:00Z","updated_at":"2026-11-19T16:02:12Z","closed_at":{merged_at},"merged_at":{merged_at},"merged":{merged},"draft":false}}"#
    )
}

fn github_issue(state: &str) -> String {
    format!(
        r#"{{"number":7,"state":"{state}","state_reason":null,"title":"Webhooks lost on restart","assignee":null,"assignees":[],"labels":[],"updated_at":"2026-11-18T08:00:00Z","closed_at":null}}"#
    )
}

fn gitlab_mr(state: &str) -> String {
    format!(
        r#"{{"id":9001,"iid":45,"project_id":77,"title":"DNS failover","state":"{state}","assignee":{{"id":3,"username":"mei","name":"Mei"}},"updated_at":"2026-11-19T10:00:00.000Z","merged_at":null,"closed_at":null,"web_url":"https://git.example.com/platform/infra/dns/-/merge_requests/45"}}"#
    )
}

fn jira_issue(category: &str, name: &str) -> String {
    format!(
        r#"{{"id":"10371","key":"DP-371","self":"x","fields":{{"summary":"Move DAGs to Dagster","status":{{"name":"{name}","id":"3","statusCategory":{{"id":4,"key":"{category}","name":"x"}}}},"assignee":{{"displayName":"Mei Lin","active":true}},"updated":"2026-11-19T10:00:00.000+0100"}}}}"#
    )
}

/// A site whose handoffs link a GitHub pull request and issue, a self-hosted GitLab merge request
/// (in a subgroup) and a Jira issue, with every tracker's `api` on `server`.
fn site(server: &Tracker, extra_config: &str) -> Site {
    let api = server.base();
    let config = format!(
        "title: Sync Base\ntrackers:\n  github: {{token_env: GH_TOKEN_VAR, api: '{api}/gh'}}\n  gitlab: {{url: https://git.example.com, token_env: GL_TOKEN_VAR, api: '{api}/gl/api/v4'}}\n  jira: {{url: https://acme.atlassian.net, user_env: JIRA_USER_VAR, token_env: JIRA_TOKEN_VAR, api: '{api}/jira'}}\n{extra_config}"
    );
    Site::new()
        .write("baton.yaml", &config)
        .handoff(
            "retries",
            &fm(
                "Retries",
                "kofi",
                "status: in-progress\nlinks:\n  - {title: PR, url: 'https://github.com/acme/ledger/pull/12', kind: code}\n",
            ),
            "Fixes https://github.com/acme/ledger/issues/7.\n",
        )
        .handoff(
            "dns",
            &fm("DNS", "mei", "status: done\n"),
            "See [the MR](https://git.example.com/platform/infra/dns/-/merge_requests/45) and <https://acme.atlassian.net/browse/DP-371>.\n",
        )
}

/// A route answering every item of [`site`] with 200 and an ETag.
fn all_open(request: &Request, _asked: usize) -> Reply {
    match request.target.as_str() {
        "/gh/repos/acme/ledger/pulls/12" => Reply::json(&github_pull("open", false)).header("ETag", "\"pr12-v1\""),
        "/gh/repos/acme/ledger/issues/7" => Reply::json(&github_issue("open")).header("ETag", "W/\"is7-v1\""),
        "/gl/api/v4/projects/platform%2Finfra%2Fdns/merge_requests/45" => Reply::json(&gitlab_mr("opened")),
        "/jira/rest/api/2/issue/DP-371?fields=status,summary,assignee,updated" => {
            Reply::json(&jira_issue("indeterminate", "In Review"))
        }
        other => panic!("unexpected request {other}"),
    }
}

/// `baton sync` in the site, with the test tokens in the environment.
fn sync(site: &Site) -> Run {
    sync_timing_out_after(site, 5000)
}

/// [`sync`] with each request timing out after `ms` milliseconds.
fn sync_timing_out_after(site: &Site, ms: u32) -> Run {
    let output = baton()
        .arg("sync")
        .current_dir(site.path())
        .env("GH_TOKEN_VAR", GH_TOKEN)
        .env("GL_TOKEN_VAR", GL_TOKEN)
        .env("JIRA_USER_VAR", "mei@acme.test")
        .env("JIRA_TOKEN_VAR", JIRA_TOKEN)
        .env("BATON_SYNC_TIMEOUT_MS", ms.to_string())
        .output()
        .expect("run baton");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn cache_text(site: &Site) -> String {
    std::fs::read_to_string(site.path().join(".baton/trackers.json")).expect("a cache")
}

fn cache(site: &Site) -> Value {
    serde_json::from_str(&cache_text(site)).expect("cache is JSON")
}

#[track_caller]
fn assert_no_token(site: &Site, run: &Run) {
    let cached = std::fs::read_to_string(site.path().join(".baton/trackers.json")).unwrap_or_default();
    for token in [GH_TOKEN, GL_TOKEN, JIRA_TOKEN, "s3cr3t"] {
        for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr), ("cache", &cached)] {
            assert!(!text.contains(token), "{token} leaked in {what}:\n{text}");
        }
    }
}

#[test]
fn sync_asks_each_api_in_its_shape_with_its_auth_and_caches_the_states() {
    let server = Tracker::start(all_open);
    let site = site(&server, "");
    let run = sync(&site);
    run.assert_ok();
    assert_no_token(&site, &run);
    assert!(
        run.stdout.contains("synced 4 items (4 fetched, 0 not modified, 0 not found, 0 changed)"),
        "{}",
        run.stdout
    );
    // Progress is for terminals only.
    assert!(!run.stderr.contains(" of 4"), "{}", run.stderr);
    let pull = server.request_to("/gh/repos/acme/ledger/pulls/12");
    assert_eq!(pull.headers["authorization"], format!("Bearer {GH_TOKEN}"));
    assert_eq!(pull.headers["accept"], "application/vnd.github+json");
    assert!(pull.headers["user-agent"].starts_with("baton/"));
    assert!(!pull.headers.contains_key("if-none-match"));
    let mr = server.request_to("/gl/api/v4/projects/platform%2Finfra%2Fdns/merge_requests/45");
    assert_eq!(mr.headers["private-token"], GL_TOKEN);
    let jira = server.request_to("/jira/rest/api/2/issue/DP-371?fields=status,summary,assignee,updated");
    // base64("mei@acme.test:j1raS3cr3tT0ken")
    assert_eq!(jira.headers["authorization"], "Basic bWVpQGFjbWUudGVzdDpqMXJhUzNjcjN0VDBrZW4=");
    let items = &cache(&site)["items"];
    assert_eq!(items["github:acme/ledger#12"]["state"], "open");
    assert_eq!(items["github:acme/ledger#12"]["etag"], "\"pr12-v1\"");
    assert_eq!(items["github:acme/ledger#12"]["assignee"], "kofi");
    assert_eq!(items["github:acme/ledger#7"]["kind"], "issue");
    assert_eq!(items["gitlab:platform/infra/dns!45"]["reference"], "platform/infra/dns!45");
    assert_eq!(items["jira:DP-371"]["status"], "In Review");
    assert_eq!(items["jira:DP-371"]["updated"], "2026-11-19T09:00:00Z");
    assert!(items["jira:DP-371"]["fetched_at"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[test]
fn a_resync_asks_with_if_none_match_keeps_304_entries_and_reports_what_changed() {
    let server = Tracker::start(|request, asked| {
        if asked == 0 {
            return all_open(request, asked);
        }
        match (request.target.as_str(), request.headers.get("if-none-match").map(String::as_str)) {
            ("/gh/repos/acme/ledger/pulls/12", Some("\"pr12-v1\"")) => {
                Reply::json(&github_pull("closed", true)).header("ETag", "\"pr12-v2\"")
            }
            ("/gh/repos/acme/ledger/issues/7", Some("W/\"is7-v1\"")) => Reply::status(304),
            _ => all_open(request, asked),
        }
    });
    let site = site(&server, "");
    sync(&site).assert_ok();
    let before = cache(&site);
    let run = sync(&site);
    run.assert_ok();
    assert_no_token(&site, &run);
    assert!(run.stdout.contains("GitHub pull request acme/ledger#12: open → merged"), "{}", run.stdout);
    assert!(run.stdout.contains("(3 fetched, 1 not modified, 0 not found, 1 changed)"), "{}", run.stdout);
    let after = cache(&site);
    let pr = &after["items"]["github:acme/ledger#12"];
    assert_eq!((pr["state"].as_str(), pr["previous"].as_str()), (Some("merged"), Some("open")));
    assert_eq!(pr["changed_at"], "2026-11-19T16:02:11Z");
    assert_eq!(pr["etag"], "\"pr12-v2\"");
    // The 304 kept everything but the time it was asked.
    let (mut old, mut new) =
        (before["items"]["github:acme/ledger#7"].clone(), after["items"]["github:acme/ledger#7"].clone());
    assert!(new["fetched_at"].as_str() >= old["fetched_at"].as_str());
    old["fetched_at"] = Value::Null;
    new["fetched_at"] = Value::Null;
    assert_eq!(old, new);
}

#[test]
fn a_missing_item_is_marked_not_found() {
    let server = Tracker::start(|request, asked| match request.target.as_str() {
        "/gh/repos/acme/ledger/issues/7" => {
            Reply { body: r#"{"message":"Not Found","documentation_url":"x"}"#.into(), ..Reply::status(404) }
        }
        _ => all_open(request, asked),
    });
    let site = site(&server, "");
    let run = sync(&site);
    run.assert_ok();
    assert!(run.stdout.contains("1 not found"), "{}", run.stdout);
    assert_eq!(cache(&site)["items"]["github:acme/ledger#7"]["state"], "not-found");
}

#[test]
fn unauthorized_names_the_token_variable_never_the_token_and_leaves_the_cache_as_it_was() {
    let refuse = Arc::new(AtomicUsize::new(0));
    let flag = Arc::clone(&refuse);
    let server = Tracker::start(move |request, asked| {
        if flag.load(Ordering::SeqCst) == 1 && request.target.starts_with("/gh/") {
            return Reply { body: r#"{"message":"Bad credentials"}"#.into(), ..Reply::status(401) };
        }
        all_open(request, asked)
    });
    let site = site(&server, "");
    sync(&site).assert_ok();
    let before = cache_text(&site);
    refuse.store(1, Ordering::SeqCst);
    let run = sync(&site);
    run.assert_code(1);
    assert_no_token(&site, &run);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    // One line for GitHub (its other item is not asked, or its refusal not repeated), then the verdict.
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].contains("GitHub answered HTTP 401: the credentials in GH_TOKEN_VAR were refused"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[1], "error: sync failed; .baton/trackers.json was left unchanged");
    assert_eq!(cache_text(&site), before);
}

#[test]
fn too_many_requests_waits_as_retry_after_says() {
    let server = Tracker::start(|request, asked| match (request.target.as_str(), asked) {
        ("/gh/repos/acme/ledger/pulls/12", 0) => Reply::status(429).header("Retry-After", "1"),
        _ => all_open(request, asked),
    });
    let site = site(&server, "");
    let started = Instant::now();
    let run = sync(&site);
    run.assert_ok();
    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait for Retry-After");
    assert_eq!(server.requests().iter().filter(|r| r.target == "/gh/repos/acme/ledger/pulls/12").count(), 2);
    assert_eq!(cache(&site)["items"]["github:acme/ledger#12"]["state"], "open");
}

#[test]
fn a_rate_limit_resetting_in_an_hour_stops_the_sync_and_keeps_what_was_fetched() {
    let reset = (jiff::Timestamp::now().as_second() + 3600).to_string();
    let server = Tracker::start(move |request, asked| match request.target.as_str() {
        "/gh/repos/acme/ledger/pulls/12" => {
            Reply { body: r#"{"message":"API rate limit exceeded"}"#.into(), ..Reply::status(403) }
                .header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", &reset)
                .after(Duration::from_millis(300))
        }
        _ => all_open(request, asked),
    });
    let site = site(&server, "");
    let run = sync(&site);
    run.assert_code(1);
    assert_no_token(&site, &run);
    assert!(run.stderr.contains("error: sync GitHub's rate limit is used up: it resets at"), "{}", run.stderr);
    assert!(run.stderr.contains("stopped, keeping what was fetched"), "{}", run.stderr);
    let items = &cache(&site)["items"];
    assert!(items.get("github:acme/ledger#12").is_none());
    assert_eq!(items["jira:DP-371"]["state"], "open");
}

#[test]
fn a_slow_server_times_out_and_the_cache_stays_as_it_was() {
    let slow = Arc::new(AtomicUsize::new(0));
    let flag = Arc::clone(&slow);
    let server = Tracker::start(move |request, asked| {
        let reply = all_open(request, asked);
        if flag.load(Ordering::SeqCst) == 1 && request.target.starts_with("/jira/") {
            return reply.after(Duration::from_millis(1500));
        }
        reply
    });
    let site = site(&server, "");
    sync(&site).assert_ok();
    let before = cache_text(&site);
    slow.store(1, Ordering::SeqCst);
    let run = sync_timing_out_after(&site, 300);
    run.assert_code(1).assert_stderr_has("error: sync Jira issue DP-371: timed out (after 3 tries)");
    assert_no_token(&site, &run);
    assert_eq!(cache_text(&site), before);
}

#[test]
fn a_malformed_body_is_an_error_for_that_item_and_nothing_is_written() {
    let server = Tracker::start(|request, asked| match request.target.as_str() {
        "/gl/api/v4/projects/platform%2Finfra%2Fdns/merge_requests/45" => Reply::json("<html>maintenance</html>"),
        _ => all_open(request, asked),
    });
    let site = site(&server, "");
    let run = sync(&site);
    run.assert_code(1).assert_stderr_has(
        "error: sync GitLab merge request platform/infra/dns!45: GitLab answered HTTP 200 but the answer is not JSON",
    );
    assert!(!site.path().join(".baton/trackers.json").exists());
}

#[test]
fn at_most_four_requests_are_in_flight() {
    let server = Tracker::start(|request, _| {
        Reply::json(&github_pull("open", false)).after(Duration::from_millis(150)).header("X-Seen", &request.target)
    });
    let links: String = (1..=10)
        .map(|n| format!("  - {{title: PR {n}, url: 'https://github.com/acme/ledger/pull/{n}', kind: code}}\n"))
        .collect();
    let site = Site::new()
        .write("baton.yaml", &format!("title: T\ntrackers:\n  github: {{api: '{}'}}\n", server.base()))
        .handoff("many", &fm("Many", "ana", &format!("status: in-progress\nlinks:\n{links}")), "");
    let run = sync(&site);
    run.assert_ok();
    assert_eq!(server.requests().len(), 10);
    let most = server.most_in_flight.load(Ordering::SeqCst);
    assert!((2..=4).contains(&most), "{most} requests in flight at once");
    // No token configured: none sent.
    assert!(server.requests().iter().all(|r| !r.headers.contains_key("authorization")));
}

/// A cache in `baton sync`'s format, fetched at 2026-11-19 23:00 UTC.
const CACHE: &str = r#"{
  "version": 1,
  "synced_at": "2026-11-19T23:00:00Z",
  "items": {
    "github:acme/ledger#12": {"tracker": "github", "reference": "acme/ledger#12", "kind": "pull",
      "url": "https://github.com/acme/ledger/pull/12", "state": "merged", "title": "Retry webhooks",
      "assignee": "kofi", "fetched_at": "2026-11-19T23:00:00Z", "previous": "open", "changed_at": "2026-11-19T16:02:11Z"},
    "github:acme/ledger#7": {"tracker": "github", "reference": "acme/ledger#7", "kind": "issue",
      "url": "https://github.com/acme/ledger/issues/7", "state": "open", "title": "Webhooks lost",
      "fetched_at": "2026-11-19T23:00:00Z"}
  }
}
"#;

/// A base of three handoffs linking the two items of [`CACHE`].
fn cached_site(with_cache: bool) -> Site {
    let pr = "links:\n  - {title: PR, url: 'https://github.com/acme/ledger/pull/12', kind: code}\n";
    // Readiness is not what these tests are about.
    let site = Site::new()
        .write("baton.yaml", "title: T\nrules: {readiness: off, acceptance-open: off}\n")
        .write("people.yaml", "kofi: {name: Kofi, team: Payments}\nana: {name: Ana, team: Payments}\n")
        .handoff(
            "merged-work",
            &fm("Merged work", "kofi", &format!("status: in-progress\nupdated: 2026-11-19\n{pr}")),
            "",
        )
        .handoff(
            "done-early",
            &fm("Done early", "ana", "status: done\n"),
            "Tracks https://github.com/acme/ledger/issues/7.\n",
        )
        .handoff("plain", &fm("Plain", "ana", "status: draft\n"), "No trackers here.\n");
    if with_cache { site.write(".baton/trackers.json", CACHE) } else { site }
}

#[test]
fn built_pages_show_states_from_the_cache_and_nothing_without_one() {
    let without = cached_site(false);
    without.build().assert_ok();
    let with = cached_site(true);
    with.build().assert_ok();
    // Without a cache, not a trace of trackers in any page or index.
    for (path, bytes) in without.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Tracker items") && !text.contains("badge tracker tracker-"), "{path}");
        assert!(!text.contains("\"trackers\""), "{path}");
    }
    let page = with.page("handoffs/merged-work");
    assert!(page.contains("<h2 id=\"trackers-h\">Tracker items</h2>"), "{page}");
    assert!(page.contains("GitHub pull request</span> <a href=\"https://github.com/acme/ledger/pull/12\" rel=\"noopener\"><code>acme/ledger#12</code></a> <span class=\"badge tracker tracker-merged status-done\">merged</span> Retry webhooks"), "{page}");
    assert!(page.contains("as of <time>2026-11-19 23:00 UTC</time>"), "{page}");
    let done = with.page("handoffs/done-early");
    assert!(done.contains("<span class=\"badge tracker tracker-open status-in-progress\">open</span>"), "{done}");
    // Lists mark what is merged or closed.
    let list = with.page("handoffs");
    assert!(list.contains("<span class=\"badge tracker tracker-merged\" title=\"GitHub pull request acme/ledger#12 merged (as of 2026-11-19 23:00 UTC)\">acme/ledger#12 merged</span>"), "{list}");
    assert!(with.page("owners/kofi").contains("acme/ledger#12 merged"));
    // Search results carry the mark too (the page's script shows it beside the status).
    let public = with.public();
    let mut index = StaticIndex::open(|path| std::fs::read(public.join(path)).ok()).expect("static index");
    let ranked = index.search(&parse("merged").expect("query")).expect("search");
    let fragments: Vec<Fragment> = ranked.docs.iter().map(|(n, _)| index.fragment(*n).expect("fragment")).collect();
    let hit = fragments.iter().find(|f| f.id == "merged-work").expect("merged-work found");
    assert_eq!(hit.trackers, ["acme/ledger#12 merged"]);
    // The export carries the state (a small base's records are all in the first part).
    let part = with.public().join("export/handoffs-1.json");
    let export: Value = serde_json::from_slice(&std::fs::read(part).expect("export/handoffs-1.json")).expect("JSON");
    let handoffs = export["handoffs"].as_array().expect("handoffs");
    let merged = handoffs.iter().find(|h| h["id"] == "merged-work").expect("merged-work");
    assert_eq!(merged["trackers"][0]["state"], "merged");
    assert_eq!(merged["trackers"][0]["reference"], "acme/ledger#12");
    assert!(handoffs.iter().find(|h| h["id"] == "plain").expect("plain").get("trackers").is_none());
}

#[test]
fn the_two_rules_fire_on_the_cache_and_say_when_it_is_old() {
    let site = cached_site(true);
    let run = site.run(&["check", ".", "--today", "2026-11-20T01:00:00Z"]);
    run.assert_ok()
        .assert_stderr_has("warning[linked-item-open]: marked done, but GitHub issue acme/ledger#7 is still open")
        .assert_stderr_has(
            "warning[linked-items-closed]: in-progress, but every item it links to is closed or merged: GitHub pull request acme/ledger#12 merged",
        );
    assert!(!run.stderr.contains("older than trackers.stale_after"), "{}", run.stderr);
    let later = site.run(&["check", ".", "--today", "2026-11-22"]);
    later.assert_stderr_has("acme/ledger#7 is still open (tracker states as of 2026-11-19 23:00 UTC, older than trackers.stale_after 24h: run `baton sync`)");
    let strict = site.write(
        "baton.yaml",
        "title: T\ntrackers: {stale_after: 30m}\nrules: {linked-items-closed: off, readiness: off}\n",
    );
    let run = strict.run(&["check", ".", "--today", "2026-11-20T01:00:00Z"]);
    run.assert_stderr_has("older than trackers.stale_after 30m");
    assert!(!run.stderr.contains("linked-items-closed"), "{}", run.stderr);
}

#[test]
fn a_broken_cache_is_a_warning_and_the_site_builds_without_states() {
    let site = cached_site(false).write(".baton/trackers.json", "{\"version\": 1, \"items\": [\n");
    let run = site.build();
    run.assert_ok().assert_stderr_has("warning[tracker-cache]");
    assert!(!site.page("handoffs/merged-work").contains("Tracker items"));
}

#[test]
fn the_digest_and_notify_say_which_linked_items_changed() {
    let site = cached_site(true);
    let digest_since = |since: &str| {
        site.run(&[
            "digest",
            ".",
            "--for",
            "kofi",
            "--since",
            since,
            "--today",
            "2026-11-20",
            "--format",
            "json",
            "--no-git",
        ])
    };
    let run = digest_since("2d");
    run.assert_ok();
    let digest: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let items = digest["items"].as_array().expect("items");
    let tracker = items.iter().find(|i| i["section"] == "trackers").expect("a tracker item");
    assert_eq!(tracker["text"], "PR acme/ledger#12 merged");
    assert_eq!(tracker["subject"]["id"], "merged-work");
    assert_eq!(tracker["at"], "2026-11-19T16:02:11Z");
    assert_eq!(tracker["source"]["from"], "tracker");
    // Outside the window, nothing.
    let old = digest_since("2026-11-19T20:00:00Z");
    assert!(!old.stdout.contains("acme/ledger#12 merged"), "{}", old.stdout);
    let notify =
        site.write("baton.yaml", "title: T\nbase_url: https://kb.example.com/\nrules: {readiness: off}\n").run(&[
            "notify",
            ".",
            "--to",
            "webhook",
            "--dry-run",
            "--for",
            "kofi",
            "--since",
            "2d",
            "--today",
            "2026-11-20",
            "--no-git",
        ]);
    notify.assert_ok();
    assert!(notify.stdout.contains("PR acme/ledger#12 merged"), "{}", notify.stdout);
}

#[test]
fn the_example_site_shows_badges_from_its_committed_fixture() {
    let dir = tempfile::tempdir().expect("temp");
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/example-site");
    let out = dir.path().join("out");
    let output = baton()
        .args(["build", example, "--out", out.to_str().expect("utf-8"), "--today", "2026-11-20"])
        .output()
        .expect("run baton");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let page = std::fs::read_to_string(out.join("handoffs/psp-webhook-retries/index.html")).expect("page");
    assert!(page.contains("<code>northwind-freight/psp-adapter#214</code></a> <span class=\"badge tracker tracker-merged status-done\">merged</span>"), "{page}");
    assert!(
        page.contains("<code>PAY-874</code></a> <span class=\"badge tracker tracker-closed status-done\">Done</span>"),
        "{page}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning[linked-item-open]: marked done, but GitHub pull request northwind-freight/payout-sdk#57 is still open"), "{stderr}");
    assert!(
        stderr.contains("warning[linked-items-closed]: ready, but every item it links to is closed or merged"),
        "{stderr}"
    );
}

#[test]
fn serve_shows_the_states_of_the_cache_it_started_with() {
    let site = cached_site(true);
    let server = site.serve();
    let page = server.page("/handoffs/merged-work/");
    assert!(page.contains("<span class=\"badge tracker tracker-merged status-done\">merged</span>"), "{page}");
    assert!(server.page("/handoffs/").contains("acme/ledger#12 merged"));
}
