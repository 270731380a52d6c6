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
use crate::markdown::MarkdownOptions;
use crate::markdown::bodies::render_bodies_with;
use crate::model::{Base, Handle, Id, Person};
use crate::records::decision::RecordSource;
use crate::serve::affected::{Before, pages_linking_to};
use crate::serve::relink::{self, Good};
use crate::sitemap::resolve::SiteLinks;
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
    /// It is a decision record written for another tool (see [`crate::records`]), read as
    /// `baton check` reads it: not parsed as a page.
    pub record: bool,
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
    /// The records of `decision_dirs` (content files shaped like a record are in `files`).
    folder_records: Vec<RecordSource>,
    /// What reading the records reported: their own findings, a missing folder, a clash.
    record_diagnostics: Vec<Diagnostic>,
    /// The files of decisions read from records: their findings are warnings, as in `baton check`.
    record_files: BTreeSet<PathBuf>,
    /// The linked base, its rendered Markdown and its findings.
    pub good: Good,
    /// Unknown ids in references, found after linking.
    references: Vec<Diagnostic>,
    /// What rendering each file's Markdown reported.
    markdown: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// "Now", when pinned (`--today`).
    today: Option<jiff::Timestamp>,
    /// The files whose findings may have changed since [`Workspace::take_touched`].
    touched: Touched,
}

