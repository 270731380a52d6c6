//! The machine-readable export: `baton export` and the JSON files of every built site, validated
//! against the documented schema, with relations both ways by id and people, teams and tags
//! resolved once per document.

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
    // `baton export` carries every body; a record without one is not an export's.
    assert!(doc["handoffs"].as_array().unwrap().iter().all(|h| h["body"].is_string()));
    let mut bodiless = doc.clone();
    bodiless["wraps"][0].as_object_mut().unwrap().remove("body");
    assert!(!validator().is_valid(&bodiless));
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

/// A list of the site's export as a bot walks it: the index at `/LIST.json`, its other pages,
/// and every part they name; each file validated. Returns the index entries and the full records.
fn walk(site: &Site, list: &str) -> (Vec<Value>, Vec<Value>) {
    let index = read(site, &format!("{list}.json"));
    assert_valid(&index, list);
    let urls = |doc: &Value, key: &str| -> Vec<String> {
        doc[key].as_array().unwrap().iter().map(|f| f["url"].as_str().unwrap().to_string()).collect()
    };
    let (mut entries, mut records) = (Vec::new(), Vec::new());
    for page in urls(&index, "pages") {
        let doc = read(site, &page);
        assert_valid(&doc, &page);
        assert_eq!((&doc["parts"], &doc["pages"]), (&index["parts"], &index["pages"]), "{page}");
        entries.extend(doc[list].as_array().unwrap().iter().cloned());
    }
    for (number, file) in index["parts"].as_array().unwrap().iter().enumerate() {
        let url = file["url"].as_str().unwrap();
        let doc = read(site, url);
        assert_valid(&doc, url);
        assert_eq!(doc["part"], number + 1, "{url}");
        let held = doc[list].as_array().unwrap();
        assert_eq!(file["count"], held.len(), "{url}");
        assert_eq!((&file["first"], &file["last"]), (&held[0]["id"], &held[held.len() - 1]["id"]), "{url}");
        for record in held {
            let entry = entries.iter().find(|e| e["id"] == record["id"]).expect("every record has an entry");
            assert_eq!(entry["part"], url, "the entry of {} names its part", record["id"]);
        }
        records.extend(held.iter().cloned());
    }
    assert_eq!(entries.len(), records.len(), "{list}: one entry per record");
    (entries, records)
}

#[test]
fn every_built_site_has_an_index_and_parts_with_relations_resolved_both_ways() {
    let site = site();
    site.build().assert_ok();
    let (entries, handoffs) = walk(&site, "handoffs");
    let (decision_entries, decisions) = walk(&site, "decisions");
    let (_, wraps) = walk(&site, "wraps");
    let index = read(&site, "handoffs.json");
    assert_eq!(index["site"]["base_url"], "https://x.example.com/");
    assert_eq!(
        index["parts"],
        serde_json::json!([{"url": "export/handoffs-1.json", "count": 2, "first": "backfill", "last": "schema"}])
    );
    assert_eq!(index["pages"][0]["url"], "handoffs.json");
    assert_eq!(
        entries[0],
        serde_json::json!({"id": "backfill", "title": "Backfill", "status": "draft", "owner": "kofi", "team": "Payments",
            "url": "handoffs/backfill/", "updated": null, "due": null, "attention": [], "part": "export/handoffs-1.json"})
    );
    assert_eq!(decision_entries[0]["handoff"], "backfill", "an inline decision names its handoff");
    let by_id =
        |list: &[Value], id: &str| list.iter().find(|x| x["id"] == id).cloned().unwrap_or_else(|| panic!("{id}"));
    let backfill = by_id(&handoffs, "backfill");
    // A neighbour is named by id; its title, status and URL are in its index entry.
    assert_eq!(backfill["depends_on"], serde_json::json!(["schema"]));
    assert_eq!(
        (&by_id(&entries, "schema")["title"], &by_id(&entries, "schema")["url"]),
        (&Value::from("Schema"), &Value::from("handoffs/schema/"))
    );
    // A person is named by handle and resolved in the index's people.
    assert_eq!(backfill["owner"], "kofi");
    assert_eq!(
        index["people"]["kofi"],
        serde_json::json!({"name": "Kofi", "team": "Payments", "tz": null, "contact": null, "url": "owners/kofi/"})
    );
    assert_eq!(index["teams"], serde_json::json!({"Payments": "payments"}));
    // Bodies are on the pages (and in `baton export`), not in the site's JSON.
    for record in handoffs.iter().chain(&decisions).chain(&wraps) {
        assert!(record.get("body").is_none(), "{}", record["id"]);
    }
    assert!(!std::fs::read_to_string(site.public().join("export/handoffs-1.json")).unwrap().contains("Body text."));
    let schema = by_id(&handoffs, "schema");
    assert_eq!(schema["needed_by"], serde_json::json!(["backfill"]));
    assert_eq!(schema["decisions"], serde_json::json!(["new"]));
    let batch = by_id(&decisions, "dec-batch");
    assert_eq!(batch["origin"], "inline");
    assert_eq!(batch["handoff"], "backfill");
    assert_eq!(batch["date"], "2026-11-18");
    assert_eq!(batch["superseded_by"], serde_json::json!(["new"]));
    assert_eq!(by_id(&decision_entries, "new")["status"], "accepted");
    assert_eq!(by_id(&decisions, "new")["supersedes"], serde_json::json!(["dec-batch"]));
    assert_eq!(by_id(&decision_entries, "dec-batch")["url"], "handoffs/backfill/#decision-dec-batch");
    let wrap = by_id(&wraps, "w");
    assert_eq!(wrap["handed_to"], serde_json::json!({"kind": "team", "team": "Payments"}));
    assert_eq!(read(&site, "wraps.json")["teams"]["Payments"], "payments");
    assert_eq!(wrap["open"][0]["handoff"], "backfill");
    // An id that names nothing (its rule switched off here) is kept; no index entry has it.
    assert_eq!(wrap["open"][1]["handoff"], "gone");
    assert!(!entries.iter().any(|e| e["id"] == "gone"));
    assert_eq!(wrap["watch"][0], serde_json::json!({"what": "Lag", "where": null}));
    // A date-time is one RFC 3339 string in the offset it was written with.
    assert_eq!(wrap["shift_end"], "2026-11-19T17:00:00+01:00");
}

