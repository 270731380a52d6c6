//! Links between records as teams write them: adr-tools' status lines (`Superseded by [3. Single
//! command](0003-single-command.md)`, `Amends …`, `Clarified by …`), MADR's `superseded by
//! ADR-0005` and the bullets of a `## Links` section.
//!
//! A relation names its target by file (the stem of a `.md` link) or by number (`ADR-0005`); the
//! caller resolves both within the record's folder. Nothing here checks that the target exists.

/// How two records relate, in the words of the record that says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationKind {
    /// This record replaces the target.
    Supersedes,
    /// The target replaces this record.
    SupersededBy,
    /// This record changes part of the target.
    Amends,
    /// The target changes part of this record.
    AmendedBy,
    /// This record explains the target.
    Clarifies,
    /// The target explains this record.
    ClarifiedBy,
    /// Any other link between records (`## Links`, "Relates to").
    Related,
}

const PHRASES: &[(&str, RelationKind)] = &[
    ("superseded by", RelationKind::SupersededBy),
    ("replaced by", RelationKind::SupersededBy),
    ("supersedes", RelationKind::Supersedes),
    ("replaces", RelationKind::Supersedes),
    ("amended by", RelationKind::AmendedBy),
    ("amends", RelationKind::Amends),
    ("clarified by", RelationKind::ClarifiedBy),
    ("clarifies", RelationKind::Clarifies),
];

/// What a relation points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A record file, by stem (`0003-single-command`).
    File(String),
    /// A record number in the same folder (`ADR-0005`).
    Number(u32),
}

/// One relation, with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// How they relate.
    pub kind: RelationKind,
    /// The other record.
    pub target: Target,
    /// The file line.
    pub line: usize,
}

/// A line that starts with a relation phrase (`Amends [1. …](0001-….md)`), or in a `## Links`
/// section (`links` true) any bullet with a link to a record.
pub fn read_relation(text: &str, line: usize, links: bool) -> Option<Relation> {
    let text = text.trim().trim_start_matches(['-', '*', '+']).trim();
    let lower = text.to_lowercase();
    let known = PHRASES.iter().find(|(phrase, _)| lower.starts_with(phrase));
    let kind = match known {
        Some((_, kind)) => *kind,
        None if links => RelationKind::Related,
        None => return None,
    };
    let rest = known.map_or(text, |(phrase, _)| &text[phrase.len()..]);
    let target = link_target(rest).or_else(|| adr_number(rest))?;
    Some(Relation { kind, target, line })
}

/// The stem of the first Markdown link to a `.md` file: `[3. X](0003-x.md#top)` → `0003-x`.
fn link_target(text: &str) -> Option<Target> {
    let start = text.find("](")? + 2;
    let end = text[start..].find(')')? + start;
    let href = text[start..end].trim().split(['#', '?']).next()?;
    if href.contains("://") || !href.ends_with(".md") {
        return None;
    }
    let name = href.rsplit('/').next()?;
    Some(Target::File(name.trim_end_matches(".md").to_string()))
}

/// `ADR-0005`, `ADR 5`, `[ADR-0005]()`: a number in the same folder.
fn adr_number(text: &str) -> Option<Target> {
    let lower = text.to_lowercase();
    let at = lower.find("adr")?;
    let rest = lower[at + 3..].trim_start_matches(['-', ' ', '#', '_']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().map(Target::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(RelationKind, Target)> {
        read_relation(text, 7, false).map(|r| (r.kind, r.target))
    }

    #[test]
    fn adr_tools_status_lines_become_relations() {
        let file = |s: &str| Target::File(s.to_string());
        assert_eq!(
            read("Superseded by [3. Single command](0003-single-command.md)"),
            Some((RelationKind::SupersededBy, file("0003-single-command")))
        );
        assert_eq!(read("Amends [1. Record](./0001-record.md#x)"), Some((RelationKind::Amends, file("0001-record"))));
        assert_eq!(read("Clarified by [5. Y](0005-y.md)"), Some((RelationKind::ClarifiedBy, file("0005-y"))));
        assert_eq!(read("Accepted"), None);
    }

    #[test]
    fn madr_numbers_and_links_sections_are_read() {
        assert_eq!(read("superseded by ADR-0005"), Some((RelationKind::SupersededBy, Target::Number(5))));
        let bullet = read_relation("* Refined by [ADR-0002](0002-x.md)", 9, true).unwrap();
        assert_eq!((bullet.kind, bullet.line), (RelationKind::Related, 9));
        assert_eq!(read_relation("* [Docs](https://example.com/a.md)", 9, true), None);
        assert_eq!(read_relation("* Refined by [ADR-0002](0002-x.md)", 9, false), None);
    }
}
