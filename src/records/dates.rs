//! A record's date as written (`Date: 2016-02-12`, `- Date: 2020-11-03`, `date: 2024-05-01`).
//!
//! Only ISO dates (and RFC 3339 date-times) are read. `12/02/2016` could be December or February
//! and `July 2017` has no day: rather than guess, the record keeps no date and the finding says
//! what was read.

use super::Finding;
use crate::model::Moment;

/// The date as written, or a finding that says what was read and why it was not used.
pub(super) fn read_date(written: &str, line: usize, findings: &mut Vec<Finding>) -> Option<Moment> {
    let text = written.trim().trim_matches(|c: char| c == '"' || c == '\'' || c == '*' || c == '_');
    // MADR's template keeps its placeholder (`{YYYY-MM-DD when …}`) in records nobody filled in.
    if text.is_empty() || text.starts_with('{') {
        return None;
    }
    match Moment::parse(text) {
        Ok(moment) => Some(moment),
        Err(_) => {
            let why =
                if text.contains('/') { "day and month order is ambiguous" } else { "it is not a YYYY-MM-DD date" };
            let message = format!("record date `{text}` was not read: {why}; write it as YYYY-MM-DD");
            findings.push(Finding::new("record-date", line, message));
            None
        }
    }
}

/// The UTC day of a commit time, as a date: what a record without a date of its own shows.
pub(super) fn day_of(at: jiff::Timestamp) -> Option<Moment> {
    Moment::parse(&at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date().to_string()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_read() {
        let mut findings = Vec::new();
        assert_eq!(read_date(" 2016-02-12 ", 3, &mut findings).unwrap().written, "2016-02-12");
        assert_eq!(read_date("\"2024-05-01\"", 3, &mut findings).unwrap().written, "2024-05-01");
        assert!(read_date("{YYYY-MM-DD when the decision was last updated}", 3, &mut findings).is_none());
        assert!(findings.is_empty());
    }

    #[test]
    fn a_commit_time_is_its_utc_day() {
        let at: jiff::Timestamp = "2023-04-05T23:30:00-02:00".parse().unwrap();
        assert_eq!(day_of(at).unwrap().written, "2023-04-06");
    }

    #[test]
    fn ambiguous_or_partial_dates_are_findings_naming_what_was_read() {
        let mut findings = Vec::new();
        assert!(read_date("12/02/2016", 4, &mut findings).is_none());
        assert!(read_date("July 2017", 5, &mut findings).is_none());
        assert_eq!((findings[0].rule, findings[0].line), ("record-date", 4));
        assert!(findings[0].message.contains("`12/02/2016`") && findings[0].message.contains("ambiguous"));
        assert!(findings[1].message.contains("`July 2017`"), "{}", findings[1].message);
    }
}
