//! Results as text for a person (with colour on a terminal) or as JSON for tools.
//!
//! Pure functions from [`Results`] to a `String`; the CLI decides where it goes and whether the
//! terminal gets colour. [`match_line`] finds the line of a source file a result points at.

use super::analyze::terms;
use super::engine::{Hit, Results, Snippet};
use serde::Serialize;
use std::collections::BTreeSet;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;33m";
const PATH: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The first line at or after `first_line` (1-based) that holds one of `wanted`; else `first_line`.
/// Body lines win over frontmatter lines, since the body is what a reader opens the file for.
pub fn match_line(source: &str, first_line: usize, wanted: &BTreeSet<String>) -> usize {
    let body_start = body_start_line(source);
    let holds = |line: &str| terms(line).iter().any(|t| wanted.contains(&t.text));
    let lines: Vec<(usize, &str)> =
        source.lines().enumerate().map(|(i, l)| (i + 1, l)).skip(first_line.saturating_sub(1)).collect();
    let in_body = lines.iter().find(|(n, l)| *n >= body_start && first_line <= 1 && holds(l));
    in_body.or_else(|| lines.iter().find(|(_, l)| holds(l))).map(|(n, _)| *n).unwrap_or(first_line.max(1))
}

/// The line the Markdown body starts on (after the closing `---`), or 1 without frontmatter.
fn body_start_line(source: &str) -> usize {
    let mut lines = source.lines().enumerate();
    if lines.next().map(|(_, l)| l.trim_end()) != Some("---") {
        return 1;
    }
    lines.find(|(_, l)| l.trim_end() == "---").map(|(i, _)| i + 2).unwrap_or(1)
}

/// Results for a person: a header line per hit, its `path:line`, and the snippet.
pub fn human(results: &Results, lines: &[usize], color: bool) -> String {
    let paint = |style: &str, text: &str| if color { format!("{style}{text}{RESET}") } else { text.to_string() };
    let mut out = String::new();
    if results.relaxed {
        out.push_str(&paint(DIM, "No page has every word; showing pages with some of them.\n\n"));
    }
    for (hit, line) in results.hits.iter().zip(lines) {
        out.push_str(&paint(BOLD, &hit.title));
        out.push_str(&paint(DIM, &format!("  {}", facts(hit))));
        out.push('\n');
        out.push_str(&format!("  {}\n", paint(PATH, &format!("{}:{line}", hit.file))));
        let snippet = one_line(&hit.snippet, if color { Some((MATCH, RESET)) } else { None });
        if !snippet.is_empty() {
            out.push_str(&format!("  {snippet}\n"));
        }
        out.push('\n');
    }
    out
}

/// `decision · accepted · ana, kofi · 2026-04-14`
fn facts(hit: &Hit) -> String {
    let mut parts = vec![hit.kind.clone(), hit.status.clone()];
    if !hit.people.is_empty() {
        parts.push(hit.people.join(", "));
    }
    parts.extend(hit.date.clone());
    parts.join(" · ")
}

/// The snippet on one line, highlights wrapped in `marks` (or left plain), `…` where it was cut.
fn one_line(snippet: &Snippet, marks: Option<(&str, &str)>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in &snippet.highlights {
        let (Some(before), Some(word)) = (snippet.text.get(at..start), snippet.text.get(start..end)) else { continue };
        out.push_str(before);
        match marks {
            Some((open, close)) => out.push_str(&format!("{open}{word}{close}")),
            None => out.push_str(word),
        }
        at = end;
    }
    out.push_str(snippet.text.get(at..).unwrap_or_default());
    let flat: Vec<&str> = out.split_whitespace().collect();
    if flat.is_empty() { String::new() } else { format!("…{}…", flat.join(" ")) }
}

#[derive(Serialize)]
struct JsonResults<'a> {
    relaxed: bool,
    results: Vec<JsonHit<'a>>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(flatten)]
    hit: &'a Hit,
    line: usize,
}

/// Results for tools: `{"relaxed": bool, "results": [{id, kind, title, …, file, line, snippet}]}`.
pub fn json(results: &Results, lines: &[usize]) -> String {
    let hits = results.hits.iter().zip(lines).map(|(hit, line)| JsonHit { hit, line: *line }).collect();
    serde_json::to_string_pretty(&JsonResults { relaxed: results.relaxed, results: hits }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_line_prefers_the_body() {
        let source = "---\ntitle: Postgres failover\n---\n\nIntro.\n\nWe run Postgres here.\n";
        let wanted: BTreeSet<String> = ["postgres".to_string()].into();
        assert_eq!(match_line(source, 1, &wanted), 7);
        assert_eq!(match_line("---\ntitle: Postgres\n---\nnothing\n", 1, &wanted), 2);
        assert_eq!(match_line("no match", 1, &wanted), 1);
    }

    #[test]
    fn inline_decisions_search_from_their_own_line() {
        let source = "---\ntitle: Ledger\ndecisions:\n  - id: d\n    title: Use Kafka\n---\nKafka body\n";
        let wanted: BTreeSet<String> = ["kafka".to_string()].into();
        assert_eq!(match_line(source, 4, &wanted), 5);
    }

    #[test]
    fn snippets_mark_matches_only_in_colour() {
        let snippet = Snippet { text: "run  Postgres\nhere".into(), highlights: vec![(5, 13)] };
        assert_eq!(one_line(&snippet, None), "…run Postgres here…");
        assert_eq!(one_line(&snippet, Some(("[", "]"))), "…run [Postgres] here…");
    }
}
