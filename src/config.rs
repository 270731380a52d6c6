//! `baton.yaml`: the site's settings, with defaults for everything but the title.
//!
//! Parsed from a string so tests need no disk. Unknown keys are errors with a "did you mean",
//! because a misspelt setting silently ignored is a setting that silently does not apply.

use crate::check::rules::Level;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::load::{Locator, frontmatter::top_level_keys, parse_yaml_lenient};
use crate::model::Duration;
use crate::model::Status;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// The keys `baton.yaml` may hold.
pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "theme",
    "review_within",
    "stale_after",
    "allow_html",
    "extra",
    "rules",
    "readiness",
    "max_file_size",
    "page_size",
    "graph_page_size",
    "decision_dirs",
    "decision_statuses",
    "repo_url",
    "notify",
    "trackers",
    "host",
];

/// The site's settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteConfig {
    /// Shown in every page's header.
    pub title: String,
    /// Where the site is published, e.g. `https://kb.example.com/`; `/` by default.
    pub base_url: String,
    /// One line about the base.
    pub description: String,
    /// The theme folder under `themes/` that overrides the built-in one.
    pub theme: String,
    /// How soon reviewers should answer, when a handoff does not say.
    #[serde(skip)]
    pub review_within: Duration,
    /// How long in-progress work may go without an update.
    #[serde(skip)]
    pub stale_after: Duration,
    /// Whether raw HTML in bodies is passed through (escaped otherwise).
    pub allow_html: bool,
    /// Free settings passed to templates.
    pub extra: serde_json::Value,
    /// Rule levels set in `rules:`, by rule id.
    #[serde(skip)]
    pub rules: BTreeMap<String, Level>,
    /// Required fields per status set in `readiness:`; other statuses keep the defaults.
    #[serde(skip)]
    pub readiness: BTreeMap<Status, Vec<ReadinessField>>,
    /// The largest content file read, in bytes (`max_file_size: 5MB`).
    #[serde(skip)]
    pub max_file_size: u64,
    /// How many rows a page of a long list (`/handoffs/`, `/status/STATUS/`) holds.
    pub page_size: usize,
    /// Open handoffs drawn per page of `/graph/` (`graph_page_size`); past it the graph is cut
    /// into parts (see `graph::parts`).
    pub graph_page_size: usize,
    /// Folders of decision records read in place (`decision_dirs:`), see [`crate::records`].
    #[serde(skip)]
    pub decision_dirs: Vec<crate::records::decision::Folder>,
    /// Status words of records beyond the built-in synonyms (`decision_statuses:`).
    #[serde(skip)]
    pub decision_statuses: crate::records::status::StatusWords,
    /// Where the repository host shows the site folder (`repo_url:`), ending in `/`: record
    /// pages link their source there, and records' links to repository files point there.
    pub repo_url: Option<String>,
    /// Where `baton notify` posts digests (`notify:`), in the order written.
    #[serde(skip)]
    pub notify: Vec<NotifyRoute>,
    /// Where `baton sync` asks for tracker states (`trackers:`), see [`crate::trackers`].
    #[serde(skip)]
    pub trackers: crate::trackers::settings::TrackerSettings,
    /// What the host the site is published to takes (`host:`), checked by `baton build`; see
    /// [`crate::host`].
    #[serde(skip)]
    pub host: Option<crate::host::HostLimits>,
}

/// The chat or bot a digest is posted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Channel {
    /// A Slack (or Mattermost) incoming webhook: Block Kit.
    Slack,
    /// A Microsoft Teams Workflows webhook: an Adaptive Card.
    Teams,
    /// Any other bot: the digest JSON of `baton digest --format json`.
    Webhook,
}

impl Channel {
    /// The word written in `to:` and `--to`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Slack => "slack",
            Channel::Teams => "teams",
            Channel::Webhook => "webhook",
        }
    }
}

