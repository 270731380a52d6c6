//! JSON Schemas (draft 2020-12) for the files a user writes: handoff, decision and wrap
//! frontmatter, baton.yaml and people.yaml, for YAML editors and other tools.
//!
//! The properties are generated from the loader's own key tables (`HANDOFF_KEYS`,
//! `DECISION_FILE_KEYS`, `WRAP_KEYS`, `CONFIG_KEYS`, `PERSON_KEYS`), each given its shape by
//! [`shape`], so a key the loader learns without a shape here fails the tests instead of
//! silently missing from the schema. The schemas describe forms (a date is a string); what a
//! value means (an id that exists, a date that parses) stays `baton check`'s work.

use crate::config::CONFIG_KEYS;
use crate::link::people::PERSON_KEYS;
use crate::load::raw::{DECISION_FILE_KEYS, HANDOFF_KEYS, WRAP_KEYS};
use crate::model::{DecisionStatus, LinkKind, Status};
use serde_json::{Value, json};

/// Every schema: (file name, schema).
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("handoff.schema.json", frontmatter("handoff", HANDOFF_KEYS, &["title", "owner"])),
        ("decision.schema.json", frontmatter("decision", DECISION_FILE_KEYS, &["kind", "title"])),
        ("wrap.schema.json", frontmatter("wrap", WRAP_KEYS, &["kind", "author", "shift"])),
        ("baton.schema.json", document("baton.yaml", "The site settings.", CONFIG_KEYS, "config", &[])),
        ("people.schema.json", people()),
    ]
}

fn frontmatter(kind: &str, keys: &[&str], required: &[&str]) -> Value {
    let what = format!("The frontmatter of a {kind} file (see docs/format.md).");
    document(&format!("baton {kind}"), &what, keys, kind, required)
}

fn document(title: &str, description: &str, keys: &[&str], kind: &str, required: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> = keys.iter().map(|k| (k.to_string(), shape(kind, k))).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn people() -> Value {
    let person: serde_json::Map<String, Value> = PERSON_KEYS.iter().map(|k| (k.to_string(), text())).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "baton people.yaml",
        "description": "Each person's handle mapped to who they are.",
        "type": "object",
        "propertyNames": {"pattern": "^[a-z0-9][a-z0-9._-]*$"},
        "additionalProperties": {"type": "object", "properties": person, "additionalProperties": false},
    })
}

fn text() -> Value {
    json!({"type": "string"})
}

fn scalar() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}

fn list_of(item: Value) -> Value {
    json!({"type": ["array", "null"], "items": item})
}

fn one_or_list() -> Value {
    json!({"anyOf": [text(), list_of(text())]})
}

fn words<'a>(words: impl IntoIterator<Item = &'a str>) -> Value {
    json!({"enum": words.into_iter().collect::<Vec<_>>()})
}

