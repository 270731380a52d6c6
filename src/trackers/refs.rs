//! Recognising tracker items in URLs: GitHub issues and pull requests, GitLab issues and merge
//! requests, Jira issues, each shown as a compact reference (`acme/ledger#12`, `group/proj!45`,
//! `DP-371`) with the tracker named.
//!
//! In: URLs as written in `links:` and in Markdown bodies, and the hosts the settings name (a
//! self-hosted GitLab or GitHub Enterprise, the Jira site). Out: [`Ref`]s, keyed so that one item
//! linked twice (or as `/issues/12` and `/pull/12`, which GitHub numbers alike) is one item.
//! Pure: nothing here fetches, reads a cache or knows a state.

use super::settings::TrackerSettings;
use crate::model::Handoff;
use serde::{Deserialize, Serialize};

/// A tracker baton can ask for an item's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tracker {
    /// github.com or GitHub Enterprise.
    GitHub,
    /// gitlab.com or a self-hosted GitLab.
    GitLab,
    /// A Jira site.
    Jira,
}

impl Tracker {
    /// The word in the cache and in settings (`github`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tracker::GitHub => "github",
            Tracker::GitLab => "gitlab",
            Tracker::Jira => "jira",
        }
    }

    /// The name people know it by (`GitHub`).
    pub fn name(self) -> &'static str {
        match self {
            Tracker::GitHub => "GitHub",
            Tracker::GitLab => "GitLab",
            Tracker::Jira => "Jira",
        }
    }
}

/// What kind of item a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// An issue (GitHub, GitLab, Jira).
    Issue,
    /// A GitHub pull request.
    Pull,
    /// A GitLab merge request.
    MergeRequest,
}

impl ItemKind {
    /// As written in the cache and export (`merge-request`).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Issue => "issue",
            ItemKind::Pull => "pull",
            ItemKind::MergeRequest => "merge-request",
        }
    }

    /// The short word used in messages: `PR`, `MR`, `issue`.
    pub fn short(self) -> &'static str {
        match self {
            ItemKind::Issue => "issue",
            ItemKind::Pull => "PR",
            ItemKind::MergeRequest => "MR",
        }
    }
}

/// One item on a tracker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref {
    /// Which tracker.
    pub tracker: Tracker,
    /// Issue, pull request or merge request.
    pub kind: ItemKind,
    /// `acme/ledger` (GitHub), `group/sub/proj` (GitLab), the project key `DP` (Jira).
    pub project: String,
    /// The number: GitHub's and GitLab's per-project number, the number after a Jira key's dash.
    pub number: u64,
    /// The URL it was recognised in, without query or fragment.
    pub url: String,
}

impl Ref {
    /// `acme/ledger#12`, `group/proj!45`, `DP-371`.
    pub fn compact(&self) -> String {
        match (self.tracker, self.kind) {
            (Tracker::Jira, _) => format!("{}-{}", self.project, self.number),
            (_, ItemKind::MergeRequest) => format!("{}!{}", self.project, self.number),
            _ => format!("{}#{}", self.project, self.number),
        }
    }

    /// The cache key: the tracker and the compact reference (`github:acme/ledger#12`). GitHub
    /// numbers issues and pull requests alike, so both link forms give one key.
    pub fn key(&self) -> String {
        format!("{}:{}", self.tracker.as_str(), self.compact())
    }

    /// `GitHub pull request acme/ledger#12`, for titles and messages.
    pub fn described(&self) -> String {
        let kind = match self.kind {
            ItemKind::Issue => "issue",
            ItemKind::Pull => "pull request",
            ItemKind::MergeRequest => "merge request",
        };
        format!("{} {kind} {}", self.tracker.name(), self.compact())
    }
}

/// The hosts links are recognised on, from the settings.
#[derive(Debug, Clone)]
pub struct Recognizer {
    github_hosts: Vec<String>,
    gitlab_hosts: Vec<String>,
    /// The Jira site's address without scheme or trailing `/` (`acme.atlassian.net`, or with a
    /// context path `jira.example.com/jira`).
    jira: Option<String>,
}

