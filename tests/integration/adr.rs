//! Decision records of other tools read in place: adr-tools (Nygard), MADR 2 / Log4brains and
//! MADR 3/4 folders named in `decision_dirs`, and records copied under `content/`. The records
//! here are written for these tests in each tool's form.

use crate::harness::Site;
use serde_json::Value;

const RECORD_1: &str = "# 1. Record architecture decisions\n\nDate: 2019-01-07\n\n## Status\n\nAccepted\n\n## Context\n\nWe forget why things are the way they are.\n\n## Decision\n\nWe keep decision records in this folder.\n\n## Consequences\n\nNewcomers can read why, so fewer decisions are reopened.\n";

const RECORD_2: &str = "# 2. Ship two binaries\n\nDate: 2019-02-11\n\n## Status\n\nSuperseded by [3. Ship one binary](0003-ship-one-binary.md)\n\n## Context\n\nServer and client had different release cycles.\n\n## Decision\n\nShip a server binary and a client binary.\n\n## Consequences\n\nTwo release trains to run.\n";

const RECORD_3: &str = "# 3. Ship one binary\n\nDate: 2019-06-03\n\n## Status\n\nApproved\n\nSupersedes [2. Ship two binaries](0002-ship-two-binaries.md)\n\nAmends [1. Record architecture decisions](0001-record-architecture-decisions.md)\n\n## Context\n\nThe two binaries drifted apart: a quokka-shaped bug shipped twice.\n\n## Decision\n\nShip a single binary with subcommands.\n\n## Consequences\n\nOne release train.\n";

const RECORD_4: &str =
    "# 4. Freeze the wire format\n\nDate: 12/02/2016\n\n## Status\n\nParked\n\n## Context\n\nClients lag behind.\n";

const MADR_2: &str = "# Queue payouts through the ledger\n\n* Status: agreed\n* Deciders: Ana Lima, @kofi, Team Platform\n* Date: 2021-06-30\n\n## Context and Problem Statement\n\nPayouts fail silently when the bank is down.\n\n## Considered Options\n\n* Ledger queue\n* Cron retry\n\n## Decision Outcome\n\nChosen option: \"Ledger queue\", because it keeps an audit trail.\n\n## Pros and Cons of the Options\n\n### Cron retry\n\n* Bad, because retries hide outages.\n\n## Links\n\n* Follows [ADR-0001](0001-record-architecture-decisions.md)\n";

const MADR_2_FIRST: &str = "# Record architecture decisions\n\n* Status: accepted\n* Date: 2021-01-04\n\n## Context and Problem Statement\n\nBilling decisions get lost.\n\n## Decision Outcome\n\nChosen option: \"MADR\", because the team knows it.\n";

const MADR_3: &str = "---\nstatus: In Review\ndate: 2024-03-01\ndecision-makers: [Kofi Mensah]\nconsulted: [Team Data]\nparent: Decisions\nnav_order: 7\n---\n# Use Postgres for the event store\n\n## Context and Problem Statement\n\nEvent files outgrow the disk.\n\n## Decision Outcome\n\nChosen option: \"Postgres\", because backups already exist.\n\n### Consequences\n\n* Good, because one database to run.\n";

const PEOPLE: &str = "ana:\n  name: Ana Lima\n  team: Payments\nkofi:\n  name: Kofi Mensah\n  team: Payments\n";

/// A repository with `docs/adr` (adr-tools), `billing/adr` (MADR 2) and the site in `kb/`.
fn repository() -> (tempfile::TempDir, Site) {
    let repo = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let full = repo.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    };
    write("docs/adr/0001-record-architecture-decisions.md", RECORD_1);
    write("docs/adr/0002-ship-two-binaries.md", RECORD_2);
    write("docs/adr/0003-ship-one-binary.md", RECORD_3);
    write("docs/adr/0004-freeze-the-wire-format.md", RECORD_4);
    write("docs/adr/README.md", "# Decisions\n\nWhy the tool is the way it is.\n");
    write("docs/adr/templates/template.md", "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n");
    write("billing/adr/0001-record-architecture-decisions.md", MADR_2_FIRST);
    write("billing/adr/0002-queue-payouts.md", MADR_2);
    let site = Site::new_in(repo.path())
        .write(
            "baton.yaml",
            "title: KB\ndecision_dirs:\n  - ../docs/adr\n  - {path: ../billing/adr, prefix: billing, team: Payments}\ndecision_statuses:\n  In Review: proposed\n",
        )
        .write("people.yaml", PEOPLE)
        .write("content/decisions/0007-use-postgres.md", MADR_3)
        .handoff(
            "release",
            "title: Release train\nowner: ana\ndecisions: []\n",
            "Why one binary: [[0003-ship-one-binary]], and the [payout queue](../../billing/adr/0002-queue-payouts.md).\n",
        );
    (repo, site)
}

#[test]
fn a_folder_of_records_builds_with_warnings_only() {
    let (_repo, site) = repository();
    let run = site.build();
    run.assert_ok();
    // What baton cannot read in a record it did not write is a warning with file:line.
    run.assert_stderr_has("../docs/adr/0004-freeze-the-wire-format.md:7")
        .assert_stderr_has("`Parked`")
        .assert_stderr_has("`12/02/2016`");
    assert!(!site.public().join("decisions/template").exists(), "templates are skipped");
}

