//! `.baton/trackers.json`: the states `baton sync` fetched, which build, serve, check, export and
//! the digest read instead of the network.
//!
//! One entry per item, keyed like [`super::refs::Ref::key`], each with the time it was fetched,
//! the ETag to ask again with, and what its state was before the last change (`previous`,
//! `changed_at`) so the digest can say "PR acme/ledger#12 merged". Written atomically (a temp
//! file renamed over the old one), so a sync that fails leaves the previous cache as it was.
//! Parsing is from a string; [`read_for_site`] and [`write`] are the thin I/O wrappers.

use super::refs::{ItemKind, Recognizer, Ref, Tracker};
use super::settings::TrackerSettings;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::Handoff;
use anyhow::Context as _;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where `baton sync` writes, relative to the site folder.
pub const CACHE_PATH: &str = ".baton/trackers.json";
/// The format written; a cache of another version is ignored with a note.
pub const VERSION: u32 = 1;

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Open (a Jira issue not in the done category; a locked GitLab merge request).
    Open,
    /// Closed without merging (a Jira issue in the done category).
    Closed,
    /// A pull or merge request that was merged.
    Merged,
    /// The tracker says there is no such item (or the token may not see it).
    NotFound,
}

impl State {
    /// As written (`not-found`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Closed => "closed",
            State::Merged => "merged",
            State::NotFound => "not-found",
        }
    }

    /// As said in a sentence (`not found`).
    pub fn words(self) -> &'static str {
        match self {
            State::NotFound => "not found",
            other => other.as_str(),
        }
    }

    /// Closed or merged: nothing left to do there.
    pub fn is_finished(self) -> bool {
        matches!(self, State::Closed | State::Merged)
    }
}

/// One item's state as fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Which tracker.
    pub tracker: Tracker,
    /// `acme/ledger#12`.
    pub reference: String,
    /// Issue, pull or merge request.
    pub kind: ItemKind,
    /// The item's page.
    pub url: String,
    /// Open, closed, merged or not found.
    pub state: State,
    /// The tracker's own word when it says more than the state (Jira's `In Review`, GitLab's
    /// `locked`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The item's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who it is assigned to (login, user name or display name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// When the tracker says it last changed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// When baton last asked (RFC 3339).
    pub fetched_at: String,
    /// The ETag of the last full answer, sent back as `If-None-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The state before the last change a sync saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<State>,
    /// When the state last changed: the tracker's `merged_at`/`closed_at` when it gives one, else
    /// the sync that saw the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<String>,
}

impl Entry {
    /// `fetched_at` as an instant (`None` when the file holds nonsense there).
    pub fn fetched(&self) -> Option<Timestamp> {
        self.fetched_at.parse().ok()
    }

    /// `changed_at` as an instant.
    pub fn changed(&self) -> Option<Timestamp> {
        self.changed_at.as_deref().and_then(|t| t.parse().ok())
    }

    /// What a badge says: Jira's status name, else the state.
    pub fn label(&self) -> &str {
        match (self.state, &self.status) {
            (State::NotFound, _) | (_, None) => self.state.words(),
            (_, Some(status)) => status,
        }
    }
}

/// The whole cache file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {
    /// [`VERSION`].
    pub version: u32,
    /// When the last sync that wrote this file ran (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced_at: Option<String>,
    /// Entries by key (`github:acme/ledger#12`), sorted.
    #[serde(default)]
    pub items: BTreeMap<String, Entry>,
}

impl Cache {
    /// Reads a cache file's text; the error says what is wrong and where (line and column).
    pub fn parse(text: &str) -> Result<Cache, (String, usize, usize)> {
        let cache: Cache = serde_json::from_str(text).map_err(|e| (e.to_string(), e.line(), e.column()))?;
        if cache.version != VERSION {
            return Err((format!("version {} is not one this baton reads (it reads {VERSION})", cache.version), 1, 1));
        }
        Ok(cache)
    }