impl Recognizer {
    /// github.com and gitlab.com, plus the self-hosted and Jira addresses the settings give.
    pub fn new(settings: &TrackerSettings) -> Recognizer {
        let host = |url: &Option<String>| url.as_deref().map(without_scheme);
        let mut github_hosts = vec!["github.com".to_string(), "www.github.com".to_string()];
        github_hosts.extend(host(&settings.github.url));
        let mut gitlab_hosts = vec!["gitlab.com".to_string(), "www.gitlab.com".to_string()];
        gitlab_hosts.extend(host(&settings.gitlab.url));
        Recognizer { github_hosts, gitlab_hosts, jira: settings.jira.as_ref().map(|j| without_scheme(&j.url)) }
    }

    /// The item `url` points at, if it is one.
    pub fn recognize(&self, url: &str) -> Option<Ref> {
        let url = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
        if let Some(jira) = &self.jira
            && let Some(path) = rest.strip_prefix(jira.as_str()).and_then(|p| p.strip_prefix("/browse/"))
        {
            return jira_ref(path, url);
        }
        let (host, path) = rest.split_once('/')?;
        let host = host.to_ascii_lowercase();
        if self.github_hosts.contains(&host) {
            return github_ref(path, url);
        }
        if self.gitlab_hosts.iter().any(|h| h.split('/').next() == Some(host.as_str())) {
            return gitlab_ref(path, url);
        }
        None
    }

    /// The items a handoff links to, in `links:` and in its body, each once, sorted by key.
    pub fn refs_of(&self, handoff: &Handoff) -> Vec<Ref> {
        let links = handoff.links.iter().map(|l| l.url.as_str());
        let mut refs: Vec<Ref> = links.chain(urls_in(&handoff.body)).filter_map(|u| self.recognize(u)).collect();
        refs.sort_by_key(Ref::key);
        refs.dedup_by_key(|r| r.key());
        refs
    }
}

/// `https://acme.atlassian.net/` → `acme.atlassian.net`.
fn without_scheme(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.to_ascii_lowercase()
}

/// `OWNER/REPO/(issues|pull)/N[/…]`.
fn github_ref(path: &str, url: &str) -> Option<Ref> {
    let parts: Vec<&str> = path.split('/').collect();
    let [owner, repo, kind, number, ..] = parts.as_slice() else { return None };
    let kind = match *kind {
        "issues" => ItemKind::Issue,
        "pull" => ItemKind::Pull,
        _ => return None,
    };
    if !is_name(owner) || !is_name(repo) {
        return None;
    }
    let number = number_of(number)?;
    Some(Ref { tracker: Tracker::GitHub, kind, project: format!("{owner}/{repo}"), number, url: url.to_string() })
}

/// `GROUP[/SUB…]/PROJECT/-/(issues|merge_requests)/N[/…]`.
fn gitlab_ref(path: &str, url: &str) -> Option<Ref> {
    let (project, item) = path.split_once("/-/")?;
    let mut parts = item.split('/');
    let kind = match parts.next()? {
        "issues" => ItemKind::Issue,
        "merge_requests" => ItemKind::MergeRequest,
        _ => return None,
    };
    let number = number_of(parts.next()?)?;
    let segments: Vec<&str> = project.split('/').collect();
    if segments.len() < 2 || !segments.iter().all(|s| is_name(s)) {
        return None;
    }
    Some(Ref { tracker: Tracker::GitLab, kind, project: project.to_string(), number, url: url.to_string() })
}

/// `KEY-N`: a project key of capital letters, digits and `_`, starting with a letter.
fn jira_ref(path: &str, url: &str) -> Option<Ref> {
    let key = path.split('/').next()?;
    let (project, number) = key.rsplit_once('-')?;
    let mut chars = project.chars();
    let key_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !key_ok {
        return None;
    }
    let number = number_of(number)?;
    Some(Ref {
        tracker: Tracker::Jira,
        kind: ItemKind::Issue,
        project: project.to_string(),
        number,
        url: url.to_string(),
    })
}

