//! Status changes read from the site's git history: the `status:` a commit changed in a handoff's
//! file. They fill in what the file's own `history` does not record, so rework and cycle times
//! count moves nobody wrote down (see [`super::timeline`]).
//!
//! Only an edit that changes `status:` is a move. The commit that adds a file is not: it is when
//! the file reached git, not when the work moved (a team importing its handoffs, or a clone built
//! later, would see every status re-dated to the import); the frontmatter's dates and `history`
//! say when. A rename is not an add: [`crate::digest::git`] pairs it, and a move without an edit
//! changes no field.

use super::timeline::{Observed, StatusChange};
use crate::digest::git::{ChangeKind, History};
use crate::model::{Base, Id, Status};
use std::collections::HashMap;
use std::path::Path;

/// The status changes of every handoff whose `status:` an edit in `history` changed. A commit that
/// wrote an unknown status is skipped (check reports the current file; a past typo is not news).
pub fn from_history(base: &Base, history: &History) -> Observed {
    let by_file: HashMap<&Path, &Id> = base.handoffs.values().map(|h| (h.file.as_path(), &h.id)).collect();
    let mut observed = Observed::new();
    for change in history.changes.iter().filter(|c| c.kind == ChangeKind::Modified) {
        let Some(id) = by_file.get(change.path.as_path()) else { continue };
        let written = change.fields.iter().find(|f| f.field == "status").and_then(|f| f.after.as_deref());
        if let Some(status) = written.and_then(Status::parse) {
            observed.entry((*id).clone()).or_default().push(StatusChange { at: change.at, status, recorded: true });
        }
    }
    observed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::git::{FieldChange, FileChange, GitAuthor};
    use crate::testing::{base_of, handoff};

    fn change(path: &str, at: &str, kind: ChangeKind, status: Option<&str>) -> FileChange {
        FileChange {
            commit: "abc1234".into(),
            author: GitAuthor { name: "Ana".into(), email: "ana@example.com".into() },
            at: at.parse().unwrap(),
            path: path.into(),
            from: None,
            kind,
            fields: status
                .map(|s| FieldChange { field: "status".into(), before: None, after: Some(s.into()) })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn each_edit_that_changed_a_status_is_a_change_of_its_handoff() {
        let base = base_of(&[handoff("a", "status: in-progress\n"), handoff("b", "status: ready\n")]);
        let file = |id: &str| base.handoffs[&Id::parse(id).unwrap()].file.to_string_lossy().into_owned();
        let history = History {
            changes: vec![
                change(&file("a"), "2026-10-01T00:00:00Z", ChangeKind::Added, Some("ready")),
                change(&file("a"), "2026-10-02T00:00:00Z", ChangeKind::Modified, Some("accepted")),
                change(&file("a"), "2026-10-03T00:00:00Z", ChangeKind::Modified, None),
                change(&file("a"), "2026-10-04T00:00:00Z", ChangeKind::Modified, Some("in progress?")),
                change(&file("b"), "2026-10-05T00:00:00Z", ChangeKind::Deleted, Some("ready")),
                change("content/gone.md", "2026-10-06T00:00:00Z", ChangeKind::Modified, Some("done")),
            ],
        };
        let observed = from_history(&base, &history);
        let a: Vec<Status> = observed[&Id::parse("a").unwrap()].iter().map(|c| c.status).collect();
        assert_eq!(a, [Status::Accepted], "adding the file says when it reached git, not when it moved");
        assert!(!observed.contains_key(&Id::parse("b").unwrap()), "a deletion says nothing of a status");
        assert_eq!(observed.len(), 1);
    }
}
