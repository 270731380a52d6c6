//! Values of the wrong shape: every mistyped field of every YAML file reported in one run, each
//! named, at its file line, with a hint showing the shape it takes.

use crate::harness::{Site, fm};
use serde_json::Value;

/// `baton check --format json`'s yaml findings as (file, line, field, hint).
fn yaml_findings(site: &Site) -> Vec<(String, u64, String, String)> {
    let run = site.run(&["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("json report");
    let text = |d: &Value, key: &str| d[key].as_str().unwrap_or_default().to_string();
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "yaml")
        .map(|d| (text(d, "file"), d["line"].as_u64().unwrap_or(0), text(d, "field"), text(d, "hint")))
        .collect()
}

#[test]
fn three_mistyped_fields_are_three_findings_in_one_run() {
    let extra = "depends_on: other\ntags: ledger\ndeliverables: one thing\n";
    let site = Site::new().handoff("a", &fm("A", "ana", extra), "");
    let found = yaml_findings(&site);
    let expected = [
        ("content/a.md", 4, "depends_on", "write `depends_on: [other]`"),
        ("content/a.md", 5, "tags", "write `tags: [ledger]`"),
        ("content/a.md", 6, "deliverables", "write `deliverables: [one thing]`"),
    ];
    let expected: Vec<(String, u64, String, String)> =
        expected.iter().map(|(f, l, k, h)| (f.to_string(), *l, k.to_string(), h.to_string())).collect();
    assert_eq!(found, expected);
    site.build().assert_code(1).assert_stderr_has("error[yaml]: `tags` must be a list, not `ledger`");
}

#[test]
fn decisions_wraps_settings_and_people_report_every_field_too() {
    let site = Site::new()
        .write("baton.yaml", "title: [T]\npage_size: lots\nrules: strict\n")
        .write("people.yaml", "ana: {name: Ana}\nkofi: [x]\nmei:\n  name: Mei\n  tz: [Asia/Tokyo]\n")
        .write("content/decisions/d.md", "---\nkind: decision\ntitle: D\ndate: [2026]\nby: {x: 1}\n---\n")
        .write("content/wraps/w.md", "---\nkind: wrap\nauthor: ana\nshift: 9-17\nopen: x\n---\n");
    let mut found: Vec<(String, String)> = yaml_findings(&site).into_iter().map(|(f, _, k, _)| (f, k)).collect();
    found.sort();
    let expected = [
        ("baton.yaml", "page_size"),
        ("baton.yaml", "rules"),
        ("baton.yaml", "title"),
        ("content/decisions/d.md", "by"),
        ("content/decisions/d.md", "date"),
        ("content/wraps/w.md", "open"),
        ("content/wraps/w.md", "shift"),
        ("people.yaml", "kofi"),
        ("people.yaml", "mei"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(f, k)| (f.to_string(), k.to_string())).collect();
    assert_eq!(found, expected);
}

/// A bad entry in people.yaml costs that person, not everyone: the others stay known.
#[test]
fn the_good_people_and_settings_still_apply() {
    let site = Site::new()
        .write("baton.yaml", "title: Kept Title\npage_size: lots\n")
        .write("people.yaml", "ana: {name: Ana}\nkofi: [x]\n")
        .handoff("a", &fm("A", "ana", ""), "");
    let run = site.run(&["check", "."]);
    run.assert_code(1).assert_stderr_has("= field: kofi");
    assert!(!run.stderr.contains("unknown-person"), "ana is still known:\n{}", run.stderr);
}

#[test]
fn unknown_fields_are_still_warned_beside_type_errors() {
    let site = Site::new().handoff("a", &fm("A", "ana", "tagz: [x]\n"), "");
    site.run(&["check", "."]).assert_stderr_has("did you mean `tags`?");
    let nested = Site::new().handoff("a", &fm("A", "ana", "links:\n  - {url: 'https://x.org', titel: X}\n"), "");
    let found = yaml_findings(&nested);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].1, found[0].2.as_str()), (5, "links"));
}