fn is_name(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn number_of(text: &str) -> Option<u64> {
    text.bytes().all(|b| b.is_ascii_digit()).then(|| text.parse().ok()).flatten().filter(|n| *n > 0)
}

/// The `http(s)://` URLs in Markdown text: bare, `<autolinks>` or `[text](url)`. A URL ends at
/// white space or a delimiter Markdown puts around it; a trailing `.` or `,` ends the sentence.
pub fn urls_in(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = match (rest.find("https://"), rest.find("http://")) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b)?,
            };
            let tail = &rest[start..];
            let end = tail.find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '<' | '"' | '\'' | ']' | '`'));
            let url = tail[..end.unwrap_or(tail.len())].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            rest = &tail[url.len().max(1)..];
            if url.split_once("://").is_some_and(|(_, rest)| !rest.is_empty()) {
                return Some(url);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trackers::settings::{Jira, Service};

    fn recognizer() -> Recognizer {
        let settings = TrackerSettings {
            gitlab: Service { url: Some("https://git.example.com".into()), ..Service::default() },
            jira: Some(Jira { url: "https://acme.atlassian.net/".into(), ..Jira::default() }),
            ..TrackerSettings::default()
        };
        Recognizer::new(&settings)
    }

    fn compact(url: &str) -> Option<(Tracker, ItemKind, String)> {
        recognizer().recognize(url).map(|r| (r.tracker, r.kind, r.compact()))
    }

    #[test]
    fn github_issues_and_pull_requests() {
        let pull = compact("https://github.com/acme/ledger/pull/12");
        assert_eq!(pull, Some((Tracker::GitHub, ItemKind::Pull, "acme/ledger#12".into())));
        let issue = compact("https://github.com/acme/ledger/issues/7#issuecomment-1");
        assert_eq!(issue, Some((Tracker::GitHub, ItemKind::Issue, "acme/ledger#7".into())));
        assert_eq!(compact("https://github.com/acme/ledger/pull/12/files").map(|c| c.2), Some("acme/ledger#12".into()));
        // Not items: a repository, a commit, a number that is not one.
        assert_eq!(compact("https://github.com/acme/ledger"), None);
        assert_eq!(compact("https://github.com/acme/ledger/commit/abc123"), None);
        assert_eq!(compact("https://github.com/acme/ledger/pull/12abc"), None);
        assert_eq!(compact("https://github.com/acme/ledger/issues/0"), None);
    }

    #[test]
    fn gitlab_issues_and_merge_requests_with_subgroups_and_a_self_hosted_host() {
        let mr = compact("https://gitlab.com/group/proj/-/merge_requests/45");
        assert_eq!(mr, Some((Tracker::GitLab, ItemKind::MergeRequest, "group/proj!45".into())));
        let issue = compact("https://git.example.com/platform/infra/dns/-/issues/3");
        assert_eq!(issue, Some((Tracker::GitLab, ItemKind::Issue, "platform/infra/dns#3".into())));
        assert_eq!(compact("https://gitlab.com/group/proj/-/tree/main"), None);
        // A host nobody configured is not a GitLab.
        assert_eq!(compact("https://other.example.com/group/proj/-/issues/3"), None);
    }

    #[test]
    fn jira_issues_on_the_configured_site_only() {
        let key = compact("https://acme.atlassian.net/browse/DP-371?focusedCommentId=9");
        assert_eq!(key, Some((Tracker::Jira, ItemKind::Issue, "DP-371".into())));
        assert_eq!(compact("https://other.atlassian.net/browse/DP-371"), None);
        assert_eq!(compact("https://acme.atlassian.net/browse/dp-371"), None);
        assert_eq!(compact("https://acme.atlassian.net/browse/DP"), None);
    }

    #[test]
    fn keys_merge_the_two_github_link_forms() {
        let r = recognizer();
        let a = r.recognize("https://github.com/acme/ledger/pull/12").unwrap();
        let b = r.recognize("https://github.com/acme/ledger/issues/12").unwrap();
        assert_eq!(a.key(), b.key());
        assert_eq!(a.key(), "github:acme/ledger#12");
        assert_eq!(a.described(), "GitHub pull request acme/ledger#12");
    }

    #[test]
    fn urls_are_found_in_markdown_and_end_where_the_sentence_does() {
        let text = "See https://github.com/a/b/pull/1. Also [the MR](https://gitlab.com/g/p/-/merge_requests/2) \
                    and <https://acme.atlassian.net/browse/DP-3>, plus `http://x`";
        let urls: Vec<&str> = urls_in(text).collect();
        assert_eq!(
            urls,
            [
                "https://github.com/a/b/pull/1",
                "https://gitlab.com/g/p/-/merge_requests/2",
                "https://acme.atlassian.net/browse/DP-3",
                "http://x"
            ]
        );
    }
}
