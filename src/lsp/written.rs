//! What is written where in a content file's text: each frontmatter value with the field it
//! belongs to, each wiki link and `.md` link in the body, with byte ranges.
//!
//! The editor features (completion, hover, definition, references, rename) need this while the
//! user types, when the YAML is often half-written and does not parse, so it reads lines rather
//! than YAML: indentation and `key:` give the field, `[`, `,`, `{` separate values. It is not a
//! YAML parser and does not try to be one; the loader stays the judge of what a file means.

use std::ops::Range;

/// The fields whose values are ids of other handoffs or decisions.
pub const ID_FIELDS: &[&str] = &["depends_on", "related", "supersedes"];
/// The fields whose values are handles.
pub const HANDLE_FIELDS: &[&str] = &["owner", "from", "reviewer", "by", "author", "answered_by", "to", "handed_to"];

/// One value in the frontmatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The top-level key it is under (`decisions` for a decision's `supersedes`).
    pub top: String,
    /// The key it is the value of (`supersedes`); for a bare list item, the list's key.
    pub field: String,
    /// The value as written, without quotes.
    pub text: String,
    /// Its byte range in the file.
    pub range: Range<usize>,
}

/// What a value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// The id of this file's handoff, decision or wrap (`id:`), or of an inline decision.
    Definition,
    /// Another handoff's or decision's id.
    Reference,
    /// A person's handle.
    Handle,
    /// Something else.
    Other,
}

impl Value {
    /// What this value names.
    pub fn meaning(&self) -> Meaning {
        match (self.top.as_str(), self.field.as_str()) {
            ("id", "id") | ("decisions", "id") => Meaning::Definition,
            ("open", "open" | "id") => Meaning::Reference,
            (_, field) if ID_FIELDS.contains(&field) => Meaning::Reference,
            (_, field) if HANDLE_FIELDS.contains(&field) => Meaning::Handle,
            _ => Meaning::Other,
        }
    }
}

/// A top-level key with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub name: String,
    /// Its byte range in the file.
    pub range: Range<usize>,
}

/// The frontmatter of a text, read line by line.
#[derive(Debug, Default)]
pub struct Frontmatter {
    /// The byte range between the fences (the YAML); empty when there is no frontmatter.
    pub yaml: Range<usize>,
    /// Whether the closing fence is there.
    pub closed: bool,
    /// Every value.
    pub values: Vec<Value>,
    /// Every top-level key.
    pub keys: Vec<Key>,
    /// For each line of the YAML (from its start), the top-level key and the field it is in.
    lines: Vec<(Range<usize>, String, String)>,
}

impl Frontmatter {
    /// The top-level key and the field the line holding `offset` belongs to.
    pub fn context(&self, offset: usize) -> Option<(&str, &str)> {
        let line = self.lines.iter().find(|(range, _, _)| range.start <= offset && offset <= range.end)?;
        Some((line.1.as_str(), line.2.as_str()))
    }

    /// Where the body starts (after the closing fence), or the end of the text.
    pub fn body_start(&self, text: &str) -> usize {
        if !self.closed {
            return if self.yaml.is_empty() { 0 } else { text.len() };
        }
        text[self.yaml.end..].find('\n').map_or(text.len(), |i| self.yaml.end + i + 1)
    }
}

/// Reads the frontmatter of `text`.
pub fn frontmatter(text: &str) -> Frontmatter {
    let mut lines = lines(text);
    let Some((_, first)) = lines.next() else { return Frontmatter::default() };
    if first.trim_start_matches('\u{feff}').trim_end() != "---" {
        return Frontmatter::default();
    }
    let start = first.len() + 1;
    let mut front = Frontmatter { yaml: start..text.len(), ..Frontmatter::default() };
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (at, line) in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            front.yaml = start.min(at)..at;
            front.closed = true;
            break;
        }
        read_line(&mut front, &mut stack, at, line);
    }
    front
}

