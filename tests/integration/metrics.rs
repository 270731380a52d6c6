//! `/metrics/`: every number on a fixture whose expected values are worked out by hand below.

use crate::harness::{Site, fm};

/// Two teams and a handoff without one. All times are UTC so the arithmetic is plain; the review
/// window is 24h (P2 has its own 12h). `ready` requires intent, reviewer and handed_off; other
/// statuses require nothing, so P3 and G1 can exist without an intent and fail "readiness when
/// handed off".
///
/// Status timelines (→ marks a recorded change; "inferred" = the current status at `updated`):
///
/// - P1 (Payments, done): created 10-01, ready 10-02T00, accepted 10-02T10, done 10-10.
///   Review 10h (Oct, within 24h). Handed off → accepted 10h (Oct). Created → done 9d (Oct).
/// - P2 (Payments, accepted, window 12h): created 10-05, ready 10-06T00, accepted 10-07T12,
///   ready 10-20 (rework, Oct), accepted inferred at 11-02T12.
///   Reviews 36h (Oct, over 12h) and 10-20 → 11-02T12 = 324h (Nov, over; an inferred
///   *acceptance* does end a review). Handed off → accepted: first hand-off to first acceptance,
///   36h (Oct).
/// - P3 (Payments, in-progress, no intent): ready 11-03T00, in-progress 11-03T12.
///   Review 12h (Nov, within). Handed off → accepted 12h (Nov). Fails readiness (Nov).
///   Questions: q1 asked 10-15, answered 11-05; q2 asked 11-10, open; q3 asked 11-11, answered
///   without a date (closed when asked).
/// - M1 (Mobile, done): created 11-01, ready 11-02, done inferred at 11-12. No review (an inferred
///   `done` says nothing about when review ended). Created → done 11d (Nov).
/// - M2 (Mobile, ready): ready 11-15. Waiting for review now.
/// - M3 (Mobile, in-progress): ready 10-30T12, accepted 10-31T00, done 11-08, in-progress 11-09
///   (rework, Nov). Review 12h (Oct, within). Handed off → accepted 12h (Oct). Not done now.
/// - G1 (no team, cancelled, no intent or reviewer): ready 10-10, cancelled inferred 10-12.
///   No review. Fails readiness (Oct).
///
/// All teams, October: reviews 10h, 12h, 36h → median 12.0 h, 90th pct. (nearest rank: the
/// 3rd of 3) 36.0 h, 2 of 3 within their window. To accepted 10h, 12h, 36h → 0.5 d, 1.5 d. To
/// done 9.0 d. Rework 1 (P2). Questions asked 1, answered 0, open at month end 1 (q1). Handed
/// off P1, P2, G1, M3 = 4, ready 3 → 75%.
/// All teams, November: reviews 12h, 324h → median 168.0 h, 90th pct. (2nd of 2) 324.0 h, 1 of
/// 2 within. To accepted 12h → 0.5 d. To done 11.0 d. Rework 1 (M3). Questions asked 2 (q2,
/// q3), answered 1 (q1), open 1 (q2). Handed off M1, P3, M2 = 3, ready 2 → 67%.
/// Payments, October: reviews 10h, 36h → median 23.0 h, 90th 36.0 h, 1 of 2 within; to
/// accepted 10h, 36h → 1.0 d, 1.5 d; handed off 2, ready 2 → 100%. November: handed off 1,
/// ready 0 → 0%.
/// Mobile: October review 12h; November none, to done 11.0 d; 1 waiting for review.
fn metrics_base() -> Site {
    let config = "title: Metrics\nreview_within: 24h\nreadiness:\n  ready: [intent, reviewer, handed_off]\n  accepted: []\n  in-progress: []\n  blocked: []\n  done: []\n";
    let ready = |team: &str, owner: &str, reviewer: &str, rest: &str| {
        fm(&format!("{team} work"), owner, &format!("team: {team}\nreviewer: {reviewer}\n{rest}"))
    };
    let history = |entries: &[(&str, &str)]| {
        let lines: Vec<String> =
            entries.iter().map(|(date, status)| format!("  - {{date: {date}, status: {status}}}\n")).collect();
        format!("history:\n{}", lines.concat())
    };
    Site::new()
        .write("baton.yaml", config)
        .handoff("p1", &ready("Payments", "ana", "kofi", &format!(
            "status: done\nintent: Why.\ncreated: 2026-10-01T00:00:00Z\nhanded_off: 2026-10-02T00:00:00Z\nupdated: 2026-10-10T00:00:00Z\n{}",
            history(&[("2026-10-02T10:00:00Z", "accepted"), ("2026-10-10T00:00:00Z", "done")])
        )), "")
        .handoff("p2", &ready("Payments", "ana", "kofi", &format!(
            "status: accepted\nintent: Why.\nreview_within: 12h\ncreated: 2026-10-05T00:00:00Z\nhanded_off: 2026-10-06T00:00:00Z\nupdated: 2026-11-02T12:00:00Z\n{}",
            history(&[("2026-10-07T12:00:00Z", "accepted"), ("2026-10-20T00:00:00Z", "ready")])
        )), "")
        .handoff("p3", &ready("Payments", "ana", "kofi", &format!(
            "status: in-progress\nhanded_off: 2026-11-03T00:00:00Z\n{}questions:\n  - {{q: Which PSP?, by: kofi, date: 2026-10-15, a: Adyen., answered_by: ana, answered: 2026-11-05}}\n  - {{q: Rollback?, by: kofi, date: 2026-11-10}}\n  - {{q: Alerts?, by: kofi, date: 2026-11-11, a: SRE.}}\n",
            history(&[("2026-11-03T12:00:00Z", "in-progress")])
        )), "")
        .handoff("m1", &ready("Mobile", "sam", "ana",
            "status: done\nintent: Why.\ncreated: 2026-11-01T00:00:00Z\nhanded_off: 2026-11-02T00:00:00Z\nupdated: 2026-11-12T00:00:00Z\n"), "")
        .handoff("m2", &ready("Mobile", "sam", "ana", "status: ready\nintent: Why.\ncreated: 2026-11-14\nhanded_off: 2026-11-15T00:00:00Z\n"), "")
        .handoff("m3", &ready("Mobile", "sam", "ana", &format!(
            "status: in-progress\nintent: Why.\nhanded_off: 2026-10-30T12:00:00Z\n{}",
            history(&[("2026-10-31T00:00:00Z", "accepted"), ("2026-11-08T00:00:00Z", "done"), ("2026-11-09T00:00:00Z", "in-progress")])
        )), "")
        .handoff("g1", &fm("Loose end", "ana", "status: cancelled\nhanded_off: 2026-10-10T00:00:00Z\nupdated: 2026-10-12T00:00:00Z\n"), "")
}

