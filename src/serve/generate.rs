//! A generated knowledge base of any size, for measuring `serve` at scale.
//!
//! The same `handoffs` count always gives byte-identical files (a fixed linear congruential
//! sequence, no clock, no randomness), so figures measured on it can be compared across runs
//! and machines. The base looks like a large real one: 200 people in 20 teams over 5 time zones,
//! every status, dependencies on earlier work (so there are no cycles), tags, Q&A, inline
//! decisions every 25 handoffs with supersession chains, wiki links and code in the bodies.
//! It is not a fixture for correctness: example-site is.

/// People in the generated base.
const PEOPLE: usize = 200;
/// Teams they belong to.
const TEAMS: usize = 20;
/// Distinct tags.
const TAGS: usize = 60;
/// Every this many handoffs carries an inline decision.
const DECISION_EVERY: usize = 25;

const ZONES: [&str; 5] = ["Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata", "America/New_York", "Asia/Tokyo"];
const STATUSES: [&str; 10] =
    ["in-progress", "ready", "done", "in-progress", "accepted", "blocked", "draft", "done", "in-progress", "cancelled"];
const TOPICS: [&str; 8] = [
    "ledger export",
    "webhook retries",
    "schema migration",
    "cache warmup",
    "pager rotation",
    "key rotation",
    "backfill",
    "alert tuning",
];
const SYSTEMS: [&str; 6] = ["payments-api", "warehouse", "mobile app", "billing", "search", "identity"];

/// A deterministic sequence: the same seed gives the same numbers everywhere.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below.max(1) as u64) as usize
    }
}

/// A handoff id: `h-00042`.
pub fn handoff_id(n: usize) -> String {
    format!("h-{n:05}")
}

/// A person's handle: `p-017`.
pub fn handle(n: usize) -> String {
    format!("p-{:03}", n % PEOPLE)
}

/// The path of handoff `n`: `content/team-07/h-00042.md`.
pub fn handoff_path(n: usize) -> String {
    format!("content/team-{:02}/{}.md", owner_of(n) % TEAMS, handoff_id(n))
}

fn owner_of(n: usize) -> usize {
    (n * 7 + 3) % PEOPLE
}

/// Every file of a base with `handoffs` handoffs: (path relative to the site, text).
pub fn generate(handoffs: usize) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "baton.yaml".to_string(),
            format!("title: Generated base ({handoffs} handoffs)\ndescription: Made by baton's benchmark generator.\n"),
        ),
        ("people.yaml".to_string(), people()),
    ];
    files.extend((0..handoffs).map(|n| (handoff_path(n), handoff(n))));
    files
}

fn people() -> String {
    let mut text = String::new();
    for n in 0..PEOPLE {
        text += &format!(
            "{}:\n  name: Person {n}\n  team: Team {:02}\n  tz: {}\n  contact: p{n}@example.com\n",
            handle(n),
            n % TEAMS,
            ZONES[n % ZONES.len()]
        );
    }
    text
}

