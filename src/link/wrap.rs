//! Raw wrap frontmatter → a typed [`Wrap`]: the author's handle, the shift's two instants and the
//! lists of open work, things to watch and changes still baking.
//!
//! Only what makes a wrap impossible to place is an error here (no author, no shift, a time that
//! does not parse). Whether its ids exist and whether it says how the shift went are rules of the
//! check stage, so they can be configured like every other rule.

use super::fields::Fields;
use crate::diagnostic::{Diagnostic, Span};
use crate::load::ParsedFile;
use crate::load::raw::{RawShift, Text};
use crate::model::{At, Baking, Id, Moment, OpenItem, Shift, Watch, Wrap};

/// Types a `kind: wrap` file; `None` when its author or shift is missing or unreadable.
pub fn convert_wrap(file: &ParsedFile, id: Option<At<Id>>, fields: &mut Fields<'_>) -> Option<Wrap> {
    let raw = &file.frontmatter;
    let whole_file = Span::new(&file.locator.file, 1, 1);
    let author = fields
        .required(raw.author.as_ref(), "author", &whole_file)
        .and(raw.author.as_ref())
        .and_then(|a| fields.handle(a, "author"));
    let shift = shift(raw.shift.as_ref(), &whole_file, fields);
    let open = open_items(file, fields);
    Some(Wrap {
        id: id?.value,
        file: file.locator.file.clone(),
        author: author?,
        team: raw.team.as_ref().and_then(|t| fields.group_name(t, "team")),
        shift: shift?,
        summary: raw
            .summary
            .as_ref()
            .filter(|s| !s.value.trim().is_empty())
            .map(|s| At::new(s.value.trim().to_string(), fields.span(s))),
        open,
        watch: raw
            .watch
            .iter()
            .map(|w| Watch { what: w.value.what.trim().to_string(), place: non_empty(w.value.place.as_deref()) })
            .collect(),
        baking: raw
            .baking
            .iter()
            .map(|b| Baking {
                change: b.value.change.trim().to_string(),
                rollback: non_empty(b.value.rollback.as_deref()),
                span: fields.locator.at(b),
            })
            .collect(),
        handed_to: raw
            .handed_to
            .as_ref()
            .filter(|h| !h.value.trim().is_empty())
            .map(|h| At::new(h.value.trim().to_string(), fields.span(h))),
        span: whole_file,
        body: file.body.clone(),
        body_line: file.body_line,
    })
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Each `open` entry's id, pointed at by the entry's own line (a plain-string entry has no
/// span of its own).
fn open_items(file: &ParsedFile, fields: &mut Fields<'_>) -> Vec<OpenItem> {
    let mut items = Vec::new();
    for entry in &file.frontmatter.open {
        let text = Text::new(entry.value.id.clone(), entry.referenced, entry.defined);
        if let Some(id) = fields.id(&text, "open.id") {
            items.push(OpenItem { id, next: non_empty(entry.value.next.as_deref()) });
        }
    }
    items
}

fn shift(raw: Option<&serde_saphyr::Spanned<RawShift>>, whole_file: &Span, fields: &mut Fields<'_>) -> Option<Shift> {
    let Some(raw) = raw else {
        let message = "`shift` is required: a wrap says when the shift started and ended".to_string();
        let hint = Some("add `shift: {start: 2026-11-20T09:00:00+01:00, end: 2026-11-20T17:30:00+01:00}`".into());
        fields
            .diagnostics
            .push(Diagnostic::error("missing-field", whole_file.clone(), message).field("shift").hint(hint));
        return None;
    };
    let span = fields.locator.at(raw);
    let tz = raw.value.tz.as_ref().and_then(|tz| zone(tz, fields));
    let start = shift_time(raw.value.start.as_ref(), "shift.start", tz.as_deref(), &span, fields);
    let end = shift_time(raw.value.end.as_ref(), "shift.end", tz.as_deref(), &span, fields);
    Some(Shift { start: start?, end: end?, tz })
}

/// An IANA zone name, reported when the tz database does not know it.
fn zone(tz: &Text, fields: &mut Fields<'_>) -> Option<String> {
    let name = tz.value.trim();
    if jiff::tz::TimeZone::get(name).is_ok() {
        return Some(name.to_string());
    }
    let message = format!("`{name}` is not a known IANA time zone");
    let hint = Some("use a zone name such as Europe/Berlin, America/New_York or Asia/Singapore".to_string());
    let span = fields.span(tz);
    fields.diagnostics.push(Diagnostic::error("bad-time-zone", span, message).field("shift.tz").hint(hint));
    None
}

fn shift_time(
    text: Option<&Text>,
    field: &str,
    tz: Option<&str>,
    fallback: &Span,
    fields: &mut Fields<'_>,
) -> Option<At<Moment>> {
    let written = fields.required(text, field, fallback)?;
    let text = text?;
    match parse_shift_time(&written, tz) {
        Ok(moment) => Some(At::new(moment, fields.span(text))),
        Err(message) => {
            fields.error("bad-date", text, field, message);
            None
        }
    }
}

/// A date-time with an offset, or a local date-time read in `tz`. The result is written back as
/// RFC 3339 with the offset, so it displays like every other date-time.
pub fn parse_shift_time(written: &str, tz: Option<&str>) -> Result<Moment, String> {
    if let Some(moment) = Moment::parse(written).ok().filter(|m| m.has_time) {
        return Ok(moment);
    }
    let not_a_time = || {
        format!(
            "`{written}` is not a date-time: expected one like 2026-11-20T17:30:00+01:00, or 2026-11-20T17:30 with `shift.tz`"
        )
    };
    // A bare date would silently mean midnight: a shift needs its hours.
    if written.trim().len() <= 10 {
        return Err(not_a_time());
    }
    let local: jiff::civil::DateTime = written.trim().replacen(' ', "T", 1).parse().map_err(|_| not_a_time())?;
    let Some(tz) = tz else {
        return Err(format!("`{written}` has no offset: add one (`{written}+01:00`) or name the zone in `shift.tz`"));
    };
    let zoned = local.in_tz(tz).map_err(|e| e.to_string())?;
    Moment::parse(&zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_times_take_an_offset_or_a_zone() {
        let with_offset = parse_shift_time("2026-11-20T17:30:00+01:00", None).unwrap();
        assert_eq!(with_offset.display(), "2026-11-20 17:30 +01:00");
        let in_zone = parse_shift_time("2026-11-20T17:30", Some("America/Sao_Paulo")).unwrap();
        assert_eq!(in_zone.written, "2026-11-20T17:30:00-03:00");
        assert!(parse_shift_time("2026-11-20T17:30", None).unwrap_err().contains("shift.tz"));
        assert!(parse_shift_time("2026-11-20", Some("Europe/Berlin")).is_err());
        assert!(parse_shift_time("after lunch", Some("Europe/Berlin")).is_err());
    }
}
