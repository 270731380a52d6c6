//! The three trackers' REST APIs: the request for one item, and its answer read into the fields
//! the cache keeps.
//!
//! - GitHub REST v3: `GET /repos/OWNER/REPO/pulls/N` (`state`, `merged`/`merged_at`) or
//!   `/issues/N` (`state`, and `pull_request.merged_at` when the number is a pull request),
//!   `Authorization: Bearer TOKEN`.
//! - GitLab v4: `GET /projects/PATH/issues/IID` or `/merge_requests/IID` with the project path
//!   URL-encoded (`group%2Fproj`); `state` is `opened`, `closed`, `locked` or `merged`;
//!   `PRIVATE-TOKEN: TOKEN`.
//! - Jira REST 2: `GET /rest/api/2/issue/KEY?fields=status,summary,assignee,updated`; an issue is
//!   closed when its status is in the `done` category; basic auth `user:token`.
//!
//! Pure: a [`Request`] names a URL and headers, [`read_answer`] reads a body. Credentials go into
//! headers only, never into a URL, so a URL can be printed.

use super::cache::State;
use super::refs::{ItemKind, Ref, Tracker};
use super::settings::TrackerSettings;
use serde_json::Value;

/// One GET to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The full URL (no credentials in it).
    pub url: String,
    /// Headers, credentials included.
    pub headers: Vec<(&'static str, String)>,
}

/// The credentials a sync found in the environment, by tracker.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// GitHub's token.
    pub github: Option<String>,
    /// GitLab's token.
    pub gitlab: Option<String>,
    /// Jira's user and token.
    pub jira: Option<(String, String)>,
}

/// What an answer says of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Open, closed or merged.
    pub state: State,
    /// The tracker's own word, when it says more than the state.
    pub status: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Last change (RFC 3339, normalised).
    pub updated: Option<String>,
    /// When it was merged or closed, for a finished item (RFC 3339).
    pub finished_at: Option<String>,
}

/// The request for `item`; `None` for a Jira item when no Jira is set up.
pub fn request(item: &Ref, settings: &TrackerSettings, credentials: &Credentials) -> Option<Request> {
    let user_agent = ("User-Agent", format!("baton/{}", env!("CARGO_PKG_VERSION")));
    let (url, mut headers) = match item.tracker {
        Tracker::GitHub => {
            let path = if item.kind == ItemKind::Pull { "pulls" } else { "issues" };
            let url = format!("{}/repos/{}/{path}/{}", settings.github_api(), item.project, item.number);
            let mut headers = vec![
                ("Accept", "application/vnd.github+json".to_string()),
                ("X-GitHub-Api-Version", "2022-11-28".to_string()),
            ];
            headers.extend(credentials.github.as_ref().map(|t| ("Authorization", format!("Bearer {t}"))));
            (url, headers)
        }
        Tracker::GitLab => {
            let path = if item.kind == ItemKind::MergeRequest { "merge_requests" } else { "issues" };
            let project = item.project.replace('/', "%2F");
            let url = format!("{}/projects/{project}/{path}/{}", settings.gitlab_api(), item.number);
            let headers = credentials.gitlab.iter().map(|t| ("PRIVATE-TOKEN", t.clone())).collect();
            (url, headers)
        }
        Tracker::Jira => {
            let url = format!(
                "{}/rest/api/2/issue/{}-{}?fields=status,summary,assignee,updated",
                settings.jira_api()?,
                item.project,
                item.number
            );
            let mut headers = vec![("Accept", "application/json".to_string())];
            if let Some((user, token)) = &credentials.jira {
                headers.push(("Authorization", format!("Basic {}", base64(format!("{user}:{token}").as_bytes()))));
            }
            (url, headers)
        }
    };
    headers.push(user_agent);
    Some(Request { url, headers })
}

/// Reads a 200 answer's body for `item`; the error says what is missing, never the body.
pub fn read_answer(item: &Ref, body: &str) -> Result<Fetched, String> {
    let value: Value = serde_json::from_str(body).map_err(|e| format!("the answer is not JSON ({e})"))?;
    match item.tracker {
        Tracker::GitHub => github(&value),
        Tracker::GitLab => gitlab(&value),
        Tracker::Jira => jira(&value),
    }
}

