//! The site as `serve` keeps it between changes, and the incremental rebuild.
//!
//! [`LiveSite`] holds every content file as read and parsed, the settings, the theme and the
//! last good state ([`Good`]: the linked base, its rendered Markdown, its link tables). A change
//! re-reads and re-parses only the files it names, patches the base in place ([`relink`]),
//! re-renders the Markdown of the changed files and of the pages linking to anything renamed or
//! moved, re-checks only the check subjects the change can affect ([`crate::check::findings`]),
//! then renders the pages [`affected`] names. It returns the files whose bytes changed;
//! it does not serve them, and it never writes to disk.
//!
//! Pages are rendered in two rounds. The pages of the changed handoffs and decisions, and the
//! pages someone is viewing, come first; the other affected pages (at 10,000 handoffs the
//! handoff list alone is 3 MB of HTML) are *deferred*: [`LiveSite::render_deferred`] renders
//! them next, unless another change comes first, in which case they wait for a pause in typing.
//!
//! A change that leaves errors produces a [`Failure`] and puts the last good state back, so the
//! files changed since then are rebuilt once the errors are fixed. Settings, people, templates,
//! and any change after a theme failure rebuild everything.

use super::affected::{self, Before};
use super::classify::Changes;
use super::relink::{self, Good};
use super::rendering::{Digests, Rendered, render_files};
use super::sources::ContentFiles;
use crate::check::findings::{Findings, Prior};
use crate::check::{CheckInput, Subject};
use crate::config::{SiteConfig, parse_config};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, render_human};
use crate::load::{self, SourceFile};
use crate::markdown::{MarkdownOptions, bodies::Bodies};
use crate::model::{Base, Id};
use crate::render::theme::Theme;
use crate::sitemap::catalog::{self, PageKind};
use crate::sitemap::resolve::SiteLinks;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// No affected page is left to render: the served site matches the files.
    pub complete: bool,
    /// Warnings in the whole base, rendered for the terminal.
    pub warnings: Vec<String>,
    /// How long each stage took, for the terminal: `link 14 ms, markdown 1 ms, pages 3 ms`.
    pub stages: String,
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

/// Settings, people and theme: what only a full rebuild reloads (and the list of static files).
#[derive(Default)]
struct Settings {
    config_source: Option<SourceFile>,
    people_source: Option<SourceFile>,
    config: SiteConfig,
    /// people.yaml, parsed.
    people: BTreeMap<crate::model::Handle, crate::model::Person>,
    /// Files under `static/` (site-root paths), for the link rules; unlike the rest, listed
    /// again on every change under `static/` ([`LiveSite::relist_static`]).
    static_files: BTreeSet<String>,
    /// Problems in baton.yaml and people.yaml.
    diagnostics: Vec<Diagnostic>,
    theme: Option<Theme>,
}

/// The site as served, between changes.
pub struct LiveSite {
    site: PathBuf,
    settings: Settings,
    /// The content files, and which changed since the last publish.
    files: ContentFiles,
    good: Option<Good>,
    /// Theme assets or `static/` changed since the last publish.
    assets_pending: bool,
    /// Files that appeared in or left `static/` since the last publish (site-root paths): the
    /// pages linking to them are checked again, until a rebuild publishes.
    static_changed: BTreeSet<String>,
    /// Affected pages not rendered yet.
    deferred: BTreeSet<PageKind>,
    /// What is served, as digests, to tell which rendered files really changed.
    served: Digests,
    /// "Now" for the time rules, when pinned (`--today`); the clock otherwise.
    today: Option<jiff::Timestamp>,
}

/// Stage timings of one rebuild.
#[derive(Default)]
struct Clock {
    link: Duration,
    markdown: Duration,
    check: Duration,
    /// How many check subjects ran (see `check::findings`).
    checked: usize,
}

impl LiveSite {
    /// Reads the site at `site` and builds it in full.
    pub fn open(site: &Path, today: Option<jiff::Timestamp>) -> anyhow::Result<(LiveSite, Outcome)> {
        anyhow::ensure!(site.is_dir(), "site folder {} does not exist", site.display());
        let mut live = LiveSite {
            site: site.to_path_buf(),
            settings: Settings::default(),
            files: ContentFiles::new(site),
            good: None,
            assets_pending: true,
            static_changed: BTreeSet::new(),
            deferred: BTreeSet::new(),
            served: Digests::default(),
            today,
        };
        let outcome = live.rebuild_all();
        Ok((live, outcome))
    }

