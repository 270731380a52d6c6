//! Incremental rebuilds must serve exactly what a full build of the same files would.

use super::*;
use crate::serve::classify::{EventKind, FileEvent, classify};
use std::path::Path;

/// The example site's "now", so its open problems are the same on every run.
fn today() -> Option<jiff::Timestamp> {
    crate::check::parse_today("2026-11-20").ok()
}

/// No page open in a browser.
static NONE: BTreeSet<String> = BTreeSet::new();

/// The site as a browser would see it: applied updates.
#[derive(Default)]
struct Served(BTreeMap<String, Vec<u8>>);

impl Served {
    /// Applies an outcome, then every deferred round, as the rebuild loop does when idle.
    fn settle(&mut self, live: &mut LiveSite, outcome: Outcome) -> Vec<Update> {
        let mut updates = vec![self.apply(outcome)];
        while live.has_deferred() {
            updates.push(self.apply(live.render_deferred()));
        }
        assert!(updates.last().is_some_and(|u| u.complete));
        updates
    }

    fn apply(&mut self, outcome: Outcome) -> Update {
        let Outcome::Published(update) = outcome else { panic!("expected a publish, got {outcome:?}") };
        for (path, bytes) in &update.files {
            self.0.insert(path.clone(), bytes.clone());
        }
        for path in &update.removed {
            self.0.remove(path);
        }
        update
    }
}

fn copy_example_site() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// A copy of example-site with `settings` appended to its baton.yaml, opened and served.
fn serve_example_with(settings: &str) -> (tempfile::TempDir, LiveSite, Served) {
    let dir = copy_example_site();
    let config = std::fs::read_to_string(dir.path().join("baton.yaml")).unwrap();
    std::fs::write(dir.path().join("baton.yaml"), config + settings).unwrap();
    let (live, outcome) = LiveSite::open(dir.path(), today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    (dir, live, served)
}

/// Makes one step's change, lets serve take it in, and holds what it serves to a full build.
#[track_caller]
fn serve_step(site: &Path, live: &mut LiveSite, served: &mut Served, step: &str, change: &Step) {
    let outcome = live.apply(&classify(change(site)), &NONE);
    served.settle(live, outcome);
    assert_same_as_full_build(site, served, step);
}

fn full_build(site: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut served = Served::default();
    served.apply(LiveSite::open(site, today()).unwrap().1);
    served.0
}

/// Writes `text` into each of `paths` (new files), as an editor saving them would.
fn create_all<'p>(site: &Path, paths: impl IntoIterator<Item = &'p str>, text: &str) -> Vec<FileEvent> {
    paths
        .into_iter()
        .map(|path| {
            std::fs::write(site.join(path), text).unwrap();
            FileEvent::new(path, EventKind::Created)
        })
        .collect()
}

/// Deletes each of `paths`.
fn remove_all<'p>(site: &Path, paths: impl IntoIterator<Item = &'p str>) -> Vec<FileEvent> {
    paths
        .into_iter()
        .map(|path| {
            std::fs::remove_file(site.join(path)).unwrap();
            FileEvent::new(path, EventKind::Removed)
        })
        .collect()
}

fn edit(site: &Path, path: &str, from: &str, to: &str) -> FileEvent {
    let full = site.join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    assert!(text.contains(from), "{path} lacks {from:?}");
    std::fs::write(&full, text.replacen(from, to, 1)).unwrap();
    FileEvent::new(path, EventKind::Modified)
}

#[track_caller]
fn assert_same_as_full_build(site: &Path, served: &Served, step: &str) {
    let full = full_build(site);
    let differing: Vec<&String> = full
        .keys()
        .chain(served.0.keys())
        // The static search index is refreshed on full rebuilds only (see serve/rendering.rs);
        // `/api/search` serves fresh results between them.
        .filter(|k| !k.starts_with("search/") || k.as_str() == "search/index.html")
        .filter(|k| full.get(*k) != served.0.get(*k))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(differing.is_empty(), "after {step}: stale or missing pages {differing:?}");
}

/// One edit made on disk, returning the events a watcher would have seen.
type Step = Box<dyn Fn(&Path) -> Vec<FileEvent>>;

const DUAL_WRITE: &str = "content/payments/ledger-v2/ledger-v2-dual-write.md";
const OLU_WRAP: &str = "content/wraps/2026-11-19-olu.md";

