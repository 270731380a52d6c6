//! Completion: what may be written at the cursor, from the base as it is now.
//!
//! In the frontmatter: keys (with their documentation from docs/format.md), statuses, kinds,
//! link kinds, handles from people.yaml (with name and team), ids of handoffs or decisions in
//! the fields that name them (with title and status), and the teams and tags already in use. In
//! the body: `[[` completes ids, `](` content paths relative to the file, and `#` after either
//! the target's headings. Each item replaces what was typed of the word, so ids with `-`
//! complete the same in every editor.

use super::paths;
use super::workspace::{CONFIG_FILE, Workspace};
use super::written::{self, HANDLE_FIELDS};
use crate::load::raw::{DECISION_FILE_KEYS, HANDOFF_KEYS, WRAP_KEYS};
use crate::model::{DecisionStatus, Id, LinkKind, Status};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent, MarkupKind, TextEdit,
};
use std::path::Path;

const FORMAT_DOC: &str = include_str!("../../docs/format.md");

/// `textDocument/completion`.
pub fn complete(workspace: &Workspace, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(text) = workspace.text(path) else { return Vec::new() };
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if path == Path::new(CONFIG_FILE) {
        return if before.contains(':') || before.starts_with(' ') { Vec::new() } else { config_keys(text) };
    }
    let front = written::frontmatter(text);
    let in_front = !front.yaml.is_empty() && front.yaml.start <= offset && (offset <= front.yaml.end || !front.closed);
    let items =
        if in_front { in_frontmatter(workspace, &front, offset, before) } else { in_body(workspace, path, before) };
    let typed = typed_word(before);
    let range = super::text::range(text, offset - typed.len(), offset);
    items
        .into_iter()
        .map(|item| CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: item.label.clone() })),
            ..item
        })
        .collect()
}

/// What was typed of the word before the cursor: id, handle, path or key characters.
fn typed_word(before: &str) -> &str {
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    &before[start..]
}

fn in_frontmatter(
    workspace: &Workspace,
    front: &written::Frontmatter,
    offset: usize,
    before: &str,
) -> Vec<CompletionItem> {
    let kind = front.values.iter().find(|v| v.top == "kind" && v.field == "kind").map(|v| v.text.as_str());
    if !before.contains(':') && !before.starts_with([' ', '-']) {
        return frontmatter_keys(front, kind.unwrap_or("handoff"));
    }
    let (top, field) = front.context(offset).unwrap_or_default();
    let field = field_on_line(before).unwrap_or(field);
    let base = &workspace.good.base;
    match (top, field) {
        (_, "status") if top == "decisions" || kind == Some("decision") => {
            words(DecisionStatus::ALL.iter().map(|s| s.as_str()), CompletionItemKind::ENUM_MEMBER)
        }
        (_, "status") => words(Status::ALL.iter().map(|s| s.as_str()), CompletionItemKind::ENUM_MEMBER),
        ("kind", "kind") => words(["handoff", "decision", "wrap"], CompletionItemKind::ENUM_MEMBER),
        ("links", "kind") => words(LinkKind::ALL.iter().map(|k| k.as_str()), CompletionItemKind::ENUM_MEMBER),
        (_, "depends_on" | "related") | ("open", "open" | "id") => ids(workspace, base.handoffs.keys()),
        (_, "supersedes") => ids(workspace, base.decisions.keys()),
        (_, "team") => words(base.indexes.teams.values().map(|t| t.name.as_str()), CompletionItemKind::VALUE),
        (_, "tags") => words(base.indexes.tags.values().map(|t| t.name.as_str()), CompletionItemKind::VALUE),
        (_, field) if HANDLE_FIELDS.contains(&field) => handles(workspace),
        _ => Vec::new(),
    }
}

/// The key written on the line before the cursor (`owner: ` → `owner`, `  - id: ` → `id`).
fn field_on_line(before: &str) -> Option<&str> {
    let content = before.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = content.split_once(':')?;
    key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_').then_some(key)
}

fn in_body(workspace: &Workspace, path: &Path, before: &str) -> Vec<CompletionItem> {
    if let Some(inner) = open_after(before, "[[", "]]") {
        return match inner.split_once('#') {
            Some((id, _)) => headings(workspace, id),
            None => ids(workspace, all_ids(workspace)),
        };
    }
    if let Some(inner) = open_after(before, "](", ")") {
        return match inner.split_once('#') {
            Some((link, _)) => {
                let id =
                    paths::resolve_link(path, link).and_then(|f| super::navigation::id_of_path(workspace, &f).cloned());
                id.map(|id| headings(workspace, id.as_str())).unwrap_or_default()
            }
            None => content_paths(workspace, path),
        };
    }
    Vec::new()
}

/// The text after the last `open` on the line, when no `close` follows it.
fn open_after<'a>(before: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let at = before.rfind(open)?;
    let inner = &before[at + open.len()..];
    (!inner.contains(close)).then_some(inner)
}

fn all_ids(workspace: &Workspace) -> impl Iterator<Item = &Id> {
    let base = &workspace.good.base;
    base.handoffs.keys().chain(base.decisions.keys()).chain(base.wraps.keys())
}