/// The rows of one chart's table, as `Month | cell | cell`.
fn table(page: &str, chart: &str) -> Vec<String> {
    let at = page.find(&format!("id=\"{chart}-caption\"")).unwrap_or_else(|| panic!("no chart {chart}"));
    let body = &page[at..];
    let body = &body[body.find("<tbody>").unwrap() + 7..body.find("</tbody>").unwrap()];
    body.split("</tr>")
        .filter(|row| row.contains("<th"))
        .map(|row| {
            let cells: Vec<&str> =
                row.split('>').filter_map(|part| part.split('<').next()).filter(|t| !t.is_empty()).collect();
            cells.join(" | ")
        })
        .collect()
}

/// The SVG of one chart.
fn chart_svg<'a>(page: &'a str, chart: &str) -> &'a str {
    let at = page.find(&format!("<title id=\"{chart}-title\">")).unwrap_or_else(|| panic!("no chart {chart}"));
    &page[at..at + page[at..].find("</svg>").unwrap()]
}

#[test]
fn review_response_against_the_sla() {
    let site = metrics_base();
    site.build().assert_ok();
    let page = site.page("metrics/");
    assert_eq!(
        table(&page, "all-review"),
        ["Oct 2026 | 3 | 12.0 h | 36.0 h | 2 of 3", "Nov 2026 | 2 | 168.0 h | 324.0 h | 1 of 2"]
    );
    assert_eq!(
        table(&page, "team-payments-review"),
        ["Oct 2026 | 2 | 23.0 h | 36.0 h | 1 of 2", "Nov 2026 | 2 | 168.0 h | 324.0 h | 1 of 2"]
    );
    assert_eq!(
        table(&page, "team-mobile-review"),
        ["Oct 2026 | 1 | 12.0 h | 12.0 h | 1 of 1", "Nov 2026 | 0 | — | — | —"]
    );
    // A month without reviews has no bars: Mobile draws only October's two.
    assert_eq!(chart_svg(&page, "team-mobile-review").matches("<rect class=\"bar ").count(), 2);
    assert!(chart_svg(&page, "all-review").contains("class=\"reference\""), "the SLA line");
}