#[test]
fn every_kind_of_edit_serves_what_a_full_build_would() {
    let dir = copy_example_site();
    let site = dir.path();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    let first = served.apply(outcome);
    assert!(first.full && first.rendered >= 100, "{}", first.rendered);

    let steps: Vec<(&str, Step)> = vec![
        ("a body edit", Box::new(|s| vec![edit(s, DUAL_WRITE, "Every ledger write", "Every single ledger write")])),
        (
            "a status change",
            Box::new(|s| {
                vec![edit(
                    s,
                    DUAL_WRITE,
                    "status: in-progress",
                    "status: blocked\nblocked_reason: Waiting on the PSP sandbox.",
                )]
            }),
        ),
        (
            "a new dependency",
            Box::new(|s| {
                vec![edit(s, DUAL_WRITE, "  - cdc-schema-registry\n", "  - cdc-schema-registry\n  - pager-rotation\n")]
            }),
        ),
        ("an owner change", Box::new(|s| vec![edit(s, DUAL_WRITE, "owner: priya", "owner: kofi")])),
        ("a title others link to", Box::new(|s| vec![edit(s, DUAL_WRITE, "title: Dual-write", "title: Double-write")])),
        ("a new tag", Box::new(|s| vec![edit(s, DUAL_WRITE, "  - payments\n", "  - payments\n  - Hot path\n")])),
        (
            "a decision's status",
            Box::new(|s| {
                vec![edit(s, "content/decisions/adr-cdc-debezium.md", "status: accepted", "status: deprecated")]
            }),
        ),
        (
            "a new file",
            Box::new(|s| {
                std::fs::write(s.join("content/sre/new-thing.md"), "---\ntitle: New thing\nowner: ana\nstatus: draft\nreviewer: kofi\ndepends_on: [ledger-v2-dual-write]\ntags: [Hot path, brand new]\n---\nSee [[ledger-v2-dual-write]].\n").unwrap();
                vec![FileEvent::new("content/sre/new-thing.md", EventKind::Created)]
            }),
        ),
        (
            "a deleted file",
            Box::new(|s| {
                std::fs::remove_file(s.join("content/sre/new-thing.md")).unwrap();
                vec![FileEvent::new("content/sre/new-thing.md", EventKind::Removed)]
            }),
        ),
        (
            "a renamed file",
            Box::new(|s| {
                std::fs::create_dir_all(s.join("content/payments/archive")).unwrap();
                std::fs::rename(
                    s.join("content/payments/fx-rate-cache.md"),
                    s.join("content/payments/archive/fx-rate-cache.md"),
                )
                .unwrap();
                vec![
                    FileEvent::new("content/payments/fx-rate-cache.md", EventKind::Removed),
                    FileEvent::new("content/payments/archive/fx-rate-cache.md", EventKind::Created),
                ]
            }),
        ),
        (
            "a moved folder",
            Box::new(|s| {
                std::fs::rename(s.join("content/mobile/android"), s.join("content/mobile/droid")).unwrap();
                vec![
                    FileEvent::new("content/mobile/android", EventKind::Removed),
                    FileEvent::new("content/mobile/droid", EventKind::Created),
                ]
            }),
        ),
        (
            "a wrap's summary",
            Box::new(|s| vec![edit(s, OLU_WRAP, "summary: INC-2041 follow-ups", "summary: Incident follow-ups")]),
        ),
        ("a wrap handed to a person", Box::new(|s| vec![edit(s, OLU_WRAP, "handed_to: SRE", "handed_to: kofi")])),
        (
            "a handoff a wrap lists as open",
            Box::new(|s| {
                let path = "content/sre/incidents/incident-2041-followup.md";
                vec![edit(s, path, "title: \"INC-2041", "title: \"Renamed INC-2041")]
            }),
        ),
        (
            "a new wrap",
            Box::new(|s| {
                std::fs::write(s.join("content/wraps/2026-11-20-ana.md"), "---\nkind: wrap\nauthor: ana\nshift:\n  start: 2026-11-20T09:00:00Z\n  end: 2026-11-20T17:00:00Z\nsummary: Quiet shift.\nhanded_to: Payments\nopen:\n  - id: ledger-v2-dual-write\n    next: Review the backfill.\n---\n").unwrap();
                vec![FileEvent::new("content/wraps/2026-11-20-ana.md", EventKind::Created)]
            }),
        ),
        (
            "a deleted wrap",
            Box::new(|s| {
                std::fs::remove_file(s.join(OLU_WRAP)).unwrap();
                vec![FileEvent::new(OLU_WRAP, EventKind::Removed)]
            }),
        ),
        (
            "a static file",
            Box::new(|s| {
                std::fs::write(s.join("static/img/new.svg"), "<svg/>").unwrap();
                vec![FileEvent::new("static/img/new.svg", EventKind::Created)]
            }),
        ),
        ("people.yaml", Box::new(|s| vec![edit(s, "people.yaml", "name: ", "name: Dr ")])),
        ("baton.yaml", Box::new(|s| vec![edit(s, "baton.yaml", "title: ", "title: The ")])),
        (
            "a template override",
            Box::new(|s| {
                std::fs::create_dir_all(s.join("themes/default/templates")).unwrap();
                std::fs::write(
                    s.join("themes/default/templates/404.html"),
                    "{% extends \"base.html\" %}{% block content %}Gone.{% endblock content %}",
                )
                .unwrap();
                vec![FileEvent::new("themes/default/templates/404.html", EventKind::Created)]
            }),
        ),
    ];
    for (step, change) in steps {
        let events = change(site);
        let outcome = live.apply(&classify(events), &NONE);
        served.settle(&mut live, outcome);
        assert_same_as_full_build(site, &served, step);
        assert_check_same_as_whole_check(&live, step);
    }
}

/// The findings and open problems `serve` keeps after re-checking part of the base must be
/// those of a whole check of the same base.
#[track_caller]
fn assert_check_same_as_whole_check(live: &LiveSite, step: &str) {
    let good = live.good.as_ref().expect("a good state");
    let input = live.check_input(good);
    let mut whole = Diagnostics::default();
    let mut attention = crate::check::check(&input, &mut whole);
    crate::check::apply_levels(&live.settings.config, &mut whole, &mut attention);
    let mut incremental = Diagnostics::default();
    good.findings.diagnostics().cloned().for_each(|d| incremental.push(d));
    let (incremental, whole) = (incremental.sorted(), whole.sorted());
    let missing: Vec<String> = whole.iter().filter(|d| !incremental.contains(d)).map(describe).collect();
    let extra: Vec<String> = incremental.iter().filter(|d| !whole.contains(d)).map(describe).collect();
    assert!(missing.is_empty() && extra.is_empty(), "after {step}: missing {missing:#?}, stale {extra:#?}");
    assert_eq!(incremental, whole, "after {step}");
    assert_eq!(good.base.attention.by_handoff, attention.by_handoff, "after {step}: open problems differ");
}