fn ids<'a>(workspace: &Workspace, ids: impl Iterator<Item = &'a Id>) -> Vec<CompletionItem> {
    let base = &workspace.good.base;
    ids.map(|id| {
        let (detail, kind) = if let Some(h) = base.handoffs.get(id) {
            (format!("{} · {}", h.title, h.status.value.as_str()), CompletionItemKind::FILE)
        } else if let Some(d) = base.decisions.get(id) {
            (format!("{} · decision, {}", d.title, d.status.as_str()), CompletionItemKind::REFERENCE)
        } else {
            ("wrap".to_string(), CompletionItemKind::EVENT)
        };
        CompletionItem { label: id.to_string(), kind: Some(kind), detail: Some(detail), ..CompletionItem::default() }
    })
    .collect()
}

fn handles(workspace: &Workspace) -> Vec<CompletionItem> {
    let people = workspace.good.base.people.values();
    people
        .map(|p| {
            let name = p.name.as_deref().unwrap_or("");
            let detail = match &p.team {
                Some(team) => format!("{name} · {team}"),
                None => name.to_string(),
            };
            let kind = Some(CompletionItemKind::VALUE);
            CompletionItem { label: p.handle.to_string(), kind, detail: Some(detail), ..CompletionItem::default() }
        })
        .collect()
}

fn headings(workspace: &Workspace, id: &str) -> Vec<CompletionItem> {
    let Ok(id) = Id::parse(id) else { return Vec::new() };
    let anchors = workspace.good.bodies.pages.get(&id).map(|p| p.anchors.iter());
    words(anchors.into_iter().flatten().map(String::as_str), CompletionItemKind::REFERENCE)
}

fn content_paths(workspace: &Workspace, from: &Path) -> Vec<CompletionItem> {
    let files = workspace.files.keys().filter(|f| f.as_path() != from);
    files
        .map(|file| {
            let label = paths::relative_link(from, file);
            let detail = super::navigation::id_of_path(workspace, file).map(|id| id.to_string());
            CompletionItem { label, kind: Some(CompletionItemKind::FILE), detail, ..CompletionItem::default() }
        })
        .collect()
}

fn words<'a>(words: impl IntoIterator<Item = &'a str>, kind: CompletionItemKind) -> Vec<CompletionItem> {
    let mut seen: Vec<&str> = words.into_iter().collect();
    seen.dedup();
    seen.into_iter()
        .map(|w| CompletionItem { label: w.to_string(), kind: Some(kind), ..CompletionItem::default() })
        .collect()
}

/// The keys of a file of `kind` not written yet, with their documentation.
fn frontmatter_keys(front: &written::Frontmatter, kind: &str) -> Vec<CompletionItem> {
    let (keys, section) = match kind {
        "decision" => (DECISION_FILE_KEYS, "## Decision files"),
        "wrap" => (WRAP_KEYS, "## Shift wraps"),
        _ => (HANDOFF_KEYS, "### All fields"),
    };
    let docs = field_table(section);
    let unwritten = keys.iter().filter(|k| !front.keys.iter().any(|w| w.name == **k));
    unwritten.map(|key| key_item(key, docs.iter().find(|(k, _)| k == key).map(|(_, d)| d.clone()))).collect()
}

fn config_keys(text: &str) -> Vec<CompletionItem> {
    let written = written::people_handles(text);
    let docs = field_table("## `baton.yaml`");
    let unwritten = crate::config::CONFIG_KEYS.iter().filter(|k| !written.iter().any(|w| w.name == **k));
    unwritten.map(|key| key_item(key, docs.iter().find(|(k, _)| k == key).map(|(_, d)| d.clone()))).collect()
}

fn key_item(key: &str, doc: Option<String>) -> CompletionItem {
    CompletionItem {
        label: format!("{key}:"),
        kind: Some(CompletionItemKind::FIELD),
        documentation: doc
            .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
        ..CompletionItem::default()
    }
}

/// The rows of the first table after `section` in docs/format.md: key → "Header: cell" lines.
pub fn field_table(section: &str) -> Vec<(String, String)> {
    let Some(start) = FORMAT_DOC.find(&format!("\n{section}\n")) else { return Vec::new() };
    let rows = FORMAT_DOC[start..].lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|'));
    let cells = |line: &str| -> Vec<String> {
        line.trim().trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect()
    };
    let mut rows = rows.map(cells);
    let Some(header) = rows.next() else { return Vec::new() };
    rows.skip(1)
        .filter_map(|row| {
            let key = row.first()?.trim_matches('`').to_string();
            let lines: Vec<String> = header.iter().zip(&row).skip(1).map(|(h, c)| format!("{h}: {c}")).collect();
            Some((key, lines.join("  \n")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_handoff_decision_and_wrap_key_is_documented() {
        for (keys, section) in
            [(HANDOFF_KEYS, "### All fields"), (DECISION_FILE_KEYS, "## Decision files"), (WRAP_KEYS, "## Shift wraps")]
        {
            let docs = field_table(section);
            for key in keys.iter().filter(|k| !matches!(**k, "extra")) {
                assert!(docs.iter().any(|(k, _)| k == key), "{section} does not document `{key}`");
            }
        }
    }

    #[test]
    fn the_typed_word_keeps_dashes() {
        assert_eq!(typed_word("depends_on: [ledger-ex"), "ledger-ex");
        assert_eq!(typed_word("See [[adr-"), "adr-");
    }
}
