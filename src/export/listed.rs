//! The three lists an export carries — handoffs, decisions, shift wraps — behind one trait, so
//! that `baton export` and the site's paged files are written by one piece of code for all
//! three: each kind says its list's name, its id, its full record, its index entry and whom and
//! which groups its record names.

use super::decision::DecisionRecord;
use super::entries::{DecisionEntry, HandoffEntry, WrapEntry};
use super::handoff::HandoffRecord;
use super::tables::Named;
use super::wrap::WrapRecord;
use crate::model::{Base, Decision, Handoff, Wrap};
use serde::Serialize;

/// A kind of record an export lists.
pub trait Listed: Sync {
    /// The list's name: the field that holds it and the stem of its files.
    const NAME: &'static str;
    /// Its full record.
    type Record<'a>: Serialize
    where
        Self: 'a;
    /// Its short entry in the site's index.
    type Entry<'a>: Serialize
    where
        Self: 'a;
    /// Its id.
    fn id(&self) -> &str;
    /// Its full record without the body, as the site's parts hold it.
    fn record<'a>(&'a self, base: &'a Base) -> Self::Record<'a>;
    /// Its full record with the body, as `baton export` prints it.
    fn record_with_body<'a>(&'a self, base: &'a Base) -> Self::Record<'a>;
    /// Its index entry, pointing at `part`.
    fn entry<'a>(&'a self, base: &'a Base, part: &'a str) -> Self::Entry<'a>;
    /// Adds the people, teams and tags its record names to `named`.
    fn name_into<'a>(&'a self, base: &'a Base, named: &mut Named<'a>);
}

impl Listed for Handoff {
    const NAME: &'static str = "handoffs";
    type Record<'a> = HandoffRecord<'a>;
    type Entry<'a> = HandoffEntry<'a>;

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn record<'a>(&'a self, base: &'a Base) -> HandoffRecord<'a> {
        HandoffRecord::new(base, self)
    }

    fn record_with_body<'a>(&'a self, base: &'a Base) -> HandoffRecord<'a> {
        HandoffRecord::with_body(base, self)
    }

    fn entry<'a>(&'a self, base: &'a Base, part: &'a str) -> HandoffEntry<'a> {
        HandoffEntry::new(base, self, part)
    }

    fn name_into<'a>(&'a self, _base: &'a Base, named: &mut Named<'a>) {
        super::handoff::name_into(self, named);
    }
}

impl Listed for Decision {
    const NAME: &'static str = "decisions";
    type Record<'a> = DecisionRecord<'a>;
    type Entry<'a> = DecisionEntry<'a>;

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn record<'a>(&'a self, base: &'a Base) -> DecisionRecord<'a> {
        DecisionRecord::new(base, self)
    }

    fn record_with_body<'a>(&'a self, base: &'a Base) -> DecisionRecord<'a> {
        DecisionRecord::with_body(base, self)
    }

    fn entry<'a>(&'a self, _base: &'a Base, part: &'a str) -> DecisionEntry<'a> {
        DecisionEntry::new(self, part)
    }

    fn name_into<'a>(&'a self, _base: &'a Base, named: &mut Named<'a>) {
        super::decision::name_into(self, named);
    }
}

impl Listed for Wrap {
    const NAME: &'static str = "wraps";
    type Record<'a> = WrapRecord<'a>;
    type Entry<'a> = WrapEntry<'a>;

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn record<'a>(&'a self, base: &'a Base) -> WrapRecord<'a> {
        WrapRecord::new(base, self)
    }

    fn record_with_body<'a>(&'a self, base: &'a Base) -> WrapRecord<'a> {
        WrapRecord::with_body(base, self)
    }

    fn entry<'a>(&'a self, _base: &'a Base, part: &'a str) -> WrapEntry<'a> {
        WrapEntry::new(self, part)
    }

    fn name_into<'a>(&'a self, base: &'a Base, named: &mut Named<'a>) {
        super::wrap::name_into(base, self, named);
    }
}
