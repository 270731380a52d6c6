//! Reading records from disk: every Markdown file of each `decision_dirs` folder (templates
//! skipped, `README.md`/`index.md` kept apart as the folder's introduction), the files under
//! `content/` that are records rather than baton pages, and the other files kept beside records
//! (images, diagrams), which are listed, not read: the build copies them.
//!
//! Files are read with the loader's own limits (size, UTF-8, symbolic links); nothing is written
//! or copied. Paths are kept relative to the site folder, so a folder beside it reads as
//! `../docs/adr/0001-….md` in every finding. A record that gives no date gets the day its file
//! was first committed ([`super::git`]).

use super::decision::{Folder, RecordSource};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::load::SourceFile;
use std::path::{Path, PathBuf};

/// The records of a site and the introductions of their folders.
#[derive(Debug, Default)]
pub struct RecordFiles {
    /// Every record, folder by folder, sorted by path within each.
    pub records: Vec<RecordSource>,
    /// `README.md` / `index.md` of a decision folder, with the folder.
    pub introductions: Vec<(Folder, SourceFile)>,
    /// Every folder read, with the files in it that are neither records nor introductions.
    pub listings: Vec<Listing>,
}

/// A decision folder and the files kept beside its records.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The folder's settings (`content` for records found under content/).
    pub folder: Folder,
    /// The folder on disk: the site folder joined with the folder's path.
    pub dir: PathBuf,
    /// Files that are neither records nor introductions (images, templates, diagrams), as
    /// `/`-separated paths inside the folder, sorted. Hidden files are left out.
    pub files: Vec<String>,
}

/// Reads every folder of `decision_dirs`. A folder that does not exist is an error at baton.yaml.
pub fn read_folders(site: &Path, folders: &[Folder], max_file_size: u64, diagnostics: &mut Diagnostics) -> RecordFiles {
    let mut files = RecordFiles::default();
    for folder in folders {
        let dir = site.join(&folder.path);
        if !dir.is_dir() {
            let message = format!("`decision_dirs` names `{}`, which is not a folder", folder.path);
            let hint = Some("paths are relative to the site folder (the one holding baton.yaml)".to_string());
            diagnostics.push(
                Diagnostic::error("bad-setting", Span::file("baton.yaml"), message).field("decision_dirs").hint(hint),
            );
            continue;
        }
        let mut listing = Listing { folder: folder.clone(), dir: dir.clone(), files: Vec::new() };
        for path in visible_files(&dir) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !is_markdown(&path) || super::is_template(&name) {
                listing.files.push(inside(&dir, &path));
                continue;
            }
            let relative = shown_path(&folder.path, &dir, &path);
            let Some(source) = crate::load::read_source(site, &relative, max_file_size, diagnostics) else { continue };
            if super::is_introduction(&name) {
                files.introductions.push((folder.clone(), source));
            } else {
                files.records.push(RecordSource { source, folder: folder.clone(), committed: None });
            }
        }
        files.listings.push(listing);
    }
    date_from_git(site, &mut files.records);
    files
}

/// Gives every record that says no date of its own the time its file was first committed.
pub fn date_from_git(site: &Path, records: &mut [RecordSource]) {
    let undated: Vec<PathBuf> = records
        .iter()
        .filter(|r| r.committed.is_none() && super::parse_record(&r.source.text).0.date.is_none())
        .map(|r| r.source.path.clone())
        .collect();
    let first = super::git::first_commits(site, &undated);
    for record in records.iter_mut() {
        if let Some(at) = first.get(&record.source.path) {
            record.committed = Some(*at);
        }
    }
}

/// Moves the files of `content/` that are records (see [`super::shape::is_record`]) out of
/// `content` into `files`, as records of the `content` folder, with the other files of the
/// folders that hold them (the Markdown files there are content's own).
pub fn take_content_records(site: &Path, content: &mut Vec<SourceFile>, files: &mut RecordFiles) {
    use rayon::prelude::*;
    let (records, pages): (Vec<_>, Vec<_>) =
        std::mem::take(content).into_par_iter().partition(|f| super::shape::is_record(&f.text));
    *content = pages;
    if records.is_empty() {
        return;
    }
    let folder = Folder { path: "content".to_string(), ..Folder::default() };
    let dir = site.join("content");
    let holders: std::collections::BTreeSet<PathBuf> =
        records.iter().filter_map(|r| r.path.parent().map(|p| site.join(p))).collect();
    let mut listing = Listing { folder: folder.clone(), dir: dir.clone(), files: Vec::new() };
    for holder in holders {
        let found = visible_files(&holder).into_iter().filter(|p| !is_markdown(p)).map(|p| inside(&dir, &p));
        listing.files.extend(found);
    }
    listing.files.sort();
    listing.files.dedup();
    let mut records: Vec<RecordSource> =
        records.into_iter().map(|source| RecordSource { source, folder: folder.clone(), committed: None }).collect();
    date_from_git(site, &mut records);
    files.records.extend(records);
    files.listings.push(listing);
}

/// Every file below `dir` but hidden ones (`.adr-dir`, `.DS_Store`) and those in hidden
/// folders, sorted; unreadable entries and symbolic links are skipped (the folder is the team's).
fn visible_files(dir: &Path) -> Vec<PathBuf> {
    let hidden = |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| !hidden(e));
    walk.filter_map(Result::ok).filter(|e| e.file_type().is_file()).map(walkdir::DirEntry::into_path).collect()
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
}

/// `dir/img/x.png` → `img/x.png`.
fn inside(dir: &Path, path: &Path) -> String {
    let inside = path.strip_prefix(dir).unwrap_or(path);
    inside.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `../docs/adr` + `sub/0001-x.md` → `../docs/adr/sub/0001-x.md`, `/`-separated.
fn shown_path(folder: &str, dir: &Path, path: &Path) -> PathBuf {
    PathBuf::from(format!("{}/{}", folder.trim_end_matches('/'), inside(dir, path)))
}
