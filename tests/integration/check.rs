//! `baton check`: one fixture per rule (rule id, file, line, exit code), output formats,
//! configuration, and a base with many problems reported in one run.

use crate::harness::{Site, fm};

/// A handoff that passes every readiness rule, plus `extra` lines.
fn ready(title: &str, owner: &str, extra: &str) -> String {
    fm(
        title,
        owner,
        &format!(
            "intent: Why it exists.\ndeliverables: [a thing]\nacceptance: [it works]\nreviewer: kofi\nhanded_off: 2026-11-20\n{extra}"
        ),
    )
}

struct Case {
    rule: &'static str,
    site: Site,
    at: &'static str,
    code: i32,
}

fn cases() -> Vec<Case> {
    let people = "ana: {name: Ana}\nkofi: {name: Kofi}\n";
    vec![
        Case {
            rule: "readiness",
            site: Site::new().handoff("a", &fm("A", "ana", "status: ready\n"), ""),
            at: "content/a.md:4:9",
            code: 1,
        },
        Case {
            rule: "acceptance-open",
            site: Site::new().handoff(
                "a",
                &ready("A", "ana", "status: done\n").replace("[it works]", "[{text: it works, done: false}]"),
                "",
            ),
            at: "content/a.md:9:9",
            code: 1,
        },
        Case {
            rule: "blocked-without-cause",
            site: Site::new().handoff("a", &ready("A", "ana", "status: blocked\n"), ""),
            at: "content/a.md:9:9",
            code: 1,
        },
        Case {
            rule: "self-review",
            site: Site::new().handoff("a", &ready("A", "kofi", "status: ready\n"), ""),
            at: "content/a.md:7:11",
            code: 1,
        },
        Case {
            rule: "unknown-person",
            site: Site::new().write("people.yaml", people).handoff("a", &fm("A", "anna", ""), ""),
            at: "content/a.md:3:8",
            code: 1,
        },
        Case {
            rule: "self-dependency",
            site: Site::new().handoff("a", &fm("A", "ana", "depends_on: [a]\n"), ""),
            at: "content/a.md:4:14",
            code: 1,
        },
        Case {
            rule: "dependency-cycle",
            site: Site::new()
                .handoff("a", &fm("A", "ana", "depends_on: [b]\n"), "")
                .handoff("b", &fm("B", "ana", "depends_on: [c]\n"), "")
                .handoff("c", &fm("C", "ana", "depends_on: [a]\n"), ""),
            at: "content/a.md:4:14",
            code: 1,
        },
        Case {
            rule: "depends-on-cancelled",
            site: Site::new().handoff("a", &fm("A", "ana", "depends_on: [b]\n"), "").handoff(
                "b",
                &fm("B", "ana", "status: cancelled\n"),
                "",
            ),
            at: "content/a.md:4:14",
            code: 1,
        },
        Case {
            rule: "superseded-without-successor",
            site: Site::new().write("content/d.md", "---\nkind: decision\ntitle: D\nstatus: superseded\n---\n"),
            at: "content/d.md:1:1",
            code: 1,
        },
        Case {
            rule: "supersession-loop",
            site: Site::new()
                .write("content/d1.md", "---\nkind: decision\ntitle: D1\nsupersedes: d2\n---\n")
                .write("content/d2.md", "---\nkind: decision\ntitle: D2\nsupersedes: [d1]\n---\n"),
            at: "content/d1.md:4:13",
            code: 1,
        },
        Case {
            rule: "accepted-without-rationale",
            site: Site::new()
                .write("content/d.md", "---\nkind: decision\ntitle: D\nstatus: accepted\n---\n## Decision\nX\n"),
            at: "content/d.md:1:1",
            code: 1,
        },
        Case {
            rule: "supersedes-later",
            site: Site::new()
                .write("content/old.md", "---\nkind: decision\ntitle: Old\ndate: 2026-05-01\n---\n")
                .write("content/new.md", "---\nkind: decision\ntitle: New\ndate: 2026-04-01\nsupersedes: [old]\n---\n"),
            at: "content/new.md:5:14",
            code: 1,
        },
        Case {
            rule: "broken-anchor",
            site: Site::new().handoff("a", &fm("A", "ana", ""), "## Plan\n\n[x](b.md#rollbak)\n").handoff(
                "b",
                &fm("B", "ana", ""),
                "## Rollback\n",
            ),
            at: "content/a.md:7:1",
            code: 1,
        },
        Case {
            rule: "missing-static",
            site: Site::new().handoff("a", &fm("A", "ana", ""), "![flow](/img/flow.svg)\n"),
            at: "content/a.md:5:1",
            code: 1,
        },
        Case {
            rule: "review-overdue",
            site: Site::new().handoff(
                "a",
                &ready("A", "ana", "status: ready\n").replace("2026-11-20", "2026-11-17"),
                "",
            ),
            at: "content/a.md:8:13",
            code: 0,
        },
        Case {
            rule: "question-unanswered",
            site: Site::new().handoff(
                "a",
                &fm("A", "ana", "questions:\n  - q: Which region?\n    date: 2026-11-10\n"),
                "",
            ),
            at: "content/a.md:5:5",
            code: 0,
        },
        Case {
            rule: "stale",
            site: Site::new().handoff("a", &ready("A", "ana", "status: in-progress\nupdated: 2026-11-01\n"), ""),
            at: "content/a.md:10:10",
            code: 0,
        },
        Case {
            rule: "overdue",
            site: Site::new().handoff("a", &fm("A", "ana", "due: 2026-11-19\n"), ""),
            at: "content/a.md:4:6",
            code: 0,
        },
    ]
}

