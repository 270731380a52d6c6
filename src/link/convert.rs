//! Raw frontmatter → typed handoffs and decisions, one file at a time.
//!
//! Each converter reads a [`ParsedFile`], types every field through [`Fields`] (which reports
//! bad values), and returns what it could build. Relations between files (do the ids exist?)
//! are not checked here: that needs the whole base, see `link::relations`.

use super::fields::{Fields, text};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::ParsedFile;
use crate::load::raw::{self, RawDecision, RawFrontmatter};
use crate::model::{
    At, Decision, DecisionOrigin, DecisionStatus, Handoff, Id, Item, Link, LinkKind, Question, Recording, Risk, Status,
    Transfer,
};

/// What one content file holds.
pub enum Converted {
    /// A handoff and its inline decisions.
    Handoff(Box<Handoff>, Vec<Decision>),
    /// A decision file.
    Decision(Box<Decision>),
    /// A shift wrap.
    Wrap(Box<crate::model::Wrap>),
}

/// Types one file, reporting problems; `None` when required fields are missing.
pub fn convert(file: &ParsedFile, fields: &mut Fields<'_>) -> Option<Converted> {
    warn_unknown_keys(file, fields);
    let kind = file.frontmatter.kind.as_ref();
    match kind.map(|k| k.value.trim()) {
        None | Some("handoff") => convert_handoff(file, fields).map(|(h, d)| Converted::Handoff(Box::new(h), d)),
        Some("decision") => convert_decision_file(file, fields).map(|d| Converted::Decision(Box::new(d))),
        Some("wrap") => {
            let id = file_id(file, fields);
            super::wrap::convert_wrap(file, id, fields).map(|w| Converted::Wrap(Box::new(w)))
        }
        Some(other) => {
            let message = format!("`{other}` is not a valid `kind`: expected handoff, decision or wrap");
            if let Some(kind) = kind {
                fields.error("bad-value", kind, "kind", message);
            }
            None
        }
    }
}

/// The id written in the file, or the slug of its file name.
pub(super) fn file_id(file: &ParsedFile, fields: &mut Fields<'_>) -> Option<At<Id>> {
    if let Some(id) = &file.frontmatter.id {
        return fields.id(id, "id");
    }
    let stem = file.locator.file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let slug = crate::slug::slugify(&stem);
    match Id::parse(&slug) {
        Ok(id) => Some(At::new(id, Span::new(&file.locator.file, 1, 1))),
        Err(problem) => {
            let message = if slug.is_empty() {
                format!("cannot make an id from the file name `{stem}`: it has no letters or digits")
            } else {
                format!("cannot make an id from the file name `{stem}`: {problem}")
            };
            let hint = Some("add an `id:` field, e.g. `id: ledger-export`".to_string());
            fields
                .diagnostics
                .push(Diagnostic::error("bad-id", Span::new(&file.locator.file, 1, 1), message).field("id").hint(hint));
            None
        }
    }
}

