//! One build: load → link → render → write, stopping before write when anything is wrong.
//!
//! This is the pipeline as a function of a site folder; the CLI prints what it returns. A build
//! with errors writes nothing: the staged output is dropped and the previous site stays as it was.

use crate::config::{SiteConfig, parse_config};
use crate::diagnostic::Diagnostics;
use crate::load::{self, Sources};
use crate::model::Base;
use crate::render::{self, markdown::MarkdownOptions, theme::Theme};
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
    let sources = load::read_site(site, diagnostics)?;
    let config = sources.config.as_ref().map(|c| parse_config(&c.text, diagnostics)).unwrap_or_default();
    let files = load::parse_content(&sources, diagnostics);
    let base = crate::link::link(&files, sources.people.as_ref(), diagnostics);
    Ok(LoadedSite { sources, config, base })
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub site: PathBuf,
    /// The output folder (default `site/public`).
    pub out: PathBuf,
    /// Overrides `base_url` from baton.yaml.
    pub base_url: Option<String>,
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
}

/// Builds the site; returns the loaded site too so the caller can show diagnostics with source.
pub fn build(options: &BuildOptions, diagnostics: &mut Diagnostics) -> anyhow::Result<(LoadedSite, BuildSummary)> {
    let mut site = load_site(&options.site, diagnostics)?;
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
        return Ok((site, summary));
    }
    let markdown = MarkdownOptions { allow_html: site.config.allow_html };
    let bodies = render::bodies::render_bodies(&site.base, &markdown, diagnostics);
    if diagnostics.has_errors() {
        return Ok((site, summary));
    }
    let theme = Theme::load(&options.site, &site.config.theme)?;
    let mut output = Output::disk(&options.out)?;
    let static_dir = options.site.join("static");
    let input = render::SiteInput {
        base: &site.base,
        config: &site.config,
        bodies: &bodies,
        theme: &theme,
        static_dir: &static_dir,
    };
    summary.pages = render::render_site(&input, &mut output)?.pages;
    output.finish()?;
    summary.written = true;
    Ok((site, summary))
}
