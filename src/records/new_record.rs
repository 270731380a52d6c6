//! A new record in a decision folder's own shape, for `baton new --decision`.
//!
//! In come the folder's existing records (file name and text) and the new title; out comes the
//! next file name and a starter text. The folder's habits are read from its highest-numbered
//! record: the template (Nygard, MADR bullets or MADR front matter), how file names are numbered
//! (`0007-use-x.md`, `ADR-012_use_x.md`), the bullet character and the people key. A folder
//! without records gets adr-tools' habits. Writing the file is the CLI's job.

use super::Shape;
use super::shape::body_shape;

/// How a folder names and writes its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderStyle {
    /// The template its newest record follows.
    pub shape: Shape,
    /// What comes before the number in file names (`ADR-`), often nothing.
    pub prefix: String,
    /// How many digits numbers are padded to.
    pub width: usize,
    /// Between the number and the words of the file name.
    pub number_separator: char,
    /// Between the words of the file name.
    pub word_separator: char,
    /// The number the next record gets.
    pub next: u32,
    /// `*` or `-` for MADR 2 bullets.
    pub bullet: char,
    /// `deciders` (MADR 3) or `decision-makers` (MADR 4) in front matter.
    pub people_key: &'static str,
}

/// A file name read as `PREFIX` + digits + separator + words.
struct Numbered<'a> {
    prefix: &'a str,
    digits: &'a str,
    separator: char,
    words: &'a str,
}

fn numbered(stem: &str) -> Option<Numbered<'_>> {
    let start = stem.find(|c: char| c.is_ascii_digit())?;
    let prefix = &stem[..start];
    if !prefix.chars().all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_') {
        return None;
    }
    let rest = &stem[start..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let separator = rest[end..].chars().next().filter(|c| matches!(c, '-' | '_' | '.'))?;
    Some(Numbered { prefix, digits: &rest[..end], separator, words: &rest[end + 1..] })
}

/// The style of a folder holding `records` (file name, text); adr-tools' for an empty one.
pub fn folder_style(records: &[(String, String)]) -> FolderStyle {
    let mut style = FolderStyle {
        shape: Shape::Nygard,
        prefix: String::new(),
        width: 4,
        number_separator: '-',
        word_separator: '-',
        next: 1,
        bullet: '*',
        people_key: "decision-makers",
    };
    let newest = records
        .iter()
        .filter_map(|(name, text)| {
            let parts = numbered(name.strip_suffix(".md")?)?;
            Some((parts.digits.parse::<u32>().ok()?, parts, text))
        })
        .max_by_key(|(number, ..)| *number);
    let Some((number, parts, text)) = newest else { return style };
    style.next = number + 1;
    style.prefix = parts.prefix.to_string();
    style.width = parts.digits.len();
    style.number_separator = parts.separator;
    style.word_separator = if parts.words.contains('_') && !parts.words.contains('-') { '_' } else { '-' };
    style.shape = shape_of(text);
    style.bullet =
        if text.lines().any(|l| l.trim_start().starts_with("- ")) && !text.contains("\n* ") { '-' } else { '*' };
    if text.lines().take_while(|l| !l.starts_with('#')).any(|l| l.starts_with("deciders:")) {
        style.people_key = "deciders";
    }
    style
}

fn shape_of(text: &str) -> Shape {
    match crate::load::frontmatter::split(text) {
        Ok(_) => Shape::MadrFrontMatter,
        // A record in no shape baton reads is written as adr-tools would.
        Err(_) => match body_shape(text) {
            Shape::Plain => Shape::Nygard,
            shape => shape,
        },
    }
}

/// The file name and text of record `style.next` titled `title`, dated `today` (`YYYY-MM-DD`).
pub fn new_record(style: &FolderStyle, title: &str, today: &str) -> (String, String) {
    let words = crate::slug::slugify(title).replace('-', &style.word_separator.to_string());
    let number = format!("{:0width$}", style.next, width = style.width);
    let name = format!("{}{number}{}{words}.md", style.prefix, style.number_separator);
    (name, text(style, title, today))
}