/// The schema tells the three kinds of document apart: an index entry is not a record, a part
/// holds no body, and a document is one kind only.
#[test]
fn the_schema_refuses_a_document_of_mixed_kinds() {
    let site = site();
    site.build().assert_ok();
    let index = read(&site, "handoffs.json");
    let part = read(&site, "export/handoffs-1.json");
    let mut with_body = part.clone();
    with_body["handoffs"][0]["body"] = "Body text.\n".into();
    let mut records_in_index = index.clone();
    records_in_index["handoffs"] = part["handoffs"].clone();
    let mut two_lists = part.clone();
    two_lists["wraps"] = serde_json::json!([]);
    let mut numbered_index = index.clone();
    numbered_index["part"] = 1.into();
    let mut index_without_people = index.clone();
    index_without_people.as_object_mut().unwrap().remove("people");
    let mut part_with_people = part.clone();
    part_with_people["people"] = index["people"].clone();
    let mut person_repeated = part.clone();
    person_repeated["handoffs"][0]["owner"] = serde_json::json!({"handle": "ana", "name": "Ana"});
    for (what, doc) in [
        ("an index without its people", index_without_people),
        ("a part with a people table", part_with_people),
        ("a record with a person written out", person_repeated),
        ("a part with a body", with_body),
        ("records in an index", records_in_index),
        ("a part with two lists", two_lists),
        ("an index with a part number", numbered_index),
    ] {
        assert!(!validator().is_valid(&doc), "{what} passes");
    }
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
    let backfill = doc["handoffs"].as_array().unwrap().iter().find(|h| h["id"] == "backfill").unwrap();
    assert_eq!(backfill["body"], "Body text.\n", "baton export keeps the bodies the site's files leave out");
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
    let published = |file: &str| std::fs::read_to_string(site.public().join(file)).expect(file);
    let (index, part) = (published("handoffs.json"), published("export/handoffs-1.json"));
    for (what, text) in
        [("handoffs.json", &index), ("export/handoffs-1.json", &part), ("baton export", &exported.stdout)]
    {
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

/// The site's export files follow `SOURCE_DATE_EPOCH` too: a build without `--today` or
/// `BATON_TODAY` writes it as `as_of` in the index and in every part.
#[test]
fn source_date_epoch_pins_the_as_of_of_the_site_s_files() {
    let site = Site::new().handoff("a", &fm("A", "ana", "status: draft\n"), "");
    let output = crate::harness::baton()
        .args(["build", "."])
        .current_dir(site.path())
        .env_remove("BATON_TODAY")
        .env("SOURCE_DATE_EPOCH", "1764806400")
        .output()
        .expect("run baton");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for file in ["handoffs.json", "export/handoffs-1.json", "decisions.json", "export/wraps-1.json"] {
        assert_eq!(read(&site, file)["as_of"], "2025-12-04T00:00:00Z", "{file}");
    }
}

/// A handoff whose record is `megabytes` MB of JSON, in its `extra` map.
fn large_handoff(site: Site, id: &str, megabytes: f64) -> Site {
    let words = (megabytes * 1024.0 * 1024.0 / 8.0) as usize;
    let filler = "padding ".repeat(words);
    site.handoff(id, &fm(id, "ana", &format!("status: draft\nextra:\n  notes: \"{}\"\n", filler.trim_end())), "")
}

/// Parts are cut by size: a base past a part's size is split, every file stays far below the
/// 20 MB hosts accept, and a rebuild of a smaller base leaves no part of the earlier one behind.
#[test]
fn a_large_base_is_split_into_parts_and_a_rebuild_leaves_no_stale_part() {
    let site = ["a", "b", "c"].into_iter().fold(Site::new(), |site, id| large_handoff(site, id, 2.5));
    let site = site.handoff("d", &fm("D", "ana", "status: draft\n"), "");
    site.build().assert_ok();
    let parts = |site: &Site| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(site.public().join("export"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("handoffs-"))
            .collect();
        names.sort();
        names
    };
    // 2.5 MB a record and 4 MB a part: a, b together pass it, then c and d.
    assert_eq!(parts(&site), ["handoffs-1.json", "handoffs-2.json"]);
    let (entries, records) = walk(&site, "handoffs");
    assert_eq!(records.iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
    assert_eq!(entries[3]["part"], "export/handoffs-2.json");
    for (file, bytes) in site.output_files() {
        assert!(bytes.len() < 6 << 20, "{file} is {} bytes", bytes.len());
    }

    for id in ["b", "c"] {
        std::fs::remove_file(site.path().join(format!("content/{id}.md"))).unwrap();
    }
    site.build().assert_ok();
    assert_eq!(parts(&site), ["handoffs-1.json"], "the second part of the earlier build is gone");
    let (entries, _) = walk(&site, "handoffs");
    assert_eq!(entries.iter().map(|e| e["part"].as_str().unwrap()).collect::<Vec<_>>(), ["export/handoffs-1.json"; 2]);
    let index = read(&site, "handoffs.json");
    assert_eq!(index["parts"].as_array().unwrap().len(), 1);
}

/// Version 3 names instead of repeating: however many records name a person or a neighbour,
/// the person's details are written once per list's files and the neighbour's title only in its
/// own entry and record (version 2 wrote both out in every record that named them).
#[test]
fn a_person_and_a_neighbour_are_written_once_however_many_records_name_them() {
    let mut site = Site::new()
        .write(
            "people.yaml",
            "ana: {name: Ana Lindqvist, team: Ledger, tz: Europe/Stockholm, contact: ana@example.com}\nkofi: {name: Kofi}\n",
        )
        .handoff("hub", &fm("Hub of everything", "ana", ""), "");
    for n in 0..12 {
        let fields = format!(
            "reviewer: ana\nfrom: ana\ndepends_on: [hub]\ndecisions:\n  - {{id: dec-{n}, title: D{n}, by: ana}}\n"
        );
        site = site.handoff(&format!("h{n:02}"), &fm(&format!("Spoke {n}"), "kofi", &fields), "");
    }
    site.build().assert_ok();
    let (_, records) = walk(&site, "handoffs");
    assert_eq!(records.len(), 13);
    let text_of = |list: &str| -> String {
        let index = read(&site, &format!("{list}.json"));
        let parts = index["parts"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap().to_string());
        let files: Vec<String> = std::iter::once(format!("{list}.json")).chain(parts).collect();
        files.iter().map(|f| std::fs::read_to_string(site.public().join(f)).unwrap()).collect()
    };
    for list in ["handoffs", "decisions"] {
        assert_eq!(text_of(list).matches("Ana Lindqvist").count(), 1, "{list}: the person once");
        assert_eq!(text_of(list).matches("ana@example.com").count(), 1, "{list}");
    }
    // The hub's title: its index entry and its own record, not the twelve that depend on it.
    assert_eq!(text_of("handoffs").matches("Hub of everything").count(), 2);
    let hub = records.iter().find(|r| r["id"] == "hub").unwrap();
    assert_eq!(hub["needed_by"].as_array().unwrap().len(), 12);
    assert!(hub["needed_by"].as_array().unwrap().iter().all(Value::is_string), "{}", hub["needed_by"]);
    // `baton export` follows the same references: one people table for the whole document.
    let run = site.run(&["export", "."]);
    run.assert_ok();
    assert_eq!(run.stdout.matches("Ana Lindqvist").count(), 1);
    assert_eq!(run.stdout.matches("Hub of everything").count(), 1);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["people"]["ana"]["contact"], "ana@example.com");
    assert_eq!(doc["teams"]["Ledger"], "ledger");
}

/// Every handle, team, tag and id a record of the example site names is resolved by the index a
/// bot already has: people, teams and tags by the tables of the record's own list, ids by the
/// entries of the list they point into.
#[test]
fn every_name_in_the_example_site_s_records_resolves_through_an_index() {
    let public = crate::search_relevance::example_site().join("public");
    let read_at = |file: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(public.join(file)).expect(file)).expect(file)
    };
    let entries = |list: &str| -> Vec<String> {
        let index = read_at(&format!("{list}.json"));
        index[list].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
    };
    let (handoff_ids, decision_ids) = (entries("handoffs"), entries("decisions"));
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items.iter().filter_map(|i| i.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        }
    };
    let mut counts = [0; 4];
    for list in ["handoffs", "decisions", "wraps"] {
        let index = read_at(&format!("{list}.json"));
        assert_valid(&index, list);
        for part in index["parts"].as_array().unwrap() {
            let doc = read_at(part["url"].as_str().unwrap());
            for r in doc[list].as_array().unwrap() {
                let each = |field: &str, key: &str| -> Vec<String> {
                    r[field].as_array().into_iter().flatten().flat_map(|x| strings(&x[key])).collect()
                };
                let (people, teams, tags, handoffs, decisions): (Vec<String>, Vec<String>, Vec<String>, _, _) =
                    match list {
                        "handoffs" => (
                            [
                                strings(&r["owner"]),
                                strings(&r["from"]),
                                strings(&r["reviewer"]),
                                each("questions", "by"),
                                each("questions", "answered_by"),
                                each("history", "from"),
                                each("history", "to"),
                            ]
                            .concat(),
                            strings(&r["team"]),
                            strings(&r["tags"]),
                            [strings(&r["depends_on"]), strings(&r["needed_by"])].concat(),
                            strings(&r["decisions"]),
                        ),
                        "decisions" => (
                            strings(&r["by"]),
                            Vec::new(),
                            strings(&r["tags"]),
                            [strings(&r["handoff"]), strings(&r["related"])].concat(),
                            [strings(&r["supersedes"]), strings(&r["superseded_by"])].concat(),
                        ),
                        _ => (
                            [strings(&r["author"]), strings(&r["handed_to"]["person"])].concat(),
                            [strings(&r["team"]), strings(&r["handed_to"]["team"])].concat(),
                            Vec::new(),
                            each("open", "handoff"),
                            Vec::new(),
                        ),
                    };
                for handle in &people {
                    assert!(index["people"].get(handle).is_some(), "{list}: {} names {handle}", r["id"]);
                }
                for team in &teams {
                    assert!(index["teams"].get(team).is_some(), "{list}: {} names team {team}", r["id"]);
                }
                for tag in &tags {
                    assert!(index["tags"].get(tag).is_some(), "{list}: {} names tag {tag}", r["id"]);
                }
                for id in &handoffs {
                    assert!(handoff_ids.contains(id), "{list}: {} names handoff {id}", r["id"]);
                }
                for id in &decisions {
                    assert!(decision_ids.contains(id), "{list}: {} names decision {id}", r["id"]);
                }
                for (count, found) in counts.iter_mut().zip([people.len(), teams.len(), tags.len(), handoffs.len()]) {
                    *count += found;
                }
            }
        }
    }
    assert!(counts.iter().all(|&c| c > 0), "the example site names people, teams, tags and handoffs: {counts:?}");
}
