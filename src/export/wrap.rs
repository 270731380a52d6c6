//! The shift wrap record: the shift's instants, its open handoffs resolved, what to watch, what
//! is baking, and who it was handed to (a person or a team).

use super::records::{EdgeRecord, GroupRecord, MomentRecord, PersonRecord, group, handoff_edge};
use crate::model::{Base, KnownRecipient, Wrap};
use serde::Serialize;

/// Who a wrap is handed to.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RecipientRecord<'a> {
    /// A person.
    Person {
        /// Who.
        person: PersonRecord<'a>,
    },
    /// A team.
    Team {
        /// Which.
        team: GroupRecord<'a>,
    },
}

/// An open handoff of a wrap.
#[derive(Debug, Serialize)]
pub struct OpenRecord<'a> {
    /// The handoff.
    pub handoff: EdgeRecord<'a>,
    /// The next step.
    pub next: Option<&'a str>,
}

/// A shift wrap.
#[derive(Debug, Serialize)]
#[allow(missing_docs, reason = "each field is the wrap field of the same name, see docs/format.md")]
pub struct WrapRecord<'a> {
    pub id: &'a str,
    pub url: String,
    pub file: String,
    pub author: PersonRecord<'a>,
    pub team: Option<GroupRecord<'a>>,
    pub shift_start: MomentRecord<'a>,
    pub shift_end: MomentRecord<'a>,
    pub tz: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub open: Vec<OpenRecord<'a>>,
    pub watch: Vec<WatchRecord<'a>>,
    pub baking: Vec<BakingRecord<'a>>,
    pub handed_to: Option<RecipientRecord<'a>>,
    /// The Markdown body as written: in `baton export` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
}

/// Something to watch.
#[derive(Debug, Serialize)]
pub struct WatchRecord<'a> {
    /// What.
    pub what: &'a str,
    /// Where to look.
    #[serde(rename = "where")]
    pub place: Option<&'a str>,
}

/// A change still baking.
#[derive(Debug, Serialize)]
pub struct BakingRecord<'a> {
    /// The change.
    pub change: &'a str,
    /// How to undo it.
    pub rollback: Option<&'a str>,
}

impl<'a> WrapRecord<'a> {
    /// The record of `w` with its body, as `baton export` prints it.
    pub fn with_body(base: &'a Base, w: &'a Wrap) -> Self {
        WrapRecord { body: Some(&w.body), ..WrapRecord::new(base, w) }
    }

    /// The record of `w` without its body, as the site's parts hold it.
    pub fn new(base: &'a Base, w: &'a Wrap) -> Self {
        WrapRecord {
            id: w.id.as_str(),
            url: crate::render::wraps::wrap_url(&w.id),
            file: w.file.to_string_lossy().into_owned(),
            author: PersonRecord::new(base, &w.author.value),
            team: w.team.as_deref().map(|t| group(t, "teams")),
            shift_start: MomentRecord {
                written: &w.shift.start.value.written,
                instant: w.shift.start.value.instant.to_string(),
            },
            shift_end: MomentRecord {
                written: &w.shift.end.value.written,
                instant: w.shift.end.value.instant.to_string(),
            },
            tz: w.shift.tz.as_deref(),
            summary: w.summary.as_ref().map(|s| s.value.as_str()),
            open: w
                .open
                .iter()
                .map(|o| OpenRecord { handoff: handoff_edge(base, &o.id.value), next: o.next.as_deref() })
                .collect(),
            watch: w.watch.iter().map(|x| WatchRecord { what: &x.what, place: x.place.as_deref() }).collect(),
            baking: w
                .baking
                .iter()
                .map(|b| BakingRecord { change: &b.change, rollback: b.rollback.as_deref() })
                .collect(),
            handed_to: recipient(base, w),
            body: None,
        }
    }
}

fn recipient<'a>(base: &'a Base, w: &'a Wrap) -> Option<RecipientRecord<'a>> {
    Some(match w.known_recipient(base)? {
        KnownRecipient::Person(handle) => RecipientRecord::Person { person: PersonRecord::new(base, handle) },
        KnownRecipient::Team(_, team) => RecipientRecord::Team { team: group(&team.name, "teams") },
    })
}