fn text(style: &FolderStyle, title: &str, today: &str) -> String {
    let sections = |names: &[(&str, &str)]| -> String {
        names.iter().map(|(heading, hint)| format!("\n## {heading}\n\n{hint}\n")).collect()
    };
    match style.shape {
        Shape::Nygard | Shape::Plain => format!(
            "# {}. {title}\n\nDate: {today}\n\n## Status\n\nProposed\n{}",
            style.next,
            sections(&[
                ("Context", "What is going on that calls for a decision: the forces at play and the constraints."),
                ("Decision", "What we will do, stated in full sentences."),
                ("Consequences", "What becomes easier or harder because of it, and what to watch for."),
            ])
        ),
        Shape::MadrBullets => {
            let b = style.bullet;
            format!("# {title}\n\n{b} Status: proposed\n{b} Deciders: \n{b} Date: {today}\n{}", madr_sections(b))
        }
        Shape::MadrFrontMatter => format!(
            "---\nstatus: proposed\ndate: {today}\n{}: []\nconsulted: []\ninformed: []\n---\n\n# {title}\n{}",
            style.people_key,
            madr_sections('*')
        ),
    }
}

fn madr_sections(bullet: char) -> String {
    format!(
        "\n## Context and Problem Statement\n\nThe situation and the question to answer, in two or three sentences.\n\n\
         ## Considered Options\n\n{bullet} First option\n{bullet} Second option\n\n\
         ## Decision Outcome\n\nChosen option: \"First option\", because it is the one that answers the question best.\n\n\
         ### Consequences\n\n{bullet} Good, because …\n{bullet} Bad, because …\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, text: &str) -> (String, String) {
        (name.to_string(), text.to_string())
    }

    #[test]
    fn an_adr_tools_folder_gets_the_next_padded_number_in_nygard_shape() {
        let folder = [
            record(
                "0001-record-architecture-decisions.md",
                "# 1. Record\n\nDate: 2019-01-07\n\n## Status\n\nAccepted\n",
            ),
            record("0012-use-x.md", "# 12. Use X\n\nDate: 2019-02-07\n\n## Status\n\nAccepted\n"),
            record("README.md", "# Decisions\n"),
        ];
        let style = folder_style(&folder);
        let (name, text) = new_record(&style, "Use Postgres for events!", "2026-11-20");
        assert_eq!(name, "0013-use-postgres-for-events.md");
        assert!(
            text.starts_with("# 13. Use Postgres for events!\n\nDate: 2026-11-20\n\n## Status\n\nProposed\n"),
            "{text}"
        );
        let (raw, findings) = super::super::parse_record(&text);
        assert_eq!((raw.shape, findings.len()), (Shape::Nygard, 0));
        assert_eq!(raw.status.map(|s| s.text).as_deref(), Some("Proposed"));
    }

    #[test]
    fn madr_folders_keep_their_bullets_keys_and_file_names() {
        let bullets = [record(
            "ADR-007_use_queue.md",
            "# Use a queue\n\n- Status: accepted\n- Date: 2021-06-30\n\n## Context and Problem Statement\n",
        )];
        let style = folder_style(&bullets);
        let (name, text) = new_record(&style, "Drop the cron", "2026-11-20");
        assert_eq!(name, "ADR-008_drop_the_cron.md");
        assert!(text.contains("- Status: proposed\n- Deciders: \n- Date: 2026-11-20\n"), "{text}");
        assert_eq!(super::super::parse_record(&text).0.shape, Shape::MadrBullets);
        let front = [record("0003-x.md", "---\nstatus: accepted\ndeciders: [Ana]\n---\n# X\n")];
        let (name, text) = new_record(&folder_style(&front), "Y", "2026-11-20");
        assert_eq!(name, "0004-y.md");
        assert!(text.starts_with("---\nstatus: proposed\ndate: 2026-11-20\ndeciders: []\n"), "{text}");
        assert_eq!(super::super::parse_record(&text).0.shape, Shape::MadrFrontMatter);
    }

    #[test]
    fn an_empty_folder_gets_record_one_as_adr_tools_writes_it() {
        let (name, text) = new_record(&folder_style(&[]), "Record architecture decisions", "2026-11-20");
        assert_eq!(name, "0001-record-architecture-decisions.md");
        assert!(text.starts_with("# 1. Record architecture decisions\n"));
    }
}
