//! Reverse edges and groupings, computed once per build from the linked base.
//!
//! "Needed by" is the reverse of `depends_on`, "superseded by" the reverse of `supersedes`; owners,
//! teams, tags and statuses group handoffs. Every list is sorted and deduplicated so pages come out
//! the same on every run. Unknown ids are skipped here (the link stage has reported them).

use crate::model::{Base, Handle, Id, Indexes, Team};
use std::collections::BTreeMap;

/// Computes every index over `base`.
pub fn build(base: &Base) -> Indexes {
    let mut ix = Indexes::default();
    for handoff in base.handoffs.values() {
        for dep in handoff.depends_on.iter().filter(|d| base.handoffs.contains_key(&d.value)) {
            ix.needed_by.entry(dep.value.clone()).or_default().push(handoff.id.clone());
        }
        person(&mut ix.people, &handoff.owner.value).owns.push(handoff.id.clone());
        if let Some(reviewer) = &handoff.reviewer {
            person(&mut ix.people, &reviewer.value).reviews.push(handoff.id.clone());
        }
        if let Some(from) = &handoff.from {
            person(&mut ix.people, &from.value).handed_off.push(handoff.id.clone());
        }
        ix.by_status.entry(handoff.status.value).or_default().push(handoff.id.clone());
        if let Some(team) = &handoff.team {
            group(&mut ix.teams, team).handoffs.push(handoff.id.clone());
        }
        for tag in &handoff.tags {
            group(&mut ix.tags, tag).handoffs.push(handoff.id.clone());
        }
    }
    for decision in base.decisions.values() {
        index_decision(&mut ix, base, decision);
    }
    for person in base.people.values() {
        if let Some(team) = &person.team {
            group(&mut ix.teams, team).members.push(person.handle.clone());
        }
    }
    index_wraps(&mut ix, base);
    sort_all(&mut ix);
    ix
}

fn person<'a>(
    people: &'a mut BTreeMap<Handle, crate::model::base::Involvement>,
    handle: &Handle,
) -> &'a mut crate::model::base::Involvement {
    people.entry(handle.clone()).or_default()
}

fn index_decision(ix: &mut Indexes, base: &Base, decision: &crate::model::Decision) {
    for old in decision.supersedes.iter().filter(|o| base.decisions.contains_key(&o.value)) {
        ix.superseded_by.entry(old.value.clone()).or_default().push(decision.id.clone());
    }
    if let crate::model::DecisionOrigin::Inline { handoff } = &decision.origin {
        ix.decisions_of.entry(handoff.clone()).or_default().push(decision.id.clone());
    }
    for related in decision.related.iter().filter(|r| base.handoffs.contains_key(&r.value)) {
        ix.decisions_of.entry(related.value.clone()).or_default().push(decision.id.clone());
    }
    for by in &decision.by {
        ix.people.entry(by.value.clone()).or_default().decided.push(decision.id.clone());
    }
    for tag in &decision.tags {
        group(&mut ix.tags, tag).decisions.push(decision.id.clone());
    }
}

/// Wraps go to their author and team, and to whoever they are handed to. Teams are known by now,
/// so `handed_to: Payments` finds the team's page.
fn index_wraps(ix: &mut Indexes, base: &Base) {
    for wrap in base.wraps.values() {
        person(&mut ix.people, &wrap.author.value).wraps.push(wrap.id.clone());
        if let Some(team) = &wrap.team {
            group(&mut ix.teams, team).wraps.push(wrap.id.clone());
        }
    }
    for wrap in base.wraps.values() {
        match wrap.recipient_in(&base.people, &ix.teams) {
            Some(crate::model::Recipient::Person(handle)) => {
                person(&mut ix.people, &handle).wraps.push(wrap.id.clone())
            }
            Some(crate::model::Recipient::Team(slug)) => {
                if let Some(team) = ix.teams.get_mut(&slug) {
                    team.wraps.push(wrap.id.clone());
                }
            }
            None => {}
        }
    }
}

/// The group for `name` by slug; the alphabetically first spelling names the page, so the name
/// does not depend on which file happened to be read first.
fn group<'a>(groups: &'a mut BTreeMap<String, Team>, name: &str) -> &'a mut Team {
    let entry = groups.entry(crate::slug::slugify(name)).or_default();
    if entry.name.is_empty() || name < entry.name.as_str() {
        entry.name = name.to_string();
    }
    entry
}

fn sort_all(ix: &mut Indexes) {
    let lists = ix
        .needed_by
        .values_mut()
        .chain(ix.superseded_by.values_mut())
        .chain(ix.decisions_of.values_mut())
        .chain(ix.by_status.values_mut());
    lists.for_each(sort_ids);
    for person in ix.people.values_mut() {
        [&mut person.owns, &mut person.reviews, &mut person.handed_off, &mut person.decided, &mut person.wraps]
            .into_iter()
            .for_each(sort_ids);
    }
    for group in ix.teams.values_mut().chain(ix.tags.values_mut()) {
        sort_ids(&mut group.handoffs);
        sort_ids(&mut group.decisions);
        sort_ids(&mut group.wraps);
        group.members.sort();
        group.members.dedup();
    }
}

fn sort_ids(ids: &mut Vec<Id>) {
    ids.sort();
    ids.dedup();
}