    /// Applies a burst of file changes. `viewed` are the URLs (`handoffs/x/`) of pages open in
    /// a browser: they are rendered in the first round.
    pub fn apply(&mut self, changes: &Changes, viewed: &BTreeSet<String>) -> Outcome {
        if changes.needs_full_rebuild() || self.settings.theme.is_none() {
            return self.rebuild_all();
        }
        // Records are few and their relations run both ways: a change to one under content/
        // (or a file becoming or ceasing to be one) links everything again, as one in
        // `decision_dirs` does.
        let mut records_changed = changes.content.keys().any(|path| self.files.has_record_at(path));
        for path in changes.content.keys() {
            self.files.refresh(path);
        }
        records_changed |= changes.content.keys().any(|path| self.files.has_record_at(path));
        if changes.static_files
            && let Err(error) = self.relist_static()
        {
            return failure_from(&error);
        }
        if self.files.pending.is_empty() && !self.assets_pending && self.good.is_some() {
            return Outcome::Unchanged;
        }
        match self.good.take() {
            Some(good) if !records_changed => self.publish_patch(good, viewed),
            _ => self.publish_full(),
        }
    }

    /// Lists `static/` again after something in it changed (a file added, deleted, renamed, or
    /// a folder moved): the list is what `missing-static` checks links against, so it must
    /// follow the folder, and the pages linking to a file that came or went are checked again.
    /// The whole folder is listed rather than patched path by path: a moved folder sends one
    /// event for many files, and the list is small next to the content.
    fn relist_static(&mut self) -> anyhow::Result<()> {
        let now = load::list_files(&self.site.join("static"))?;
        let old = &self.settings.static_files;
        self.static_changed.extend(old.symmetric_difference(&now).cloned());
        self.settings.static_files = now;
        // Even with the same names, a file's bytes may have changed: copy them all again.
        self.assets_pending = true;
        Ok(())
    }