/// Which files' findings may differ from what the editor was last sent.
#[derive(Debug, PartialEq, Eq)]
pub enum Touched {
    /// Any file's: after the whole base was linked and checked again.
    Every,
    /// Only these files' (relative paths).
    Files(BTreeSet<PathBuf>),
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
            folder_records: Vec::new(),
            record_diagnostics: Vec::new(),
            record_files: BTreeSet::new(),
            good: empty_good(BTreeMap::new()),
            references: Vec::new(),
            markdown: BTreeMap::new(),
            today,
            touched: Touched::Every,
        };
        workspace.parse_settings();
        let mut read = Diagnostics::default();
        let content = load::read_content(root, workspace.config.max_file_size, &mut read)?;
        workspace.unread = read.sorted();
        workspace.read_folder_records();
        for source in content {
            let state = workspace.parse(&source.path, source.text, None);
            workspace.files.insert(source.path, state);
        }
        workspace.relink_all();
        Ok(workspace)
    }

    /// The text of a file of the site as the server knows it: content, baton.yaml or people.yaml.
    pub fn text(&self, path: &Path) -> Option<&str> {
        let file = self.files.get(path).map(|f| f.text.as_str());
        let record = || self.folder_records.iter().find(|r| r.source.path == path).map(|r| r.source.text.as_str());
        file.or_else(record).or_else(|| self.settings.get(path).map(String::as_str))
    }

    /// Whether `path` (relative to the root) is a file the server follows: the settings, a
    /// content file, or a record in one of the `decision_dirs` inside the site folder.
    pub fn follows(&self, path: &Path) -> bool {
        path == Path::new(CONFIG_FILE)
            || path == Path::new(PEOPLE_FILE)
            || (path.starts_with("content") && is_markdown(path))
            || self.in_decision_dir(path)
    }

    /// Whether `path` is a record of one of the `decision_dirs` (by its place and name).
    fn in_decision_dir(&self, path: &Path) -> bool {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let is_record =
            is_markdown(path) && !crate::records::is_template(&name) && !crate::records::is_introduction(&name);
        is_record && self.config.decision_dirs.iter().any(|folder| path.starts_with(&folder.path))
    }

    /// Reads the records of `decision_dirs` from disk.
    fn read_folder_records(&mut self) {
        let mut read = Diagnostics::default();
        let (dirs, limit) = (&self.config.decision_dirs, self.config.max_file_size);
        self.folder_records = crate::records::read::read_folders(&self.root, dirs, limit, &mut read).records;
        self.unread.retain(|d| d.field.as_deref() != Some("decision_dirs"));
        self.unread.extend(read.sorted());
    }

    /// Replaces the text of `path` (`None`: the file is gone) and checks again what that affects.
    pub fn set_text(&mut self, path: &Path, text: Option<String>) {
        if path == Path::new(CONFIG_FILE) || path == Path::new(PEOPLE_FILE) {
            match text {
                Some(text) => self.settings.insert(path.to_path_buf(), text),
                None => self.settings.remove(path),
            };
            self.parse_settings();
            self.read_folder_records();
            self.relink_all();
            return;
        }
        self.touch([path.to_path_buf()]);
        self.unread.retain(|d| d.span.file != path);
        let in_folder = self.in_decision_dir(path);
        if in_folder {
            self.set_folder_record(path, text.clone());
        }
        let was_record = self.files.get(path).is_some_and(|f| f.record);
        if path.starts_with("content") {
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
        }
        // Records are few and their relations run both ways (supersedes, amends): they are
        // linked again whole, as `serve` does.
        if in_folder || was_record || self.files.get(path).is_some_and(|f| f.record) {
            return self.relink_all();
        }
        self.relink_file(path);
    }

    /// Puts the text of a record of `decision_dirs` in its place (`None`: it is gone).
    fn set_folder_record(&mut self, path: &Path, text: Option<String>) {
        self.folder_records.retain(|r| r.source.path != path);
        if let Some(text) = text {
            let folder = self.folder_of(path);
            self.folder_records.push(RecordSource {
                source: SourceFile { path: path.to_path_buf(), text },
                folder,
                committed: None,
            });
            let dirs = &self.config.decision_dirs;
            let index = |folder: &crate::records::decision::Folder| dirs.iter().position(|f| f == folder);
            self.folder_records.sort_by_cached_key(|r| (index(&r.folder).unwrap_or(usize::MAX), r.source.path.clone()));
        }
    }

    /// The `decision_dirs` folder holding `path` (the longest that does).
    fn folder_of(&self, path: &Path) -> crate::records::decision::Folder {
        let holding = self.config.decision_dirs.iter().filter(|f| path.starts_with(&f.path));
        holding.max_by_key(|f| f.path.len()).cloned().unwrap_or_default()
    }

    /// Every finding by file, sorted, with the levels from baton.yaml applied: what `baton check`
    /// prints, grouped for publishing.
    pub fn diagnostics_by_file(&self) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
        self.gather(self.files.values(), self.markdown.values().flatten(), |_| true)
    }

    /// [`Workspace::diagnostics_by_file`] for `files` only: the same findings, gathered without
    /// reading (or cloning) those of the rest of the base. Files without findings are absent.
    pub fn diagnostics_of(&self, files: &BTreeSet<PathBuf>) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
        let states = files.iter().filter_map(|f| self.files.get(f));
        let markdown = files.iter().filter_map(|f| self.markdown.get(f)).flatten();
        self.gather(states, markdown, |file| files.contains(file))
    }

    /// The files whose findings may have changed since the last call; from now on, none.
    pub fn take_touched(&mut self) -> Touched {
        std::mem::replace(&mut self.touched, Touched::Files(BTreeSet::new()))
    }

    fn touch(&mut self, files: impl IntoIterator<Item = PathBuf>) {
        if let Touched::Files(touched) = &mut self.touched {
            touched.extend(files);
        }
    }

    /// The findings of `states` and `markdown`, and those of the base-wide lists about a file
    /// `wanted`, by file.
    fn gather<'a>(
        &'a self,
        states: impl Iterator<Item = &'a FileState>,
        markdown: impl Iterator<Item = &'a Diagnostic>,
        wanted: impl Fn(&Path) -> bool,
    ) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
        let mut all = Diagnostics::default();
        let base_wide = self.settings_diagnostics.iter().chain(&self.unread).chain(&self.references);
        let base_wide = base_wide.chain(&self.record_diagnostics);
        let own = states.flat_map(|f| f.read.iter().chain(&f.link));
        let found = base_wide.filter(|d| wanted(d.span.file.as_path())).chain(own).chain(markdown);
        found.cloned().for_each(|d| all.push(d));
        all.apply_levels(|rule| self.config.rules.get(rule).copied());
        self.good.findings.diagnostics().filter(|d| wanted(d.span.file.as_path())).cloned().for_each(|d| all.push(d));
        all.soften_in(&self.record_files.iter().map(PathBuf::as_path).collect());
        by_file(all)
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
            return FileState { text, parsed: None, read: diagnostics.sorted(), link: Vec::new(), record: false };
        }
        if crate::records::shape::is_record(&text) {
            return FileState { text, parsed: None, read: Vec::new(), link: Vec::new(), record: true };
        }
        let source = SourceFile { path: path.to_path_buf(), text };
        let parsed = load::parse_file(&source, &mut diagnostics).or(last);
        FileState { text: source.text, parsed, read: diagnostics.sorted(), link: Vec::new(), record: false }
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
        let mut records = Diagnostics::default();
        let words = &self.config.decision_statuses;
        crate::link::add_records(&mut good.base, &mut good.claims, &self.all_records(), words, &mut records);
        self.record_diagnostics = records.sorted();
        let of_records = good.base.decisions.values().filter(|d| d.record.is_some());
        self.record_files = of_records.map(|d| d.file.clone()).collect();
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
        self.touched = Touched::Every;
    }

    /// Patches the base with the file at `path` as it is now and re-checks what that affects.
    fn relink_file(&mut self, path: &Path) {
        if self.files.values().any(|f| f.link.iter().any(|d| d.rule == "duplicate-id")) {
            return self.relink_all();
        }
        let dirty_before = self.ids_of_file(path);
        let before = Before::entities(&self.good.base, &dirty_before);
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
        let references = references.sorted();
        let moved_references = files_differing(&self.references, &references);
        self.touch(moved_references);
        self.references = references;
        let dirty: BTreeSet<Id> = dirty_before.iter().chain(&undo.added).cloned().collect();
        let moved = before.moved_or_renamed(&self.good.base, &dirty);
        if !moved.is_empty() {
            self.good.links = SiteLinks::new(&self.good.base);
        }
        let rebodied = self.render_again(path, &moved, &dirty);
        let rechecked = {
            let input = self.check_input(&self.good);
            let subjects = self.good.findings.plan(&prior, &input, &dirty, &rebodied);
            self.good.findings.recheck(&input, subjects)
        };
        let changed = self.good.findings.files_changed_by(&rechecked);
        self.touch(changed);
        self.good.findings.commit(rechecked, &mut self.good.base.attention);
    }

    /// Renders again the Markdown of the file at `path` and of every file with a page linking to
    /// one of `moved`; returns the pages rendered. `changed` are the ids the patch touched.
    fn render_again(&mut self, path: &Path, moved: &BTreeSet<String>, changed: &BTreeSet<Id>) -> BTreeSet<Id> {
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
        relink::swap_bodies(&mut self.good, fresh, changed);
        self.touch(files);
        pages
    }

    /// The records in the order `baton check` reads them: the folders', then those under content/.
    fn all_records(&self) -> Vec<RecordSource> {
        let content = crate::records::decision::Folder { path: "content".to_string(), ..Default::default() };
        let in_content = self.files.iter().filter(|(_, f)| f.record).map(|(path, f)| RecordSource {
            source: SourceFile { path: path.clone(), text: f.text.clone() },
            folder: content.clone(),
            committed: None,
        });
        self.folder_records.iter().cloned().chain(in_content).collect()
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

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

fn every_id(base: &Base) -> impl Iterator<Item = Id> + '_ {
    base.handoffs.keys().chain(base.decisions.keys()).chain(base.wraps.keys()).cloned()
}

