//! The site as `serve` keeps it between changes, and the incremental rebuild.
//!
//! [`LiveSite`] holds every content file as read and parsed, the settings, the theme and the last
//! base that built without errors with its rendered Markdown. A change re-reads and re-parses
//! only the files it names, links the whole base again (cheap: see docs/serve.md for the
//! figures), re-renders the Markdown of the changed files and of the pages linking to anything
//! renamed or moved, then renders the pages [`super::affected`] names. It returns the pages whose
//! bytes changed; it does not serve them, and it never writes to disk.
//!
//! A change that leaves errors produces a [`Failure`] and keeps the last good state, so the
//! files changed since then are still rebuilt once the errors are fixed. Settings, people,
//! templates, and any change after a theme failure rebuild everything.

use super::affected;
use super::classify::Changes;
use crate::config::{SiteConfig, parse_config};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, render_human};
use crate::load::{self, ParsedFile, SourceFile};
use crate::model::{Base, Id};
use crate::render::{self, bodies::Bodies, catalog, markdown::MarkdownOptions, theme::Theme};
use crate::write::Output;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One content file as last read.
struct FileState {
    /// Its text, unless it could not be read.
    source: Option<SourceFile>,
    /// Its frontmatter, unless it could not be parsed.
    parsed: Option<ParsedFile>,
    /// What reading and parsing it reported.
    diagnostics: Vec<Diagnostic>,
}

/// The last state that built without errors: what the served pages show.
struct Good {
    base: Base,
    bodies: Bodies,
}

/// What a rebuild changed in the served site.
#[derive(Debug, Default)]
pub struct Update {
    /// Files (`handoffs/x/index.html`, `style.css`) that are new or whose bytes changed.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files that no longer exist.
    pub removed: Vec<String>,
    /// How many pages were rendered, changed or not.
    pub rendered: usize,
    /// Everything was rebuilt.
    pub full: bool,
    /// Warnings in the whole base, rendered for the terminal.
    pub warnings: Vec<String>,
}

/// Why a rebuild did not publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The errors, rendered like the terminal shows them (`path:line:col`, the line, a caret).
    pub report: String,
    /// How many errors.
    pub errors: usize,
}

/// The result of applying changes.
#[derive(Debug)]
pub enum Outcome {
    /// The site was rebuilt; these are the differences.
    Published(Update),
    /// Errors: the last good site stays.
    Failed(Failure),
    /// Nothing to rebuild.
    Unchanged,
}

/// The site as served, between changes.
pub struct LiveSite {
    site: PathBuf,
    config_source: Option<SourceFile>,
    people_source: Option<SourceFile>,
    config: SiteConfig,
    config_diagnostics: Vec<Diagnostic>,
    theme: Option<Theme>,
    files: BTreeMap<PathBuf, FileState>,
    good: Option<Good>,
    /// Content files changed since the last publish.
    pending: BTreeSet<PathBuf>,
    /// Theme assets or `static/` changed since the last publish.
    assets_pending: bool,
    /// A digest of every served file, to tell which ones a rebuild really changed.
    digests: BTreeMap<String, u64>,
    /// The theme assets and static files among them.
    asset_files: BTreeSet<String>,
}

impl LiveSite {
    /// Reads the site at `site` and builds it in full.
    pub fn open(site: &Path) -> anyhow::Result<(LiveSite, Outcome)> {
        anyhow::ensure!(site.is_dir(), "site folder {} does not exist", site.display());
        let mut live = LiveSite {
            site: site.to_path_buf(),
            config_source: None,
            people_source: None,
            config: SiteConfig::default(),
            config_diagnostics: Vec::new(),
            theme: None,
            files: BTreeMap::new(),
            good: None,
            pending: BTreeSet::new(),
            assets_pending: true,
            digests: BTreeMap::new(),
            asset_files: BTreeSet::new(),
        };
        let outcome = live.rebuild_all();
        Ok((live, outcome))
    }

