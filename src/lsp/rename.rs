//! Rename an id or a handle: one workspace edit that changes the definition and every mention.
//!
//! A new name that is not a valid id or handle, or that is taken already, is refused with a
//! message saying why; nothing is changed then. An id that comes from the file name (no `id:`
//! line) gets an `id:` line, so the file keeps its name and its links by path keep working.

use super::navigation::{AtCursor, Mention, Target, at_cursor, definition_of_id, mentions_of_handle, mentions_of_id};
use super::workspace::Workspace;
use crate::model::{Handle, Id};
use lsp_types::{PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// `textDocument/prepareRename`: the range of the id or handle under the cursor.
pub fn prepare(workspace: &Workspace, path: &Path, offset: usize) -> Option<PrepareRenameResponse> {
    let at = at_cursor(workspace, path, offset)?;
    if !renames_name(workspace, path, &at) {
        return None;
    }
    let range = at.range;
    let text = workspace.text(path)?;
    Some(PrepareRenameResponse::Range(super::text::range(text, range.start, range.end)))
}

/// `textDocument/rename`: the edit, or why the rename is refused.
#[allow(clippy::mutable_key_type, reason = "lsp-types keys WorkspaceEdit by Uri, which hashes its text only")]
pub fn rename(workspace: &Workspace, path: &Path, offset: usize, new_name: &str) -> Result<WorkspaceEdit, String> {
    let Some(AtCursor { target, .. }) =
        at_cursor(workspace, path, offset).filter(|at| renames_name(workspace, path, at))
    else {
        return Err("nothing to rename here: put the cursor on an id or a handle".into());
    };
    let edits = match target {
        Target::Id(old, _) => rename_id(workspace, &old, new_name)?,
        Target::Handle(old) => rename_handle(workspace, &old, new_name)?,
    };
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, range, new_text) in edits {
        let Some(text) = workspace.text(&file) else { continue };
        let Some(uri) = super::paths::uri(&workspace.root, &file) else { continue };
        let range = super::text::range(text, range.start, range.end);
        changes.entry(uri).or_default().push(TextEdit { range, new_text });
    }
    Ok(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
}

/// Whether the cursor is on the name itself (not on a `#anchor`, not on a `.md` link's path).
fn renames_name(workspace: &Workspace, path: &Path, at: &AtCursor) -> bool {
    let name = match &at.target {
        Target::Id(id, _) => id,
        Target::Handle(handle) => handle,
    };
    !at.on_anchor && workspace.text(path).and_then(|t| t.get(at.range.clone())) == Some(name.as_str())
}

type Edit = (PathBuf, Range<usize>, String);

fn rename_id(workspace: &Workspace, old: &str, new_name: &str) -> Result<Vec<Edit>, String> {
    let old_id = Id::parse(old).map_err(|e| format!("`{old}` is not an id: {e}"))?;
    let new = Id::parse(new_name).map_err(|e| format!("cannot rename to `{new_name}`: {e}"))?;
    let base = &workspace.good.base;
    if base.handoffs.contains_key(&new) || base.decisions.contains_key(&new) || base.wraps.contains_key(&new) {
        return Err(format!(
            "cannot rename to `{new}`: that id is taken (by {})",
            workspace.file_of(&new).map_or(String::new(), |f| f.display().to_string())
        ));
    }
    let Some((file, range)) = definition_of_id(workspace, &old_id) else {
        return Err(format!("no handoff, decision or wrap has the id `{old}`"));
    };
    let mut edits =
        vec![if range.is_empty() { id_line(workspace, &file, &new) } else { (file, range, new.to_string()) }];
    let by_id = mentions_of_id(workspace, old).into_iter().filter(|m| !m.by_path);
    edits.extend(by_id.map(|Mention { file, range, .. }| (file, range, new.to_string())));
    Ok(edits)
}

/// An `id:` line after the opening fence, for an id that came from the file name.
fn id_line(workspace: &Workspace, file: &Path, new: &Id) -> Edit {
    let text = workspace.text(file).unwrap_or_default();
    let after_fence = text.find('\n').map_or(text.len(), |i| i + 1);
    (file.to_path_buf(), after_fence..after_fence, format!("id: {new}\n"))
}

fn rename_handle(workspace: &Workspace, old: &str, new_name: &str) -> Result<Vec<Edit>, String> {
    let new = Handle::parse(new_name).map_err(|e| format!("cannot rename to `{new_name}`: {e}"))?;
    if workspace.good.base.people.contains_key(&new) {
        return Err(format!("cannot rename to `{new}`: people.yaml already has that handle"));
    }
    let mentions = mentions_of_handle(workspace, old);
    if mentions.is_empty() {
        return Err(format!("`{old}` is not named anywhere"));
    }
    Ok(mentions.into_iter().map(|m| (m.file, m.range, new.to_string())).collect())
}