/// The handoffs, decisions (inline ones included) and wraps written in `files`.
fn ids_of_files(base: &Base, files: &BTreeSet<PathBuf>) -> BTreeSet<Id> {
    relink::ids_of_files(base, files)
}

/// The files whose diagnostics differ between `old` and `new` (both sorted).
fn files_differing(old: &[Diagnostic], new: &[Diagnostic]) -> BTreeSet<PathBuf> {
    if old == new {
        return BTreeSet::new();
    }
    fn group(list: &[Diagnostic]) -> BTreeMap<&Path, Vec<&Diagnostic>> {
        let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
        list.iter().for_each(|d| by_file.entry(d.span.file.as_path()).or_default().push(d));
        by_file
    }
    let (old, new) = (group(old), group(new));
    old.keys().chain(new.keys()).filter(|file| old.get(*file) != new.get(*file)).map(|f| f.to_path_buf()).collect()
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
    use crate::testing::site_folder;

    fn rules(workspace: &Workspace, file: &str) -> Vec<(&'static str, String)> {
        let all = workspace.diagnostics_by_file();
        all.get(Path::new(file)).into_iter().flatten().map(|d| (d.rule, d.message.clone())).collect()
    }

    const PEOPLE: &str = "ana:\n  name: Ana\nkofi:\n  name: Kofi\n";

    /// After each edit the findings equal those of a fresh load of the same texts.
    #[test]
    fn an_edit_gives_the_findings_of_a_whole_check() {
        let dir = site_folder(&[
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

    /// What `baton check` finds in the site at `dir` (load, link, Markdown and rules, records
    /// softened), by file.
    fn whole_check(dir: &Path, today: jiff::Timestamp) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
        let mut diagnostics = Diagnostics::default();
        let mut site = crate::build::load_site(dir, &mut diagnostics).unwrap();
        crate::build::check_site(&mut site, today, &mut diagnostics);
        by_file(diagnostics)
    }

    /// Replaces the first `from` in a file's text with `to`.
    fn edited(live: &Workspace, path: &str, from: &str, to: &str) -> String {
        let text = live.text(Path::new(path)).unwrap();
        assert!(text.contains(from), "{path} has no {from:?}");
        text.replacen(from, to, 1)
    }

    /// A file's new text, from the workspace as it is (`None`: the file is deleted).
    type Edit = Box<dyn Fn(&Workspace) -> Option<String>>;

    /// An editor that keeps what it was sent: only the touched files' findings, as the server
    /// publishes them, after a sequence of edits on a generated base equal a whole `baton check`
    /// of the same texts.
    #[test]
    fn published_findings_after_edits_equal_a_whole_check_of_a_generated_base() {
        let files = crate::corpus::generate(36, 7);
        let dir = site_folder(&files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>());
        let today = crate::check::parse_today("2026-11-20").unwrap();
        let mut live = Workspace::load(dir.path(), Some(today)).unwrap();
        assert_eq!(live.take_touched(), Touched::Every);
        let mut editor = live.diagnostics_by_file();
        assert_eq!(editor, whole_check(dir.path(), today));
        let (a, b, c) = ("content/team-0/h00000.md", "content/team-1/h00001.md", "content/team-2/h00002.md");
        let steps: Vec<(&str, Edit)> = vec![
            (b, Box::new(move |w: &Workspace| Some(edited(w, b, "tags:", "depends_on: [h00000, h99999]\ntags:")))),
            (
                c,
                Box::new(move |w: &Workspace| {
                    Some(edited(w, c, "## Notes", "See [[h00001#plan]] and [[h00000#plans]].\n\n## Notes"))
                }),
            ),
            (a, Box::new(move |w: &Workspace| Some(edited(w, a, "## Plan", "## Plans")))),
            (a, Box::new(move |w: &Workspace| Some(edited(w, a, "status: ", "status: cancelled\nx-status: ")))),
            (b, Box::new(move |w: &Workspace| Some(edited(w, b, "## Plan", "## Steps")))),
            (a, Box::new(move |w: &Workspace| Some(edited(w, a, "owner: p", "owner: nobody\nx-owner: p")))),
            (a, Box::new(move |w: &Workspace| Some(edited(w, a, "id: h00000", "id: h00100")))),
            (b, Box::new(move |w: &Workspace| Some(edited(w, b, "h99999", "h00100")))),
            (b, Box::new(|_: &Workspace| None)),
            (
                "content/new.md",
                Box::new(|_: &Workspace| {
                    Some("---\ntitle: New\nowner: p000\nstatus: ready\ndepends_on: [h00001]\n---\n".into())
                }),
            ),
        ];
        for (n, (path, edit)) in steps.iter().enumerate() {
            let text = edit(&live);
            match &text {
                Some(text) => std::fs::write(dir.path().join(path), text).unwrap(),
                None => std::fs::remove_file(dir.path().join(path)).unwrap(),
            }
            live.set_text(Path::new(path), text);
            match live.take_touched() {
                Touched::Every => editor = live.diagnostics_by_file(),
                Touched::Files(touched) => {
                    let now = live.diagnostics_of(&touched);
                    for (file, found) in super::super::diagnostics::changed_in(&editor, &now, &touched) {
                        match found.is_empty() {
                            true => editor.remove(&file),
                            false => editor.insert(file, found),
                        };
                    }
                }
            }
            assert_eq!(editor, whole_check(dir.path(), today), "after step {n} ({path})");
        }
    }

    #[test]
    fn a_deleted_file_takes_its_ids_with_it() {
        let dir = site_folder(&[
            ("content/a.md", "---\ntitle: A\nowner: ana\n---\n"),
            ("content/b.md", "---\ntitle: B\nowner: kofi\ndepends_on: [a]\n---\n"),
        ]);
        let mut live = Workspace::load(dir.path(), None).unwrap();
        live.set_text(Path::new("content/a.md"), None);
        assert_eq!(rules(&live, "content/b.md")[0].0, "unknown-id");
    }

    #[test]
    fn a_duplicate_id_is_reported_at_its_id_line() {
        let dir = site_folder(&[
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
        let dir = site_folder(&[
            ("baton.yaml", "max_file_size: 1KB\n"),
            ("content/a.md", "---\ntitle: A\nowner: ana\n---\n"),
        ]);
        let mut live = Workspace::load(dir.path(), None).unwrap();
        live.set_text(Path::new("content/a.md"), Some("x".repeat(4096)));
        assert_eq!(rules(&live, "content/a.md")[0].0, "too-large");
    }
}