    /// Applies a burst of file changes.
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        if changes.needs_full_rebuild() || self.theme.is_none() {
            return self.rebuild_all();
        }
        for path in changes.content.keys() {
            self.refresh(path);
        }
        self.assets_pending |= changes.static_files;
        if self.pending.is_empty() && !self.assets_pending && self.good.is_some() {
            return Outcome::Unchanged;
        }
        self.publish()
    }

    /// Re-reads everything: settings, people, theme and every content file.
    fn rebuild_all(&mut self) -> Outcome {
        self.good = None;
        self.assets_pending = true;
        let mut diagnostics = Diagnostics::default();
        self.config_source = read_optional(&self.site, "baton.yaml", &mut diagnostics);
        self.people_source = read_optional(&self.site, "people.yaml", &mut diagnostics);
        self.config = self.config_source.as_ref().map(|c| parse_config(&c.text, &mut diagnostics)).unwrap_or_default();
        self.config_diagnostics = diagnostics.sorted();
        self.theme = match Theme::load(&self.site, &self.config.theme) {
            Ok(theme) => Some(theme),
            Err(error) => return failure_from(&error),
        };
        let content = self.site.join("content");
        let found = markdown_files(&self.site, &content);
        self.pending.extend(std::mem::take(&mut self.files).into_keys());
        for path in found {
            self.load_file(path);
        }
        self.publish()
    }

    /// Picks up one changed content path: a file, a folder moved in, or something gone.
    fn refresh(&mut self, path: &Path) {
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
        let source = load::read_source(&self.site, &path, &mut diagnostics);
        let parsed = source.as_ref().and_then(|s| load::parse_file(s, &mut diagnostics));
        // While a file does not parse, link its last good parse: the rebuild fails on its error
        // anyway, and the overlay then shows that error alone instead of every page that names
        // its id as "unknown".
        let parsed = parsed.or_else(|| self.files.remove(&path).and_then(|old| old.parsed));
        self.files.insert(path.clone(), FileState { source, parsed, diagnostics: diagnostics.sorted() });
        self.pending.insert(path);
    }

    /// Links, renders what the pending changes affect, and returns the differences.
    fn publish(&mut self) -> Outcome {
        let full = self.good.is_none();
        let mut diagnostics = Diagnostics::default();
        let earlier = self.config_diagnostics.iter().chain(self.files.values().flat_map(|f| f.diagnostics.iter()));
        earlier.cloned().for_each(|d| diagnostics.push(d));
        let parsed = self.files.values().filter_map(|f| f.parsed.as_ref());
        let base = crate::link::link(parsed, self.people_source.as_ref(), &mut diagnostics);
        if diagnostics.has_errors() {
            return self.failure(diagnostics);
        }
        let (dirty, rebodied) = self.what_changed(&base);
        let markdown = MarkdownOptions { allow_html: self.config.allow_html };
        let fresh = render::bodies::render_bodies_of(&base, &rebodied, &markdown, &mut diagnostics);
        if diagnostics.has_errors() {
            return self.failure(diagnostics);
        }
        let plan = match &self.good {
            Some(good) => affected::plan(&good.base, &base, &dirty, &rebodied),
            None => affected::Plan { render: catalog::all_pages(&base), remove: Vec::new() },
        };
        let mut bodies = self.good.take().map(|g| g.bodies).unwrap_or_default();
        bodies.pages.retain(|id, _| base.handoffs.contains_key(id) || base.decisions.contains_key(id));
        bodies.pages.extend(fresh.pages);
        let warnings = self.rendered(diagnostics.sorted().iter().filter(|d| d.severity == Severity::Warning));
        match self.render(&base, &bodies, &plan, full) {
            Ok(mut update) => {
                update.warnings = warnings;
                self.good = Some(Good { base, bodies });
                self.pending.clear();
                self.assets_pending = false;
                Outcome::Published(update)
            }
            // The bodies were merged already; the next change rebuilds everything.
            Err(error) => failure_from(&error),
        }
    }

    /// The ids whose files changed (in the last good base or the new one), and the pages whose
    /// Markdown must be rendered again: those, plus pages linking to anything renamed or moved.
    fn what_changed(&self, base: &Base) -> (BTreeSet<Id>, BTreeSet<Id>) {
        let Some(good) = &self.good else {
            let all: BTreeSet<Id> = base.handoffs.keys().chain(base.decisions.keys()).cloned().collect();
            return (all.clone(), all);
        };
        let mut dirty = ids_of_files(&good.base, &self.pending);
        let mut rebodied = ids_of_files(base, &self.pending);
        dirty.extend(rebodied.iter().cloned());
        let moved = affected::moved_or_renamed(&good.base, base, &dirty);
        rebodied.extend(affected::pages_linking_to(&good.bodies, &moved));
        (dirty, rebodied)
    }

    /// Renders the planned pages (and the assets, when they changed) and diffs them against
    /// what is served.
    fn render(&mut self, base: &Base, bodies: &Bodies, plan: &affected::Plan, full: bool) -> anyhow::Result<Update> {
        let theme = self.theme.as_ref().ok_or_else(|| anyhow::anyhow!("the theme is not loaded"))?;
        let static_dir = self.site.join("static");
        let input = render::SiteInput { base, config: &self.config, bodies, theme, static_dir: &static_dir };
        let mut pages = Output::memory();
        let rendered = render::render_pages(&input, &plan.render, &mut pages)?.pages;
        let mut files = pages.finish()?;
        let mut removed: Vec<String> = plan.remove.iter().map(catalog::PageKind::file).collect();
        if self.assets_pending {
            let mut assets = Output::memory();
            render::render_assets(&input, &mut assets)?;
            let assets = assets.finish()?;
            let now: BTreeSet<String> = assets.keys().cloned().collect();
            removed.extend(self.asset_files.difference(&now).cloned());
            self.asset_files = now;
            files.extend(assets);
        }
        if full {
            // A full rebuild: anything served before and not rendered now is gone.
            removed.extend(self.digests.keys().filter(|k| !files.contains_key(*k)).cloned());
        }
        Ok(self.diff(files, removed, rendered, full))
    }

    /// Keeps the files whose bytes differ from what is served, and records the new digests.
    fn diff(&mut self, files: BTreeMap<String, Vec<u8>>, removed: Vec<String>, rendered: usize, full: bool) -> Update {
        let mut update = Update { rendered, full, ..Update::default() };
        for (path, bytes) in files {
            let digest = digest(&bytes);
            if self.digests.insert(path.clone(), digest) != Some(digest) {
                update.files.push((path, bytes));
            }
        }
        for path in removed {
            if self.digests.remove(&path).is_some() {
                update.removed.push(path);
            }
        }
        update
    }

    fn failure(&self, diagnostics: Diagnostics) -> Outcome {
        let all = diagnostics.sorted();
        let errors: Vec<&Diagnostic> = all.iter().filter(|d| d.severity == Severity::Error).collect();
        let report = self.rendered(errors.iter().copied()).join("\n");
        Outcome::Failed(Failure { report, errors: errors.len() })
    }

    fn rendered<'a>(&self, diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Vec<String> {
        diagnostics.map(|d| render_human(d, &|file, line| self.line(file, line))).collect()
    }

    /// Line `line` of `file`, for showing diagnostics with their source.
    fn line(&self, file: &Path, line: usize) -> Option<String> {
        let content = self.files.get(file).and_then(|f| f.source.as_ref());
        let source = [self.config_source.as_ref(), self.people_source.as_ref(), content]
            .into_iter()
            .flatten()
            .find(|s| s.path == file)?;
        source
            .text
            .strip_prefix('\u{feff}')
            .unwrap_or(&source.text)
            .lines()
            .nth(line.checked_sub(1)?)
            .map(str::to_string)
    }
}

