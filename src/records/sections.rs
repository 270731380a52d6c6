//! A record's `## ` sections in order, each with its heading and text as written, and which of
//! them hold baton's context, decision, rationale and alternatives.
//!
//! Every section is kept (the page shows the record as its authors wrote it); the mapping only
//! says where to look for what the decision history and the checks need.

use super::lines::{Line, heading};

/// One `## ` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading as written.
    pub heading: String,
    /// The file line of the heading.
    pub line: usize,
    /// The Markdown below it, trimmed.
    pub text: String,
    /// Blank lines between the heading and the text, so a line of `text` can be found in the file.
    pub leading_blank_lines: usize,
}

/// The `## ` sections of `lines`, in order; text before the first one is not a section.
pub fn sections(lines: &[Line<'_>]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in lines {
        match heading(line, 2) {
            Some(heading) => {
                out.push(Section { heading, line: line.number, text: String::new(), leading_blank_lines: 0 })
            }
            None => {
                if let Some(current) = out.last_mut() {
                    current.text.push_str(line.text);
                    current.text.push('\n');
                }
            }
        }
    }
    for section in &mut out {
        section.leading_blank_lines = section.text.lines().take_while(|l| l.trim().is_empty()).count();
        section.text = section.text.trim().to_string();
    }
    out
}

/// What a section holds for baton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// The situation.
    Context,
    /// What was decided.
    Decision,
    /// Why, said on its own.
    Rationale,
    /// The options weighed.
    Alternatives,
    /// What follows from the decision (a rationale when nothing else says why).
    Consequences,
    /// The status section of adr-tools records.
    Status,
    /// Anything else (drivers, pros and cons, links, notes).
    Other,
}

/// The meaning of a heading, in the words of Nygard's and MADR's templates.
pub fn meaning(heading: &str) -> Meaning {
    match heading.trim().trim_end_matches(':').to_lowercase().as_str() {
        "context" | "context and problem statement" | "problem statement" | "background" => Meaning::Context,
        "decision" | "decision outcome" => Meaning::Decision,
        "rationale" | "justification" => Meaning::Rationale,
        "considered options" | "options" | "alternatives" | "considered alternatives" | "options considered" => {
            Meaning::Alternatives
        }
        "consequences" => Meaning::Consequences,
        "status" => Meaning::Status,
        _ => Meaning::Other,
    }
}

/// The first section with `wanted` meaning.
pub fn find(sections: &[Section], wanted: Meaning) -> Option<&Section> {
    sections.iter().find(|s| meaning(&s.heading) == wanted && !s.text.is_empty())
}

/// Why the decision was made: a `## Rationale`, else a Decision (Outcome) that says "because",
/// else the Consequences.
pub fn rationale(sections: &[Section]) -> Option<&Section> {
    find(sections, Meaning::Rationale)
        .or_else(|| find(sections, Meaning::Decision).filter(|s| s.text.to_lowercase().contains("because")))
        .or_else(|| find(sections, Meaning::Consequences))
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    const MADR: &str = "Intro\n## Context and Problem Statement\nSlow.\n\n## Considered Options\n* A\n* B\n```\n## not\n```\n## Decision Outcome\nChosen option: \"A\", because it is fast.\n## Pros and Cons of the Options\nmore\n";

    #[test]
    fn keeps_every_section_in_order_with_its_line() {
        let all = sections(&lines(MADR, 10));
        let headings: Vec<_> = all.iter().map(|s| (s.heading.as_str(), s.line)).collect();
        assert_eq!(
            headings,
            [
                ("Context and Problem Statement", 11),
                ("Considered Options", 14),
                ("Decision Outcome", 20),
                ("Pros and Cons of the Options", 22)
            ]
        );
        assert_eq!(all[1].text, "* A\n* B\n```\n## not\n```");
    }

    #[test]
    fn maps_madr_and_nygard_headings() {
        let all = sections(&lines(MADR, 1));
        assert_eq!(find(&all, Meaning::Context).map(|s| s.text.as_str()), Some("Slow."));
        assert_eq!(rationale(&all).map(|s| s.heading.as_str()), Some("Decision Outcome"));
        let nygard = sections(&lines("## Decision\nUse X.\n## Consequences\nFaster builds.\n", 1));
        assert_eq!(rationale(&nygard).map(|s| s.text.as_str()), Some("Faster builds."));
        assert_eq!(rationale(&sections(&lines("## Decision\nUse X.\n", 1))), None);
    }
}