    /// The oldest fetch among the entries: how old the cache is where it is oldest.
    pub fn oldest_fetch(&self) -> Option<Timestamp> {
        self.items.values().filter_map(Entry::fetched).min()
    }
}

/// The states a build reads, and where they came from. Empty when there is no cache: then the
/// site is built exactly as without trackers.
#[derive(Debug, Clone, Default)]
pub struct States {
    /// The cache.
    pub cache: Cache,
    /// The file read, relative to the site (`.baton/trackers.json` or the fixture).
    pub source: Option<String>,
    /// The settings' `stale_after`, in seconds.
    pub stale_after: u64,
    /// The settings' `stale_after` as written.
    pub stale_after_written: String,
    /// What recognises references, set up from the settings when a cache was read.
    pub recognizer: Option<Recognizer>,
}

/// A reference a handoff makes, with its cached state when the cache has one.
#[derive(Debug, Clone)]
pub struct Linked<'a> {
    /// The item.
    pub item: Ref,
    /// Its state, as of its `fetched_at`.
    pub entry: Option<&'a Entry>,
}

impl States {
    /// The entry for `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.cache.items.get(key)
    }

    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.cache.items.is_empty()
    }

    /// The items `handoff` links to with their states; none when there is no cache, so a site
    /// without one renders exactly as before.
    pub fn linked<'a>(&'a self, handoff: &Handoff) -> Vec<Linked<'a>> {
        let Some(recognizer) = self.recognizer.as_ref().filter(|_| !self.is_empty()) else { return Vec::new() };
        let refs = recognizer.refs_of(handoff);
        refs.into_iter().map(|item| Linked { entry: self.get(&item.key()), item }).collect()
    }

    /// A note for messages built on the cache when it is older than `stale_after` at `today`:
    /// ` (tracker states as of 2026-11-19 06:00 UTC, older than trackers.stale_after 24h: run
    /// baton sync)`; empty when fresh.
    pub fn staleness(&self, today: Timestamp) -> String {
        let Some(oldest) = self.cache.oldest_fetch() else { return String::new() };
        let age = today.duration_since(oldest).as_secs();
        if age <= i64::try_from(self.stale_after).unwrap_or(i64::MAX) {
            return String::new();
        }
        format!(
            " (tracker states as of {}, older than trackers.stale_after {}: run `baton sync`)",
            as_of(oldest),
            self.stale_after_written
        )
    }
}