/// One `notify:` route: whose digest, where to, and the environment variable holding the
/// webhook URL (a credential, so never the URL itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyRoute {
    /// `team:`, a team of the base.
    pub team: Option<String>,
    /// `for:`, a person's handle.
    pub for_handle: Option<String>,
    /// `to:`.
    pub to: Channel,
    /// `url_env:`.
    pub url_env: String,
}

/// A field a status can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadinessField {
    /// `intent`.
    Intent,
    /// At least one deliverable.
    Deliverables,
    /// At least one acceptance criterion.
    Acceptance,
    /// `reviewer`.
    Reviewer,
    /// `review_within` (or the site default).
    ReviewWithin,
    /// `handed_off`.
    HandedOff,
}

impl ReadinessField {
    /// Every field, in the order messages list them.
    pub const ALL: [ReadinessField; 6] = [
        ReadinessField::Intent,
        ReadinessField::Deliverables,
        ReadinessField::Acceptance,
        ReadinessField::Reviewer,
        ReadinessField::ReviewWithin,
        ReadinessField::HandedOff,
    ];

    /// The frontmatter key.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadinessField::Intent => "intent",
            ReadinessField::Deliverables => "deliverables",
            ReadinessField::Acceptance => "acceptance",
            ReadinessField::Reviewer => "reviewer",
            ReadinessField::ReviewWithin => "review_within",
            ReadinessField::HandedOff => "handed_off",
        }
    }

    /// Why the next shift needs it.
    pub fn why(self) -> &'static str {
        match self {
            ReadinessField::Intent => "say why the work exists, so the next person can make calls without asking",
            ReadinessField::Deliverables => "list at least one deliverable, so it is clear what will exist when done",
            ReadinessField::Acceptance => "add at least one acceptance criterion, so anyone can tell when it is done",
            ReadinessField::Reviewer => "name a reviewer who answers within the review window",
            ReadinessField::ReviewWithin => "say how soon the reviewer answers",
            ReadinessField::HandedOff => "record when it was handed off, so review time can be measured",
        }
    }
}

impl SiteConfig {
    /// The fields `status` requires: configured, or all six for every status past draft.
    pub fn readiness_for(&self, status: Status) -> &[ReadinessField] {
        if let Some(fields) = self.readiness.get(&status) {
            return fields;
        }
        match status {
            Status::Draft | Status::Cancelled => &[],
            _ => &ReadinessField::ALL,
        }
    }

    /// The level of `rule`: configured, or the rule's default.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.rules.get(rule).copied().or_else(|| crate::check::rules::find(rule).map(|r| r.default))
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Handoffs".into(),
            base_url: "/".into(),
            description: String::new(),
            theme: "default".into(),
            review_within: Duration { seconds: 86_400, written: "24h".into() },
            stale_after: Duration { seconds: 14 * 86_400, written: "14d".into() },
            allow_html: false,
            extra: serde_json::Value::Object(Default::default()),
            rules: BTreeMap::new(),
            readiness: BTreeMap::new(),
            max_file_size: crate::load::DEFAULT_MAX_FILE_SIZE,
            page_size: DEFAULT_PAGE_SIZE,
            graph_page_size: DEFAULT_GRAPH_PAGE_SIZE,
            decision_dirs: Vec::new(),
            decision_statuses: Default::default(),
            repo_url: None,
            notify: Vec::new(),
            trackers: Default::default(),
            host: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    theme: Option<Spanned<String>>,
    review_within: Option<Spanned<String>>,
    stale_after: Option<Spanned<String>>,
    allow_html: Option<bool>,
    extra: Option<serde_json::Value>,
    rules: Option<BTreeMap<String, Spanned<String>>>,
    readiness: Option<BTreeMap<String, Spanned<Vec<Spanned<String>>>>>,
    max_file_size: Option<Spanned<String>>,
    page_size: Option<Spanned<i64>>,
    graph_page_size: Option<Spanned<i64>>,
    decision_dirs: Option<Vec<Spanned<crate::records::settings::RawFolder>>>,
    decision_statuses: Option<BTreeMap<String, Spanned<String>>>,
    repo_url: Option<Spanned<String>>,
    notify: Option<Vec<Spanned<RawNotifyRoute>>>,
    trackers: Option<Spanned<crate::trackers::settings::RawTrackers>>,
    host: Option<Spanned<RawHost>>,
}

