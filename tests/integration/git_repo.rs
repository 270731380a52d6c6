//! Git repositories for tests, made with gix, so the tests need no `git` binary.

use gix::ObjectId;

/// A new, empty repository in `dir`.
pub(crate) fn init(dir: &std::path::Path) -> gix::Repository {
    gix::init(dir).expect("git init")
}

/// Commits `files` (the whole tree) as `who` at `when`; returns the commit id.
pub(crate) fn commit(
    repo: &gix::Repository,
    files: &[(&str, String)],
    who: (&str, &str),
    when: &str,
    parent: Option<ObjectId>,
) -> ObjectId {
    let mut editor = repo.edit_tree(ObjectId::empty_tree(gix::hash::Kind::Sha1)).expect("editor");
    for (path, text) in files {
        let blob = repo.write_blob(text.as_bytes()).expect("blob");
        editor.upsert(*path, gix::object::tree::EntryKind::Blob, blob).expect("upsert");
    }
    let tree = editor.write().expect("tree");
    let seconds = when.parse::<jiff::Timestamp>().expect("time").as_second();
    let time = format!("{seconds} +0000");
    let signature = gix::actor::SignatureRef { name: who.0.into(), email: who.1.into(), time: &time };
    repo.commit_as(signature, signature, "HEAD", "change", tree, parent).expect("commit").detach()
}
