//! baton.yaml's `trackers:` settings: where each tracker's API is, which environment variables
//! hold its credentials, how old the cache may get, and an optional committed fixture.
//!
//! Only the names of environment variables are settings; a token is never read from a file.
//! Parsing reports problems as diagnostics on the setting's line, like the rest of baton.yaml.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Locator;
use crate::model::Duration;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// The `trackers:` settings, with defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerSettings {
    /// `github:`.
    pub github: Service,
    /// `gitlab:`.
    pub gitlab: Service,
    /// `jira:`: only set up when written, since it needs the site's address.
    pub jira: Option<Jira>,
    /// `stale_after:` (default 24h): past it, messages built on the cache say it is old.
    pub stale_after: Duration,
    /// `fixture:`: a committed file in the cache's format, read when `.baton/trackers.json` does
    /// not exist (an example site, a demo, a test), relative to the site folder.
    pub fixture: Option<String>,
}

impl Default for TrackerSettings {
    fn default() -> Self {
        TrackerSettings {
            github: Service::default(),
            gitlab: Service::default(),
            jira: None,
            stale_after: Duration { seconds: 86_400, written: "24h".into() },
            fixture: None,
        }
    }
}

/// GitHub's or GitLab's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Service {
    /// `token_env:`, the environment variable holding the token.
    pub token_env: Option<String>,
    /// `api:`, the API's base URL (default: the public service's, or derived from `url`).
    pub api: Option<String>,
    /// `url:`, the web address of a self-hosted instance, whose links are recognised too.
    pub url: Option<String>,
}

/// Jira's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jira {
    /// `url:`, the site (`https://acme.atlassian.net`): links are `URL/browse/KEY-N`.
    pub url: String,
    /// `user_env:`, the environment variable holding the account's user name or email.
    pub user_env: Option<String>,
    /// `token_env:`, the environment variable holding the API token.
    pub token_env: Option<String>,
    /// `api:`, the API's base URL (default: `url`).
    pub api: Option<String>,
}

impl TrackerSettings {
    /// GitHub's API base: `api`, or `URL/api/v3` for GitHub Enterprise, or api.github.com.
    pub fn github_api(&self) -> String {
        match (&self.github.api, &self.github.url) {
            (Some(api), _) => api.trim_end_matches('/').to_string(),
            (None, Some(url)) if !url.contains("://github.com") => format!("{}/api/v3", url.trim_end_matches('/')),
            _ => "https://api.github.com".to_string(),
        }
    }

    /// GitLab's API base: `api`, or `URL/api/v4` (gitlab.com's by default).
    pub fn gitlab_api(&self) -> String {
        match (&self.gitlab.api, &self.gitlab.url) {
            (Some(api), _) => api.trim_end_matches('/').to_string(),
            (None, Some(url)) => format!("{}/api/v4", url.trim_end_matches('/')),
            _ => "https://gitlab.com/api/v4".to_string(),
        }
    }

    /// Jira's API base: `api`, or the site's `url`.
    pub fn jira_api(&self) -> Option<String> {
        let jira = self.jira.as_ref()?;
        Some(jira.api.as_deref().unwrap_or(&jira.url).trim_end_matches('/').to_string())
    }
}

/// `trackers:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrackers {
    github: Option<Spanned<RawService>>,
    gitlab: Option<Spanned<RawService>>,
    jira: Option<Spanned<RawJira>>,
    stale_after: Option<Spanned<String>>,
    fixture: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    token_env: Option<String>,
    api: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJira {
    url: String,
    user_env: Option<String>,
    token_env: Option<String>,
    api: Option<String>,
}