/// Reads one YAML line: its key (if any) goes on the stack, its values are recorded.
fn read_line(front: &mut Frontmatter, stack: &mut Vec<(usize, String)>, at: usize, line: &str) {
    let content = line.trim_end_matches('\r');
    let indent = content.len() - content.trim_start().len();
    let mut column = indent;
    while content[column..].starts_with("- ") || content[column..].trim_end() == "-" {
        column = (column + 2).min(content.len());
        column += content[column..].len() - content[column..].trim_start().len();
    }
    if column > indent {
        // A new list item ends whatever the previous item nested.
        stack.retain(|(depth, _)| *depth <= indent);
    }
    let rest = &content[column..];
    let mut value_at = column;
    if !rest.trim().is_empty() && !rest.trim_start().starts_with('#') {
        if let Some(key) = key_of(rest) {
            stack.retain(|(depth, _)| *depth < column);
            stack.push((column, key.to_string()));
            if column == 0 {
                front.keys.push(Key { name: key.to_string(), range: at..at + key.len() });
            }
            value_at = column + key.len() + 1;
        } else if indent == 0 && column == 0 {
            stack.clear();
        }
    }
    let top = stack.first().map(|(_, k)| k.clone()).unwrap_or_default();
    let field = stack.last().map(|(_, k)| k.clone()).unwrap_or_default();
    front.lines.push((at..at + content.len(), top.clone(), field.clone()));
    for (text, range) in values(&content[value_at..]) {
        let (field, text, range) = match key_of(text) {
            // `{id: x, next: y}`: the key inside a flow map is the field.
            Some(key) if text[key.len() + 1..].starts_with(' ') => {
                let inner = text[key.len() + 1..].trim_start();
                let offset = text.len() - inner.len();
                (key.to_string(), unquote(inner).to_string(), range.start + offset..range.end)
            }
            _ => (field.clone(), unquote(text).to_string(), range),
        };
        let shift = if text.len() < range.len() && range.len() - text.len() == 2 { 1 } else { 0 };
        let start = at + value_at + range.start + shift;
        front.values.push(Value { top: top.clone(), field, text: text.clone(), range: start..start + text.len() });
    }
}

/// `key` when `rest` starts with `key:` followed by a space or the end.
fn key_of(rest: &str) -> Option<&str> {
    let end = rest.find(':')?;
    let key = &rest[..end];
    let after = &rest[end + 1..];
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (is_key && (after.is_empty() || after.starts_with(' '))).then_some(key)
}

/// The scalar values in the value part of a line, with their ranges in it: split at flow
/// punctuation, comments dropped.
fn values(part: &str) -> Vec<(&str, Range<usize>)> {
    let part = match part.find(" #") {
        Some(i) => &part[..i],
        None if part.trim_start().starts_with('#') => "",
        None => part,
    };
    let mut found = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (i, c) in part.char_indices().chain(std::iter::once((part.len(), ','))) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | ']' | '{' | '}' | ',') => {
                let piece = &part[start..i];
                let trimmed = piece.trim();
                if !trimmed.is_empty() && !matches!(trimmed, "|" | ">" | "|-" | ">-") {
                    let lead = piece.len() - piece.trim_start().len();
                    found.push((trimmed, start + lead..start + lead + trimmed.len()));
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    found
}

fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

/// Each line with the byte offset it starts at (without its `\n`).
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split('\n').map(move |line| {
        let start = at;
        at += line.len() + 1;
        (start, line)
    })
}

/// A link in a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    /// What it points at: an id (wiki link) or a path as written (`.md` link).
    pub target: LinkTarget,
    /// The byte range of the id or path as written.
    pub range: Range<usize>,
    /// The `#anchor`, if any, and its byte range.
    pub anchor: Option<(String, Range<usize>)>,
}

/// What a body link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `[[id]]`.
    Id(String),
    /// `[text](path.md)`, the path as written.
    Path(String),
}

/// Every wiki link and relative `.md` link in the body of `text` (after `from`), outside fenced code.
pub fn body_links(text: &str, from: usize) -> Vec<BodyLink> {
    let mut found = Vec::new();
    let mut in_code = false;
    for (at, line) in lines(&text[from..]) {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            line_links(line, from + at, &mut found);
        }
    }
    found
}

