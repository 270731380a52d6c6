//! Hover: what an id, a handle or a finding under the cursor stands for.
//!
//! An id shows the target's title, kind, status, owner and due date; a handle the person's name,
//! team, time zone and their local time now; a finding the rule's explanation, taken from
//! docs/rules.md (compiled in, so it is the same text the documentation shows).

use super::navigation::{AtCursor, Target, at_cursor};
use super::workspace::Workspace;
use crate::model::{Handle, Id};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use std::path::Path;

const RULES_DOC: &str = include_str!("../../docs/rules.md");

/// `textDocument/hover`.
pub fn hover(workspace: &Workspace, path: &Path, offset: usize) -> Option<Hover> {
    let text = workspace.text(path)?;
    let mut parts = Vec::new();
    let mut range = None;
    if let Some(AtCursor { target, range: at, .. }) = at_cursor(workspace, path, offset) {
        let shown = match &target {
            Target::Id(id, _) => describe_id(workspace, id),
            Target::Handle(handle) => describe_person(workspace, handle, jiff::Timestamp::now()),
        };
        if let Some(shown) = shown {
            parts.push(shown);
            range = Some(super::text::range(text, at.start, at.end));
        }
    }
    let findings = workspace.diagnostics_by_file().remove(path).unwrap_or_default();
    let mut rules: Vec<&str> = findings
        .iter()
        .filter(|d| {
            let (start, end) = super::diagnostics::byte_range(d, text);
            start <= offset && offset <= end.max(start + 1)
        })
        .map(|d| d.rule)
        .collect();
    rules.dedup();
    parts.extend(rules.into_iter().filter_map(rule_explanation));
    if parts.is_empty() {
        return None;
    }
    let value = parts.join("\n\n---\n\n");
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range })
}

/// Title, kind, status, owner and due date of the page with `id`.
pub fn describe_id(workspace: &Workspace, id: &str) -> Option<String> {
    let id = Id::parse(id).ok()?;
    let base = &workspace.good.base;
    if let Some(h) = base.handoffs.get(&id) {
        let mut line = format!("handoff · {} · owner `{}`", h.status.value.as_str(), h.owner.value);
        if let Some(due) = &h.due {
            line += &format!(" · due {}", due.value.display());
        }
        return Some(format!("**{}** (`{id}`)\n\n{line}", h.title));
    }
    if let Some(d) = base.decisions.get(&id) {
        let by: Vec<String> = d.by.iter().map(|b| format!("`{}`", b.value)).collect();
        let mut line = format!("decision · {}", d.status.as_str());
        if let Some(date) = &d.date {
            line += &format!(" · {}", date.display());
        }
        if !by.is_empty() {
            line += &format!(" · by {}", by.join(", "));
        }
        return Some(format!("**{}** (`{id}`)\n\n{line}", d.title));
    }
    let w = base.wraps.get(&id)?;
    let summary = w.summary.as_ref().map_or("", |s| s.value.as_str());
    Some(format!("**Wrap** (`{id}`) by `{}`\n\n{summary}", w.author.value))
}

/// Name, team, time zone and local time at `now` of the person with `handle`.
pub fn describe_person(workspace: &Workspace, handle: &str, now: jiff::Timestamp) -> Option<String> {
    let handle = Handle::parse(handle).ok()?;
    let Some(person) = workspace.good.base.people.get(&handle) else {
        return Some(format!("`{handle}` is not in people.yaml"));
    };
    let mut text = format!("**{}** (`{handle}`)", person.name.as_deref().unwrap_or(handle.as_str()));
    if let Some(team) = &person.team {
        text += &format!("\n\nteam: {team}");
    }
    if let Some(tz) = &person.tz {
        let local = jiff::tz::TimeZone::get(tz)
            .ok()
            .map(|zone| jiff::ZonedDateTime::new(now, zone).strftime("%a %H:%M").to_string());
        text += &format!("\n\ntime zone: {tz}");
        if let Some(local) = local {
            text += &format!(" (now {local})");
        }
    }
    Some(text)
}

/// The section of docs/rules.md about `rule`, headed by its id.
pub fn rule_explanation(rule: &str) -> Option<String> {
    let heading = format!("### `{rule}`\n");
    let start = RULES_DOC.find(&heading)?;
    let rest = &RULES_DOC[start + heading.len()..];
    let end = ["\n### ", "\n## "].iter().filter_map(|h| rest.find(h)).min().unwrap_or(rest.len());
    Some(format!("**{rule}**\n{}", rest[..end].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_an_explanation() {
        for rule in crate::check::rules::RULES {
            let text = rule_explanation(rule.id).unwrap_or_default();
            assert!(text.contains("**Default:**"), "no explanation for {}", rule.id);
        }
        assert!(!rule_explanation("unknown-id").unwrap().contains("self-dependency"));
    }
}
