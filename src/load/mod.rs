//! Load: walk the site folder, read files, split frontmatter and parse YAML into raw structs.
//!
//! This is the only stage that reads the disk (besides the theme loader and the writer). It keeps
//! going past a bad file: each problem becomes a [`Diagnostic`] and the other files still load.
//! It gives no meaning to values — ids, dates and statuses are checked by the link stage.

pub mod frontmatter;
pub mod quick_yaml;
pub mod raw;
pub mod yaml;

pub use yaml::{parse_yaml, parse_yaml_lenient};

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use anyhow::Context as _;
use raw::RawFrontmatter;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};

/// A file read from the site folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site folder, `/`-separated on every platform.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// The text of line `line` (1-based), without a leading BOM, for showing diagnostics.
    pub fn line(&self, line: usize) -> Option<String> {
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        text.lines().nth(line.checked_sub(1)?).map(str::to_string)
    }
}

/// Everything read from a site folder.
#[derive(Debug, Default)]
pub struct Sources {
    /// `baton.yaml`, if present.
    pub config: Option<SourceFile>,
    /// `people.yaml`, if present.
    pub people: Option<SourceFile>,
    /// `content/**/*.md`, sorted by path.
    pub content: Vec<SourceFile>,
    /// Files under `static/` as site-root paths (`img/flow.svg`), for link checks.
    pub static_files: std::collections::BTreeSet<String>,
    /// Decision records read in place (`decision_dirs`, and records found under `content/`).
    pub records: crate::records::read::RecordFiles,
    /// The site folder, once the content files' texts were let go ([`parse_and_release`]).
    pub(crate) released_from: Option<PathBuf>,
}

impl Sources {
    /// The text of line `line` (1-based) of `file`, for diagnostics.
    pub fn line(&self, file: &Path, line: usize) -> Option<String> {
        // Content is sorted by path, and holds nearly every file: found without a scan.
        if let Ok(i) = self.content.binary_search_by(|s| s.path.as_path().cmp(file)) {
            let source = &self.content[i];
            return match &self.released_from {
                Some(site) => {
                    let text = std::fs::read_to_string(site.join(&source.path)).ok()?;
                    SourceFile { path: source.path.clone(), text }.line(line)
                }
                None => source.line(line),
            };
        }
        let records = self.records.records.iter().map(|r| &r.source);
        let all = self.config.iter().chain(self.people.iter()).chain(self.content.iter()).chain(records);
        let source = all.into_iter().find(|s| s.path == file)?;
        source.line(line)
    }
}

