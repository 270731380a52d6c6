//! Rendering pages of the last good state in memory, and telling which files really changed.
//!
//! A rebuild renders every page it plans, but many come out byte for byte as before (a body
//! edit re-renders a page's neighbours only if what they show changed, yet the planner errs on
//! the side of rendering). [`Digests`] remembers a digest of every served file, so only files
//! whose bytes differ reach the served site and the browsers.

use super::relink::Good;
use super::site::Update;
use crate::config::SiteConfig;
use crate::render::{self, theme::Theme};
use crate::sitemap::catalog::PageKind;
use crate::write::Output;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// Pages (and assets) rendered in memory, before diffing.
pub struct Rendered {
    /// Page files and their bytes.
    pub pages: BTreeMap<String, Vec<u8>>,
    /// Theme assets and static files, when they were rendered.
    pub assets: Option<BTreeMap<String, Vec<u8>>>,
    /// How many pages.
    pub count: usize,
    /// How long it took.
    pub took: Duration,
}

/// Renders `pages` of the good state, and the theme assets and static files when asked.
/// `today` dates the digest page; serve reads no git history (the digest falls back to the
/// frontmatter), since walking it on every save would cost more than the whole render.
pub fn render_files(
    site: &Path,
    today: jiff::Timestamp,
    config: &SiteConfig,
    theme: Option<&Theme>,
    good: &Good,
    pages: &[PageKind],
    with_assets: bool,
) -> anyhow::Result<Rendered> {
    let started = Instant::now();
    let theme = theme.ok_or_else(|| anyhow::anyhow!("the theme is not loaded"))?;
    let static_dir = site.join("static");
    let timeline = crate::digest::Timeline::without_git(today);
    let input = render::SiteInput {
        base: &good.base,
        config,
        bodies: &good.bodies,
        lazy: None,
        theme,
        static_dir: &static_dir,
        timeline: &timeline,
    };
    let (not_found, pages): (Vec<PageKind>, Vec<PageKind>) =
        pages.iter().cloned().partition(|page| *page == PageKind::NotFound);
    let (mut files, mut count) = render_split(&input, &pages)?;
    if !not_found.is_empty() {
        // The 404 page links from the path `base_url` names, for the address the site is
        // published at; serve answers at `/` whatever `base_url` says, so its 404 page must
        // link from there to find the stylesheets.
        let at_root = SiteConfig { base_url: "/".into(), ..config.clone() };
        let (page, one) = render_split(&render::SiteInput { config: &at_root, ..input }, &not_found)?;
        files.extend(page);
        count += one;
    }
    let assets = if with_assets {
        let mut assets = Output::memory();
        render::render_assets(&input, &mut assets)?;
        // The static search index is rebuilt with the assets (full rebuilds) only: building it
        // costs too much for every keystroke, and `/api/search` answers from the always-fresh
        // on-disk index in the meantime.
        let documents = crate::search::document::documents(&good.base, &good.bodies);
        for (path, bytes) in crate::search::static_index::build(documents)? {
            assets.put(&path, &bytes)?;
        }
        Some(assets.finish()?)
    } else {
        None
    };
    Ok(Rendered { pages: files, assets, count, took: started.elapsed() })
}

/// Renders `pages` on two threads when there are enough to be worth it: the list pages of a
/// large base take a few hundred milliseconds each and are independent of one another.
fn render_split(
    input: &render::SiteInput<'_>,
    pages: &[PageKind],
) -> anyhow::Result<(BTreeMap<String, Vec<u8>>, usize)> {
    let render_some = |pages: &[PageKind]| -> anyhow::Result<(BTreeMap<String, Vec<u8>>, usize)> {
        let mut output = Output::memory();
        let count = render::render_pages(input, pages, &mut output)?.pages;
        Ok((output.finish()?, count))
    };
    if pages.len() < 8 {
        return render_some(pages);
    }
    // Alternate pages between the halves: the heavy index pages sit next to each other.
    let (mut even, mut odd) = (Vec::new(), Vec::new());
    for (i, page) in pages.iter().enumerate() {
        if i.is_multiple_of(2) { even.push(page.clone()) } else { odd.push(page.clone()) }
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(|| render_some(&odd));
        let (mut files, count) = render_some(&even)?;
        let (theirs, their_count) = other.join().map_err(|_| anyhow::anyhow!("a render thread panicked"))??;
        files.extend(theirs);
        Ok((files, count + their_count))
    })
}

/// A digest of every served file.
#[derive(Debug, Default)]
pub struct Digests {
    files: BTreeMap<String, u64>,
    /// The theme assets and static files among them.
    assets: BTreeSet<String>,
}

impl Digests {
    /// The files of `rendered` whose bytes differ from what is served, and which of `removed`
    /// (and, for a `full` rebuild, of everything served) are gone; records the new digests.
    pub fn diff(&mut self, rendered: Rendered, mut removed: Vec<String>, full: bool) -> Update {
        let mut files = rendered.pages;
        if let Some(assets) = rendered.assets {
            let now: BTreeSet<String> = assets.keys().cloned().collect();
            removed.extend(self.assets.difference(&now).cloned());
            self.assets = now;
            files.extend(assets);
        }
        if full {
            // Anything served before and not rendered now is gone.
            removed.extend(self.files.keys().filter(|k| !files.contains_key(*k)).cloned());
        }
        // `/graph/` and `/digest/` are made with all their pages at once; those past the new
        // last page are gone.
        for section in PAGED_TOGETHER {
            if files.contains_key(&format!("{section}index.html")) {
                let later = format!("{section}page/");
                let gone = self.files.keys().filter(|k| k.starts_with(&later) && !files.contains_key(*k));
                removed.extend(gone.cloned());
            }
        }
        let mut update = Update { rendered: rendered.count, full, ..Update::default() };
        for (path, bytes) in files {
            let digest = digest(&bytes);
            if self.files.insert(path.clone(), digest) != Some(digest) {
                update.files.push((path, bytes));
            }
        }
        for path in removed {
            if self.files.remove(&path).is_some() {
                update.removed.push(path);
            }
        }
        update
    }
}

/// Pages rendered with all their later pages (`page/N/` below them) in one go.
const PAGED_TOGETHER: [&str; 2] = ["graph/", "digest/"];

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}
