//! The site's git history, read with gix (no `git` binary): which frontmatter fields of which
//! content file changed in which commit, by whom and when.
//!
//! Only commits inside the digest's window are read (the walk stops at the cutoff), merge commits
//! are skipped (their changes are the commits they merge), and only `content/**/*.md` under the
//! site folder is compared, skipping subtrees whose ids did not change. A file removed and one
//! added by the same commit are paired as a rename when their text is the same or mostly the same
//! (see [`pair_renames`]): a `git mv` changes nothing, and a move with small edits is that edit.
//! Each change is filed under the path the file has at the end of the history. A site that is not in a
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
    /// The file moved, its text unchanged (a moved and edited file is [`ChangeKind::Modified`]
    /// with [`FileChange::from`] set).
    Renamed,
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
    /// The file, relative to the site folder (`content/a.md`), where it is at the end of the
    /// history: a later rename is followed, so every change of one file has one path.
    pub path: PathBuf,
    /// Where this commit moved the file from, when it did.
    pub from: Option<PathBuf>,
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
    follow_renames(&mut changes);
    Ok(Some(History { changes }))
}

/// Files every change (oldest first) under the path its file has after the last rename, walking
/// back from the newest commit.
pub fn follow_renames(changes: &mut [FileChange]) {
    let mut moved_to: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for change in changes.iter_mut().rev() {
        if let Some(later) = moved_to.get(&change.path) {
            change.path = later.clone();
        }
        if let Some(from) = &change.from {
            // The old path may be reused by another file before this rename: only what came
            // earlier is this file's.
            moved_to.insert(from.clone(), change.path.clone());
        }
    }
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
    let texts = |id: gix::ObjectId| repo.find_object(id).map(|o| String::from_utf8_lossy(&o.data).into_owned()).ok();
    Ok(pair_renames(files, texts)
        .into_iter()
        .filter_map(|touched| {
            let path = site_relative(&touched.path, content)?;
            let from = touched.from.and_then(|from| site_relative(&from, content));
            let change = file_change(repo, &short, &author, at, path, touched.before, touched.after);
            Some(FileChange { from, ..change })
        })
        .collect())
}

/// One file a commit touched: its blobs before and after, and where it came from if it moved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Touched {
    path: PathBuf,
    from: Option<PathBuf>,
    before: Option<gix::ObjectId>,
    after: Option<gix::ObjectId>,
}

/// How alike two texts must be for a removal and an addition to be one file that moved: git's
/// own default (`-M50%`), so `git log --follow` and the digest agree.
const RENAME_SIMILARITY: f64 = 0.5;

/// Pairs the files a commit removed with those it added: the same blob first (a pure move, the
/// same file name preferred), then the most similar text above [`RENAME_SIMILARITY`]; ties go to
/// the first path, so the pairing does not depend on map order. `text` reads a blob.
fn pair_renames(files: BTreeMap<PathBuf, BlobPair>, text: impl Fn(gix::ObjectId) -> Option<String>) -> Vec<Touched> {
    let touched = |(path, (before, after)): (PathBuf, BlobPair)| Touched { path, from: None, before, after };
    let (mut removed, rest): (Vec<Touched>, Vec<Touched>) =
        files.into_iter().map(touched).partition(|t| t.after.is_none());
    let mut out = Vec::new();
    let mut added = Vec::new();
    for t in rest {
        if t.before.is_none() { added.push(t) } else { out.push(t) }
    }
    // Exact moves first, so a similar file cannot take the partner of an identical one.
    for add in &mut added {
        let same_name = |r: &Touched| r.path.file_name() == add.path.file_name();
        let exact = |r: &Touched| r.before == add.after;
        let found = removed.iter().position(|r| exact(r) && same_name(r)).or_else(|| removed.iter().position(exact));
        if let Some(i) = found {
            let gone = removed.remove(i);
            (add.from, add.before) = (Some(gone.path), gone.before);
        }
    }
    for add in added.iter_mut().filter(|a| a.from.is_none()) {
        let Some(new_text) = add.after.and_then(&text) else { continue };
        let scored = removed.iter().enumerate().filter_map(|(i, r)| {
            let old_text = r.before.and_then(&text)?;
            Some((similarity(&old_text, &new_text), i))
        });
        let best = scored
            .filter(|(score, _)| *score >= RENAME_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, i)) = best {
            let gone = removed.remove(i);
            (add.from, add.before) = (Some(gone.path), gone.before);
        }
    }
    out.extend(added);
    out.extend(removed);
    out
}

