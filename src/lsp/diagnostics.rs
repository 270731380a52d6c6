//! baton's findings as LSP diagnostics, and which files need theirs published again.
//!
//! A finding keeps its rule id (the diagnostic's `code`), its message (the first line; the hint
//! follows on the next) and its place: the range is the value at the finding's line and column,
//! as the caret under `baton check`'s output shows it. The field and hint ride along in `data`
//! so code actions can read them back.

use super::text::{char_column_to_byte, line_bounds, token_end};
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{DiagnosticSeverity, NumberOrString, Range};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The byte range in `text` a finding is about: the value at its line and column, the line's
/// text when the column is unknown, the file's start when the line is.
pub fn byte_range(d: &Diagnostic, text: &str) -> (usize, usize) {
    if d.span.line == 0 {
        return (0, 0);
    }
    let (start, end) = line_bounds(text, (d.span.line - 1) as u32);
    let line = &text[start..end];
    if d.span.column == 0 {
        let indent = line.len() - line.trim_start().len();
        return (start + indent, end);
    }
    let from = char_column_to_byte(line, d.span.column);
    (start + from, start + token_end(line, from))
}

/// The editor range of a finding.
pub fn range(d: &Diagnostic, text: &str) -> Range {
    let (start, end) = byte_range(d, text);
    super::text::range(text, start, end)
}

/// One finding as an LSP diagnostic, positioned in `text` (the file as the editor has it).
pub fn to_lsp(d: &Diagnostic, text: &str) -> lsp_types::Diagnostic {
    let message = match &d.hint {
        Some(hint) => format!("{}\nhint: {hint}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: range(d, text),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("baton".to_string()),
        message,
        data: Some(serde_json::json!({"field": d.field, "hint": d.hint})),
        ..lsp_types::Diagnostic::default()
    }
}

/// The files whose findings differ between `published` and `now`, with their findings now
/// (empty for a file that has none left, so the editor clears it).
pub fn changed(
    published: &BTreeMap<PathBuf, Vec<Diagnostic>>,
    now: &BTreeMap<PathBuf, Vec<Diagnostic>>,
) -> Vec<(PathBuf, Vec<Diagnostic>)> {
    let empty = Vec::new();
    let files: std::collections::BTreeSet<&PathBuf> = published.keys().chain(now.keys()).collect();
    files
        .into_iter()
        .filter(|file| published.get(*file) != now.get(*file))
        .map(|file| (file.clone(), now.get(file).unwrap_or(&empty).clone()))
        .collect()
}

/// [`changed`] among `files` only (those absent from `now` have no findings left).
pub fn changed_in(
    published: &BTreeMap<PathBuf, Vec<Diagnostic>>,
    now: &BTreeMap<PathBuf, Vec<Diagnostic>>,
    files: &std::collections::BTreeSet<PathBuf>,
) -> Vec<(PathBuf, Vec<Diagnostic>)> {
    let empty = Vec::new();
    files
        .iter()
        .filter(|file| published.get(*file).unwrap_or(&empty) != now.get(*file).unwrap_or(&empty))
        .map(|file| (file.clone(), now.get(file).unwrap_or(&empty).clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    #[test]
    fn the_range_is_the_value_the_finding_is_about() {
        let text = "---\ntitle: A\ndepends_on: [ledger-exprot, b]\n---\n";
        let d = Diagnostic::error("unknown-id", Span::new("content/a.md", 3, 14), "`depends_on` names …");
        let lsp = to_lsp(&d.hint(Some("did you mean `ledger-export`?".into())), text);
        assert_eq!((lsp.range.start.line, lsp.range.start.character, lsp.range.end.character), (2, 13, 26));
        assert_eq!(lsp.code, Some(NumberOrString::String("unknown-id".into())));
        assert!(lsp.message.ends_with("\nhint: did you mean `ledger-export`?"));
    }

    #[test]
    fn a_file_with_no_findings_left_is_cleared() {
        let d = Diagnostic::warning("stale", Span::new("content/a.md", 1, 1), "old");
        let published = BTreeMap::from([(PathBuf::from("content/a.md"), vec![d])]);
        let cleared = changed(&published, &BTreeMap::new());
        assert_eq!(cleared, vec![(PathBuf::from("content/a.md"), Vec::new())]);
        let files = [PathBuf::from("content/a.md"), PathBuf::from("content/b.md")].into();
        assert_eq!(changed_in(&published, &BTreeMap::new(), &files), cleared, "b had none and has none");
    }
}
