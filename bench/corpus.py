#!/usr/bin/env python3
"""Deterministic benchmark corpora: the same N handoffs as a baton site, a Hugo site and an mdBook.

Two shapes (`--shape`):
- `bench` (the default, the corpus of every figure in RESULTS.md): ~620 words of Markdown a page
  with headings, lists, a table, a fenced code block and links; baton's copy adds frontmatter
  (~150 words) with 1-4 tags, 0-3 dependencies (on earlier pages only, so there are no cycles),
  0-3 inline decisions and a question. (Its table has a blank line after the header row, so
  every tool renders the rows as a paragraph; kept so that figures stay comparable.)
- `prose`: the other corpus of issue 16, closer to a long-lived base: ~950 words of Markdown a
  page with the same elements (its table well formed), one fenced code block, the same
  frontmatter and no inline decisions.
Hugo and mdBook get the same Markdown body, so each tool renders the same text.
Usage: corpus.py N OUT_DIR [--shape bench|prose]  (writes OUT_DIR/{baton,hugo,mdbook})
"""
import argparse
import os
import random

WORDS = (
    "ledger export pipeline shard replica cutover backfill schema migration tenant payout invoice "
    "carrier route manifest dispatch warehouse pallet driver mobile release flag rollout canary "
    "alert pager incident runbook dashboard latency throughput budget retry queue consumer producer "
    "topic partition offset snapshot checkpoint watermark reconcile balance posting account journal "
    "review owner handoff shift context decision rationale risk mitigation dependency blocker "
    "cluster node region failover backup restore vacuum index query plan cache eviction timeout "
    "contract endpoint webhook signature token rotation secret vault audit compliance retention "
    "the a of to and in for on with at by from that this we it is are was be will can should must "
    "after before during while until when then so because but if not only also still already"
).split()
TAGS = ["Ledger v2", "CDC", "On-call", "Mobile", "Payments", "Data Platform", "SRE", "Incident follow-up",
        "Migration", "Security", "Performance", "Billing", "Routing", "Warehouse", "API", "Compliance"]
TEAMS = ["Payments", "Data Platform", "Mobile", "SRE"]
PEOPLE = [f"p{n:02d}" for n in range(40)]
CODE = {
    "sql": "SELECT account_id, sum(amount) AS balance\nFROM postings\nWHERE booked_at < now() - interval '1 day'\nGROUP BY account_id\nHAVING sum(amount) <> 0;",
    "rust": "fn reconcile(v1: &Ledger, v2: &Ledger) -> Vec<Mismatch> {\n    v1.accounts()\n        .filter(|a| v1.balance(a) != v2.balance(a))\n        .map(Mismatch::from)\n        .collect()\n}",
    "yaml": "connector: ledger-v2\nsnapshot:\n  mode: incremental\n  chunk_size: 5000\nretries: 8",
    "bash": "kubectl -n payments rollout status deploy/ledger-writer\n./scripts/backfill --from 2019-01 --to 2026-10 --parallel 8",
}


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences=5):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def body(rng, i, link, shape="bench"):
    """The Markdown of page i in `shape`; `link(j)` writes a link to page j in the tool's own syntax."""
    lang = rng.choice(sorted(CODE))
    parts = [
        "## Context", paragraph(rng), paragraph(rng),
        "## Plan", "\n".join(f"- {sentence(rng, rng.randint(6, 12))}" for _ in range(5)),
        paragraph(rng),
        "## Numbers", "| Stage | Rows | Duration |\n|---|---:|---:|",
        "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1000, 99999)} | {rng.randint(1, 90)} min |" for _ in range(5)),
        f"## Rollout", paragraph(rng), f"```{lang}\n{CODE[lang]}\n```",
        "## Where I left off", paragraph(rng, 6),
        "## Links", "\n".join(f"- See {link(j)} for the earlier step." for j in sorted({rng.randrange(i) for _ in range(2)} if i else [])),
        "## Notes", paragraph(rng, 8), paragraph(rng, 8), paragraph(rng, 6),
    ]
    if shape == "prose":
        table = parts.index("## Numbers") + 1
        parts[table:table + 2] = ["\n".join(parts[table:table + 2])]
        parts += [
            "## What we tried", paragraph(rng), paragraph(rng, 6),
            "## Open ends", "\n".join(f"- {sentence(rng, rng.randint(8, 14))}" for _ in range(4)), paragraph(rng),
        ]
    return "\n\n".join(parts) + "\n"