/// The share of lines two texts have in common (as a multiset), over the longer one's count.
fn similarity(old: &str, new: &str) -> f64 {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in old.lines() {
        *counts.entry(line).or_default() += 1;
    }
    let common = new
        .lines()
        .filter(|line| {
            counts.get_mut(line).is_some_and(|n| {
                *n > 0 && {
                    *n -= 1;
                    true
                }
            })
        })
        .count();
    let longest = old.lines().count().max(new.lines().count());
    if longest == 0 { 1.0 } else { common as f64 / longest as f64 }
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
        (Some(old), Some(new)) if old == new => ChangeKind::Renamed,
        _ => ChangeKind::Modified,
    };
    let old = before.map(|id| frontmatter(repo, id)).unwrap_or_default();
    let new = after.map(|id| frontmatter(repo, id)).unwrap_or_default();
    let fields = field_changes(&old, &new);
    FileChange { commit: commit.to_string(), author: author.clone(), at, path, from: None, kind, fields }
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

    fn id(n: u8) -> gix::ObjectId {
        gix::ObjectId::from_bytes_or_panic(&[n; 20])
    }

    fn pairs(touched: &[Touched]) -> Vec<(String, Option<String>)> {
        let show = |p: &Path| p.to_string_lossy().into_owned();
        touched.iter().map(|t| (show(&t.path), t.from.as_deref().map(show))).collect()
    }

    #[test]
    fn a_moved_folder_is_renames_and_a_moved_edited_file_is_paired_by_similarity() {
        let files = BTreeMap::from([
            (PathBuf::from("c/old/a.md"), (Some(id(1)), None)),
            (PathBuf::from("c/old/b.md"), (Some(id(2)), None)),
            (PathBuf::from("c/old/gone.md"), (Some(id(3)), None)),
            (PathBuf::from("c/new/a.md"), (None, Some(id(1)))),
            (PathBuf::from("c/new/b.md"), (None, Some(id(4)))),
            (PathBuf::from("c/new/fresh.md"), (None, Some(id(5)))),
            (PathBuf::from("c/kept.md"), (Some(id(6)), Some(id(7)))),
        ]);
        let text = |blob: gix::ObjectId| {
            let common = "---\ntitle: B\nowner: ana\nstatus: blocked\n---\nOne.\nTwo.\nThree.\n";
            Some(match blob.as_bytes()[0] {
                2 => common.to_string(),
                4 => common.replace("Three.", "Three, edited."),
                3 => "---\ntitle: Gone\n---\nNothing alike.\n".to_string(),
                _ => "---\ntitle: Fresh\nowner: mei\n---\nNew work entirely, no line shared.\n".to_string(),
            })
        };
        let mut touched = pair_renames(files, text);
        touched.sort_by(|a, b| a.path.cmp(&b.path));
        let old = |name: &str| Some(format!("c/old/{name}"));
        assert_eq!(
            pairs(&touched),
            [
                ("c/kept.md".into(), None),
                ("c/new/a.md".into(), old("a.md")),
                ("c/new/b.md".into(), old("b.md")),
                ("c/new/fresh.md".into(), None),
                ("c/old/gone.md".into(), None),
            ]
        );
        assert_eq!((touched[2].before, touched[2].after), (Some(id(2)), Some(id(4))), "the edit is kept");
    }

    #[test]
    fn earlier_changes_follow_the_file_to_where_it_moved() {
        let change = |path: &str, from: Option<&str>, kind: ChangeKind| FileChange {
            commit: "abc1234".into(),
            author: GitAuthor { name: "Ana".into(), email: "ana@example.com".into() },
            at: Timestamp::UNIX_EPOCH,
            path: path.into(),
            from: from.map(PathBuf::from),
            kind,
            fields: Vec::new(),
        };
        let mut changes = vec![
            change("content/a.md", None, ChangeKind::Added),
            change("content/x/a.md", Some("content/a.md"), ChangeKind::Renamed),
            change("content/a.md", None, ChangeKind::Added),
            change("content/y/a.md", Some("content/x/a.md"), ChangeKind::Modified),
        ];
        follow_renames(&mut changes);
        let paths: Vec<&Path> = changes.iter().map(|c| c.path.as_path()).collect();
        let expected = ["content/y/a.md", "content/y/a.md", "content/a.md", "content/y/a.md"].map(Path::new);
        assert_eq!(paths, expected, "a new file at the old path is another file");
    }

    #[test]
    fn a_file_without_frontmatter_has_no_fields() {
        assert!(parse_fields("# just text\n").is_empty());
    }
}
