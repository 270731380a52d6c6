//! The site's git history, read with gix (no `git` binary): which frontmatter fields of which
//! content file changed in which commit, by whom and when.
//!
//! Only commits inside the digest's window are read (the walk stops at the cutoff), merge commits
//! are skipped (their changes are the commits they merge), and only `content/**/*.md` under the
//! site folder is compared, skipping subtrees whose ids did not change. A site that is not in a
//! git repository, or one without commits, has no history: the digest then works from the
//! frontmatter alone. In a shallow clone the history stops at the clone's edge. Nothing here
//! interprets fields; [`super::sources`] does.

use anyhow::Context as _;
use gix::bstr::ByteSlice as _;
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What changed in the content files, commit by commit, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Every changed content file of every commit in the window.
    pub changes: Vec<FileChange>,
}

/// Who made a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitAuthor {
    /// The name as committed.
    pub name: String,
    /// The email as committed.
    pub email: String,
}

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// The file is new.
    Added,
    /// The file was edited.
    Modified,
    /// The file was removed.
    Deleted,
}

/// One frontmatter field that changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    /// The top-level key.
    pub field: String,
    /// Its value before, when it was a single value.
    pub before: Option<String>,
    /// Its value after, when it is a single value.
    pub after: Option<String>,
}

/// One content file changed by one commit.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// The commit's short id.
    pub commit: String,
    /// Who wrote it.
    pub author: GitAuthor,
    /// When (the author's time).
    pub at: Timestamp,
    /// The file, relative to the site folder (`content/a.md`).
    pub path: PathBuf,
    /// Added, edited or removed.
    pub kind: ChangeKind,
    /// The frontmatter fields that differ, by key.
    pub fields: Vec<FieldChange>,
}

/// Reads the history of the site at `site` between `since` and `until`; `None` when the site is
/// not inside a git work tree or the repository has no commits yet.
pub fn read_history(site: &Path, since: Timestamp, until: Timestamp) -> anyhow::Result<Option<History>> {
    let Ok(repo) = gix::discover(site) else { return Ok(None) };
    let Some(workdir) = repo.workdir() else { return Ok(None) };
    let root = workdir.canonicalize().with_context(|| format!("resolving {}", workdir.display()))?;
    let site_abs = site.canonicalize().with_context(|| format!("resolving {}", site.display()))?;
    let Ok(site_rel) = site_abs.strip_prefix(&root) else { return Ok(None) };
    let content = site_rel.join("content");
    let Ok(head) = repo.head_commit() else { return Ok(None) };
    let sorting = gix::revision::walk::Sorting::ByCommitTimeCutoff {
        order: gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
        seconds: since.as_second(),
    };
    let walk = head.ancestors().sorting(sorting).all().map_err(|e| anyhow::anyhow!("walking the git history: {e}"))?;
    let mut changes = Vec::new();
    // A commit that cannot be read is the edge of a shallow clone (CI checks out one commit by
    // default): the history known so far is kept, and the rest is the frontmatter's to tell.
    for info in walk {
        let Ok(commit) = info.map_err(drop).and_then(|info| info.object().map_err(drop)) else { break };
        changes.extend(commit_changes(&repo, &commit, &content, since, until)?);
    }
    changes.sort_by(|a, b| (a.at, &a.commit, &a.path).cmp(&(b.at, &b.commit, &b.path)));
    Ok(Some(History { changes }))
}

fn commit_changes(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    content: &Path,
    since: Timestamp,
    until: Timestamp,
) -> anyhow::Result<Vec<FileChange>> {
    let parents: Vec<gix::ObjectId> = commit.parent_ids().map(|id| id.detach()).collect();
    let signature = commit.author().map_err(|e| anyhow::anyhow!("reading the author of {}: {e}", commit.id))?;
    let seconds = signature.time().map_err(|e| anyhow::anyhow!("reading the date of {}: {e}", commit.id))?.seconds;
    let at = Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH);
    if parents.len() > 1 || at < since || at > until {
        return Ok(Vec::new());
    }
    let author = GitAuthor {
        name: signature.name.to_str_lossy().trim().to_string(),
        email: signature.email.to_str_lossy().trim().to_string(),
    };
    let new = content_tree(repo, commit.id, content)?;
    let old = match parents.first().map(|parent| content_tree(repo, *parent, content)) {
        Some(Ok(tree)) => tree,
        // The parent is beyond a shallow clone's edge: what this commit changed is unknown.
        Some(Err(_)) => return Ok(Vec::new()),
        None => None,
    };
    let mut files = BTreeMap::new();
    diff_trees(repo, old, new, content, &mut files)?;
    let short = commit.id.to_hex_with_len(7).to_string();
    Ok(files
        .into_iter()
        .filter_map(|(path, (before, after))| {
            let site_path = site_relative(&path, content)?;
            Some(file_change(repo, &short, &author, at, site_path, before, after))
        })
        .collect())
}

/// `REL/content/a.md` → `content/a.md`.
fn site_relative(path: &Path, content: &Path) -> Option<PathBuf> {
    let inside = path.strip_prefix(content).ok()?;
    Some(Path::new("content").join(inside))
}

