//! YAML text → raw structs, with every field's problem reported at once.
//!
//! serde stops at the first error, so a file with three mistyped fields would take three runs to
//! fix. When a document does not fit its struct, it is read again field by field: the error's
//! line tells which top-level field it sits in, that field is reported (named, located, with a
//! hint showing the shape it takes) and left out, and the rest is read again, until it fits. A
//! YAML *syntax* error is different: what follows it cannot be trusted, so it is reported alone.
//! Shared by content files, `baton.yaml` and `people.yaml`; it gives no meaning to values.

use super::Locator;
use super::frontmatter::top_level_keys;
use crate::diagnostic::{Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;

/// Parses YAML into `T`; `None` when the text is not YAML or any field has the wrong shape (each
/// such field is reported). For content files: one with a mistyped field is not loaded at all.
pub fn parse_yaml<T: DeserializeOwned + Default>(
    yaml: &str,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    read_fields(yaml, locator, diagnostics).filter(|(_, dropped)| *dropped == 0).map(|(value, _)| value)
}

/// Parses YAML into `T` without the top-level fields whose shape is wrong (each is reported);
/// `None` only when the text is not YAML. For settings, where the good fields should still apply.
pub fn parse_yaml_lenient<T: DeserializeOwned + Default>(
    yaml: &str,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    read_fields(yaml, locator, diagnostics).map(|(value, _)| value)
}

/// The value and how many top-level fields had to be left out to read it.
fn read_fields<T: DeserializeOwned + Default>(
    yaml: &str,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> Option<(T, usize)> {
    if yaml.trim().is_empty() {
        return Some((T::default(), 0));
    }
    // Most frontmatter lies in the plain subset the quick reader knows, at a fraction of the
    // cost; serde-saphyr reads everything else and is the one that reports errors.
    if let Some(value) = super::quick_yaml::from_str::<T>(yaml) {
        return Some((value, 0));
    }
    let mut error = match serde_saphyr::from_str::<T>(yaml) {
        Ok(value) => return Some((value, 0)),
        Err(e) => e,
    };
    // Reading into "anything" fails only on syntax. The first error is still the one reported:
    // it points where the reader first went wrong (`status: [in-progress`), while this one points
    // where the unclosed bracket finally failed.
    if serde_saphyr::from_str::<serde::de::IgnoredAny>(yaml).is_err() {
        diagnostics.push(located(&error, locator, format!("invalid {}: {}", document(locator), message(&error))));
        return None;
    }
    let keys = top_level_keys(yaml, 1);
    let mut dropped = Vec::new();
    // Each round leaves out one more field, so this ends after at most one round per key.
    loop {
        let line = error.location().map_or(0, |l| l.line() as usize);
        let field = keys.iter().rposition(|(_, start)| line > 0 && *start <= line).filter(|i| !dropped.contains(i));
        let Some(field) = field else {
            diagnostics.push(located(&error, locator, format!("invalid {}: {}", document(locator), message(&error))));
            return None;
        };
        let key = &keys[field].0;
        let written = written_value(yaml, keys[field].1);
        let diagnostic = located(&error, locator, field_message(key, written, &error)).field(key.clone());
        diagnostics.push(diagnostic.hint(shape_hint(key, written, &error)));
        dropped.push(field);
        match serde_saphyr::from_str::<T>(&without_fields(yaml, &keys, &dropped)) {
            Ok(value) => return Some((value, dropped.len())),
            Err(e) => error = e,
        }
    }
}

/// What the YAML is called in messages: a content file's frontmatter starts on its second line,
/// `baton.yaml` and `people.yaml` are YAML from the first.
fn document(locator: &Locator) -> &'static str {
    if locator.yaml_line == 1 { "YAML" } else { "frontmatter" }
}

/// `yaml` with the lines of the dropped fields blanked, so every other line keeps its number.
fn without_fields(yaml: &str, keys: &[(String, usize)], dropped: &[usize]) -> String {
    let blank = |line: usize| {
        dropped.iter().any(|&i| line >= keys[i].1 && keys.get(i + 1).is_none_or(|(_, next)| line < *next))
    };
    let lines = yaml.lines().enumerate().map(|(n, text)| if blank(n + 1) { "" } else { text });
    lines.collect::<Vec<_>>().join("\n")
}

/// What follows `key:` on the key's own line, trimmed (empty when the value is on later lines).
fn written_value(yaml: &str, line: usize) -> &str {
    let text = yaml.lines().nth(line - 1).unwrap_or("");
    text.split_once(':').map_or("", |(_, value)| value.trim())
}

fn located(error: &serde_saphyr::Error, locator: &Locator, message: String) -> Diagnostic {
    let (line, column) = error.location().map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    Diagnostic::error("yaml", locator.location(line, column), message)
}

/// The shape a field must have, in the words of docs/format.md rather than the parser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    List,
    Map,
    /// One scalar: a text, a date, a name.
    Value,
    Number,
    Boolean,
}

