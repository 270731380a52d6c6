//! What every record shares: dates as one string each, and the way a record names what is
//! described elsewhere. A record never repeats another record or a person: it names another
//! handoff or decision by id (its title, status and URL are in that list's index entry), a
//! person by handle and a team or tag by name (resolved once per document in
//! [`super::tables`]). Field names and shapes are the contract `docs/export-schema.json`
//! documents; a field is `null` when the source did not say, never left out, so readers need no
//! guessing.

use crate::model::{At, Handle, Id, Moment};
use jiff::fmt::temporal::{DateTimePrinter, Pieces, PiecesOffset};
use std::borrow::Cow;

/// A date or date-time as one RFC 3339 string: a bare date as written (`2026-11-20`, meaning
/// 00:00 UTC that day), a date-time in the offset it was written with
/// (`2026-11-20T09:30:00+01:00`). Every RFC 3339 parser reads the instant from it, so version
/// 2's `{written, instant}` pair said the same thing twice. A date-time written loosely (a space
/// for `T`, no seconds) is printed in full; what it says is kept.
pub(super) fn date(m: &Moment) -> Cow<'_, str> {
    if !m.has_time {
        return Cow::Borrowed(&m.written);
    }
    let text = m.written.replacen(' ', "T", 1);
    let offset = Pieces::parse(&text).ok().and_then(|p| match p.offset()? {
        PiecesOffset::Numeric(n) => Some(n.offset()),
        // `Z`, or whatever a later jiff adds: the instant in UTC says it exactly.
        _ => None,
    });
    let printed = match offset {
        Some(offset) => DateTimePrinter::new().timestamp_with_offset_to_string(&m.instant, offset),
        None => m.instant.to_string(),
    };
    if printed == m.written { Cow::Borrowed(&m.written) } else { Cow::Owned(printed) }
}

/// [`date`] of an optional date.
pub(super) fn date_of(m: Option<&Moment>) -> Option<Cow<'_, str>> {
    m.map(date)
}

/// [`date`] of an optional date with its span.
pub(super) fn at_date(m: &Option<At<Moment>>) -> Option<Cow<'_, str>> {
    date_of(m.as_ref().map(|m| &m.value))
}

/// The ids of a list of other records, as written: an id that names nothing is kept (check
/// reports it), and a reader finds no index entry for it.
pub(super) fn ids<'a>(ids: impl Iterator<Item = &'a Id>) -> Vec<&'a str> {
    ids.map(Id::as_str).collect()
}

/// The handle of an optional person.
pub(super) fn handle(person: &Option<At<Handle>>) -> Option<&str> {
    person.as_ref().map(|p| p.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(written: &str) -> String {
        date(&Moment::parse(written).unwrap()).into_owned()
    }

    #[test]
    fn dates_are_one_rfc_3339_string_in_the_offset_they_were_written_with() {
        for strict in ["2026-11-20", "2026-11-20T09:30:00+01:00", "2026-11-20T09:30:00Z", "2026-11-20T23:00:00-05:00"] {
            assert_eq!(printed(strict), strict);
        }
        assert_eq!(printed("2026-11-20 09:30:00+01:00"), "2026-11-20T09:30:00+01:00");
        assert_eq!(printed("2026-11-20T09:30+01:00"), "2026-11-20T09:30:00+01:00");
        // The instant read back from the string is the one baton computed.
        let m = Moment::parse("2026-11-20 23:15+05:30").unwrap();
        assert_eq!(date(&m).parse::<jiff::Timestamp>().unwrap(), m.instant);
    }
}