fn read_optional(site: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    site.join(name).is_file().then(|| load::read_source(site, Path::new(name), diagnostics)).flatten()
}

fn failure_from(error: &anyhow::Error) -> Outcome {
    Outcome::Failed(Failure { report: format!("error: {error:#}"), errors: 1 })
}

/// The handoffs and decisions (inline ones included) written in `files`.
fn ids_of_files(base: &Base, files: &BTreeSet<PathBuf>) -> BTreeSet<Id> {
    let handoffs = base.handoffs.values().filter(|h| files.contains(&h.file)).map(|h| h.id.clone());
    let decisions = base.decisions.values().filter(|d| files.contains(&d.file)).map(|d| d.id.clone());
    handoffs.chain(decisions).collect()
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// Every `.md` file under `dir`, relative to `site` with `/` separators (as `load` names them).
fn markdown_files(site: &Path, dir: &Path) -> Vec<PathBuf> {
    // A folder that cannot be read is skipped here; `baton build` reports it with its path.
    let entries = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok);
    let files = entries.filter(|e| e.file_type().is_file() && is_markdown(e.path()));
    files
        .map(|e| {
            let relative = e.path().strip_prefix(site).unwrap_or(e.path());
            let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            PathBuf::from(parts.join("/"))
        })
        .collect()
}

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
#[path = "site_tests.rs"]
mod tests;
