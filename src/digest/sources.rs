//! Where digest items come from: the state of the base today (owed reviews, open questions), the
//! frontmatter's dates (`handed_off`, `history`, `updated`, `created`, question, answer and
//! decision dates, wraps) and, when there is one, the git history (status and owner changes,
//! new files, edits, each with its commit and author).
//!
//! Git is preferred where both know the same thing: a handoff whose file changed in the window
//! gets its status changes from the commits, not from its `updated` date. Every item carries a
//! stable key; the digest keeps one item per key.

use super::git::{ChangeKind, FileChange, History};
use super::{Audience, Item, Section, Source, Subject, SubjectKind, Window};
use crate::model::{Base, Decision, Flag, Handle, Handoff, Id, Status, Wrap};
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

/// What every source looks at.
struct Ctx<'a, 'b> {
    base: &'a Base,
    window: Window,
    audience: &'b Audience,
}

/// Every item for `audience` in `window`, unordered.
pub fn collect<'a>(base: &'a Base, history: Option<&History>, window: Window, audience: &Audience) -> Vec<Item<'a>> {
    let ctx = Ctx { base, window, audience };
    let mut items = Vec::new();
    reviews(&ctx, &mut items);
    questions(&ctx, &mut items);
    handed_off(&ctx, &mut items);
    wraps(&ctx, &mut items);
    decisions(&ctx, &mut items);
    let changes = history.map(|h| file_changes(&ctx, h)).unwrap_or_default();
    let changed: BTreeSet<&Id> = changes.iter().map(|(h, _)| &h.id).collect();
    let mut blocked = Vec::new();
    for (handoff, change) in &changes {
        git_items(&ctx, handoff, change, &mut items, &mut blocked);
    }
    for h in base.handoffs.values().filter(|h| !changed.contains(&h.id)) {
        frontmatter_changes(&ctx, h, &mut items, &mut blocked);
    }
    blockers(&ctx, &blocked, &mut items);
    tracker_changes(&ctx, &mut items);
    items
}

/// Linked items of their work whose state changed in the window, as the last sync saw it:
/// "PR acme/ledger#12 merged". Keyed per handoff and item, so two handoffs linking one pull
/// request each say so.
fn tracker_changes<'a>(ctx: &Ctx<'a, '_>, items: &mut Vec<Item<'a>>) {
    if ctx.base.trackers.is_empty() {
        return;
    }
    for h in ctx.base.handoffs.values().filter(|h| ctx.audience.involved(ctx.base, h)) {
        for linked in ctx.base.trackers.linked(h) {
            let Some(entry) = linked.entry else { continue };
            let Some(at) = entry.changed().filter(|at| ctx.window.contains(*at)) else { continue };
            let text = format!("{} {} {}", linked.item.kind.short(), linked.item.compact(), entry.state.words());
            let key = format!("tracker:{}:{}", h.id, linked.item.key());
            let mut it = item(Section::Trackers, at, handoff_subject(h), text, key);
            it.source = Source::Tracker { tracker: linked.item.tracker.as_str(), as_of: entry.fetched_at.clone() };
            items.push(it);
        }
    }
}

fn handoff_subject(h: &Handoff) -> Subject<'_> {
    Subject {
        kind: SubjectKind::Handoff,
        id: h.id.as_str(),
        title: &h.title,
        url: crate::render::views::handoff_url(&h.id),
        status: Some(h.status.value.as_str()),
    }
}

fn decision_subject(d: &Decision) -> Subject<'_> {
    Subject {
        kind: SubjectKind::Decision,
        id: d.id.as_str(),
        title: &d.title,
        url: crate::render::views::decision_url(d),
        status: Some(d.status.as_str()),
    }
}

fn wrap_subject(w: &Wrap) -> Subject<'_> {
    Subject {
        kind: SubjectKind::Wrap,
        id: w.id.as_str(),
        title: w.summary.as_ref().map_or(w.id.as_str(), |s| s.value.as_str()),
        url: crate::render::wraps::wrap_url(&w.id),
        status: None,
    }
}

fn item<'a>(section: Section, at: Timestamp, subject: Subject<'a>, text: String, key: String) -> Item<'a> {
    Item { section, needs_action: section.needs_action(), at, subject, text, by: None, source: Source::State, key }
}

fn from_field<'a>(mut item: Item<'a>, field: &'static str, by: Option<&Handle>) -> Item<'a> {
    item.source = Source::Frontmatter { field };
    item.by = by.map(|h| format!("@{h}"));
    item
}

