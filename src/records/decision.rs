//! Raw records → model decisions: the id from the file name (and the folder's prefix), the title
//! without its number, the status word given its meaning, the date read, people matched to
//! people.yaml, sections mapped onto context / decision / rationale / alternatives, and relations
//! resolved within the folder and recorded on both sides.
//!
//! Every finding here is a warning: the records belong to the team and to the tool that wrote
//! them. The one error is two folders giving two records the same id, which only a prefix fixes.

use super::relations::{RelationKind, Target};
use super::sections::{self, Meaning};
use super::status::StatusWords;
use super::{Finding, RawRecord, parse_record, title};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{
    At, Decision, DecisionOrigin, DecisionStatus, Handle, Id, Moment, Person, RecordInfo, RecordPerson, RecordRelation,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One record file to read, with the folder it came from.
#[derive(Debug, Clone)]
pub struct RecordSource {
    /// The file (its path relative to the site folder; may start with `../`) and its text.
    pub source: crate::load::SourceFile,
    /// The folder's settings.
    pub folder: Folder,
    /// When its file was first committed to git: the date of a record that gives none.
    pub committed: Option<jiff::Timestamp>,
}

/// A decision folder's settings from baton.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folder {
    /// The folder as written (`../docs/adr`), or `content`.
    pub path: String,
    /// Put in front of every id from this folder (`billing` → `billing-0001-…`).
    pub prefix: Option<String>,
    /// The team its decisions belong to.
    pub team: Option<String>,
}

/// Reads every record and returns its decision; findings go to `diagnostics` at file:line.
pub fn decisions(
    sources: &[RecordSource],
    words: &StatusWords,
    people: &BTreeMap<Handle, Person>,
    diagnostics: &mut Diagnostics,
) -> Vec<Decision> {
    let mut built: Vec<(Decision, RawRecord)> = Vec::new();
    let mut claimed: BTreeMap<Id, PathBuf> = BTreeMap::new();
    for source in sources {
        let (raw, findings) = parse_record(&source.source.text);
        report(&source.source.path, findings, diagnostics);
        let Some(id) = record_id(source, diagnostics) else { continue };
        if let Some(first) = claimed.get(&id) {
            diagnostics.push(clash(&id, first, &source.source.path));
            continue;
        }
        claimed.insert(id.clone(), source.source.path.clone());
        let decision = decision(id, source, &raw, words, people, diagnostics);
        built.push((decision, raw));
    }
    resolve_relations(&mut built, diagnostics);
    built.into_iter().map(|(decision, _)| decision).collect()
}

fn report(file: &std::path::Path, findings: Vec<Finding>, diagnostics: &mut Diagnostics) {
    for finding in findings {
        diagnostics.push(Diagnostic::warning(finding.rule, Span::new(file, finding.line, 1), finding.message));
    }
}

/// The folder's prefix and the file stem, as an id.
fn record_id(source: &RecordSource, diagnostics: &mut Diagnostics) -> Option<Id> {
    let stem = source.source.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match &source.folder.prefix {
        Some(prefix) => format!("{prefix}-{stem}"),
        None => stem.clone(),
    };
    match Id::parse(&crate::slug::slugify(&name)) {
        Ok(id) => Some(id),
        Err(message) => {
            diagnostics.push(Diagnostic::warning("record-id", Span::new(&source.source.path, 1, 1), message));
            None
        }
    }
}

fn clash(id: &Id, first: &std::path::Path, second: &std::path::Path) -> Diagnostic {
    let message = format!("records {} and {} both become decision `{id}`", first.display(), second.display());
    let hint =
        Some("give one of the folders a prefix in baton.yaml: `decision_dirs: [{path: …, prefix: billing}]`".into());
    Diagnostic::error("duplicate-id", Span::new(second, 1, 1), message).field("decision_dirs").hint(hint)
}

