//! Render: the linked base → HTML pages, assets and static files, pushed into the output.
//!
//! Markdown is turned into HTML here (bodies, intents, decision texts); a link it cannot resolve
//! becomes a diagnostic at its file and line. Pages are assembled as views ([`pages`]) and
//! rendered through the theme's templates. Every page is written with relative links, so the
//! site works under any base path; only the 404 page, served at any missing address, links
//! from the path `base_url` names. This module does not decide where bytes go ([`crate::write`]).

pub mod digest;
pub mod feeds;
pub mod graph_page;
pub mod metrics_page;
pub mod pages;
pub mod person_page;
pub mod svg;
pub mod theme;
pub mod theme_check;
pub mod trackers;
pub mod views;
pub mod wraps;

pub use crate::html::escape_html;

use crate::config::SiteConfig;

use crate::markdown::bodies::{Bodies, PageBodies};
use crate::markdown::highlight;
use crate::model::{Base, Handle, Id};
use crate::sitemap::catalog::{self, GroupKind, HandoffList, PageKind};
use crate::write::Output;
use anyhow::Context as _;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use theme::Theme;

/// What a render produced, for the summary line.
#[derive(Debug, Default)]
pub struct RenderCounts {
    /// HTML pages written.
    pub pages: usize,
    /// The search documents of the pages, when their Markdown was rendered during the render
    /// ([`SiteInput::lazy`]): in no particular order, their bodies compressed.
    pub documents: Vec<crate::search::document::PackedDoc>,
}

/// What every template gets besides its page.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    site: &'a SiteConfig,
    /// The way back to the site root from this page: `""`, `"../"`, `"../../"`; on the 404
    /// page, which is served at any address, the published path (`/`, `/repo/`).
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
    /// The rendered Markdown of the pages being rendered (all of them, or a chunk's).
    texts: &'a BTreeMap<Id, PageBodies>,
    /// The decision folders' introductions, for `/decisions/`.
    introductions: &'a BTreeMap<String, String>,
    timeline: &'a crate::digest::Timeline,
    pages: usize,
    /// The decision history's order, made by the first history page this renderer renders.
    history: std::sync::OnceLock<pages::HistoryOrder<'a>>,
    /// What every page of a render shares, made once by the first page that needs it.
    shared: &'a Shared,
}

/// What the pages of one render share, each made by the first page that needs it.
#[derive(Default)]
struct Shared {
    /// The parts `/graph/` is drawn in: each handoff page links to the part that draws it.
    graph_parts: std::sync::OnceLock<crate::graph::parts::Parts>,
    /// Each team's and tag's rows in page order. A tag of 40,000 rows at 100,000 handoffs has
    /// 200 pages, and sorting its rows for each of them would cost more than rendering them.
    group_rows: std::sync::Mutex<HashMap<(GroupKind, String), Arc<pages::GroupOrder>>>,
    /// Each person's rows in page order, for the same reason: at 100,000 handoffs among 40
    /// people each has 2,500 rows over a dozen pages or more.
    person_rows: std::sync::Mutex<HashMap<crate::model::Handle, Arc<person_page::PersonOrder>>>,
}

/// How a full build renders the pages' Markdown: a chunk of pages at a time, in the render, so
/// that the HTML of the whole base is never held at once (at 10,000 handoffs it was about 200 MB,
/// most of a build's peak). What check needed of the Markdown came from its outline.
pub struct LazyMarkdown {
    /// The link tables.
    pub links: crate::sitemap::resolve::SiteLinks,
    /// The site's Markdown options.
    pub options: crate::markdown::MarkdownOptions,
}

/// What a render needs: the base, its settings, its pre-rendered Markdown and the theme.
pub struct SiteInput<'a> {
    /// The linked base.
    pub base: &'a Base,
    /// baton.yaml.
    pub config: &'a SiteConfig,
    /// Markdown rendered by [`crate::markdown::bodies::render_bodies`]; with [`Self::lazy`], only
    /// its introductions are read.
    pub bodies: &'a Bodies,
    /// Render each chunk's Markdown as the chunk is rendered, and make its search documents.
    pub lazy: Option<&'a LazyMarkdown>,
    /// Templates and assets.
    pub theme: &'a Theme,
    /// The site's `static/` folder.
    pub static_dir: &'a Path,
    /// "Today" and the git history, for the digest page and the feeds.
    pub timeline: &'a crate::digest::Timeline,
}