fn object(fields: &[(&str, Value)], required: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> = fields.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn text_or(fields: &[(&str, Value)], required: &[&str]) -> Value {
    json!({"anyOf": [text(), object(fields, required)]})
}

/// The form of `key` in a file of `kind` (`handoff`, `decision`, `wrap`, `config`).
pub fn shape(kind: &str, key: &str) -> Value {
    match (kind, key) {
        (_, "extra") => json!({"type": ["object", "null"]}),
        ("handoff", "kind") => words(["handoff"]),
        ("decision", "kind") => words(["decision"]),
        ("wrap", "kind") => words(["wrap"]),
        ("handoff", "status") => words(Status::ALL.iter().map(|s| s.as_str())),
        ("decision", "status") => words(DecisionStatus::ALL.iter().map(|s| s.as_str())),
        ("decision", "by" | "supersedes") => one_or_list(),
        (_, "deliverables" | "depends_on" | "tags" | "related") => list_of(text()),
        (_, "acceptance" | "checklist") => {
            list_of(text_or(&[("text", text()), ("done", json!({"type": "boolean"}))], &["text"]))
        }
        (_, "risks") => list_of(text_or(&[("text", text()), ("mitigation", text())], &["text"])),
        (_, "links") => list_of(object(
            &[("title", text()), ("url", text()), ("kind", words(LinkKind::ALL.iter().map(|k| k.as_str())))],
            &["url"],
        )),
        (_, "recordings") => list_of(object(&[("title", text()), ("url", text()), ("duration", text())], &["url"])),
        (_, "decisions") => list_of(inline_decision()),
        (_, "questions") => list_of(object(
            &[
                ("q", text()),
                ("by", text()),
                ("date", scalar()),
                ("a", text()),
                ("answered_by", text()),
                ("answered", scalar()),
            ],
            &["q"],
        )),
        (_, "history") => list_of(object(
            &[("date", scalar()), ("from", text()), ("to", text()), ("status", text()), ("note", text())],
            &[],
        )),
        ("wrap", "shift") => object(&[("start", scalar()), ("end", scalar()), ("tz", text())], &[]),
        ("wrap", "open") => list_of(text_or(&[("id", text()), ("next", text())], &["id"])),
        ("wrap", "watch") => list_of(text_or(&[("what", text()), ("where", text())], &["what"])),
        ("wrap", "baking") => list_of(text_or(&[("change", text()), ("rollback", text())], &["change"])),
        ("config", "allow_html") => json!({"type": "boolean"}),
        ("config", "page_size") => json!({"type": "integer", "minimum": 1}),
        ("config", "host") => json!({"anyOf": [
            words(crate::host::PRESETS.iter().map(|p| p.id)),
            object(
                &[
                    ("name", text()),
                    ("max_size", scalar()),
                    ("max_files", json!({"type": "integer", "minimum": 1})),
                    ("max_file_size", scalar()),
                ],
                &[],
            ),
        ]}),
        ("config", "notify") => list_of(object(
            &[("team", text()), ("for", text()), ("to", words(["slack", "teams", "webhook"])), ("url_env", text())],
            &["to", "url_env"],
        )),
        ("config", "trackers") => {
            let service = || object(&[("token_env", text()), ("api", text()), ("url", text())], &[]);
            let jira =
                object(&[("url", text()), ("user_env", text()), ("token_env", text()), ("api", text())], &["url"]);
            let fields = [
                ("github", service()),
                ("gitlab", service()),
                ("jira", jira),
                ("stale_after", text()),
                ("fixture", text()),
            ];
            object(&fields, &[])
        }
        ("config", "rules") => json!({
            "type": "object",
            "propertyNames": words(crate::check::rules::RULES.iter().map(|r| r.id)),
            "additionalProperties": words(["error", "warning", "off"]),
        }),
        ("config", "decision_dirs") => {
            list_of(text_or(&[("path", text()), ("prefix", text()), ("team", text())], &["path"]))
        }
        ("config", "decision_statuses") => json!({
            "type": "object",
            "additionalProperties": words(DecisionStatus::ALL.iter().map(|s| s.as_str())),
        }),
        ("config", "readiness") => json!({
            "type": "object",
            "propertyNames": words(Status::ALL.iter().map(|s| s.as_str())),
            "additionalProperties": list_of(text()),
        }),
        // Dates, durations, sizes: written as text, numbers or YAML dates alike.
        (
            _,
            "created" | "updated" | "handed_off" | "due" | "date" | "review_within" | "stale_after" | "max_file_size",
        ) => scalar(),
        _ => text(),
    }
}

fn inline_decision() -> Value {
    object(
        &[
            ("id", text()),
            ("title", text()),
            ("date", scalar()),
            ("status", words(DecisionStatus::ALL.iter().map(|s| s.as_str()))),
            ("by", one_or_list()),
            ("context", text()),
            ("decision", text()),
            ("rationale", text()),
            ("alternatives", list_of(text())),
            ("supersedes", one_or_list()),
            ("tags", list_of(text())),
        ],
        &[],
    )
}

/// Writes every schema into `dir`, pretty-printed; returns the paths written.
pub fn write_all(dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    use anyhow::Context as _;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, schema) in all() {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&schema)? + "\n";
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