fn decision(
    id: Id,
    source: &RecordSource,
    raw: &RawRecord,
    words: &StatusWords,
    people: &BTreeMap<Handle, Person>,
    diagnostics: &mut Diagnostics,
) -> Decision {
    let file = &source.source.path;
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (number, title) = match &raw.title {
        Some(written) => title::split_number(&written.text),
        None => (None, title::title_from_stem(&stem)),
    };
    let (date, date_from_git) = date(raw, source, diagnostics);
    let named: Vec<RecordPerson> = raw
        .people
        .iter()
        .map(|p| RecordPerson { role: p.role.as_str(), name: p.name.clone(), handle: match_person(&p.name, people) })
        .collect();
    let by = raw
        .people
        .iter()
        .zip(&named)
        .filter(|(p, _)| p.role == super::people::Role::Decider)
        .filter_map(|(p, n)| n.handle.clone().map(|h| At::new(h, Span::new(file, p.line, 1))))
        .collect();
    let text = |meaning| sections::find(&raw.sections, meaning).map(|s| s.text.clone());
    Decision {
        id,
        file: file.clone(),
        span: Span::new(file, raw.title.as_ref().map_or(1, |t| t.line), 1),
        title,
        status: status(raw, words, file, diagnostics),
        date,
        by,
        context: text(Meaning::Context),
        decision: text(Meaning::Decision),
        rationale: sections::rationale(&raw.sections).map(|s| s.text.clone()),
        alternatives: text(Meaning::Alternatives).map(|t| crate::link::sections::list_items(&t)).unwrap_or_default(),
        supersedes: Vec::new(),
        tags: raw.tags.clone(),
        related: Vec::new(),
        origin: DecisionOrigin::File,
        body: raw.body.clone(),
        body_line: raw.body_line,
        record: Some(Box::new(RecordInfo {
            shape: raw.shape.as_str(),
            number: number.or_else(|| title::stem_number(&stem)),
            status_word: raw.status.as_ref().map(|s| status_word(&s.text)),
            folder: source.folder.path.clone(),
            team: source.folder.team.clone(),
            people: named,
            relations: Vec::new(),
            date_from_git,
        })),
    }
}

/// The record's date, and whether it is the day its file was first committed: only a record
/// that writes no date takes git's; one baton could not read is reported instead.
fn date(raw: &RawRecord, source: &RecordSource, diagnostics: &mut Diagnostics) -> (Option<Moment>, bool) {
    let Some(written) = &raw.date else {
        let committed = source.committed.and_then(super::dates::day_of);
        return (committed.clone(), committed.is_some());
    };
    let mut findings = Vec::new();
    let date = super::dates::read_date(&written.text, written.line, &mut findings);
    report(&source.source.path, findings, diagnostics);
    (date, false)
}

/// The status's meaning; an unknown word is a warning and reads as proposed.
fn status(
    raw: &RawRecord,
    words: &StatusWords,
    file: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> DecisionStatus {
    let Some(written) = &raw.status else { return DecisionStatus::Proposed };
    words.meaning(&written.text).unwrap_or_else(|| {
        let word = status_word(&written.text);
        let message = format!("status `{word}` is not a status baton knows; the record is treated as proposed");
        let hint = Some(format!(
            "map it in baton.yaml, e.g. `decision_statuses: {{{word}: accepted}}` (accepted, proposed, rejected, superseded or deprecated)"
        ));
        diagnostics.push(Diagnostic::warning("record-status", Span::new(file, written.line, 1), message).hint(hint));
        DecisionStatus::Proposed
    })
}

/// The status as shown: "Superseded by [3. X](0003-x.md)" → "Superseded by 3. X".
fn status_word(written: &str) -> String {
    let mut out = String::new();
    let mut rest = written.trim();
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let Some(close) = rest[start..].find("](") else { break };
        out.push_str(&rest[start + 1..start + close]);
        rest = rest[start + close..].find(')').map_or("", |end| &rest[start + close + end + 1..]);
    }
    out.push_str(rest);
    out.trim().trim_matches(|c: char| c == '*' || c == '_').trim().to_string()
}

/// A name as written matched to people.yaml: `@kofi` or `kofi` by handle, `Ana Lima` by name.
fn match_person(name: &str, people: &BTreeMap<Handle, Person>) -> Option<Handle> {
    let bare = name.trim().trim_start_matches('@');
    if let Ok(handle) = Handle::parse(&bare.to_lowercase())
        && people.contains_key(&handle)
    {
        return Some(handle);
    }
    people.iter().find(|(_, p)| p.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(bare))).map(|(h, _)| h.clone())
}

