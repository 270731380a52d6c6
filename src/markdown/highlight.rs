//! Syntax highlighting for fenced code blocks, and the stylesheet that colours it.
//!
//! Highlighting emits CSS classes (`hl-` prefixed scope names), never inline colours, so one page
//! works in light and dark mode and the colours live in a single stylesheet. The syntax definitions
//! are syntect's built-in set, loaded once per process.
//!
//! Both themes are syntect's own, with every token colour that reads below WCAG AA against its
//! background (4.5:1, [`MIN_CONTRAST`]) moved towards black or white until it passes
//! ([`readable`]): InspiredGitHub's constants (#0086b3 on white, 4.1:1) and base16-ocean's
//! variables (#bf616a on #2b303b, 3.2:1) were two such. Hues are kept; only lightness moves.
//!
//! Deliberately not done here: choosing the language of a block (the Markdown renderer passes the
//! fence's token), wrapping the result in `<pre>` (also the renderer), and user-supplied syntax or
//! theme files.

use crate::html::escape_html;
use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
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

/// WCAG 2 AA contrast for normal text, which code is.
pub const MIN_CONTRAST: f64 = 4.5;

/// What [`readable`] aims for: a little above [`MIN_CONTRAST`], so that no rounding in a tool
/// that measures it can put a colour back under.
const TARGET_CONTRAST: f64 = 4.6;

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

/// Whether rendered page data (strings of HTML anywhere in it) holds a highlighted code block,
/// and so needs the stylesheet.
pub fn holds_code(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(html) => html.contains(CODE_BLOCK_START),
        serde_json::Value::Array(items) => items.iter().any(holds_code),
        serde_json::Value::Object(fields) => fields.values().any(holds_code),
        _ => false,
    }
}

/// How every code block the Markdown renderer writes starts (see [`CODE_BLOCK_SELECTOR`]).
const CODE_BLOCK_START: &str = "<pre class=\"code\"";

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
    let Some(css) = themes.themes.get(name).cloned().map(readable).and_then(|t| theme_rules(&t)) else {
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

/// `theme` with every foreground colour moved, if it must be, to [`TARGET_CONTRAST`] against
/// the background it is drawn on (its own, or the theme's).
fn readable(mut theme: Theme) -> Theme {
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(foreground) = &mut theme.settings.foreground {
        *foreground = with_contrast(*foreground, page);
    }
    for item in &mut theme.scopes {
        let background = item.style.background.unwrap_or(page);
        if let Some(foreground) = &mut item.style.foreground {
            *foreground = with_contrast(*foreground, background);
        }
    }
    theme
}

/// `colour`, or the first mix of it with black (on a light background) or white (on a dark one)
/// that reaches [`TARGET_CONTRAST`] against `background`, in steps of 1/64.
fn with_contrast(colour: Color, background: Color) -> Color {
    let opaque = Color { a: 0xff, ..colour };
    if contrast(opaque, background) >= MIN_CONTRAST {
        return opaque;
    }
    let towards = if luminance(background) > 0.18 { Color::BLACK } else { Color::WHITE };
    (1..=64)
        .map(|step| mix(opaque, towards, f64::from(step) / 64.0))
        .find(|mixed| contrast(*mixed, background) >= TARGET_CONTRAST)
        .unwrap_or(towards)
}

fn mix(from: Color, to: Color, amount: f64) -> Color {
    let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
    Color { r: channel(from.r, to.r), g: channel(from.g, to.g), b: channel(from.b, to.b), a: 0xff }
}

/// WCAG 2 contrast ratio of two opaque colours, 1 to 21.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// WCAG 2 relative luminance.
fn luminance(colour: Color) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)
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

    /// Every token colour of the generated stylesheet, light and dark, against the background
    /// it is drawn on (its rule's own, or the code block's) passes WCAG AA. Read back from the
    /// CSS text, as a browser would see it, not from the themes.
    #[test]
    fn every_token_colour_passes_wcag_aa_in_both_schemes() {
        let css = stylesheet();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark) {").expect("dark block");
        for (scheme, part) in [("light", light), ("dark", dark)] {
            let rules = css_rules(part);
            let block = rules.iter().find(|(selector, _)| selector == CODE_BLOCK_SELECTOR).expect("pre.code rule");
            let page = hex(block.1.get("background-color").expect("code background")).expect("hex background");
            let mut checked = 0;
            for (selector, declarations) in &rules {
                let Some(colour) = declarations.get("color").and_then(|c| hex(c)) else { continue };
                let background = declarations.get("background-color").and_then(|c| hex(c)).unwrap_or(page);
                let ratio = contrast(colour, background);
                assert!(ratio >= MIN_CONTRAST, "{scheme}: {selector} is {ratio:.2}:1");
                checked += 1;
            }
            assert!(checked > 10, "{scheme}: only {checked} colours found");
        }
    }

    #[test]
    fn colours_that_pass_are_kept_and_others_keep_their_hue() {
        let white = Color::WHITE;
        let ok = Color { r: 0x1f, g: 0x23, b: 0x28, a: 0xff };
        assert_eq!(with_contrast(ok, white), ok);
        let constant = Color { r: 0x00, g: 0x86, b: 0xb3, a: 0xff };
        let fixed = with_contrast(constant, white);
        assert!(contrast(fixed, white) >= MIN_CONTRAST && fixed.r == 0 && fixed.b > fixed.g, "{fixed:?}");
        let ocean = Color { r: 0x2b, g: 0x30, b: 0x3b, a: 0xff };
        let red = with_contrast(Color { r: 0xbf, g: 0x61, b: 0x6a, a: 0xff }, ocean);
        assert!(contrast(red, ocean) >= MIN_CONTRAST && red.r > red.g, "{red:?}");
    }

    /// (selector list, declarations) of every rule, nested media blocks flattened.
    fn css_rules(css: &str) -> Vec<(String, std::collections::BTreeMap<String, String>)> {
        let mut rules = Vec::new();
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            let selector = rest[..open].rsplit(['}', '/']).next().unwrap_or("").trim().to_string();
            let body = &rest[open + 1..close];
            let body = body.rsplit('{').next().unwrap_or(body);
            let declarations = body
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect();
            rules.push((selector, declarations));
            rest = &rest[close + 1..];
        }
        rules
    }

    fn hex(value: &str) -> Option<Color> {
        let digits = value.strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
        (digits.len() == 6).then_some(())?;
        Some(Color { r: byte(0)?, g: byte(2)?, b: byte(4)?, a: 0xff })
    }

    #[test]
    fn stylesheet_braces_balance() {
        let css = stylesheet();
        assert_eq!(css.matches('{').count(), css.matches('}').count());
        assert_eq!(css, stylesheet());
    }
}