/// The id of the `content` tree of a commit, if it has one.
fn content_tree(
    repo: &gix::Repository,
    commit: gix::ObjectId,
    content: &Path,
) -> anyhow::Result<Option<gix::ObjectId>> {
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| anyhow::anyhow!("reading the tree of {commit}: {e}"))?;
    let entry =
        tree.lookup_entry_by_path(content).map_err(|e| anyhow::anyhow!("looking up {}: {e}", content.display()))?;
    Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
}

type BlobPair = (Option<gix::ObjectId>, Option<gix::ObjectId>);

/// Every `.md` blob that differs between two trees, by path; equal subtrees are skipped whole.
fn diff_trees(
    repo: &gix::Repository,
    old: Option<gix::ObjectId>,
    new: Option<gix::ObjectId>,
    prefix: &Path,
    out: &mut BTreeMap<PathBuf, BlobPair>,
) -> anyhow::Result<()> {
    if old == new {
        return Ok(());
    }
    let old_entries = tree_entries(repo, old)?;
    let new_entries = tree_entries(repo, new)?;
    let names: std::collections::BTreeSet<&String> = old_entries.keys().chain(new_entries.keys()).collect();
    for name in names {
        let (before, after) = (old_entries.get(name), new_entries.get(name));
        let path = prefix.join(name);
        let subtree = |e: Option<&(bool, gix::ObjectId)>| e.filter(|(is_tree, _)| *is_tree).map(|(_, id)| *id);
        let blob = |e: Option<&(bool, gix::ObjectId)>| e.filter(|(is_tree, _)| !*is_tree).map(|(_, id)| *id);
        diff_trees(repo, subtree(before), subtree(after), &path, out)?;
        let (before, after) = (blob(before), blob(after));
        if before != after && name.ends_with(".md") {
            out.insert(path, (before, after));
        }
    }
    Ok(())
}

/// A tree's entries: name → (is a tree, id). Submodules and symbolic links are left out.
fn tree_entries(
    repo: &gix::Repository,
    tree: Option<gix::ObjectId>,
) -> anyhow::Result<BTreeMap<String, (bool, gix::ObjectId)>> {
    let Some(tree) = tree else { return Ok(BTreeMap::new()) };
    let tree = repo.find_tree(tree).map_err(|e| anyhow::anyhow!("reading tree {tree}: {e}"))?;
    let decoded = tree.decode().map_err(|e| anyhow::anyhow!("decoding tree {}: {e}", tree.id))?;
    Ok(decoded
        .entries
        .iter()
        .filter(|e| e.mode.is_tree() || e.mode.is_blob())
        .map(|e| (e.filename.to_str_lossy().into_owned(), (e.mode.is_tree(), e.oid.to_owned())))
        .collect())
}

fn file_change(
    repo: &gix::Repository,
    commit: &str,
    author: &GitAuthor,
    at: Timestamp,
    path: PathBuf,
    before: Option<gix::ObjectId>,
    after: Option<gix::ObjectId>,
) -> FileChange {
    let kind = match (before, after) {
        (None, _) => ChangeKind::Added,
        (_, None) => ChangeKind::Deleted,
        _ => ChangeKind::Modified,
    };
    let old = before.map(|id| frontmatter(repo, id)).unwrap_or_default();
    let new = after.map(|id| frontmatter(repo, id)).unwrap_or_default();
    FileChange { commit: commit.to_string(), author: author.clone(), at, path, kind, fields: field_changes(&old, &new) }
}

/// A blob's frontmatter as key → value; empty when it has none or does not parse (the digest
/// then only knows that the file changed, not which fields).
fn frontmatter(repo: &gix::Repository, blob: gix::ObjectId) -> BTreeMap<String, serde_json::Value> {
    let Ok(object) = repo.find_object(blob) else { return BTreeMap::new() };
    let text = String::from_utf8_lossy(&object.data);
    parse_fields(&text)
}

/// The top-level frontmatter fields of a file's text.
pub fn parse_fields(text: &str) -> BTreeMap<String, serde_json::Value> {
    crate::load::frontmatter::split(text)
        .ok()
        .and_then(|split| serde_saphyr::from_str::<BTreeMap<String, serde_json::Value>>(split.yaml).ok())
        .unwrap_or_default()
}

/// The fields that differ between two versions, by key.
pub fn field_changes(
    old: &BTreeMap<String, serde_json::Value>,
    new: &BTreeMap<String, serde_json::Value>,
) -> Vec<FieldChange> {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| FieldChange { field: k.clone(), before: single(old.get(k)), after: single(new.get(k)) })
        .collect()
}

fn single(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_reported_with_single_values() {
        let old = parse_fields("---\ntitle: A\nstatus: ready\ntags: [x]\n---\nbody\n");
        let new = parse_fields("---\ntitle: A\nstatus: in-progress\ntags: [x, y]\nowner: kofi\n---\nother body\n");
        let changes = field_changes(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["owner", "status", "tags"]);
        assert_eq!(changes[1].before.as_deref(), Some("ready"));
        assert_eq!(changes[1].after.as_deref(), Some("in-progress"));
        assert_eq!((changes[2].before.as_deref(), changes[2].after.as_deref()), (None, None));
    }

    #[test]
    fn a_file_without_frontmatter_has_no_fields() {
        assert!(parse_fields("# just text\n").is_empty());
    }
}