fn convert_handoff(file: &ParsedFile, fields: &mut Fields<'_>) -> Option<(Handoff, Vec<Decision>)> {
    let raw = &file.frontmatter;
    let whole_file = Span::new(&file.locator.file, 1, 1);
    let title = fields.required(raw.title.as_ref(), "title", &whole_file);
    let owner = fields
        .required(raw.owner.as_ref(), "owner", &whole_file)
        .and(raw.owner.as_ref())
        .and_then(|o| fields.handle(o, "owner"));
    let id = file_id(file, fields);
    let status = match &raw.status {
        Some(s) => {
            At::new(fields.choice(s, "status", &Status::ALL, Status::as_str).unwrap_or(Status::Draft), fields.span(s))
        }
        None => At::new(Status::Draft, whole_file.clone()),
    };
    let (title, owner, id) = (title?, owner?, id?);
    let decisions = inline_decisions(raw, &id.value, file, fields);
    let handoff = Handoff {
        file: file.locator.file.clone(),
        title,
        status,
        owner,
        from: fields.opt_handle(raw.from.as_ref(), "from"),
        reviewer: fields.opt_handle(raw.reviewer.as_ref(), "reviewer"),
        team: raw.team.as_ref().and_then(|t| fields.group_name(t, "team")),
        created: fields.moment(raw.created.as_ref(), "created"),
        updated: fields.moment(raw.updated.as_ref(), "updated"),
        handed_off: fields.moment(raw.handed_off.as_ref(), "handed_off"),
        due: fields.moment(raw.due.as_ref(), "due"),
        review_within: fields.duration(raw.review_within.as_ref(), "review_within"),
        intent: text(raw.intent.as_ref()),
        deliverables: raw.deliverables.iter().map(|d| d.value.trim().to_string()).filter(|d| !d.is_empty()).collect(),
        acceptance: items(&raw.acceptance),
        risks: raw
            .risks
            .iter()
            .map(|r| Risk { text: r.value.text.clone(), mitigation: r.value.mitigation.clone() })
            .collect(),
        checklist: items(&raw.checklist),
        blocked_reason: text(raw.blocked_reason.as_ref()),
        depends_on: fields.ids(&raw.depends_on, "depends_on"),
        tags: tags(&raw.tags, "tags", fields),
        links: links(raw, fields),
        recordings: recordings(raw, fields),
        decisions: decisions.iter().map(|d| d.id.clone()).collect(),
        questions: questions(raw, fields),
        history: history(raw, fields),
        extra: raw.extra.clone().unwrap_or(serde_json::Value::Null),
        body: file.body.clone(),
        body_line: file.body_line,
        id: id.value,
    };
    Some((handoff, decisions))
}

fn items(raw: &[serde_saphyr::Spanned<raw::RawItem>]) -> Vec<Item> {
    raw.iter().map(|i| Item { text: i.value.text.clone(), done: i.value.done }).collect()
}

fn tags(raw: &[raw::Text], field: &str, fields: &mut Fields<'_>) -> Vec<String> {
    raw.iter().filter_map(|t| fields.group_name(t, field)).collect()
}

fn links(raw: &RawFrontmatter, fields: &mut Fields<'_>) -> Vec<Link> {
    let mut out = Vec::new();
    for link in &raw.links {
        let kind = match &link.value.kind {
            Some(k) => fields.choice(k, "links.kind", &LinkKind::ALL, LinkKind::as_str),
            None => Some(LinkKind::Doc),
        };
        let url = link.value.url.value.trim().to_string();
        let title = link.value.title.clone().unwrap_or_else(|| url.clone());
        out.extend(kind.map(|kind| Link { title, url, kind }));
    }
    out
}

fn recordings(raw: &RawFrontmatter, fields: &mut Fields<'_>) -> Vec<Recording> {
    let mut out = Vec::new();
    for clip in &raw.recordings {
        let url = clip.value.url.value.trim().to_string();
        let duration = fields.duration(clip.value.duration.as_ref(), "recordings.duration").map(|d| d.value);
        out.push(Recording { title: clip.value.title.clone().unwrap_or_else(|| url.clone()), url, duration });
    }
    out
}

fn questions(raw: &RawFrontmatter, fields: &mut Fields<'_>) -> Vec<Question> {
    let mut out = Vec::new();
    for q in &raw.questions {
        let span = fields.locator.at(q);
        let q = &q.value;
        out.push(Question {
            q: q.q.clone(),
            by: fields.opt_handle(q.by.as_ref(), "questions.by"),
            date: fields.moment(q.date.as_ref(), "questions.date").map(|m| m.value),
            a: q.a.clone().filter(|a| !a.trim().is_empty()),
            answered_by: fields.opt_handle(q.answered_by.as_ref(), "questions.answered_by"),
            answered: fields.moment(q.answered.as_ref(), "questions.answered").map(|m| m.value),
            span,
        });
    }
    out
}

fn history(raw: &RawFrontmatter, fields: &mut Fields<'_>) -> Vec<Transfer> {
    let mut out = Vec::new();
    for t in &raw.history {
        let t = &t.value;
        out.push(Transfer {
            date: fields.moment(t.date.as_ref(), "history.date").map(|m| m.value),
            from: fields.opt_handle(t.from.as_ref(), "history.from"),
            to: fields.opt_handle(t.to.as_ref(), "history.to"),
            status: t.status.as_ref().and_then(|s| fields.choice(s, "history.status", &Status::ALL, Status::as_str)),
            note: t.note.clone(),
        });
    }
    out
}