#[test]
fn each_rule_reports_its_id_file_line_and_exit_code() {
    for case in cases() {
        let run = case.site.run(&["check", "."]);
        let header = format!("[{}]:", case.rule);
        assert!(run.stderr.contains(&header), "{}: no finding:\n{}", case.rule, run.stderr);
        assert!(
            run.stderr.contains(&format!("--> {}\n", case.at)),
            "{}: wrong place (want {}):\n{}",
            case.rule,
            case.at,
            run.stderr
        );
        assert_eq!(run.code, case.code, "{}: exit code\n{}", case.rule, run.stderr);
        let others: Vec<&str> = run.stderr.lines().filter(|l| l.contains("]: ") && !l.contains(&header)).collect();
        assert!(others.is_empty(), "{}: the fixture should trip only its own rule: {others:?}", case.rule);
    }
}

#[test]
fn json_output_matches_the_documented_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/check-schema.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for case in cases() {
        let run = case.site.run(&["check", ".", "--format", "json"]);
        let report: serde_json::Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{}: {e}\n{}", case.rule, run.stdout));
        let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", case.rule);
        assert_eq!(report["diagnostics"][0]["rule"], case.rule);
    }
}

#[test]
fn github_format_prints_workflow_annotations() {
    let site = Site::new().handoff("a", &fm("A", "ana", "due: 2026-11-01\nstatus: ready\n"), "");
    let run = site.run(&["check", ".", "--format", "github"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("::error file=content/a.md,line=5,col=9,title=readiness::`ready` handoffs need `intent`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("::warning file=content/a.md,line=4,col=6,title=overdue::past due by"),
        "{}",
        run.stdout
    );
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let site = Site::new().handoff("a", &fm("A", "ana", "due: 2026-11-01\n"), "");
    site.run(&["check", "."]).assert_code(0).assert_stderr_has("check passed: 0 error(s), 1 warning(s)");
    site.run(&["check", ".", "--deny", "warnings"]).assert_code(1).assert_stderr_has("check failed");
}

#[test]
fn today_is_pinned_by_flag_or_environment() {
    let site = Site::new().handoff("a", &fm("A", "ana", "due: 2026-11-25\n"), "");
    site.run(&["check", "."]).assert_code(0);
    let run = site.run(&["check", ".", "--today", "2026-12-01"]);
    assert!(run.stderr.contains("warning[overdue]: past due by 5d"), "{}", run.stderr);
    site.run(&["check", ".", "--today", "tomorrow"]).assert_code(2).assert_stderr_has("--today");
}

#[test]
fn rules_are_configured_in_baton_yaml() {
    let base =
        |config: &str| Site::new().write("baton.yaml", config).handoff("a", &fm("A", "ana", "due: 2026-11-01\n"), "");
    base("rules:\n  overdue: error\n").run(&["check", "."]).assert_code(1).assert_stderr_has("error[overdue]");
    let off = base("rules:\n  overdue: off\n").run(&["check", "."]);
    off.assert_code(0);
    assert!(!off.stderr.contains("overdue"), "{}", off.stderr);
    base("rules:\n  ovredue: off\n").run(&["check", "."]).assert_code(1).assert_stderr_has("did you mean `overdue`?");
    base("rules:\n  yaml: off\n").run(&["check", "."]).assert_code(1).assert_stderr_has("cannot be configured");
}

#[test]
fn readiness_is_configurable_per_status() {
    let site = Site::new().write("baton.yaml", "readiness:\n  ready: [reviewer]\n").handoff(
        "a",
        &fm("A", "ana", "status: ready\nreviewer: kofi\n"),
        "",
    );
    site.run(&["check", "."]).assert_code(0);
}

#[test]
fn build_refuses_errors_but_builds_past_warnings() {
    let warned = Site::new().handoff("a", &fm("A", "ana", "due: 2026-11-01\n"), "");
    warned.build().assert_ok().assert_stderr_has("warning[overdue]");
    assert!(warned.page("handoffs/a/").contains("past due"), "the badge shows on the page");
    assert!(warned.page("attention/").contains("past due by"));
    let failed = Site::new().handoff("a", &fm("A", "ana", "status: ready\n"), "");
    failed.build().assert_code(1).assert_stderr_has("error[readiness]");
    assert!(!failed.public().exists());
}

#[test]
fn a_base_with_twenty_problems_reports_all_twenty() {
    let site = Site::new()
        .write("people.yaml", "ana: {name: Ana}\nkofi: {name: Kofi}\n")
        .handoff("r1", &fm("R1", "ana", "status: ready\n"), "") // readiness ×5 (intent, deliverables, acceptance, reviewer, handed_off)
        .handoff(
            "r2",
            &fm(
                "R2",
                "ana",
                "status: ready\nintent: x\ndeliverables: [x]\nacceptance: [x]\nreviewer: ana\nhanded_off: 2026-11-01\n",
            ),
            "",
        ) // self-review, review-overdue
        .handoff("r3", &fm("R3", "bob", "depends_on: [r3]\ndue: 2026-11-02\n"), "") // unknown-person, self-dependency, overdue
        .handoff("c1", &fm("C1", "ana", "depends_on: [c2]\n"), "")
        .handoff("c2", &fm("C2", "ana", "depends_on: [c1]\n"), "") // dependency-cycle
        .handoff("x", &fm("X", "ana", "status: cancelled\n"), "")
        .handoff(
            "y",
            &fm("Y", "ana", "depends_on: [x]\nquestions:\n  - {q: When?, date: 2026-11-01}\n"),
            "[a](#nope) ![i](/none.png) [[nope]]\n",
        ) // depends-on-cancelled, question-unanswered, broken-anchor, missing-static, broken-link
        .write("content/d1.md", "---\nkind: decision\ntitle: D1\nstatus: superseded\n---\n") // superseded-without-successor
        .write(
            "content/d2.md",
            "---\nkind: decision\ntitle: D2\nstatus: accepted\ndate: 2026-01-01\nsupersedes: d3\n---\n",
        ) // accepted-without-rationale, supersedes-later
        .write("content/d3.md", "---\nkind: decision\ntitle: D3\ndate: 2026-02-01\nbobby: 1\n---\n"); // unknown-field
    let run = site.run(&["check", ".", "--format", "json"]);
    run.assert_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules.len(), 20, "{rules:?}");
    for rule in [
        "readiness",
        "self-review",
        "review-overdue",
        "unknown-person",
        "self-dependency",
        "overdue",
        "dependency-cycle",
        "depends-on-cancelled",
        "question-unanswered",
        "broken-anchor",
        "missing-static",
        "superseded-without-successor",
        "accepted-without-rationale",
        "supersedes-later",
        "unknown-field",
        "broken-link",
    ] {
        assert!(rules.contains(&rule), "missing {rule}: {rules:?}");
    }
}

#[test]
fn example_site_has_no_errors_and_only_the_deliberate_warnings() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/example-site");
    let output =
        crate::harness::baton().args(["check", example, "--today", "2026-11-20", "--format", "json"]).output().unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut rules: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    rules.sort();
    // The two tracker rules fire on the states of example-site/trackers.fixture.json.
    assert_eq!(rules, ["linked-item-open", "linked-items-closed", "question-unanswered", "review-overdue", "stale"]);
}
