//! `baton digest` from the frontmatter alone and from a git history made here with gix, the
//! `/digest/` page, and the Atom feeds read back with a feed parser.

use crate::git_repo as repo;
use crate::harness::{Site, fm};
use serde_json::Value;

const PEOPLE: &str = "ana: {name: Ana, team: Payments, tz: Europe/Berlin, contact: ana@northwind.example}\nkofi: {name: Kofi Mensah, team: Payments, tz: Europe/Berlin}\nmei: {name: Mei, team: Data, tz: Asia/Singapore}\n";

fn handoff(title: &str, owner: &str, extra: &str) -> String {
    format!("---\n{}---\n", fm(title, owner, extra))
}

/// A base where Ana has one of everything a digest reports, dated around 2026-11-19.
fn files() -> Vec<(&'static str, String)> {
    vec![
        ("baton.yaml", "title: Digest Base\nbase_url: https://handoffs.example.com/\nreadiness: {ready: [], in-progress: [], blocked: []}\n".into()),
        ("people.yaml", PEOPLE.into()),
        (
            "content/review-for-ana.md",
            handoff("Review for Ana", "kofi", "status: ready\nfrom: mei\nreviewer: ana\nhanded_off: 2026-11-19T10:00:00Z\nreview_within: 3d\n"),
        ),
        (
            "content/overdue.md",
            handoff("Overdue review", "ana", "status: ready\nreviewer: kofi\nhanded_off: 2026-11-17T10:00:00Z\n"),
        ),
        (
            "content/asked.md",
            handoff(
                "Asked",
                "ana",
                "status: in-progress\nquestions:\n  - {q: Which bucket?, by: kofi, date: 2026-11-19T08:00:00Z}\n  - {q: Who signs off?, by: ana, date: 2026-11-18T08:00:00Z, a: Finance does, answered_by: kofi, answered: 2026-11-19T09:00:00Z}\n",
            ),
        ),
        (
            "content/stuck.md",
            handoff("Stuck", "ana", "status: blocked\nblocked_reason: Waiting on the vendor\nupdated: 2026-11-19T07:00:00Z\n"),
        ),
        (
            "content/moved.md",
            handoff(
                "Moved to Ana",
                "ana",
                "status: in-progress\nhistory:\n  - {date: 2026-11-19T06:00:00Z, from: kofi, to: ana, note: Kofi is on leave}\n",
            ),
        ),
        ("content/other.md", handoff("Mei's own work", "mei", "status: in-progress\nupdated: 2026-11-19T05:00:00Z\n")),
        (
            "content/decisions/new.md",
            "---\nkind: decision\ntitle: Use the new bucket\nstatus: accepted\ndate: 2026-11-19\nby: ana\nsupersedes: old\nrelated: [asked]\n---\n## Rationale\nCheaper.\n".into(),
        ),
        (
            "content/decisions/old.md",
            "---\nkind: decision\ntitle: Use the old bucket\nstatus: superseded\ndate: 2026-10-01\nby: ana\n---\n## Rationale\nIt was there.\n".into(),
        ),
        (
            "content/wraps/2026-11-19-kofi.md",
            "---\nkind: wrap\nauthor: kofi\nshift: {start: 2026-11-19T09:00:00+01:00, end: 2026-11-19T17:00:00+01:00}\nsummary: Quiet; Ana has the bucket question\nhanded_to: ana\nopen:\n  - {id: review-for-ana, next: Ana reviews}\n---\n".into(),
        ),
    ]
}

fn site() -> Site {
    files().into_iter().fold(Site::new(), |site, (path, text)| site.write(path, &text))
}