/// Reviews overdue on their work, and reviews they owe (state: listed whatever the window).
fn reviews<'a>(ctx: &Ctx<'a, '_>, items: &mut Vec<Item<'a>>) {
    for h in ctx.base.handoffs.values().filter(|h| h.status.value == Status::Ready) {
        let key = format!("review:{}", h.id);
        let overdue = ctx.base.attention.of(&h.id).iter().find(|p| p.flag == Flag::ReviewOverdue);
        if let Some(problem) = overdue.filter(|_| ctx.audience.owns(ctx.base, h)) {
            items.push(item(
                Section::ReviewsOverdue,
                problem.since,
                handoff_subject(h),
                problem.message.clone(),
                key.clone(),
            ));
        }
        let Some(reviewer) = h.reviewer.as_ref().filter(|r| ctx.audience.is(ctx.base, &r.value)) else { continue };
        let since = h.handed_off.as_ref().or(h.created.as_ref()).map_or(ctx.window.until, |m| m.value.instant);
        let text = match overdue {
            Some(problem) => format!("@{} to review: {}", reviewer.value, problem.message),
            None => format!("@{} to review{}", reviewer.value, handed_by(h)),
        };
        items.push(item(Section::ReviewsOwed, since, handoff_subject(h), text, key));
    }
}

fn handed_by(h: &Handoff) -> String {
    let when = h.handed_off.as_ref().map(|m| format!(" since {}", m.value.display())).unwrap_or_default();
    let from = h.from.as_ref().map(|f| format!(", handed off by @{}", f.value)).unwrap_or_default();
    format!("{from}{when}")
}

/// Open questions on their work (state) and answers to theirs (in the window).
fn questions<'a>(ctx: &Ctx<'a, '_>, items: &mut Vec<Item<'a>>) {
    for h in ctx.base.handoffs.values() {
        for (n, q) in h.questions.iter().enumerate() {
            let asker = q.by.as_ref().map(|b| &b.value);
            let open = q.a.is_none() && h.status.value.is_open();
            if open && ctx.audience.owns(ctx.base, h) && !asked_by_them(ctx, asker) {
                let at = q.date.as_ref().map_or(ctx.window.until, |d| d.instant);
                let it =
                    item(Section::Questions, at, handoff_subject(h), short(&q.q), format!("question:{}:{n}", h.id));
                items.push(from_field(it, "questions", asker));
            }
            let answered = q.answered.as_ref().map(|m| m.instant).filter(|at| ctx.window.contains(*at));
            let theirs = asker.is_some_and(|a| ctx.audience.is(ctx.base, a));
            if let (Some(at), Some(answer), true) = (answered, &q.a, theirs) {
                let text = format!("\"{}\": {}", short(&q.q), short(answer));
                let it = item(Section::Answers, at, handoff_subject(h), text, format!("answer:{}:{n}", h.id));
                items.push(from_field(it, "questions", q.answered_by.as_ref().map(|b| &b.value)));
            }
        }
    }
}

/// A question they asked themselves is not one for them (for everyone, every question is).
fn asked_by_them(ctx: &Ctx<'_, '_>, asker: Option<&Handle>) -> bool {
    *ctx.audience != Audience::Everyone && asker.is_some_and(|a| ctx.audience.is(ctx.base, a))
}

/// Work handed to them in the window: `history` moves to them, else `handed_off` on their work.
fn handed_off<'a>(ctx: &Ctx<'a, '_>, items: &mut Vec<Item<'a>>) {
    for h in ctx.base.handoffs.values() {
        let mut moved = false;
        for t in &h.history {
            let (Some(at), Some(to)) = (t.date.as_ref().map(|d| d.instant), t.to.as_ref()) else { continue };
            if ctx.window.contains(at) && ctx.audience.is(ctx.base, &to.value) {
                moved = true;
                let note = t.note.as_deref().map(|n| format!(": {}", short(n))).unwrap_or_default();
                let text = format!("handed to @{}{note}", to.value);
                let it = item(Section::HandedOff, at, handoff_subject(h), text, format!("handed:{}", h.id));
                items.push(from_field(it, "history", t.from.as_ref().map(|f| &f.value)));
            }
        }
        let Some(at) = h.handed_off.as_ref().map(|m| m.value.instant) else { continue };
        if !moved && ctx.window.contains(at) && ctx.audience.owns(ctx.base, h) {
            let text = format!("handed off to @{}, {}", h.owner.value, h.status.value.as_str());
            let it = item(Section::HandedOff, at, handoff_subject(h), text, format!("handed:{}", h.id));
            items.push(from_field(it, "handed_off", h.from.as_ref().map(|f| &f.value)));
        }
    }
}