fn line_links(line: &str, at: usize, found: &mut Vec<BodyLink>) {
    let mut search = 0;
    while let Some(i) = line[search..].find("[[") {
        let start = search + i + 2;
        let Some(len) = line[start..].find("]]") else { break };
        let inner = &line[start..start + len];
        let inner = inner.split('|').next().unwrap_or(inner);
        found.push(link(LinkTarget::Id, inner, at + start));
        search = start + len + 2;
    }
    search = 0;
    while let Some(i) = line[search..].find("](") {
        let start = search + i + 2;
        let Some(len) = line[start..].find(')') else { break };
        let inner = line[start..start + len].split_whitespace().next().unwrap_or("");
        let path = inner.split('#').next().unwrap_or("");
        if path.ends_with(".md") && !path.contains("://") {
            found.push(link(LinkTarget::Path, inner, at + start));
        }
        search = start + len;
    }
}

fn link(make: fn(String) -> LinkTarget, inner: &str, at: usize) -> BodyLink {
    let (target, anchor) = match inner.split_once('#') {
        Some((target, anchor)) => {
            let anchor_at = at + target.len() + 1;
            (target, Some((anchor.to_string(), anchor_at..anchor_at + anchor.len())))
        }
        None => (inner, None),
    };
    BodyLink { target: make(target.to_string()), range: at..at + target.len(), anchor }
}

/// The top-level keys of people.yaml (the handles) with their byte ranges.
pub fn people_handles(text: &str) -> Vec<Key> {
    lines(text)
        .filter_map(|(at, line)| {
            key_of(line.trim_end_matches('\r')).map(|key| Key { name: key.to_string(), range: at..at + key.len() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\ntitle: A # note\nowner: ana\ndepends_on: [b-one, \"c\"]\nopen:\n  - id: d\n    next: see d\n  - e\ndecisions:\n  - id: dec\n    by: [kofi]\n    supersedes: old\nlinks:\n  - {title: T, url: https://x}\n---\nBody [[b-one#plan|the plan]] and [x](../b.md#steps) `[[no]]`\n```\n[[code]]\n```\n";

    fn named(front: &Frontmatter, meaning: Meaning) -> Vec<(&str, &str)> {
        let values = front.values.iter().filter(|v| v.meaning() == meaning);
        values.map(|v| (v.field.as_str(), &FILE[v.range.clone()])).collect()
    }

    #[test]
    fn values_know_their_field() {
        let front = frontmatter(FILE);
        assert!(front.closed);
        assert_eq!(
            named(&front, Meaning::Reference),
            [("depends_on", "b-one"), ("depends_on", "c"), ("id", "d"), ("open", "e"), ("supersedes", "old")]
        );
        assert_eq!(named(&front, Meaning::Handle), [("owner", "ana"), ("by", "kofi")]);
        assert_eq!(named(&front, Meaning::Definition), [("id", "dec")]);
        let keys: Vec<&str> = front.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(keys, ["title", "owner", "depends_on", "open", "decisions", "links"]);
        let url = front.values.iter().find(|v| v.field == "url").unwrap();
        assert_eq!(url.text, "https://x");
    }

    #[test]
    fn body_links_skip_code_blocks() {
        let front = frontmatter(FILE);
        let links = body_links(FILE, front.body_start(FILE));
        let targets: Vec<&str> = links.iter().map(|l| &FILE[l.range.clone()]).collect();
        assert_eq!(targets, ["b-one", "no", "../b.md"]);
        assert_eq!(links[0].anchor.as_ref().map(|a| a.0.as_str()), Some("plan"));
        assert_eq!(links[2].target, LinkTarget::Path("../b.md".into()));
    }

    #[test]
    fn context_names_the_enclosing_field() {
        let front = frontmatter(FILE);
        let at = FILE.find("see d").unwrap();
        assert_eq!(front.context(at), Some(("open", "next")));
    }
}