fn text(value: &Value, path: &[&str]) -> Option<String> {
    let mut at = value;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str().map(str::to_string)
}

fn missing(tracker: &str, field: &str) -> String {
    format!("the answer is not a {tracker} item: it has no `{field}`")
}

fn github(value: &Value) -> Result<Fetched, String> {
    let state = text(value, &["state"]).ok_or_else(|| missing("GitHub", "state"))?;
    // A pull request says `merged`/`merged_at`; an issue that is a pull request says it under
    // `pull_request`.
    let merged_at = text(value, &["merged_at"]).or_else(|| text(value, &["pull_request", "merged_at"]));
    let merged = value.get("merged").and_then(Value::as_bool).unwrap_or(false) || merged_at.is_some();
    let state = match (state.as_str(), merged) {
        (_, true) => State::Merged,
        ("open", _) => State::Open,
        ("closed", _) => State::Closed,
        (other, _) => return Err(format!("the answer's `state` is `{other}`, not open or closed")),
    };
    Ok(Fetched {
        state,
        status: None,
        title: text(value, &["title"]),
        assignee: text(value, &["assignee", "login"]),
        updated: text(value, &["updated_at"]).map(|t| normalise(&t)),
        finished_at: merged_at.or_else(|| text(value, &["closed_at"])).map(|t| normalise(&t)),
    })
}

fn gitlab(value: &Value) -> Result<Fetched, String> {
    let word = text(value, &["state"]).ok_or_else(|| missing("GitLab", "state"))?;
    let state = match word.as_str() {
        "opened" | "locked" => State::Open,
        "closed" => State::Closed,
        "merged" => State::Merged,
        other => return Err(format!("the answer's `state` is `{other}`, not opened, closed, locked or merged")),
    };
    Ok(Fetched {
        state,
        status: (word == "locked").then_some(word),
        title: text(value, &["title"]),
        assignee: text(value, &["assignee", "username"]),
        updated: text(value, &["updated_at"]).map(|t| normalise(&t)),
        finished_at: text(value, &["merged_at"]).or_else(|| text(value, &["closed_at"])).map(|t| normalise(&t)),
    })
}

fn jira(value: &Value) -> Result<Fetched, String> {
    let fields = value.get("fields").ok_or_else(|| missing("Jira", "fields"))?;
    let category =
        text(fields, &["status", "statusCategory", "key"]).ok_or_else(|| missing("Jira", "fields.status"))?;
    let updated = text(fields, &["updated"]).map(|t| normalise(&t));
    let state = if category == "done" { State::Closed } else { State::Open };
    Ok(Fetched {
        state,
        status: text(fields, &["status", "name"]),
        title: text(fields, &["summary"]),
        assignee: text(fields, &["assignee", "displayName"]).or_else(|| text(fields, &["assignee", "name"])),
        finished_at: updated.clone().filter(|_| state == State::Closed),
        updated,
    })
}

/// An RFC 3339 instant in UTC (`2026-11-19T10:00:00Z`); Jira writes `+0000` offsets and
/// milliseconds. Text that is no instant is kept as written.
pub fn normalise(text: &str) -> String {
    let parse = |t: &str| t.parse::<jiff::Timestamp>().ok();
    let with_colon = || {
        let (head, offset) = text.split_at(text.len().checked_sub(5)?);
        let ok = offset.starts_with(['+', '-']) && offset[1..].bytes().all(|b| b.is_ascii_digit());
        ok.then(|| format!("{head}{}:{}", &offset[..3], &offset[3..])).and_then(|t| parse(&t))
    };
    match parse(text).or_else(with_colon) {
        Some(at) => at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => text.to_string(),
    }
}

