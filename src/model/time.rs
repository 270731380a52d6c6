//! Dates, date-times and durations as users write them in frontmatter.
//!
//! A [`Moment`] is either a calendar date (`2026-11-20`) or an RFC 3339 date-time with an offset
//! (`2026-11-20T09:30:00+01:00`). Both order on one timeline: a bare date counts as the start of
//! that day in UTC, which is what a team spread over time zones means by "that day" closely
//! enough for sorting and SLAs measured in hours. A [`Duration`] is digits plus a unit (w d h m s),
//! combinable: `90m`, `1d12h`. Parsing is pure; nothing here reads a clock.

use jiff::Timestamp;
use jiff::civil::Date;

/// A point in time as written: a date, or a date-time with offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    /// The instant, for ordering and arithmetic (a bare date is 00:00 UTC that day).
    pub instant: Timestamp,
    /// The calendar date as written (in the writer's own offset for date-times).
    pub date: Date,
    /// The text as written, trimmed, for display.
    pub written: String,
    /// True when a time of day was given.
    pub has_time: bool,
}

impl Moment {
    /// Parses `2026-11-20` or `2026-11-20T09:30:00+01:00` (also `Z`, and a space for `T`).
    pub fn parse(text: &str) -> Result<Moment, String> {
        let written = text.trim();
        let date_part = written.get(..10).unwrap_or(written);
        let date: Date = date_part.parse().map_err(|_| expected_moment(written))?;
        if written.len() == 10 {
            let instant = date.to_zoned_datetime(jiff::tz::TimeZone::UTC).map_err(|e| e.to_string())?.timestamp();
            return Ok(Moment { instant, date, written: written.to_string(), has_time: false });
        }
        let instant: Timestamp = written.replacen(' ', "T", 1).parse().map_err(|_| expected_moment(written))?;
        Ok(Moment { instant, date, written: written.to_string(), has_time: true })
    }

    /// A short human form: the date, plus `HH:MM±hh:mm` when a time was given.
    pub fn display(&self) -> String {
        if !self.has_time {
            return self.written.clone();
        }
        let time = self.written.get(11..16).unwrap_or("");
        let offset = self.written.get(19..).unwrap_or("").trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
        format!("{} {time} {offset}", self.date).trim_end().to_string()
    }
}

fn expected_moment(written: &str) -> String {
    format!("`{written}` is not a date: expected a date like 2026-11-20 or a date-time like 2026-11-20T09:30:00+01:00")
}

/// A span of time as written: `90m`, `24h`, `3d`, `1d12h`, `2m30s`, `1w`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    /// Total length in seconds.
    pub seconds: u64,
    /// The text as written, for display.
    pub written: String,
}

impl Duration {
    /// Parses digits-plus-unit groups; units are w, d, h, m and s. Rejects empty input, a
    /// missing unit, an unknown unit, and values that overflow.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let written = text.trim();
        let bad = || {
            format!(
                "`{written}` is not a duration: expected digits and a unit (w, d, h, m, s), such as 90m, 24h, 3d or 1d12h"
            )
        };
        let mut seconds: u64 = 0;
        let mut digits = String::new();
        for c in written.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = match c {
                'w' => 604_800,
                'd' => 86_400,
                'h' => 3_600,
                'm' => 60,
                's' => 1,
                _ => return Err(bad()),
            };
            let n: u64 = digits.parse().map_err(|_| bad())?;
            seconds = n.checked_mul(unit).and_then(|v| seconds.checked_add(v)).ok_or_else(bad)?;
            digits.clear();
        }
        if !digits.is_empty() || written.is_empty() {
            return Err(bad());
        }
        Ok(Duration { seconds, written: written.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_parse_onto_one_timeline() {
        let day = Moment::parse("2026-11-20").unwrap();
        let later = Moment::parse("2026-11-20T09:30:00+01:00").unwrap();
        assert!(!day.has_time && later.has_time);
        assert!(day.instant < later.instant);
        assert_eq!(later.date.to_string(), "2026-11-20");
        assert_eq!(later.display(), "2026-11-20 09:30 +01:00");
        assert_eq!(Moment::parse("2026-11-20T08:00:00Z").unwrap().display(), "2026-11-20 08:00 Z");
    }

    #[test]
    fn bad_dates_are_rejected_with_the_expected_form() {
        for bad in ["next friday", "2026-13-01", "2026-02-30", "20-11-2026", "2026-11-20T25:00:00Z", ""] {
            let err = Moment::parse(bad).unwrap_err();
            assert!(err.contains("expected a date like 2026-11-20"), "{bad}: {err}");
        }
    }

    #[test]
    fn durations_combine_units() {
        assert_eq!(Duration::parse("90m").unwrap().seconds, 5_400);
        assert_eq!(Duration::parse("1d12h").unwrap().seconds, 129_600);
        assert_eq!(Duration::parse("2m30s").unwrap().seconds, 150);
        assert_eq!(Duration::parse("1w").unwrap().seconds, 604_800);
    }

    #[test]
    fn bad_durations_are_rejected() {
        for bad in ["", "24", "h", "3 days", "1y", "99999999999999999999w", "-3d"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }
}
