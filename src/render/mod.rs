//! Render: the linked base → HTML pages, assets and static files, pushed into the output.
//!
//! Markdown is turned into HTML here (bodies, intents, decision texts); a link it cannot resolve
//! becomes a diagnostic at its file and line. Pages are assembled as views ([`pages`]) and
//! rendered through the theme's templates. Every page is written with relative links, so the
//! site works under any base path. This module does not decide where bytes go ([`crate::write`]).

pub mod bodies;
pub mod digest;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod resolve;
pub mod theme;
pub mod views;
pub mod wraps;

use crate::config::SiteConfig;

use crate::model::{Base, Status};
use crate::write::Output;
use anyhow::Context as _;
use bodies::Bodies;
use serde::Serialize;
use std::path::Path;
use theme::Theme;

/// What a render produced, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderCounts {
    /// HTML pages written.
    pub pages: usize,
}

/// What every template gets besides its page.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    site: &'a SiteConfig,
    /// The way back to the site root from this page: `""`, `"../"`, `"../../"`.
    root: &'a str,
    /// The navigation section this page belongs to, for highlighting.
    section: &'a str,
    /// The page title (before the site title).
    title: &'a str,
    /// The page's path from the site root, for canonical links.
    path: &'a str,
    page: T,
}

/// Renders pages of one base with one theme.
struct Renderer<'a> {
    base: &'a Base,
    config: &'a SiteConfig,
    theme: &'a Theme,
    bodies: &'a Bodies,
    pages: usize,
}

/// What a render needs: the base, its settings, its pre-rendered Markdown and the theme.
pub struct SiteInput<'a> {
    /// The linked base.
    pub base: &'a Base,
    /// baton.yaml.
    pub config: &'a SiteConfig,
    /// Markdown rendered by [`bodies::render_bodies`].
    pub bodies: &'a Bodies,
    /// Templates and assets.
    pub theme: &'a Theme,
    /// The site's `static/` folder.
    pub static_dir: &'a Path,
    /// "Today" and the git history, for the digest page and the feeds.
    pub timeline: &'a crate::digest::Timeline,
}

/// Renders the whole site into `output`. Template failures are errors of the theme (exit 2),
/// not of the content.
pub fn render_site(input: &SiteInput<'_>, output: &mut Output) -> anyhow::Result<RenderCounts> {
    let SiteInput { base, config, bodies, theme, static_dir, timeline } = *input;
    let mut renderer = Renderer { base, config, theme, bodies, pages: 0 };
    renderer.render_all(output)?;
    renderer.render_timeline(output, timeline)?;
    for (file, json) in crate::export::site_files(base, config, timeline.today)? {
        output.put(file, json.as_bytes())?;
    }
    for (path, bytes) in &theme.assets {
        output.put(path, bytes)?;
    }
    copy_static(static_dir, output)?;
    Ok(RenderCounts { pages: renderer.pages })
}