/// The largest content file read when `baton.yaml` does not say (`max_file_size`): far above any
/// real handoff, low enough that a stray export or binary cannot stall a build.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// Reads `baton.yaml`, `people.yaml` and every `content/**/*.md` under `site`, with the default
/// size limit. Unreadable or non-UTF-8 files become diagnostics; a missing site folder is an I/O error.
pub fn read_site(site: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Sources> {
    let mut sources = read_settings(site, diagnostics)?;
    sources.content = read_content(site, DEFAULT_MAX_FILE_SIZE, diagnostics)?;
    Ok(sources)
}

/// Reads `baton.yaml`, `people.yaml` and the list of `static/` files: what must be known before
/// content is read (the size limit lives in baton.yaml).
pub fn read_settings(site: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Sources> {
    anyhow::ensure!(site.is_dir(), "site folder {} does not exist", site.display());
    Ok(Sources {
        config: read_optional(site, "baton.yaml", diagnostics)?,
        people: read_optional(site, "people.yaml", diagnostics)?,
        content: Vec::new(),
        static_files: list_files(&site.join("static"))?,
        records: Default::default(),
        released_from: None,
    })
}

/// Reads every `content/**/*.md`, sorted by path. Symbolic links are followed only when they stay
/// inside the site, and a link loop is reported rather than walked forever.
pub fn read_content(site: &Path, max_file_size: u64, diagnostics: &mut Diagnostics) -> anyhow::Result<Vec<SourceFile>> {
    let content = site.join("content");
    let mut files = Vec::new();
    if !content.is_dir() {
        return Ok(files);
    }
    let root = site.canonicalize().with_context(|| format!("resolving {}", site.display()))?;
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&content).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(walk_problem(site, &e));
                continue;
            }
        };
        let is_markdown = entry.path().extension().is_some_and(|e| e == "md");
        if !entry.file_type().is_file() || !is_markdown {
            continue;
        }
        let relative = relative_path(site, entry.path());
        if entry.path_is_symlink() && !entry.path().canonicalize().is_ok_and(|p| p.starts_with(&root)) {
            let message = "symbolic link points outside the site folder; not followed".to_string();
            diagnostics.push(Diagnostic::warning("unreadable", Span::file(&relative), message));
            continue;
        }
        if entry.metadata().is_ok_and(|m| m.len() > max_file_size) {
            diagnostics.push(too_large(&relative, entry.metadata().map(|m| m.len()).unwrap_or(0), max_file_size));
            continue;
        }
        found.push((entry.into_path(), relative));
    }
    // The walk is cheap; reading is most of this phase, and files read independently.
    use rayon::prelude::*;
    let read: Vec<(Option<SourceFile>, Diagnostics)> = found
        .into_par_iter()
        .map(|(path, relative)| {
            let mut problems = Diagnostics::default();
            let text = read_text(&path, &relative, &mut problems);
            (text.map(|text| SourceFile { path: relative, text }), problems)
        })
        .collect();
    for (file, problems) in read {
        diagnostics.extend(problems);
        files.extend(file);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn walk_problem(site: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map(|p| relative_path(site, p)).unwrap_or_else(|| PathBuf::from("content"));
    let message = match error.loop_ancestor() {
        Some(ancestor) => {
            format!("symbolic link loop back to {}; not followed", relative_path(site, ancestor).display())
        }
        None => format!("cannot read: {}", error.io_error().map_or_else(|| error.to_string(), |e| e.to_string())),
    };
    Diagnostic::error("unreadable", Span::file(path), message)
}

/// The finding for a content file over the size limit (also what `baton lsp` reports for a buffer).
pub fn too_large(relative: &Path, size: u64, limit: u64) -> Diagnostic {
    let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let message = format!("file is {:.1} MB, over the {:.1} MB limit", mb(size), mb(limit));
    let hint = Some("split it, or raise `max_file_size` in baton.yaml".to_string());
    Diagnostic::error("too-large", Span::file(relative), message).hint(hint)
}

/// Every file below `dir`, relative and `/`-separated; empty when `dir` does not exist.
pub fn list_files(dir: &Path) -> anyhow::Result<std::collections::BTreeSet<String>> {
    let mut files = std::collections::BTreeSet::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("walking {}", dir.display()))?;
        if entry.file_type().is_file() {
            files.insert(relative_path(dir, entry.path()).to_string_lossy().into_owned());
        }
    }
    Ok(files)
}

/// Reads one content file (`relative` to `site`) as [`read_content`] would, with the same size
/// limit and symbolic-link rule: what `serve` uses to pick up a single changed file. A problem
/// becomes a diagnostic and `None`.
pub fn read_source(
    site: &Path,
    relative: &Path,
    max_file_size: u64,
    diagnostics: &mut Diagnostics,
) -> Option<SourceFile> {
    let path = site.join(relative);
    if path.is_symlink() {
        let inside =
            site.canonicalize().ok().zip(path.canonicalize().ok()).is_some_and(|(root, p)| p.starts_with(root));
        if !inside {
            let message = "symbolic link points outside the site folder; not followed".to_string();
            diagnostics.push(Diagnostic::warning("unreadable", Span::file(relative), message));
            return None;
        }
    }
    if let Some(size) = std::fs::metadata(&path).ok().map(|m| m.len()).filter(|size| *size > max_file_size) {
        diagnostics.push(too_large(relative, size, max_file_size));
        return None;
    }
    read_text(&path, relative, diagnostics).map(|text| SourceFile { path: relative.to_path_buf(), text })
}

