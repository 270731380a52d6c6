//! The outline of a file (its frontmatter and its sections) and a search of the whole base by
//! title and id.

use super::workspace::Workspace;
use super::written;
use lsp_types::{
    DocumentSymbol, DocumentSymbolResponse, Location, OneOf, SymbolKind, WorkspaceSymbol, WorkspaceSymbolResponse,
};
use std::path::Path;

/// How many workspace symbols one query returns at most.
const MOST_SYMBOLS: usize = 200;

/// `textDocument/documentSymbol`: the frontmatter, then the body's headings nested by level.
pub fn document(workspace: &Workspace, path: &Path) -> DocumentSymbolResponse {
    let Some(text) = workspace.text(path) else { return DocumentSymbolResponse::Nested(Vec::new()) };
    let front = written::frontmatter(text);
    let mut top = Vec::new();
    if front.closed {
        let children = front
            .keys
            .iter()
            .map(|k| symbol(text, &k.name, SymbolKind::FIELD, k.range.clone(), k.range.clone()))
            .collect();
        let mut frontmatter = symbol(text, "frontmatter", SymbolKind::OBJECT, 0..front.body_start(text), 0..3);
        frontmatter.children = Some(children);
        top.push(frontmatter);
    }
    // (level, symbol) for the headings still open, outermost first.
    let mut open: Vec<(usize, DocumentSymbol)> = Vec::new();
    let from = front.body_start(text);
    let mut in_code = false;
    for (at, line) in written::lines(&text[from..]) {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        if in_code || level == 0 || level > 6 || !line[level..].starts_with(' ') {
            continue;
        }
        let start = from + at;
        close_deeper(&mut open, &mut top, level, text, start);
        let heading =
            symbol(text, line[level..].trim(), SymbolKind::STRING, start..text.len(), start..start + line.len());
        open.push((level, heading));
    }
    close_deeper(&mut open, &mut top, 0, text, text.len());
    DocumentSymbolResponse::Nested(top)
}

/// Closes the open headings at `level` or deeper, ending their ranges at `end`.
fn close_deeper(
    open: &mut Vec<(usize, DocumentSymbol)>,
    top: &mut Vec<DocumentSymbol>,
    level: usize,
    text: &str,
    end: usize,
) {
    while open.last().is_some_and(|(l, _)| *l >= level) {
        let Some((_, mut done)) = open.pop() else { break };
        let end_at = end.min(text.len());
        let end_trimmed = text[..end_at].trim_end().len();
        done.range.end = super::text::position(text, end_trimmed.max(super::text::offset(text, done.range.start)));
        match open.last_mut() {
            Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(done),
            None => top.push(done),
        }
    }
}

#[allow(deprecated, reason = "DocumentSymbol::deprecated is a required field of the struct in lsp-types")]
fn symbol(
    text: &str,
    name: &str,
    kind: SymbolKind,
    range: std::ops::Range<usize>,
    selection: std::ops::Range<usize>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.is_empty() { "(untitled)".to_string() } else { name.to_string() },
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: super::text::range(text, range.start, range.end),
        selection_range: super::text::range(text, selection.start, selection.end),
        children: None,
    }
}

/// `workspace/symbol`: handoffs, decisions and wraps whose id or title holds every word of
/// `query` (ignoring case), by id.
pub fn workspace(workspace: &Workspace, query: &str) -> WorkspaceSymbolResponse {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let matches = |id: &str, title: &str| {
        let haystack = format!("{id} {}", title.to_lowercase());
        words.iter().all(|w| haystack.contains(w.as_str()))
    };
    let base = &workspace.good.base;
    let handoffs = base.handoffs.values().map(|h| (&h.id, h.title.as_str(), SymbolKind::FILE, "handoff"));
    let decisions = base.decisions.values().map(|d| (&d.id, d.title.as_str(), SymbolKind::EVENT, "decision"));
    let wraps = base
        .wraps
        .values()
        .map(|w| (&w.id, w.summary.as_ref().map_or("", |s| s.value.as_str()), SymbolKind::EVENT, "wrap"));
    let found = handoffs
        .chain(decisions)
        .chain(wraps)
        .filter(|(id, title, _, _)| matches(id.as_str(), title))
        .filter_map(|(id, title, kind, what)| {
            let (file, range) = super::navigation::definition_of_id(workspace, id)?;
            let Location { uri, range } = super::navigation::location(workspace, &file, range)?;
            Some(WorkspaceSymbol {
                name: format!("{id}: {title}"),
                kind,
                tags: None,
                container_name: Some(what.to_string()),
                location: OneOf::Left(Location { uri, range }),
                data: None,
            })
        })
        .take(MOST_SYMBOLS)
        .collect();
    WorkspaceSymbolResponse::Nested(found)
}
