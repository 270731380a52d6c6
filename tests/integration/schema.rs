//! `baton schema`: the JSON Schemas match the loader, the example site and docs/format.md.

use crate::harness::baton;
use baton_kb::config::CONFIG_KEYS;
use baton_kb::link::people::PERSON_KEYS;
use baton_kb::load::raw::{DECISION_FILE_KEYS, HANDOFF_KEYS, WRAP_KEYS};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn schemas() -> (tempfile::TempDir, std::collections::BTreeMap<String, Value>) {
    let dir = tempfile::tempdir().unwrap();
    let run = baton().args(["schema", "--out"]).arg(dir.path()).output().expect("baton schema");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut all = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        all.insert(path.file_name().unwrap().to_string_lossy().into_owned(), schema);
    }
    (dir, all)
}

fn properties(schema: &Value) -> BTreeSet<String> {
    schema["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn schema_keys_are_the_loaders_keys() {
    let (_dir, all) = schemas();
    assert_eq!(properties(&all["handoff.schema.json"]), set(HANDOFF_KEYS));
    assert_eq!(properties(&all["decision.schema.json"]), set(DECISION_FILE_KEYS));
    assert_eq!(properties(&all["wrap.schema.json"]), set(WRAP_KEYS));
    assert_eq!(properties(&all["baton.schema.json"]), set(CONFIG_KEYS));
    assert_eq!(properties(&all["people.schema.json"]["additionalProperties"]), set(PERSON_KEYS));
}

/// The frontmatter of a content file as JSON, and which schema applies to it.
fn frontmatter(text: &str) -> (Value, &'static str) {
    let split = baton_kb::load::frontmatter::split(text).expect("frontmatter");
    let value: Value = serde_saphyr::from_str(split.yaml).expect("yaml");
    let schema = match value["kind"].as_str() {
        Some("decision") => "decision.schema.json",
        Some("wrap") => "wrap.schema.json",
        _ => "handoff.schema.json",
    };
    (value, schema)
}

fn validate(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("a valid schema");
    validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn every_example_site_file_validates() {
    let (_dir, all) = schemas();
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.join("content")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let (value, schema) = frontmatter(&std::fs::read_to_string(entry.path()).unwrap());
        let errors = validate(&all[schema], &value);
        assert!(errors.is_empty(), "{} against {schema}: {errors:?}", entry.path().display());
        checked += 1;
    }
    assert!(checked > 10, "only {checked} files checked");
    for (file, schema) in [("baton.yaml", "baton.schema.json"), ("people.yaml", "people.schema.json")] {
        let value: Value = serde_saphyr::from_str(&std::fs::read_to_string(site.join(file)).unwrap()).unwrap();
        let errors = validate(&all[schema], &value);
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn a_misspelt_key_or_status_fails_the_schema() {
    let (_dir, all) = schemas();
    let (bad_key, schema) = frontmatter("---\ntitle: A\nowner: ana\ndepends: [b]\n---\n");
    assert_eq!(validate(&all[schema], &bad_key).len(), 1);
    let (bad_status, schema) = frontmatter("---\ntitle: A\nowner: ana\nstatus: finished\n---\n");
    assert_eq!(validate(&all[schema], &bad_status).len(), 1);
}

/// The first-column keys of the first table after `section` in docs/format.md.
fn documented(section: &str) -> Vec<String> {
    let doc = include_str!("../../docs/format.md");
    let start = doc.find(&format!("\n{section}\n")).unwrap_or_else(|| panic!("format.md has no {section}"));
    let rows = doc[start..].lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|')).skip(2);
    rows.filter_map(|row| row.trim_matches('|').split('|').next().map(|c| c.trim().trim_matches('`').to_string()))
        .collect()
}

#[test]
fn every_field_format_md_documents_is_in_a_schema() {
    let (_dir, all) = schemas();
    let sections = [
        ("### All fields", &all["handoff.schema.json"]),
        ("## Decision files", &all["decision.schema.json"]),
        ("## Shift wraps", &all["wrap.schema.json"]),
        ("## `baton.yaml`", &all["baton.schema.json"]),
        ("### Decisions", &all["handoff.schema.json"]["properties"]["decisions"]["items"]),
    ];
    for (section, schema) in sections {
        let fields = documented(section);
        assert!(!fields.is_empty(), "{section}");
        for field in fields {
            // `shift.start, shift.end` rows name a nested field.
            for path in field.split(", ").map(|f| f.trim_matches('`')) {
                let mut at = schema;
                for part in path.split('.') {
                    at = &at["properties"][part];
                }
                assert!(!at.is_null(), "{section}: `{path}` is documented but not in the schema");
            }
        }
    }
    let people = &all["people.schema.json"]["additionalProperties"]["properties"];
    for field in documented("## `people.yaml`") {
        assert!(!people[&field].is_null(), "people.yaml: `{field}` missing");
    }
}
