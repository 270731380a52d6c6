//! Diagnostics: everything a user did wrong, in one shape, rendered the rustc way.
//!
//! Every stage pushes [`Diagnostic`]s into a [`Diagnostics`] list instead of returning on the
//! first problem, so one bad file never hides the other nine. Rendering needs the source text to
//! show the offending line with a caret; the caller passes a lookup for it. This module does not
//! decide severities of rules (the check stage does) and does not print by itself.

use std::path::{Path, PathBuf};

/// How bad a finding is. Errors stop a build; warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build (exit 1).
    Error,
    /// Printed; the build goes on.
    Warning,
}

/// Where a value was written: a file (relative to the site folder) and a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Span {
    /// The file, relative to the site folder, e.g. `content/payments/ledger.md`.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// How many characters from `column` the offending text takes; 0 when not known, and then
    /// the caret runs to the end of the value written there.
    pub width: usize,
}

impl Span {
    /// A span at a line and column of `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Span { file: file.into(), line, column, width: 0 }
    }

    /// The same place, `width` characters wide.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width;
        self
    }

    /// A span naming the whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span::new(file, 0, 0)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// One finding: a rule id, a severity, where, which field, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule id such as `yaml-syntax` or `unknown-dependency`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Where the offending value was written.
    pub span: Span,
    /// The frontmatter field concerned, e.g. `depends_on`, if any.
    pub field: Option<String>,
    /// What is wrong, in words a person can act on.
    pub message: String,
    /// How to fix it, e.g. "did you mean `ledger-v2`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error of `rule` at `span`.
    pub fn error(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { rule, severity: Severity::Error, span, field: None, message: message.into(), hint: None }
    }

    /// A warning of `rule` at `span`.
    pub fn warning(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(rule, span, message) }
    }

    /// Names the field concerned.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds a hint; `None` leaves the diagnostic as it is, which suits optional suggestions.
    pub fn hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.or(self.hint);
        self
    }
}

/// The findings of a run, kept in the order stages produced them until [`Diagnostics::sorted`].
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Takes over another list's findings.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Applies configured levels: a rule set to `off` is dropped, others take the configured
    /// severity. `level` answers for a rule id; `None` leaves the finding as it is.
    pub fn apply_levels(&mut self, level: impl Fn(&str) -> Option<crate::check::rules::Level>) {
        self.items.retain_mut(|d| match level(d.rule).map(|l| l.severity()) {
            Some(None) => false,
            Some(Some(severity)) => {
                d.severity = severity;
                true
            }
            None => true,
        });
    }

    /// Turns the errors reported in `files` into warnings: what a build finds in files baton did
    /// not write (decision records of other tools) must not fail it.
    pub fn soften_in(&mut self, files: &std::collections::BTreeSet<&Path>) {
        for d in self.items.iter_mut().filter(|d| files.contains(d.span.file.as_path())) {
            d.severity = Severity::Warning;
        }
    }

    /// All findings ordered by file, line, column, then rule, so output is stable across runs.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| (&a.span, a.rule, &a.message).cmp(&(&b.span, b.rule, &b.message)));
        self.items
    }
}

/// Renders a diagnostic like rustc: a header, the location, the source line and a caret.
/// `source_line` returns the text of a line of a file, if the file is known.
pub fn render_human(d: &Diagnostic, source_line: &dyn Fn(&Path, usize) -> Option<String>) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let text = (d.span.line > 0).then(|| source_line(&d.span.file, d.span.line)).flatten();
    let number = d.span.line.to_string();
    // rustc lines the gutter up with the widest line number shown.
    let pad = " ".repeat(if text.is_some() { number.len() } else { 1 });
    let mut out = format!("{level}[{}]: {}\n{pad} --> {}\n", d.rule, d.message, d.span);
    if let Some(text) = text {
        let caret_at = d.span.column.max(1) - 1;
        let indent: String = text.chars().take(caret_at).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        let width = match d.span.width {
            0 => caret_width(&text, caret_at),
            width => width.min(text.chars().count().saturating_sub(caret_at)).max(1),
        };
        let carets = "^".repeat(width);
        out += &format!("{pad} |\n{number} | {text}\n{pad} | {indent}{carets}\n");
    }
    if let Some(field) = &d.field {
        out += &format!("{pad} = field: {field}\n");
    }
    if let Some(hint) = &d.hint {
        out += &format!("{pad} = hint: {hint}\n");
    }
    out
}

/// Underlines the rest of the token that starts at `start` (up to the end of a scalar value),
/// so a caret under `next friday` covers both words but stops at a trailing comment.
fn caret_width(line: &str, start: usize) -> usize {
    let rest: String = line.chars().skip(start).collect();
    let value = rest.split(" #").next().unwrap_or("").trim_end();
    value.chars().count().clamp(1, 80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_rendering_points_at_the_value() {
        let d = Diagnostic::error("bad-date", Span::new("content/a.md", 3, 6), "`due` is not a date")
            .field("due")
            .hint(Some("write 2026-11-20".into()));
        let text = render_human(&d, &|_, line| (line == 3).then(|| "due: next friday".to_string()));
        assert_eq!(
            text,
            "error[bad-date]: `due` is not a date\n  --> content/a.md:3:6\n  |\n3 | due: next friday\n  |      ^^^^^^^^^^^\n  = field: due\n  = hint: write 2026-11-20\n"
        );
    }

    #[test]
    fn a_span_with_a_width_is_underlined_exactly() {
        let d = Diagnostic::error("broken-link", Span::new("content/a.md", 2, 5).with_width(14), "no such page");
        let line = "See [a](/handoffs/x/) and more text after it";
        let text = render_human(&d, &|_, _| Some(line.to_string()));
        assert!(text.contains("\n  |     ^^^^^^^^^^^^^^\n"), "{text}");
        // A width past the end of the line stops at the line's end.
        let d = Diagnostic::error("broken-link", Span::new("content/a.md", 2, 40).with_width(30), "x");
        let text = render_human(&d, &|_, _| Some(line.to_string()));
        assert!(text.ends_with(&format!("  | {}{}\n", " ".repeat(39), "^".repeat(5))), "{text}");
    }

    #[test]
    fn sorted_orders_by_file_then_line() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("b", Span::new("z.md", 1, 1), "late"));
        all.push(Diagnostic::warning("a", Span::new("a.md", 9, 1), "mid"));
        all.push(Diagnostic::error("a", Span::new("a.md", 2, 1), "early"));
        let order: Vec<_> = all.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["early", "mid", "late"]);
    }
}
