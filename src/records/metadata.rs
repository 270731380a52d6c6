//! Where a record keeps its metadata: YAML front matter (MADR 3/4), `Key: value` lines or bullets
//! under the title (MADR 2, Log4brains, adr-tools' `Date:`), the `## Status` section (adr-tools)
//! and a `## Links` section. Front matter wins over lines, lines over the status section.
//!
//! Values are kept as written; the status word and the date are given meaning by [`super::decision`].

use super::lines::{Line, heading, key_value};
use super::people::{NamedPerson, Role, split_names};
use super::relations::{Relation, read_relation};
use super::sections::Section;
use super::{Finding, Written};
use std::collections::BTreeMap;

/// What a record says about itself, as written.
#[derive(Debug, Default)]
pub(super) struct Metadata {
    pub(super) title: Option<Written>,
    pub(super) status: Option<Written>,
    pub(super) date: Option<Written>,
    pub(super) people: Vec<NamedPerson>,
    pub(super) relations: Vec<Relation>,
    pub(super) tags: Vec<String>,
}

impl Metadata {
    /// Takes one `key: value`; keys of other tools (`parent`, `nav_order`) are ignored.
    fn take(&mut self, key: &str, value: &str, line: usize) {
        let written = || Written { text: value.trim().to_string(), line };
        match key {
            "title" if self.title.is_none() => self.title = Some(written()),
            "status" if self.status.is_none() && !value.trim().is_empty() => {
                self.relations.extend(read_relation(value, line, false));
                self.status = Some(written());
            }
            "date" if self.date.is_none() && !value.trim().is_empty() => self.date = Some(written()),
            "tags" => self.tags.extend(value.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty())),
            _ => {
                if let Some(role) = Role::from_key(key) {
                    self.people.extend(split_names(value, role, line));
                }
            }
        }
    }
}

/// Reads MADR 3/4 front matter; YAML that does not parse is a finding and is skipped.
pub(super) fn from_front_matter(yaml: &str, yaml_line: usize, findings: &mut Vec<Finding>) -> Metadata {
    let mut meta = Metadata::default();
    if yaml.trim().is_empty() {
        return meta;
    }
    let values: BTreeMap<String, serde_json::Value> = match serde_saphyr::from_str(yaml) {
        Ok(values) => values,
        Err(e) => {
            let line = e.location().map_or(yaml_line, |l| yaml_line + (l.line() as usize).saturating_sub(1));
            let first = e.to_string().lines().next().unwrap_or("").to_string();
            findings.push(Finding::new(
                "record-frontmatter",
                line,
                format!("front matter is not YAML ({first}); it is skipped"),
            ));
            return meta;
        }
    };
    let lines: BTreeMap<String, usize> =
        crate::load::frontmatter::top_level_keys(yaml, yaml_line).into_iter().collect();
    for (key, value) in &values {
        let line = lines.get(key).copied().unwrap_or(yaml_line);
        meta.take(&key.to_lowercase(), &as_text(value), line);
    }
    meta
}

/// A YAML value as one line of text: a list is joined with commas.
fn as_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(as_text).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads `Key: value` lines and bullets between the title and the first `## ` section.
pub(super) fn from_header_lines(all: &[Line<'_>], meta: &mut Metadata) {
    for line in all.iter().take_while(|l| heading(l, 2).is_none()).filter(|l| !l.in_fence) {
        if let Some((key, value)) = key_value(line.text) {
            meta.take(&key, value, line.number);
        }
    }
}

/// Reads adr-tools' `## Status` section: the first line that is not a relation is the status;
/// "Superseded by …" lines are relations and make the status superseded when nothing else is said.
pub(super) fn from_status_section(status: &Section, meta: &mut Metadata, findings: &mut Vec<Finding>) {
    let mut first_relation = None;
    let mut word = None;
    for (offset, text) in status.text.lines().enumerate() {
        let line = section_line(status, offset);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if text.starts_with('|') {
            let message = "the `## Status` section holds a table; write the status as a word (`Accepted`)".to_string();
            findings.push(Finding::new("record-status", line, message));
            return;
        }
        match read_relation(text, line, false) {
            Some(relation) => {
                first_relation.get_or_insert(Written { text: text.to_string(), line });
                meta.relations.push(relation);
            }
            None => {
                word.get_or_insert(Written { text: text.to_string(), line });
            }
        }
    }
    if meta.status.is_none() {
        meta.status = word.or(first_relation);
    }
    if meta.status.is_none() {
        let message = "the `## Status` section is empty; the record is shown with no status".to_string();
        findings.push(Finding::new("record-status", status.line, message));
    }
}

/// The file line of line `offset` of a section's trimmed text: the heading line, the blank lines
/// the trim removed, then the offset.
fn section_line(section: &Section, offset: usize) -> usize {
    section.line + 1 + section.leading_blank_lines + offset
}

/// Reads every bullet of `## Links` sections as a relation.
pub(super) fn from_links_sections(sections: &[Section], meta: &mut Metadata) {
    for section in sections.iter().filter(|s| s.heading.eq_ignore_ascii_case("links")) {
        for (offset, text) in section.text.lines().enumerate() {
            meta.relations.extend(read_relation(text, section_line(section, offset), true));
        }
    }
}
