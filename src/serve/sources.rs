//! The content files as `serve` last read them, and which changed since the last publish.
//!
//! A change names paths; [`ContentFiles::refresh`] finds out on disk what each one is now (a
//! file, a folder moved in, or nothing: deleted or moved away) and reads and parses only those
//! files. Problems reading or parsing a file stay with it until it is read again. Nothing here
//! links or renders.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{self, ParsedFile, SourceFile};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One content file as last read.
pub struct FileState {
    /// Its text, unless it could not be read.
    pub source: Option<SourceFile>,
    /// Its frontmatter, unless it could not be parsed.
    pub parsed: Option<ParsedFile>,
    /// What reading and parsing it reported.
    pub diagnostics: Vec<Diagnostic>,
    /// What typing it reported (unknown keys, bad values, duplicate ids).
    pub link_diagnostics: Vec<Diagnostic>,
    /// It is a decision record written for another tool, read as `baton check` reads the
    /// records under content/ (see [`crate::records::shape::is_record`]): not parsed as a page.
    pub record: bool,
}

/// Every `content/**/*.md` file, by path relative to the site.
pub struct ContentFiles {
    site: PathBuf,
    /// The files, in path order (the order `load` reads them in, which decides duplicate ids).
    pub files: BTreeMap<PathBuf, FileState>,
    /// Files changed since the last publish.
    pub pending: BTreeSet<PathBuf>,
    /// The size limit from baton.yaml (`max_file_size`).
    pub max_file_size: u64,
}

impl ContentFiles {
    /// No files yet, for the site at `site`.
    pub fn new(site: &Path) -> Self {
        let max_file_size = crate::config::SiteConfig::default().max_file_size;
        ContentFiles { site: site.to_path_buf(), files: BTreeMap::new(), pending: BTreeSet::new(), max_file_size }
    }

    /// Reads every content file again; all of them count as changed.
    pub fn reload_all(&mut self) {
        let found = markdown_files(&self.site, &self.site.join("content"));
        self.pending.extend(std::mem::take(&mut self.files).into_keys());
        for path in found {
            self.load_file(path);
        }
    }

    /// Picks up one changed content path: a file, a folder moved in, or something gone.
    pub fn refresh(&mut self, path: &Path) {
        let full = self.site.join(path);
        if full.is_dir() {
            let found: BTreeSet<PathBuf> = markdown_files(&self.site, &full).into_iter().collect();
            self.forget_under(path, &found);
            found.into_iter().for_each(|p| self.load_file(p));
        } else if full.is_file() {
            if is_markdown(path) {
                self.load_file(path.to_path_buf());
            }
        } else {
            self.forget_under(path, &BTreeSet::new());
        }
    }

    /// The parsed frontmatter of the changed files that still exist and parse.
    pub fn pending_parsed(&self) -> impl Iterator<Item = &ParsedFile> {
        self.pending.iter().filter_map(|p| self.files.get(p)).filter_map(|f| f.parsed.as_ref())
    }

    /// The files under content/ that are decision records, as the records of the `content`
    /// folder, in path order.
    pub fn records(&self) -> Vec<crate::records::decision::RecordSource> {
        let folder = crate::records::decision::Folder { path: "content".to_string(), ..Default::default() };
        let sources = self.files.values().filter(|f| f.record).filter_map(|f| f.source.clone());
        sources
            .map(|source| crate::records::decision::RecordSource { source, folder: folder.clone(), committed: None })
            .collect()
    }

    /// Whether a record, as last read, is at `path` or under it (a folder).
    pub fn has_record_at(&self, path: &Path) -> bool {
        self.files.iter().any(|(file, state)| state.record && file.starts_with(path))
    }

    /// Records what typing `path` reported.
    pub fn set_link_diagnostics(&mut self, path: &Path, diagnostics: Vec<Diagnostic>) {
        if let Some(state) = self.files.get_mut(path) {
            state.link_diagnostics = diagnostics;
        }
    }

    /// Every problem recorded against a file.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.values().flat_map(|f| f.diagnostics.iter().chain(f.link_diagnostics.iter()))
    }

    /// The text of a file as read.
    pub fn source(&self, path: &Path) -> Option<&SourceFile> {
        self.files.get(path).and_then(|f| f.source.as_ref())
    }

    /// Drops the files at or under `path` that are not in `keep`.
    fn forget_under(&mut self, path: &Path, keep: &BTreeSet<PathBuf>) {
        let gone: Vec<PathBuf> =
            self.files.keys().filter(|p| p.starts_with(path) && !keep.contains(*p)).cloned().collect();
        for p in gone {
            self.files.remove(&p);
            self.pending.insert(p);
        }
    }

    fn load_file(&mut self, path: PathBuf) {
        let mut diagnostics = Diagnostics::default();
        let source = load::read_source(&self.site, &path, self.max_file_size, &mut diagnostics);
        let record = source.as_ref().is_some_and(|s| crate::records::shape::is_record(&s.text));
        if record {
            let state =
                FileState { source, parsed: None, diagnostics: Vec::new(), link_diagnostics: Vec::new(), record };
            self.files.insert(path.clone(), state);
            self.pending.insert(path);
            return;
        }
        let parsed = source.as_ref().and_then(|s| load::parse_file(s, &mut diagnostics));
        // While a file does not parse, link its last good parse: the rebuild fails on its error
        // anyway, and the overlay then shows that error alone instead of every page that names
        // its id as "unknown".
        let parsed = parsed.or_else(|| self.files.remove(&path).and_then(|old| old.parsed));
        let diagnostics = diagnostics.sorted();
        let state = FileState { source, parsed, diagnostics, link_diagnostics: Vec::new(), record: false };
        self.files.insert(path.clone(), state);
        self.pending.insert(path);
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// Every `.md` file under `dir`, relative to `site` with `/` separators (as `load` names them).
fn markdown_files(site: &Path, dir: &Path) -> Vec<PathBuf> {
    // Links are followed as `load` follows them (read_source then refuses those leaving the
    // site). A folder that cannot be read, or a link loop, is skipped here; `baton build`
    // reports it with its path.
    let entries = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_map(Result::ok);
    let files = entries.filter(|e| e.file_type().is_file() && is_markdown(e.path()));
    files
        .map(|e| {
            let relative = e.path().strip_prefix(site).unwrap_or(e.path());
            let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            PathBuf::from(parts.join("/"))
        })
        .collect()
}