impl Renderer<'_> {
    fn render_all(&mut self, out: &mut Output) -> anyhow::Result<()> {
        let base = self.base;
        self.page(out, "", "dashboard.html", "home", "Dashboard", pages::dashboard(base))?;
        self.page(
            out,
            "handoffs/",
            "handoffs.html",
            "handoffs",
            "All handoffs",
            pages::handoff_rows(base, base.handoffs.keys()),
        )?;
        for h in base.handoffs.values() {
            let empty = bodies::PageBodies::default();
            let texts = self.bodies.pages.get(&h.id).unwrap_or(&empty);
            self.page(
                out,
                &views::handoff_url(&h.id),
                "handoff.html",
                "handoffs",
                &h.title,
                pages::handoff_page(base, h, texts),
            )?;
        }
        self.page(out, "decisions/", "decisions.html", "decisions", "Decision history", pages::decision_history(base))?;
        for d in base.decisions.values() {
            let html = self.decision_html(d);
            self.page(
                out,
                &views::decision_url(&d.id),
                "decision.html",
                "decisions",
                &d.title,
                pages::decision_page(base, d, html),
            )?;
        }
        self.page(out, "attention/", "attention.html", "attention", "Needs attention", pages::attention(base))?;
        self.render_wraps(out)?;
        self.render_people(out)?;
        self.render_groups(out)?;
        for status in Status::ALL {
            let rows = pages::handoff_rows(base, base.indexes.by_status.get(&status).into_iter().flatten());
            let page = serde_json::json!({ "status": status.as_str(), "handoffs": rows });
            self.page(out, &format!("status/{}/", status.as_str()), "status.html", "handoffs", status.as_str(), page)?;
        }
        self.page_at(out, "404.html", "", "404.html", "", "Not found", ())
    }

    fn render_people(&mut self, out: &mut Output) -> anyhow::Result<()> {
        let base = self.base;
        let everyone = pages::everyone(base);
        let owners: Vec<_> = everyone.iter().map(|h| pages::owner_page(base, h)).collect();
        self.page(out, "owners/", "owners.html", "owners", "People", owners)?;
        for handle in everyone {
            let title = base.people.get(handle).and_then(|p| p.name.clone()).unwrap_or_else(|| handle.to_string());
            self.page(
                out,
                &format!("owners/{handle}/"),
                "owner.html",
                "owners",
                &title,
                pages::owner_page(base, handle),
            )?;
        }
        Ok(())
    }

    fn render_groups(&mut self, out: &mut Output) -> anyhow::Result<()> {
        let base = self.base;
        for (section, groups, label) in [("teams", &base.indexes.teams, "Teams"), ("tags", &base.indexes.tags, "Tags")]
        {
            let index = serde_json::json!({ "kind": section, "groups": pages::group_index(groups, section) });
            self.page(out, &format!("{section}/"), "groups.html", section, label, index)?;
            for (slug, group) in groups {
                let page = serde_json::json!({ "kind": section, "group": pages::group_page(base, group) });
                self.page(out, &format!("{section}/{slug}/"), "group.html", section, &group.name, page)?;
            }
        }
        Ok(())
    }

    fn render_wraps(&mut self, out: &mut Output) -> anyhow::Result<()> {
        let base = self.base;
        self.page(out, "wraps/", "wraps.html", "wraps", "Shift wraps", wraps::all_wraps(base))?;
        for w in base.wraps.values() {
            let body = self.bodies.pages.get(&w.id).and_then(|t| t.body.clone());
            let title = format!("Wrap: {}", w.summary.as_ref().map_or(w.id.as_str(), |s| s.value.as_str()));
            self.page(out, &wraps::wrap_url(&w.id), "wrap.html", "wraps", &title, wraps::wrap_page(base, w, body))?;
        }
        Ok(())
    }

    fn decision_html(&self, d: &crate::model::Decision) -> pages::DecisionHtml {
        let Some(texts) = self.bodies.pages.get(&d.id) else { return pages::DecisionHtml::default() };
        pages::DecisionHtml {
            context: texts.context.clone(),
            decision: texts.decision.clone(),
            rationale: texts.rationale.clone(),
            body: texts.body.clone(),
        }
    }

    /// Renders a page at `url` (a folder, `""` for the root) as `url/index.html`.
    fn page<T: Serialize>(
        &mut self,
        out: &mut Output,
        url: &str,
        template: &str,
        section: &str,
        title: &str,
        page: T,
    ) -> anyhow::Result<()> {
        let file = format!("{url}index.html");
        self.page_at(out, &file, url, template, section, title, page)
    }

    #[allow(clippy::too_many_arguments, reason = "a private helper; the public entry is `page`")]
    fn page_at<T: Serialize>(
        &mut self,
        out: &mut Output,
        file: &str,
        url: &str,
        template: &str,
        section: &str,
        title: &str,
        page: T,
    ) -> anyhow::Result<()> {
        let depth = url.matches('/').count();
        let root = "../".repeat(depth);
        let context = PageContext { site: self.config, root: &root, section, title, path: url, page };
        let context = tera::Context::from_serialize(&context).with_context(|| format!("preparing {file}"))?;
        let html = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|e| anyhow::anyhow!(theme::error_chain(&e)))
            .with_context(|| format!("rendering {file} with template {template}"))?;
        self.pages += 1;
        out.put(file, html.as_bytes())
    }
}

/// Escapes text for HTML content and quoted attributes: `& < > " '`. Used by the templates
/// (instead of tera's default) and by the Markdown renderer, so both escape alike.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Copies `static/` as it is to the site root.
fn copy_static(dir: &Path, output: &mut Output) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            let bytes = std::fs::read(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
            output.put(&rel.join("/"), &bytes)?;
        }
    }
    Ok(())
}
