//! The theme, checked: it loads, its templates compile, and they render this base.
//!
//! `build` needs the theme after every rule has passed, so a theme that cannot be used would
//! otherwise fail the build that `check` just passed. Here its problems become diagnostics at the
//! file concerned: `theme:` in baton.yaml for a theme that is not there, the template for one
//! that does not compile or render. `baton check` renders a site in full (weighed, never kept)
//! only when it must: a theme that replaces templates, or a `host:` to measure against (see
//! `build::check_buildable`); the built-in templates are the test suite's to keep working.
//!
//! It lives with rendering because rendering is how a theme is found wanting; the pipeline
//! (`build::check_buildable`) runs it beside the check, which itself never renders.

use super::theme::{Theme, ThemeError};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::load::Sources;
use crate::write::Output;
use std::path::{Path, PathBuf};

/// Loads the site's theme; `None`, with a diagnostic, when it cannot be used.
pub fn load(site: &Path, config: &SiteConfig, sources: &Sources, diagnostics: &mut Diagnostics) -> Option<Theme> {
    match Theme::try_load(site, &config.theme) {
        Ok(theme) => Some(theme),
        Err(error) => {
            diagnostics.push(diagnostic(&error, site, &config.theme, sources));
            None
        }
    }
}

/// Renders every page, feed and file of the base into `output`. When the theme replaces
/// templates, a failure is the theme's: reported at the template concerned, and `None` comes
/// back. A failure of the built-in templates is baton's own, an error as in `build`.
pub fn render_checked(
    input: &super::SiteInput<'_>,
    output: &mut Output,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<super::RenderCounts>> {
    match super::render_site(input, output) {
        Ok(rendered) => Ok(Some(rendered)),
        Err(error) if !input.theme.overridden.is_empty() => {
            let message = format!("{error:#}");
            let error = super::theme::template_error(&message, &input.theme.overridden);
            let mut d = diagnostic(&error, Path::new(""), &input.config.theme, &Sources::default());
            d.message = format!("the theme's templates fail to render this site: {message}");
            diagnostics.push(d);
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The diagnostic for a theme that cannot be used, at the file to fix.
fn diagnostic(error: &ThemeError, site: &Path, name: &str, sources: &Sources) -> Diagnostic {
    let templates = PathBuf::from("themes").join(name).join("templates");
    match error {
        ThemeError::NotFound { folder, .. } => {
            let message = format!("theme `{name}` not found: the site has no folder {}", folder.display());
            let hint = Some(format!(
                "create {}/ with templates/ or static/ inside, or remove `theme:` to use the built-in theme",
                folder.display()
            ));
            Diagnostic::error("theme-not-found", theme_setting(sources), message).field("theme").hint(hint)
        }
        ThemeError::Unreadable { path, reason } => {
            let file = path.strip_prefix(site).unwrap_or(path);
            Diagnostic::error("theme-template", Span::file(file), format!("cannot read this theme file: {reason}"))
        }
        ThemeError::Templates { template, line, column, message } => {
            let span = match template {
                Some(template) => Span::new(templates.join(template), *line, *column),
                None => Span::file(templates),
            };
            // The parser's own excerpt repeats the line the diagnostic shows; its last line says
            // what was expected there.
            let expected = message.lines().rev().find_map(|l| l.trim_start().strip_prefix("= "));
            let what = expected.filter(|_| *line > 0).unwrap_or(message);
            let hint = Some("fix the template, or delete it to use the built-in one".to_string());
            Diagnostic::error("theme-template", span, format!("the theme's templates do not compile: {what}"))
                .hint(hint)
        }
    }
}

/// Where `theme:` is written in baton.yaml. The settings keep their values, not their spans, so
/// the line is found again in the file's text: a top-level key starts its line.
fn theme_setting(sources: &Sources) -> Span {
    let Some(config) = &sources.config else { return Span::file("baton.yaml") };
    let line = config.text.lines().position(|l| l.starts_with("theme:"));
    line.map_or_else(|| Span::file(&config.path), |n| Span::new(&config.path, n + 1, 8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::site_folder;

    fn config(theme: &str) -> SiteConfig {
        SiteConfig { theme: theme.into(), ..SiteConfig::default() }
    }

    #[test]
    fn a_missing_theme_points_at_the_setting() {
        let dir = site_folder(&[]);
        let sources = Sources {
            config: Some(crate::load::SourceFile { path: "baton.yaml".into(), text: "title: T\ntheme: nope\n".into() }),
            ..Sources::default()
        };
        let mut d = Diagnostics::default();
        assert!(load(dir.path(), &config("nope"), &sources, &mut d).is_none());
        let found = d.sorted();
        assert_eq!(found[0].rule, "theme-not-found");
        assert_eq!(found[0].span, Span::new("baton.yaml", 2, 8));
        assert_eq!(found[0].field.as_deref(), Some("theme"));
    }

    #[test]
    fn a_template_syntax_error_points_at_its_line() {
        let dir = site_folder(&[("themes/t/templates/handoff.html", "<h1>\n{{ page.title </h1>\n")]);
        let mut d = Diagnostics::default();
        assert!(load(dir.path(), &config("t"), &Sources::default(), &mut d).is_none());
        let found = d.sorted();
        assert_eq!(found[0].rule, "theme-template");
        assert_eq!(found[0].span.file, Path::new("themes/t/templates/handoff.html"));
        assert_eq!(found[0].span.line, 2, "{}", found[0].message);
    }

    #[test]
    fn a_template_that_compiles_loads() {
        let dir = site_folder(&[("themes/t/templates/extra.html", "{{ 1 + 1 }}")]);
        let mut d = Diagnostics::default();
        let theme = load(dir.path(), &config("t"), &Sources::default(), &mut d).unwrap();
        assert_eq!(theme.overridden, ["extra.html"]);
        assert!(!d.has_errors());
    }
}