fn describe(d: &Diagnostic) -> String {
    format!("{} {}: {}", d.span, d.rule, d.message)
}

/// Sets a top-level frontmatter field of a content file, adding it after `title:` when absent.
fn set_field(site: &Path, path: &str, field: &str, value: &str) -> FileEvent {
    let full = site.join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    let prefix = format!("{field}:");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(at) => lines[at] = format!("{field}: {value}"),
        None => {
            let at = lines.iter().position(|l| l.starts_with("title:")).unwrap() + 1;
            lines.insert(at, format!("{field}: {value}"));
        }
    }
    std::fs::write(&full, lines.join("\n") + "\n").unwrap();
    FileEvent::new(path, EventKind::Modified)
}

const SCHEMA_REGISTRY: &str = "content/data-platform/cdc/cdc-schema-registry.md";
const WAITING: &str = "content/sre/waiting.md";

/// Rules whose findings read other entities, turned into warnings so they stay in a published
/// base and can be compared after each step.
const RELAXED_RULES: &str = "rules:\n  depends-on-cancelled: warning\n  dependency-cycle: warning\n  \
    broken-anchor: warning\n  supersedes-later: warning\n  acceptance-open: warning\n  \
    blocked-without-cause: warning\n  unknown-person: warning\n  readiness: warning\n";

#[test]
fn edits_whose_findings_land_on_other_files_recheck_like_a_whole_check() {
    let dir = copy_example_site();
    let site = dir.path();
    let config = std::fs::read_to_string(site.join("baton.yaml")).unwrap();
    std::fs::write(site.join("baton.yaml"), config + RELAXED_RULES).unwrap();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    let steps: Vec<(&str, Step)> = vec![
        (
            "blocked work waiting on open work",
            Box::new(|s| {
                std::fs::write(s.join(WAITING), "---\ntitle: Waiting\nowner: ana\nstatus: blocked\nreviewer: kofi\ndepends_on: [pager-rotation]\n---\nWaits.\n").unwrap();
                vec![FileEvent::new(WAITING, EventKind::Created)]
            }),
        ),
        (
            "a dependency and a wrap's open item done",
            Box::new(|s| vec![set_field(s, "content/sre/pager-rotation.md", "status", "done")]),
        ),
        ("a dependency cancelled", Box::new(|s| vec![set_field(s, SCHEMA_REGISTRY, "status", "cancelled")])),
        (
            "a dependency cycle",
            Box::new(|s| vec![set_field(s, SCHEMA_REGISTRY, "depends_on", "[ledger-v2-dual-write]")]),
        ),
        ("the cycle broken", Box::new(|s| vec![set_field(s, SCHEMA_REGISTRY, "depends_on", "[]")])),
        (
            "a heading others link to",
            Box::new(|s| vec![edit(s, "content/payments/ledger-v2/ledger-v2-schema.md", "## Invariants", "## Rules")]),
        ),
        (
            "a decision dated before the one it supersedes",
            Box::new(|s| vec![set_field(s, "content/decisions/adr-cdc-debezium.md", "date", "2020-01-01")]),
        ),
        ("an unknown owner", Box::new(|s| vec![set_field(s, DUAL_WRITE, "owner", "nobody")])),
        ("stale work", Box::new(|s| vec![set_field(s, DUAL_WRITE, "updated", "2026-01-01")])),
        ("a past due date", Box::new(|s| vec![set_field(s, DUAL_WRITE, "due", "2026-02-01")])),
        (
            "a deleted file",
            Box::new(|s| {
                std::fs::remove_file(s.join(WAITING)).unwrap();
                vec![FileEvent::new(WAITING, EventKind::Removed)]
            }),
        ),
        (
            "the heading back",
            Box::new(|s| vec![edit(s, "content/payments/ledger-v2/ledger-v2-schema.md", "## Rules", "## Invariants")]),
        ),
    ];
    let mut seen = BTreeSet::new();
    for (step, change) in steps {
        let events = change(site);
        let outcome = live.apply(&classify(events), &NONE);
        if let Outcome::Failed(failure) = &outcome {
            let Outcome::Failed(whole) = LiveSite::open(site, today()).unwrap().1 else {
                panic!("after {step}: serve failed but a full build does not:\n{}", failure.report)
            };
            assert_eq!(failure.report, whole.report, "after {step}");
            continue;
        }
        served.settle(&mut live, outcome);
        assert_same_as_full_build(site, &served, step);
        assert_check_same_as_whole_check(&live, step);
        seen.extend(live.good.as_ref().unwrap().findings.diagnostics().map(|d| d.rule));
    }
    for rule in [
        "blocked-without-cause",
        "wrap-open-closed",
        "depends-on-cancelled",
        "dependency-cycle",
        "broken-anchor",
        "supersedes-later",
        "unknown-person",
        "stale",
        "overdue",
    ] {
        assert!(seen.contains(rule), "no step produced {rule}: {seen:?}");
    }
}

#[test]
fn a_body_edit_renders_only_its_own_page() {
    let dir = copy_example_site();
    let (mut live, _) = LiveSite::open(dir.path(), today()).unwrap();
    let event = edit(dir.path(), DUAL_WRITE, "Every ledger write", "Every single ledger write");
    let Outcome::Published(update) = live.apply(&classify([event]), &NONE) else { panic!("no publish") };
    assert_eq!(update.rendered, 1);
    let changed: Vec<&str> = update.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(changed, ["handoffs/ledger-v2-dual-write/index.html"]);
}

