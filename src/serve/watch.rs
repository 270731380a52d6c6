//! The file watcher: notify's events as [`FileEvent`]s, and a debounce that gathers a burst.
//!
//! It watches `baton.yaml` and `people.yaml` (through the site folder, not recursively, so an
//! editor replacing the file is still seen) and `content/`, `static/` and `themes/` recursively,
//! and the `decision_dirs` of baton.yaml as they were when serve started (also outside the site
//! folder: their events are named by the path as written, `../docs/adr/x.md`), and never the
//! output folder. Renames arrive as a removal and a creation. The debounce is ours
//! rather than notify-debouncer's: it waits for the first event without waking up, then only as
//! long as events keep coming (a few milliseconds for an editor's save), which is what keeps
//! save-to-reload fast; a debouncer ticking on a timer would add its period to every save.

use super::classify::{EventKind, FileEvent};
use anyhow::Context as _;
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders watched recursively, when they exist.
const FOLDERS: [&str; 3] = ["content", "static", "themes"];

/// Watches a site folder; dropping it stops the watching and closes the event channel.
pub struct SiteWatcher {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: BTreeSet<&'static str>,
}

impl SiteWatcher {
    /// Starts watching `site`; events go to `events`, with paths relative to `site`.
    pub fn start(site: &Path, events: Sender<(Instant, FileEvent)>) -> anyhow::Result<SiteWatcher> {
        let root = site.canonicalize().with_context(|| format!("finding {}", site.display()))?;
        let prefix = root.clone();
        let records = decision_folders(&root);
        let mapping = records.clone();
        let watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            let now = Instant::now();
            for file_event in file_events(&prefix, &mapping, &event) {
                // A closed channel means serve is shutting down: nothing left to tell.
                if events.send((now, file_event)).is_err() {
                    return;
                }
            }
        })
        .context("starting the file watcher")?;
        let mut site_watcher = SiteWatcher { watcher, root, watched: BTreeSet::new() };
        site_watcher
            .watcher
            .watch(&site_watcher.root, RecursiveMode::NonRecursive)
            .context("watching the site folder")?;
        site_watcher.watch_new_folders()?;
        for (folder, _) in &records {
            site_watcher
                .watcher
                .watch(folder, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", folder.display()))?;
        }
        Ok(site_watcher)
    }

    /// Starts watching `content/`, `static/` or `themes/` if they appeared since the start.
    pub fn watch_new_folders(&mut self) -> anyhow::Result<()> {
        for folder in FOLDERS {
            let path = self.root.join(folder);
            if !self.watched.contains(folder) && path.is_dir() {
                self.watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .with_context(|| format!("watching {}", path.display()))?;
                self.watched.insert(folder);
            }
        }
        Ok(())
    }
}

/// The existing `decision_dirs` folders outside `root` (canonical), each with its path as written
/// in baton.yaml; folders inside the site are named relative to it like any other path.
fn decision_folders(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let Ok(text) = std::fs::read_to_string(root.join("baton.yaml")) else { return Vec::new() };
    let config = crate::config::parse_config(&text, &mut crate::diagnostic::Diagnostics::default());
    let folders = config.decision_dirs.into_iter().map(|folder| folder.path);
    folders.filter_map(|path| Some((root.join(&path).canonicalize().ok()?, PathBuf::from(path)))).collect()
}

/// A path relative to the site, or to a decision folder outside it, as the rest of serve names it.
fn site_relative(root: &Path, records: &[(PathBuf, PathBuf)], path: &Path) -> Option<PathBuf> {
    if let Ok(inside) = path.strip_prefix(root) {
        return Some(inside.to_path_buf());
    }
    records.iter().find_map(|(folder, written)| path.strip_prefix(folder).ok().map(|rest| written.join(rest)))
}

/// One notify event as file events relative to `root`; access and metadata events are dropped
/// (a finished write is kept: it marks the end of a save).
fn file_events(root: &Path, records: &[(PathBuf, PathBuf)], event: &notify::Event) -> Vec<FileEvent> {
    let paths: Vec<PathBuf> = event
        .paths
        .iter()
        .filter_map(|path| site_relative(root, records, path))
        .filter(|path| !path.as_os_str().is_empty())
        .collect();
    if event.kind == notify::EventKind::Modify(ModifyKind::Name(RenameMode::Both)) {
        return match paths.as_slice() {
            [from, to] => vec![FileEvent::new(from, EventKind::Removed), FileEvent::new(to, EventKind::Created)],
            _ => Vec::new(),
        };
    }
    let Some(kind) = single_kind(event.kind) else { return Vec::new() };
    paths.into_iter().map(|path| FileEvent::new(path, kind)).collect()
}