/// Checks and types `trackers:`; a bad value is reported on its line and left at its default.
pub fn parse(raw: Spanned<RawTrackers>, locator: &Locator, diagnostics: &mut Diagnostics) -> TrackerSettings {
    let raw = raw.value;
    let mut bad = |at: crate::diagnostic::Span, message: String| {
        diagnostics.push(Diagnostic::error("bad-setting", at, message).field("trackers"));
    };
    let mut settings = TrackerSettings::default();
    for (name, service, into) in
        [("github", raw.github, &mut settings.github), ("gitlab", raw.gitlab, &mut settings.gitlab)]
    {
        let Some(service) = service else { continue };
        let at = locator.at(&service);
        let RawService { token_env, api, url } = service.value;
        if let Some(problem) = env_name_problem(token_env.as_deref()) {
            bad(at.clone(), format!("trackers.{name}.token_env {problem}"));
        }
        for (key, value) in [("api", &api), ("url", &url)] {
            if let Some(problem) = address_problem(value.as_deref()) {
                bad(at.clone(), format!("trackers.{name}.{key} {problem}"));
            }
        }
        *into = Service { token_env, api, url };
    }
    if let Some(jira) = raw.jira {
        let at = locator.at(&jira);
        let RawJira { url, user_env, token_env, api } = jira.value;
        for (key, value) in [("user_env", &user_env), ("token_env", &token_env)] {
            if let Some(problem) = env_name_problem(value.as_deref()) {
                bad(at.clone(), format!("trackers.jira.{key} {problem}"));
            }
        }
        for (key, value) in [("url", Some(&url)), ("api", api.as_ref())] {
            if let Some(problem) = address_problem(value.map(String::as_str)) {
                bad(at.clone(), format!("trackers.jira.{key} {problem}"));
            }
        }
        settings.jira = Some(Jira { url, user_env, token_env, api });
    }
    if let Some(stale_after) = raw.stale_after {
        match Duration::parse(&stale_after.value) {
            Ok(duration) => settings.stale_after = duration,
            Err(message) => {
                diagnostics.push(Diagnostic::error("bad-duration", locator.at(&stale_after), message).field("trackers"))
            }
        }
    }
    if let Some(fixture) = raw.fixture {
        let span = locator.at(&fixture);
        let fixture = fixture.value;
        let inside = !fixture.starts_with('/') && !fixture.split(['/', '\\']).any(|part| part == "..");
        if inside && !fixture.is_empty() {
            settings.fixture = Some(fixture);
        } else {
            let message = format!("trackers.fixture `{fixture}` must be a path inside the site folder");
            diagnostics.push(Diagnostic::error("bad-setting", span, message).field("trackers"));
        }
    }
    settings
}

/// Why a `*_env` value is not an environment variable's name (it may be a pasted secret).
fn env_name_problem(name: Option<&str>) -> Option<&'static str> {
    let name = name?;
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!ok).then_some("names an environment variable (like GITHUB_TOKEN), not a token")
}

/// Why an address is not an http(s) URL.
fn address_problem(url: Option<&str>) -> Option<&'static str> {
    let url = url?;
    let ok = url.starts_with("https://") || url.starts_with("http://");
    (!ok).then_some("must be an http:// or https:// address")
}

#[cfg(test)]
mod tests {
    use crate::config::parse_config;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn the_issue_example_reads_with_defaults() {
        let text = "trackers:\n  github: {token_env: GITHUB_TOKEN}\n  gitlab: {token_env: GITLAB_TOKEN}\n  jira: {url: https://acme.atlassian.net, user_env: JIRA_USER, token_env: JIRA_TOKEN}\n";
        let mut d = Diagnostics::default();
        let t = parse_config(text, &mut d).trackers;
        assert!(!d.has_errors(), "{:?}", d.sorted());
        assert_eq!(t.github.token_env.as_deref(), Some("GITHUB_TOKEN"));
        assert_eq!(t.github_api(), "https://api.github.com");
        assert_eq!(t.gitlab_api(), "https://gitlab.com/api/v4");
        assert_eq!(t.jira_api().as_deref(), Some("https://acme.atlassian.net"));
        assert_eq!(t.stale_after.seconds, 86_400);
    }

    #[test]
    fn self_hosted_addresses_give_their_api_and_api_wins() {
        let text = "trackers:\n  github: {url: https://ghe.example.com}\n  gitlab: {url: https://git.example.com, api: 'http://127.0.0.1:9/v4/'}\n  stale_after: 2h\n";
        let mut d = Diagnostics::default();
        let t = parse_config(text, &mut d).trackers;
        assert!(!d.has_errors(), "{:?}", d.sorted());
        assert_eq!(t.github_api(), "https://ghe.example.com/api/v3");
        assert_eq!(t.gitlab_api(), "http://127.0.0.1:9/v4");
        assert_eq!(t.stale_after.seconds, 7200);
    }

    #[test]
    fn a_token_where_a_name_belongs_and_unknown_keys_are_errors_on_their_line() {
        let text = "title: T\ntrackers:\n  github: {token_env: 'ghp_abc-123'}\n  jira: {url: acme.atlassian.net}\n  fixture: ../x.json\n";
        let mut d = Diagnostics::default();
        parse_config(text, &mut d);
        let found: Vec<(usize, String)> = d.sorted().into_iter().map(|x| (x.span.line, x.message)).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].1.contains("not a token") && found[0].0 == 3, "{found:?}");
        assert!(found[1].1.contains("trackers.jira.url must be") && found[1].0 == 4, "{found:?}");
        assert!(found[2].1.contains("inside the site folder") && found[2].0 == 5, "{found:?}");
        let mut d = Diagnostics::default();
        parse_config("trackers:\n  github: {token: x}\n", &mut d);
        assert!(d.has_errors());
    }
}