impl Shape {
    /// The shape a mismatch error says was expected; `None` for other errors.
    fn expected_by(error: &serde_saphyr::Error) -> Option<Shape> {
        use serde_saphyr::Error as E;
        match error.without_snippet() {
            E::Unexpected { expected, .. } => Shape::named(expected),
            E::InvalidScalar { ty, .. } => Shape::named(ty).or(Some(Shape::Value)),
            E::InvalidBooleanStrict { .. } => Some(Shape::Boolean),
            E::SerdeInvalidType { expected, .. } | E::SerdeInvalidValue { expected, .. } => Shape::named(expected),
            _ => None,
        }
    }

    /// Reads the parser's or serde's name of a type or token.
    fn named(expected: &str) -> Option<Shape> {
        const NUMBERS: [&str; 10] = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "f64"];
        let shape = match expected {
            e if e.contains("or a ") => return None,
            e if e.contains("sequence") => Shape::List,
            e if e.contains("map") || e.starts_with("struct ") => Shape::Map,
            e if e.contains("bool") => Shape::Boolean,
            e if NUMBERS.iter().any(|n| e.contains(n)) || e.contains("integer") => Shape::Number,
            e if e.contains("scalar") || e.contains("string") => Shape::Value,
            _ => return None,
        };
        Some(shape)
    }

    fn words(self) -> &'static str {
        match self {
            Shape::List => "a list",
            Shape::Map => "a map of fields",
            Shape::Value => "one value",
            Shape::Number => "a whole number",
            Shape::Boolean => "true or false",
        }
    }
}

/// What was written, as a reader would call it.
fn found(written: &str) -> String {
    match written {
        "" => "an indented block".to_string(),
        w if w.starts_with('[') => "a list".to_string(),
        w if w.starts_with('{') => "a map".to_string(),
        w => format!("`{w}`"),
    }
}

fn field_message(key: &str, written: &str, error: &serde_saphyr::Error) -> String {
    match Shape::expected_by(error) {
        Some(shape) => format!("`{key}` must be {}, not {}", shape.words(), found(written)),
        None => format!("`{key}`: {}", message(error)),
    }
}

/// How to write `key` in the shape it takes, using what was written where that helps.
fn shape_hint(key: &str, written: &str, error: &serde_saphyr::Error) -> Option<String> {
    let plain = !written.is_empty() && !written.starts_with(['[', '{', '|', '>', '&', '*', '!']);
    let hint = match Shape::expected_by(error)? {
        Shape::List if plain => format!("write `{key}: [{written}]`"),
        Shape::List => format!("write `{key}: [first, second]`, or one `- item` line per entry"),
        Shape::Map => match map_example(key) {
            Some(example) => format!("write `{key}: {example}`"),
            None => format!("write `{key}:` followed by indented `name: value` lines"),
        },
        Shape::Value if written.starts_with(['[', '{']) => {
            format!(
                "`{key}` takes one value: write `{key}: value`, or quote text that starts with a bracket (`{key}: \"{written}\"`)"
            )
        }
        Shape::Value => format!("write one value on the key's line: `{key}: value`"),
        Shape::Number => format!("write a number without quotes or units, e.g. `{key}: 50`"),
        Shape::Boolean => format!("write `{key}: true` or `{key}: false`"),
    };
    Some(hint)
}

