//! The sections of a decision file's body: `## Context`, `## Decision`, `## Rationale` and
//! `## Alternatives`, found by heading text (case-insensitive) outside code fences.
//!
//! The body itself is still rendered whole; the sections are pulled out so the decision history
//! can show what was decided, and check can tell whether a rationale was written.

/// The recognised sections of a decision body, as Markdown.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DecisionSections {
    /// `## Context`.
    pub context: Option<String>,
    /// `## Decision`.
    pub decision: Option<String>,
    /// `## Rationale`.
    pub rationale: Option<String>,
    /// List items under `## Alternatives`.
    pub alternatives: Vec<String>,
}

/// Finds the sections; text before the first heading and unknown sections are ignored here.
pub fn decision_sections(body: &str) -> DecisionSections {
    let mut sections = DecisionSections::default();
    let mut current: Option<String> = None;
    let mut text = String::new();
    let mut in_fence = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if let Some(heading) = line.strip_prefix("## ").filter(|_| !in_fence) {
            store(&mut sections, current.take(), &text);
            current = Some(heading.trim().trim_end_matches('#').trim().to_lowercase());
            text.clear();
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    store(&mut sections, current, &text);
    sections
}

fn store(sections: &mut DecisionSections, heading: Option<String>, text: &str) {
    let content = text.trim();
    if content.is_empty() {
        return;
    }
    match heading.as_deref() {
        Some("context") => sections.context = Some(content.to_string()),
        Some("decision") => sections.decision = Some(content.to_string()),
        Some("rationale") => sections.rationale = Some(content.to_string()),
        Some("alternatives") => sections.alternatives = list_items(content),
        _ => {}
    }
}

/// Top-level `-`/`*` items, each with its continuation lines; a paragraph counts as one item.
pub fn list_items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for line in text.lines() {
        let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
        match (item, items.last_mut()) {
            (Some(item), _) => items.push(item.trim().to_string()),
            (None, Some(last)) if !line.trim().is_empty() => {
                last.push(' ');
                last.push_str(line.trim());
            }
            (None, None) if !line.trim().is_empty() => items.push(line.trim().to_string()),
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sections_by_heading() {
        let body = "Intro\n\n## Context\nOld DB is slow.\n\n## Decision\nUse PostgreSQL.\n\n## rationale ##\nACID.\n```\n## not a heading\n```\n## Alternatives\n- DynamoDB: no joins\n  at all\n- MySQL\n";
        let s = decision_sections(body);
        assert_eq!(s.context.as_deref(), Some("Old DB is slow."));
        assert_eq!(s.decision.as_deref(), Some("Use PostgreSQL."));
        assert_eq!(s.rationale.as_deref(), Some("ACID.\n```\n## not a heading\n```"));
        assert_eq!(s.alternatives, ["DynamoDB: no joins at all", "MySQL"]);
    }

    #[test]
    fn empty_sections_are_absent() {
        assert_eq!(decision_sections("## Rationale\n\n## Decision\nX\n").rationale, None);
    }
}