/// One handoff file.
pub fn handoff(n: usize) -> String {
    let mut seq = Sequence(n as u64 + 1);
    let mut text = String::from("---\n");
    let topic = TOPICS[seq.next(TOPICS.len())];
    let system = SYSTEMS[seq.next(SYSTEMS.len())];
    text += &format!("title: \"{} {topic} for {system}\"\n", handoff_id(n));
    text += &format!("owner: {}\n", handle(owner_of(n)));
    // Never one's own reviewer (a check error).
    let (from, reviewer) = (seq.next(PEOPLE), owner_of(n) + 1 + seq.next(PEOPLE - 1));
    text += &format!("from: {}\nreviewer: {}\n", handle(from), handle(reviewer));
    let status = STATUSES[n % STATUSES.len()];
    text += &format!("status: {status}\n");
    if status == "blocked" {
        text += "blocked_reason: Waiting for the vendor's sandbox credentials.\n";
    }
    let (month, day) = (1 + n % 11, 1 + n % 27);
    text += &format!(
        "created: 2026-{month:02}-{day:02}\nupdated: 2026-{:02}-{day:02}T{:02}:30:00+01:00\n",
        month + 1,
        n % 24
    );
    text += &format!("handed_off: 2026-{:02}-{day:02}\n", month + 1);
    text += &format!("due: 2027-{:02}-{day:02}\n", 1 + n % 12);
    text += &format!("intent: |\n  Make the {topic} in {system} safe to hand over between shifts.\n");
    text.push_str("deliverables:\n  - A runbook section\n  - A dashboard panel\n");
    // Finished work has every criterion met (a check error otherwise).
    let finished = status == "done";
    text += &format!(
        "acceptance:\n  - text: Dry run on staging\n    done: {}\n  - text: Two clean nights in production\n    done: {finished}\n",
        finished || n.is_multiple_of(2)
    );
    text += &format!("depends_on: [{}]\n", dependencies(n, &mut seq).join(", "));
    text += &format!("tags: [tag-{:02}, tag-{:02}]\n", seq.next(TAGS), seq.next(TAGS));
    if n.is_multiple_of(3) {
        text += &format!(
            "questions:\n  - q: Who signs off on the rollout?\n    by: {}\n    date: 2026-{month:02}-{day:02}\n",
            handle(seq.next(PEOPLE))
        );
    }
    if n.is_multiple_of(DECISION_EVERY) {
        text.push_str(&decision(n));
    }
    text.push_str("---\n");
    text.push_str(&body(n, topic, system, &mut seq));
    text
}

/// One or two earlier handoffs (never later ones, so the graph has no cycles), never a
/// cancelled one (depending on cancelled work is a check error).
fn dependencies(n: usize, seq: &mut Sequence) -> Vec<String> {
    let open = |m: usize| if is_cancelled(m) { m - 1 } else { m };
    match n {
        0 => Vec::new(),
        1..=9 => vec![handoff_id(open(n - 1))],
        _ => {
            let first = open(n - 1 - seq.next(5));
            let second = open(n - 6 - seq.next(4));
            vec![handoff_id(first), handoff_id(second)]
        }
    }
}

fn is_cancelled(n: usize) -> bool {
    STATUSES[n % STATUSES.len()] == "cancelled"
}

fn decision(n: usize) -> String {
    let mut text = format!(
        "decisions:\n  - id: d-{n:05}\n    title: Decision taken in {}\n    date: 2026-{:02}-10\n    status: accepted\n    by: [{}]\n    decision: Keep the current approach and measure.\n    rationale: It is the smallest change that can be undone.\n",
        handoff_id(n),
        1 + n % 12,
        handle(owner_of(n))
    );
    // Every other decision replaces the one before it, which makes chains across the base.
    if n >= DECISION_EVERY && !(n / DECISION_EVERY).is_multiple_of(2) {
        text += &format!("    supersedes: d-{:05}\n", n - DECISION_EVERY);
    }
    text
}

fn body(n: usize, topic: &str, system: &str, seq: &mut Sequence) -> String {
    let mut text = format!(
        "## Context\n\nThe {topic} in **{system}** needs a steady hand. See [[{}]] for the work before it.\n\n",
        handoff_id(n.saturating_sub(1 + seq.next(3)))
    );
    text.push_str("## Steps\n\n1. Check the dashboard.\n2. Run the dry run.\n3. Hand over with notes.\n\n");
    text.push_str("- [x] Staging\n- [ ] Production\n\n| Step | Owner |\n|------|-------|\n| dry run | on call |\n\n");
    if n.is_multiple_of(10) {
        text.push_str("```sql\nSELECT count(*) FROM ledger_entries WHERE export_date = current_date;\n```\n\n");
    }
    text.push_str("## Rollback\n\nRevert the flag and page the owner.\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_size_gives_the_same_files() {
        assert_eq!(generate(60), generate(60));
    }

    #[test]
    fn a_generated_base_passes_check_without_errors() {
        let files = generate(300);
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let dir = crate::testing::site_folder(&files);
        let today = crate::check::parse_today("2026-11-20").ok();
        let (_, outcome) = crate::serve::site::LiveSite::open(dir.path(), today).unwrap();
        let crate::serve::site::Outcome::Published(update) = outcome else { panic!("{outcome:?}") };
        assert!(update.rendered > 300);
    }
}