#[test]
fn cycle_times() {
    let site = metrics_base();
    site.build().assert_ok();
    let page = site.page("metrics/");
    assert_eq!(table(&page, "all-accepted"), ["Oct 2026 | 3 | 0.5 d | 1.5 d", "Nov 2026 | 1 | 0.5 d | 0.5 d"]);
    assert_eq!(
        table(&page, "team-payments-accepted"),
        ["Oct 2026 | 2 | 1.0 d | 1.5 d", "Nov 2026 | 1 | 0.5 d | 0.5 d"]
    );
    assert_eq!(table(&page, "all-done"), ["Oct 2026 | 1 | 9.0 d | 9.0 d", "Nov 2026 | 1 | 11.0 d | 11.0 d"]);
    assert_eq!(table(&page, "team-mobile-done"), ["Oct 2026 | 0 | — | —", "Nov 2026 | 1 | 11.0 d | 11.0 d"]);
}

#[test]
fn rework_questions_and_readiness() {
    let site = metrics_base();
    site.build().assert_ok();
    let page = site.page("metrics/");
    assert_eq!(table(&page, "all-rework"), ["Oct 2026 | 1", "Nov 2026 | 1"]);
    assert_eq!(table(&page, "team-payments-rework"), ["Oct 2026 | 1", "Nov 2026 | 0"]);
    assert_eq!(table(&page, "team-mobile-rework"), ["Oct 2026 | 0", "Nov 2026 | 1"]);
    assert_eq!(table(&page, "all-questions"), ["Oct 2026 | 1 | 0 | 1", "Nov 2026 | 2 | 1 | 1"]);
    assert_eq!(table(&page, "all-readiness"), ["Oct 2026 | 4 | 3 | 75%", "Nov 2026 | 3 | 2 | 67%"]);
    assert_eq!(table(&page, "team-payments-readiness"), ["Oct 2026 | 2 | 2 | 100%", "Nov 2026 | 1 | 0 | 0%"]);
}

#[test]
fn each_group_has_its_section_and_accessible_tables() {
    let site = metrics_base();
    site.build().assert_ok();
    let page = site.page("metrics/");
    let (all, mobile, payments) = (
        page.find("id=\"all-h\"").unwrap(),
        page.find("id=\"team-mobile-h\"").unwrap(),
        page.find("id=\"team-payments-h\"").unwrap(),
    );
    assert!(all < mobile && mobile < payments, "everyone first, then teams by name");
    assert!(page[mobile..payments].contains("1 handoff waiting for review now"));
    assert_eq!(page.matches("<figure class=\"chart-figure\"").count(), 18, "six charts for each of three groups");
    assert_eq!(page.matches("<table class=\"numbers\">").count(), 18);
    assert!(page.contains("role=\"img\" aria-labelledby=\"all-review-title all-review-desc\""));
    assert!(page.contains("<th scope=\"row\">Oct 2026</th>"));
    assert!(!page.contains(" style="), "the CSP forbids style attributes");
}

#[test]
fn a_history_status_must_be_a_status() {
    let site = Site::new().handoff("a", &fm("A", "ana", "history:\n  - {date: 2026-10-01, status: acepted}\n"), "");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("did you mean `accepted`?");
}

/// A status move nobody wrote into `history` still counts when git saw it: the file, added as a
/// draft, went ready (10-05) → accepted (10-06) → back to ready (10-09) → in-progress (10-12) over four
/// commits: rework in October, and one day from hand-off to acceptance. Without the repository the file alone shows a
/// draft created 10-01 that is in progress since 11-01: nothing measured ends, so no chart.
#[test]
fn rework_and_cycle_times_from_the_git_history() {
    let text = |status: &str| {
        format!(
            "---\n{}---\nBody.\n",
            fm(
                "Reworked",
                "ana",
                &format!(
                    "team: Payments\nreviewer: kofi\nstatus: {status}\ncreated: 2026-10-01T00:00:00Z\nupdated: 2026-11-01T00:00:00Z\n"
                )
            )
        )
    };
    let site = Site::new()
        .write("baton.yaml", "title: Metrics\nreadiness:\n  in-progress: []\n")
        .write("content/reworked.md", &text("in-progress"));
    site.build().assert_ok();
    let page = site.page("metrics/");
    assert!(!page.contains("all-rework-caption") && page.contains("No dated handoffs yet"), "no git yet");

    let repo = crate::git_repo::init(site.path());
    let who = ("Ana", "ana@example.com");
    let mut parent = None;
    // Adding the file is not a move (it dates the import, not the work): the draft it was
    // committed as is where the observed moves start.
    let commits = [
        ("2026-10-02T00:00:00Z", "draft"),
        ("2026-10-05T00:00:00Z", "ready"),
        ("2026-10-06T00:00:00Z", "accepted"),
        ("2026-10-09T00:00:00Z", "ready"),
        ("2026-10-12T00:00:00Z", "in-progress"),
    ];
    for (when, status) in commits {
        let files = [("content/reworked.md", text(status))];
        parent = Some(crate::git_repo::commit(&repo, &files, who, when, parent));
    }
    site.build().assert_ok();
    let page = site.page("metrics/");
    assert_eq!(table(&page, "all-rework"), ["Oct 2026 | 1"]);
    assert_eq!(table(&page, "all-accepted"), ["Oct 2026 | 1 | 1.0 d | 1.0 d"]);
}

