//! Shift wraps: `baton wrap` without a terminal, the wrap rules, and wraps on the dashboard,
//! owner and team pages.

use crate::harness::{Site, fm};

const PEOPLE: &str = "ana: {name: Ana, team: Payments, tz: Europe/Berlin}\nkofi: {name: Kofi, team: Payments, tz: Europe/Berlin}\nmei: {name: Mei, team: Data, tz: Asia/Singapore}\n";

/// Ana owns work in every state; only in-progress and blocked work is still in flight.
fn site() -> Site {
    Site::new()
        .write("baton.yaml", "title: Wraps\nreadiness: {in-progress: [], blocked: [], done: []}\n")
        .write("people.yaml", PEOPLE)
        .handoff("backfill", &fm("Backfill", "ana", "status: blocked\nblocked_reason: waits on CDC\n"), "")
        .handoff("cutover", &fm("Cutover", "ana", "status: in-progress\n"), "")
        .handoff("schema", &fm("Schema", "ana", "status: done\n"), "")
        .handoff("draft-idea", &fm("Idea", "ana", ""), "")
        .handoff("dashboards", &fm("Dashboards", "mei", "status: in-progress\n"), "")
}

fn wrap(author: &str, end: &str, extra: &str) -> String {
    format!(
        "---\nkind: wrap\nauthor: {author}\nshift: {{start: {end}T09:00:00+01:00, end: {end}T17:00:00+01:00}}\n{extra}---\n"
    )
}

#[test]
fn wrap_without_a_terminal_takes_flags_and_prefills_open_work() {
    let site = site();
    let run = site.run(&[
        "wrap",
        "--author",
        "ana",
        "--summary",
        "Backfill paused; cutover rehearsal 1 done",
        "--to",
        "kofi",
        "--end",
        "2026-11-19T17:30:00+01:00",
        "--open",
        "cutover: Rehearsal 2 on Tuesday",
        "--watch",
        "Replication lag: https://grafana.example.com/d/ledger",
        "--baking",
        "ledger_v2_reads on for pilot: flip ledger_v2_reads off",
    ]);
    run.assert_ok();
    assert!(run.stdout.contains("content/wraps/2026-11-19-ana.md"), "{}", run.stdout);
    let text = std::fs::read_to_string(site.path().join("content/wraps/2026-11-19-ana.md")).unwrap();
    assert!(text.contains("kind: wrap\nauthor: ana\n"), "{text}");
    assert!(
        text.contains("  start: 2026-11-19T09:30:00+01:00\n  end: 2026-11-19T17:30:00+01:00\n  tz: Europe/Berlin\n")
    );
    assert!(text.contains("summary: Backfill paused; cutover rehearsal 1 done\n"), "{text}");
    assert!(text.contains("handed_to: kofi\n"));
    // Blocked and in-progress work is filled in, by id; done work and drafts are not.
    assert!(text.contains("open:\n  - id: backfill\n    next: \n  - id: cutover\n    next: Rehearsal 2 on Tuesday\n"));
    assert!(!text.contains("schema") && !text.contains("draft-idea"));
    assert!(text.contains("  - what: Replication lag\n    where: \"https://grafana.example.com/d/ledger\"\n"));
    assert!(text.contains("  - change: ledger_v2_reads on for pilot\n    rollback: flip ledger_v2_reads off\n"));
    // The pre-filled entry without a next step is pointed out, but it is only a warning.
    assert!(run.stderr.contains("wrap-open-without-next"), "{}", run.stderr);
    site.build().assert_ok();
}

#[test]
fn a_second_wrap_the_same_day_gets_its_own_file() {
    let site = site();
    for _ in 0..2 {
        site.run(&["wrap", "--author", "ana", "--summary", "Quiet.", "--end", "2026-11-19T17:00:00+01:00"]).assert_ok();
    }
    assert!(site.path().join("content/wraps/2026-11-19-ana.md").exists());
    assert!(site.path().join("content/wraps/2026-11-19-ana-2.md").exists());
}

#[test]
fn wrap_without_a_terminal_needs_a_summary() {
    let site = site();
    site.run(&["wrap", "--author", "ana"]).assert_code(2).assert_stderr_has("--summary is required");
    site.run(&["wrap", "--author", "anna", "--summary", "x"]).assert_code(2).assert_stderr_has("not in people.yaml");
    assert!(!site.path().join("content/wraps").exists());
}

#[test]
fn wrap_defaults_to_an_eight_hour_shift_ending_now() {
    let site = site();
    site.run(&["wrap", "--author", "mei", "--summary", "Quiet.", "--today", "2026-11-20T10:00:00Z"]).assert_ok();
    let text = std::fs::read_to_string(site.path().join("content/wraps/2026-11-20-mei.md")).unwrap();
    assert!(text.contains("start: 2026-11-20T10:00:00+08:00\n  end: 2026-11-20T18:00:00+08:00\n  tz: Asia/Singapore"));
    assert!(text.contains("  - id: dashboards\n"), "{text}");
}

