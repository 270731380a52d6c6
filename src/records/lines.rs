//! The lines of a record's Markdown with their file line numbers, and whether each sits inside a
//! code fence: what every other reader of a record walks over.
//!
//! It does not parse Markdown; headings, bullets and links are found by the modules that need
//! them, on lines outside fences.

/// One line of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The 1-based line in the file.
    pub number: usize,
    /// The text without its line ending.
    pub text: &'a str,
    /// True inside a ``` or ~~~ block, fences included.
    pub in_fence: bool,
}

/// The lines of `text`, numbered from `first_line`.
pub fn lines(text: &str, first_line: usize) -> Vec<Line<'_>> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for (offset, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if fence {
            in_fence = !in_fence;
        }
        out.push(Line { number: first_line + offset, text: raw.trim_end_matches('\r'), in_fence: in_fence || fence });
    }
    out
}

/// The text of a heading of exactly `level` (`## Status` → `Status`), outside fences.
pub fn heading(line: &Line<'_>, level: usize) -> Option<String> {
    if line.in_fence {
        return None;
    }
    let hashes = line.text.len() - line.text.trim_start_matches('#').len();
    let rest = &line.text[hashes..];
    (hashes == level && (rest.starts_with(' ') || rest.is_empty()))
        .then(|| rest.trim().trim_end_matches('#').trim().to_string())
}

/// A `Key: value` line or bullet (`- Status: accepted`, `* Date: 2020-11-03`, `Date: 2016-02-12`):
/// the key lowercased and the value trimmed.
pub fn key_value(text: &str) -> Option<(String, &str)> {
    let text = text.trim();
    let text = text.strip_prefix("- ").or_else(|| text.strip_prefix("* ")).unwrap_or(text).trim_start();
    let (key, value) = text.split_once(':')?;
    let key = key.trim().trim_matches('*').trim();
    let short = !key.is_empty() && key.len() <= 20 && key.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    // `see https://…` is a sentence with a URL, not a key.
    (short && !value.starts_with("//")).then(|| (key.to_lowercase(), value.trim().trim_start_matches('*').trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lines_and_marks_fences() {
        let all = lines("# A\n```\n# not\n```\n## B\n", 3);
        assert_eq!(all[0].number, 3);
        assert!(all[2].in_fence && all[3].in_fence && !all[4].in_fence);
        assert_eq!(heading(&all[0], 1).as_deref(), Some("A"));
        assert_eq!(heading(&all[2], 1), None);
        assert_eq!(heading(&all[4], 2).as_deref(), Some("B"));
        assert_eq!(heading(&all[4], 1), None);
    }

    #[test]
    fn reads_key_value_lines_and_bullets() {
        assert_eq!(key_value("* Status: accepted"), Some(("status".into(), "accepted")));
        assert_eq!(key_value("- **Date:** 2020-11-03"), Some(("date".into(), "2020-11-03")));
        assert_eq!(key_value("Date: 2016-02-12"), Some(("date".into(), "2016-02-12")));
        assert_eq!(key_value("see https://example.com"), None);
    }
}
