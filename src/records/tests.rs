//! One record of each shape, and half-written ones, read end to end.

use super::relations::{RelationKind, Target};
use super::*;

const NYGARD: &str = "# 3. Keep one binary\n\nDate: 2019-03-04\n\n## Status\n\nAccepted\n\nSupersedes [2. Two binaries](0002-two-binaries.md)\n\nAmended by [5. Plugins](0005-plugins.md)\n\n## Context\n\nTwo binaries drift.\n\n## Decision\n\nShip one.\n\n## Consequences\n\nOne release to test.\n";

const MADR2: &str = "# Queue payouts through the ledger\n\n* Status: approved\n* Deciders: Ana Lima, @kofi\n* Date: 2021-06-30\n* Tags: payments, ledger\n\nTechnical Story: payouts were lost\n\n## Context and Problem Statement\n\nPayouts fail silently.\n\n## Considered Options\n\n* Ledger queue\n* Cron retry\n\n## Decision Outcome\n\nChosen option: \"Ledger queue\", because it keeps an audit trail.\n\n## Links\n\n* Refines [ADR-0001](0001-record-decisions.md)\n";

const MADR3: &str = "---\nstatus: superseded by ADR-0009\ndate: 2023-01-15\ndecision-makers: [Ana Lima, Team Platform]\nconsulted: kofi\nnav_order: 4\nparent: Decisions\n---\n# Use Postgres for events\n\n## Context and Problem Statement\n\nEvents outgrow files.\n\n## Decision Outcome\n\nChosen option: \"Postgres\".\n\n### Consequences\n\n* Good, because backups exist.\n";

#[test]
fn reads_a_nygard_record() {
    let (record, findings) = parse_record(NYGARD);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(record.shape, Shape::Nygard);
    assert_eq!(record.title.as_ref().map(|t| (t.text.as_str(), t.line)), Some(("3. Keep one binary", 1)));
    assert_eq!(record.date.as_ref().map(|d| (d.text.as_str(), d.line)), Some(("2019-03-04", 3)));
    assert_eq!(record.status.as_ref().map(|s| (s.text.as_str(), s.line)), Some(("Accepted", 7)));
    let relations: Vec<_> = record.relations.iter().map(|r| (r.kind, r.target.clone(), r.line)).collect();
    assert_eq!(
        relations,
        [
            (RelationKind::Supersedes, Target::File("0002-two-binaries".into()), 9),
            (RelationKind::AmendedBy, Target::File("0005-plugins".into()), 11)
        ]
    );
    let headings: Vec<_> = record.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ["Status", "Context", "Decision", "Consequences"]);
    assert!(record.body.starts_with("\n\nDate: 2019-03-04"), "the H1 is blanked: {:?}", record.body);
}

#[test]
fn reads_a_madr_2_record_with_people_tags_and_links() {
    let (record, findings) = parse_record(MADR2);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(record.shape, Shape::MadrBullets);
    assert_eq!(record.status.as_ref().map(|s| s.text.as_str()), Some("approved"));
    let names: Vec<_> = record.people.iter().map(|p| (p.name.as_str(), p.line)).collect();
    assert_eq!(names, [("Ana Lima", 4), ("@kofi", 4)]);
    assert_eq!(record.tags, ["payments", "ledger"]);
    assert_eq!(record.relations[0].kind, RelationKind::Related);
    assert_eq!(record.relations[0].line, 25);
}

#[test]
fn reads_madr_3_front_matter_and_ignores_other_tools_keys() {
    let (record, findings) = parse_record(MADR3);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(record.shape, Shape::MadrFrontMatter);
    assert_eq!(record.title.as_ref().map(|t| (t.text.as_str(), t.line)), Some(("Use Postgres for events", 9)));
    assert_eq!(record.status.as_ref().map(|s| s.line), Some(2));
    assert_eq!(record.relations[0].target, Target::Number(9));
    let roles: Vec<_> = record.people.iter().map(|p| (p.role, p.name.as_str())).collect();
    assert_eq!(
        roles,
        [
            (people::Role::Consulted, "kofi"),
            (people::Role::Decider, "Ana Lima"),
            (people::Role::Decider, "Team Platform")
        ]
    );
    assert_eq!(record.body_line, 9);
}

#[test]
fn half_written_records_are_read_with_findings_at_their_lines() {
    let (record, findings) = parse_record("Date: 2020-01-01\n\n## Status\n\n\n## Context\n\nText.\n");
    assert_eq!(record.title, None);
    assert_eq!(record.status, None);
    let found: Vec<_> = findings.iter().map(|f| (f.rule, f.line)).collect();
    assert_eq!(found, [("record-title", 1), ("record-status", 3)]);

    let (record, findings) = parse_record("# A\n\n## Status\n\n| Status | Date |\n|---|---|\n");
    assert_eq!(record.status, None);
    assert_eq!((findings[0].rule, findings[0].line), ("record-status", 5));
    assert!(findings[0].message.contains("table"));
}

#[test]
fn front_matter_that_is_not_yaml_is_skipped_with_a_finding() {
    let (record, findings) = parse_record("---\nstatus: [accepted\n---\n# Still read\n\n## Context\n\nX\n");
    assert_eq!(record.title.map(|t| t.text), Some("Still read".to_string()));
    assert_eq!(findings[0].rule, "record-frontmatter");
    assert!(findings[0].line >= 2, "{findings:?}");
}

#[test]
fn templates_and_introductions_are_told_by_name() {
    assert!(is_template("adr-template.md") && is_template("Template.md"));
    assert!(is_introduction("README.md") && is_introduction("index.md"));
    assert!(!is_introduction("0001-readme-first.md"));
}