fn wraps<'a>(ctx: &Ctx<'a, '_>, items: &mut Vec<Item<'a>>) {
    for w in ctx.base.wraps.values() {
        let at = w.shift.end.value.instant;
        if ctx.window.contains(at) && ctx.audience.receives(ctx.base, w) {
            let open = w.open.len();
            let to = w.handed_to.as_ref().map(|t| format!(", handed to {}", t.value)).unwrap_or_default();
            let text = format!("shift {} wrapped{to}; {open} open", crate::render::wraps::shift_label(&w.shift));
            let it = item(Section::Wraps, at, wrap_subject(w), text, format!("wrap:{}", w.id));
            items.push(from_field(it, "shift", Some(&w.author.value)));
        }
    }
}

fn decisions<'a>(ctx: &Ctx<'a, '_>, items: &mut Vec<Item<'a>>) {
    for d in ctx.base.decisions.values() {
        let Some(at) = d.date.as_ref().map(|m| m.instant).filter(|at| ctx.window.contains(*at)) else { continue };
        if !ctx.audience.concerned_by(ctx.base, d) {
            continue;
        }
        let supersedes: Vec<String> = d.supersedes.iter().map(|s| format!("`{}`", s.value)).collect();
        let text = match supersedes.is_empty() {
            true => format!("new decision, {}", d.status.as_str()),
            false => format!("{}, supersedes {}", d.status.as_str(), supersedes.join(", ")),
        };
        let it = item(Section::Decisions, at, decision_subject(d), text, format!("decision:{}", d.id));
        items.push(from_field(it, "date", d.by.first().map(|b| &b.value)));
    }
}

/// Commits in the window that touched an existing handoff, by file.
fn file_changes<'a, 'h>(ctx: &Ctx<'a, '_>, history: &'h History) -> Vec<(&'a Handoff, &'h FileChange)> {
    let by_file: BTreeMap<&std::path::Path, &Handoff> =
        ctx.base.handoffs.values().map(|h| (h.file.as_path(), h)).collect();
    history
        .changes
        .iter()
        // A pure move changes nothing a reader needs to hear about; a moved and edited file is
        // `Modified` and reported as the edit.
        .filter(|c| ctx.window.contains(c.at) && !matches!(c.kind, ChangeKind::Deleted | ChangeKind::Renamed))
        .filter_map(|c| by_file.get(c.path.as_path()).map(|h| (*h, c)))
        .collect()
}

/// A handoff that became blocked in the window, and how we know.
struct NewBlock<'a> {
    handoff: &'a Handoff,
    at: Timestamp,
    source: Source,
    by: Option<String>,
}

fn git_items<'a>(
    ctx: &Ctx<'a, '_>,
    h: &'a Handoff,
    change: &FileChange,
    items: &mut Vec<Item<'a>>,
    blocked: &mut Vec<NewBlock<'a>>,
) {
    let by = Some(git_person(ctx.base, change));
    let source = Source::Git { commit: change.commit.clone(), author: change.author.name.clone() };
    let field = |name: &str| change.fields.iter().find(|f| f.field == name);
    let status = field("status");
    if status.and_then(|s| s.after.as_deref()) == Some("blocked") {
        blocked.push(NewBlock { handoff: h, at: change.at, source: source.clone(), by: by.clone() });
    }
    let owner = field("owner").and_then(|o| o.after.as_deref()).and_then(|o| Handle::parse(o).ok());
    if let Some(owner) = owner.filter(|o| change.kind == ChangeKind::Modified && ctx.audience.is(ctx.base, o)) {
        let text = format!("handed to @{owner}");
        push_git(
            items,
            item(Section::HandedOff, change.at, handoff_subject(h), text, format!("handed:{}", h.id)),
            &source,
            &by,
        );
    }
    if !ctx.audience.involved(ctx.base, h) {
        return;
    }
    let key = format!("change:{}:{}", h.id, change.commit);
    let text = match (change.kind, status) {
        (ChangeKind::Added, _) => format!("new handoff, {}", h.status.value.as_str()),
        (_, Some(s)) if s.after.as_deref() == Some("blocked") => return,
        (_, Some(s)) => {
            format!("status {} → {}", s.before.as_deref().unwrap_or("draft"), s.after.as_deref().unwrap_or("draft"))
        }
        (_, None) => format!("edited {}", field_list(change)),
    };
    push_git(items, item(Section::Changes, change.at, handoff_subject(h), text, key), &source, &by);
}

