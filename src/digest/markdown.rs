//! A digest as Markdown, ready to paste into chat: a heading, the window, then the sections that
//! need action before those that do not, one bullet per item with its link, who and when.
//!
//! Links are absolute when the site's `base_url` is (a chat message has no page to be relative
//! to); otherwise items name their id. Markdown is not HTML, so it is written here rather than in
//! a template; the HTML forms of the digest go through the theme.

use super::{Digest, Item, Section, Source};
use std::fmt::Write as _;

/// Renders `digest` for `audience` (its label: `@ana`, `Payments`, the site title).
pub fn render(digest: &Digest<'_>, audience: &str, base_url: Option<&str>) -> String {
    let mut out = String::new();
    let sources = if digest.git { "frontmatter and git history" } else { "frontmatter" };
    let _ = writeln!(out, "# Digest for {audience}\n");
    let _ = writeln!(
        out,
        "{} → {} · {} item(s), {} need action · from {sources}\n",
        when(digest.since),
        when(digest.until),
        digest.items.len(),
        digest.action_count()
    );
    if digest.items.is_empty() {
        let _ = writeln!(out, "Nothing new, and nothing waiting.");
        return out;
    }
    let personal = digest.audience.is_personal();
    for (needs_action, heading) in [(true, "Needs action"), (false, "For your information")] {
        let sections: Vec<Section> = Section::ALL.into_iter().filter(|s| s.needs_action() == needs_action).collect();
        if !digest.items.iter().any(|i| sections.contains(&i.section)) {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        for section in sections {
            let items: Vec<&Item<'_>> = digest.items.iter().filter(|i| i.section == section).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {}\n", section.heading(personal));
            for item in items {
                let _ = writeln!(out, "{}", bullet(item, base_url));
            }
            out.push('\n');
        }
    }
    out
}

/// `2026-11-19 14:20 UTC`.
pub fn when(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

fn bullet(item: &Item<'_>, base_url: Option<&str>) -> String {
    let title = escape(item.subject.title);
    let subject = match base_url {
        Some(base) => format!("**[{title}]({base}{})**", item.subject.url),
        None => format!("**{title}** `{}`", item.subject.id),
    };
    let status = item.subject.status.map(|s| format!(" ({s})")).unwrap_or_default();
    let by = item.by.as_deref().map(|b| format!(" · by {b}")).unwrap_or_default();
    let commit = match &item.source {
        Source::Git { commit, .. } => format!(" · commit {commit}"),
        _ => String::new(),
    };
    format!("- {subject}{status}: {}{by}{commit} · {}", escape(&item.text), when(item.at))
}

/// Escapes what chat Markdown would misread in titles and texts (emphasis, links, headings),
/// leaving code spans alone: a backslash there would be shown as it is.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        in_code ^= c == '`';
        if !in_code && matches!(c, '*' | '_' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_and_links_are_escaped_but_code_stays() {
        assert_eq!(escape("a *b* [c] `d_e` f_g"), "a \\*b\\* \\[c\\] `d_e` f\\_g");
    }
}
