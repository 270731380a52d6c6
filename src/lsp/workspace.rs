//! The site as the language server sees it: every file's current text (the editor's buffer when
//! open, the disk otherwise), the linked base, and the findings `baton check` would print.
//!
//! It is loaded once; after that a change to one buffer re-parses that file only and goes
//! through the same incremental path as `baton serve` — [`relink::patch`] patches the base,
//! the Markdown of the changed file and of the pages linking to a renamed or moved one is
//! rendered again, and [`Findings`] re-checks only the subjects the change can affect — without
//! rendering any page. Unlike `serve`, a change with errors is kept: the editor must show the
//! base as it is, errors and all. A change to `baton.yaml` or `people.yaml`, or one involving a
//! duplicate id (where file order decides who keeps the id), links everything again.
//!
//! It reads the disk only when loaded and never writes to it.

use crate::check::CheckInput;
use crate::check::findings::{Findings, Prior};
use crate::config::{SiteConfig, parse_config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{self, ParsedFile, SourceFile};
use crate::model::{Base, Handle, Id, Person};
use crate::render::bodies::render_bodies_with;
use crate::render::catalog::Paging;
use crate::render::markdown::MarkdownOptions;
use crate::render::resolve::SiteLinks;
use crate::serve::affected::{Before, pages_linking_to};
use crate::serve::relink::{self, Good};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One content file: its current text, its parse and what reading, parsing and typing it found.
pub struct FileState {
    /// The buffer's or the disk's text.
    pub text: String,
    /// The frontmatter: the last one that parsed, while the text does not.
    pub parsed: Option<ParsedFile>,
    /// What reading and parsing the current text reported.
    pub read: Vec<Diagnostic>,
    /// What typing it reported (bad values, unknown keys, duplicate ids).
    pub link: Vec<Diagnostic>,
}

/// The site folder, loaded.
pub struct Workspace {
    /// The site folder (holding baton.yaml or content/).
    pub root: PathBuf,
    /// baton.yaml, parsed.
    pub config: SiteConfig,
    /// The text of baton.yaml and people.yaml.
    settings: BTreeMap<PathBuf, String>,
    /// What parsing baton.yaml and people.yaml reported.
    settings_diagnostics: Vec<Diagnostic>,
    people: BTreeMap<Handle, Person>,
    static_files: BTreeSet<String>,
    /// Content files by path relative to the root, in the order `load` reads them.
    pub files: BTreeMap<PathBuf, FileState>,
    /// Problems reading files that could not be loaded (walk errors, non-UTF-8 files).
    unread: Vec<Diagnostic>,
    /// The linked base, its rendered Markdown and its findings.
    pub good: Good,
    /// Unknown ids in references, found after linking.
    references: Vec<Diagnostic>,
    /// What rendering each file's Markdown reported.
    markdown: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// "Now", when pinned (`--today`).
    today: Option<jiff::Timestamp>,
}

/// The settings files, relative to the root.
pub const CONFIG_FILE: &str = "baton.yaml";
/// people.yaml, relative to the root.
pub const PEOPLE_FILE: &str = "people.yaml";

impl Workspace {
    /// Reads and checks the site at `root`.
    pub fn load(root: &Path, today: Option<jiff::Timestamp>) -> anyhow::Result<Workspace> {
        let mut diagnostics = Diagnostics::default();
        let sources = load::read_settings(root, &mut diagnostics)?;
        let settings: BTreeMap<PathBuf, String> =
            sources.config.into_iter().chain(sources.people).map(|s| (s.path, s.text)).collect();
        let mut workspace = Workspace {
            root: root.to_path_buf(),
            config: SiteConfig::default(),
            settings,
            settings_diagnostics: diagnostics.sorted(),
            people: BTreeMap::new(),
            static_files: sources.static_files,
            files: BTreeMap::new(),
            unread: Vec::new(),
            good: empty_good(BTreeMap::new()),
            references: Vec::new(),
            markdown: BTreeMap::new(),
            today,
        };
        workspace.parse_settings();
        let mut read = Diagnostics::default();
        let content = load::read_content(root, workspace.config.max_file_size, &mut read)?;
        workspace.unread = read.sorted();
        for source in content {
            let state = workspace.parse(&source.path, source.text, None);
            workspace.files.insert(source.path, state);
        }
        workspace.relink_all();
        Ok(workspace)
    }

    /// The text of a file of the site as the server knows it: content, baton.yaml or people.yaml.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(|f| f.text.as_str()).or_else(|| self.settings.get(path).map(String::as_str))
    }

    /// Whether `path` (relative to the root) is a file the server follows.
    pub fn follows(path: &Path) -> bool {
        path == Path::new(CONFIG_FILE)
            || path == Path::new(PEOPLE_FILE)
            || (path.starts_with("content") && path.extension().is_some_and(|e| e == "md"))
    }

    /// Replaces the text of `path` (`None`: the file is gone) and checks again what that affects.
    pub fn set_text(&mut self, path: &Path, text: Option<String>) {
        if path == Path::new(CONFIG_FILE) || path == Path::new(PEOPLE_FILE) {
            match text {
                Some(text) => self.settings.insert(path.to_path_buf(), text),
                None => self.settings.remove(path),
            };
            self.parse_settings();
            self.relink_all();
            return;
        }
        self.unread.retain(|d| d.span.file != path);
        match text {
            Some(text) => {
                let last = self.files.remove(path).and_then(|f| f.parsed);
                let state = self.parse(path, text, last);
                self.files.insert(path.to_path_buf(), state);
            }
            None => {
                self.files.remove(path);
            }
        }
        self.relink_file(path);
    }

    /// Every finding by file, sorted, with the levels from baton.yaml applied: what `baton check`
    /// prints, grouped for publishing.
    pub fn diagnostics_by_file(&self) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
        let mut all = Diagnostics::default();
        let files = self.files.values().flat_map(|f| f.read.iter().chain(&f.link));
        let found = self.settings_diagnostics.iter().chain(&self.unread).chain(files).chain(&self.references);
        found.chain(self.markdown.values().flatten()).cloned().for_each(|d| all.push(d));
        all.apply_levels(|rule| self.config.rules.get(rule).copied());
        self.good.findings.diagnostics().cloned().for_each(|d| all.push(d));
        let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for d in all.sorted() {
            by_file.entry(d.span.file.clone()).or_default().push(d);
        }
        by_file
    }

    /// The handoffs, decisions and wraps written in `path`.
    pub fn ids_of_file(&self, path: &Path) -> BTreeSet<Id> {
        ids_of_files(&self.good.base, &BTreeSet::from([path.to_path_buf()]))
    }

    /// The file that defines `id`.
    pub fn file_of(&self, id: &Id) -> Option<&Path> {
        let base = &self.good.base;
        let handoff = base.handoffs.get(id).map(|h| h.file.as_path());
        handoff
            .or_else(|| base.decisions.get(id).map(|d| d.file.as_path()))
            .or_else(|| base.wraps.get(id).map(|w| w.file.as_path()))
    }

    fn parse_settings(&mut self) {
        let mut diagnostics = Diagnostics::default();
        let text = |name: &str| self.settings.get(Path::new(name));
        self.config = text(CONFIG_FILE).map(|t| parse_config(t, &mut diagnostics)).unwrap_or_default();
        let people = text(PEOPLE_FILE).map(|t| SourceFile { path: PEOPLE_FILE.into(), text: t.clone() });
        self.people = people.map(|p| crate::link::people::parse_people(&p, &mut diagnostics)).unwrap_or_default();
        self.settings_diagnostics = diagnostics.sorted();
    }

    /// Parses a content file's text as `load` would, keeping `last` while the text does not parse.
    fn parse(&self, path: &Path, text: String, last: Option<ParsedFile>) -> FileState {
        let mut diagnostics = Diagnostics::default();
        let size = text.len() as u64;
        if size > self.config.max_file_size {
            diagnostics.push(load::too_large(path, size, self.config.max_file_size));
            return FileState { text, parsed: None, read: diagnostics.sorted(), link: Vec::new() };
        }
        let source = SourceFile { path: path.to_path_buf(), text };
        let parsed = load::parse_file(&source, &mut diagnostics).or(last);
        FileState { text: source.text, parsed, read: diagnostics.sorted(), link: Vec::new() }
    }

    fn now(&self) -> jiff::Timestamp {
        // Time rules are re-run for every handoff whenever "now" moves; a minute's resolution
        // keeps that to once a minute instead of on every keystroke.
        self.today.unwrap_or_else(|| {
            let now = jiff::Timestamp::now();
            jiff::Timestamp::from_second(now.as_second() - now.as_second().rem_euclid(60)).unwrap_or(now)
        })
    }

    fn markdown_options(&self) -> MarkdownOptions {
        MarkdownOptions { allow_html: self.config.allow_html }
    }

    /// Links, renders the Markdown of and checks the whole base.
    fn relink_all(&mut self) {
        let mut good = empty_good(self.people.clone());
        for state in self.files.values_mut() {
            let mut own = Diagnostics::default();
            if let Some(parsed) = &state.parsed {
                crate::link::add_file(&mut good.base, &mut good.claims, parsed, &mut own);
            }
            state.link = own.sorted();
        }
        let mut references = Diagnostics::default();
        crate::link::finish(&mut good.base, &mut references);
        self.references = references.sorted();
        good.links = SiteLinks::new(&good.base);
        let all: Vec<Id> = every_id(&good.base).collect();
        let mut markdown = Diagnostics::default();
        good.bodies = render_bodies_with(&good.base, &good.links, &all, &self.markdown_options(), &mut markdown);
        self.markdown = by_file(markdown);
        let (findings, attention) = Findings::check_all(&self.check_input(&good));
        (good.findings, good.base.attention) = (findings, attention);
        self.good = good;
    }

    /// Patches the base with the file at `path` as it is now and re-checks what that affects.
    fn relink_file(&mut self, path: &Path) {
        if self.files.values().any(|f| f.link.iter().any(|d| d.rule == "duplicate-id")) {
            return self.relink_all();
        }
        let dirty_before = self.ids_of_file(path);
        let paging = Paging::new(self.config.page_size);
        let before = Before::capture(&self.good.base, &dirty_before, paging);
        let prior = Prior::capture(&self.good.base, &dirty_before);
        let mut references = Diagnostics::default();
        let mut own_link = Vec::new();
        let parsed = self.files.get(path).and_then(|f| f.parsed.as_ref());
        let undo =
            relink::patch(&mut self.good, &dirty_before, parsed, |_, own| own_link = own.sorted(), &mut references);
        if own_link.iter().any(|d| d.rule == "duplicate-id") {
            return self.relink_all();
        }
        if let Some(state) = self.files.get_mut(path) {
            state.link = own_link;
        }
        self.references = references.sorted();
        let dirty: BTreeSet<Id> = dirty_before.iter().chain(&undo.added).cloned().collect();
        let moved = before.moved_or_renamed(&self.good.base, &dirty);
        if !moved.is_empty() {
            self.good.links = SiteLinks::new(&self.good.base);
        }
        let rebodied = self.render_again(path, &moved);
        let rechecked = {
            let input = self.check_input(&self.good);
            let subjects = self.good.findings.plan(&prior, &input, &dirty, &rebodied);
            self.good.findings.recheck(&input, subjects)
        };
        self.good.findings.commit(rechecked, &mut self.good.base.attention);
    }

    /// Renders again the Markdown of the file at `path` and of every file with a page linking to
    /// one of `moved`; returns the pages rendered.
    fn render_again(&mut self, path: &Path, moved: &BTreeSet<String>) -> BTreeSet<Id> {
        let base = &self.good.base;
        let mut files = BTreeSet::from([path.to_path_buf()]);
        files.extend(
            pages_linking_to(&self.good.bodies, moved).iter().filter_map(|id| self.file_of(id)).map(Path::to_path_buf),
        );
        let pages = ids_of_files(base, &files);
        let mut markdown = Diagnostics::default();
        let fresh = render_bodies_with(base, &self.good.links, &pages, &self.markdown_options(), &mut markdown);
        for file in &files {
            self.markdown.remove(file);
        }
        self.markdown.extend(by_file(markdown));
        relink::swap_bodies(&mut self.good, fresh);
        pages
    }

    fn check_input<'a>(&'a self, good: &'a Good) -> CheckInput<'a> {
        CheckInput {
            base: &good.base,
            config: &self.config,
            bodies: &good.bodies,
            static_files: &self.static_files,
            today: self.now(),
        }
    }
}

