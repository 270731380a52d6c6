//! Slugs: the URL-safe form of titles, tags, team names, file stems and headings.
//!
//! One function serves them all, so that `Data Platform`, `data-platform` and `Data  Platform`
//! land on the same page and `[[x#cafe-deja-vu]]` finds `## Café déjà vu`. Letters that are not
//! ASCII are transliterated (`Große` → `grosse`, `Ünïcode` → `unicode`, `数据` → `shu-ju`) with
//! the `deunicode` tables, because a URL that differs from the name only by an accent is a page
//! nobody can type, and a slug that keeps them is a file name some tools mangle. What has no
//! transliteration is left out. It does not check ids (that is [`crate::model::Id`]'s job) nor
//! decide what an empty slug means (each caller says that in its own words).

/// The longest slug or id baton writes as a file or folder name, in bytes. File systems allow
/// 255; the rest is room for what is added around a name (`.md`, an editor's `.swp`, `-2`).
pub const MAX_LEN: usize = 200;

/// Lowercase ASCII letters and digits joined by single dashes; every other character separates
/// words. Non-ASCII characters are transliterated first; those with no transliteration are
/// dropped (as separators, so they never glue two words together).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let ascii = if c.is_ascii() { None } else { deunicode::deunicode_char(c) };
        let mut push = |c: char| {
            if c.is_ascii_alphanumeric() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        };
        match ascii {
            Some(text) => text.chars().for_each(&mut push),
            None if c.is_ascii() => push(c),
            None => push(' '),
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
        assert_eq!(slugify("Rollback plan (manual)"), "rollback-plan-manual");
        assert_eq!(slugify("  --Hello,   World__  "), "hello-world");
        assert_eq!(slugify("What's `new`?"), "what-s-new");
    }

    #[test]
    fn accents_are_folded() {
        assert_eq!(slugify("Café Ops"), "cafe-ops");
        assert_eq!(slugify("São Paulo"), "sao-paulo");
        assert_eq!(slugify("Café déjà vu"), "cafe-deja-vu");
        // Decomposed accents (a letter, then a combining mark) fold the same way.
        assert_eq!(slugify("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn letters_beyond_accents_are_transliterated() {
        assert_eq!(slugify("Große Migration"), "grosse-migration");
        assert_eq!(slugify("Ünïcode Straße"), "unicode-strasse");
        assert_eq!(slugify("Łódź"), "lodz");
        assert_eq!(slugify("Ærø"), "aero");
        assert_eq!(slugify("Москва"), "moskva");
        assert_eq!(slugify("数据平台"), "shu-ju-ping-tai");
    }

    #[test]
    fn what_has_no_transliteration_is_left_out() {
        // U+E000 is a private-use character: no table knows it.
        assert_eq!(slugify("alpha\u{E000}beta"), "alpha-beta");
        assert_eq!(slugify("\u{E000}"), "");
    }

    #[test]
    fn nothing_alphanumeric_gives_empty_slug() {
        assert_eq!(slugify("--- !!"), "");
        assert_eq!(slugify("++"), "");
        assert_eq!(slugify(""), "");
    }

    #[test]
    fn slugs_are_always_ascii_slugs_or_empty() {
        for text in ["Große", "a--b", "日本語", "🚀 launch", "x\u{E000}", "Ω", "½ price"] {
            let slug = slugify(text);
            assert!(slug.is_empty() || is_ascii_slug(&slug), "{text:?} → {slug:?}");
            assert_eq!(slugify(&slug), slug, "a slug is its own slug: {text:?}");
        }
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
