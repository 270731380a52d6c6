//! Slugs: the URL-safe form of titles, tags, team names and file stems.
//!
//! One function serves ids, URLs and heading-free names so that `Data Platform`, `data-platform`
//! and `Data  Platform` all land on the same page. Accents are folded (`Café` → `cafe`) because a
//! URL that differs only by an accent is a page nobody can type. It does not check ids: that is
//! [`crate::model::Id`]'s job.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase ASCII letters and digits joined by single dashes; other characters separate words.
/// Non-ASCII letters are kept (lowercased) after accent folding, so CJK names still get a slug.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// True when `slug` is a plain ASCII slug: what ids must look like.
pub fn is_ascii_slug(slug: &str) -> bool {
    let mut chars = slug.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_case_collapse_to_one_dash() {
        assert_eq!(slugify("Ledger Export"), "ledger-export");
        assert_eq!(slugify("  Data   Platform "), "data-platform");
        assert_eq!(slugify("On-call / Pager"), "on-call-pager");
    }

    #[test]
    fn accents_are_folded() {
        assert_eq!(slugify("Café Ops"), "cafe-ops");
        assert_eq!(slugify("São Paulo"), "sao-paulo");
    }

    #[test]
    fn nothing_alphanumeric_gives_empty_slug() {
        assert_eq!(slugify("--- !!"), "");
    }

    #[test]
    fn ascii_slug_rules() {
        assert!(is_ascii_slug("ledger-v2"));
        assert!(is_ascii_slug("2026-plan"));
        assert!(!is_ascii_slug("-lead"));
        assert!(!is_ascii_slug("Ledger"));
        assert!(!is_ascii_slug("a_b"));
        assert!(!is_ascii_slug(""));
    }
}
