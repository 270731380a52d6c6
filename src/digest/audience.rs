//! Who a digest is for: everyone, one person (`--for HANDLE`) or one team (`--team T`), and the
//! questions every item asks of it: is this their work, are they this person, is this for them?
//!
//! A team is matched by slug, so `--team "data platform"` and `--team data-platform` agree; a
//! person belongs to a team through people.yaml.

use crate::model::{Base, Decision, Handle, Handoff, Recipient, Wrap};
use serde::Serialize;

/// Who a digest is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Audience {
    /// The whole base.
    Everyone,
    /// One person.
    Person(Handle),
    /// One team, by slug.
    Team(String),
}

impl Audience {
    /// Whether headings say "you".
    pub fn is_personal(&self) -> bool {
        matches!(self, Audience::Person(_))
    }

    /// `@ana`, `Payments`, or the site's title for everyone.
    pub fn label(&self, base: &Base, everyone: &str) -> String {
        match self {
            Audience::Everyone => everyone.to_string(),
            Audience::Person(handle) => format!("@{handle}"),
            Audience::Team(slug) => base.indexes.teams.get(slug).map_or_else(|| slug.clone(), |t| t.name.clone()),
        }
    }

    /// Whether `handle` is (one of) them.
    pub fn is(&self, base: &Base, handle: &Handle) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Person(me) => me == handle,
            Audience::Team(slug) => person_team(base, handle).is_some_and(|t| t == *slug),
        }
    }

    /// Whether the handoff is their work: they own it (a team: it is the team's).
    pub fn owns(&self, base: &Base, handoff: &Handoff) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Person(me) => handoff.owner.value == *me,
            Audience::Team(slug) => base.team_slug(handoff).is_some_and(|t| t == *slug),
        }
    }

    /// Whether they have anything to do with the handoff: own, review or handed it off.
    pub fn involved(&self, base: &Base, handoff: &Handoff) -> bool {
        let people = [Some(&handoff.owner), handoff.reviewer.as_ref(), handoff.from.as_ref()];
        self.owns(base, handoff) || people.into_iter().flatten().any(|p| self.is(base, &p.value))
    }

    /// Whether the decision concerns them: they took part, or it concerns their work.
    pub fn concerned_by(&self, base: &Base, decision: &Decision) -> bool {
        let by_them = decision.by.iter().any(|b| self.is(base, &b.value));
        // The handoffs a decision concerns are the one it was written in and its `related` ones
        // (what `decisions_of` indexes the other way round).
        let written_in = match &decision.origin {
            crate::model::DecisionOrigin::Inline { handoff } => Some(handoff),
            crate::model::DecisionOrigin::File => None,
        };
        let handoffs = written_in.into_iter().chain(decision.related.iter().map(|r| &r.value));
        by_them || handoffs.filter_map(|id| base.handoffs.get(id)).any(|h| self.involved(base, h))
    }

    /// Whether the wrap is for them: handed to them (or their team), or, for a team, written in it.
    pub fn receives(&self, base: &Base, wrap: &Wrap) -> bool {
        let to_them = match (self, wrap.recipient(base)) {
            (Audience::Everyone, _) => true,
            (_, Some(Recipient::Person(handle))) => self.is(base, &handle),
            (Audience::Person(me), Some(Recipient::Team(slug))) => person_team(base, me).is_some_and(|t| t == slug),
            (Audience::Team(mine), Some(Recipient::Team(slug))) => *mine == slug,
            (_, None) => false,
        };
        let own_team = matches!(self, Audience::Team(slug)
            if wrap.team.as_deref().map(crate::slug::slugify).is_some_and(|t| t == *slug));
        to_them || own_team
    }
}

fn person_team(base: &Base, handle: &Handle) -> Option<String> {
    base.people.get(handle)?.team.as_deref().map(crate::slug::slugify)
}
