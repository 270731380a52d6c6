//! The machine-readable export: `baton export` and the JSON files of every built site, validated
//! against the documented schema, with relations resolved both ways.

use crate::harness::{Site, fm};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../../docs/export-schema.json")).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[track_caller]
fn assert_valid(doc: &Value, what: &str) {
    let errors: Vec<String> = validator().iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

fn example_site() -> String {
    format!("{}/example-site", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_site_exports_everything_under_the_schema() {
    let run = Site::new().run(&["export", &example_site()]);
    run.assert_ok();
    let doc: Value = serde_json::from_str(&run.stdout).expect("export is JSON");
    assert_valid(&doc, "baton export example-site");
    assert_eq!(doc["as_of"], "2026-11-20T00:00:00Z");
    // The schema is strict: a wrong status or an unknown field does not pass.
    let mut bad = doc.clone();
    bad["handoffs"][0]["status"] = "review".into();
    assert!(!validator().is_valid(&bad));
    let mut extra = doc.clone();
    extra["decisions"][0]["owner"] = "ana".into();
    assert!(!validator().is_valid(&extra));
    assert_eq!(doc["handoffs"].as_array().unwrap().len(), 35);
    assert_eq!(doc["decisions"].as_array().unwrap().len(), 20);
    assert_eq!(doc["wraps"].as_array().unwrap().len(), 5);
    // The same input gives the same bytes.
    assert_eq!(Site::new().run(&["export", &example_site()]).stdout, run.stdout);
}

fn site() -> Site {
    Site::new()
        .write("people.yaml", "ana: {name: Ana, team: Payments, tz: Europe/Berlin}\nkofi: {name: Kofi, team: Payments}\n")
        .handoff("schema", &fm("Schema", "ana", "status: draft\n"), "")
        .handoff(
            "backfill",
            &fm(
                "Backfill",
                "kofi",
                "depends_on: [schema]\ndecisions:\n  - {id: dec-batch, title: Batch it, status: accepted, date: 2026-11-18, by: ana, rationale: Faster.}\n",
            ),
            "Body text.\n",
        )
        .write(
            "content/decisions/new.md",
            "---\nkind: decision\ntitle: New\nstatus: accepted\ndate: 2026-11-19\nby: ana\nsupersedes: dec-batch\nrelated: [schema]\n---\n## Rationale\nBetter.\n",
        )
        .write(
            "content/wraps/w.md",
            "---\nkind: wrap\nauthor: ana\nshift: {start: 2026-11-19T09:00:00+01:00, end: 2026-11-19T17:00:00+01:00}\nsummary: Fine\nhanded_to: Payments\nopen:\n  - {id: backfill, next: Go}\n  - {id: gone, next: Nothing}\nwatch: [Lag]\n---\n",
        )
        .write("baton.yaml", "title: Export\nbase_url: https://x.example.com/\nrules: {wrap-unknown-id: off}\n")
}

fn read(site: &Site, file: &str) -> Value {
    let text = std::fs::read_to_string(site.public().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_built_site_has_typed_json_with_relations_resolved_both_ways() {
    let site = site();
    site.build().assert_ok();
    let handoffs = read(&site, "handoffs.json");
    let decisions = read(&site, "decisions.json");
    let wraps = read(&site, "wraps.json");
    for (doc, file, list) in [
        (&handoffs, "handoffs.json", "handoffs"),
        (&decisions, "decisions.json", "decisions"),
        (&wraps, "wraps.json", "wraps"),
    ] {
        assert_valid(doc, file);
        let keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(keys.contains(&list) && keys.len() == 5, "{file} carries only its own list: {keys:?}");
    }
    assert_eq!(handoffs["site"]["base_url"], "https://x.example.com/");
    let by_id = |doc: &Value, list: &str, id: &str| {
        doc[list].as_array().unwrap().iter().find(|x| x["id"] == id).cloned().unwrap_or_else(|| panic!("{id}"))
    };
    let backfill = by_id(&handoffs, "handoffs", "backfill");
    assert_eq!(
        backfill["depends_on"][0],
        serde_json::json!({"id": "schema", "title": "Schema", "status": "draft", "url": "handoffs/schema/"})
    );
    assert_eq!(backfill["owner"]["name"], "Kofi");
    assert_eq!(backfill["team"]["slug"], "payments");
    assert_eq!(backfill["body"], "Body text.\n");
    let schema = by_id(&handoffs, "handoffs", "schema");
    assert_eq!(schema["needed_by"][0]["id"], "backfill");
    assert_eq!(schema["decisions"][0]["id"], "new");
    let batch = by_id(&decisions, "decisions", "dec-batch");
    assert_eq!(batch["origin"], "inline");
    assert_eq!(batch["handoff"]["id"], "backfill");
    assert_eq!(batch["superseded_by"][0]["title"], "New");
    assert_eq!(by_id(&decisions, "decisions", "new")["supersedes"][0]["status"], "accepted");
    let wrap = by_id(&wraps, "wraps", "w");
    assert_eq!(
        wrap["handed_to"],
        serde_json::json!({"kind": "team", "team": {"name": "Payments", "slug": "payments", "url": "teams/payments/"}})
    );
    assert_eq!(wrap["open"][0]["handoff"]["title"], "Backfill");
    // An id that names nothing (its rule switched off here) is kept, with nothing resolved.
    assert_eq!(
        wrap["open"][1]["handoff"],
        serde_json::json!({"id": "gone", "title": null, "status": null, "url": null})
    );
    assert_eq!(wrap["watch"][0], serde_json::json!({"what": "Lag", "where": null}));
    assert_eq!(wrap["shift_end"]["instant"], "2026-11-19T16:00:00Z");
}

#[test]
fn export_prints_all_three_lists_and_refuses_a_broken_base() {
    let run = site().run(&["export", "."]);
    run.assert_ok();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_valid(&doc, "baton export");
    assert_eq!(doc["handoffs"].as_array().unwrap().len(), 2);
    assert_eq!(doc["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(doc["wraps"].as_array().unwrap().len(), 1);
    let broken = site().handoff("bad", &fm("Bad", "ana", "depends_on: [nothing]\n"), "");
    let run = broken.run(&["export", "."]);
    run.assert_code(1).assert_stderr_has("nothing exported");
    assert!(run.stdout.is_empty());
}

/// A title that is markup must not be markup in the JSON files a site publishes, nor in `baton
/// export`'s output; a JSON reader still reads the title as written.
#[test]
fn json_files_carry_no_markup_characters_and_read_back_as_written() {
    let title = "Ship </script><img src=x onerror=alert(1)> & roll back";
    let site = Site::new().handoff("markup", &fm(&format!("\"{title}\""), "ana", "status: draft\n"), "Body.\n");
    site.build().assert_ok();
    let exported = site.run(&["export", "."]);
    exported.assert_ok();
    let published = std::fs::read_to_string(site.path().join("public/handoffs.json")).expect("handoffs.json");
    for (what, text) in [("public/handoffs.json", &published), ("baton export", &exported.stdout)] {
        assert!(!text.contains(['<', '>', '&']), "{what} holds markup characters:\n{text}");
        let doc: Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(doc["handoffs"][0]["title"], title, "{what}");
    }
}

/// `SOURCE_DATE_EPOCH` pins "today" (and so the export's `as_of`) when neither `--today` nor
/// `BATON_TODAY` is given, as reproducible builds expect; a value that is no time is an error.
#[test]
fn source_date_epoch_pins_as_of_and_a_bad_value_is_named() {
    let site = Site::new().handoff("a", &fm("A", "ana", "status: draft\n"), "");
    let run = |epoch: &str| {
        let output = crate::harness::baton()
            .args(["export", "."])
            .current_dir(site.path())
            .env_remove("BATON_TODAY")
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("run baton");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = run("1764806400");
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(doc["as_of"], "2025-12-04T00:00:00Z");
    assert_eq!(run("1764806400").1, stdout, "the same epoch gives the same bytes");
    let (code, _, stderr) = run("yesterday");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("SOURCE_DATE_EPOCH") && stderr.contains("yesterday"), "{stderr}");
}
