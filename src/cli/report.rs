//! Printing findings: human (rustc-like, with the source line), JSON (a stable, versioned schema
//! for editors and bots; see docs/rules.md) and GitHub workflow annotations.

use crate::diagnostic::{Diagnostic, Severity, render_human};
use crate::load::Sources;
use serde::Serialize;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    /// rustc-like text with the offending line and a caret.
    Human,
    /// One JSON document (schema version 1).
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// The JSON document, version 1. Changing a key is a new version.
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    today: String,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    file: String,
    line: usize,
    column: usize,
    field: Option<&'a str>,
    message: &'a str,
    hint: Option<&'a str>,
}

/// Renders `diagnostics` (already sorted) in `format`.
pub(super) fn render(format: Format, diagnostics: &[Diagnostic], sources: &Sources, today: jiff::Timestamp) -> String {
    match format {
        Format::Human => {
            diagnostics.iter().map(|d| render_human(d, &|file, line| sources.line(file, line)) + "\n").collect()
        }
        Format::Json => json(diagnostics, today),
        Format::Github => diagnostics.iter().map(github).collect(),
    }
}

fn json(diagnostics: &[Diagnostic], today: jiff::Timestamp) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let report = JsonReport {
        version: 1,
        today: today.to_string(),
        summary: Summary { errors: count(Severity::Error), warnings: count(Severity::Warning) },
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                rule: d.rule,
                severity: d.severity,
                file: d.span.file.to_string_lossy().into_owned(),
                line: d.span.line,
                column: d.span.column,
                field: d.field.as_deref(),
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).map(|s| s + "\n").unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
}

/// `::error file=a.md,line=3,col=6,title=bad-date::message`, escaped as GitHub documents.
fn github(d: &Diagnostic) -> String {
    let level = if d.severity == Severity::Error { "error" } else { "warning" };
    let mut props = format!("file={}", escape_property(&d.span.file.to_string_lossy()));
    if d.span.line > 0 {
        props += &format!(",line={}", d.span.line);
    }
    if d.span.column > 0 {
        props += &format!(",col={}", d.span.column);
    }
    props += &format!(",title={}", escape_property(d.rule));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message += &format!("\nhint: {hint}");
    }
    format!("::{level} {props}::{}\n", escape_data(&message))
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    #[test]
    fn github_annotations_escape_their_separators() {
        let d =
            Diagnostic::warning("stale", Span::new("content/a,b.md", 3, 6), "50% done\nstill").hint(Some("x".into()));
        assert_eq!(
            github(&d),
            "::warning file=content/a%2Cb.md,line=3,col=6,title=stale::50%25 done%0Astill%0Ahint: x\n"
        );
    }
}