fn empty_good(people: BTreeMap<Handle, Person>) -> Good {
    Good {
        base: Base { people, ..Base::default() },
        claims: Default::default(),
        bodies: Default::default(),
        links: SiteLinks::default(),
        findings: Findings::default(),
    }
}

fn every_id(base: &Base) -> impl Iterator<Item = Id> + '_ {
    base.handoffs.keys().chain(base.decisions.keys()).chain(base.wraps.keys()).cloned()
}

/// The handoffs, decisions (inline ones included) and wraps written in `files`.
fn ids_of_files(base: &Base, files: &BTreeSet<PathBuf>) -> BTreeSet<Id> {
    let handoffs = base.handoffs.values().filter(|h| files.contains(&h.file)).map(|h| h.id.clone());
    let decisions = base.decisions.values().filter(|d| files.contains(&d.file)).map(|d| d.id.clone());
    let wraps = base.wraps.values().filter(|w| files.contains(&w.file)).map(|w| w.id.clone());
    handoffs.chain(decisions).chain(wraps).collect()
}

fn by_file(diagnostics: Diagnostics) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for d in diagnostics.sorted() {
        by_file.entry(d.span.file.clone()).or_default().push(d);
    }
    by_file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        dir
    }

    fn rules(workspace: &Workspace, file: &str) -> Vec<(&'static str, String)> {
        let all = workspace.diagnostics_by_file();
        all.get(Path::new(file)).into_iter().flatten().map(|d| (d.rule, d.message.clone())).collect()
    }

    const PEOPLE: &str = "ana:\n  name: Ana\nkofi:\n  name: Kofi\n";

    /// After each edit the findings equal those of a fresh load of the same texts.
    #[test]
    fn an_edit_gives_the_findings_of_a_whole_check() {
        let dir = site(&[
            ("people.yaml", PEOPLE),
            ("content/a.md", "---\ntitle: A\nowner: ana\n---\nSee [[b#plan]].\n"),
            ("content/b.md", "---\ntitle: B\nowner: kofi\ndepends_on: [a]\n---\n## Plan\n"),
        ]);
        let today = Some(crate::check::parse_today("2026-11-20").unwrap());
        let mut live = Workspace::load(dir.path(), today).unwrap();
        assert!(live.diagnostics_by_file().is_empty(), "{:?}", live.diagnostics_by_file());
        let edits = [
            ("content/b.md", "---\ntitle: B\nowner: kofi\ndepends_on: [a, zz]\n---\n## Steps\n"),
            ("content/a.md", "---\nid: a2\ntitle: A\nowner: nobody\n---\nSee [[b#plan]].\n"),
            ("content/a.md", "---\ntitle: A\nowner: ana\n---\nSee [[b#steps]].\n"),
            ("content/c.md", "---\nid: a\ntitle: C\nowner: ana\n---\n"),
            ("content/b.md", "---\ntitle: B\nowner: [kofi\n---\n"),
        ];
        for (path, text) in edits {
            live.set_text(Path::new(path), Some(text.to_string()));
            std::fs::write(dir.path().join(path), text).unwrap();
            let fresh = Workspace::load(dir.path(), today).unwrap();
            // A file that stops parsing keeps its last parse in the editor (its dependents do
            // not all turn red while one types); a fresh load has no last parse to keep.
            if path == "content/b.md" && text.contains("[kofi") {
                assert_eq!(rules(&live, path)[0].0, "yaml");
                continue;
            }
            assert_eq!(live.diagnostics_by_file(), fresh.diagnostics_by_file(), "after editing {path}");
        }
    }

    #[test]
    fn a_deleted_file_takes_its_ids_with_it() {
        let dir = site(&[
            ("content/a.md", "---\ntitle: A\nowner: ana\n---\n"),
            ("content/b.md", "---\ntitle: B\nowner: kofi\ndepends_on: [a]\n---\n"),
        ]);
        let mut live = Workspace::load(dir.path(), None).unwrap();
        live.set_text(Path::new("content/a.md"), None);
        assert_eq!(rules(&live, "content/b.md")[0].0, "unknown-id");
    }

    #[test]
    fn a_duplicate_id_is_reported_at_its_id_line() {
        let dir = site(&[
            ("content/a.md", "---\ntitle: A\nowner: ana\n---\n"),
            ("content/b.md", "---\ntitle: B\nowner: ana\nid: a\n---\n"),
        ]);
        let live = Workspace::load(dir.path(), None).unwrap();
        let found = &live.diagnostics_by_file()[Path::new("content/b.md")];
        let duplicate = found.iter().find(|d| d.rule == "duplicate-id").unwrap();
        assert_eq!((duplicate.span.line, duplicate.span.column), (4, 5));
    }

    #[test]
    fn an_oversized_buffer_is_reported_not_parsed() {
        let dir = site(&[("baton.yaml", "max_file_size: 1KB\n"), ("content/a.md", "---\ntitle: A\nowner: ana\n---\n")]);
        let mut live = Workspace::load(dir.path(), None).unwrap();
        live.set_text(Path::new("content/a.md"), Some("x".repeat(4096)));
        assert_eq!(rules(&live, "content/a.md")[0].0, "too-large");
    }
}