fn single_kind(kind: notify::EventKind) -> Option<EventKind> {
    use notify::EventKind as N;
    match kind {
        N::Create(_) | N::Modify(ModifyKind::Name(RenameMode::To)) => Some(EventKind::Created),
        N::Remove(_) | N::Modify(ModifyKind::Name(RenameMode::From)) => Some(EventKind::Removed),
        N::Access(AccessKind::Close(AccessMode::Write)) => Some(EventKind::Modified),
        N::Access(_) | N::Modify(ModifyKind::Metadata(_)) => None,
        N::Modify(_) | N::Any | N::Other => Some(EventKind::Modified),
    }
}

/// Waits for the next burst of events: blocks until one arrives, then gathers more until none
/// has come for `quiet` or `longest` has passed since the first. Returns the time of the first
/// event with the burst, or `None` once the watcher is gone.
pub fn next_burst(
    events: &Receiver<(Instant, FileEvent)>,
    quiet: Duration,
    longest: Duration,
) -> Option<(Instant, Vec<FileEvent>)> {
    let first = events.recv().ok()?;
    Some(burst_from(first, events, quiet, longest))
}

/// Gathers the rest of a burst that started with `first` (see [`next_burst`]).
pub fn burst_from(
    first: (Instant, FileEvent),
    events: &Receiver<(Instant, FileEvent)>,
    quiet: Duration,
    longest: Duration,
) -> (Instant, Vec<FileEvent>) {
    let (first_at, first) = first;
    let mut burst = vec![first];
    let deadline = Instant::now() + longest;
    loop {
        let wait = quiet.min(deadline.saturating_duration_since(Instant::now()));
        match events.recv_timeout(wait) {
            Ok((_, event)) => burst.push(event),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return (first_at, burst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: notify::EventKind, paths: &[&str]) -> notify::Event {
        let mut event = notify::Event::new(kind);
        for p in paths {
            event = event.add_path(PathBuf::from(p));
        }
        event
    }

    #[test]
    fn a_rename_is_a_removal_and_a_creation() {
        let both = event(
            notify::EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["/s/content/a.md", "/s/content/b.md"],
        );
        assert_eq!(
            file_events(Path::new("/s"), &[], &both),
            [FileEvent::new("content/a.md", EventKind::Removed), FileEvent::new("content/b.md", EventKind::Created)]
        );
    }

    #[test]
    fn events_in_a_decision_folder_outside_the_site_are_named_as_written() {
        let modified = event(notify::EventKind::Modify(ModifyKind::Any), &["/repo/docs/adr/0002-x.md"]);
        let records = [(PathBuf::from("/repo/docs/adr"), PathBuf::from("../docs/adr"))];
        assert_eq!(
            file_events(Path::new("/repo/kb"), &records, &modified),
            [FileEvent::new("../docs/adr/0002-x.md", EventKind::Modified)]
        );
        assert!(file_events(Path::new("/repo/kb"), &[], &modified).is_empty());
    }

    #[test]
    fn access_and_metadata_are_dropped_but_a_finished_write_is_kept() {
        let open = event(notify::EventKind::Access(AccessKind::Open(AccessMode::Any)), &["/s/content/a.md"]);
        assert!(file_events(Path::new("/s"), &[], &open).is_empty());
        let closed = event(notify::EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/s/content/a.md"]);
        assert_eq!(file_events(Path::new("/s"), &[], &closed), [FileEvent::new("content/a.md", EventKind::Modified)]);
    }

    #[test]
    fn a_burst_ends_after_a_quiet_spell() {
        let (tx, rx) = std::sync::mpsc::channel();
        let now = Instant::now();
        for name in ["a.md", "b.md", "a.md"] {
            tx.send((now, FileEvent::new(format!("content/{name}"), EventKind::Modified))).unwrap();
        }
        let (_, burst) = next_burst(&rx, Duration::from_millis(5), Duration::from_secs(1)).unwrap();
        assert_eq!(burst.len(), 3);
        drop(tx);
        assert!(next_burst(&rx, Duration::from_millis(5), Duration::from_secs(1)).is_none());
    }
}