/// `2026-11-19 06:00 UTC`.
pub fn as_of(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The cache file a build of `site` reads: `.baton/trackers.json`, else the settings' fixture.
pub fn path_for_site(site: &Path, settings: &TrackerSettings) -> Option<PathBuf> {
    let cache = site.join(CACHE_PATH);
    if cache.is_file() {
        return Some(cache);
    }
    settings.fixture.as_ref().map(|f| site.join(f)).filter(|p| p.is_file())
}

/// Reads the states for a build of `site`. A cache that cannot be read or parsed is a warning
/// (`tracker-cache`) and the build goes on without states: it is a copy of the trackers, never
/// the only record of anything.
pub fn read_for_site(site: &Path, settings: &TrackerSettings, diagnostics: &mut Diagnostics) -> States {
    let mut states = States {
        stale_after: settings.stale_after.seconds,
        stale_after_written: settings.stale_after.written.clone(),
        ..States::default()
    };
    let Some(path) = path_for_site(site, settings) else { return states };
    let shown = path.strip_prefix(site).unwrap_or(&path).to_string_lossy().replace('\\', "/");
    let parsed = std::fs::read_to_string(&path)
        .map_err(|e| (format!("cannot be read: {e}"), 1, 1))
        .and_then(|text| Cache::parse(&text));
    match parsed {
        Ok(cache) => {
            states.cache = cache;
            states.source = Some(shown);
            states.recognizer = Some(Recognizer::new(settings));
        }
        Err((message, line, column)) => {
            let message = format!("the tracker cache is not usable, so no tracker states are shown: {message}");
            let hint = "run `baton sync` to fetch it again".to_string();
            diagnostics.push(
                Diagnostic::warning("tracker-cache", Span::new(shown, line.max(1), column.max(1)), message)
                    .hint(Some(hint)),
            );
        }
    }
    states
}

/// Reads the cache `baton sync` starts from; a missing file is an empty cache, a broken one an
/// error (sync would otherwise drop every ETag and history it holds).
pub fn read_for_sync(site: &Path) -> anyhow::Result<Cache> {
    let path = site.join(CACHE_PATH);
    match std::fs::read_to_string(&path) {
        Ok(text) => Cache::parse(&text).map_err(|(message, line, column)| {
            anyhow::anyhow!("{}:{line}:{column}: {message}; move it away to start afresh", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Cache { version: VERSION, ..Cache::default() }),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes `cache` to `.baton/trackers.json` through a temp file renamed over the old one, so a
/// reader never sees half a file and a failure leaves the old one.
pub fn write(site: &Path, cache: &Cache) -> anyhow::Result<PathBuf> {
    let path = site.join(CACHE_PATH);
    let folder = path.parent().unwrap_or(site);
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let mut text = serde_json::to_string_pretty(cache)?;
    text.push('\n');
    let temp = folder.join(format!(".trackers.json.{}.tmp", std::process::id()));
    std::fs::write(&temp, text).with_context(|| format!("writing {}", temp.display()))?;
    if let Err(e) = std::fs::rename(&temp, &path) {
        // The temp file is ours; failing to remove it too only leaves litter in .baton/.
        let _ignored = std::fs::remove_file(&temp);
        return Err(e).with_context(|| format!("replacing {}", path.display()));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(state: State, fetched_at: &str) -> Entry {
        Entry {
            tracker: Tracker::GitHub,
            reference: "acme/ledger#12".into(),
            kind: ItemKind::Pull,
            url: "https://github.com/acme/ledger/pull/12".into(),
            state,
            status: None,
            title: Some("Retry webhooks".into()),
            assignee: None,
            updated: None,
            fetched_at: fetched_at.into(),
            etag: Some("W/\"abc\"".into()),
            previous: None,
            changed_at: None,
        }
    }

    #[test]
    fn a_cache_round_trips_and_other_versions_are_refused() {
        let mut cache = Cache { version: VERSION, synced_at: Some("2026-11-20T06:00:00Z".into()), ..Cache::default() };
        cache.items.insert("github:acme/ledger#12".into(), entry(State::Merged, "2026-11-20T06:00:00Z"));
        let text = serde_json::to_string_pretty(&cache).unwrap();
        assert!(text.contains("\"state\": \"merged\""), "{text}");
        assert_eq!(Cache::parse(&text).unwrap(), cache);
        assert!(Cache::parse("{\"version\": 9}").unwrap_err().0.contains("version 9"));
        let (_, line, _) = Cache::parse("{\n\"version\": 1,\n\"items\": [\n").unwrap_err();
        assert_eq!(line, 3);
    }

    #[test]
    fn staleness_is_noted_past_stale_after_only() {
        let mut states = States { stale_after: 86_400, stale_after_written: "24h".into(), ..States::default() };
        assert_eq!(states.staleness("2026-11-20T00:00:00Z".parse().unwrap()), "");
        states.cache.items.insert("k".into(), entry(State::Open, "2026-11-19T06:00:00Z"));
        assert_eq!(states.staleness("2026-11-20T05:00:00Z".parse().unwrap()), "");
        let note = states.staleness("2026-11-20T07:00:00Z".parse().unwrap());
        assert!(note.contains("as of 2026-11-19 06:00 UTC, older than trackers.stale_after 24h"), "{note}");
    }

    #[test]
    fn labels_prefer_the_tracker_status_word() {
        let mut e = entry(State::Open, "2026-11-19T06:00:00Z");
        assert_eq!(e.label(), "open");
        e.status = Some("In Review".into());
        assert_eq!(e.label(), "In Review");
        e.state = State::NotFound;
        assert_eq!(e.label(), "not found");
    }
}