fn push_git<'a>(items: &mut Vec<Item<'a>>, mut it: Item<'a>, source: &Source, by: &Option<String>) {
    it.source = source.clone();
    it.by = by.clone();
    items.push(it);
}

fn field_list(change: &FileChange) -> String {
    let fields: Vec<&str> = change.fields.iter().map(|f| f.field.as_str()).collect();
    if fields.is_empty() { "the body".to_string() } else { fields.join(", ") }
}

/// A git author as a handle when people.yaml knows them (by email in `contact`, by name, or by the
/// email's local part), else the name as committed.
fn git_person(base: &Base, change: &FileChange) -> String {
    let author = &change.author;
    let matches = |p: &crate::model::Person| {
        p.contact.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&author.email))
            || p.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&author.name))
    };
    let local = author.email.split('@').next().and_then(|l| Handle::parse(&l.to_lowercase()).ok());
    base.people
        .values()
        .find(|p| matches(p))
        .map(|p| p.handle.clone())
        .or_else(|| local.filter(|l| base.people.contains_key(l)))
        .map_or_else(|| author.name.clone(), |h| format!("@{h}"))
}

/// Without a commit to go by: `created` and `updated` in the window.
fn frontmatter_changes<'a>(
    ctx: &Ctx<'a, '_>,
    h: &'a Handoff,
    items: &mut Vec<Item<'a>>,
    blocked: &mut Vec<NewBlock<'a>>,
) {
    let in_window = |m: &Option<crate::model::At<crate::model::Moment>>| {
        m.as_ref().map(|m| m.value.instant).filter(|at| ctx.window.contains(*at))
    };
    if let Some(at) = in_window(&h.updated).filter(|_| h.status.value == Status::Blocked) {
        blocked.push(NewBlock { handoff: h, at, source: Source::Frontmatter { field: "updated" }, by: None });
        return;
    }
    if !ctx.audience.involved(ctx.base, h) {
        return;
    }
    let (at, text, field) = match (in_window(&h.created), in_window(&h.updated)) {
        (Some(at), _) => (at, format!("new handoff, {}", h.status.value.as_str()), "created"),
        (None, Some(at)) => (at, format!("updated, now {}", h.status.value.as_str()), "updated"),
        (None, None) => return,
    };
    let it = item(Section::Changes, at, handoff_subject(h), text, format!("change:{}", h.id));
    items.push(from_field(it, field, None));
}

/// Their work that became blocked, and their work that waits on something that did.
fn blockers<'a>(ctx: &Ctx<'a, '_>, blocked: &[NewBlock<'a>], items: &mut Vec<Item<'a>>) {
    for block in blocked {
        let b = block.handoff;
        let mut affected: Vec<(&'a Handoff, String)> = Vec::new();
        if ctx.audience.owns(ctx.base, b) {
            let reason = b.blocked_reason.as_deref().map_or_else(|| waits_on(ctx.base, b), short);
            affected.push((b, format!("blocked: {reason}")));
        }
        for id in ctx.base.indexes.needed_by.get(&b.id).into_iter().flatten() {
            let Some(h) = ctx.base.handoffs.get(id) else { continue };
            if h.status.value.is_open() && ctx.audience.owns(ctx.base, h) {
                affected.push((h, format!("waits on `{}`, which is now blocked", b.id)));
            }
        }
        for (h, text) in affected {
            let mut it =
                item(Section::Blockers, block.at, handoff_subject(h), text, format!("blocked:{}:{}", h.id, b.id));
            it.source = block.source.clone();
            it.by = block.by.clone();
            items.push(it);
        }
    }
}

fn waits_on(base: &Base, h: &Handoff) -> String {
    let open: Vec<String> = h
        .depends_on
        .iter()
        .filter(|d| base.handoffs.get(&d.value).is_some_and(|dep| dep.status.value != Status::Done))
        .map(|d| format!("`{}`", d.value))
        .collect();
    if open.is_empty() { "no reason given".to_string() } else { format!("waits on {}", open.join(", ")) }
}

/// One line of at most 120 characters, for chat.
fn short(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 120 {
        return line;
    }
    let mut cut: String = line.chars().take(119).collect();
    cut.push('…');
    cut
}
