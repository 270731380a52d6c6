//! Months and the few statistics the metrics need: median, 90th percentile.
//!
//! The median of an even count is the mean of the middle two; the 90th percentile is the
//! nearest-rank value (the smallest value with at least 90% of the values at or below it), so it
//! is always a value that occurred. Months are calendar months in UTC, like bare dates.

use jiff::Timestamp;
use jiff::civil::Date;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i16,
    /// 1 to 12.
    pub month: i8,
}

impl Month {
    /// The UTC month of an instant.
    pub fn of(at: Timestamp) -> Month {
        let date = at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        Month { year: date.year(), month: date.month() }
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    /// The first instant after the month (00:00 UTC on the 1st of the next).
    pub fn end(self) -> Timestamp {
        let next = self.next();
        Date::new(next.year, next.month, 1)
            .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC))
            .map_or(Timestamp::MAX, |z| z.timestamp())
    }

    /// `Nov 2026`.
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let name = NAMES.get(usize::try_from(self.month - 1).unwrap_or(0)).copied().unwrap_or("?");
        format!("{name} {}", self.year)
    }

    /// Every month from `first` to `last`, both included.
    pub fn range(first: Month, last: Month) -> Vec<Month> {
        let mut months = vec![first];
        while let Some(&m) = months.last().filter(|m| **m < last) {
            months.push(m.next());
        }
        months
    }
}

/// How many values, their median and their 90th percentile (`None` without values).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// How many values.
    pub count: usize,
    /// The median.
    pub median: Option<f64>,
    /// The nearest-rank 90th percentile.
    pub p90: Option<f64>,
}

impl Summary {
    /// Summarises `values` (in any order).
    pub fn of(values: &[f64]) -> Summary {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        if n == 0 {
            return Summary::default();
        }
        let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
        // Nearest rank: ceil(0.9 n), 1-based.
        let rank = (n * 9).div_ceil(10).max(1);
        Summary { count: n, median: Some(median), p90: Some(sorted[rank - 1]) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90() {
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!((s.count, s.median, s.p90), (4, Some(2.5), Some(4.0)));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(Summary::of(&ten).p90, Some(9.0));
        assert_eq!(Summary::of(&[7.0]).p90, Some(7.0));
        assert_eq!(Summary::of(&[]).median, None);
    }

    #[test]
    fn months_roll_over_the_year() {
        let dec = Month { year: 2026, month: 12 };
        assert_eq!(dec.next(), Month { year: 2027, month: 1 });
        assert_eq!(Month::range(Month { year: 2026, month: 11 }, Month { year: 2027, month: 2 }).len(), 4);
        assert_eq!(dec.label(), "Dec 2026");
        assert_eq!(dec.end(), "2027-01-01T00:00:00Z".parse::<Timestamp>().unwrap());
    }
}