fn read_optional(site: &Path, name: &str, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<SourceFile>> {
    let path = site.join(name);
    if !path.exists() {
        return Ok(None);
    }
    Ok(read_text(&path, Path::new(name), diagnostics).map(|text| SourceFile { path: name.into(), text }))
}

/// Reads a file as UTF-8; a problem is reported against the file rather than aborting the build.
fn read_text(path: &Path, relative: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let message =
                    format!("file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to());
                diagnostics.push(Diagnostic::error("not-utf8", Span::file(relative), message));
                None
            }
        },
        Err(e) => {
            diagnostics.push(Diagnostic::error("unreadable", Span::file(relative), format!("cannot read file: {e}")));
            None
        }
    }
}

/// `site/content/a/b.md` → `content/a/b.md`, with `/` separators for stable output.
fn relative_path(site: &Path, path: &Path) -> PathBuf {
    let relative = path.strip_prefix(site).unwrap_or(path);
    let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    PathBuf::from(parts.join("/"))
}

/// Turns positions inside a YAML block into positions in its file.
#[derive(Debug, Clone)]
pub struct Locator {
    /// The file, relative to the site folder.
    pub file: PathBuf,
    /// The file line the YAML starts on.
    pub yaml_line: usize,
}

impl Locator {
    /// Where a spanned value was written; the file alone when serde could not tell.
    pub fn at<T>(&self, value: &Spanned<T>) -> Span {
        self.location(value.referenced.line() as usize, value.referenced.column() as usize)
    }

    /// A YAML line and column as a file span.
    pub fn location(&self, line: usize, column: usize) -> Span {
        if line == 0 {
            return Span::file(&self.file);
        }
        Span::new(&self.file, self.yaml_line + line - 1, column)
    }
}

