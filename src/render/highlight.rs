//! Syntax highlighting for fenced code blocks, and the stylesheet that colours it.
//!
//! Highlighting emits CSS classes (`hl-` prefixed scope names), never inline colours, so one page
//! works in light and dark mode and the colours live in a single stylesheet. The syntax definitions
//! are syntect's built-in set, loaded once per process.
//!
//! Deliberately not done here: choosing the language of a block (the Markdown renderer passes the
//! fence's token), wrapping the result in `<pre>` (also the renderer), and user-supplied syntax or
//! theme files.

use super::escape_html;
use std::sync::OnceLock;

use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Every class syntect emits starts with this, so site CSS cannot collide with scope names
/// such as `string` or `comment`.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The theme used when the reader has no dark-mode preference.
const LIGHT_THEME: &str = "InspiredGitHub";

/// The theme used under `prefers-color-scheme: dark`.
const DARK_THEME: &str = "base16-ocean.dark";

/// The element that wraps highlighted code in the rendered page (see `markdown.rs`).
const CODE_BLOCK_SELECTOR: &str = "pre.code";

/// The selector syntect gives the theme's base colours; it is rewritten to [`CODE_BLOCK_SELECTOR`]
/// because the renderer wraps code in `<pre class="code">`, not in an `hl-code` element.
const SYNTECT_BASE_SELECTOR: &str = ".hl-code";

/// Loading the default syntaxes takes milliseconds and a build highlights thousands of blocks,
/// so the set is loaded on first use and shared for the life of the process.
fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` as `lang` and returns the inner HTML of the `<code>` element: escaped text
/// inside `<span class="hl-…">` elements.
///
/// `lang` is the fence's language token (`rust`, `py`, `yaml`…), matched by file extension or
/// syntax name. An absent or unknown language, or code the highlighter fails on, comes back as
/// escaped plain text, so a block is always shown.
pub fn highlight_block(code: &str, lang: Option<&str>) -> String {
    let syntax = lang.and_then(|token| syntaxes().find_syntax_by_token(token));
    syntax.and_then(|syntax| classed_html(code, syntax)).unwrap_or_else(|| escape_html(code))
}

/// Runs syntect over `code`; `None` when its parser reports an error.
fn classed_html(code: &str, syntax: &SyntaxReference) -> Option<String> {
    // The `newlines` syntaxes expect every line to end with '\n'; an unclosed fence at the end
    // of a file may lack the last one.
    let mut code = code.to_owned();
    if !code.is_empty() && !code.ends_with('\n') {
        code.push('\n');
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(&code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// CSS for the `hl-` classes: the light theme applies by default, the dark theme inside
/// `@media (prefers-color-scheme: dark)`.
///
/// Light rules are wrapped in `:where(…)` (zero specificity); the dark block first resets every
/// highlighted span, then applies its own rules under `pre.code …`. So in dark mode no light
/// colour leaks through, even for scopes only the light theme styles.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::new();
    css.push_str(&theme_css(&themes, LIGHT_THEME, ":where(", ")"));
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&format!(
        "{CODE_BLOCK_SELECTOR} span {{\n color: inherit;\n background-color: transparent;\n \
         font-weight: inherit;\n font-style: inherit;\n text-decoration: inherit;\n}}\n"
    ));
    css.push_str(&theme_css(&themes, DARK_THEME, &format!("{CODE_BLOCK_SELECTOR} "), ""));
    css.push_str("}\n");
    css
}

/// One theme's rules with every selector list wrapped in `before` … `after`.
fn theme_css(themes: &ThemeSet, name: &str, before: &str, after: &str) -> String {
    // Both themes are compiled into syntect; a miss would be a syntect change, and an unstyled
    // (still readable) site is a better outcome than a failed build.
    let Some(css) = themes.themes.get(name).and_then(theme_rules) else {
        return format!("/* theme {name} is not available */\n");
    };
    css.lines()
        .map(|line| match line.strip_suffix(" {") {
            Some(selectors) if is_selector_line(line) => {
                format!("{} {{\n", scoped_selectors(selectors, before, after))
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

fn theme_rules(theme: &Theme) -> Option<String> {
    css_for_theme_with_class_style(theme, CLASS_STYLE).ok()
}

/// syntect writes each rule as `selectors {` on its own line, declarations indented, `}` alone,
/// and a `/* … */` header; only the first kind opens with a selector.
fn is_selector_line(line: &str) -> bool {
    line.starts_with('.')
}

fn scoped_selectors(selectors: &str, before: &str, after: &str) -> String {
    if selectors == SYNTECT_BASE_SELECTOR {
        // Base colours: same specificity in both themes, so the later (dark) block wins.
        return CODE_BLOCK_SELECTOR.to_owned();
    }
    if before.ends_with('(') {
        // A functional wrapper such as `:where(` takes the whole list at once.
        return format!("{before}{selectors}{after}");
    }
    selectors.split(", ").map(|selector| format!("{before}{selector}{after}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_prefixed_classes() {
        let html = highlight_block("fn main() {}\n", Some("rust"));
        assert!(html.contains("<span class=\"hl-source hl-rust\">"), "{html}");
        assert!(html.contains("hl-storage hl-type hl-function"), "{html}");
    }

    #[test]
    fn language_matches_by_extension_or_name() {
        assert!(highlight_block("x = 1\n", Some("py")).contains("hl-python"));
        assert!(highlight_block("x = 1\n", Some("Python")).contains("hl-python"));
    }

    #[test]
    fn unknown_or_absent_language_is_escaped_plain_text() {
        let code = "<b>&\"x\"</b>\n";
        let expected = "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;\n";
        assert_eq!(highlight_block(code, Some("no-such-language")), expected);
        assert_eq!(highlight_block(code, None), expected);
    }

    #[test]
    fn highlighted_code_is_escaped() {
        let html = highlight_block("let s = \"<script>\";\n", Some("rust"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn last_line_without_newline_is_kept() {
        let html = highlight_block("let a = 1;\nlet b = 2;", Some("rust"));
        assert!(html.contains('b'), "{html}");
        assert_eq!(highlight_block("", Some("rust")), "");
    }

    #[test]
    fn highlighting_is_deterministic() {
        let code = "SELECT * FROM ledger WHERE id = 1;\n";
        assert_eq!(highlight_block(code, Some("sql")), highlight_block(code, Some("sql")));
    }

    #[test]
    fn stylesheet_has_light_default_and_dark_override() {
        let css = stylesheet();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark) {").expect("dark block present");
        assert!(light.contains(":where(.hl-comment"), "{light}");
        assert!(light.contains("pre.code {"), "{light}");
        assert!(dark.contains("pre.code span {"), "{dark}");
        assert!(dark.contains("pre.code .hl-comment"), "{dark}");
        assert!(dark.contains("pre.code {"), "{dark}");
        assert!(!css.contains("not available"), "{css}");
        assert!(!css.contains(".hl-code"), "{css}");
    }

    #[test]
    fn stylesheet_braces_balance() {
        let css = stylesheet();
        assert_eq!(css.matches('{').count(), css.matches('}').count());
        assert_eq!(css, stylesheet());
    }
}