/// Runs `baton digest --format json`, checks the output against docs/digest-schema.json.
fn json(site: &Site, args: &[&str]) -> Value {
    let mut all = vec!["digest", ".", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    run.assert_ok();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let schema: Value = serde_json::from_str(include_str!("../../docs/digest-schema.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    doc
}

fn sections_and_ids(doc: &Value) -> Vec<(String, String)> {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["section"].as_str().unwrap().to_string(), i["subject"]["id"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn digest_without_git_orders_what_needs_action_first() {
    let doc = json(&site(), &["--since", "24h", "--for", "ana", "--today", "2026-11-20"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["git"], false);
    assert_eq!(doc["audience"], serde_json::json!({"kind": "person", "name": "ana"}));
    let pairs = sections_and_ids(&doc);
    let expected = [
        ("reviews-overdue", "overdue"),
        ("reviews-owed", "review-for-ana"),
        ("questions", "asked"),
        ("blockers", "stuck"),
        ("handed-off", "moved"),
        ("answers", "asked"),
        ("wraps", "2026-11-19-kofi"),
    ];
    for (n, (section, id)) in expected.iter().enumerate() {
        assert_eq!(pairs[n], (section.to_string(), id.to_string()), "item {n} of {pairs:?}");
    }
    assert!(pairs.contains(&("decisions".into(), "new".into())), "{pairs:?}");
    // Mei's own work is not in Ana's digest; nothing here came from git.
    assert!(!pairs.iter().any(|(_, id)| id == "other"));
    assert!(doc["items"].as_array().unwrap().iter().all(|i| i["source"]["from"] != "git"));
    let actions = doc["items"].as_array().unwrap().iter().filter(|i| i["needs_action"] == true).count();
    assert_eq!(actions, 5);
}

#[test]
fn digest_markdown_is_ready_for_chat() {
    let run = site().run(&["digest", ".", "--since", "2026-11-19", "--for", "ana", "--today", "2026-11-20"]);
    run.assert_ok();
    let md = &run.stdout;
    assert!(md.starts_with("# Digest for @ana\n"), "{md}");
    let order = [
        "## Needs action",
        "### Reviews overdue on your work",
        "### Reviews you owe",
        "### Questions for you",
        "### New blockers on your work",
        "### Handed to you",
        "## For your information",
        "### Answers to your questions",
        "### Shift wraps for you",
        "### Decisions",
    ];
    let places: Vec<usize> = order.iter().map(|h| md.find(h).unwrap_or_else(|| panic!("{h} missing:\n{md}"))).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{md}");
    // Absolute links, since the site has a base URL.
    assert!(md.contains("**[Overdue review](https://handoffs.example.com/handoffs/overdue/)** (ready)"), "{md}");
    assert!(md.contains("supersedes `old`"));
}

#[test]
fn digest_for_a_team_and_for_everyone() {
    let team = json(&site(), &["--since", "24h", "--team", "data", "--today", "2026-11-20"]);
    let pairs = sections_and_ids(&team);
    assert!(pairs.contains(&("changes".into(), "other".into())), "{pairs:?}");
    assert!(!pairs.iter().any(|(_, id)| id == "stuck"), "{pairs:?}");
    let everyone = json(&site(), &["--since", "24h", "--today", "2026-11-20"]);
    assert!(everyone["items"].as_array().unwrap().len() > pairs.len());
    site().run(&["digest", ".", "--team", "nope"]).assert_code(2).assert_stderr_has("no team `nope`");
    site().run(&["digest", ".", "--for", "ana", "--team", "data"]).assert_code(2);
    site().run(&["digest", ".", "--since", "yesterday"]).assert_code(2).assert_stderr_has("--since");
}

#[test]
fn digest_html_is_a_standalone_document() {
    let run = site().run(&["digest", ".", "--for", "ana", "--format", "html", "--today", "2026-11-20"]);
    run.assert_ok();
    assert!(run.stdout.starts_with("<!doctype html>"));
    assert!(run.stdout.contains("<h2>Needs action: Reviews overdue on your work</h2>"), "{}", run.stdout);
    assert!(run.stdout.contains("href=\"https://handoffs.example.com/handoffs/overdue/\""));
    assert!(!run.stdout.contains("style="));
}

/// Changes a file's frontmatter line.
fn edit(files: &mut [(&'static str, String)], path: &str, from: &str, to: &str) {
    let file = files.iter_mut().find(|(p, _)| *p == path).expect("file");
    assert!(file.1.contains(from), "{from} not in {path}");
    file.1 = file.1.replacen(from, to, 1);
}

#[test]
fn digest_reads_which_fields_changed_from_git() {
    let site = site();
    let repo = repo::init(site.path());
    let mut files = files();
    edit(&mut files, "content/stuck.md", "status: blocked", "status: in-progress");
    edit(&mut files, "content/other.md", "owner: mei", "owner: kofi");
    let old = repo::commit(&repo, &files, ("Kofi Mensah", "kofi@other.example"), "2026-11-10T12:00:00Z", None);
    edit(&mut files, "content/asked.md", "status: in-progress", "status: ready");
    let first = repo::commit(&repo, &files, ("Kofi Mensah", "kofi@other.example"), "2026-11-19T08:00:00Z", Some(old));
    edit(&mut files, "content/stuck.md", "status: in-progress", "status: blocked");
    edit(&mut files, "content/asked.md", "status: ready", "status: in-progress");
    edit(&mut files, "content/other.md", "owner: kofi", "owner: ana");
    repo::commit(&repo, &files, ("Ana P.", "ana@northwind.example"), "2026-11-19T12:00:00Z", Some(first));
    for (path, text) in &files {
        std::fs::write(site.path().join(path), text).unwrap();
    }
    let doc = json(&site, &["--since", "24h", "--for", "ana", "--today", "2026-11-20"]);
    assert_eq!(doc["git"], true);
    let items = doc["items"].as_array().unwrap();
    let find = |section: &str, id: &str| {
        items.iter().filter(|i| i["section"] == section && i["subject"]["id"] == id).cloned().collect::<Vec<_>>()
    };
    // The status change came from the commit, with its author matched to a handle by email.
    let blocked = find("blockers", "stuck");
    assert_eq!(blocked.len(), 1, "{items:#?}");
    assert_eq!(blocked[0]["source"]["from"], "git");
    assert_eq!(blocked[0]["by"], "@ana");
    assert_eq!(blocked[0]["at"], "2026-11-19T12:00:00Z");
    // Both status changes to `asked` inside the window, each with its commit; the name "Kofi
    // Mensah" is matched to kofi through people.yaml.
    let changes = find("changes", "asked");
    let texts: Vec<&str> = changes.iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["status ready → in-progress", "status in-progress → ready"], "{changes:#?}");
    assert_eq!(changes[1]["by"], "@kofi");
    assert_eq!(changes[1]["source"]["commit"].as_str().unwrap().len(), 7);
    // An owner change is work handed to Ana.
    let handed = find("handed-off", "other");
    assert_eq!(handed.len(), 1, "{items:#?}");
    assert_eq!(handed[0]["text"], "handed to @ana");
    // The commit of 2026-11-10 is outside the window.
    assert!(!items.iter().any(|i| i["at"].as_str().unwrap().starts_with("2026-11-10")));
    // Without git, the same base falls back to the frontmatter.
    let plain = json(&site, &["--since", "24h", "--for", "ana", "--today", "2026-11-20", "--no-git"]);
    assert_eq!(plain["git"], false);
    assert!(plain["items"].as_array().unwrap().iter().all(|i| i["source"]["from"] != "git"));
}

#[test]
fn the_digest_page_shows_seven_days_and_links_the_feeds() {
    let site = site();
    site.build().assert_ok();
    let page = site.page("digest/");
    assert!(page.contains("aria-current=\"page\">Digest</a>"));
    for day in ["2026-11-20", "2026-11-19", "2026-11-14"] {
        assert!(page.contains(&format!("<time datetime=\"{day}\">")), "{day}");
    }
    assert!(!page.contains("<time datetime=\"2026-11-13\">"));
    assert!(page.contains("Needs action") && page.contains("href=\"../handoffs/overdue/\""));
    assert!(page.contains("href=\"../owners/ana/feed.xml\"") && page.contains("href=\"../decisions/feed.xml\""));
    assert!(site.page("").contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(site.page("owners/ana/").contains("href=\"feed.xml\""));
}

fn read_feed(site: &Site, path: &str) -> atom_syndication::Feed {
    let bytes = std::fs::read(site.public().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    atom_syndication::Feed::read_from(&bytes[..]).unwrap_or_else(|e| panic!("{path} is not valid Atom: {e}"))
}

#[test]
fn feeds_are_valid_atom_for_the_base_each_owner_each_team_and_decisions() {
    let site = site();
    site.build().assert_ok();
    for path in [
        "feed.xml",
        "owners/ana/feed.xml",
        "owners/mei/feed.xml",
        "teams/payments/feed.xml",
        "teams/data/feed.xml",
        "decisions/feed.xml",
    ] {
        let feed = read_feed(&site, path);
        assert!(!feed.title().is_empty() && !feed.id().is_empty(), "{path}");
        assert!(feed.links().iter().any(|l| l.rel() == "self"), "{path}");
        let mut ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{path}: entry ids are unique");
        for entry in feed.entries() {
            assert!(!entry.title().is_empty(), "{path}");
            assert!(entry.links().iter().any(|l| l.href().starts_with("https://handoffs.example.com/")), "{path}");
        }
    }
    let ana = read_feed(&site, "owners/ana/feed.xml");
    let titles: Vec<String> = ana.entries().iter().map(|e| e.title().to_string()).collect();
    assert!(titles.contains(&"Reviews you owe: Review for Ana".to_string()), "{titles:?}");
    assert!(titles.contains(&"Shift wraps for you: Quiet; Ana has the bucket question".to_string()), "{titles:?}");
    let decisions = read_feed(&site, "decisions/feed.xml");
    let titles: Vec<&str> = decisions.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["Use the new bucket (accepted)", "Use the old bucket (superseded)"]);
    assert_eq!(decisions.entries()[0].updated().to_rfc3339(), "2026-11-19T00:00:00+00:00");
}

#[test]
fn feeds_without_a_base_url_link_relative_to_themselves() {
    let site = site().write("baton.yaml", "title: Digest Base\nreadiness: {ready: [], in-progress: [], blocked: []}\n");
    site.build().assert_ok();
    let feed = read_feed(&site, "owners/ana/feed.xml");
    assert!(feed.id().starts_with("tag:baton.invalid,2026:digest-base/"));
    assert!(feed.entries().iter().all(|e| e.links()[0].href().starts_with("../../")));
}

/// A `git mv` of a folder is no news: no "new handoff", no "new blockers". A file moved with a
/// small edit is that edit, and what happened to it before the move stays its history.
#[test]
fn a_moved_folder_is_not_new_work_and_a_moved_edit_is_the_edit() {
    let site = Site::new();
    let repo = repo::init(site.path());
    let mut files = files();
    edit(&mut files, "content/stuck.md", "updated: 2026-11-19T07:00:00Z", "updated: 2026-11-01T07:00:00Z");
    let who = ("Kofi Mensah", "kofi@other.example");
    let old = repo::commit(&repo, &files, who, "2026-11-10T12:00:00Z", None);
    edit(&mut files, "content/asked.md", "status: in-progress", "status: ready");
    let first = repo::commit(&repo, &files, who, "2026-11-19T08:00:00Z", Some(old));
    edit(&mut files, "content/asked.md", "status: ready", "status: in-progress");
    let moved: Vec<(String, String)> = files
        .iter()
        .map(|(path, text)| match path.strip_prefix("content/") {
            Some(rest) if !rest.starts_with("decisions/") && !rest.starts_with("wraps/") => {
                (format!("content/payments/{rest}"), text.clone())
            }
            _ => (path.to_string(), text.clone()),
        })
        .collect();
    let moved_refs: Vec<(&str, String)> = moved.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    repo::commit(&repo, &moved_refs, ("Ana P.", "ana@northwind.example"), "2026-11-19T12:00:00Z", Some(first));
    let site = moved.iter().fold(site, |site, (path, text)| site.write(path, text));

    let doc = json(&site, &["--since", "24h", "--for", "ana", "--today", "2026-11-20"]);
    assert_eq!(doc["git"], true);
    let items = doc["items"].as_array().unwrap();
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert!(!texts.iter().any(|t| t.starts_with("new handoff")), "{texts:#?}");
    assert!(!items.iter().any(|i| i["section"] == "blockers"), "{items:#?}");
    let asked: Vec<&str> = items
        .iter()
        .filter(|i| i["section"] == "changes" && i["subject"]["id"] == "asked")
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["status ready → in-progress", "status in-progress → ready"], "{items:#?}");
}
