//! `baton sync`: fetches the state of every tracker item the handoffs link to into
//! `.baton/trackers.json`, for build, serve, check, export and the digest to read.
//!
//! Tokens come only from the environment variables `trackers:` names, and are never printed:
//! messages name the variable. A sync with errors writes nothing, so the previous cache stays as
//! it was; a sync stopped by a rate limit keeps what it fetched. Progress (`N of M`) goes to
//! stderr, and only on a terminal.

use crate::build::load_site;
use crate::diagnostic::Diagnostics;
use crate::trackers::apis::Credentials;
use crate::trackers::refs::{Recognizer, Ref, Tracker};
use crate::trackers::settings::TrackerSettings;
use crate::trackers::sync::{self, Clock, SyncInput};
use crate::trackers::{cache, http};
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `baton sync`.
#[derive(Debug, clap::Args)]
pub(super) struct SyncArgs {
    /// The site folder (default: the current folder).
    pub(super) dir: Option<PathBuf>,
}

/// The real clock.
struct WallClock;

impl Clock for WallClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
    fn sleep(&self, wait: std::time::Duration) {
        std::thread::sleep(wait);
    }
}

/// Runs `baton sync`.
pub(super) fn run(args: SyncArgs) -> anyhow::Result<ExitCode> {
    let site_dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    // Content problems are `baton check`'s to report; sync asks for what the base links to.
    let site = load_site(&site_dir, &mut Diagnostics::default())?;
    let settings = &site.config.trackers;
    let recognizer = Recognizer::new(settings);
    let mut items: Vec<Ref> = site.base.handoffs.values().flat_map(|h| recognizer.refs_of(h)).collect();
    items.sort_by_key(Ref::key);
    items.dedup_by_key(|r| r.key());
    if items.is_empty() {
        eprintln!("no handoff links to a GitHub, GitLab or Jira item: nothing to sync");
        return Ok(ExitCode::SUCCESS);
    }
    let old = cache::read_for_sync(&site_dir)?;
    let credentials = credentials(settings, &items);
    let terminal = std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if terminal {
            eprint!("\rsyncing {done} of {total}");
            if done == total {
                eprintln!();
            }
        }
    };
    let input = SyncInput { items: &items, old: &old, settings, credentials: &credentials, progress: &progress };
    let outcome = sync::sync(&input, &http::HttpClient::new(timeout()), &WallClock);
    for change in &outcome.changes {
        println!("{}: {} → {}", change.item, change.from.words(), change.to.words());
    }
    for error in &outcome.errors {
        eprintln!("error: sync {error}");
    }
    if !outcome.writable() {
        eprintln!("error: sync failed; {} was left unchanged", cache::CACHE_PATH);
        return Ok(ExitCode::from(1));
    }
    let path = cache::write(&site_dir, &outcome.cache)?;
    println!(
        "synced {} items ({} fetched, {} not modified, {} not found, {} changed) → {}",
        outcome.cache.items.len(),
        outcome.fetched,
        outcome.not_modified,
        outcome.not_found,
        outcome.changes.len(),
        path.display()
    );
    if let Some(stopped) = &outcome.stopped {
        eprintln!("error: sync {stopped}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The tokens of the trackers `items` use, from the environment; a variable that is named but
/// not set is noted (the public services answer some requests without a token).
fn credentials(settings: &TrackerSettings, items: &[Ref]) -> Credentials {
    let used = |tracker: Tracker| items.iter().any(|i| i.tracker == tracker);
    let read = |tracker: Tracker, setting: &str, name: Option<&String>| -> Option<String> {
        let name = name.filter(|_| used(tracker))?;
        let value = std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if value.is_none() {
            eprintln!("note: {name} ({setting}) is not set; asking {} without it", tracker.name());
        }
        value
    };
    let jira = settings.jira.as_ref().and_then(|j| {
        let user = read(Tracker::Jira, "trackers.jira.user_env", j.user_env.as_ref());
        let token = read(Tracker::Jira, "trackers.jira.token_env", j.token_env.as_ref());
        user.zip(token)
    });
    Credentials {
        github: read(Tracker::GitHub, "trackers.github.token_env", settings.github.token_env.as_ref()),
        gitlab: read(Tracker::GitLab, "trackers.gitlab.token_env", settings.gitlab.token_env.as_ref()),
        jira,
    }
}

/// Ten seconds a request; `BATON_SYNC_TIMEOUT_MS` (undocumented) shortens it for tests.
fn timeout() -> std::time::Duration {
    std::env::var("BATON_SYNC_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(http::TIMEOUT, std::time::Duration::from_millis)
}
