//! Where a written link destination points, read from its text alone.

/// Where a written link destination points.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Destination<'d> {
    /// A scheme that runs code or smuggles content (`javascript:`, `vbscript:`, `data:`).
    Unsafe,
    /// Has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
    External,
    /// `#fragment` on this page (None for a bare `#`).
    SamePage(Option<&'d str>),
    /// `/path`: the path after the leading '/'.
    SiteRoot { path: &'d str, fragment: Option<&'d str> },
    /// A relative path to a `.md` file.
    ContentFile { path: &'d str, fragment: Option<&'d str> },
    /// Any other relative destination: left as written.
    Relative,
}

pub(super) fn classify(dest: &str) -> Destination<'_> {
    if is_unsafe_url(dest) {
        return Destination::Unsafe;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Destination::SamePage(Some(fragment).filter(|fragment| !fragment.is_empty()));
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Destination::External;
    }
    let (path, fragment) = split_fragment(dest);
    if let Some(path) = path.strip_prefix('/') {
        return Destination::SiteRoot { path, fragment };
    }
    let extension = path.get(path.len().saturating_sub(3)..);
    if extension.is_some_and(|extension| extension.eq_ignore_ascii_case(".md")) {
        return Destination::ContentFile { path, fragment };
    }
    Destination::Relative
}

/// Splits `path#fragment`; an empty fragment counts as none.
pub(super) fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|fragment| !fragment.is_empty())),
        None => (dest, None),
    }
}

/// An `http:` or `https:` URL, in any case.
pub(super) fn is_http(dest: &str) -> bool {
    let scheme = dest.split_once(':').map_or("", |(scheme, _)| scheme);
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// RFC 3986: a letter, then letters, digits, '+', '-' or '.', then ':'.
pub(super) fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

pub(super) const UNSAFE_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// Whether `dest` could run as script. Browsers ignore leading spaces and control characters and
/// drop tabs and newlines anywhere, so all whitespace and control characters are removed before
/// comparing, case-insensitively; the percent-decoded form is checked too. Character references
/// (`&#106;avascript:`) need no handling here: the parser decodes them in destinations, and the
/// HTML writer escapes `&`, so a reference left in a destination reaches the browser as text.
pub fn is_unsafe_url(dest: &str) -> bool {
    [dest.to_owned(), percent_decode(dest)].iter().any(|candidate| {
        let prefix: String = candidate
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(16)
            .flat_map(char::to_lowercase)
            .collect();
        UNSAFE_SCHEMES.iter().any(|scheme| prefix.starts_with(scheme))
    })
}

/// A `data:image/…` URL, which browsers show as an image and never run.
pub(super) fn is_image_data(dest: &str) -> bool {
    let head = dest.trim_start().get(..11).unwrap_or("");
    head.eq_ignore_ascii_case("data:image/")
}

/// Decodes a link's `%XX` escapes; text that does not decode to UTF-8 is kept as written.
pub(super) fn percent_decode(text: &str) -> String {
    String::from_utf8(crate::percent::decode(text.as_bytes())).unwrap_or_else(|_| text.to_owned())
}
