//! Syntax highlighting for fenced code blocks, and the stylesheet that colours it.
//!
//! Highlighting emits CSS classes, never inline colours, so one page works in light and dark mode
//! and the colours live in a single stylesheet. Each token gets the one short class of its kind
//! ([`kinds`]: `hk` keyword, `hs` string, `hc` comment…), adjacent tokens of a kind share one
//! `<span>`, and plain text gets none: a code-heavy page once spent a third of its bytes on
//! syntect's full scope classes. The syntax definitions are syntect's built-in set, loaded once
//! per process.
//!
//! Both themes are syntect's own, resolved per kind, with every token colour that reads below
//! WCAG AA against its background (4.5:1, [`MIN_CONTRAST`]) moved towards black or white until it
//! passes ([`readable`]): InspiredGitHub's constants (#0086b3 on white, 4.1:1) and base16-ocean's
//! variables (#bf616a on #2b303b, 3.2:1) were two such. Hues are kept; only lightness moves.
//!
//! Deliberately not done here: choosing the language of a block (the Markdown renderer passes the
//! fence's token), wrapping the result in `<pre>` (also the renderer), and user-supplied syntax or
//! theme files.

mod kinds;

use crate::html::escape_html;
use kinds::{Kind, kind_of};
use std::sync::OnceLock;

use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The theme used when the reader has no dark-mode preference.
const LIGHT_THEME: &str = "InspiredGitHub";

/// The theme used under `prefers-color-scheme: dark`.
const DARK_THEME: &str = "base16-ocean.dark";

/// The element that wraps highlighted code in the rendered page (see `markdown.rs`).
const CODE_BLOCK_SELECTOR: &str = "pre.code";

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
/// with each run of tokens of one kind inside a `<span class="h…">`.
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
    let mut parser = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut html = Runs::default();
    // The `newlines` syntaxes expect every line to end with '\n'; an unclosed fence at the end
    // of a file may lack the last one.
    let mut code = code.to_owned();
    if !code.is_empty() && !code.ends_with('\n') {
        code.push('\n');
    }
    for line in LinesWithEndings::from(&code) {
        let mut from = 0;
        for (at, op) in parser.parse_line(line, syntaxes()).ok()? {
            html.push(shown_kind(stack.as_slice()), line.get(from..at)?);
            stack.apply(&op).ok()?;
            from = at;
        }
        html.push(shown_kind(stack.as_slice()), line.get(from..)?);
    }
    Some(html.finish())
}

/// The kind of a token, unless both themes draw that kind as plain text (punctuation, in the
/// two built in): a span that changes nothing is bytes for nothing.
fn shown_kind(stack: &[Scope]) -> Option<Kind> {
    static SHOWN: OnceLock<Vec<bool>> = OnceLock::new();
    let shown = SHOWN.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        let [light, dark] = [LIGHT_THEME, DARK_THEME].map(|name| themes.themes.get(name).cloned().map(readable));
        Kind::ALL
            .iter()
            .map(|kind| [&light, &dark].iter().any(|theme| theme.as_ref().is_none_or(|t| !draws_plain(t, *kind))))
            .collect()
    });
    kind_of(stack).filter(|kind| shown.get(*kind as usize).copied().unwrap_or(true))
}

/// Whether `theme` draws `kind` as it draws plain code.
fn draws_plain(theme: &Theme, kind: Kind) -> bool {
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    let plain = Style {
        foreground: theme.settings.foreground.unwrap_or(Color::BLACK),
        background: page,
        font_style: FontStyle::empty(),
    };
    declarations(kind_style(theme, kind), page) == declarations(plain, page)
}

/// The style `theme` gives `kind`'s representative scope inside a source file.
fn kind_style(theme: &Theme, kind: Kind) -> Style {
    let stack: Vec<Scope> = ["source", kind.representative()].iter().filter_map(|s| Scope::new(s).ok()).collect();
    Highlighter::new(theme).style_for_stack(&stack)
}

/// Highlighted HTML built token by token: a token of the open span's kind joins it, and so does
/// whitespace between two tokens of one kind (it shows no colour).
#[derive(Default)]
struct Runs {
    html: String,
    open: Option<Kind>,
    /// Whitespace after the open span, not yet known to be inside it.
    pending: String,
}