    /// Whether affected pages are waiting for [`LiveSite::render_deferred`].
    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty()
    }

    /// Renders the affected pages the last change left for later.
    pub fn render_deferred(&mut self) -> Outcome {
        let Some(good) = &self.good else { return Outcome::Unchanged };
        let pages: Vec<PageKind> = std::mem::take(&mut self.deferred)
            .into_iter()
            .filter(|p| crate::sitemap::catalog::exists(&good.base, self.paging(), p))
            .collect();
        if pages.is_empty() {
            return Outcome::Unchanged;
        }
        let rendered = render_files(
            &self.site,
            self.now(),
            &self.settings.config,
            self.settings.theme.as_ref(),
            good,
            &pages,
            false,
        );
        self.finish_render(rendered, Vec::new(), false, Clock::default())
    }

    /// "Now": `--today` when pinned, the clock otherwise.
    fn now(&self) -> jiff::Timestamp {
        self.today.unwrap_or_else(jiff::Timestamp::now)
    }

    /// Re-reads everything: settings, people, theme and every content file.
    fn rebuild_all(&mut self) -> Outcome {
        self.good = None;
        self.assets_pending = true;
        // The whole check below reads the fresh list.
        self.static_changed.clear();
        let mut diagnostics = Diagnostics::default();
        let sources = match load::read_settings(&self.site, &mut diagnostics) {
            Ok(sources) => sources,
            Err(error) => return failure_from(&error),
        };
        let settings = &mut self.settings;
        settings.config = sources.config.as_ref().map(|c| parse_config(&c.text, &mut diagnostics)).unwrap_or_default();
        settings.people =
            sources.people.as_ref().map(|p| crate::link::people::parse_people(p, &mut diagnostics)).unwrap_or_default();
        (settings.config_source, settings.people_source) = (sources.config, sources.people);
        settings.static_files = sources.static_files;
        settings.diagnostics = diagnostics.sorted();
        settings.theme = match Theme::load(&self.site, &settings.config.theme) {
            Ok(theme) => Some(theme),
            Err(error) => return failure_from(&error),
        };
        self.files.max_file_size = settings.config.max_file_size;
        self.files.reload_all();
        self.publish_full()
    }

    /// Links and renders everything (the first build, and after settings or errors in them).
    fn publish_full(&mut self) -> Outcome {
        let mut clock = Clock::default();
        let mut good = Good {
            base: Base { people: self.settings.people.clone(), ..Base::default() },
            claims: Default::default(),
            bodies: Bodies::default(),
            links: SiteLinks::default(),
            findings: Findings::default(),
        };
        let mut diagnostics = Diagnostics::default();
        // `baton sync`'s cache is read here, with the settings; serve never fetches.
        good.base.trackers =
            crate::trackers::cache::read_for_site(&self.site, &self.settings.config.trackers, &mut diagnostics);
        let link_started = Instant::now();
        for state in self.files.files.values_mut() {
            if let Some(parsed) = &state.parsed {
                let mut own = Diagnostics::default();
                crate::link::add_file(&mut good.base, &mut good.claims, parsed, &mut own);
                state.link_diagnostics = own.sorted();
            }
        }
        self.add_records(&mut good, &mut diagnostics);
        crate::link::finish(&mut good.base, &mut diagnostics);
        clock.link = link_started.elapsed();
        self.gather_diagnostics(&mut diagnostics);
        Self::soften_records(&good, &mut diagnostics);
        if diagnostics.has_errors() {
            return self.failure(diagnostics);
        }
        let markdown_started = Instant::now();
        good.links = SiteLinks::new(&good.base);
        let all: Vec<Id> = good
            .base
            .handoffs
            .keys()
            .chain(good.base.decisions.keys())
            .chain(good.base.wraps.keys())
            .cloned()
            .collect();
        good.bodies = crate::markdown::bodies::render_bodies_with(
            &good.base,
            &good.links,
            &all,
            &self.markdown(),
            &mut diagnostics,
        );
        let html = crate::markdown::Output::Html;
        good.bodies.introductions =
            crate::markdown::bodies::introductions(&good.base, &good.links, &self.markdown(), html, &mut diagnostics);
        clock.markdown = markdown_started.elapsed();
        let check_started = Instant::now();
        let (findings, attention) = Findings::check_all(&self.check_input(&good));
        self.add_findings(findings.diagnostics(), &mut diagnostics);
        (good.findings, good.base.attention) = (findings, attention);
        clock.check = check_started.elapsed();
        Self::soften_records(&good, &mut diagnostics);
        if diagnostics.has_errors() {
            return self.failure(diagnostics);
        }
        let warnings = self.warnings(diagnostics, true);
        self.deferred.clear();
        let rendered = render_files(
            &self.site,
            self.now(),
            &self.settings.config,
            self.settings.theme.as_ref(),
            &good,
            &catalog::all_pages(&good.base, self.paging()),
            true,
        );
        self.good = Some(good);
        self.publish_rendered(rendered, Vec::new(), true, clock, warnings)
    }

    /// The `decision_dirs` of the settings, as written: where a change is a record's.
    pub fn decision_dirs(&self) -> Vec<PathBuf> {
        self.settings.config.decision_dirs.iter().map(|folder| PathBuf::from(&folder.path)).collect()
    }

    /// Reads the records of `decision_dirs` again and adds their decisions: a change in those
    /// folders always comes through a full rebuild (see `classify`).
    fn add_records(&self, good: &mut Good, diagnostics: &mut Diagnostics) {
        let config = &self.settings.config;
        let mut records =
            crate::records::read::read_folders(&self.site, &config.decision_dirs, config.max_file_size, diagnostics);
        records.records.extend(self.files.records());
        let words = &config.decision_statuses;
        crate::link::add_records(&mut good.base, &mut good.claims, &records.records, words, diagnostics);
        // The folders group `/decisions/` and publish the files beside the records, as in a build.
        good.base.record_folders = crate::records::folders::record_folders(&records, config.repo_url.as_deref());
    }

    /// Turns errors in record files into warnings, as `baton check` does: a record belongs to
    /// the team and the tool that wrote it, and must not stop the site.
    fn soften_records(good: &Good, diagnostics: &mut Diagnostics) {
        let records = good.base.decisions.values().filter(|d| d.record.is_some()).map(|d| d.file.as_path());
        diagnostics.soften_in(&records.collect());
    }

    /// Patches the last good base with the pending files and renders what that affects.
    fn publish_patch(&mut self, mut good: Good, viewed: &BTreeSet<String>) -> Outcome {
        let mut clock = Clock::default();
        let dirty_before = ids_of_files(&good.base, &self.files.pending);
        let before = Before::capture(&good.base, &dirty_before, self.paging());
        let prior = Prior::capture(&good.base, &dirty_before);
        let mut diagnostics = Diagnostics::default();
        let link_started = Instant::now();
        let undo = self.relink_pending(&mut good, &dirty_before, &mut diagnostics);
        clock.link = link_started.elapsed();
        if diagnostics.has_errors() {
            relink::undo(&mut good, undo);
            self.good = Some(good);
            return self.failure(diagnostics);
        }
        let markdown_started = Instant::now();
        let dirty: BTreeSet<Id> = dirty_before.iter().chain(undo.added.iter()).cloned().collect();
        let moved = before.moved_or_renamed(&good.base, &dirty);
        if !moved.is_empty() {
            good.links = SiteLinks::new(&good.base);
        }
        let mut rebodied = undo.added.clone();
        rebodied.extend(affected::pages_linking_to(&good.bodies, &moved));
        let fresh = crate::markdown::bodies::render_bodies_with(
            &good.base,
            &good.links,
            &rebodied,
            &self.markdown(),
            &mut diagnostics,
        );
        let html = crate::markdown::Output::Html;
        good.bodies.introductions =
            crate::markdown::bodies::introductions(&good.base, &good.links, &self.markdown(), html, &mut diagnostics);
        clock.markdown = markdown_started.elapsed();
        if diagnostics.has_errors() {
            relink::undo(&mut good, undo);
            if !moved.is_empty() {
                good.links = SiteLinks::new(&good.base);
            }
            self.good = Some(good);
            return self.failure(diagnostics);
        }
        let bodies_undo = relink::swap_bodies(&mut good, fresh, &dirty);
        let check_started = Instant::now();
        let input = self.check_input(&good);
        let mut subjects = good.findings.plan(&prior, &input, &dirty, &rebodied);
        let linking_to_static = affected::pages_linking_to(&good.bodies, &self.static_changed);
        subjects.extend(linking_to_static.into_iter().map(Subject::Links));
        let rechecked = good.findings.recheck(&input, subjects);
        self.add_findings(rechecked.diagnostics(), &mut diagnostics);
        clock.check = check_started.elapsed();
        clock.checked = rechecked.subjects();
        Self::soften_records(&good, &mut diagnostics);
        if diagnostics.has_errors() {
            relink::restore_bodies(&mut good, bodies_undo);
            relink::undo(&mut good, undo);
            if !moved.is_empty() {
                good.links = SiteLinks::new(&good.base);
            }
            self.good = Some(good);
            return self.failure(diagnostics);
        }
        let flagged = good.findings.commit(rechecked, &mut good.base.attention);
        let warnings = self.warnings(diagnostics, false);
        let plan = before.plan(&good.base, &dirty, &rebodied, &flagged);
        self.render_first_round(good, plan, (&dirty, &rebodied), viewed, clock, warnings)
    }

    /// What the check rules read, with "now" pinned or from the clock.
    fn check_input<'a>(&'a self, good: &'a Good) -> CheckInput<'a> {
        CheckInput {
            base: &good.base,
            config: &self.settings.config,
            bodies: &good.bodies,
            static_files: &self.settings.static_files,
            today: self.now(),
        }
    }

    /// Adds check findings (levels applied already) to this rebuild's list, then applies the
    /// levels from baton.yaml to the rest, as `baton build` does.
    fn add_findings<'a>(&self, findings: impl Iterator<Item = &'a Diagnostic>, diagnostics: &mut Diagnostics) {
        findings.cloned().for_each(|d| diagnostics.push(d));
        diagnostics.apply_levels(|rule| self.settings.config.rules.get(rule).copied());
    }

    /// Patches `good` with the pending files; their typing problems are stored with them, and
    /// every stored problem is added to `diagnostics`.
    fn relink_pending(&mut self, good: &mut Good, dirty: &BTreeSet<Id>, diagnostics: &mut Diagnostics) -> relink::Undo {
        let mut per_file: Vec<(PathBuf, Vec<Diagnostic>)> = Vec::new();
        let record =
            |file: &load::ParsedFile, own: Diagnostics| per_file.push((file.locator.file.clone(), own.sorted()));
        let undo = relink::patch(good, dirty, self.files.pending_parsed(), record, diagnostics);
        for (path, own) in per_file {
            self.files.set_link_diagnostics(&path, own);
        }
        self.gather_diagnostics(diagnostics);
        undo
    }

    /// Renders the first round of `plan` (deferring the rest), removes what is gone, publishes.
    fn render_first_round(
        &mut self,
        good: Good,
        plan: affected::Plan,
        (dirty, rebodied): (&BTreeSet<Id>, &BTreeSet<Id>),
        viewed: &BTreeSet<String>,
        clock: Clock,
        warnings: Vec<String>,
    ) -> Outcome {
        let first = self.first_round(plan.render, dirty, rebodied, viewed);
        let removed: Vec<String> = plan.remove.iter().map(PageKind::file).collect();
        self.deferred.retain(|page| !plan.remove.contains(page));
        let (config, theme) = (&self.settings.config, self.settings.theme.as_ref());
        let rendered = render_files(&self.site, self.now(), config, theme, &good, &first, self.assets_pending);
        self.good = Some(good);
        self.publish_rendered(rendered, removed, false, clock, warnings)
    }

    /// Splits the planned pages: the changed entities' own pages and the viewed pages now, the
    /// rest deferred. Returns the first round.
    fn first_round(
        &mut self,
        planned: Vec<PageKind>,
        dirty: &BTreeSet<Id>,
        rebodied: &BTreeSet<Id>,
        viewed: &BTreeSet<String>,
    ) -> Vec<PageKind> {
        let own = |page: &PageKind| match page {
            PageKind::Handoff(id) | PageKind::Decision(id) => dirty.contains(id) || rebodied.contains(id),
            _ => false,
        };
        let (now, later): (Vec<PageKind>, Vec<PageKind>) =
            planned.into_iter().partition(|page| own(page) || viewed.contains(&page.url()));
        for page in &now {
            self.deferred.remove(page);
        }
        self.deferred.extend(later);
        now
    }

    fn publish_rendered(
        &mut self,
        rendered: anyhow::Result<Rendered>,
        removed: Vec<String>,
        full: bool,
        clock: Clock,
        warnings: Vec<String>,
    ) -> Outcome {
        match self.finish_render(rendered, removed, full, clock) {
            Outcome::Published(mut update) => {
                update.warnings = warnings;
                self.files.pending.clear();
                self.assets_pending = false;
                self.static_changed.clear();
                Outcome::Published(update)
            }
            other => other,
        }
    }

    /// Diffs rendered files against what is served; a template failure drops the good state,
    /// so the next change rebuilds everything.
    fn finish_render(
        &mut self,
        rendered: anyhow::Result<Rendered>,
        removed: Vec<String>,
        full: bool,
        clock: Clock,
    ) -> Outcome {
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(error) => {
                self.good = None;
                return failure_from(&error);
            }
        };
        let took = rendered.took;
        let mut update = self.served.diff(rendered, removed, full);
        update.complete = self.deferred.is_empty();
        update.stages = format!(
            "link {} ms, markdown {} ms, check {} ms{}, pages {} ms",
            clock.link.as_millis(),
            clock.markdown.as_millis(),
            clock.check.as_millis(),
            if clock.checked > 0 { format!(" ({} subjects)", clock.checked) } else { String::new() },
            took.as_millis()
        );
        Outcome::Published(update)
    }

    /// Adds every stored problem (settings, people, each file) to this rebuild's list.
    fn gather_diagnostics(&self, diagnostics: &mut Diagnostics) {
        self.settings.diagnostics.iter().chain(self.files.diagnostics()).cloned().for_each(|d| diagnostics.push(d));
    }

    /// How long lists and the graph are cut into pages (`page_size`, `graph_page_size`).
    fn paging(&self) -> catalog::Paging {
        catalog::Paging::of(&self.settings.config)
    }

    fn markdown(&self) -> MarkdownOptions {
        MarkdownOptions { allow_html: self.settings.config.allow_html }
    }

    /// The warnings, rendered for the terminal only when `show` (a full build prints them all;
    /// rendering thousands of them on every save would cost more than the rebuild).
    fn warnings(&self, diagnostics: Diagnostics, show: bool) -> Vec<String> {
        if !show {
            return Vec::new();
        }
        self.rendered(diagnostics.sorted().iter().filter(|d| d.severity == Severity::Warning))
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
        let content = self.files.source(file);
        let source = [self.settings.config_source.as_ref(), self.settings.people_source.as_ref(), content]
            .into_iter()
            .flatten()
            .find(|s| s.path == file)?;
        source.line(line)
    }
}

fn failure_from(error: &anyhow::Error) -> Outcome {
    Outcome::Failed(Failure { report: format!("error: {error:#}"), errors: 1 })
}

/// The handoffs, decisions (inline ones included) and wraps written in `files`.
fn ids_of_files(base: &Base, files: &BTreeSet<PathBuf>) -> BTreeSet<Id> {
    relink::ids_of_files(base, files)
}

#[cfg(test)]
#[path = "site_tests.rs"]
mod tests;