#[test]
fn each_wrap_rule_points_at_its_value() {
    let cases = [
        ("wrap-summary-missing", wrap("ana", "2026-11-19", ""), "content/wraps/w.md:1:1", 1),
        (
            "wrap-unknown-id",
            wrap("ana", "2026-11-19", "summary: ok\nopen:\n  - id: cutovr\n    next: go\n"),
            "content/wraps/w.md:7:5",
            1,
        ),
        (
            "wrap-open-closed",
            wrap("ana", "2026-11-19", "summary: ok\nopen:\n  - {id: schema, next: watch it}\n"),
            "content/wraps/w.md:7:5",
            0,
        ),
        ("wrap-open-without-next", wrap("ana", "2026-11-19", "summary: ok\nopen: [cutover]\n"), "content/wraps/w.md:6:8", 0),
        (
            "wrap-baking-without-rollback",
            wrap("ana", "2026-11-19", "summary: ok\nbaking:\n  - flag on\n"),
            "content/wraps/w.md:7:5",
            0,
        ),
        (
            "wrap-shift",
            "---\nkind: wrap\nauthor: ana\nsummary: ok\nshift:\n  start: 2026-11-19T22:00:00+08:00\n  end: 2026-11-19T06:00:00+08:00\n---\n".to_string(),
            "content/wraps/w.md:7:8",
            1,
        ),
        ("wrap-unknown-recipient", wrap("ana", "2026-11-19", "summary: ok\nhanded_to: Paymnts\n"), "content/wraps/w.md:6:12", 1),
        ("unknown-person", wrap("anna", "2026-11-19", "summary: ok\n"), "content/wraps/w.md:3:9", 1),
    ];
    for (rule, text, at, code) in cases {
        let site = site().write("content/wraps/w.md", &text);
        let run = site.run(&["check", ".", "--format", "github"]);
        run.assert_code(code);
        assert!(run.stdout.contains(rule), "{rule}: {}", run.stdout);
        let (file, rest) = at.split_once(':').unwrap();
        let (line, col) = rest.split_once(':').unwrap();
        let place = format!("file={file},line={line},col={col}");
        assert!(run.stdout.contains(&place), "{rule} not at {at}: {}", run.stdout);
    }
}

#[test]
fn a_wrap_without_author_or_shift_is_a_format_error() {
    let missing = site().write("content/wraps/w.md", "---\nkind: wrap\nsummary: ok\n---\n");
    let run = missing.run(&["check", "."]);
    run.assert_code(1).assert_stderr_has("`author` is required").assert_stderr_has("`shift` is required");
    let no_offset = site().write(
        "content/wraps/w.md",
        "---\nkind: wrap\nauthor: ana\nsummary: ok\nshift: {start: 2026-11-19T09:00, end: 2026-11-19T17:00}\n---\n",
    );
    no_offset.run(&["check", "."]).assert_code(1).assert_stderr_has("has no offset");
}

#[test]
fn wraps_show_on_the_dashboard_owner_and_team_pages() {
    let site = site()
        .write(
            "content/wraps/2026-11-18-ana.md",
            &wrap("ana", "2026-11-18", "summary: Older Payments wrap\nhanded_to: kofi\n"),
        )
        .write(
            "content/wraps/2026-11-19-kofi.md",
            &wrap(
                "kofi",
                "2026-11-19",
                "summary: Newest Payments wrap\nhanded_to: Data\nopen:\n  - id: cutover\n    next: Rehearse again\nwatch:\n  - what: Lag\n    where: https://grafana.example.com/d/lag\nbaking:\n  - change: Reads on\n    rollback: Flip reads off\n",
            ),
        )
        .write(
            "content/wraps/2026-11-17-mei.md",
            &wrap("mei", "2026-11-17", "summary: Data wrap\nhanded_to: ana\n"),
        );
    site.build().assert_ok();
    let dashboard = site.page("");
    // The latest wrap per team, newest first: Payments' newest, then Data's; Ana's older one waits.
    let (payments, data) = (dashboard.find("Newest Payments wrap").unwrap(), dashboard.find("Data wrap").unwrap());
    assert!(payments < data);
    assert!(!dashboard.contains("Older Payments wrap"));
    assert!(dashboard.contains("href=\"wraps/\""));
    // Ana's page: the wrap she wrote and the one handed to her.
    let ana = site.page("owners/ana/");
    assert!(ana.contains("Older Payments wrap") && ana.contains("Data wrap") && !ana.contains("Newest Payments"));
    // Kofi wrote one and was handed one.
    let kofi = site.page("owners/kofi/");
    assert!(kofi.contains("Newest Payments wrap") && kofi.contains("Older Payments wrap"));
    // The Data team page shows its own wrap and the one handed to the team.
    let data_team = site.page("teams/data/");
    assert!(data_team.contains("Data wrap") && data_team.contains("Newest Payments wrap"));
    let page = site.page("wraps/2026-11-19-kofi/");
    assert!(page.contains("href=\"../../handoffs/cutover/\"") && page.contains("Rehearse again"));
    assert!(page.contains("href=\"https://grafana.example.com/d/lag\"") && page.contains("Flip reads off"));
    assert!(page.contains("href=\"../../teams/data/\""));
    let list = site.page("wraps/");
    let order: Vec<usize> =
        ["Newest Payments wrap", "Older Payments wrap", "Data wrap"].iter().map(|t| list.find(t).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "wraps are listed newest first");
}

#[test]
fn wrap_at_a_terminal_opens_the_editor_on_the_prefilled_file() {
    // `script` (util-linux) gives baton a terminal; without it there is nothing to test here.
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to provide a terminal");
        return;
    }
    let site = site();
    let editor = site.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nsed -i 's/^summary:.*/summary: Written in the editor/' \"$1\"\n").unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&editor).status().unwrap();
    let command = format!("{} wrap --author ana --end 2026-11-19T17:00:00+01:00", env!("CARGO_BIN_EXE_baton"));
    let status = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(site.path())
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stdout));
    let text = std::fs::read_to_string(site.path().join("content/wraps/2026-11-19-ana.md")).unwrap();
    assert!(text.contains("summary: Written in the editor\n"), "{text}");
    // The hints a person filling it in sees are YAML comments, and the pre-filled work is there.
    assert!(text.contains("open:   # still in flight") && text.contains("  - id: cutover\n"), "{text}");
}
