//! One build: load → link → render → write, stopping before write when anything is wrong.
//!
//! This is the pipeline as a function of a site folder; the CLI prints what it returns. A build
//! with errors writes nothing: the staged output is dropped and the previous site stays as it was.

use crate::check::CheckInput;
use crate::config::{SiteConfig, parse_config};
use crate::diagnostic::Diagnostics;
use crate::load::{self, Sources};
use crate::markdown::bodies::{self, Bodies};
use crate::markdown::{MarkdownOptions, Output as Markdown};
use crate::model::Base;
use crate::render::{self, theme::Theme};
use crate::sitemap::resolve::SiteLinks;
use crate::timings::Timings;
use crate::write::Output;
use std::path::{Path, PathBuf};

/// A site read and linked: what check, build and serve all start from.
pub struct LoadedSite {
    /// The files as read, for showing source lines in diagnostics.
    pub sources: Sources,
    /// `baton.yaml`.
    pub config: SiteConfig,
    /// The linked base.
    pub base: Base,
}

/// Reads and links the site at `site`; content problems go to `diagnostics`, I/O trouble is an `Err`.
pub fn load_site(site: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<LoadedSite> {
    load_site_timed(site, diagnostics, &mut Timings::default())
}

/// [`load_site`], recording the read, parse and link phases.
pub fn load_site_timed(
    site: &Path,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> anyhow::Result<LoadedSite> {
    let mut sources = load::read_settings(site, diagnostics)?;
    let config = sources.config.as_ref().map(|c| parse_config(&c.text, diagnostics)).unwrap_or_default();
    sources.content = timings.phase("read", || load::read_content(site, config.max_file_size, diagnostics))?;
    sources.records = timings.phase("records", || read_records(site, &config, &mut sources.content, diagnostics));
    // Each file is typed as soon as it is parsed, so its raw frontmatter (Spanned strings, several
    // times the YAML's size) is dropped at once instead of all of it waiting for the link.
    let files = timings.phase("parse", || {
        load::parse_and_release(&mut sources, site, diagnostics, |file, found| crate::link::type_file(&file, found))
    });
    let mut base = timings.phase("link", || {
        let (records, words) = (&sources.records.records, &config.decision_statuses);
        let mut base = crate::link::link_typed(files, records, words, sources.people.as_ref(), diagnostics);
        base.record_folders = crate::records::folders::record_folders(&sources.records, config.repo_url.as_deref());
        base
    });
    base.trackers = crate::trackers::cache::read_for_site(site, &config.trackers, diagnostics);
    Ok(LoadedSite { sources, config, base })
}

/// The records of `decision_dirs`, and those found under `content/` (taken out of `content`).
fn read_records(
    site: &Path,
    config: &SiteConfig,
    content: &mut Vec<load::SourceFile>,
    diagnostics: &mut Diagnostics,
) -> crate::records::read::RecordFiles {
    let mut records =
        crate::records::read::read_folders(site, &config.decision_dirs, config.max_file_size, diagnostics);
    crate::records::read::take_content_records(site, content, &mut records);
    records
}

/// Reads the base's Markdown for its links and headings and runs every rule on it; the open
/// problems found are stored in the base for the pages to show. Returns the Markdown's outlines
/// (no HTML: see [`check_site_timed`] for a build's).
pub fn check_site(site: &mut LoadedSite, today: jiff::Timestamp, diagnostics: &mut Diagnostics) -> Bodies {
    let links = SiteLinks::new(&site.base);
    check_site_timed(site, &links, today, Markdown::Outline, diagnostics, &mut Timings::default())
}

/// [`check_site`], recording the Markdown and check phases, with the link tables of `site`'s
/// base. With [`Markdown::Html`] the Markdown is rendered for the pages too, and the check reads
/// that same result.
pub fn check_site_timed(
    site: &mut LoadedSite,
    links: &SiteLinks,
    today: jiff::Timestamp,
    output: Markdown,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Bodies {
    let markdown = MarkdownOptions { allow_html: site.config.allow_html };
    let bodies = timings.phase("markdown", || bodies::all_bodies(&site.base, links, &markdown, output, diagnostics));
    let attention = timings.phase("check", || {
        let input = CheckInput {
            base: &site.base,
            config: &site.config,
            bodies: &bodies,
            static_files: &site.sources.static_files,
            today,
        };
        let mut attention = crate::check::check(&input, diagnostics);
        crate::check::apply_levels(&site.config, diagnostics, &mut attention);
        let records = site.base.decisions.values().filter(|d| d.record.is_some()).map(|d| d.file.as_path());
        let introductions =
            site.base.record_folders.iter().filter_map(|f| f.introduction.as_ref()).map(|i| i.file.as_path());
        diagnostics.soften_in(&records.chain(introductions).collect());
        attention
    });
    site.base.attention = attention;
    bodies
}

/// What `build` needs beyond the rules: the theme loads, and every file the build would write
/// can be written where it goes. Returns the theme when it loads. The findings are the ones that
/// would otherwise stop a build after `check` passed.
pub fn check_output(site_dir: &Path, site: &LoadedSite, diagnostics: &mut Diagnostics) -> Option<Theme> {
    let mut found = Diagnostics::default();
    let theme = crate::render::theme_check::load(site_dir, &site.config, &site.sources, &mut found);
    let plan = crate::check::output::PlannedSite {
        base: &site.base,
        page_size: site.config.page_size,
        theme: &site.config.theme,
        theme_assets: theme.as_ref().map(|t| t.assets.iter().map(|(path, _)| path.clone()).collect()),
        static_files: &site.sources.static_files,
    };
    crate::check::output::check(&plan, &mut found);
    found.apply_levels(|rule| site.config.rules.get(rule).copied());
    diagnostics.extend(found);
    theme
}

/// [`check_output`], and when nothing else is wrong, a rehearsal of the build where only one
/// can tell: what `baton check` runs so that a green check means a build that succeeds.
///
/// - With `host:` set, the whole site (pages, search index, export) is made and weighed,
///   keeping no bytes ([`Output::measure`]), and measured against the host's caps as a build
///   measures it: `over-host-limit` made an error stops `check` exactly where it stops `build`.
/// - Otherwise, with a theme that replaces templates, the pages are rendered to find a
///   template that fails on this site's data (see [`crate::render::theme_check`]).
///
/// The built-in templates with no `host:` need no rehearsal: the test suite keeps them working.
pub fn check_buildable(
    site_dir: &Path,
    site: &LoadedSite,
    today: jiff::Timestamp,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<()> {
    let theme = check_output(site_dir, site, diagnostics);
    let Some(theme) = theme.filter(|_| !diagnostics.has_errors()) else { return Ok(()) };
    let host = weighed_host(&site.config);
    if host.is_none() && theme.overridden.is_empty() {
        return Ok(());
    }
    // The build's own render: each chunk's Markdown made as it renders. Link problems were
    // reported by the check already.
    let markdown = MarkdownOptions { allow_html: site.config.allow_html };
    let lazy = render::LazyMarkdown { links: SiteLinks::new(&site.base), options: markdown };
    let unreported = &mut Diagnostics::default();
    let introductions = bodies::introductions(&site.base, &lazy.links, &lazy.options, Markdown::Html, unreported);
    let bodies = Bodies { pages: Default::default(), introductions };
    let static_dir = site_dir.join("static");
    // The history adds to the digest and the feeds, so a site is weighed with it, as built.
    let timeline = match host {
        Some(_) => crate::digest::Timeline::read(site_dir, today)?,
        None => crate::digest::Timeline::without_git(today),
    };
    let input = render::SiteInput {
        base: &site.base,
        config: &site.config,
        bodies: &bodies,
        lazy: Some(&lazy),
        theme: &theme,
        static_dir: &static_dir,
        timeline: &timeline,
    };
    let mut output = Output::measure();
    let Some(rendered) = crate::render::theme_check::render_checked(&input, &mut output, diagnostics)? else {
        return Ok(());
    };
    if let Some(host) = host {
        let index = crate::search::static_index::build_packed(rendered.documents)?;
        output.put_all(index)?;
        diagnostics.extend(host_findings(host, &site.config, &output));
    }
    Ok(())
}

/// The host `check` weighs the site against: `host:`, unless `over-host-limit` is off (the
/// weighing costs a build's time).
pub fn weighed_host(config: &SiteConfig) -> Option<&crate::host::HostLimits> {
    config.host.as_ref().filter(|_| config.level("over-host-limit") != Some(crate::check::rules::Level::Off))
}

/// `over-host-limit` for the files `output` holds (and the mark a finished site adds), at the
/// levels baton.yaml sets: the one measure `build` and `check` share.
fn host_findings(host: &crate::host::HostLimits, config: &SiteConfig, output: &Output) -> Diagnostics {
    let mut found = Diagnostics::default();
    host.check(&output.site_files(), &mut found);
    found.apply_levels(|rule| config.rules.get(rule).copied());
    found
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub site: PathBuf,
    /// The output folder (default `site/public`); a build refuses one it may not replace (see
    /// [`crate::output_folder`]).
    pub out: PathBuf,
    /// Overrides `base_url` from baton.yaml.
    pub base_url: Option<String>,
    /// "Now" for the time rules and badges.
    pub today: jiff::Timestamp,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// Handoffs in the base.
    pub handoffs: usize,
    /// Decisions in the base.
    pub decisions: usize,
    /// People who own at least one handoff.
    pub owners: usize,
    /// Whether the output was written (false when errors stopped the build).
    pub written: bool,
    /// The files written, for the build record.
    pub files: Vec<crate::write::WrittenFile>,
    /// How long each phase took.
    pub timings: Timings,
}

/// Builds the site; returns the loaded site too so the caller can show diagnostics with source.
pub fn build(options: &BuildOptions, diagnostics: &mut Diagnostics) -> anyhow::Result<(LoadedSite, BuildSummary)> {
    // Before anything is read: a build replaces its output whole (see `output_folder`).
    let out = crate::output_folder::vet(&options.site, &options.out)?;
    let mut timings = Timings::default();
    let mut site = load_site_timed(&options.site, diagnostics, &mut timings)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }
    let mut summary = BuildSummary {
        handoffs: site.base.handoffs.len(),
        decisions: site.base.decisions.len(),
        owners: site.base.indexes.people.values().filter(|p| !p.owns.is_empty()).count(),
        ..BuildSummary::default()
    };
    if diagnostics.has_errors() {
        summary.timings = timings;
        return Ok((site, summary));
    }
    crate::memory::release_freed();
    // Check reads the Markdown's outline; the render makes its HTML a chunk of pages at a time
    // (see `render::LazyMarkdown`), so the whole base's HTML is never held at once. Both resolve
    // links with the same tables.
    let markdown = MarkdownOptions { allow_html: site.config.allow_html };
    let lazy = render::LazyMarkdown { links: SiteLinks::new(&site.base), options: markdown };
    let mut bodies =
        check_site_timed(&mut site, &lazy.links, options.today, Markdown::Outline, diagnostics, &mut timings);
    if diagnostics.has_errors() {
        summary.timings = timings;
        return Ok((site, summary));
    }
    let theme = check_output(&options.site, &site, diagnostics);
    let Some(theme) = theme.filter(|_| !diagnostics.has_errors()) else {
        summary.timings = timings;
        return Ok((site, summary));
    };
    let mut output = Output::disk(&out)?;
    let static_dir = options.site.join("static");
    let timeline = timings.phase("history", || crate::digest::Timeline::read(&options.site, options.today))?;
    // The outlines were check's: the render reads its own chunks' Markdown, so they go now.
    bodies.pages = Default::default();
    // The outline reported the introductions' findings already.
    let unreported = &mut Diagnostics::default();
    bodies.introductions = bodies::introductions(&site.base, &lazy.links, &lazy.options, Markdown::Html, unreported);
    let input = render::SiteInput {
        base: &site.base,
        config: &site.config,
        bodies: &bodies,
        lazy: Some(&lazy),
        theme: &theme,
        static_dir: &static_dir,
        timeline: &timeline,
    };
    let rendered = timings.phase("render", || render::render_site(&input, &mut output))?;
    summary.pages = rendered.pages;
    // What is left reads only the search documents: the base and the Markdown's outlines (about
    // 200 MB at 10,000 handoffs) are let go before the search inversion, the build's peak.
    // The caller keeps `sources`, for the report's source lines.
    let base = std::mem::take(&mut site.base);
    let index = timings.phase("search index", || {
        drop((base, bodies));
        crate::memory::release_freed();
        crate::search::static_index::build_packed(rendered.documents)
    })?;
    timings.phase("search write", || output.put_all(index))?;
    if let Some(host) = &site.config.host {
        // Measured before the swap: a cap made an error leaves the last site in place.
        let found = host_findings(host, &site.config, &output);
        let stop = found.has_errors();
        diagnostics.extend(found);
        if stop {
            summary.timings = timings;
            return Ok((site, summary));
        }
    }
    summary.files = timings.phase("write", || output.finish_in_background())?;
    summary.written = true;
    summary.timings = timings;
    Ok((site, summary))
}
