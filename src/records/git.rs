//! The day a record file was first committed, for records that give no date of their own.
//!
//! In come the record files (relative to the site folder); out comes, for each that git knows,
//! the author time of the oldest commit on HEAD's history that holds a file at that path. The
//! history is read with gix, as the digest does; a site outside git, a repository without
//! commits or a file never committed gives no date and no error. A shallow clone's history
//! stops at its edge, so the date is then the oldest commit the clone has. A renamed file dates
//! from its rename: the path is what is followed.

use jiff::Timestamp;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The first-commit time of each of `files` that is in the site's git history.
pub fn first_commits(site: &Path, files: &[PathBuf]) -> BTreeMap<PathBuf, Timestamp> {
    if files.is_empty() {
        return BTreeMap::new();
    }
    let Ok(repo) = gix::discover(site) else { return BTreeMap::new() };
    let Some(root) = repo.workdir().and_then(|w| w.canonicalize().ok()) else { return BTreeMap::new() };
    let wanted: Vec<(PathBuf, String)> =
        files.iter().filter_map(|file| Some((file.clone(), in_repository(&root, &site.join(file))?))).collect();
    oldest_holding(&repo, &wanted)
}

/// `/repo/docs/adr/x.md` under `/repo` → `docs/adr/x.md`.
fn in_repository(root: &Path, file: &Path) -> Option<String> {
    let inside = file.canonicalize().ok()?.strip_prefix(root).ok()?.to_path_buf();
    let parts: Vec<_> = inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

/// Walks HEAD's history once. A folder whose tree is the one seen in the commit before holds
/// the same files, so each folder is looked into only in the commits that changed it.
fn oldest_holding(repo: &gix::Repository, wanted: &[(PathBuf, String)]) -> BTreeMap<PathBuf, Timestamp> {
    let mut oldest: BTreeMap<PathBuf, Timestamp> = BTreeMap::new();
    let Ok(head) = repo.head_commit() else { return oldest };
    let Ok(walk) = head.ancestors().all() else { return oldest };
    let folders = by_folder(wanted);
    let mut seen: BTreeMap<&str, (Option<gix::ObjectId>, Vec<bool>)> = BTreeMap::new();
    for info in walk {
        // An unreadable commit is a shallow clone's edge: the history known so far stands.
        let Ok(commit) = info.map_err(drop).and_then(|info| info.object().map_err(drop)) else { break };
        let Some(at) = author_time(&commit) else { continue };
        let Ok(tree) = commit.tree() else { break };
        for (folder, members) in &folders {
            let folder_id = match folder.as_str() {
                "" => Some(tree.id),
                inside => tree.lookup_entry_by_path(inside).ok().flatten().map(|e| e.object_id()),
            };
            let cached = seen.get(folder.as_str()).filter(|(id, _)| *id == folder_id);
            let present = match cached {
                Some((_, present)) => present.clone(),
                None => {
                    members.iter().map(|(_, path)| tree.lookup_entry_by_path(path).ok().flatten().is_some()).collect()
                }
            };
            for ((file, _), here) in members.iter().zip(&present) {
                if *here {
                    let first = oldest.entry(file.clone()).or_insert(at);
                    *first = (*first).min(at);
                }
            }
            seen.insert(folder, (folder_id, present));
        }
    }
    oldest
}

/// The wanted files grouped by their folder in the repository.
fn by_folder(wanted: &[(PathBuf, String)]) -> BTreeMap<String, Vec<(PathBuf, String)>> {
    let mut folders: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    for (file, path) in wanted {
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder).to_string();
        folders.entry(folder).or_default().push((file.clone(), path.clone()));
    }
    folders
}

fn author_time(commit: &gix::Commit<'_>) -> Option<Timestamp> {
    let seconds = commit.author().ok()?.time().ok()?.seconds;
    Timestamp::from_second(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix::ObjectId;

    /// Commits `files` (the whole tree) at `when`, as the integration tests' helper does.
    fn commit(repo: &gix::Repository, files: &[(&str, &str)], when: &str, parent: Option<ObjectId>) -> ObjectId {
        let mut editor = repo.edit_tree(ObjectId::empty_tree(gix::hash::Kind::Sha1)).unwrap();
        for (path, text) in files {
            let blob = repo.write_blob(text.as_bytes()).unwrap();
            editor.upsert(*path, gix::object::tree::EntryKind::Blob, blob).unwrap();
        }
        let tree = editor.write().unwrap();
        let time = format!("{} +0000", when.parse::<Timestamp>().unwrap().as_second());
        let who = gix::actor::SignatureRef { name: "Ana".into(), email: "ana@example.com".into(), time: &time };
        repo.commit_as(who, who, "HEAD", "change", tree, parent).unwrap().detach()
    }

    #[test]
    fn the_oldest_commit_holding_the_path_dates_it_even_when_later_ones_leave_its_folder_alone() {
        let dir = tempfile::tempdir().unwrap();
        let repo = gix::init(dir.path()).unwrap();
        let readme = ("README.md", "x");
        let first = commit(&repo, &[readme], "2024-01-02T10:00:00Z", None);
        let added = commit(&repo, &[readme, ("docs/adr/0001-a.md", "# 1. A\n")], "2024-03-05T10:00:00Z", Some(first));
        // The next commit leaves docs/adr alone: its listing is reused, not looked up again.
        let record = ("docs/adr/0001-a.md", "# 1. A\n");
        let untouched = commit(&repo, &[("README.md", "y"), record], "2024-09-01T10:00:00Z", Some(added));
        let later = [("README.md", "y"), record, ("docs/adr/0002-b.md", "# 2. B\n")];
        commit(&repo, &later, "2025-06-01T10:00:00Z", Some(untouched));
        let site = dir.path().join("kb");
        std::fs::create_dir_all(dir.path().join("docs/adr")).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        for name in ["0001-a.md", "0002-b.md", "0003-uncommitted.md"] {
            std::fs::write(dir.path().join("docs/adr").join(name), "# x\n").unwrap();
        }
        let files: Vec<PathBuf> = ["0001-a.md", "0002-b.md", "0003-uncommitted.md"]
            .iter()
            .map(|n| Path::new("../docs/adr").join(n))
            .collect();
        let found = first_commits(&site, &files);
        let day = |f: &PathBuf| found.get(f).map(|t| t.to_string()[..10].to_string());
        assert_eq!(day(&files[0]).as_deref(), Some("2024-03-05"));
        assert_eq!(day(&files[1]).as_deref(), Some("2025-06-01"));
        assert_eq!(day(&files[2]), None, "never committed: no date");
    }

    #[test]
    fn outside_git_nothing_is_dated() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("0001-a.md"), "# 1. A\n").unwrap();
        assert!(first_commits(dir.path(), &[PathBuf::from("0001-a.md")]).is_empty());
    }
}
