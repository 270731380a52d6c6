//! `baton search` on small sites: results, filters, query errors, and the cached index staying
//! correct through edits, deletions and damage.

use crate::harness::{Site, fm};

fn base() -> Site {
    Site::new()
        .write("people.yaml", "kofi:\n  name: Kofi Mensah\n  team: Payments\nana:\n  name: Ana Souza\n  team: Data Platform\n")
        .handoff(
            "ledger",
            &fm("Ledger cutover", "kofi", "status: blocked\ntags: [Ledger v2]\nupdated: 2026-11-19\n"),
            "## Plan\n\nSwitch reads to the new ledger after the backfill.\n",
        )
        .handoff(
            "cdc",
            &fm("CDC connector", "ana", "status: in-progress\nupdated: 2026-10-01\ndecisions:\n  - id: use-debezium\n    title: Use Debezium for capture\n    status: accepted\n    by: ana\n    rationale: Log-based capture misses nothing.\n"),
            "Stream ledger changes into Kafka.\n",
        )
        .write(
            "content/decisions/adr-postgres.md",
            "---\nkind: decision\ntitle: The ledger runs on PostgreSQL\nstatus: accepted\ndate: 2026-04-14\nby: [kofi]\ntags: [postgres]\n---\n## Rationale\n\nPostgres gives multi-row atomicity.\n",
        )
}

fn ids(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).expect("json output");
    value["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn finds_a_decision_by_a_question() {
    let site = base();
    let run = site.run(&["search", "why", "postgres"]);
    run.assert_ok();
    assert!(run.stdout.starts_with("The ledger runs on PostgreSQL"), "{}", run.stdout);
    assert!(
        run.stdout.contains("content/decisions/adr-postgres.md:11"),
        "path:line of the body match:\n{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'), "no colour when piped");
}

#[test]
fn json_output_has_every_field() {
    let run = base().run(&["search", "ledger", "--json"]);
    run.assert_ok();
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let first = &value["results"][0];
    for key in ["id", "kind", "title", "status", "people", "date", "url", "file", "line", "score", "snippet"] {
        assert!(!first[key].is_null(), "missing {key}: {first}");
    }
    assert_eq!(first["id"], "ledger", "title match ranks first");
}

#[test]
fn filters_by_owner_status_team_tag_kind_and_date() {
    let site = base();
    let search = |args: &[&str]| {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        ids(&site.run(&all).stdout)
    };
    assert_eq!(search(&["ledger", "--owner", "ana"]), ["cdc"]);
    assert_eq!(search(&["ledger", "status:blocked"]), ["ledger"]);
    assert_eq!(search(&["--team", "data platform"]), ["cdc", "use-debezium"]);
    assert_eq!(search(&["tag:ledger-v2"]), ["ledger"]);
    assert_eq!(search(&["--kind", "decision", "--owner", "kofi"]), ["adr-postgres"]);
    assert_eq!(search(&["--since", "2026-10-02", "ledger"]), ["ledger"]);
}

#[test]
fn query_language_excludes_ors_and_prefixes() {
    let site = base();
    let search = |q: &str| ids(&site.run(&["search", "--json", q]).stdout);
    assert!(!search("ledger -kafka").contains(&"cdc".to_string()));
    assert_eq!(search("debezium OR postgresql"), ["use-debezium", "adr-postgres"]);
    assert!(search("backf*").contains(&"ledger".to_string()));
    assert_eq!(search("\"switch reads\""), ["ledger"]);
}

#[test]
fn a_bad_query_is_a_message_and_exit_2() {
    let site = base();
    site.run(&["search", "\"unclosed"]).assert_code(2).assert_stderr_has("closing");
    site.run(&["search", "statsu:blocked"]).assert_code(2).assert_stderr_has("did you mean `status:`");
    site.run(&["search", "--since", "yesterday", "x"]).assert_code(2).assert_stderr_has("expected a date");
    site.run(&["search", "nothingmatchesthis"]).assert_code(1).assert_stderr_has("no results");
}

#[test]
fn edits_and_deletions_reach_the_index() {
    let site = base();
    site.run(&["search", "ledger"]).assert_ok();
    let site = site.handoff("cdc", &fm("CDC connector", "ana", ""), "Now about zeppelins.\n");
    assert_eq!(ids(&site.run(&["search", "--json", "zeppelins"]).stdout), ["cdc"]);
    assert!(ids(&site.run(&["search", "--json", "debezium"]).stdout).is_empty(), "the inline decision went away");
    std::fs::remove_file(site.path().join("content/cdc.md")).expect("rm");
    site.run(&["search", "zeppelins"]).assert_code(1);
}

#[test]
fn a_damaged_index_is_rebuilt_not_fatal() {
    let site = base();
    site.run(&["search", "ledger"]).assert_ok();
    let dir = site.path().join(".baton/search");
    for entry in std::fs::read_dir(&dir).expect("index dir") {
        let path = entry.expect("entry").path();
        std::fs::write(&path, b"garbage").expect("damage");
    }
    let run = site.run(&["search", "ledger"]);
    run.assert_ok().assert_stderr_has("rebuilt");
    std::fs::remove_dir_all(&dir).expect("rm");
    site.run(&["search", "ledger"]).assert_ok();
}

#[test]
fn an_old_schema_version_is_rebuilt() {
    let site = base();
    site.run(&["search", "ledger"]).assert_ok();
    let manifest = site.path().join(".baton/search/manifest.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, text.replacen("\"schema_version\":1", "\"schema_version\":0", 1)).expect("write");
    site.run(&["search", "ledger"]).assert_ok();
    assert!(std::fs::read_to_string(&manifest).expect("manifest").contains("\"schema_version\":1"));
}
