//! What the cursor is on, where it is defined, and everything that refers to it.
//!
//! A target is an id (in `depends_on`, `related`, `supersedes`, a wrap's `open`, an `id:` or a
//! `[[wiki link]]`), a handle (in a people field or a people.yaml key) or a `.md` link. Its
//! definition is the file of the handoff, decision or wrap (at its `id:` when written, at the
//! heading for an `#anchor`), or the people.yaml entry. References are found in every file's
//! current text, so they include what unsaved buffers say.

use super::paths;
use super::workspace::{PEOPLE_FILE, Workspace};
use super::written::{self, LinkTarget, Meaning};
use crate::model::Id;
use lsp_types::Location;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What a place in a file names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A handoff, decision or wrap, and maybe a heading on its page.
    Id(String, Option<String>),
    /// A person.
    Handle(String),
}

/// A target and the byte range of its name where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtCursor {
    /// What is named.
    pub target: Target,
    /// Where the name is written.
    pub range: Range<usize>,
    /// The cursor is on a link's `#anchor`, not on the id.
    pub on_anchor: bool,
}

/// What the text at `offset` of `path` names, if anything.
pub fn at_cursor(workspace: &Workspace, path: &Path, offset: usize) -> Option<AtCursor> {
    let text = workspace.text(path)?;
    let covers = |range: &Range<usize>| range.start <= offset && offset <= range.end;
    if path == Path::new(PEOPLE_FILE) {
        let key = written::people_handles(text).into_iter().find(|k| covers(&k.range))?;
        return Some(AtCursor { target: Target::Handle(key.name), range: key.range, on_anchor: false });
    }
    let front = written::frontmatter(text);
    for value in front.values.iter().filter(|v| covers(&v.range)) {
        let target = match value.meaning() {
            Meaning::Definition | Meaning::Reference => Target::Id(value.text.clone(), None),
            Meaning::Handle => Target::Handle(value.text.clone()),
            Meaning::Other => continue,
        };
        return Some(AtCursor { target, range: value.range.clone(), on_anchor: false });
    }
    for link in written::body_links(text, front.body_start(text)) {
        let anchor = link.anchor.as_ref().map(|(a, _)| a.clone());
        let on_anchor = link.anchor.as_ref().is_some_and(|(_, r)| covers(r));
        if !covers(&link.range) && !on_anchor {
            continue;
        }
        let id = match &link.target {
            LinkTarget::Id(id) => id.clone(),
            LinkTarget::Path(to) => id_of_path(workspace, &paths::resolve_link(path, to)?)?.to_string(),
        };
        let range = match (&link.anchor, on_anchor) {
            (Some((_, r)), true) => r.clone(),
            _ => link.range.clone(),
        };
        return Some(AtCursor { target: Target::Id(id, anchor), range, on_anchor });
    }
    None
}

/// The id of the handoff (or decision file, or wrap) written in `file`.
pub fn id_of_path<'a>(workspace: &'a Workspace, file: &Path) -> Option<&'a Id> {
    let base = &workspace.good.base;
    let handoff = base.handoffs.values().find(|h| h.file == file).map(|h| &h.id);
    let is_file =
        |d: &&crate::model::Decision| d.file == file && matches!(d.origin, crate::model::DecisionOrigin::File);
    handoff
        .or_else(|| base.decisions.values().find(is_file).map(|d| &d.id))
        .or_else(|| base.wraps.values().find(|w| w.file == file).map(|w| &w.id))
}

/// `textDocument/definition`.
pub fn definition(workspace: &Workspace, path: &Path, offset: usize) -> Option<Location> {
    let at = at_cursor(workspace, path, offset)?;
    let (file, range) = match &at.target {
        Target::Id(id, anchor) => {
            let id = Id::parse(id).ok()?;
            let (file, range) = definition_of_id(workspace, &id)?;
            match anchor.as_deref().and_then(|a| heading(workspace.text(&file)?, a)) {
                Some(heading) => (file, heading),
                None => (file, range),
            }
        }
        Target::Handle(handle) => (PathBuf::from(PEOPLE_FILE), definition_of_handle(workspace, handle)?),
    };
    location(workspace, &file, range)
}

/// Where `id` is defined: its `id:` value, or the top of its file when the id comes from the
/// file name; an inline decision at its entry.
pub fn definition_of_id(workspace: &Workspace, id: &Id) -> Option<(PathBuf, Range<usize>)> {
    let file = workspace.file_of(id)?.to_path_buf();
    let text = workspace.text(&file)?;
    let front = written::frontmatter(text);
    let written = front.values.iter().find(|v| v.meaning() == Meaning::Definition && v.text == id.as_str());
    Some((file, written.map_or(0..0, |v| v.range.clone())))
}