impl Runs {
    fn push(&mut self, kind: Option<Kind>, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.open.is_some() && text.chars().all(char::is_whitespace) {
            self.pending.push_str(text);
            return;
        }
        if kind != self.open {
            self.close();
            if let Some(kind) = kind {
                self.html.push_str(&format!("<span class=\"{}\">", kind.class()));
            }
            self.open = kind;
        }
        self.html.push_str(&escape_html(&std::mem::take(&mut self.pending)));
        self.html.push_str(&escape_html(text));
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
        self.html.push_str(&escape_html(&std::mem::take(&mut self.pending)));
    }

    fn finish(mut self) -> String {
        self.close();
        self.html
    }
}

/// CSS for the token classes: the light theme applies by default, the dark theme inside
/// `@media (prefers-color-scheme: dark)`. Both give every kind a colour and a font style, so in
/// dark mode no light rule shows through.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = theme_css(&themes, LIGHT_THEME);
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&theme_css(&themes, DARK_THEME));
    css.push_str("}\n");
    css
}

/// One theme's rules: the code block's colours, then each kind's, resolved as the theme colours
/// the kind's representative scope inside a source file.
fn theme_css(themes: &ThemeSet, name: &str) -> String {
    // Both themes are compiled into syntect; a miss would be a syntect change, and an unstyled
    // (still readable) site is a better outcome than a failed build.
    let Some(theme) = themes.themes.get(name).cloned().map(readable) else {
        return format!("/* theme {name} is not available */\n");
    };
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    let foreground = theme.settings.foreground.unwrap_or(Color::BLACK);
    let mut css = format!(
        "/* {name} */\n{CODE_BLOCK_SELECTOR} {{ color: {}; background-color: {}; }}\n",
        hex(foreground),
        hex(page)
    );
    for kind in Kind::ALL {
        let rules = declarations(kind_style(&theme, kind), page);
        css.push_str(&format!("{CODE_BLOCK_SELECTOR} .{} {{ {rules}}}\n", kind.class()));
    }
    css
}

/// A kind's colour, its background where the theme gives it one of its own, and its font style.
fn declarations(style: Style, page: Color) -> String {
    let own = (style.background != page && style.background.a > 0).then_some(style.background);
    // [`readable`] fixed each theme rule against its own background; a kind may take its colour
    // from one rule and its background from another, so the pair is checked again.
    let mut out = format!("color: {}; ", hex(with_contrast(style.foreground, own.unwrap_or(page))));
    if let Some(background) = own {
        out.push_str(&format!("background-color: {}; ", hex(background)));
    }
    let has = |flag: FontStyle| style.font_style.contains(flag);
    out.push_str(&format!(
        "font-weight: {}; font-style: {}; text-decoration: {}; ",
        if has(FontStyle::BOLD) { "bold" } else { "inherit" },
        if has(FontStyle::ITALIC) { "italic" } else { "inherit" },
        if has(FontStyle::UNDERLINE) { "underline" } else { "inherit" },
    ));
    out
}

