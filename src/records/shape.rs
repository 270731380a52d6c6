//! Which template a record follows, and whether a Markdown file is a record at all.
//!
//! Three shapes are read: Nygard's (adr-tools: `## Status` section, `Date:` line), MADR 2 and
//! Log4brains (`- Status:` bullets under the title) and MADR 3/4 (YAML front matter). Detection
//! looks only at the file's start and headings; it reads no values.

use super::lines::{heading, key_value, lines};

/// A record's template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Michael Nygard's template, as adr-tools writes it.
    Nygard,
    /// MADR 2 and Log4brains: metadata as bullets under the title.
    MadrBullets,
    /// MADR 3 and 4: metadata as YAML front matter.
    MadrFrontMatter,
    /// Headings only: read for its title and sections.
    Plain,
}

impl Shape {
    /// The shape's name as shown and documented.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Nygard => "nygard",
            Shape::MadrBullets => "madr-2",
            Shape::MadrFrontMatter => "madr-3",
            Shape::Plain => "plain",
        }
    }
}

/// Keys of a record's front matter or bullets that only records use.
const RECORD_KEYS: &[&str] = &["status", "date", "deciders", "decision-makers", "consulted", "informed"];

/// The shape of a body that has no front matter.
pub fn body_shape(body: &str) -> Shape {
    let all = lines(body, 1);
    let before_sections = all.iter().take_while(|l| heading(l, 2).is_none());
    let mut bullets = false;
    let mut date_line = false;
    for line in before_sections.filter(|l| !l.in_fence) {
        let is_bullet = line.text.trim_start().starts_with(['-', '*']);
        match key_value(line.text) {
            Some((key, _)) if RECORD_KEYS.contains(&key.as_str()) && is_bullet => bullets = true,
            Some((key, _)) if key == "date" || key == "status" => date_line = true,
            _ => {}
        }
    }
    let status_section = all.iter().any(|l| heading(l, 2).is_some_and(|h| h.eq_ignore_ascii_case("status")));
    if bullets {
        Shape::MadrBullets
    } else if status_section || date_line {
        Shape::Nygard
    } else {
        Shape::Plain
    }
}

/// Whether a file under `content/` is a decision record rather than a baton page: a body in
/// Nygard's or MADR 2's shape without front matter, or front matter with record keys (status,
/// date, deciders…) but none of baton's own `kind` or `owner`.
pub fn is_record(text: &str) -> bool {
    match crate::load::frontmatter::split(text) {
        Err(crate::load::frontmatter::SplitError::Missing) => body_shape(text) != Shape::Plain,
        Err(crate::load::frontmatter::SplitError::Unclosed) => false,
        Ok(split) => {
            let keys = crate::load::frontmatter::top_level_keys(split.yaml, 1);
            let has = |name: &str| keys.iter().any(|(key, _)| key == name);
            !has("kind") && !has("owner") && RECORD_KEYS.iter().any(|key| has(key))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_three_shapes_apart() {
        assert_eq!(body_shape("# 1. X\n\nDate: 2016-02-12\n\n## Status\n\nAccepted\n"), Shape::Nygard);
        assert_eq!(body_shape("# X\n\n* Status: accepted\n* Date: 2020-11-03\n\n## Context\n"), Shape::MadrBullets);
        assert_eq!(body_shape("# Notes\n\n## Today\n- Status: fine\n"), Shape::Plain);
    }

    #[test]
    fn only_record_files_are_records() {
        assert!(is_record("# 1. X\n\n## Status\n\nAccepted\n"));
        assert!(is_record("---\nstatus: accepted\nnav_order: 3\n---\n# X\n"));
        assert!(!is_record("---\ntitle: Ledger\nowner: ana\nstatus: ready\n---\n# X\n"));
        assert!(!is_record("---\nkind: decision\nstatus: accepted\n---\n"));
        assert!(!is_record("# Just notes\n\nSome text.\n"));
    }
}
