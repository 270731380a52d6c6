//! Starter texts: the handoff and decision that `baton new` writes, and the sections the
//! language server's quick fixes insert from them.
//!
//! Pure functions of a title, an owner and a date; nothing here reads the clock or the disk.
//! They live below both `cli` and `lsp` so that neither reaches into the other.

use crate::model::Handle;

/// The handoff template: every field of the format, each with a hint.
pub fn handoff_template(title: &str, owner: &str, today: &str) -> String {
    format!(
        r#"---
title: {title}
owner: {owner}                  # who owns it now (a handle from people.yaml)
status: draft                 # draft | ready | accepted | in-progress | blocked | done | cancelled
from:                         # who handed it off
reviewer:                     # who reviews it (not the owner)
team:                         # defaults to the owner's team
created: {today}
updated: {today}
handed_off:                   # date (or date-time) it was handed off
due:                          # date it is due
review_within: 24h            # how soon the reviewer answers: 90m, 24h, 3d
intent: >-
  Why this work exists, in two sentences the next shift can act on.
deliverables:
  - What will exist when this is done
acceptance:
  - text: A check anyone can run to see it is done
    done: false
risks:
  - text: What could go wrong
    mitigation: What limits the damage
checklist: []                 # steps to tick off: - text: ..., done: false
depends_on: []                # ids of handoffs this waits on
tags: []
links: []                     # - {{title: ..., url: ..., kind: design|code|incident|ticket|dashboard|doc}}
recordings: []                # - {{title: ..., url: ..., duration: 4m}}
decisions: []                 # - {{id: ..., title: ..., date: ..., status: proposed, by: ..., rationale: ...}}
questions: []                 # - {{q: ..., by: ..., date: ...}}
history: []                   # - {{date: ..., from: ..., to: ..., note: ...}}
---

## Context

What the next person needs to know that is not in the fields above.

## Where I left off

The exact next step, and where to look.
"#
    )
}

/// The decision template: frontmatter plus the four body sections.
pub fn decision_template(title: &str, owner: &Handle, today: &str) -> String {
    format!(
        "---\nkind: decision\ntitle: {title}\nstatus: proposed            # proposed | accepted | rejected | superseded | deprecated\ndate: {today}\nby: [{owner}]\nsupersedes: []              # ids of decisions this replaces\nrelated: []                 # ids of handoffs it concerns\ntags: []\n---\n\n## Context\n\nThe situation and the forces at play.\n\n## Decision\n\nWhat we decided, in one or two sentences.\n\n## Rationale\n\nWhy this option over the others.\n\n## Alternatives\n\n- Another option, and why not\n"
    )
}