fn hex(colour: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", colour.r, colour.g, colour.b)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_one_short_class_per_kind() {
        let html = highlight_block("fn main() {}\n", Some("rust"));
        assert!(html.starts_with("<span class=\"ht\">fn</span> <span class=\"hf\">main</span>"), "{html}");
        assert!(!html.contains("hl-") && !html.contains("class=\"h\""), "{html}");
    }

    #[test]
    fn language_matches_by_extension_or_name() {
        assert_eq!(
            highlight_block("x = 1\n", Some("py")),
            "x <span class=\"ho\">=</span> <span class=\"hn\">1</span>\n"
        );
        assert_eq!(highlight_block("x = 1\n", Some("Python")), highlight_block("x = 1\n", Some("py")));
    }

    /// A run of one kind is one span, whitespace inside it included; quotes are part of their
    /// string; plain text has no span at all.
    #[test]
    fn tokens_of_a_kind_share_one_span_and_plain_text_has_none() {
        let html = highlight_block("# a comment here\necho \"$HOME/x\" > out\n", Some("sh"));
        assert!(
            html.starts_with("<span class=\"hc\"># a comment here</span>\n<span class=\"hu\">echo</span> "),
            "{html}"
        );
        assert!(
            html.contains(
                "<span class=\"hs\">&quot;$</span><span class=\"hv\">HOME</span><span class=\"hs\">/x&quot;</span>"
            ),
            "{html}"
        );
        assert!(html.ends_with("<span class=\"ho\">&gt;</span> out\n"), "{html}");
        assert!(!html.contains("<span class=\"hs\"></span>") && !html.contains("</span><span class=\"hc\">"), "{html}");
    }

    /// Page weight: code-heavy pages once spent a third of their bytes on `hl-` scope classes;
    /// these snippets came to 13 (yaml) to 26 (rust) times their text, 4,253 bytes for the
    /// 180 of the shell one. Now none passes 6 times its escaped text.
    #[test]
    fn highlighted_snippets_stay_within_six_times_their_text() {
        let snippets = [
            (
                "sh",
                "#!/usr/bin/env bash\nset -euo pipefail\nfor f in \"$@\"; do\n  if [[ -f \"$f\" ]]; then\n    gzip -9 \"$f\" && echo \"done: ${f}.gz\"\n  fi\ndone\n",
            ),
            (
                "rust",
                "pub fn total(items: &[Item]) -> u64 {\n    // Sum the prices.\n    items.iter().map(|i| i.price * u64::from(i.count)).sum()\n}\n",
            ),
            (
                "yaml",
                "services:\n  ledger:\n    image: \"ghcr.io/acme/ledger:2.4\"\n    replicas: 3\n    env:\n      - name: DB_URL\n        value: postgres://ledger@db:5432/ledger # primary\n",
            ),
        ];
        for (lang, code) in snippets {
            let html = highlight_block(code, Some(lang));
            let text = escape_html(code).len();
            assert!(html.len() <= 6 * text, "{lang}: {} bytes for {text} of text:\n{html}", html.len());
            assert!(html.contains("<span class=\"h"), "{lang} is highlighted: {html}");
        }
    }

    /// Every class any highlighted block can carry has a rule in the light and the dark theme.
    #[test]
    fn every_class_in_use_has_a_rule_in_both_schemes() {
        let css = stylesheet();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark) {").expect("dark block");
        let samples = [
            (
                "rust",
                "use std::io;\n/// Doc.\n#[derive(Debug)]\npub struct A<'a> { s: &'a str, n: i32 }\nimpl A<'_> { fn f(&self) -> bool { self.n > 0x1f && \"x\" != \"y\" } }\nmacro_rules! m { () => {} }\n",
            ),
            (
                "python",
                "import os\n@dataclass\nclass A(Base):\n    def f(self, x: int = 2) -> str:\n        return f\"{x}\" if x else None  # no\n",
            ),
            ("js", "const a = async (b) => { await fetch(`/x/${b}`); return /re+/g.test(b) ?? null; };\n"),
            ("html", "<!DOCTYPE html>\n<a href=\"/x\" class=y>Hi &amp; bye</a><!-- c -->\n"),
            ("diff", "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-old\n+new\n same\n"),
            ("md", "# Title\n\n*em* **strong** `code` [link](http://x)\n"),
            ("sql", "SELECT count(*) AS n FROM ledger WHERE id = 'a' -- c\n"),
            ("sh", "x=$(ls -1 | wc -l) # n\necho \"${x:-0}\"\n"),
            ("yaml", "a: [1, true, null]\nb: &anchor\n  c: 'd'\n"),
            ("json", "{\"a\": [1, 2.5, true, null]}\n"),
        ];
        let mut used = std::collections::BTreeSet::new();
        for (lang, code) in samples {
            let html = highlight_block(code, Some(lang));
            for class in html.split("class=\"").skip(1).filter_map(|c| c.split('"').next()) {
                used.insert(class.to_string());
            }
        }
        assert!(used.len() >= 9, "{used:?}");
        for class in &used {
            assert!(!class.contains(' '), "one class per span: {class}");
            assert!(light.contains(&format!("pre.code .{class} {{")), "light lacks .{class}");
            assert!(dark.contains(&format!("pre.code .{class} {{")), "dark lacks .{class}");
        }
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
        for part in [light, dark] {
            assert!(part.contains("pre.code {"), "{part}");
            for kind in Kind::ALL {
                let rule = format!("pre.code .{} {{ color: #", kind.class());
                assert_eq!(part.matches(&rule).count(), 1, "{rule} in {part}");
            }
        }
        assert!(!css.contains("not available") && !css.contains("hl-"), "{css}");
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
