//! HTML text escaping shared by the Markdown stage and the templates.

/// Escapes text for HTML content and quoted attributes: `& < > " '`. Used by the templates
/// (instead of tera's default) and by the Markdown stage, so both escape alike.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}
