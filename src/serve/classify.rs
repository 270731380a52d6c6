//! File events → what changed, by kind: the pure heart of the watcher.
//!
//! Editors save in odd ways: vim renames the old file to `x.md~` and writes a new one, JetBrains
//! writes `x.md___jb_tmp___` and renames it over, emacs leaves `.#x.md` locks. A burst of such
//! events becomes one [`Changes`]: editor temp files are dropped, only the last event per path is
//! kept, and each path is sorted into the part of the site it belongs to, which decides how much
//! to rebuild. This module reads no disk: whether a path still exists, or is a folder, is for the
//! caller to find out when it applies the changes.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// What happened to a path, as far as the watcher could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Created, or moved in (the second half of a rename).
    Created,
    /// Written to.
    Modified,
    /// Deleted, or moved away (the first half of a rename).
    Removed,
}

/// One file event, with the path relative to the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEvent {
    /// Relative to the site folder: `content/ops/x.md`, `baton.yaml`.
    pub path: PathBuf,
    /// What happened.
    pub kind: EventKind,
}

impl FileEvent {
    /// An event at `path`.
    pub fn new(path: impl Into<PathBuf>, kind: EventKind) -> Self {
        FileEvent { path: path.into(), kind }
    }
}

/// The part of the site a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Content,
    People,
    Config,
    Theme,
    Static,
}

/// A burst of events sorted by what they touch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Paths under `content/` (files or whole folders) with the last thing that happened to each.
    pub content: BTreeMap<PathBuf, EventKind>,
    /// `people.yaml` changed.
    pub people: bool,
    /// `baton.yaml` changed.
    pub config: bool,
    /// Something under `themes/` changed.
    pub theme: bool,
    /// Something under `static/` changed.
    pub static_files: bool,
    /// A decision record in one of `decision_dirs` changed.
    pub records: bool,
}

impl Changes {
    /// Nothing worth a rebuild.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.people && !self.config && !self.theme && !self.static_files && !self.records
    }

    /// Settings, people, templates or decision records changed: every page may look different
    /// (records are few, and their relations run both ways, so they are read again whole).
    pub fn needs_full_rebuild(&self) -> bool {
        self.people || self.config || self.theme || self.records
    }
}

/// Sorts a burst of events into [`Changes`], dropping editor temp files and paths outside the
/// site's sources, and keeping the last event per path.
pub fn classify(events: impl IntoIterator<Item = FileEvent>) -> Changes {
    classify_with(events, &[])
}

/// [`classify`] for a site with `decision_dirs` (paths as written in baton.yaml): a Markdown file
/// in one of them is a record.
pub fn classify_with(events: impl IntoIterator<Item = FileEvent>, decision_dirs: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for event in events {
        if is_editor_temp(&event.path) {
            continue;
        }
        let is_markdown = event.path.extension().is_some_and(|e| e == "md");
        if decision_dirs.iter().any(|dir| event.path.starts_with(dir))
            && (is_markdown || event.kind == EventKind::Removed)
        {
            changes.records = true;
            continue;
        }
        match area(&event.path) {
            Some(Area::Content) => {
                changes.content.insert(event.path, event.kind);
            }
            Some(Area::People) => changes.people = true,
            Some(Area::Config) => changes.config = true,
            Some(Area::Theme) => changes.theme = true,
            Some(Area::Static) => changes.static_files = true,
            None => {}
        }
    }
    changes
}

/// Which part of the site `path` is in; `None` for the output folder and anything else.
fn area(path: &Path) -> Option<Area> {
    let mut parts = path.components().filter_map(|c| match c {
        Component::Normal(part) => part.to_str(),
        _ => None,
    });
    let first = parts.next()?;
    let nested = parts.next().is_some();
    match (first, nested) {
        ("baton.yaml", false) => Some(Area::Config),
        ("people.yaml", false) => Some(Area::People),
        ("content", _) => Some(Area::Content),
        ("themes", _) => Some(Area::Theme),
        ("static", _) => Some(Area::Static),
        _ => None,
    }
}

/// Swap, backup, lock and staging files that editors write beside the real one.
fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return true };
    const SUFFIXES: &[&str] =
        &["~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".kate-swp", ".crswap", "___jb_tmp___", "___jb_old___"];
    const PREFIXES: &[&str] = &[".#", ".goutputstream-", ".~lock."];
    SUFFIXES.iter().any(|s| name.ends_with(s))
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    fn ev(path: &str, kind: EventKind) -> FileEvent {
        FileEvent::new(path, kind)
    }

    #[test]
    fn a_saved_record_in_a_decision_folder_needs_a_full_rebuild() {
        let dirs = [PathBuf::from("../docs/adr"), PathBuf::from("docs/adr")];
        let changes = classify_with([ev("../docs/adr/0002-x.md", Modified)], &dirs);
        assert!(changes.records && changes.needs_full_rebuild());
        assert!(classify_with([ev("docs/adr/0003-y.md", Created)], &dirs).records);
        assert!(classify_with([ev("../docs/adr/.0002-x.md.swp", Modified)], &dirs).is_empty());
        assert!(classify([ev("../docs/adr/0002-x.md", Modified)]).is_empty(), "not a decision folder");
    }

    #[test]
    fn vim_save_with_backup_is_one_modification() {
        let changes = classify([
            ev("content/x.md", Removed),
            ev("content/x.md~", Created),
            ev("content/4913", Created),
            ev("content/4913", Removed),
            ev("content/x.md", Created),
            ev("content/x.md", Modified),
            ev("content/.x.md.swp", Modified),
            ev("content/x.md~", Removed),
        ]);
        assert_eq!(changes.content.into_iter().collect::<Vec<_>>(), vec![(PathBuf::from("content/x.md"), Modified)]);
    }

    #[test]
    fn rename_over_from_a_temp_file_keeps_only_the_target() {
        let changes = classify([
            ev("content/a.md___jb_tmp___", Created),
            ev("content/a.md___jb_tmp___", Removed),
            ev("content/a.md", Created),
            ev("content/.#a.md", Created),
            ev("content/#a.md#", Modified),
        ]);
        assert_eq!(changes.content.len(), 1);
        assert_eq!(changes.content[Path::new("content/a.md")], Created);
    }

    #[test]
    fn the_last_event_per_path_wins() {
        let changes = classify([ev("content/a.md", Created), ev("content/a.md", Removed)]);
        assert_eq!(changes.content[Path::new("content/a.md")], Removed);
    }

    #[test]
    fn a_moved_folder_is_kept_as_a_content_path() {
        let changes = classify([ev("content/ops", Removed), ev("content/archive/ops", Created)]);
        assert_eq!(changes.content.len(), 2);
        assert!(!changes.needs_full_rebuild());
    }

    #[test]
    fn settings_people_and_theme_need_a_full_rebuild() {
        for path in ["baton.yaml", "people.yaml", "themes/corp/templates/base.html"] {
            let changes = classify([ev(path, Modified)]);
            assert!(changes.needs_full_rebuild(), "{path}");
            assert!(changes.content.is_empty());
        }
        let changes = classify([ev("static/img/flow.svg", Created)]);
        assert!(changes.static_files && !changes.needs_full_rebuild());
    }

    #[test]
    fn output_and_unrelated_paths_are_ignored() {
        let changes = classify([
            ev("public/index.html", Modified),
            ev(".baton/index/meta.json", Modified),
            ev("README.md", Modified),
            ev("content/.DS_Store", Created),
        ]);
        assert!(changes.is_empty(), "{changes:?}");
    }
}
