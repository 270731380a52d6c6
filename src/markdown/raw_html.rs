//! Raw HTML that `allow_html: true` lets through, with every attribute that holds a script URL
//! (`javascript:`, `vbscript:`, `data:` other than an image's source) taken out.
//!
//! A fragment is one inline tag or one HTML block as the Markdown parser found it. Rather than
//! guess which `<` a browser will read as a tag (inside a comment? a `<style>`? an `<svg>`?),
//! every `<` followed by a letter is read as a tag the way the HTML tokenizer reads one, and a
//! dangerous attribute is removed under each reading; this repeats until nothing changes, so
//! whichever reading the browser takes has nothing left to run. A tag still open at the end of
//! its fragment would swallow the page's own markup after it, so its `<` is shown as text.
//! Raw HTML too tangled to read within a fixed amount of work is shown as text entirely.
//!
//! Not done here: other raw HTML (scripts, styles, event handlers): the pages' Content Security
//! Policy stops those from running. This does not parse Markdown.

use std::borrow::Cow;
use std::ops::Range;

/// `html` with every script URL attribute removed; see the module docs.
pub fn without_script_urls(html: &str) -> Cow<'_, str> {
    if !html.contains('<') {
        return Cow::Borrowed(html);
    }
    let mut text = html.to_owned();
    // A bound on the work, so adversarial input costs time linear in its size.
    let mut budget = html.len().saturating_mul(64).saturating_add(1 << 16);
    let mut changed = false;
    loop {
        let Some(edits) = edits(&text, &mut budget) else {
            return Cow::Owned(super::escape_html(html));
        };
        if edits.is_empty() {
            return if changed { Cow::Owned(text) } else { Cow::Borrowed(html) };
        }
        text = apply(&text, edits);
        changed = true;
    }
}

/// One change: the bytes `range` become `with`.
struct Edit {
    range: Range<usize>,
    with: &'static str,
}

/// The changes one reading of every tag start asks for; `None` when the budget runs out.
fn edits(text: &str, budget: &mut usize) -> Option<Vec<Edit>> {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    for (start, _) in text.match_indices('<') {
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let tag = read_tag(bytes, start + 1);
        *budget = budget.checked_sub(tag.end - start)?;
        if !tag.closed {
            edits.push(Edit { range: start..start + 1, with: "&lt;" });
            continue;
        }
        let name = &text[start + 1..tag.name_end];
        for attribute in &tag.attributes {
            let attribute_name = &text[attribute.name.clone()];
            let value = &text[attribute.value.clone()];
            if runs_script(name, attribute_name, value) {
                edits.push(Edit { range: attribute.name.start..attribute.end, with: "" });
            }
        }
    }
    Some(edits)
}

/// Applies edits, skipping any that overlaps one before it (the next round redoes those).
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(edit.with);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A start tag as the HTML tokenizer reads it.
struct Tag {
    name_end: usize,
    attributes: Vec<Attribute>,
    /// Just past the `>`, or the end of the text.
    end: usize,
    /// Whether a `>` ended it.
    closed: bool,
}

struct Attribute {
    name: Range<usize>,
    /// The value without its quotes (empty when it has none).
    value: Range<usize>,
    /// Just past the value (its closing quote included).
    end: usize,
}

/// HTML's whitespace between attributes (a carriage return becomes a newline before tokenizing).
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Reads the tag whose name starts at `at`, following the tokenizer's tag, attribute name and
/// attribute value states.
fn read_tag(bytes: &[u8], at: usize) -> Tag {
    let stop = |byte: u8| is_space(byte) || byte == b'/' || byte == b'>';
    let mut pos = at;
    while pos < bytes.len() && !stop(bytes[pos]) {
        pos += 1;
    }
    let mut tag = Tag { name_end: pos, attributes: Vec::new(), end: bytes.len(), closed: false };
    loop {
        while pos < bytes.len() && (is_space(bytes[pos]) || bytes[pos] == b'/') {
            pos += 1;
        }
        match bytes.get(pos) {
            None => return tag,
            Some(b'>') => {
                (tag.end, tag.closed) = (pos + 1, true);
                return tag;
            }
            Some(_) => {}
        }
        let name_start = pos;
        // The first character belongs to the name whatever it is, even `=`.
        pos += 1;
        while pos < bytes.len() && !stop(bytes[pos]) && bytes[pos] != b'=' {
            pos += 1;
        }
        let name = name_start..pos;
        let mut after = pos;
        while after < bytes.len() && is_space(bytes[after]) {
            after += 1;
        }
        if bytes.get(after) != Some(&b'=') {
            tag.attributes.push(Attribute { name, value: pos..pos, end: pos });
            continue;
        }
        pos = after + 1;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let Some((value, end)) = read_value(bytes, pos) else { return tag };
        tag.attributes.push(Attribute { name, value, end });
        pos = end;
    }
}

/// An attribute value starting at `pos`: quoted, unquoted or missing. `None` when a quote is
/// never closed.
fn read_value(bytes: &[u8], pos: usize) -> Option<(Range<usize>, usize)> {
    match bytes.get(pos) {
        Some(&quote @ (b'"' | b'\'')) => {
            let close = bytes[pos + 1..].iter().position(|&b| b == quote)? + pos + 1;
            Some((pos + 1..close, close + 1))
        }
        Some(b'>') | None => Some((pos..pos, pos)),
        Some(_) => {
            let end = bytes[pos..].iter().position(|&b| is_space(b) || b == b'>').map_or(bytes.len(), |n| pos + n);
            Some((pos..end, end))
        }
    }
}