/// Standard base64 with padding, for HTTP basic auth.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trackers::refs::Recognizer;
    use crate::trackers::settings::Jira;

    fn settings() -> TrackerSettings {
        TrackerSettings {
            jira: Some(Jira { url: "https://acme.atlassian.net".into(), ..Jira::default() }),
            ..TrackerSettings::default()
        }
    }

    fn item(url: &str) -> Ref {
        Recognizer::new(&settings()).recognize(url).expect("recognised")
    }

    #[test]
    fn requests_follow_each_api_with_credentials_in_headers_only() {
        let credentials = Credentials {
            github: Some("gh-secret".into()),
            gitlab: Some("gl-secret".into()),
            jira: Some(("ana@acme.test".into(), "j-secret".into())),
        };
        let pull = request(&item("https://github.com/acme/ledger/pull/12"), &settings(), &credentials).unwrap();
        assert_eq!(pull.url, "https://api.github.com/repos/acme/ledger/pulls/12");
        assert!(pull.headers.contains(&("Authorization", "Bearer gh-secret".into())));
        let mr = request(&item("https://gitlab.com/g/sub/p/-/merge_requests/45"), &settings(), &credentials).unwrap();
        assert_eq!(mr.url, "https://gitlab.com/api/v4/projects/g%2Fsub%2Fp/merge_requests/45");
        assert!(mr.headers.contains(&("PRIVATE-TOKEN", "gl-secret".into())));
        let issue = request(&item("https://acme.atlassian.net/browse/DP-371"), &settings(), &credentials).unwrap();
        assert_eq!(
            issue.url,
            "https://acme.atlassian.net/rest/api/2/issue/DP-371?fields=status,summary,assignee,updated"
        );
        // base64("ana@acme.test:j-secret")
        assert!(issue.headers.contains(&("Authorization", "Basic YW5hQGFjbWUudGVzdDpqLXNlY3JldA==".into())));
        for r in [pull, mr, issue] {
            assert!(!r.url.contains("secret"));
        }
    }

    #[test]
    fn github_pull_and_issue_answers() {
        let pull = item("https://github.com/acme/ledger/pull/12");
        let merged = r#"{"number":12,"state":"closed","merged":true,"merged_at":"2026-11-19T16:02:11Z","title":"Retry webhooks","assignee":{"login":"kofi"},"updated_at":"2026-11-19T16:02:12Z","closed_at":"2026-11-19T16:02:11Z"}"#;
        let got = read_answer(&pull, merged).unwrap();
        assert_eq!((got.state, got.assignee.as_deref()), (State::Merged, Some("kofi")));
        assert_eq!(got.finished_at.as_deref(), Some("2026-11-19T16:02:11Z"));
        let issue = item("https://github.com/acme/ledger/issues/12");
        let as_issue =
            r#"{"state":"closed","title":"T","assignee":null,"pull_request":{"merged_at":"2026-11-19T16:02:11Z"}}"#;
        assert_eq!(read_answer(&issue, as_issue).unwrap().state, State::Merged);
        let open = r#"{"state":"open","title":"T","assignee":null,"updated_at":"2026-11-18T09:00:00Z"}"#;
        assert_eq!(read_answer(&issue, open).unwrap().state, State::Open);
        assert!(read_answer(&issue, r#"{"message":"x"}"#).unwrap_err().contains("no `state`"));
        assert!(read_answer(&issue, "<html>").unwrap_err().contains("not JSON"));
    }

    #[test]
    fn gitlab_and_jira_answers() {
        let mr = item("https://gitlab.com/g/p/-/merge_requests/45");
        let merged = r#"{"iid":45,"state":"merged","title":"T","assignee":{"username":"mei"},"merged_at":"2026-11-19T10:00:00.000Z"}"#;
        let got = read_answer(&mr, merged).unwrap();
        assert_eq!((got.state, got.assignee.as_deref()), (State::Merged, Some("mei")));
        assert_eq!(got.finished_at.as_deref(), Some("2026-11-19T10:00:00Z"));
        assert_eq!(read_answer(&mr, r#"{"state":"locked"}"#).unwrap().status.as_deref(), Some("locked"));
        let key = item("https://acme.atlassian.net/browse/DP-371");
        let done = r#"{"key":"DP-371","fields":{"summary":"Rotate keys","status":{"name":"Done","statusCategory":{"key":"done"}},"assignee":{"displayName":"Ana P."},"updated":"2026-11-19T10:00:00.000+0100"}}"#;
        let got = read_answer(&key, done).unwrap();
        assert_eq!(got.state, State::Closed);
        assert_eq!(got.status.as_deref(), Some("Done"));
        assert_eq!(got.updated.as_deref(), Some("2026-11-19T09:00:00Z"));
        let review =
            r#"{"fields":{"status":{"name":"In Review","statusCategory":{"key":"indeterminate"}},"assignee":null}}"#;
        assert_eq!(read_answer(&key, review).unwrap().state, State::Open);
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }
}