/// An example of each map-valued field (people.yaml's handles are maps too, see the fallback).
fn map_example(key: &str) -> Option<&'static str> {
    let example = match key {
        "shift" => "{start: 2026-11-20T09:00, end: 2026-11-20T17:00, tz: Europe/Berlin}",
        "rules" => "{stale: warning, unknown-person: off}",
        "readiness" => "{ready: [intent, acceptance]}",
        "extra" => "{cost_center: ledger}",
        _ => return None,
    };
    Some(example)
}

/// The YAML error's own words, without the position suffix (the diagnostic shows it instead).
fn message(error: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
        formatter: &serde_saphyr::UserMessageFormatter,
    };
    let text = error.render_with_options(options);
    let first = text.lines().next().unwrap_or("");
    first.split(" at line ").next().unwrap_or(first).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::load::raw::RawFrontmatter;

    fn parse(yaml: &str) -> (Option<RawFrontmatter>, Vec<Diagnostic>) {
        let mut diagnostics = Diagnostics::default();
        let locator = Locator { file: "content/a.md".into(), yaml_line: 2 };
        let parsed = parse_yaml::<RawFrontmatter>(yaml, &locator, &mut diagnostics);
        (parsed, diagnostics.sorted())
    }

    #[test]
    fn every_mistyped_field_is_reported_at_once_with_its_name_and_shape() {
        let yaml = "title: T\ndepends_on: other\ntags: ledger\nowner: ana\ndeliverables: one thing\n";
        let (parsed, diagnostics) = parse(yaml);
        assert!(parsed.is_none(), "a file with a mistyped field is not loaded");
        let found: Vec<(Option<&str>, usize, Option<&str>)> =
            diagnostics.iter().map(|d| (d.field.as_deref(), d.span.line, d.hint.as_deref())).collect();
        assert_eq!(
            found,
            [
                (Some("depends_on"), 3, Some("write `depends_on: [other]`")),
                (Some("tags"), 4, Some("write `tags: [ledger]`")),
                (Some("deliverables"), 6, Some("write `deliverables: [one thing]`")),
            ]
        );
        assert_eq!(diagnostics[0].message, "`depends_on` must be a list, not `other`");
    }

    #[test]
    fn nested_and_scalar_shapes_are_named() {
        let yaml = "title: [a, b]\nshift: 9-17\nlinks:\n  - {title: x}\n";
        let (_, diagnostics) = parse(yaml);
        let fields: Vec<&str> = diagnostics.iter().filter_map(|d| d.field.as_deref()).collect();
        assert_eq!(fields, ["title", "shift", "links"]);
        assert!(
            diagnostics[0].message.starts_with("`title` must be one value, not a list"),
            "{}",
            diagnostics[0].message
        );
        assert!(diagnostics[1].hint.as_deref().is_some_and(|h| h.contains("shift: {start:")), "{:?}", diagnostics[1]);
        assert!(diagnostics[2].message.contains("url"), "{}", diagnostics[2].message);
        assert_eq!(diagnostics[2].span.line, 5, "inside the field, not at its key");
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let (parsed, diagnostics) = parse("title: A\nowner: [ana\ntags: x\n");
        assert!(parsed.is_none());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].span.line, 3, "at the line that opened the bracket");
        assert!(diagnostics[0].message.starts_with("invalid frontmatter: "), "{}", diagnostics[0].message);
    }

    #[test]
    fn lenient_keeps_the_good_fields() {
        #[derive(Debug, Default, serde::Deserialize)]
        struct Settings {
            title: Option<String>,
            page_size: Option<i64>,
            allow_html: Option<bool>,
        }
        let mut diagnostics = Diagnostics::default();
        let locator = Locator { file: "baton.yaml".into(), yaml_line: 1 };
        let yaml = "title: Ops\npage_size: lots\nallow_html: maybe\n";
        let settings = parse_yaml_lenient::<Settings>(yaml, &locator, &mut diagnostics).unwrap();
        assert_eq!(settings.title.as_deref(), Some("Ops"));
        assert_eq!((settings.page_size, settings.allow_html), (None, None), "the mistyped settings are left out");
        let diagnostics = diagnostics.sorted();
        assert_eq!(diagnostics[0].span, Span::new("baton.yaml", 2, 12));
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("write a number without quotes or units, e.g. `page_size: 50`")
        );
        assert_eq!(diagnostics[1].hint.as_deref(), Some("write `allow_html: true` or `allow_html: false`"));
    }
}