/// Files of a chunk of pages rendered in memory, and what was rendered.
type RenderedChunk = (BTreeMap<String, Vec<u8>>, RenderCounts);

/// Renders the whole site into `output`. Template failures are errors of the theme (exit 2),
/// not of the content.
///
/// Pages render on every core, a chunk at a time. On disk (or weighed, [`Output::measure`])
/// each thread writes the chunk it rendered; in memory a batch of chunks is rendered and then
/// stored in catalog order, so memory holds one batch of pages beyond what is kept and the
/// order does not depend on thread timing.
pub fn render_site(input: &SiteInput<'_>, output: &mut Output) -> anyhow::Result<RenderCounts> {
    use rayon::prelude::*;
    const CHUNK: usize = 32;
    let mut all = catalog::all_pages(input.base, catalog::Paging::new(input.config.page_size));
    // The pages that read the whole base (the graph, the decision history, the digest…) take
    // hundreds of times longer than one handoff's page; starting them first keeps both cores
    // busy to the end instead of leaving one of them alone on the graph.
    all.sort_by_key(|page| !reads_whole_base(page));
    let writer = output.shared_writer();
    let shared = Shared::default();
    let rendered: Vec<anyhow::Result<RenderedChunk>> = all
        .par_chunks(CHUNK)
        // Each chunk a task of its own. Left to itself rayon hands each core a run of chunks
        // that it renders in turn, and the core that finished first sat idle while the other
        // rendered the rest of its run: a quarter of a second at 10,000 handoffs.
        .with_max_len(1)
        .map(|chunk| {
            let mut memory = Output::memory();
            let count = render_pages_with(input, chunk, &mut memory, &shared)?;
            let mut files = memory.finish()?;
            // On disk the thread that rendered a chunk writes it (or weighs it), so no chunk
            // waits on one writer; what is left to store below is only the in-memory output's.
            if let Some(writer) = &writer {
                for (path, bytes) in std::mem::take(&mut files) {
                    writer.put(&path, &bytes)?;
                }
            }
            Ok((files, count))
        })
        .collect();
    let mut counts = RenderCounts::default();
    for chunk in rendered {
        let (files, count) = chunk?;
        for (path, bytes) in &files {
            output.put(path, bytes)?;
        }
        counts.pages += count.pages;
        counts.documents.extend(count.documents);
    }
    render_site_files(input, output)?;
    render_assets(input, output)?;
    Ok(counts)
}

/// Whether a page is one of the site-wide ones, whose cost grows with the base.
fn reads_whole_base(page: &PageKind) -> bool {
    !matches!(
        page,
        PageKind::Handoff(_)
            | PageKind::Decision(_)
            | PageKind::Wrap(_)
            | PageKind::Owner(..)
            | PageKind::Group(..)
            | PageKind::Handoffs(_)
            | PageKind::Status(..)
    )
}

/// Renders only `pages` into `output`: what `serve` calls after a change, with the pages that
/// change affects. Every page named must exist in the base.
pub fn render_pages(input: &SiteInput<'_>, pages: &[PageKind], output: &mut Output) -> anyhow::Result<RenderCounts> {
    render_pages_with(input, pages, output, &Shared::default())
}

/// [`render_pages`], with what the pages share shared with the other chunks of a render.
fn render_pages_with<'a>(
    input: &SiteInput<'a>,
    pages: &[PageKind],
    output: &mut Output,
    shared: &'a Shared,
) -> anyhow::Result<RenderCounts> {
    let SiteInput { base, config, bodies, theme, timeline, lazy, .. } = *input;
    let Some(lazy) = lazy else {
        let (texts, introductions) = (&bodies.pages, &bodies.introductions);
        let history = Default::default();
        let mut renderer = Renderer { base, config, theme, texts, introductions, timeline, pages: 0, history, shared };
        for page in pages {
            renderer.render(output, page)?;
        }
        return Ok(RenderCounts { pages: renderer.pages, documents: Vec::new() });
    };
    // The Markdown of these pages only; its findings are check's, which read the same texts.
    let ids: Vec<&Id> = pages.iter().flat_map(|page| markdown_of(base, page)).collect();
    let mut unreported = crate::diagnostic::Diagnostics::default();
    let chunk = crate::markdown::bodies::render_bodies_with(base, &lazy.links, ids, &lazy.options, &mut unreported);
    let texts = &chunk.pages;
    let mut renderer = Renderer {
        base,
        config,
        theme,
        texts,
        introductions: &bodies.introductions,
        timeline,
        pages: 0,
        history: Default::default(),
        shared,
    };
    for page in pages {
        renderer.render(output, page)?;
    }
    let documents = pages
        .iter()
        .flat_map(|page| documents_of(base, &chunk, page))
        .map(crate::search::document::PackedDoc::pack)
        .collect();
    Ok(RenderCounts { pages: renderer.pages, documents })
}

