//! The theme: tera templates and static assets, built in and overridable per site.
//!
//! The default theme is compiled into the binary (so `baton build` works from any folder); a
//! site's `themes/NAME/templates/X.html` replaces template X and `themes/NAME/static/*` adds or
//! replaces assets. Templates are compiled once per build.

use anyhow::Context as _;
use std::path::Path;

/// The built-in templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("macros.html", include_str!("../../themes/default/templates/macros.html")),
    ("dashboard.html", include_str!("../../themes/default/templates/dashboard.html")),
    ("handoffs.html", include_str!("../../themes/default/templates/handoffs.html")),
    ("handoff.html", include_str!("../../themes/default/templates/handoff.html")),
    ("decisions.html", include_str!("../../themes/default/templates/decisions.html")),
    ("decision.html", include_str!("../../themes/default/templates/decision.html")),
    ("owners.html", include_str!("../../themes/default/templates/owners.html")),
    ("owner.html", include_str!("../../themes/default/templates/owner.html")),
    ("groups.html", include_str!("../../themes/default/templates/groups.html")),
    ("group.html", include_str!("../../themes/default/templates/group.html")),
    ("status.html", include_str!("../../themes/default/templates/status.html")),
    ("attention.html", include_str!("../../themes/default/templates/attention.html")),
    ("graph.html", include_str!("../../themes/default/templates/graph.html")),
    ("metrics.html", include_str!("../../themes/default/templates/metrics.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("wraps.html", include_str!("../../themes/default/templates/wraps.html")),
    ("wrap.html", include_str!("../../themes/default/templates/wrap.html")),
    ("digest.html", include_str!("../../themes/default/templates/digest.html")),
    ("digest-mail.html", include_str!("../../themes/default/templates/digest-mail.html")),
    ("atom.xml", include_str!("../../themes/default/templates/atom.xml")),
];

/// The built-in assets, by output path.
const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../themes/default/static/style.css")),
    ("search.css", include_str!("../../themes/default/static/search.css")),
    ("search.js", include_str!("../../themes/default/static/search.js")),
    ("search-box.js", include_str!("../../themes/default/static/search-box.js")),
    ("favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
];

/// Compiled templates plus the assets to copy.
pub struct Theme {
    /// The template engine with every template loaded.
    pub tera: tera::Tera,
    /// Assets: output path (relative to the site root) → bytes.
    pub assets: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// The built-in theme with `site/themes/NAME/` laid over it.
    pub fn load(site: &Path, name: &str) -> anyhow::Result<Theme> {
        let folder = site.join("themes").join(name);
        let mut sources: Vec<(String, String)> =
            TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut assets: Vec<(String, Vec<u8>)> =
            ASSETS.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        assets.push(("highlight.css".into(), super::highlight::stylesheet().into_bytes()));
        if folder.is_dir() {
            read_overrides(&folder.join("templates"), &mut sources)?;
            read_assets(&folder.join("static"), &mut assets)?;
        } else if name != "default" {
            anyhow::bail!("theme `{name}` not found: expected a folder {}", folder.display());
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // tera's default also escapes `/`, which makes every URL in the output unreadable
        // (`..&#x2F;..&#x2F;`) without making it any safer in text or quoted attributes.
        tera.set_escape_fn(super::escape_html);
        tera.add_raw_templates(sources)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
            .context("compiling the theme's templates")?;
        Ok(Theme { tera, assets })
    }
}

fn read_overrides(dir: &Path, sources: &mut Vec<(String, String)>) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = relative(dir, entry.path());
        let text = std::fs::read_to_string(entry.path())
            .with_context(|| format!("reading template {}", entry.path().display()))?;
        sources.retain(|(n, _)| *n != name);
        sources.push((name, text));
    }
    Ok(())
}

fn read_assets(dir: &Path, assets: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_type().is_file() {
            let name = relative(dir, entry.path());
            let bytes = std::fs::read(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
            assets.retain(|(n, _)| *n != name);
            assets.push((name, bytes));
        }
    }
    Ok(())
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// tera nests the useful message (template name, line) in its error sources.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