/// Attributes whose value a browser may follow or fetch as a URL (also under a namespace
/// prefix, as `xlink:href`), or set one from (`values`/`to`/`from`/`by` of SVG animations).
const URL_ATTRIBUTES: &[&str] = &[
    "action",
    "archive",
    "background",
    "by",
    "cite",
    "classid",
    "codebase",
    "content",
    "data",
    "dynsrc",
    "formaction",
    "from",
    "href",
    "icon",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "profile",
    "src",
    "srcset",
    "to",
    "usemap",
    "values",
];

/// Whether attribute `name` of tag `tag` with `value` (as written) could run script.
fn runs_script(tag: &str, name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let local = name.rsplit(':').next().unwrap_or(&name);
    if !URL_ATTRIBUTES.contains(&local) {
        return false;
    }
    // Browsers ignore whitespace and control characters in a scheme; dropping them everywhere
    // (and matching anywhere, as lists such as `srcset` and `values` hold several URLs) errs
    // on the side of removing.
    let url: String = decode_references(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    if url.contains("javascript:") || url.contains("vbscript:") {
        return true;
    }
    let image_source =
        matches!(local, "src" | "srcset") && ["img", "source"].contains(&tag.to_ascii_lowercase().as_str());
    url.match_indices("data:").any(|(at, _)| !(image_source && url[at + 5..].starts_with("image/")))
}

/// Decodes the character references a browser decodes in an attribute value, as far as they
/// can spell a scheme: numeric ones (with or without `;`) and the named ones for `:`, tab and
/// newline. Other named references never decode to an ASCII letter, so they are left.
fn decode_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let (decoded, used) = reference(&rest[at + 1..]).unwrap_or(('&', 0));
        out.push(decoded);
        rest = &rest[at + 1 + used..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference after `&` stands for, and how many bytes it takes.
fn reference(after: &str) -> Option<(char, usize)> {
    const NAMED: &[(&str, char)] = &[("colon;", ':'), ("tab;", '\t'), ("newline;", '\n')];
    if let Some(digits) = after.strip_prefix('#') {
        let (hex, digits) = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => (true, hex),
            None => (false, digits),
        };
        let count = digits.chars().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
        // Past what fits a code point the browser gives U+FFFD: anything but a letter.
        let code = u32::from_str_radix(&digits[..count.min(8)], if hex { 16 } else { 10 }).ok()?;
        let semicolon = usize::from(digits[count..].starts_with(';'));
        let used = 1 + usize::from(hex) + count + semicolon;
        return Some((char::from_u32(code).unwrap_or('\u{fffd}'), used));
    }
    let lower = after.get(..8.min(after.len()))?.to_ascii_lowercase();
    NAMED.iter().find(|(name, _)| lower.starts_with(name)).map(|(name, c)| (*c, name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        without_script_urls(html).into_owned()
    }

    #[test]
    fn script_urls_are_removed_however_they_are_spelt() {
        let spellings = [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " \u{1}javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "&#x6A;avascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "java&NewLine;script:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
        ];
        for url in spellings {
            for quote in ["\"", "'"] {
                let html = format!("<a class=\"x\" href={quote}{url}{quote} title=\"t\">go</a>");
                assert_eq!(clean(&html), "<a class=\"x\"  title=\"t\">go</a>", "{html}");
            }
        }
        assert_eq!(clean("<a href=javascript:alert(1)>go</a>"), "<a >go</a>");
    }

    #[test]
    fn every_url_attribute_and_namespace_is_covered() {
        let cases = [
            "<form action=\"javascript:x\">",
            "<button formaction='javascript:x'>",
            "<svg><a xlink:href=\"javascript:x\">",
            "<iframe src=\"javascript:x\">",
            "<object data=\"data:text/html,x\">",
            "<svg><animate attributeName=href values=\"#;javascript:x\"/>",
            "<img srcset=\"a.png 1x, javascript:x 2x\">",
            "<A HREF=\"javascript:x\">",
        ];
        for html in cases {
            let out = clean(html);
            assert!(!out.to_lowercase().contains("javascript") && !out.contains("data:"), "{html} → {out}");
        }
    }

    #[test]
    fn safe_urls_and_image_data_stay() {
        for html in [
            "<a href=\"https://example.com/a?b=c\">x</a>",
            "<img src=\"data:image/png;base64,iVBORw0=\" alt=\"dot\">",
            "<a href=\"notes/data.md\" title=\"javascript: the language\">x</a>",
            "<p>javascript: is text here</p>",
        ] {
            assert_eq!(clean(html), html);
        }
        assert_eq!(clean("<a href=\"data:image/png;base64,x\">x</a>"), "<a >x</a>");
    }

    #[test]
    fn tags_hidden_in_comments_styles_and_quotes_are_read_too() {
        let cases = [
            "<!-- <a title=\"--> <a href='javascript:x'>\" -->",
            "<style><a title=\"</style><a href=javascript:x>\"></style>",
            "<svg><style><a href=\"javascript:x\">x</a></style></svg>",
            "<a title=\"x\"href=javascript:x>",
            "<a =href href=javascript:x>",
        ];
        for html in cases {
            let out = clean(html);
            assert!(!out.contains("javascript"), "{html} → {out}");
        }
    }

    #[test]
    fn a_tag_left_open_is_shown_as_text() {
        assert_eq!(clean("<a title=\"x"), "&lt;a title=\"x");
        assert_eq!(clean("ok <b>bold</b> <i"), "ok <b>bold</b> &lt;i");
    }

    #[test]
    fn tangled_input_costs_linear_time_and_is_shown_as_text() {
        let html = "<a".repeat(200_000);
        let started = std::time::Instant::now();
        let out = clean(&html);
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(!out.contains('<'));
    }
}
