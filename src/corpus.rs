//! A generated knowledge base of any size, for benchmarks: `baton bench-corpus --count N --out DIR`.
//!
//! Deterministic (a seeded SplitMix64, no clock): the same count and seed give the same bytes.
//! Text follows a Zipf law over a vocabulary of ~20,000 words (common English words first, then
//! handoff vocabulary, then made-up words), which is what makes search figures realistic: most
//! words are rare, a few are everywhere. Each handoff has about 800 words and 0–3 inline
//! decisions; 200 people in 12 teams across time zones own them, each handoff
//! owned and decided within its team. Not a fixture for tests: it
//! exercises sizes, not features.

use std::fmt::Write as _;

/// Everything a site needs: (path relative to the site folder, text).
pub fn generate(count: usize, seed: u64) -> Vec<(String, String)> {
    let words = Vocabulary::new();
    let mut rng = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut files = vec![
        (
            "baton.yaml".to_string(),
            "title: Benchmark base\ndescription: A generated base for benchmarks.\n".to_string(),
        ),
        ("people.yaml".to_string(), people()),
    ];
    for n in 0..count {
        files.push((format!("content/team-{}/h{n:05}.md", n % TEAMS.len()), handoff(n, &words, &mut rng)));
    }
    files
}

const TEAMS: [&str; 12] = [
    "Payments",
    "Data Platform",
    "Mobile",
    "SRE",
    "Billing",
    "Routing",
    "Warehouse",
    "Identity",
    "Search",
    "Growth",
    "Support Tools",
    "Security",
];
const ZONES: [&str; 4] = ["Europe/Berlin", "America/New_York", "Asia/Singapore", "America/Sao_Paulo"];
const STATUSES: [&str; 7] = ["draft", "ready", "accepted", "in-progress", "blocked", "done", "cancelled"];
const DECISION_STATUSES: [&str; 4] = ["proposed", "accepted", "accepted", "superseded"];
const PEOPLE: usize = 200;

/// The most frequent words of English prose, in rough order.
const COMMON: &str = "the of and to a in is that for it as with was on be by this are we at from or an \
    not have but they which will one all has can if more when there so no out up what about into than \
    then them only its also after before over new some two first should would could may must been were \
    because while until still already each other any most just now how where who why";
/// What handoffs talk about.
const DOMAIN: &str = "ledger export pipeline shard replica cutover backfill schema migration tenant payout \
    invoice carrier route manifest dispatch warehouse pallet driver mobile release flag rollout canary \
    alert pager incident runbook dashboard latency throughput budget retry queue consumer producer topic \
    partition offset snapshot checkpoint watermark reconcile balance posting account journal review owner \
    handoff shift context decision rationale risk mitigation dependency blocker cluster node region \
    failover backup restore vacuum index query plan cache eviction timeout contract endpoint webhook \
    signature token rotation secret vault audit compliance retention postgres kafka debezium redis \
    terraform kubernetes deploy staging production rollback hotfix regression test coverage flaky build \
    artifact registry image container sidecar proxy gateway certificate quota limit throttle backlog \
    sprint estimate customer merchant refund chargeback settlement currency exchange rate fee tax report \
    export import parquet warehouse dbt model metric slo error budget on-call escalation postmortem \
    timeline owner reviewer acceptance criteria deliverable checklist question answer ticket design doc";

/// Words ordered from most to least frequent, with the cumulative Zipf weights to draw them.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
    /// How many common English words lead the list; handoff vocabulary follows.
    common: usize,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let common = COMMON.split_whitespace().count();
        let mut words: Vec<String> =
            COMMON.split_whitespace().chain(DOMAIN.split_whitespace()).map(str::to_string).collect();
        let syllables =
            ["ka", "lo", "mi", "ter", "san", "vo", "rel", "dun", "pra", "sik", "mor", "te", "ban", "qui", "zel", "fa"];
        let mut n = 0usize;
        while words.len() < 20_000 {
            let (a, b, c) = (syllables[n % 16], syllables[(n / 16) % 16], syllables[(n / 256) % 16]);
            words.push(if n < 4096 { format!("{a}{b}{c}") } else { format!("{a}{b}{c}{}", n / 4096) });
            n += 1;
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(1.05);
                total
            })
            .collect();
        Vocabulary { words, cumulative, common }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let at = self.cumulative.partition_point(|c| *c < rng.unit() * total);
        &self.words[at.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng, words: usize) -> String {
        let mut text: String = (0..words).map(|_| self.word(rng)).collect::<Vec<_>>().join(" ");
        if let Some(first) = text.get(..1) {
            text.replace_range(..1, &first.to_uppercase());
        }
        text.push('.');
        text
    }

    /// One of the `range` most frequent words after the common ones.
    fn topical(&self, rng: &mut Rng, range: usize) -> &str {
        &self.words[self.common + rng.below(range)]
    }

    /// A title from the handoff vocabulary (the first ~600 ranks), so titles share words.
    fn title(&self, rng: &mut Rng) -> String {
        let n = 4 + rng.below(5);
        let picked: Vec<&str> = (0..n).map(|_| self.topical(rng, 600)).collect();
        let mut title = picked.join(" ");
        if let Some(first) = title.get(..1) {
            title.replace_range(..1, &first.to_uppercase());
        }
        title
    }
}

