//! Names that share a page: tags or teams spelled differently that slug alike.
//!
//! `Month End` and `month-end` are one tag by design: the slug ignores case, accents and how
//! words are separated. But `C++` and `C` also slug to `c`, and the page then shows one of them
//! for both. Such spellings — different in more than case, accents and word separators — get a
//! `slug-collision` warning at each spelling that loses its page's name, so nothing is merged
//! without a word. Names whose slug is empty or too long are `bad-slug` errors elsewhere
//! ([`super::fields::group_name`]).

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::load::ParsedFile;
use crate::model::{Handle, Person};
use std::collections::BTreeMap;

/// The tags and teams one or more files write, with where, in the order they were read.
#[derive(Debug, Default)]
pub struct Names {
    tags: Vec<(String, Span)>,
    teams: Vec<(String, Span)>,
}

impl Names {
    /// The tags (its own and its decisions') and the team a file writes.
    pub fn of(file: &ParsedFile) -> Names {
        let raw = &file.frontmatter;
        let decision_tags = raw.decisions.iter().flat_map(|d| d.value.tags.iter());
        Names {
            tags: raw.tags.iter().chain(decision_tags).map(|t| (t.value.clone(), file.locator.at(t))).collect(),
            teams: raw.team.iter().map(|t| (t.value.clone(), file.locator.at(t))).collect(),
        }
    }

    /// Appends the names of a file read after these.
    pub fn extend(&mut self, other: Names) {
        self.tags.extend(other.tags);
        self.teams.extend(other.teams);
    }
}

/// Warns about tags, and teams, written differently that share one page.
pub fn check_shared_pages(names: Names, people: &BTreeMap<Handle, Person>, diagnostics: &mut Diagnostics) {
    let Names { tags, mut teams } = names;
    teams.extend(people.values().filter_map(|p| Some((p.team.clone()?, p.span.clone()))));
    report("tag", "tags", &tags, diagnostics);
    report("team", "teams", &teams, diagnostics);
}

/// `names` in the order they were read; each spelling is reported once, where first written.
fn report(what: &str, section: &str, names: &[(String, Span)], diagnostics: &mut Diagnostics) {
    let mut pages: BTreeMap<String, Vec<(&str, &Span)>> = BTreeMap::new();
    for (name, span) in names {
        let name = name.trim();
        let slug = crate::slug::slugify(name);
        if !slug.is_empty() {
            pages.entry(slug).or_default().push((name, span));
        }
    }
    for (slug, spellings) in pages {
        // The page is titled with the alphabetically first spelling (see `link::indexes`).
        let Some(title) = spellings.iter().map(|(name, _)| *name).min() else { continue };
        let mut reported = vec![fold(title)];
        for (name, span) in spellings {
            let folded = fold(name);
            if reported.contains(&folded) {
                continue;
            }
            let message = format!("{what} `{name}` shares the page {section}/{slug}/ with `{title}`, which names it");
            let hint = Some(format!("write it as `{title}` if they are the same {what}, or rename one"));
            diagnostics.push(Diagnostic::warning("slug-collision", span.clone(), message).field(section).hint(hint));
            reported.push(folded);
        }
    }
}

/// A name without what the slug is meant to ignore: case, accents, and how words are separated.
fn fold(name: &str) -> String {
    let plain = deunicode::deunicode(name).to_lowercase();
    plain
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(names: &[&str]) -> Vec<String> {
        let names: Vec<(String, Span)> = names.iter().map(|n| (n.to_string(), Span::file("content/a.md"))).collect();
        let mut d = Diagnostics::default();
        report("tag", "tags", &names, &mut d);
        d.sorted().into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn spellings_of_one_name_share_a_page_quietly() {
        assert!(warnings(&["Month End", "month-end", "month_end", "MONTH  END"]).is_empty());
        assert!(warnings(&["Café", "cafe"]).is_empty());
    }

    #[test]
    fn different_names_on_one_page_are_warned_about() {
        assert_eq!(warnings(&["C++", "C", "c"]), ["tag `C++` shares the page tags/c/ with `C`, which names it"]);
    }
}