#[test]
fn nygard_records_show_number_title_status_and_supersession_both_ways() {
    let (_repo, site) = repository();
    site.build().assert_ok();
    let old = site.page("decisions/0002-ship-two-binaries/");
    assert!(old.contains("ADR 2</span> Ship two binaries</h1>"), "title without its number:\n{old}");
    assert!(old.contains("decisions/0003-ship-one-binary/"), "superseded by 3:\n{old}");
    let new = site.page("decisions/0003-ship-one-binary/");
    assert!(new.contains("Approved · accepted"), "own word beside baton's:\n{new}");
    assert!(new.contains("Supersedes"), "{new}");
    assert!(new.contains("2019-06-03"), "date:\n{new}");
    assert!(new.contains("Amends"), "{new}");
    assert!(new.contains("quokka-shaped"), "every section on the page:\n{new}");
    let first = site.page("decisions/0001-record-architecture-decisions/");
    assert!(first.contains("Amended by"), "relations both ways:\n{first}");
    let parked = site.page("decisions/0004-freeze-the-wire-format/");
    assert!(parked.contains("Parked · proposed"), "an unknown word is shown as written:\n{parked}");
}

#[test]
fn madr_records_show_people_prefix_sections_and_synonyms() {
    let (_repo, site) = repository();
    site.build().assert_ok();
    let page = site.page("decisions/billing-0002-queue-payouts/");
    assert!(page.contains("agreed · accepted"), "{page}");
    assert!(page.contains("owners/ana/"), "a name matched to people.yaml:\n{page}");
    assert!(page.contains("owners/kofi/"), "an @handle matched:\n{page}");
    assert!(page.contains("Team Platform"), "an unmatched name shown as written:\n{page}");
    assert!(page.contains("Pros and Cons of the Options") && page.contains("retries hide outages"), "{page}");
    assert!(page.contains("decisions/billing-0001-record-architecture-decisions/"), "## Links:\n{page}");
    let madr3 = site.page("decisions/0007-use-postgres/");
    assert!(madr3.contains("In Review · proposed"), "decision_statuses maps more words:\n{madr3}");
    assert!(madr3.contains("Use Postgres for the event store"), "{madr3}");
    let handoff = site.page("handoffs/release/");
    assert!(handoff.contains("decisions/0003-ship-one-binary/"), "handoffs link to records:\n{handoff}");
}

#[test]
fn records_are_searched_and_exported() {
    let (_repo, site) = repository();
    let run = site.run(&["search", "quokka", "--json"]);
    run.assert_ok();
    let found: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(found["results"][0]["id"], "0003-ship-one-binary", "{found}");
    let run = site.run(&["export", "."]);
    run.assert_ok();
    let doc: Value = serde_json::from_str(&run.stdout).expect("export is JSON");
    let decisions = doc["decisions"].as_array().expect("decisions");
    let two = decisions.iter().find(|d| d["id"] == "0002-ship-two-binaries").expect("record 2 exported");
    assert_eq!(two["status"], "superseded");
    assert_eq!(two["title"], "Ship two binaries");
    assert_eq!(two["record"]["number"], 2);
    assert_eq!(two["superseded_by"][0], "0003-ship-one-binary");
    let payouts = decisions.iter().find(|d| d["id"] == "billing-0002-queue-payouts").expect("billing record");
    assert_eq!(payouts["record"]["status_word"], "agreed");
    assert_eq!(payouts["record"]["team"], "Payments");
    assert_eq!(payouts["by"].as_array().map(Vec::len), Some(2), "{payouts}");
}

#[test]
fn two_folders_with_the_same_file_and_no_prefix_is_an_error_naming_both() {
    let (repo, site) = repository();
    let site = site.write("baton.yaml", "title: KB\ndecision_dirs: [../docs/adr, ../billing/adr]\n");
    let run = site.build();
    run.assert_code(1)
        .assert_stderr_has("../docs/adr/0001-record-architecture-decisions.md")
        .assert_stderr_has("../billing/adr/0001-record-architecture-decisions.md")
        .assert_stderr_has("prefix");
    drop(repo);
}

#[test]
fn an_accepted_record_that_says_nowhere_why_is_a_warning_with_a_record_hint() {
    let (_repo, site) = repository();
    let site =
        site.write("../docs/adr/0005-no-reason.md", "# 5. No reason\n\n## Status\n\nAccepted\n\n## Context\n\nX.\n");
    let run = site.build();
    run.assert_ok()
        .assert_stderr_has("warning[accepted-without-rationale]")
        .assert_stderr_has("../docs/adr/0005-no-reason.md")
        .assert_stderr_has("## Consequences");
    // Records whose Consequences or Decision Outcome says why are not reported.
    assert!(!run.stderr.contains("0003-ship-one-binary.md:1:1\n  = field: rationale"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("accepted-without-rationale").count(), 1, "{}", run.stderr);
}
