//! Code actions: the obvious fix for a finding, as an edit the editor applies.
//!
//! - a finding whose hint says "did you mean `x`?" (unknown id, unknown key…): write `x`;
//! - `unknown-person`: add the handle to people.yaml (creating the file if there is none);
//! - `readiness`: insert the missing field as the `baton new` template writes it;
//! - `accepted-without-rationale` in a decision file: insert the template's `## Rationale`.
//!
//! Actions are worked out from the server's own findings under the range, not from what the
//! client sends back, so they always match the text as it is now.

use super::diagnostics::{byte_range, to_lsp};
use super::workspace::{PEOPLE_FILE, Workspace};
use super::written;
use crate::diagnostic::Diagnostic;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, ResourceOp, TextDocumentEdit, TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::Path;

/// `textDocument/codeAction`: fixes for the findings overlapping `range`.
pub fn actions(workspace: &Workspace, path: &Path, range: Range) -> Vec<CodeActionOrCommand> {
    let Some(text) = workspace.text(path) else { return Vec::new() };
    let (from, to) = (super::text::offset(text, range.start), super::text::offset(text, range.end));
    let findings = workspace.diagnostics_by_file().remove(path).unwrap_or_default();
    let touching = findings.iter().filter(|d| {
        let (start, end) = byte_range(d, text);
        start <= to && from <= end.max(start + 1)
    });
    touching.flat_map(|d| fixes(workspace, path, text, d)).map(CodeActionOrCommand::CodeAction).collect()
}

fn fixes(workspace: &Workspace, path: &Path, text: &str, d: &Diagnostic) -> Vec<CodeAction> {
    let mut found = Vec::new();
    if let Some(suggestion) = d.hint.as_deref().and_then(suggested) {
        let (start, end) = byte_range(d, text);
        let word_end = start + text[start..end].find([':', ' ', ',', ']']).unwrap_or(end - start);
        let title = format!("Change to `{suggestion}`");
        found.push(edit_action(workspace, d, text, title, path, (start, word_end), suggestion.to_string()));
    }
    match d.rule {
        "unknown-person" => found.extend(add_person(workspace, d, text)),
        "readiness" => found.extend(insert_field(workspace, path, d, text)),
        "accepted-without-rationale" => found.extend(insert_rationale(workspace, path, d, text)),
        _ => {}
    }
    found.into_iter().flatten().collect()
}

/// `x` from a hint "did you mean `x`?".
fn suggested(hint: &str) -> Option<&str> {
    let rest = hint.strip_prefix("did you mean `")?;
    rest.split('`').next().filter(|s| !s.is_empty())
}

#[allow(clippy::mutable_key_type, reason = "lsp-types keys WorkspaceEdit by Uri, which hashes its text only")]
fn edit_action(
    workspace: &Workspace,
    d: &Diagnostic,
    text: &str,
    title: String,
    file: &Path,
    (start, end): (usize, usize),
    new_text: String,
) -> Option<CodeAction> {
    let file_text = workspace.text(file)?;
    let uri = super::paths::uri(&workspace.root, file)?;
    let edit = TextEdit { range: super::text::range(file_text, start, end), new_text };
    let changes = HashMap::from([(uri, vec![edit])]);
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(d, text)]),
        edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
        is_preferred: Some(true),
        ..CodeAction::default()
    })
}

/// Adds the unknown handle to people.yaml, as the `baton init` file lays an entry out.
fn add_person(workspace: &Workspace, d: &Diagnostic, text: &str) -> Option<Option<CodeAction>> {
    let (start, end) = byte_range(d, text);
    let handle = text[start..end].trim_matches(['"', '\'']);
    crate::model::Handle::parse(handle).ok()?;
    let entry = format!("{handle}:\n  name: \n  team: \n  tz: \n");
    let title = format!("Add `{handle}` to people.yaml");
    let Some(people) = workspace.text(Path::new(PEOPLE_FILE)) else {
        return Some(create_people(workspace, d, text, title, entry));
    };
    let separator = if people.is_empty() || people.ends_with('\n') { "" } else { "\n" };
    let at = people.len();
    Some(edit_action(workspace, d, text, title, Path::new(PEOPLE_FILE), (at, at), format!("{separator}{entry}")))
}

/// A people.yaml that does not exist yet: create it, then write the entry.
fn create_people(
    workspace: &Workspace,
    d: &Diagnostic,
    text: &str,
    title: String,
    entry: String,
) -> Option<CodeAction> {
    let uri = super::paths::uri(&workspace.root, Path::new(PEOPLE_FILE))?;
    let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
        uri: uri.clone(),
        options: None,
        annotation_id: None,
    }));
    let insert = DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: vec![OneOf::Left(TextEdit { range: Range::default(), new_text: entry })],
    });
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(d, text)]),
        edit: Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![create, insert])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    })
}

/// The lines the `baton new` template writes for `field` (the key line and what is indented
/// under it), without the trailing comments.
pub fn template_field(field: &str) -> Option<String> {
    let template = crate::starter::handoff_template("", "", "");
    let mut lines = template.lines().skip_while(|l| !l.starts_with(&format!("{field}:")));
    let first = lines.next()?;
    let first = first.split("  #").next().unwrap_or(first).trim_end();
    let mut block = vec![first.to_string()];
    block.extend(lines.take_while(|l| l.starts_with(' ')).map(str::to_string));
    Some(block.join("\n") + "\n")
}

fn insert_field(workspace: &Workspace, path: &Path, d: &Diagnostic, text: &str) -> Option<Option<CodeAction>> {
    let field = d.field.as_deref()?;
    let front = written::frontmatter(text);
    if !front.closed || front.keys.iter().any(|k| k.name == field) {
        return None;
    }
    let block = template_field(field)?;
    let title = format!("Add `{field}` from the template");
    Some(edit_action(workspace, d, text, title, path, (front.yaml.end, front.yaml.end), block))
}

fn insert_rationale(workspace: &Workspace, path: &Path, d: &Diagnostic, text: &str) -> Option<Option<CodeAction>> {
    let front = written::frontmatter(text);
    let is_file = front.values.iter().any(|v| v.top == "kind" && v.text == "decision");
    if !is_file || text.contains("\n## Rationale") {
        return None;
    }
    let owner = crate::model::Handle::parse("x").ok()?;
    let template = crate::starter::decision_template("", &owner, "");
    let section = template.split("## Rationale").nth(1)?.split("\n## ").next()?;
    let separator = if text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let block = format!("{separator}## Rationale{}", section.trim_end_matches('\n').to_string() + "\n");
    let title = "Add the `## Rationale` section from the template".to_string();
    Some(edit_action(workspace, d, text, title, path, (text.len(), text.len()), block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_fields_come_with_their_block() {
        assert_eq!(
            template_field("acceptance").unwrap(),
            "acceptance:\n  - text: A check anyone can run to see it is done\n    done: false\n"
        );
        assert_eq!(template_field("handed_off").unwrap(), "handed_off:\n");
        assert_eq!(suggested("did you mean `ledger-export`?"), Some("ledger-export"));
    }
}
