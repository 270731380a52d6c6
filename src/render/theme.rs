//! The theme: tera templates and static assets, built in and overridable per site.
//!
//! The default theme is compiled into the binary (so `baton build` works from any folder); a
//! site's `themes/NAME/templates/X.html` replaces template X and `themes/NAME/static/*` adds or
//! replaces assets. Templates are compiled once per build. Loading reports what makes a theme
//! unusable as a [`ThemeError`]; whether the templates also render a given base is for `check`
//! to find out (see `theme_check`).

use std::path::{Path, PathBuf};

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
    ("moved.js", include_str!("../../themes/default/static/moved.js")),
    ("favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
];

/// Compiled templates plus the assets to copy.
pub struct Theme {
    /// The template engine with every template loaded.
    pub tera: tera::Tera,
    /// Assets: output path (relative to the site root) → bytes.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The templates the site's theme folder replaces or adds, by name (`handoff.html`), sorted.
    pub overridden: Vec<String>,
}

/// Why a theme cannot be used. `check` turns each into a diagnostic at the file concerned, so a
/// theme that would stop `build` already fails `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeError {
    /// `theme: NAME` in baton.yaml, and the site has no `themes/NAME/` folder.
    NotFound {
        /// The theme's name.
        name: String,
        /// The folder that was looked for.
        folder: PathBuf,
    },
    /// A file of the theme could not be read.
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// What the file system said.
        reason: String,
    },
    /// The templates do not compile together (a syntax error, a missing parent or macro file).
    Templates {
        /// The overridden template at fault when the error names one (`handoff.html`).
        template: Option<String>,
        /// The 1-based line and column in it when the parser gives them.
        line: usize,
        /// See `line`.
        column: usize,
        /// tera's whole explanation.
        message: String,
    },
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThemeError::NotFound { name, folder } => {
                write!(f, "theme `{name}` not found: expected a folder {}", folder.display())
            }
            ThemeError::Unreadable { path, reason } => write!(f, "reading {}: {reason}", path.display()),
            ThemeError::Templates { message, .. } => write!(f, "compiling the theme's templates: {message}"),
        }
    }
}

impl std::error::Error for ThemeError {}

impl Theme {
    /// The built-in theme with `site/themes/NAME/` laid over it.
    pub fn load(site: &Path, name: &str) -> anyhow::Result<Theme> {
        Ok(Theme::try_load(site, name)?)
    }

    /// [`Theme::load`], saying what is wrong in a form `check` can point with.
    pub fn try_load(site: &Path, name: &str) -> Result<Theme, ThemeError> {
        let folder = site.join("themes").join(name);
        let mut sources: Vec<(String, String)> =
            TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut assets: Vec<(String, Vec<u8>)> =
            ASSETS.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        assets.push(("highlight.css".into(), crate::markdown::highlight::stylesheet().into_bytes()));
        let mut overridden = Vec::new();
        if folder.is_dir() {
            overridden = read_overrides(&folder.join("templates"), &mut sources)?;
            read_assets(&folder.join("static"), &mut assets)?;
        } else if name != "default" {
            return Err(ThemeError::NotFound { name: name.to_string(), folder: PathBuf::from("themes").join(name) });
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // tera's default also escapes `/`, which makes every URL in the output unreadable
        // (`..&#x2F;..&#x2F;`) without making it any safer in text or quoted attributes.
        tera.set_escape_fn(super::escape_html);
        tera.add_raw_templates(sources).map_err(|e| template_error(&error_chain(&e), &overridden))?;
        Ok(Theme { tera, assets, overridden })
    }
}

/// Which overridden template a tera message is about: the one it names first (`'x.html'`), and
/// the parser's `--> LINE:COLUMN` when it gives one.
pub fn template_error(message: &str, overridden: &[String]) -> ThemeError {
    let named = |name: &String| {
        [format!("'{name}'"), format!("\"{name}\""), format!("`{name}`")]
            .iter()
            .filter_map(|quoted| message.find(quoted.as_str()))
            .min()
            .map(|at| (at, name.clone()))
    };
    let template = overridden.iter().filter_map(named).min().map(|(_, name)| name);
    let (line, column) = message
        .split_once("--> ")
        .and_then(|(_, rest)| {
            let (line, rest) = rest.split_once(':')?;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((line.trim().parse().ok()?, digits.parse().ok()?))
        })
        .unwrap_or((0, 0));
    ThemeError::Templates { template, line, column, message: message.to_string() }
}

/// Lays the folder's templates over `sources`; returns their names.
fn read_overrides(dir: &Path, sources: &mut Vec<(String, String)>) -> Result<Vec<String>, ThemeError> {
    let mut names = Vec::new();
    for (name, path) in files_under(dir)? {
        let text = std::fs::read_to_string(&path).map_err(|e| unreadable(&path, &e))?;
        sources.retain(|(n, _)| *n != name);
        sources.push((name.clone(), text));
        names.push(name);
    }
    names.sort();
    Ok(names)
}

fn read_assets(dir: &Path, assets: &mut Vec<(String, Vec<u8>)>) -> Result<(), ThemeError> {
    for (name, path) in files_under(dir)? {
        let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, &e))?;
        assets.retain(|(n, _)| *n != name);
        assets.push((name, bytes));
    }
    Ok(())
}

/// The files under `dir` (none if it does not exist), as (`/`-separated name, path).
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, ThemeError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| unreadable(e.path().unwrap_or(dir), &e))?;
        if entry.file_type().is_file() {
            files.push((relative(dir, entry.path()), entry.path().to_path_buf()));
        }
    }
    Ok(files)
}

fn unreadable(path: &Path, error: &dyn std::fmt::Display) -> ThemeError {
    ThemeError::Unreadable { path: path.to_path_buf(), reason: error.to_string() }
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