/// The ids whose Markdown `page` shows: a handoff's with its inline decisions', a decision
/// file's, a wrap's.
fn markdown_of<'a>(base: &'a Base, page: &'a PageKind) -> Vec<&'a Id> {
    match page {
        PageKind::Handoff(id) => std::iter::once(id).chain(base.decisions_written_in(id).map(|d| &d.id)).collect(),
        PageKind::Decision(id) | PageKind::Wrap(id) => vec![id],
        _ => Vec::new(),
    }
}

/// The search documents whose text `page` shows: a handoff and its inline decisions, or a
/// decision file. Every document is on exactly one page.
fn documents_of(base: &Base, chunk: &Bodies, page: &PageKind) -> Vec<crate::search::document::SearchDoc> {
    use crate::search::document::{decision_doc, handoff_doc};
    match page {
        PageKind::Handoff(id) => base.handoffs.get(id).map_or_else(Vec::new, |h| {
            let inline = base.decisions_written_in(id).map(|d| decision_doc(base, chunk, d));
            std::iter::once(handoff_doc(base, chunk, h)).chain(inline).collect()
        }),
        PageKind::Decision(id) => base.decisions.get(id).map(|d| decision_doc(base, chunk, d)).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Writes the files a full build adds besides pages: the Atom feeds and the JSON export. They
/// are written once, after every page batch, because each reads the whole base.
fn render_site_files(input: &SiteInput<'_>, output: &mut Output) -> anyhow::Result<()> {
    let SiteInput { base, config, bodies, theme, timeline, .. } = *input;
    let (texts, introductions) = (&bodies.pages, &bodies.introductions);
    let shared = Shared::default();
    let history = Default::default();
    let renderer = Renderer { base, config, theme, texts, introductions, timeline, pages: 0, history, shared: &shared };
    // The feeds (one digest per person and team) and the JSON export each read the whole base;
    // made side by side they take half the time. On disk the export streams into its files.
    let writer = output.shared_writer();
    let in_memory = std::sync::Mutex::new(Vec::new());
    let (feeds, export) = rayon::join(
        || renderer.render_feeds(timeline),
        || {
            crate::export::write_site_files(base, config, timeline.today, |file, json| match &writer {
                Some(writer) => writer.put_with(file, json),
                None => {
                    let mut bytes = Vec::new();
                    json(&mut bytes)?;
                    in_memory
                        .lock()
                        .map_err(|_| anyhow::anyhow!("an export thread panicked"))?
                        .push((file.to_string(), bytes));
                    Ok(())
                }
            })
        },
    );
    for (path, xml) in feeds? {
        output.put(&path, xml.as_bytes())?;
    }
    export?;
    for (file, json) in in_memory.into_inner().map_err(|_| anyhow::anyhow!("an export thread panicked"))? {
        output.put(&file, &json)?;
    }
    Ok(())
}

/// Writes the theme's assets, the site's `static/` folder and the files kept beside decision
/// records.
pub fn render_assets(input: &SiteInput<'_>, output: &mut Output) -> anyhow::Result<()> {
    for (path, bytes) in &input.theme.assets {
        output.put(path, bytes)?;
    }
    copy_static(input.static_dir, output)?;
    copy_record_files(input.base, output)
}

/// Copies every file of each decision folder that is neither a record nor its introduction
/// (images, diagrams) to `decisions/files/KEY/`, where records' links to them point.
fn copy_record_files(base: &Base, output: &mut Output) -> anyhow::Result<()> {
    for folder in &base.record_folders {
        for file in &folder.files {
            let path = folder.dir.join(file);
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            output.put(&folder.file_url(file), &bytes)?;
        }
    }
    Ok(())
}

impl<'a> Renderer<'a> {
    /// Renders one page.
    fn render(&mut self, out: &mut Output, kind: &PageKind) -> anyhow::Result<()> {
        let base = self.base;
        let url = kind.url();
        match kind {
            PageKind::Dashboard => self.page(out, &url, "dashboard.html", "home", "Dashboard", pages::dashboard(base)),
            PageKind::Handoffs(page) => {
                let list = self.list_page(HandoffList::All, *page);
                let title = numbered("All handoffs", &list.pager);
                self.page(out, &url, "handoffs.html", "handoffs", &title, list)
            }
            PageKind::Handoff(id) => self.render_handoff(out, &url, id),
            PageKind::Decisions(page) => {
                let (base, introductions) = (self.base, self.introductions);
                let order = self.history.get_or_init(|| pages::HistoryOrder::new(base, introductions));
                let paging = catalog::Paging::new(self.config.page_size);
                let index = pages::decision_history(base, order, paging, *page);
                let title = numbered("Decision history", &index.pager);
                self.page(out, &url, "decisions.html", "decisions", &title, index)
            }
            PageKind::Decision(id) => self.render_decision(out, &url, id),
            PageKind::Attention => {
                self.page(out, &url, "attention.html", "attention", "Needs attention", pages::attention(base))
            }
            PageKind::Owners => {
                let owners: Vec<_> = pages::everyone(base).into_iter().map(|h| pages::owner_summary(base, h)).collect();
                self.page(out, &url, "owners.html", "owners", "People", owners)
            }
            PageKind::Owner(handle, page) => self.render_person(out, &url, handle, *page),
            PageKind::Groups(kind) => {
                let section = kind.section();
                let index =
                    serde_json::json!({ "kind": section, "groups": pages::group_index(kind.of(base), section) });
                self.page(out, &url, "groups.html", section, kind.label(), index)
            }
            PageKind::Group(kind, slug, page) => self.render_group(out, &url, *kind, slug, *page),
            PageKind::Status(status, page) => {
                let list = self.list_page(HandoffList::Status(*status), *page);
                let title = numbered(status.as_str(), &list.pager);
                self.page(out, &url, "status.html", "handoffs", &title, list)
            }
            PageKind::Search => self.page(out, &url, "search.html", "search", "Search", ()),
            PageKind::Wraps => self.page(out, &url, "wraps.html", "wraps", "Shift wraps", wraps::all_wraps(base)),
            PageKind::Wrap(id) => self.render_wrap(out, &url, id),
            PageKind::Digest => self.render_digest(out, &url),
            PageKind::Graph => self.render_graph(out),
            PageKind::Metrics => {
                let observed = self.timeline.git.as_ref().map(|git| crate::metrics::observed::from_history(base, git));
                let metrics = metrics_page::metrics_page(base, self.config, &observed.unwrap_or_default());
                self.page(out, &url, "metrics.html", "metrics", "Metrics", metrics)
            }
            PageKind::NotFound => {
                // Served at whatever missing address was asked for (`/handoffs/x/y/`), so its
                // links cannot be relative: they start from where the site is published.
                let root = published_root(&self.config.base_url);
                self.page_at(out, &kind.file(), &root, "", "404.html", "", "Not found", ())
            }
        }
    }

    fn list_page(&self, list: HandoffList, page: usize) -> pages::HandoffListPage<'a> {
        pages::handoff_list_page(self.base, list, catalog::Paging::new(self.config.page_size), page)
    }

    fn render_handoff(&mut self, out: &mut Output, url: &str, id: &Id) -> anyhow::Result<()> {
        let h = self.base.handoffs.get(id).with_context(|| format!("no handoff `{id}` to render"))?;
        let mut page = pages::handoff_page(self.base, h, self.texts);
        let part = self.graph_parts().part_of(id);
        page.graph_url = graph_page::graph_page_url(part.map_or(1, |p| p + 1));
        self.page(out, url, "handoff.html", "handoffs", &h.title, page)
    }

    /// `/graph/`, one page per part of the graph (one page for most bases).
    fn render_graph(&mut self, out: &mut Output) -> anyhow::Result<()> {
        let graph = graph_page::GraphPages::new(self.base, self.graph_parts());
        for n in 1..=graph.pages() {
            let url = graph_page::graph_page_url(n);
            let root = "../".repeat(url.matches('/').count());
            let title = if n > 1 {
                format!("Dependency graph (part {n} of {})", graph.pages())
            } else {
                "Dependency graph".into()
            };
            self.page(out, &url, "graph.html", "graph", &title, graph.page(n, &root))?;
        }
        Ok(())
    }

    fn graph_parts(&self) -> &'a crate::graph::parts::Parts {
        let (base, limit) = (self.base, self.config.graph_page_size);
        self.shared.graph_parts.get_or_init(|| crate::graph::parts::Parts::of(base, limit))
    }

    fn render_decision(&mut self, out: &mut Output, url: &str, id: &Id) -> anyhow::Result<()> {
        let d = self.base.decisions.get(id).with_context(|| format!("no decision `{id}` to render"))?;
        let html = self.decision_html(d);
        self.page(out, url, "decision.html", "decisions", &d.title, pages::decision_page(self.base, d, html))
    }

    fn render_group(
        &mut self,
        out: &mut Output,
        url: &str,
        kind: GroupKind,
        slug: &str,
        page: usize,
    ) -> anyhow::Result<()> {
        let section = kind.section();
        let group = kind.of(self.base).get(slug).with_context(|| format!("no {section} page `{slug}` to render"))?;
        let paging = catalog::Paging::new(self.config.page_size);
        let rows = self.group_rows(kind, slug, group);
        let view = pages::group_page(self.base, group, &rows, (kind, slug), paging, page);
        let title = numbered(&group.name, &view.pager);
        let page = serde_json::json!({ "kind": section, "group": view });
        self.page(out, url, "group.html", section, &title, page)
    }

    /// The rows of a team or tag in page order, sorted once per render (see [`Shared`]).
    fn group_rows(&self, kind: GroupKind, slug: &str, group: &crate::model::Team) -> Arc<pages::GroupOrder> {
        let mut orders = self.shared.group_rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let order =
            orders.entry((kind, slug.to_string())).or_insert_with(|| Arc::new(pages::group_order(self.base, group)));
        Arc::clone(order)
    }

    fn render_person(&mut self, out: &mut Output, url: &str, handle: &Handle, page: usize) -> anyhow::Result<()> {
        let order = self.person_rows(handle);
        let paging = catalog::Paging::new(self.config.page_size);
        let view = person_page::person_page(self.base, handle, &order, paging, page);
        let name = self.base.people.get(handle).and_then(|p| p.name.as_deref()).unwrap_or(handle.as_str());
        let title = numbered(name, &view.pager);
        self.page(out, url, "owner.html", "owners", &title, view)
    }

    /// A person's rows in page order, sorted once per render (see [`Shared`]).
    fn person_rows(&self, handle: &Handle) -> Arc<person_page::PersonOrder> {
        let mut orders = self.shared.person_rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let order =
            orders.entry(handle.clone()).or_insert_with(|| Arc::new(person_page::person_order(self.base, handle)));
        Arc::clone(order)
    }

    fn render_wrap(&mut self, out: &mut Output, url: &str, id: &Id) -> anyhow::Result<()> {
        let w = self.base.wraps.get(id).with_context(|| format!("no wrap `{id}` to render"))?;
        let body = self.texts.get(&w.id).and_then(|t| t.body.clone());
        let title = format!("Wrap: {}", w.summary.as_ref().map_or(w.id.as_str(), |s| s.value.as_str()));
        self.page(out, url, "wrap.html", "wraps", &title, wraps::wrap_page(self.base, w, body))
    }

    fn decision_html(&self, d: &crate::model::Decision) -> pages::DecisionHtml {
        let Some(texts) = self.texts.get(&d.id) else { return pages::DecisionHtml::default() };
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
        let root = "../".repeat(url.matches('/').count());
        self.page_at(out, &file, &root, url, template, section, title, page)
    }

    #[allow(clippy::too_many_arguments, reason = "a private helper; the public entry is `page`")]
    fn page_at<T: Serialize>(
        &mut self,
        out: &mut Output,
        file: &str,
        root: &str,
        url: &str,
        template: &str,
        section: &str,
        title: &str,
        page: T,
    ) -> anyhow::Result<()> {
        let context = PageContext { site: self.config, root, section, title, path: url, page };
        let mut context = tera::Context::from_serialize(&context).with_context(|| format!("preparing {file}"))?;
        // Only pages that show a code block link highlight.css (26 of the example's 111).
        let code = context.get("page").is_some_and(highlight::holds_code);
        context.insert("code", &code);
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

/// The path where the site is published, from `base_url`, as the root of path-absolute links:
/// `https://x.github.io/repo/` → `/repo/`, `/handoffs/` → `/handoffs/`, `/` → `/`. The path
/// rather than the whole URL keeps the page working under another name for the same server
/// (`http://` or `https://`, an internal alias) and within the pages' `'self'` policy. A
/// relative `base_url` (`docs/`) is read from the server's root.
fn published_root(base_url: &str) -> String {
    let url = base_url.split(['?', '#']).next().unwrap_or_default();
    let after_scheme = url.strip_prefix("https:").or_else(|| url.strip_prefix("http:")).unwrap_or(url);
    let path = match after_scheme.strip_prefix("//") {
        Some(authority_and_path) => authority_and_path.find('/').map_or("", |at| &authority_and_path[at..]),
        None => after_scheme,
    };
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let path = path.trim_end_matches('/');
    if path.is_empty() { "/".to_string() } else { format!("/{path}/") }
}

/// A list page's title: `All handoffs`, then `All handoffs (page 2 of 50)`, so each page of a
/// list has its own title in tabs, history and search results.
fn numbered(title: &str, pager: &pages::Pager) -> String {
    if pager.page > 1 { format!("{title} (page {} of {})", pager.page, pager.pages) } else { title.to_string() }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_404_page_links_from_the_path_base_url_names() {
        for (base_url, root) in [
            ("/", "/"),
            ("/handoffs/", "/handoffs/"),
            ("https://x.github.io/repo/", "/repo/"),
            ("http://handoffs.example.com/", "/"),
            ("https://example.com/a/b/?x=1#top", "/a/b/"),
            ("//cdn.example.com/kb/", "/kb/"),
            ("docs/", "/docs/"),
            ("./", "/"),
        ] {
            assert_eq!(published_root(base_url), root, "{base_url}");
        }
    }

    /// A disk output is written by the rendering threads and the export streams into its files;
    /// a memory output takes the other path. Both must hold the same site, and the output check's
    /// plan must name every file of it, or the check would miss some.
    #[test]
    fn disk_and_memory_outputs_hold_the_same_site_the_check_planned() {
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let today: jiff::Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        let mut diagnostics = crate::diagnostic::Diagnostics::default();
        let mut loaded = crate::build::load_site(&site, &mut diagnostics).unwrap();
        let (html, timings) = (crate::markdown::Output::Html, &mut crate::timings::Timings::default());
        let links = crate::sitemap::resolve::SiteLinks::new(&loaded.base);
        let bodies = crate::build::check_site_timed(&mut loaded, &links, today, html, &mut diagnostics, timings);
        let theme = theme::Theme::load(&site, &loaded.config.theme).unwrap();
        let timeline = crate::digest::Timeline::without_git(today);
        let static_dir = site.join("static");
        let input = SiteInput {
            base: &loaded.base,
            config: &loaded.config,
            bodies: &bodies,
            lazy: None,
            theme: &theme,
            static_dir: &static_dir,
            timeline: &timeline,
        };
        let mut memory = Output::memory();
        let in_memory = render_site(&input, &mut memory).unwrap().pages;
        let memory = memory.finish().unwrap();

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut disk = Output::disk(&out).unwrap();
        assert_eq!(render_site(&input, &mut disk).unwrap().pages, in_memory);
        let mut written: Vec<String> = disk.written().into_iter().map(|f| f.path).collect();
        disk.finish().unwrap();
        written.sort();
        assert_eq!(written, memory.keys().cloned().collect::<Vec<_>>());
        for (path, bytes) in &memory {
            assert_eq!(&std::fs::read(out.join(path)).unwrap(), bytes, "{path}");
        }
        let index: serde_json::Value = serde_json::from_slice(&memory["handoffs.json"]).unwrap();
        let part = index["handoffs"][0]["part"].as_str().unwrap();
        let part: serde_json::Value = serde_json::from_slice(&memory[part]).unwrap();
        assert_eq!(part["handoffs"][0]["id"], index["handoffs"][0]["id"]);
        let plan = crate::check::output::PlannedSite {
            base: &loaded.base,
            page_size: loaded.config.page_size,
            theme: &loaded.config.theme,
            theme_assets: Some(theme.assets.iter().map(|(p, _)| p.clone()).collect()),
            static_files: &loaded.sources.static_files,
        };
        let planned: Vec<String> = crate::check::output::planned_files(&plan).into_iter().map(|(p, _)| p).collect();
        let planned: std::collections::BTreeSet<String> = planned.into_iter().collect();
        assert_eq!(planned, memory.keys().cloned().collect(), "the plan names every file written");
    }

    /// A build renders each chunk's Markdown as it renders the chunk; serve renders pages from
    /// Markdown rendered beforehand. Both must make the same site and the same search documents.
    #[test]
    fn markdown_rendered_chunk_by_chunk_makes_the_same_site_and_search_documents() {
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let today: jiff::Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        let timings = &mut crate::timings::Timings::default();
        let mut render = |output: crate::markdown::Output| {
            let mut diagnostics = crate::diagnostic::Diagnostics::default();
            let mut loaded = crate::build::load_site(&site, &mut diagnostics).unwrap();
            let options = crate::markdown::MarkdownOptions { allow_html: loaded.config.allow_html };
            let lazy = LazyMarkdown { links: crate::sitemap::resolve::SiteLinks::new(&loaded.base), options };
            let mut bodies =
                crate::build::check_site_timed(&mut loaded, &lazy.links, today, output, &mut diagnostics, timings);
            let eager = output == crate::markdown::Output::Html;
            if !eager {
                // As a build does: the outlines go, the introductions are rendered.
                bodies.pages = Default::default();
                let html = crate::markdown::Output::Html;
                bodies.introductions = crate::markdown::bodies::introductions(
                    &loaded.base,
                    &lazy.links,
                    &lazy.options,
                    html,
                    &mut crate::diagnostic::Diagnostics::default(),
                );
            }
            let theme = theme::Theme::load(&site, &loaded.config.theme).unwrap();
            let timeline = crate::digest::Timeline::without_git(today);
            let static_dir = site.join("static");
            let input = SiteInput {
                base: &loaded.base,
                config: &loaded.config,
                bodies: &bodies,
                lazy: (!eager).then_some(&lazy),
                theme: &theme,
                static_dir: &static_dir,
                timeline: &timeline,
            };
            let mut memory = Output::memory();
            let counts = render_site(&input, &mut memory).unwrap();
            use crate::search::{document, static_index};
            let (documents, index) = if eager {
                assert!(counts.documents.is_empty());
                let documents = document::documents(&loaded.base, &bodies);
                (documents.clone(), static_index::build(documents).unwrap())
            } else {
                let packed = document::ordered_packed(counts.documents);
                let documents = packed.iter().map(document::PackedDoc::unpacked_copy).collect();
                (documents, static_index::build_packed(packed).unwrap())
            };
            (memory.finish().unwrap(), documents, index)
        };
        let (eager_files, eager_documents, eager_index) = render(crate::markdown::Output::Html);
        let (lazy_files, lazy_documents, lazy_index) = render(crate::markdown::Output::Outline);
        assert_eq!(eager_files.keys().collect::<Vec<_>>(), lazy_files.keys().collect::<Vec<_>>());
        for (path, bytes) in &eager_files {
            assert!(lazy_files[path] == *bytes, "{path} differs");
        }
        assert!(!lazy_documents.is_empty() && lazy_documents.iter().any(|d| !d.body.is_empty()));
        assert_eq!(lazy_documents, eager_documents);
        assert!(eager_index.len() > 5 && lazy_index == eager_index, "the same search index either way");
    }
}