/// A content file with its frontmatter parsed.
#[derive(Debug)]
pub struct ParsedFile {
    /// Converts YAML positions into file positions.
    pub locator: Locator,
    /// The frontmatter.
    pub frontmatter: RawFrontmatter,
    /// Top-level keys with their file lines, for unknown-key warnings and pointing at fields.
    pub keys: Vec<(String, usize)>,
    /// The Markdown body.
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// Parses the frontmatter of every content file; broken files become diagnostics.
pub fn parse_content(sources: &Sources, diagnostics: &mut Diagnostics) -> Vec<ParsedFile> {
    use rayon::prelude::*;
    let parsed = sources.content.par_iter().map(|source| parse_one(source, |file, _| file)).collect();
    in_file_order(parsed, diagnostics)
}

/// [`parse_content`] for a caller that keeps only what `then` makes of each file: `then` runs on
/// the thread that parsed the file, and each file's text is let go as soon as it is parsed, so
/// neither all the raw frontmatter nor a second copy of the base is ever held at once.
/// Diagnostics read the few lines they show from the files again (see [`Sources::line`]).
pub fn parse_and_release<T: Send>(
    sources: &mut Sources,
    site: &Path,
    diagnostics: &mut Diagnostics,
    then: impl Fn(ParsedFile, &mut Diagnostics) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let parsed = sources
        .content
        .par_iter_mut()
        .map(|source| {
            let parsed = parse_one(source, &then);
            source.text = String::new();
            parsed
        })
        .collect();
    sources.released_from = Some(site.to_path_buf());
    in_file_order(parsed, diagnostics)
}

/// One file parsed and handed to `then`, with the findings of both.
fn parse_one<T>(source: &SourceFile, then: impl Fn(ParsedFile, &mut Diagnostics) -> T) -> (Option<T>, Diagnostics) {
    let mut found = Diagnostics::default();
    let file = parse_file(source, &mut found).map(|file| then(file, &mut found));
    (file, found)
}

/// Files were parsed in parallel, each keeping its own findings: they are merged in file order
/// so the output does not depend on thread timing.
fn in_file_order<T>(parsed: Vec<(Option<T>, Diagnostics)>, diagnostics: &mut Diagnostics) -> Vec<T> {
    let mut files = Vec::with_capacity(parsed.len());
    for (file, found) in parsed {
        diagnostics.extend(found);
        files.extend(file);
    }
    files
}

/// Splits one file and parses its YAML.
pub fn parse_file(source: &SourceFile, diagnostics: &mut Diagnostics) -> Option<ParsedFile> {
    let split = match frontmatter::split(&source.text) {
        Ok(split) => split,
        Err(e) => {
            diagnostics.push(split_error(&source.path, e));
            return None;
        }
    };
    let locator = Locator { file: source.path.clone(), yaml_line: split.yaml_line };
    let frontmatter = parse_yaml::<RawFrontmatter>(split.yaml, &locator, diagnostics)?;
    Some(ParsedFile {
        keys: frontmatter::top_level_keys(split.yaml, split.yaml_line),
        locator,
        frontmatter,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

fn split_error(path: &Path, error: frontmatter::SplitError) -> Diagnostic {
    match error {
        frontmatter::SplitError::Missing => Diagnostic::error(
            "no-frontmatter",
            Span::new(path, 1, 1),
            "file has no frontmatter",
        )
        .hint(Some(
            "start the file with a `---` line, the YAML fields (at least `title` and `owner`), then another `---` line"
                .into(),
        )),
        frontmatter::SplitError::Unclosed => {
            Diagnostic::error("unclosed-frontmatter", Span::new(path, 1, 1), "frontmatter is never closed")
                .hint(Some("add a `---` line after the last frontmatter field".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<ParsedFile>, Vec<Diagnostic>) {
        let mut diagnostics = Diagnostics::default();
        let source = SourceFile { path: "content/a.md".into(), text: text.into() };
        let parsed = parse_file(&source, &mut diagnostics);
        (parsed, diagnostics.sorted())
    }

    #[test]
    fn spans_are_file_lines() {
        let (parsed, diagnostics) = parse("---\ntitle: Ledger\nowner: ana\ndepends_on: [a, b]\n---\nbody\n");
        assert!(diagnostics.is_empty());
        let parsed = parsed.unwrap();
        let owner = parsed.frontmatter.owner.as_ref().unwrap();
        assert_eq!(parsed.locator.at(owner), Span::new("content/a.md", 3, 8));
        assert_eq!(parsed.locator.at(&parsed.frontmatter.depends_on[1]), Span::new("content/a.md", 4, 17));
        assert_eq!(parsed.body_line, 6);
    }

    #[test]
    fn acceptance_takes_strings_and_maps() {
        let (parsed, _) = parse("---\ntitle: T\nacceptance:\n  - plain\n  - text: done one\n    done: true\n---\n");
        let acceptance = &parsed.unwrap().frontmatter.acceptance;
        assert_eq!((acceptance[0].value.text.as_str(), acceptance[0].value.done), ("plain", false));
        assert_eq!((acceptance[1].value.text.as_str(), acceptance[1].value.done), ("done one", true));
    }

    #[test]
    fn an_empty_list_field_reads_as_empty() {
        let (parsed, diagnostics) = parse("---\ntitle: T\ntags:\ndecisions:\n---\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(parsed.unwrap().frontmatter.tags.is_empty());
    }

    #[test]
    fn broken_yaml_is_reported_at_its_file_line() {
        let (parsed, diagnostics) = parse("---\ntitle: A\nowner: [ana\n---\n");
        assert!(parsed.is_none());
        assert_eq!(diagnostics[0].rule, "yaml");
        assert_eq!(diagnostics[0].span.line, 3);
        assert!(diagnostics[0].message.starts_with("invalid frontmatter: "), "{}", diagnostics[0].message);
    }

    #[test]
    fn wrong_type_names_the_position() {
        let (_, diagnostics) = parse("---\ntitle: A\ndepends_on: 5\n---\n");
        assert_eq!(diagnostics[0].span, Span::new("content/a.md", 3, 13));
    }

    #[test]
    fn missing_frontmatter_is_an_error_with_a_hint() {
        let (_, diagnostics) = parse("# no frontmatter\n");
        assert_eq!(diagnostics[0].rule, "no-frontmatter");
        assert!(diagnostics[0].hint.is_some());
    }
}
