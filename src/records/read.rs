//! Reading records from disk: every Markdown file of each `decision_dirs` folder (templates
//! skipped, `README.md`/`index.md` kept apart as the folder's introduction), and the files under
//! `content/` that are records rather than baton pages.
//!
//! Files are read with the loader's own limits (size, UTF-8, symbolic links); nothing is written
//! or copied. Paths are kept relative to the site folder, so a folder beside it reads as
//! `../docs/adr/0001-….md` in every finding.

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
        for path in markdown_files(&dir) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if super::is_template(&name) {
                continue;
            }
            let relative = shown_path(&folder.path, &dir, &path);
            let Some(source) = crate::load::read_source(site, &relative, max_file_size, diagnostics) else { continue };
            if super::is_introduction(&name) {
                files.introductions.push((folder.clone(), source));
            } else {
                files.records.push(RecordSource { source, folder: folder.clone() });
            }
        }
    }
    files
}

/// Moves the files of `content/` that are records (see [`super::shape::is_record`]) out of
/// `content`, as records of the `content` folder.
pub fn take_content_records(content: &mut Vec<SourceFile>) -> Vec<RecordSource> {
    let (records, pages): (Vec<_>, Vec<_>) =
        std::mem::take(content).into_iter().partition(|f| super::shape::is_record(&f.text));
    *content = pages;
    let folder = Folder { path: "content".to_string(), ..Folder::default() };
    records.into_iter().map(|source| RecordSource { source, folder: folder.clone() }).collect()
}

/// Every `.md` file below `dir`, sorted; unreadable entries are skipped (the folder is the team's).
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok);
    walk.filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// `../docs/adr` + `sub/0001-x.md` → `../docs/adr/sub/0001-x.md`, `/`-separated.
fn shown_path(folder: &str, dir: &Path, path: &Path) -> PathBuf {
    let inside = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<_> = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    PathBuf::from(format!("{}/{}", folder.trim_end_matches('/'), parts.join("/")))
}