fn people() -> String {
    let mut text = String::new();
    for p in 0..PEOPLE {
        let _ = writeln!(
            text,
            "p{p:03}:\n  name: Person {p}\n  team: {}\n  tz: {}",
            TEAMS[p % TEAMS.len()],
            ZONES[p % ZONES.len()]
        );
    }
    text
}

/// Someone of team `team`: people are spread over the teams round-robin, as in [`people`].
fn member(team: usize, rng: &mut Rng) -> usize {
    let per_team = PEOPLE / TEAMS.len();
    (team + TEAMS.len() * rng.below(per_team)) % PEOPLE
}

fn handoff(n: usize, words: &Vocabulary, rng: &mut Rng) -> String {
    let team = n % TEAMS.len();
    let owner = member(team, rng);
    let mut text = String::from("---\n");
    let _ = writeln!(text, "id: h{n:05}\ntitle: \"{}\"\nowner: p{owner:03}", words.title(rng));
    let _ = writeln!(text, "status: {}\nteam: {}", STATUSES[rng.below(7)], TEAMS[team]);
    let _ = writeln!(text, "updated: 2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let _ = writeln!(text, "intent: \"{}\"", words.sentence(rng, 20));
    let tags: Vec<String> = (0..1 + rng.below(3)).map(|_| format!("\"{}\"", words.topical(rng, 150))).collect();
    let _ = writeln!(text, "tags: [{}]", tags.join(", "));
    let decisions = rng.below(4);
    if decisions > 0 {
        text.push_str("decisions:\n");
    }
    for d in 0..decisions {
        // Most decisions are taken by the owner, the others by a teammate.
        let by = if rng.below(10) < 6 { owner } else { member(team, rng) };
        let _ = writeln!(
            text,
            "  - id: h{n:05}-d{d}\n    title: \"{}\"\n    status: {}\n    by: p{:03}\n    date: 2026-{:02}-{:02}\n    context: \"{}\"\n    decision: \"{}\"\n    rationale: \"{}\"",
            words.title(rng),
            DECISION_STATUSES[rng.below(4)],
            by,
            1 + rng.below(12),
            1 + rng.below(28),
            words.sentence(rng, 25),
            words.sentence(rng, 15),
            words.sentence(rng, 25),
        );
    }
    text.push_str("---\n\n");
    body(&mut text, words, rng);
    text
}

/// About 650 words of Markdown in sections, paragraphs and a list.
fn body(text: &mut String, words: &Vocabulary, rng: &mut Rng) {
    for heading in ["Context", "Where it stands", "Plan", "Notes"] {
        let _ = writeln!(text, "## {heading}\n");
        for _ in 0..3 {
            let paragraph: Vec<String> = (0..4)
                .map(|_| {
                    let length = 8 + rng.below(10);
                    words.sentence(rng, length)
                })
                .collect();
            let _ = writeln!(text, "{}\n", paragraph.join(" "));
        }
        if heading == "Plan" {
            for _ in 0..5 {
                let _ = writeln!(text, "- {}", words.sentence(rng, 8));
            }
            text.push('\n');
        }
    }
}

/// SplitMix64: tiny, seedable and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_base() {
        assert_eq!(generate(3, 7), generate(3, 7));
        assert_ne!(generate(3, 7), generate(3, 8));
        assert_eq!(generate(3, 7).len(), 5);
    }

    #[test]
    fn handoffs_are_about_800_words() {
        let files = generate(20, 1);
        let words: usize = files[2..].iter().map(|(_, t)| t.split_whitespace().count()).sum();
        let average = words / 20;
        assert!((650..1100).contains(&average), "{average}");
    }
}
