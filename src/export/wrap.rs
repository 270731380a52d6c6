//! The shift wrap record: the shift's start and end, its open handoffs by id, what to watch,
//! what is baking, and who it was handed to (a person by handle or a team by name).

use super::records::date;
use super::tables::Named;
use crate::model::{Base, KnownRecipient, Wrap};
use serde::Serialize;
use std::borrow::Cow;

/// Who a wrap is handed to.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RecipientRecord<'a> {
    /// A person.
    Person {
        /// Their handle.
        person: &'a str,
    },
    /// A team.
    Team {
        /// Its name.
        team: &'a str,
    },
}

/// An open handoff of a wrap.
#[derive(Debug, Serialize)]
pub struct OpenRecord<'a> {
    /// The handoff's id.
    pub handoff: &'a str,
    /// The next step.
    pub next: Option<&'a str>,
}

/// A shift wrap.
#[derive(Debug, Serialize)]
#[allow(missing_docs, reason = "each field is the wrap field of the same name, see docs/format.md")]
pub struct WrapRecord<'a> {
    pub id: &'a str,
    pub file: String,
    /// A handle, resolved in the index's `people`.
    pub author: &'a str,
    /// As written, resolved in the index's `teams`.
    pub team: Option<&'a str>,
    pub shift_start: Cow<'a, str>,
    pub shift_end: Cow<'a, str>,
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
            file: w.file.to_string_lossy().into_owned(),
            author: w.author.value.as_str(),
            team: w.team.as_deref(),
            shift_start: date(&w.shift.start.value),
            shift_end: date(&w.shift.end.value),
            tz: w.shift.tz.as_deref(),
            summary: w.summary.as_ref().map(|s| s.value.as_str()),
            open: w.open.iter().map(|o| OpenRecord { handoff: o.id.value.as_str(), next: o.next.as_deref() }).collect(),
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
        KnownRecipient::Person(handle) => RecipientRecord::Person { person: handle.as_str() },
        KnownRecipient::Team(_, team) => RecipientRecord::Team { team: &team.name },
    })
}

/// Everyone and every team `w`'s record names, for the tables that resolve them: its author, its
/// team and whoever it was handed to.
pub fn name_into<'a>(base: &'a Base, w: &'a Wrap, named: &mut Named<'a>) {
    named.person(&w.author.value);
    if let Some(team) = &w.team {
        named.team(team);
    }
    match w.known_recipient(base) {
        Some(KnownRecipient::Person(handle)) => named.person(handle),
        Some(KnownRecipient::Team(_, team)) => named.team(&team.name),
        None => {}
    }
}