def frontmatter(rng, i, n, shape="bench"):
    owner, reviewer = rng.sample(PEOPLE, 2)
    deps = sorted({f"h-{rng.randrange(i):05d}" for _ in range(rng.randint(0, 3))}) if i else []
    tags = rng.sample(TAGS, rng.randint(1, 4))
    lines = [
        f"title: {sentence(rng, 5)[:-1]} {i}", f"id: h-{i:05d}", f"owner: {owner}", f"from: {rng.choice(PEOPLE)}",
        f"reviewer: {reviewer}", f"team: {rng.choice(TEAMS)}", "status: in-progress",
        "created: 2026-11-01", "updated: 2026-11-18", "handed_off: 2026-11-02T09:30:00+01:00", "due: 2027-03-01",
        "review_within: 3d", f"intent: {sentence(rng, 20)}",
        "deliverables:", *[f"  - {sentence(rng, 8)}" for _ in range(3)],
        "acceptance:", *[f"  - text: {sentence(rng, 9)}\n    done: {str(rng.random() < 0.5).lower()}" for _ in range(3)],
        "risks:", f"  - text: {sentence(rng, 8)}\n    mitigation: {sentence(rng, 10)}",
        f"depends_on: [{', '.join(deps)}]", f"tags: [{', '.join(tags)}]",
        "links:", f"  - {{title: PR {i}, url: 'https://git.example.com/mr/{i}', kind: code}}",
        "questions:", f"  - q: {sentence(rng, 9)}\n    by: {rng.choice(PEOPLE)}\n    date: 2026-11-03\n    a: {sentence(rng, 12)}\n    answered_by: {owner}\n    answered: 2026-11-03",
        "decisions:",
    ]
    for d in range(rng.randint(0, 3) if shape == "bench" else 0):
        lines += [f"  - id: d-{i:05d}-{d}", f"    title: {sentence(rng, 6)[:-1]}", f"    date: 2026-10-{rng.randint(1, 28):02d}",
                  "    status: accepted", f"    by: [{owner}]", f"    decision: {sentence(rng, 12)}",
                  f"    rationale: {sentence(rng, 14)}", f"    alternatives: ['{sentence(rng, 6)}']"]
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--shape", choices=("bench", "prose"), default="bench")
    args = parser.parse_args()
    n, out, shape = args.n, args.out, args.shape
    baton, hugo, book = (os.path.join(out, t) for t in ("baton", "hugo", "mdbook"))
    write(f"{baton}/baton.yaml", "title: Bench base\nstale_after: 60d\n")
    write(f"{baton}/people.yaml", "".join(f"{p}: {{name: Person {p}, team: {TEAMS[k % 4]}, tz: Europe/Berlin}}\n" for k, p in enumerate(PEOPLE)))
    write(f"{hugo}/hugo.toml", "baseURL = '/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n[markup.highlight]\n  noClasses = false\n")
    write(f"{hugo}/layouts/_default/single.html", "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
    write(f"{hugo}/layouts/_default/list.html", "<!doctype html><html><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
    write(f"{book}/book.toml", "[book]\ntitle = 'Bench'\n[output.html]\n")
    summary = ["# Summary\n"]
    for i in range(n):
        rng = random.Random(i)
        fm = frontmatter(rng, i, n, shape)
        title = fm.split("\n", 1)[0][len("title: "):]
        rng_body = random.Random(1_000_000 + i)
        write(f"{baton}/content/team-{i % 4}/h-{i:05d}.md", f"---\n{fm}---\n\n" + body(rng_body, i, lambda j: f"[[h-{j:05d}]]", shape))
        rng_body = random.Random(1_000_000 + i)
        write(f"{hugo}/content/handoffs/h-{i:05d}.md", f"---\ntitle: \"{title}\"\n---\n\n" + body(rng_body, i, lambda j: f"[h-{j:05d}](/handoffs/h-{j:05d}/)", shape))
        rng_body = random.Random(1_000_000 + i)
        write(f"{book}/src/h-{i:05d}.md", f"# {title}\n\n" + body(rng_body, i, lambda j: f"[h-{j:05d}](h-{j:05d}.md)", shape))
        summary.append(f"- [{title}](h-{i:05d}.md)\n")
    write(f"{book}/src/SUMMARY.md", "".join(summary))


if __name__ == "__main__":
    main()
