//! A record's title and number: the H1 (`# 2. Implement as shell scripts`, `# ADR-0007: Use
//! Postgres`) split into the number and the words, or the number at the start of the file name.
//!
//! It reports a missing or second H1 but never fails: a record without a title is named after
//! its file.

use super::lines::{Line, heading};
use super::{Finding, Written};

/// The first H1 outside fences, with a finding for a missing or a second one.
pub(super) fn find_h1(lines: &[Line<'_>], findings: &mut Vec<Finding>) -> Option<Written> {
    let mut h1s = lines.iter().filter_map(|l| heading(l, 1).map(|text| Written { text, line: l.number }));
    let first = h1s.next();
    match (&first, h1s.next()) {
        (None, _) => findings.push(Finding::new(
            "record-title",
            lines.first().map_or(1, |l| l.number),
            "record has no `# Title` line; it is named after its file".to_string(),
        )),
        (Some(first), Some(second)) => findings.push(Finding::new(
            "record-title",
            second.line,
            format!("record has a second `# ` title (`{}`); the first, `{}`, is used", second.text, first.text),
        )),
        _ => {}
    }
    first
}

/// Splits `2. Implement as shell scripts`, `ADR-0007: Use Postgres`, `0004 - Use X` into the
/// number and the rest; a title without a leading number is returned whole.
pub(super) fn split_number(title: &str) -> (Option<u32>, String) {
    let trimmed = title.trim();
    let after_adr = strip_adr(trimmed).unwrap_or(trimmed);
    let digits = after_adr.len() - after_adr.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 6 {
        return (None, trimmed.to_string());
    }
    let rest = &after_adr[digits..];
    let words = rest.trim_start_matches(|c: char| c == '.' || c == ':' || c == '-' || c == ')' || c.is_whitespace());
    // "2024 roadmap" has no separator after the digits: a title that starts with a number.
    if words.is_empty() || words.len() == rest.len() {
        return (None, trimmed.to_string());
    }
    (after_adr[..digits].parse().ok(), words.to_string())
}

fn strip_adr(title: &str) -> Option<&str> {
    let prefix = title.get(..3).filter(|p| p.eq_ignore_ascii_case("adr"))?;
    Some(title[prefix.len()..].trim_start_matches(['-', ' ', '_', '#']))
}

/// The number at the start of a file stem (`0002-implement` → 2). Log4brains' date stems
/// (`20200924-use-x`) are not numbers.
pub(super) fn stem_number(stem: &str) -> Option<u32> {
    let stem = strip_adr(stem).unwrap_or(stem);
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let separated = stem[digits..].starts_with(['-', '_', '.']) || digits == stem.len();
    (digits > 0 && digits <= 5 && separated).then(|| stem[..digits].parse().ok()).flatten()
}

/// The stem made readable, for a record without a title: `0002-use-x` → `Use x`.
pub(super) fn title_from_stem(stem: &str) -> String {
    let words = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_').replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    #[test]
    fn splits_the_number_from_the_title_in_each_style() {
        assert_eq!(split_number("2. Implement as shell scripts"), (Some(2), "Implement as shell scripts".into()));
        assert_eq!(split_number("ADR-0007: Use Postgres"), (Some(7), "Use Postgres".into()));
        assert_eq!(split_number("ADR 12 - Queue"), (Some(12), "Queue".into()));
        assert_eq!(split_number("0004 - Use X"), (Some(4), "Use X".into()));
        assert_eq!(split_number("Use Log4brains"), (None, "Use Log4brains".into()));
        assert_eq!(split_number("2024roadmap"), (None, "2024roadmap".into()));
    }

    #[test]
    fn numbers_come_from_short_numeric_stems_only() {
        assert_eq!(stem_number("0002-implement-as-shell-scripts"), Some(2));
        assert_eq!(stem_number("adr-0010-x"), Some(10));
        assert_eq!(stem_number("20200924-use-log4brains"), None);
        assert_eq!(stem_number("use-x"), None);
        assert_eq!(title_from_stem("0002-use-shell_scripts"), "Use shell scripts");
    }

    #[test]
    fn a_missing_or_second_h1_is_a_finding_with_its_line() {
        let mut findings = Vec::new();
        assert_eq!(find_h1(&lines("## Status\nAccepted\n", 1), &mut findings), None);
        assert_eq!((findings[0].rule, findings[0].line), ("record-title", 1));
        findings.clear();
        let first = find_h1(&lines("# One\n\n# Two\n", 4), &mut findings).unwrap();
        assert_eq!((first.text.as_str(), first.line), ("One", 4));
        assert_eq!(findings[0].line, 6);
        assert!(findings[0].message.contains("`Two`"), "{}", findings[0].message);
    }
}
