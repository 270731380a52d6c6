//! Records: decision records written for other tools (adr-tools, MADR, Log4brains), read in place.
//!
//! In comes one record's text; out comes a [`RawRecord`]: its title, number, status, date,
//! people, relations and sections as written, each with its file line, plus [`Finding`]s for
//! what could not be read. Everything here is a pure function of a `&str`: the loader reads the
//! files, [`decision`] turns a raw record into a model decision. It never fails on a record and
//! never reports an error: a record baton did not write is the team's, and what is odd in it is
//! a warning.

mod dates;
pub mod decision;
pub mod folders;
pub mod git;
pub mod lines;
mod metadata;
pub mod new_record;
pub mod people;
pub mod read;
pub mod relations;
pub mod sections;
pub mod settings;
pub mod shape;
pub mod status;
mod title;

use lines::Line;
pub use shape::Shape;

/// Something in a record that could not be read as meant, at a line of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id (`record-title`, `record-status`, `record-date`, `record-frontmatter`).
    pub rule: &'static str,
    /// The 1-based file line.
    pub line: usize,
    /// What was read and why it was not used.
    pub message: String,
}

impl Finding {
    /// A finding at `line`.
    pub fn new(rule: &'static str, line: usize, message: String) -> Finding {
        Finding { rule, line, message }
    }
}

/// A value as written, with its file line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The text, trimmed.
    pub text: String,
    /// The 1-based file line.
    pub line: usize,
}

/// One record as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    /// Its template.
    pub shape: Shape,
    /// The title as written (front matter `title`, else the H1), number included.
    pub title: Option<Written>,
    /// The status as written (`Accepted`, `superseded by ADR-0005`).
    pub status: Option<Written>,
    /// The date as written.
    pub date: Option<Written>,
    /// The people it names.
    pub people: Vec<people::NamedPerson>,
    /// Its links to other records.
    pub relations: Vec<relations::Relation>,
    /// Tags (Log4brains' `Tags:` bullet, front matter `tags`).
    pub tags: Vec<String>,
    /// Its `## ` sections in order.
    pub sections: Vec<sections::Section>,
    /// The Markdown after the front matter, its H1 blanked (the page shows the title itself);
    /// lines keep their numbers.
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// Reads one record. Never fails: what cannot be read becomes a finding and the rest is kept.
pub fn parse_record(text: &str) -> (RawRecord, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut meta = metadata::Metadata::default();
    let (shape, body, body_line) = match crate::load::frontmatter::split(text) {
        Ok(split) => {
            meta = metadata::from_front_matter(split.yaml, split.yaml_line, &mut findings);
            (Shape::MadrFrontMatter, split.body, split.body_line)
        }
        Err(_) => {
            let body = text.strip_prefix('\u{feff}').unwrap_or(text);
            (shape::body_shape(body), body, 1)
        }
    };
    let all = lines::lines(body, body_line);
    let h1 = title::find_h1(&all, &mut findings);
    metadata::from_header_lines(&all, &mut meta);
    let sections = sections::sections(&all);
    if let Some(status) = sections.iter().find(|s| sections::meaning(&s.heading) == sections::Meaning::Status) {
        metadata::from_status_section(status, &mut meta, &mut findings);
    }
    metadata::from_links_sections(&sections, &mut meta);
    let record = RawRecord {
        shape,
        title: meta.title.or(h1.clone()),
        status: meta.status,
        date: meta.date,
        people: meta.people,
        relations: meta.relations,
        tags: meta.tags,
        sections,
        body: blank_line(&all, h1.map(|h| h.line)),
        body_line,
    };
    (record, findings)
}

/// The lines joined again, with line `blank` left empty.
fn blank_line(all: &[Line<'_>], blank: Option<usize>) -> String {
    let mut body = String::new();
    for line in all {
        if Some(line.number) != blank {
            body.push_str(line.text);
        }
        body.push('\n');
    }
    body
}

/// Files in a decision folder that are not decisions: templates, skipped.
pub fn is_template(file_name: &str) -> bool {
    file_name.to_lowercase().contains("template")
}

/// Files in a decision folder that introduce it (`README.md`, `index.md`).
pub fn is_introduction(file_name: &str) -> bool {
    matches!(file_name.to_lowercase().as_str(), "readme.md" | "index.md")
}

#[cfg(test)]
mod tests;