/// A team that imports its handoffs into git (or a clone built later) must see the same numbers
/// as without git: the commit that adds a file says when it reached git, not when the work moved.
/// Here every file is added by one commit on 11-19, inside the data's own months; counting it as
/// a move would date p2's acceptance, g1's cancellation and m1's `done` to that day.
#[test]
fn adding_the_files_to_git_re_dates_no_status() {
    let site = metrics_base();
    site.build().assert_ok();
    let charts = ["all-review", "all-accepted", "all-done", "all-rework", "team-mobile-done"];
    let before: Vec<Vec<String>> = charts.iter().map(|c| table(&site.page("metrics/"), c)).collect();
    let repo = crate::git_repo::init(site.path());
    let mut files: Vec<(String, String)> = crate::harness::files_under(&site.path().join("content"))
        .into_iter()
        .map(|(path, bytes)| (format!("content/{path}"), String::from_utf8(bytes).expect("utf-8")))
        .collect();
    files.push(("baton.yaml".into(), std::fs::read_to_string(site.path().join("baton.yaml")).expect("config")));
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    let import = crate::git_repo::commit(&repo, &files, ("Ana", "ana@example.com"), "2026-11-19T00:00:00Z", None);
    // A later move of the whole folder is not an add either.
    let moved: Vec<(String, String)> =
        files.iter().map(|(p, t)| (p.replacen("content/", "content/archive/", 1), t.clone())).collect();
    let moved: Vec<(&str, String)> = moved.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    crate::git_repo::commit(&repo, &moved, ("Ana", "ana@example.com"), "2026-11-20T00:00:00Z", Some(import));
    let content = site.path().join("content");
    std::fs::rename(&content, site.path().join("archive")).expect("move");
    std::fs::create_dir(&content).expect("mkdir");
    std::fs::rename(site.path().join("archive"), content.join("archive")).expect("move");
    site.build().assert_ok();
    let after: Vec<Vec<String>> = charts.iter().map(|c| table(&site.page("metrics/"), c)).collect();
    assert_eq!(after, before);
}

/// What docs/graph-and-metrics.md settles: "N handoffs need attention" counts every handoff with
/// a badge, blocked ones included (blocked work needs someone even when no clock has run out);
/// and a question dated exactly now (`BATON_TODAY` is 2026-11-20) is open, in the metrics and on
/// the page, but not yet overdue.
#[test]
fn blocked_work_needs_attention_and_a_question_asked_now_is_open() {
    let site = Site::new()
        .write("baton.yaml", "title: Attention\nstale_after: 14d\nreadiness: {blocked: [], in-progress: []}\n")
        .handoff("stuck", &fm("Stuck", "ana", "status: blocked\nblocked_reason: Vendor\nupdated: 2026-11-19\n"), "")
        .handoff("idle", &fm("Idle", "ana", "status: in-progress\nupdated: 2026-10-01\n"), "")
        .handoff(
            "asking",
            &fm("Asking", "ana", "status: in-progress\nupdated: 2026-11-19\nquestions:\n  - {q: Which bucket?, by: kofi, date: 2026-11-20}\n"),
            "",
        );
    site.build().assert_ok();
    let dashboard = site.page("");
    assert!(
        dashboard.contains("<span class=\"badge warn\">2</span> handoffs need attention"),
        "stale and blocked; the question is not overdue yet"
    );
    assert!(!site.page("handoffs/asking/").contains("unanswered question"));
    assert_eq!(table(&site.page("metrics/"), "all-questions"), ["Nov 2026 | 1 | 0 | 1"]);
}
