//! The path of a request, decoded once and checked before it is looked up in the served site.
//!
//! The site lives in memory under keys such as `handoffs/x/index.html`, so no request can read
//! a file outside it: an unknown key is simply a 404. The check here is a second wall, and it
//! makes the answer honest: a path that tries to climb out (`..` or `.` segments, however they
//! are spelled), or that no file of a site can have (a backslash, NUL or another control
//! character, bytes that are not UTF-8), is a 400 Bad Request rather than "not found", so a
//! probe learns nothing from the difference between the two. Percent escapes are decoded exactly
//! once: `%252e` is the three characters `%2e`, not a dot. Nothing here knows which files exist.

use std::fmt;

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPath {
    /// A `.` or `..` segment, written plainly or percent-encoded.
    DotSegment,
    /// A backslash, which some systems read as a folder separator.
    Backslash,
    /// NUL or another control character.
    ControlCharacter,
    /// Decoded bytes that are not UTF-8.
    NotUtf8,
}

impl fmt::Display for BadPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BadPath::DotSegment => "a path may not contain `.` or `..` segments",
            BadPath::Backslash => "a path may not contain a backslash",
            BadPath::ControlCharacter => "a path may not contain NUL or other control characters",
            BadPath::NotUtf8 => "a path must be UTF-8 once decoded",
        })
    }
}

/// The site-relative path of a request (`/handoffs/a%20b/` → `handoffs/a b/`), leading slashes
/// removed, or why it is refused.
pub fn site_path(raw: &str) -> Result<String, BadPath> {
    let decoded = String::from_utf8(crate::percent::decode(raw.as_bytes())).map_err(|_| BadPath::NotUtf8)?;
    if decoded.contains('\\') {
        return Err(BadPath::Backslash);
    }
    if decoded.chars().any(char::is_control) {
        return Err(BadPath::ControlCharacter);
    }
    if decoded.split('/').any(|segment| segment == "." || segment == "..") {
        return Err(BadPath::DotSegment);
    }
    Ok(decoded.trim_start_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_decoded_once() {
        assert_eq!(site_path("/img/a%20b.png"), Ok("img/a b.png".into()));
        assert_eq!(site_path("/100%"), Ok("100%".into()));
        assert_eq!(site_path("/%zz"), Ok("%zz".into()));
        assert_eq!(site_path("/%252e%252e/x"), Ok("%2e%2e/x".into()));
        assert_eq!(site_path("/handoffs/%C3%A9t%C3%A9/"), Ok("handoffs/été/".into()));
    }

    #[test]
    fn dot_segments_are_refused_however_spelled() {
        for path in ["/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2E%2Fx", "/..%2fx", "/.%2e/x", "/./x", "/a/.."] {
            assert_eq!(site_path(path), Err(BadPath::DotSegment), "{path}");
        }
    }

    #[test]
    fn names_that_merely_contain_dots_are_fine() {
        assert_eq!(site_path("/a..b/...txt"), Ok("a..b/...txt".into()));
        assert_eq!(site_path("/.well-known/x"), Ok(".well-known/x".into()));
    }

    #[test]
    fn backslashes_controls_and_broken_utf8_are_refused() {
        assert_eq!(site_path("/..\\..\\x"), Err(BadPath::Backslash));
        assert_eq!(site_path("/%5c..%5cx"), Err(BadPath::Backslash));
        assert_eq!(site_path("/x%00.html"), Err(BadPath::ControlCharacter));
        assert_eq!(site_path("/x%0d%0aSet-Cookie:%20a"), Err(BadPath::ControlCharacter));
        assert_eq!(site_path("/%ff"), Err(BadPath::NotUtf8));
    }

    #[test]
    fn leading_slashes_go() {
        assert_eq!(site_path("//handoffs"), Ok("handoffs".into()));
        assert_eq!(site_path("/"), Ok(String::new()));
    }
}