#[test]
fn a_status_change_renders_its_lists_but_not_the_whole_site() {
    let dir = copy_example_site();
    let (mut live, first) = LiveSite::open(dir.path(), today()).unwrap();
    let Outcome::Published(first) = first else { panic!("no publish") };
    let event = edit(
        dir.path(),
        DUAL_WRITE,
        "status: in-progress",
        "status: blocked\nblocked_reason: Waiting on the PSP sandbox.",
    );
    let outcome = live.apply(&classify([event]), &NONE);
    let updates = Served::default().settle(&mut live, outcome);
    assert_eq!(updates[0].rendered, 1, "the first round is the handoff's own page");
    let changed: BTreeSet<&str> = updates.iter().flat_map(|u| u.files.iter().map(|(p, _)| p.as_str())).collect();
    let rendered: usize = updates.iter().map(|u| u.rendered).sum();
    for page in [
        "index.html",
        "status/blocked/index.html",
        "status/in-progress/index.html",
        "handoffs/ledger-v2-schema/index.html",
    ] {
        assert!(changed.contains(page), "{page} not in {changed:?}");
    }
    assert!(rendered < first.rendered / 2, "{rendered} of {}", first.rendered);
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_fixing_it_recovers() {
    let dir = copy_example_site();
    let site = dir.path();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    let before = served.0.clone();
    let broken = edit(site, DUAL_WRITE, "status: in-progress", "status: [in-progress");
    let Outcome::Failed(failure) = live.apply(&classify([broken]), &NONE) else { panic!("expected a failure") };
    assert!(failure.report.contains("ledger-v2-dual-write.md:4:"), "{}", failure.report);
    assert_eq!(failure.errors, 1, "pages naming the broken file's id are not errors too:\n{}", failure.report);
    assert_eq!(served.0, before);
    let body = edit(site, DUAL_WRITE, "Every ledger write", "Every single ledger write");
    assert!(matches!(live.apply(&classify([body]), &NONE), Outcome::Failed(_)), "still broken");
    let fixed =
        edit(site, DUAL_WRITE, "status: [in-progress", "status: blocked\nblocked_reason: Waiting on the PSP sandbox.");
    let outcome = live.apply(&classify([fixed]), &NONE);
    served.settle(&mut live, outcome);
    assert_same_as_full_build(site, &served, "the fix");
}

#[test]
fn removing_a_page_others_link_to_is_an_error_until_it_comes_back() {
    let dir = copy_example_site();
    let site = dir.path();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    let text = std::fs::read_to_string(site.join(DUAL_WRITE)).unwrap();
    std::fs::remove_file(site.join(DUAL_WRITE)).unwrap();
    let Outcome::Failed(failure) = live.apply(&classify([FileEvent::new(DUAL_WRITE, EventKind::Removed)]), &NONE)
    else {
        panic!("expected a failure")
    };
    assert!(failure.report.contains("ledger-v2-dual-write"), "{}", failure.report);
    std::fs::write(site.join(DUAL_WRITE), text).unwrap();
    let restored = live.apply(&classify([FileEvent::new(DUAL_WRITE, EventKind::Created)]), &NONE);
    assert!(matches!(restored, Outcome::Published(_)), "{restored:?}");
    served.settle(&mut live, restored);
    assert_same_as_full_build(site, &served, "restoring the file");
}

#[test]
fn a_viewed_list_page_is_rendered_in_the_first_round() {
    let dir = copy_example_site();
    let (mut live, _) = LiveSite::open(dir.path(), today()).unwrap();
    let event = edit(
        dir.path(),
        DUAL_WRITE,
        "status: in-progress",
        "status: blocked\nblocked_reason: Waiting on the PSP sandbox.",
    );
    let viewed = BTreeSet::from(["status/blocked/".to_string()]);
    let Outcome::Published(first) = live.apply(&classify([event]), &viewed) else { panic!("no publish") };
    let files: Vec<&str> = first.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(files, ["handoffs/ledger-v2-dual-write/index.html", "status/blocked/index.html"]);
    assert!(!first.complete && live.has_deferred());
    let Outcome::Published(rest) = live.render_deferred() else { panic!("no second round") };
    assert!(rest.complete && !live.has_deferred());
    assert!(rest.files.iter().any(|(p, _)| p == "handoffs/index.html"));
}

#[test]
fn a_broken_template_is_reported_and_fixing_it_recovers() {
    let dir = copy_example_site();
    let site = dir.path();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    let template = site.join("themes/default/templates/404.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, "{% extends \"base.html\" %}{% block content %}{{ oops(\n{% endblock content %}")
        .unwrap();
    let event = FileEvent::new("themes/default/templates/404.html", EventKind::Created);
    let Outcome::Failed(failure) = live.apply(&classify([event.clone()]), &NONE) else { panic!("expected a failure") };
    assert!(failure.report.contains("404.html"), "{}", failure.report);
    std::fs::remove_file(&template).unwrap();
    let outcome =
        live.apply(&classify([FileEvent::new("themes/default/templates/404.html", EventKind::Removed)]), &NONE);
    served.settle(&mut live, outcome);
    assert_same_as_full_build(site, &served, "removing the broken template");
}

/// Files of `/handoffs/`'s pages in `update`.
fn handoff_list_files(update: &Update) -> Vec<&str> {
    let list = |p: &&str| *p == "handoffs/index.html" || p.starts_with("handoffs/page/");
    update.files.iter().map(|(p, _)| p.as_str()).filter(list).collect()
}

#[test]
fn rows_moving_between_pages_of_long_lists_serve_what_a_full_build_would() {
    let (dir, mut live, mut served) = serve_example_with("page_size: 4\n");
    let site = dir.path();
    assert!(served.0.contains_key("handoffs/page/9/index.html"), "35 handoffs make 9 pages of 4");

    let title = edit(site, DUAL_WRITE, "title: Dual-write", "title: Double-write");
    let outcome = live.apply(&classify([title]), &NONE);
    let updates = served.settle(&mut live, outcome);
    let lists: Vec<&str> = updates.iter().flat_map(handoff_list_files).collect();
    assert_eq!(lists.len(), 1, "a row that stays renders only its page of /handoffs/: {lists:?}");
    assert_same_as_full_build(site, &served, "a title change");

    assert!(served.0.contains_key("decisions/page/5/index.html"), "20 decisions make 5 history pages of 4");
    let new_files = ["aaa-first", "zz-1", "zz-2", "zz-3", "zz-4", "zz-5", "zz-decisions"];
    let steps: Vec<(&str, Step)> = vec![
        (
            "a handoff whose id sorts first",
            Box::new(|s| {
                std::fs::write(s.join("content/sre/aaa-first.md"), "---\ntitle: First\nowner: ana\n---\n").unwrap();
                vec![FileEvent::new("content/sre/aaa-first.md", EventKind::Created)]
            }),
        ),
        (
            "a status change",
            Box::new(|s| {
                vec![edit(
                    s,
                    DUAL_WRITE,
                    "status: in-progress",
                    "status: blocked\nblocked_reason: Waiting on the PSP sandbox.",
                )]
            }),
        ),
        (
            "decisions newer than any, enough for another history page",
            Box::new(|s| {
                let decisions: String = (1..=4)
                    .map(|i| format!("  - id: zz-choice-{i}\n    title: Choice {i}\n    date: 2026-12-0{i}\n    status: proposed\n"))
                    .collect();
                let text = format!("---\ntitle: Choices\nowner: ana\ndecisions:\n{decisions}---\n");
                std::fs::write(s.join("content/sre/zz-decisions.md"), text).unwrap();
                vec![FileEvent::new("content/sre/zz-decisions.md", EventKind::Created)]
            }),
        ),
        (
            "enough handoffs for another page",
            Box::new(move |s| {
                let paths: Vec<String> = new_files[1..6].iter().map(|id| format!("content/sre/{id}.md")).collect();
                create_all(s, paths.iter().map(String::as_str), "---\ntitle: Late\nowner: kofi\n---\n")
            }),
        ),
        (
            "every new handoff removed",
            Box::new(move |s| {
                let paths: Vec<String> = new_files.iter().map(|id| format!("content/sre/{id}.md")).collect();
                remove_all(s, paths.iter().map(String::as_str))
            }),
        ),
    ];
    for (step, change) in steps {
        serve_step(site, &mut live, &mut served, step, &change);
    }
    assert!(!served.0.contains_key("handoffs/page/10/index.html"), "the extra page went with its rows");
    assert!(!served.0.contains_key("decisions/page/6/index.html"), "and the history's with its decisions");
}

/// The files of `served` under `folder`'s later pages (`graph/page/N/`…).
fn later_pages(served: &Served, folder: &str) -> usize {
    served.0.keys().filter(|k| k.starts_with(&format!("{folder}page/"))).count()
}

/// `/graph/` past `graph_page_size` open handoffs and `/digest/` past `page_size` items come in
/// pages made together: a change that adds, moves or removes work re-renders them, drops the
/// pages past the new last one, and re-renders each handoff page whose "whole graph" link now
/// points to another part, as a full build would.
#[test]
fn graph_and_digest_pages_coming_and_going_serve_what_a_full_build_would() {
    let (dir, mut live, mut served) = serve_example_with("page_size: 5\ngraph_page_size: 4\n");
    let site = dir.path();
    let (graph_pages, digest_pages) = (later_pages(&served, "graph/"), later_pages(&served, "digest/"));
    assert!(graph_pages >= 2 && digest_pages >= 1, "graph {graph_pages}, digest {digest_pages}");

    let new_files: Vec<String> = (1..=6).map(|n| format!("content/sre/zz-{n}.md")).collect();
    let steps: Vec<(&str, Step)> = vec![
        (
            "open work that joins two groups of the graph",
            Box::new(|s| {
                let text = "---\ntitle: Join\nowner: ana\nstatus: draft\nupdated: 2026-11-19\ndepends_on: [pager-rotation, ledger-v2-dual-write]\n---\n";
                std::fs::write(s.join("content/sre/aa-join.md"), text).unwrap();
                vec![FileEvent::new("content/sre/aa-join.md", EventKind::Created)]
            }),
        ),
        (
            "enough open work for more parts and more digest pages",
            Box::new({
                let new_files = new_files.clone();
                move |s| {
                    let text = "---\ntitle: Late\nowner: kofi\nstatus: draft\nupdated: 2026-11-19\ndepends_on: [aa-join]\n---\n";
                    create_all(s, new_files.iter().map(String::as_str), text)
                }
            }),
        ),
        (
            "all of it removed again",
            Box::new(move |s| remove_all(s, new_files.iter().map(String::as_str).chain(["content/sre/aa-join.md"]))),
        ),
    ];
    let mut most = (0, 0);
    for (step, change) in steps {
        serve_step(site, &mut live, &mut served, step, &change);
        most = (most.0.max(later_pages(&served, "graph/")), most.1.max(later_pages(&served, "digest/")));
    }
    assert!(most.0 > graph_pages && most.1 > digest_pages, "the new work added pages: {most:?}");
    assert_eq!(later_pages(&served, "graph/"), graph_pages, "the extra graph pages went with the work");
    assert_eq!(later_pages(&served, "digest/"), digest_pages, "and the digest's");
}

const FLOW: &str = "static/img/ledger-flow.svg";
const CONNECTOR: &str = "content/data-platform/cdc/cdc-ledger-connector.md";

/// Moves `from` to `to` under the site, as a file manager would: one removal, one creation.
fn rename(site: &Path, from: &str, to: &str) -> Vec<FileEvent> {
    std::fs::rename(site.join(from), site.join(to)).unwrap();
    vec![FileEvent::new(from, EventKind::Removed), FileEvent::new(to, EventKind::Created)]
}

/// The failure report of `outcome`, which must be a failure.
#[track_caller]
fn failure_report(outcome: Outcome, step: &str) -> String {
    let Outcome::Failed(failure) = outcome else { panic!("after {step}: expected a failure, got {outcome:?}") };
    failure.report
}

#[test]
fn static_files_coming_and_going_are_checked_without_a_restart() {
    let dir = copy_example_site();
    let site = dir.path();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    assert!(served.0.contains_key("img/ledger-flow.svg"));

    // Deleting a linked image is an error on both pages that show it.
    let bytes = std::fs::read(site.join(FLOW)).unwrap();
    std::fs::remove_file(site.join(FLOW)).unwrap();
    let report = failure_report(live.apply(&classify([FileEvent::new(FLOW, EventKind::Removed)]), &NONE), "delete");
    assert_eq!(report.matches("error[missing-static]").count(), 2, "{report}");
    assert!(report.contains("cdc-ledger-connector.md") && report.contains("ledger-v2-dual-write.md"), "{report}");
    // An unrelated edit while the image is missing does not hide the error.
    let unrelated = edit(site, DUAL_WRITE, "Every ledger write", "Every single ledger write");
    let report = failure_report(live.apply(&classify([unrelated]), &NONE), "an unrelated edit");
    assert_eq!(report.matches("error[missing-static]").count(), 2, "{report}");
    std::fs::write(site.join(FLOW), &bytes).unwrap();
    let outcome = live.apply(&classify([FileEvent::new(FLOW, EventKind::Created)]), &NONE);
    served.settle(&mut live, outcome);
    assert_same_as_full_build(site, &served, "the image back");

    // A link to an image not there yet fails; adding the image fixes it and serves it.
    let link =
        edit(site, CONNECTOR, "![Ledger v2 data flow](/img/ledger-flow.svg)", "![Rollback](/img/new/rollback.png)");
    let report = failure_report(live.apply(&classify([link]), &NONE), "a link to a new image");
    assert!(report.contains("`/img/new/rollback.png`, but static/ has no such file"), "{report}");
    std::fs::create_dir_all(site.join("static/img/new")).unwrap();
    std::fs::write(site.join("static/img/new/rollback.png"), b"png").unwrap();
    // The watcher may report only the new folder.
    let outcome = live.apply(&classify([FileEvent::new("static/img/new", EventKind::Created)]), &NONE);
    let update = served.settle(&mut live, outcome);
    assert!(update[0].files.iter().any(|(path, _)| path == "img/new/rollback.png"), "the image is served");
    assert_same_as_full_build(site, &served, "the new image");

    // Renaming the folder holding both images breaks both links; renaming it back fixes them.
    let report = failure_report(live.apply(&classify(rename(site, "static/img", "static/pictures")), &NONE), "rename");
    assert_eq!(report.matches("error[missing-static]").count(), 2, "{report}");
    let outcome = live.apply(&classify(rename(site, "static/pictures", "static/img")), &NONE);
    served.settle(&mut live, outcome);
    assert_same_as_full_build(site, &served, "the folder renamed back");
    assert_check_same_as_whole_check(&live, "the folder renamed back");
}

#[test]
fn static_changes_recheck_like_a_whole_check() {
    let dir = copy_example_site();
    let site = dir.path();
    let config = std::fs::read_to_string(site.join("baton.yaml")).unwrap();
    std::fs::write(site.join("baton.yaml"), config + "rules:\n  missing-static: warning\n").unwrap();
    let (mut live, outcome) = LiveSite::open(site, today()).unwrap();
    let mut served = Served::default();
    served.apply(outcome);
    let steps: Vec<(&str, Step)> = vec![
        (
            "a linked image deleted",
            Box::new(|s| {
                std::fs::remove_file(s.join(FLOW)).unwrap();
                vec![FileEvent::new(FLOW, EventKind::Removed)]
            }),
        ),
        (
            "an unrelated edit",
            Box::new(|s| vec![edit(s, DUAL_WRITE, "Every ledger write", "Every single ledger write")]),
        ),
        (
            "the image back under another name",
            Box::new(|s| {
                std::fs::write(s.join("static/img/flow.svg"), "<svg/>").unwrap();
                vec![FileEvent::new("static/img/flow.svg", EventKind::Created)]
            }),
        ),
        ("renamed to the linked name", Box::new(|s| rename(s, "static/img/flow.svg", FLOW))),
        ("the folder moved away", Box::new(|s| rename(s, "static/img", "static/old"))),
        ("the folder moved back", Box::new(|s| rename(s, "static/old", "static/img"))),
    ];
    let mut warned = false;
    for (step, change) in steps {
        let outcome = live.apply(&classify(change(site)), &NONE);
        served.settle(&mut live, outcome);
        assert_same_as_full_build(site, &served, step);
        assert_check_same_as_whole_check(&live, step);
        let good = live.good.as_ref().unwrap();
        warned |= good.findings.diagnostics().any(|d| d.rule == "missing-static");
    }
    assert!(warned, "some step must have found a missing image");
}

#[test]
fn an_edited_decision_record_is_served_like_a_full_build_of_it() {
    let dir = copy_example_site();
    let (mut live, first) = LiveSite::open(dir.path(), today()).unwrap();
    let mut served = Served::default();
    served.settle(&mut live, first);
    let record = "docs/adr/0003-page-only-on-customer-impact.md";
    let event = edit(dir.path(), record, "* Status: approved", "* Status: declined");
    let changes = crate::serve::classify::classify_with([event], &live.decision_dirs());
    assert!(changes.records, "{changes:?}");
    let outcome = live.apply(&changes, &NONE);
    served.settle(&mut live, outcome);
    let page =
        String::from_utf8_lossy(&served.0["decisions/0003-page-only-on-customer-impact/index.html"]).into_owned();
    assert!(page.contains("declined · rejected"), "the record's new status is served");
    assert_eq!(served.0, full_build(dir.path()));
}

/// A record in adr-tools' shape, without frontmatter, kept under content/.
const CONTENT_RECORD: &str = "# 5. Keep records beside the handoffs\n\nDate: 2026-11-02\n\n## Status\n\nAccepted\n\n## Context\n\nRecords in another folder were forgotten.\n\n## Decision\n\nKeep them under content/adr.\n\n## Consequences\n\nOne place to look.\n";

#[test]
fn a_record_under_content_is_read_as_a_record_when_served_and_when_edited() {
    let dir = copy_example_site();
    let record = "content/adr/0005-keep-records-beside-the-handoffs.md";
    std::fs::create_dir_all(dir.path().join("content/adr")).unwrap();
    std::fs::write(dir.path().join(record), CONTENT_RECORD).unwrap();
    let mut whole = Diagnostics::default();
    let mut loaded = crate::build::load_site(dir.path(), &mut whole).unwrap();
    crate::build::check_site(&mut loaded, today().unwrap(), &mut whole);
    assert!(!whole.has_errors(), "baton check passes: {:?}", whole.sorted());
    // It is served (a page parsed as a handoff would fail with "no frontmatter")...
    let (mut live, first) = LiveSite::open(dir.path(), today()).unwrap();
    let mut served = Served::default();
    served.settle(&mut live, first);
    // ...an edit to it is read as a record...
    let outcome = live.apply(&classify([edit(dir.path(), record, "Accepted", "Declined")]), &NONE);
    served.settle(&mut live, outcome);
    let page =
        String::from_utf8_lossy(&served.0["decisions/0005-keep-records-beside-the-handoffs/index.html"]).to_lowercase();
    assert!(page.contains("declined · rejected"), "the record's new status is served:\n{page}");
    assert_eq!(served.0, full_build(dir.path()));
    assert_check_same_as_whole_check(&live, "an edit to a record");
    // ...and an edit to a handoff after it is patched as usual.
    let outcome =
        live.apply(&classify([edit(dir.path(), DUAL_WRITE, "Every ledger write", "Each ledger write")]), &NONE);
    let updates = served.settle(&mut live, outcome);
    assert!(!updates[0].full, "a handoff edit is patched, not rebuilt");
    assert_same_as_full_build(dir.path(), &served, "an edit to a handoff after one to a record");
    assert_check_same_as_whole_check(&live, "an edit to a handoff after one to a record");
}

/// `/decisions/` groups records by folder under the folder's README, when served as when built.
#[test]
fn served_decisions_are_grouped_under_their_folder_introduction_as_built() {
    let dir = copy_example_site();
    let (mut live, first) = LiveSite::open(dir.path(), today()).unwrap();
    let mut served = Served::default();
    served.settle(&mut live, first);
    let page = String::from_utf8_lossy(&served.0["decisions/index.html"]).to_string();
    assert!(page.contains("SRE architecture decisions"), "the folder's README heads its group:\n{page}");
    assert!(page.contains("next to the runbooks"), "and introduces it:\n{page}");
    let out = tempfile::tempdir().unwrap();
    let options = crate::build::BuildOptions {
        site: dir.path().to_path_buf(),
        out: out.path().join("public"),
        base_url: None,
        today: today().unwrap(),
    };
    crate::build::build(&options, &mut Diagnostics::default()).unwrap();
    let built = std::fs::read_to_string(out.path().join("public/decisions/index.html")).unwrap();
    assert_eq!(page, built, "serve and build make the same /decisions/");
    let image = "decisions/files/docs-adr/img/state-per-environment.svg";
    let on_disk = std::fs::read(dir.path().join("docs/adr/img/state-per-environment.svg")).unwrap();
    assert_eq!(served.0.get(image), Some(&on_disk), "the image beside the records is served");
}

const LEDGER_SCHEMA: &str = "content/payments/ledger-v2/ledger-v2-schema.md";

/// Team and tag pages come in pages of `page_size` rows, newest first: a row whose date, team or
/// tags change moves between pages, shifts the rows after it, and may add a page or end one;
/// each is served as a full build would make it, and a page past the new end is dropped.
#[test]
fn rows_moving_between_team_and_tag_pages_serve_what_a_full_build_would() {
    let (dir, mut live, mut served) = serve_example_with("page_size: 2\n");
    let site = dir.path();
    let pages_of = |served: &Served, folder: &str| later_pages(served, folder) + 1;
    let payments = pages_of(&served, "teams/payments/");
    assert!(payments >= 3 && pages_of(&served, "tags/ledger-v2/") >= 2, "the fixture pages a team and a tag");

    let title = edit(site, DUAL_WRITE, "title: Dual-write", "title: Double-write");
    let outcome = live.apply(&classify([title]), &NONE);
    let updates = served.settle(&mut live, outcome);
    let team_pages: Vec<&str> = updates
        .iter()
        .flat_map(|u| u.files.iter().map(|(p, _)| p.as_str()))
        .filter(|p| p.starts_with("teams/payments/"))
        .collect();
    assert_eq!(team_pages.len(), 1, "a row that stays renders only its page of the team: {team_pages:?}");
    assert_same_as_full_build(site, &served, "a title change");

    let new_files: Vec<String> = (1..=4).map(|n| format!("content/payments/zz-{n}.md")).collect();
    let steps: Vec<(&str, Step)> = vec![
        (
            "an older updated date moves a row to the team's last page",
            Box::new(|s| vec![edit(s, DUAL_WRITE, "updated: 2026-11-19T15:20:00-05:00", "updated: 2025-01-02")]),
        ),
        (
            "an older decision date moves a row down the tag's pages",
            Box::new(|s| vec![edit(s, LEDGER_SCHEMA, "    date: 2026-10-02\n", "    date: 2025-01-02\n")]),
        ),
        ("a handoff moving to another team", Box::new(|s| vec![edit(s, DUAL_WRITE, "team: Payments", "team: SRE")])),
        (
            "new handoffs, enough for another page of the team and the tag",
            Box::new({
                let new_files = new_files.clone();
                move |s| {
                    let text =
                        "---\ntitle: Late\nowner: kofi\nteam: Payments\ntags: [Ledger v2]\nupdated: 2026-11-20\n---\n";
                    create_all(s, new_files.iter().map(String::as_str), text)
                }
            }),
        ),
        (
            "the new handoffs removed and the moved one back",
            Box::new(move |s| {
                let mut events = remove_all(s, new_files.iter().map(String::as_str));
                events.push(edit(s, DUAL_WRITE, "team: SRE", "team: Payments"));
                events
            }),
        ),
    ];
    let mut most = payments;
    for (step, change) in steps {
        serve_step(site, &mut live, &mut served, step, &change);
        most = most.max(pages_of(&served, "teams/payments/"));
    }
    assert!(most > payments, "a step added a page to the team");
    assert_eq!(pages_of(&served, "teams/payments/"), payments, "the extra page went with its rows");
}

/// A person's page comes in pages of `page_size` rows per list: a row whose date, owner or status
/// changes moves between pages, joins or leaves a list and may add a page or end one; each is
/// served as a full build would make it, and a page past the new end is dropped.
#[test]
fn rows_moving_between_a_persons_pages_serve_what_a_full_build_would() {
    let (dir, mut live, mut served) = serve_example_with("page_size: 2\n");
    let site = dir.path();
    let pages_of = |served: &Served, folder: &str| later_pages(served, folder) + 1;
    let kofi = pages_of(&served, "owners/kofi/");
    assert!(kofi >= 2 && pages_of(&served, "owners/ana/") >= 2, "the fixture pages people");

    let new_files: Vec<String> = (1..=8).map(|n| format!("content/payments/zz-{n}.md")).collect();
    let steps: Vec<(&str, Step)> = vec![
        ("a title change", Box::new(|s| vec![edit(s, DUAL_WRITE, "title: Dual-write", "title: Double-write")])),
        (
            "an older updated date moves a row down its people's pages",
            Box::new(|s| vec![edit(s, DUAL_WRITE, "updated: 2026-11-19T15:20:00-05:00", "updated: 2025-01-02")]),
        ),
        ("a row moving to another owner", Box::new(|s| vec![edit(s, DUAL_WRITE, "owner: priya", "owner: kofi")])),
        (
            "blocked work joins what needs attention",
            Box::new(|s| {
                vec![edit(s, DUAL_WRITE, "status: in-progress", "status: blocked\nblocked_reason: waits on the PSP")]
            }),
        ),
        (
            "new handoffs, enough for another page of a person",
            Box::new({
                let new_files = new_files.clone();
                move |s| {
                    let text =
                        "---\ntitle: Late\nowner: kofi\nreviewer: diego\nteam: Payments\nupdated: 2026-11-20\n---\n";
                    create_all(s, new_files.iter().map(String::as_str), text)
                }
            }),
        ),
        (
            "the new handoffs removed and the moved one back",
            Box::new(move |s| {
                let mut events = remove_all(s, new_files.iter().map(String::as_str));
                events.push(edit(s, DUAL_WRITE, "owner: kofi", "owner: priya"));
                events.push(edit(
                    s,
                    DUAL_WRITE,
                    "status: blocked\nblocked_reason: waits on the PSP",
                    "status: in-progress",
                ));
                events
            }),
        ),
    ];
    let (mut most, mut diego_most) = (kofi, pages_of(&served, "owners/diego/"));
    let diego = diego_most;
    for (step, change) in steps {
        serve_step(site, &mut live, &mut served, step, &change);
        most = most.max(pages_of(&served, "owners/kofi/"));
        diego_most = diego_most.max(pages_of(&served, "owners/diego/"));
    }
    assert!(most > kofi && diego_most > diego, "steps added pages to people");
    assert_eq!(pages_of(&served, "owners/kofi/"), kofi, "the extra pages went with their rows");
    assert_eq!(pages_of(&served, "owners/diego/"), diego);
}