fn inline_decisions(raw: &RawFrontmatter, handoff: &Id, file: &ParsedFile, fields: &mut Fields<'_>) -> Vec<Decision> {
    raw.decisions.iter().filter_map(|d| inline_decision(d, handoff, file, fields)).collect()
}

fn inline_decision(
    d: &serde_saphyr::Spanned<RawDecision>,
    handoff: &Id,
    file: &ParsedFile,
    fields: &mut Fields<'_>,
) -> Option<Decision> {
    let span = fields.locator.at(d);
    let d = &d.value;
    let title = fields.required(d.title.as_ref(), "decisions.title", &span);
    let id = match &d.id {
        Some(id) => fields.id(id, "decisions.id"),
        None => {
            fields.diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    span.clone(),
                    "`decisions.id` is required: every decision needs an id of its own",
                )
                .field("decisions.id"),
            );
            None
        }
    };
    Some(Decision {
        id: id?.value,
        file: file.locator.file.clone(),
        span,
        title: title?,
        status: decision_status(d.status.as_ref(), fields),
        date: fields.moment(d.date.as_ref(), "decisions.date").map(|m| m.value),
        by: fields.handles(d.by.as_ref(), "decisions.by"),
        context: d.context.clone(),
        decision: d.decision.clone(),
        rationale: d.rationale.clone().filter(|r| !r.trim().is_empty()),
        alternatives: d.alternatives.clone(),
        supersedes: fields.id_list(d.supersedes.as_ref(), "decisions.supersedes"),
        tags: tags(&d.tags, "decisions.tags", fields),
        related: Vec::new(),
        origin: DecisionOrigin::Inline { handoff: handoff.clone() },
        body: String::new(),
        body_line: 0,
        record: None,
    })
}

fn decision_status(status: Option<&raw::Text>, fields: &mut Fields<'_>) -> DecisionStatus {
    status
        .and_then(|s| fields.choice(s, "status", &DecisionStatus::ALL, DecisionStatus::as_str))
        .unwrap_or(DecisionStatus::Proposed)
}

fn convert_decision_file(file: &ParsedFile, fields: &mut Fields<'_>) -> Option<Decision> {
    let raw = &file.frontmatter;
    let whole_file = Span::new(&file.locator.file, 1, 1);
    let title = fields.required(raw.title.as_ref(), "title", &whole_file);
    let id = file_id(file, fields);
    let sections = super::sections::decision_sections(&file.body);
    Some(Decision {
        status: decision_status(raw.status.as_ref(), fields),
        date: fields.moment(raw.date.as_ref(), "date").map(|m| m.value),
        by: fields.handles(raw.by.as_ref(), "by"),
        supersedes: fields.id_list(raw.supersedes.as_ref(), "supersedes"),
        related: fields.ids(&raw.related, "related"),
        tags: tags(&raw.tags, "tags", fields),
        id: id?.value,
        title: title?,
        file: file.locator.file.clone(),
        span: whole_file,
        context: sections.context,
        decision: sections.decision,
        rationale: sections.rationale,
        alternatives: sections.alternatives,
        origin: DecisionOrigin::File,
        body: file.body.clone(),
        body_line: file.body_line,
        record: None,
    })
}

/// Unknown top-level keys are warnings, so a team's typo is seen but never blocks a build.
fn warn_unknown_keys(file: &ParsedFile, fields: &mut Fields<'_>) {
    let known = match file.frontmatter.kind.as_ref().map(|k| k.value.trim()) {
        Some("decision") => raw::DECISION_FILE_KEYS,
        Some("wrap") => raw::WRAP_KEYS,
        _ => raw::HANDOFF_KEYS,
    };
    for (key, line) in &file.keys {
        if !known.contains(&key.as_str()) {
            let hint = crate::suggest::did_you_mean(key, known.iter().copied())
                .map(|k| format!("did you mean `{k}`? Team-specific fields go under `extra:`"))
                .or_else(|| Some("team-specific fields go under `extra:`".into()));
            let message = format!("unknown field `{key}`");
            let span = Span::new(&file.locator.file, *line, 1);
            fields.diagnostics.push(Diagnostic::warning("unknown-field", span, message).field(key.clone()).hint(hint));
        }
    }
}