/// The people.yaml key of `handle`.
fn definition_of_handle(workspace: &Workspace, handle: &str) -> Option<Range<usize>> {
    let people = workspace.text(Path::new(PEOPLE_FILE))?;
    written::people_handles(people).into_iter().find(|k| k.name == handle).map(|k| k.range)
}

/// The byte range of the heading whose anchor is `anchor`.
fn heading(text: &str, anchor: &str) -> Option<Range<usize>> {
    let front = written::frontmatter(text);
    let from = front.body_start(text);
    written::lines(&text[from..]).find_map(|(at, line)| {
        let title = line.trim_start_matches('#');
        let is_heading = line.starts_with('#') && title.starts_with(' ');
        (is_heading && crate::slug::slugify(title.trim()) == anchor).then(|| from + at..from + at + line.len())
    })
}

/// One place a target is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The file.
    pub file: PathBuf,
    /// The byte range of the name.
    pub range: Range<usize>,
    /// A `.md` link: it names the target's file, not its id.
    pub by_path: bool,
}

/// Every place that names `id`: frontmatter references and body links, in file order.
pub fn mentions_of_id(workspace: &Workspace, id: &str) -> Vec<Mention> {
    let target_file = Id::parse(id).ok().and_then(|id| workspace.file_of(&id).map(Path::to_path_buf));
    let mut found = Vec::new();
    for (file, state) in &workspace.files {
        let text = &state.text;
        let front = written::frontmatter(text);
        let references = front.values.iter().filter(|v| v.meaning() == Meaning::Reference && v.text == id);
        found.extend(references.map(|v| Mention { file: file.clone(), range: v.range.clone(), by_path: false }));
        for link in written::body_links(text, front.body_start(text)) {
            let by_path = match &link.target {
                LinkTarget::Id(to) if to == id => false,
                LinkTarget::Path(to) if target_file.is_some() && paths::resolve_link(file, to) == target_file => true,
                _ => continue,
            };
            found.push(Mention { file: file.clone(), range: link.range, by_path });
        }
    }
    found
}

/// Every place that names `handle`: people fields in content files, and its people.yaml key.
pub fn mentions_of_handle(workspace: &Workspace, handle: &str) -> Vec<Mention> {
    let mut found = Vec::new();
    if let Some(range) = definition_of_handle(workspace, handle) {
        found.push(Mention { file: PEOPLE_FILE.into(), range, by_path: false });
    }
    for (file, state) in &workspace.files {
        let front = written::frontmatter(&state.text);
        let named = front.values.iter().filter(|v| v.meaning() == Meaning::Handle && v.text == handle);
        found.extend(named.map(|v| Mention { file: file.clone(), range: v.range.clone(), by_path: false }));
    }
    found
}

/// `textDocument/references`: what depends on or links to the target under the cursor (the
/// file's own handoff when the cursor is on nothing in particular).
pub fn references(workspace: &Workspace, path: &Path, offset: usize, declaration: bool) -> Vec<Location> {
    let target = match at_cursor(workspace, path, offset) {
        Some(at) => at.target,
        None => match id_of_path(workspace, path) {
            Some(id) => Target::Id(id.to_string(), None),
            None => return Vec::new(),
        },
    };
    let (mentions, definition) = match &target {
        Target::Id(id, _) => {
            let definition = Id::parse(id).ok().and_then(|id| definition_of_id(workspace, &id));
            (mentions_of_id(workspace, id), definition)
        }
        Target::Handle(handle) => {
            let all = mentions_of_handle(workspace, handle);
            let (key, rest): (Vec<Mention>, Vec<Mention>) =
                all.into_iter().partition(|m| m.file == Path::new(PEOPLE_FILE));
            (rest, key.into_iter().next().map(|m| (m.file, m.range)))
        }
    };
    let declared = definition.filter(|_| declaration).map(|(file, range)| Mention { file, range, by_path: false });
    let all = declared.into_iter().chain(mentions);
    all.filter_map(|m| location(workspace, &m.file, m.range)).collect()
}

/// A location in a file of the site.
pub fn location(workspace: &Workspace, file: &Path, range: Range<usize>) -> Option<Location> {
    let text = workspace.text(file)?;
    Some(Location { uri: paths::uri(&workspace.root, file)?, range: super::text::range(text, range.start, range.end) })
}