/// Turns every relation into supersession or a two-sided record relation; a target that is no
/// record of the same folder is a warning at its line.
fn resolve_relations(built: &mut [(Decision, RawRecord)], diagnostics: &mut Diagnostics) {
    let folder_of = |d: &Decision| d.record.as_ref().map(|r| r.folder.clone()).unwrap_or_default();
    let mut by_stem: BTreeMap<(String, String), Id> = BTreeMap::new();
    let mut by_number: BTreeMap<(String, u32), Id> = BTreeMap::new();
    for (d, _) in built.iter() {
        let stem = d.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        by_stem.insert((folder_of(d), stem), d.id.clone());
        if let Some(number) = d.record.as_ref().and_then(|r| r.number) {
            by_number.entry((folder_of(d), number)).or_insert_with(|| d.id.clone());
        }
    }
    let mut edges: Vec<(Id, RelationKind, Id, Span)> = Vec::new();
    for (d, raw) in built.iter() {
        for relation in &raw.relations {
            let span = Span::new(&d.file, relation.line, 1);
            let target = match &relation.target {
                Target::File(stem) => by_stem.get(&(folder_of(d), stem.clone())),
                Target::Number(n) => by_number.get(&(folder_of(d), *n)),
            };
            match target {
                Some(target) => edges.push((d.id.clone(), relation.kind, target.clone(), span)),
                None => diagnostics.push(unknown_target(&relation.target, span)),
            }
        }
    }
    let index: BTreeMap<Id, usize> = built.iter().enumerate().map(|(i, (d, _))| (d.id.clone(), i)).collect();
    for (from, kind, to, span) in edges {
        let (newer, older) = match kind {
            RelationKind::Supersedes => (&from, &to),
            RelationKind::SupersededBy => (&to, &from),
            _ => {
                add_relation(built, &index, &from, label(kind), &to);
                add_relation(built, &index, &to, label(inverse(kind)), &from);
                continue;
            }
        };
        let Some(&i) = index.get(newer) else { continue };
        let supersedes = &mut built[i].0.supersedes;
        if !supersedes.iter().any(|s| &s.value == older) {
            supersedes.push(At::new(older.clone(), span));
        }
    }
}

fn add_relation(
    built: &mut [(Decision, RawRecord)],
    index: &BTreeMap<Id, usize>,
    on: &Id,
    label: &'static str,
    to: &Id,
) {
    let Some(record) = index.get(on).and_then(|&i| built[i].0.record.as_mut()) else { return };
    let relation = RecordRelation { label, target: to.clone() };
    if !record.relations.contains(&relation) {
        record.relations.push(relation);
        record.relations.sort();
    }
}

fn unknown_target(target: &Target, span: Span) -> Diagnostic {
    let named = match target {
        Target::File(stem) => format!("`{stem}.md`"),
        Target::Number(n) => format!("ADR {n}"),
    };
    Diagnostic::warning("record-relation", span, format!("link to {named}, which is not a record in this folder"))
}

fn label(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Supersedes => "supersedes",
        RelationKind::SupersededBy => "superseded by",
        RelationKind::Amends => "amends",
        RelationKind::AmendedBy => "amended by",
        RelationKind::Clarifies => "clarifies",
        RelationKind::ClarifiedBy => "clarified by",
        RelationKind::Related => "related to",
    }
}

fn inverse(kind: RelationKind) -> RelationKind {
    match kind {
        RelationKind::Supersedes => RelationKind::SupersededBy,
        RelationKind::SupersededBy => RelationKind::Supersedes,
        RelationKind::Amends => RelationKind::AmendedBy,
        RelationKind::AmendedBy => RelationKind::Amends,
        RelationKind::Clarifies => RelationKind::ClarifiedBy,
        RelationKind::ClarifiedBy => RelationKind::Clarifies,
        RelationKind::Related => RelationKind::Related,
    }
}