/// `host: github-pages`, or a host's own caps: `host: {name: Intranet, max_size: 2GB}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawHost {
    Preset(String),
    /// Read key by key (see [`host_limits`]), so that a misspelt key gets a "did you mean".
    Own(BTreeMap<String, serde_json::Value>),
}

/// The keys of a host's own caps.
const HOST_KEYS: [&str; 4] = ["name", "max_size", "max_files", "max_file_size"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotifyRoute {
    team: Option<String>,
    #[serde(rename = "for")]
    for_handle: Option<String>,
    to: String,
    url_env: String,
}

/// Parses `baton.yaml` text; problems are pushed to `diagnostics` and defaults fill the gaps.
pub fn parse_config(text: &str, diagnostics: &mut Diagnostics) -> SiteConfig {
    let locator = Locator { file: "baton.yaml".into(), yaml_line: 1 };
    for (key, line) in top_level_keys(text, 1) {
        if !CONFIG_KEYS.contains(&key.as_str()) {
            let hint =
                crate::suggest::did_you_mean(&key, CONFIG_KEYS.iter().copied()).map(|k| format!("did you mean `{k}`?"));
            let message = format!("unknown setting `{key}` in baton.yaml");
            diagnostics.push(
                Diagnostic::error("unknown-setting", Span::new("baton.yaml", line, 1), message).field(key).hint(hint),
            );
        }
    }
    let Some(raw) = parse_yaml_lenient::<RawConfig>(text, &locator, diagnostics) else {
        return SiteConfig::default();
    };
    let defaults = SiteConfig::default();
    let duration = |value: Option<Spanned<String>>, field: &str, default: Duration, diagnostics: &mut Diagnostics| {
        let Some(value) = value else { return default };
        Duration::parse(&value.value).unwrap_or_else(|message| {
            diagnostics.push(Diagnostic::error("bad-duration", locator.at(&value), message).field(field));
            default
        })
    };
    SiteConfig {
        review_within: duration(raw.review_within, "review_within", defaults.review_within, diagnostics),
        stale_after: duration(raw.stale_after, "stale_after", defaults.stale_after, diagnostics),
        title: raw.title.unwrap_or(defaults.title),
        base_url: raw.base_url.map(|u| if u.ends_with('/') { u } else { format!("{u}/") }).unwrap_or(defaults.base_url),
        description: raw.description.unwrap_or_default(),
        theme: theme_name(raw.theme, &locator, diagnostics).unwrap_or(defaults.theme),
        allow_html: raw.allow_html.unwrap_or(false),
        extra: raw.extra.unwrap_or(defaults.extra),
        rules: rule_levels(raw.rules.unwrap_or_default(), &locator, diagnostics),
        readiness: readiness(raw.readiness.unwrap_or_default(), &locator, diagnostics),
        max_file_size: raw
            .max_file_size
            .and_then(|size| byte_size(&size, "max_file_size", &locator, diagnostics))
            .unwrap_or(defaults.max_file_size),
        page_size: raw
            .page_size
            .and_then(|size| page_size(&size, "page_size", &locator, diagnostics))
            .unwrap_or(defaults.page_size),
        graph_page_size: raw
            .graph_page_size
            .and_then(|size| page_size(&size, "graph_page_size", &locator, diagnostics))
            .unwrap_or(defaults.graph_page_size),
        decision_dirs: crate::records::settings::folders(raw.decision_dirs.unwrap_or_default(), &locator, diagnostics),
        decision_statuses: crate::records::settings::status_words(
            raw.decision_statuses.unwrap_or_default(),
            &locator,
            diagnostics,
        ),
        repo_url: raw.repo_url.and_then(|url| crate::records::settings::repo_url(url, &locator, diagnostics)),
        notify: notify_routes(raw.notify.unwrap_or_default(), &locator, diagnostics),
        trackers: raw.trackers.map(|t| crate::trackers::settings::parse(t, &locator, diagnostics)).unwrap_or_default(),
        host: raw.host.and_then(|host| host_limits(host, &locator, diagnostics)),
    }
}

/// `host:` read: a known host's caps, or the caps a site gives its own host (at least one).
fn host_limits(
    host: Spanned<RawHost>,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> Option<crate::host::HostLimits> {
    let span = locator.at(&host);
    let line = span.line;
    let mut bad = |message: String, hint: Option<String>| {
        diagnostics.push(Diagnostic::error("bad-setting", span.clone(), message).field("host").hint(hint));
    };
    match host.value {
        RawHost::Preset(id) => {
            let limits = crate::host::HostLimits::preset(id.trim(), line);
            if limits.is_none() {
                let ids = crate::host::PRESETS.iter().map(|p| p.id);
                let known = ids.clone().collect::<Vec<_>>().join(", ");
                let hint = crate::suggest::did_you_mean(&id, ids).map(|h| format!("did you mean `{h}`?"));
                bad(
                    format!(
                        "`{id}` is not a host baton knows: write one of {known}, or the host's own caps as {{name, max_size, max_files, max_file_size}}"
                    ),
                    hint,
                );
            }
            limits
        }
        RawHost::Own(own) => {
            for key in own.keys().filter(|k| !HOST_KEYS.contains(&k.as_str())) {
                let hint = crate::suggest::did_you_mean(key, HOST_KEYS).map(|k| format!("did you mean `{k}`?"));
                bad(format!("`{key}` is not a cap baton knows: `host:` takes {}", HOST_KEYS.join(", ")), hint);
            }
            let text = |key: &str| {
                own.get(key).map(|v| match v {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
            };
            let named = ["max_size", "max_files", "max_file_size"].iter().any(|k| own.contains_key(*k));
            let size = |key: &str, diagnostics: &mut Diagnostics| {
                let value = text(key)?;
                byte_size(
                    &Spanned { value, referenced: host.referenced, defined: host.defined },
                    "host",
                    locator,
                    diagnostics,
                )
            };
            let (max_size, max_file_size) = (size("max_size", diagnostics), size("max_file_size", diagnostics));
            let max_files = text("max_files").and_then(|n| {
                let files = n.parse::<u64>().ok().filter(|n| *n >= 1);
                if files.is_none() {
                    let message =
                        format!("`max_files: {n}` is not a number of files: expected a whole number, at least 1");
                    diagnostics.push(Diagnostic::error("bad-setting", span.clone(), message).field("host"));
                }
                files
            });
            if !named {
                let message = "`host:` names no cap: give at least one of max_size, max_files and max_file_size, or a known host such as github-pages".to_string();
                diagnostics.push(Diagnostic::error("bad-setting", span, message).field("host"));
                return None;
            }
            if max_size.is_none() && max_files.is_none() && max_file_size.is_none() {
                return None;
            }
            let name = text("name").filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "the host".to_string());
            Some(crate::host::HostLimits { name, max_size, max_files, max_file_size, counts_folders: false, line })
        }
    }
}

/// `notify: [{team: Payments, to: slack, url_env: SLACK_PAYMENTS_WEBHOOK}]`: a known channel, at
/// most one of `team` and `for`, and an environment variable's name (never a URL: it is a secret).
fn notify_routes(
    raw: Vec<Spanned<RawNotifyRoute>>,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> Vec<NotifyRoute> {
    let mut routes = Vec::new();
    for route in raw {
        let span = locator.at(&route);
        let mut bad = |message: String| {
            diagnostics.push(Diagnostic::error("bad-setting", span.clone(), message).field("notify"));
        };
        let route = route.value;
        let to = match route.to.trim() {
            "slack" => Channel::Slack,
            "teams" => Channel::Teams,
            "webhook" => Channel::Webhook,
            other => {
                bad(format!("`{other}` is not a notify channel: expected slack, teams or webhook"));
                continue;
            }
        };
        if route.team.is_some() && route.for_handle.is_some() {
            bad("a notify route is for a team or for a person, not both".into());
            continue;
        }
        let name_ok = !route.url_env.is_empty() && route.url_env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok {
            bad("`url_env` names an environment variable (like SLACK_WEBHOOK), not a URL".into());
            continue;
        }
        routes.push(NotifyRoute { team: route.team, for_handle: route.for_handle, to, url_env: route.url_env });
    }
    routes
}

/// Rows per page of a long list unless `page_size` says otherwise: 200 rows are ~90 KB of HTML,
/// quick to load and to re-render on a save, and still one page for most teams' lists.
pub const DEFAULT_PAGE_SIZE: usize = 200;

/// Open handoffs drawn per page of `/graph/` unless `graph_page_size` says otherwise. A box and
/// its arrows are 450–600 bytes of SVG, so 500 boxes keep a page near 300 KB (a static host's
/// limit is 20–25 MB a file) and still make a picture one can scroll through; the example site
/// and most teams' bases stay one page.
pub const DEFAULT_GRAPH_PAGE_SIZE: usize = 500;

/// `page_size: 50` (or `graph_page_size`, the setting `field`): a whole number, at least one.
fn page_size(size: &Spanned<i64>, field: &str, locator: &Locator, diagnostics: &mut Diagnostics) -> Option<usize> {
    let rows = usize::try_from(size.value).ok().filter(|rows| *rows >= 1);
    if rows.is_none() {
        let message = format!("`{}` is not a page size: expected a whole number of rows, at least 1", size.value);
        diagnostics.push(Diagnostic::error("bad-setting", locator.at(size), message).field(field));
    }
    rows
}

/// `rules: {stale: error}`: known, configurable rule ids with a valid level.
fn rule_levels(
    raw: BTreeMap<String, Spanned<String>>,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Level> {
    let mut levels = BTreeMap::new();
    for (id, level) in raw {
        let span = locator.at(&level);
        let Some(rule) = crate::check::rules::find(&id) else {
            let ids = crate::check::rules::RULES.iter().map(|r| r.id);
            let hint = crate::suggest::did_you_mean(&id, ids).map(|r| format!("did you mean `{r}`?"));
            let message = format!("unknown rule `{id}` in `rules`");
            diagnostics.push(Diagnostic::error("unknown-setting", span, message).field("rules").hint(hint));
            continue;
        };
        if !rule.configurable {
            let message = format!("rule `{id}` cannot be configured: the base cannot be built past it");
            diagnostics.push(Diagnostic::error("bad-setting", span, message).field("rules"));
            continue;
        }
        match Level::parse(level.value.trim()) {
            Some(parsed) => {
                levels.insert(id, parsed);
            }
            None => {
                let message = format!("`{}` is not a rule level: expected error, warning or off", level.value);
                diagnostics.push(Diagnostic::error("bad-setting", span, message).field("rules"));
            }
        }
    }
    levels
}

/// `readiness: {ready: [intent, reviewer]}`: known statuses and fields.
fn readiness(
    raw: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<Status, Vec<ReadinessField>> {
    let mut out = BTreeMap::new();
    for (status, fields) in raw {
        let Some(parsed) = Status::parse(status.trim()) else {
            let message = format!(
                "`{status}` in `readiness` is not a status: expected one of draft, ready, accepted, in-progress, blocked, done, cancelled"
            );
            diagnostics.push(Diagnostic::error("bad-setting", locator.at(&fields), message).field("readiness"));
            continue;
        };
        let mut list = Vec::new();
        for field in &fields.value {
            match ReadinessField::ALL.iter().find(|f| f.as_str() == field.value.trim()) {
                Some(f) => list.push(*f),
                None => {
                    let names: Vec<_> = ReadinessField::ALL.iter().map(|f| f.as_str()).collect();
                    let message =
                        format!("`{}` is not a readiness field: expected one of {}", field.value, names.join(", "));
                    diagnostics.push(Diagnostic::error("bad-setting", locator.at(field), message).field("readiness"));
                }
            }
        }
        out.insert(parsed, list);
    }
    out
}

/// `5MB`, `512KB`, `1GB` or a plain number of bytes (units are binary: 1 KB = 1024 bytes).
fn byte_size(size: &Spanned<String>, field: &str, locator: &Locator, diagnostics: &mut Diagnostics) -> Option<u64> {
    let text = size.value.trim().to_ascii_uppercase().replace(' ', "");
    let digits_end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let unit = match &text[digits_end..] {
        "" | "B" => Some(1),
        "KB" | "K" => Some(1 << 10),
        "MB" | "M" => Some(1 << 20),
        "GB" | "G" => Some(1 << 30),
        _ => None,
    };
    let bytes = unit.zip(text[..digits_end].parse::<u64>().ok()).and_then(|(unit, n)| n.checked_mul(unit));
    if bytes.is_none() {
        let message = format!("`{}` is not a size: expected a number with KB, MB or GB, such as 5MB", size.value);
        diagnostics.push(Diagnostic::error("bad-setting", locator.at(size), message).field(field));
    }
    bytes
}

/// A theme name is a folder under `themes/`; anything that could leave that folder is refused.
fn theme_name(theme: Option<Spanned<String>>, locator: &Locator, diagnostics: &mut Diagnostics) -> Option<String> {
    let theme = theme?;
    if crate::slug::is_ascii_slug(&theme.value) || theme.value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(theme.value);
    }
    let message = format!(
        "`{}` is not a theme name: use the name of a folder under themes/ (letters, digits, dashes)",
        theme.value
    );
    diagnostics.push(Diagnostic::error("bad-theme", locator.at(&theme), message).field("theme"));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notify_routes_are_read_and_bad_ones_reported_on_their_line() {
        let text = "title: T\nnotify:\n  - {team: Payments, to: slack, url_env: SLACK_PAYMENTS}\n  - {for: mei.lin, to: teams, url_env: TEAMS_MEI}\n  - {to: email, url_env: X}\n  - {to: slack, url_env: 'https://hooks.slack.com/x'}\n";
        let mut d = Diagnostics::default();
        let config = parse_config(text, &mut d);
        let expected = [
            NotifyRoute {
                team: Some("Payments".into()),
                for_handle: None,
                to: Channel::Slack,
                url_env: "SLACK_PAYMENTS".into(),
            },
            NotifyRoute {
                team: None,
                for_handle: Some("mei.lin".into()),
                to: Channel::Teams,
                url_env: "TEAMS_MEI".into(),
            },
        ];
        assert_eq!(config.notify, expected);
        let found = d.sorted();
        let messages: Vec<(usize, &str)> = found.iter().map(|x| (x.span.line, x.message.as_str())).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(messages[0].0, 5);
        assert!(messages[0].1.contains("`email` is not a notify channel"));
        assert!(messages[1].1.contains("not a URL"));
    }

    #[test]
    fn a_host_is_a_known_name_or_its_own_caps_and_anything_else_is_reported_on_its_line() {
        let mut d = Diagnostics::default();
        let config = parse_config("title: T\nhost: cloudflare-pages\n", &mut d);
        assert!(!d.has_errors());
        let host = config.host.unwrap();
        assert_eq!((host.max_files, host.max_file_size, host.line), (Some(20_000), Some(25 << 20), 2));

        let config = parse_config("title: T\nhost: {name: Intranet, max_size: 2GB, max_files: 50000}\n", &mut d);
        assert!(!d.has_errors());
        let host = config.host.unwrap();
        assert_eq!(
            (host.name.as_str(), host.max_size, host.max_files, host.max_file_size),
            ("Intranet", Some(2 << 30), Some(50_000), None)
        );

        for (text, says) in [
            ("host: githb-pages\n", "did you mean `github-pages`?"),
            ("host: {name: X}\n", "names no cap"),
            ("host: {max_size: lots}\n", "`lots` is not a size"),
            ("host: {max_files: 0}\n", "not a number of files"),
            ("host: {max_size: 1GB, max_bytes: 2}\n", "max_bytes"),
        ] {
            let mut d = Diagnostics::default();
            let config = parse_config(&format!("title: T\n{text}"), &mut d);
            let found = d.sorted();
            assert!(config.host.is_none() || text.contains("max_size: 1GB,"), "{text}");
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            let shown = format!("{} {}", found[0].message, found[0].hint.as_deref().unwrap_or_default());
            assert!(shown.contains(says), "{text}: {shown}");
            assert_eq!(found[0].span.line, 2, "{text}");
        }
    }

    #[test]
    fn defaults_fill_what_is_not_written() {
        let mut d = Diagnostics::default();
        let config = parse_config("title: Northwind\n", &mut d);
        assert!(!d.has_errors());
        assert_eq!(config.title, "Northwind");
        assert_eq!(config.review_within.seconds, 86_400);
        assert_eq!(config.base_url, "/");
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let mut d = Diagnostics::default();
        parse_config("title: X\nreview_witin: 2d\n", &mut d);
        let found = d.sorted();
        assert_eq!(found[0].rule, "unknown-setting");
        assert_eq!(found[0].span.line, 2);
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `review_within`?"));
    }

    #[test]
    fn bad_duration_points_at_the_value() {
        let mut d = Diagnostics::default();
        parse_config("stale_after: two weeks\n", &mut d);
        let found = d.sorted();
        assert_eq!((found[0].rule, found[0].span.line, found[0].span.column), ("bad-duration", 1, 14));
    }

    #[test]
    fn rules_and_readiness_are_read_and_validated() {
        let mut d = Diagnostics::default();
        let text = "rules:\n  stale: error\n  review-overdue: off\n  stael: warning\n  yaml: off\nreadiness:\n  ready: [intent, reviewer]\n  done: [intnet]\n";
        let config = parse_config(text, &mut d);
        assert_eq!(config.level("stale"), Some(Level::Error));
        assert_eq!(config.level("review-overdue"), Some(Level::Off));
        assert_eq!(config.level("overdue"), Some(Level::Warning));
        assert_eq!(config.readiness_for(Status::Ready), [ReadinessField::Intent, ReadinessField::Reviewer]);
        assert_eq!(config.readiness_for(Status::Accepted).len(), 6);
        let found: Vec<_> = d.sorted().into_iter().map(|d| (d.rule, d.span.line)).collect();
        assert_eq!(found, [("unknown-setting", 4), ("bad-setting", 5), ("bad-setting", 8)]);
    }

    #[test]
    fn page_size_is_a_positive_number_of_rows() {
        let mut diagnostics = Diagnostics::default();
        assert_eq!(parse_config("page_size: 50\n", &mut diagnostics).page_size, 50);
        assert_eq!(parse_config("title: T\n", &mut diagnostics).page_size, DEFAULT_PAGE_SIZE);
        assert!(!diagnostics.has_errors());
        assert_eq!(parse_config("page_size: 0\n", &mut diagnostics).page_size, DEFAULT_PAGE_SIZE);
        let errors = diagnostics.sorted();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].rule, errors[0].span.line), ("bad-setting", 1));
    }

    #[test]
    fn max_file_size_takes_units() {
        let mut d = Diagnostics::default();
        assert_eq!(parse_config("max_file_size: 2MB\n", &mut d).max_file_size, 2 * 1024 * 1024);
        assert_eq!(parse_config("max_file_size: 512 kb\n", &mut d).max_file_size, 512 * 1024);
        assert!(!d.has_errors());
        parse_config("max_file_size: lots\n", &mut d);
        assert!(d.has_errors());
    }

    #[test]
    fn theme_cannot_escape_the_themes_folder() {
        let mut d = Diagnostics::default();
        parse_config("theme: ../../etc\n", &mut d);
        assert!(d.has_errors());
    }
}
