//! Views of shift wraps for templates: the wrap card every page shares, the `/wraps/` list, one
//! wrap's page, and the "latest wrap per team" the dashboard opens with.
//!
//! Like the other views these are borrowed, sorted and URL-resolved; the templates only lay them
//! out. Wrap texts are shown as written (escaped by the templates), not as Markdown, because they
//! are one-liners meant to be pasted into chat as they are; only the body is Markdown.

use super::views::{Edge, PersonRef};
use crate::model::{Base, Id, KnownRecipient, Shift, Wrap, newest_wraps};
use serde::Serialize;

/// A wrap as a card: everything but the body.
#[derive(Debug, Serialize)]
pub struct WrapView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its page.
    pub url: String,
    /// Who worked the shift.
    pub author: PersonRef<'a>,
    /// The team, as written.
    pub team: Option<&'a str>,
    /// The team's page.
    pub team_url: Option<String>,
    /// When the shift ran, ready to show: `2026-11-19 09:00–17:30 +01:00`.
    pub shift: String,
    /// The zone the shift was worked in.
    pub tz: Option<&'a str>,
    /// How it went.
    pub summary: Option<&'a str>,
    /// Handoffs still in flight.
    pub open: Vec<OpenView<'a>>,
    /// Things to keep an eye on.
    pub watch: Vec<WatchView<'a>>,
    /// Changes still settling.
    pub baking: Vec<BakingView<'a>>,
    /// Who takes over.
    pub handed_to: Option<RecipientView<'a>>,
}

/// An open handoff and its next step.
#[derive(Debug, Serialize)]
pub struct OpenView<'a> {
    /// The id as written.
    pub id: &'a str,
    /// The handoff, when it exists.
    pub handoff: Option<Edge<'a>>,
    /// The next step.
    pub next: Option<&'a str>,
}

/// Something to watch and where.
#[derive(Debug, Serialize)]
pub struct WatchView<'a> {
    /// What.
    pub what: &'a str,
    /// Where, as written.
    pub place: Option<&'a str>,
    /// Where, when it is a web address that is safe to link.
    pub url: Option<&'a str>,
}

/// A change still baking and its rollback.
#[derive(Debug, Serialize)]
pub struct BakingView<'a> {
    /// The change.
    pub change: &'a str,
    /// How to undo it.
    pub rollback: Option<&'a str>,
}

/// Who a wrap is handed to, with their page.
#[derive(Debug, Serialize)]
pub struct RecipientView<'a> {
    /// A name to show.
    pub label: String,
    /// Their page, when they have one.
    pub url: Option<String>,
    /// The person, when it is one.
    pub person: Option<PersonRef<'a>>,
}

impl<'a> WrapView<'a> {
    /// The card of `wrap`.
    pub fn new(base: &'a Base, wrap: &'a Wrap) -> Self {
        let team_slug = wrap.team.as_deref().map(crate::slug::slugify).filter(|s| !s.is_empty());
        WrapView {
            id: wrap.id.as_str(),
            url: wrap_url(&wrap.id),
            author: PersonRef::new(base, &wrap.author.value, Some(&wrap.shift.end.value)),
            team: wrap.team.as_deref(),
            team_url: team_slug.map(|slug| format!("teams/{slug}/")),
            shift: shift_label(&wrap.shift),
            tz: wrap.shift.tz.as_deref().or_else(|| base.people.get(&wrap.author.value)?.tz.as_deref()),
            summary: wrap.summary.as_ref().map(|s| s.value.as_str()),
            open: wrap
                .open
                .iter()
                .map(|o| OpenView {
                    id: o.id.value.as_str(),
                    handoff: Edge::handoff(base, &o.id.value),
                    next: o.next.as_deref(),
                })
                .collect(),
            watch: wrap
                .watch
                .iter()
                .map(|w| WatchView { what: &w.what, place: w.place.as_deref(), url: web_address(w.place.as_deref()) })
                .collect(),
            baking: wrap
                .baking
                .iter()
                .map(|b| BakingView { change: &b.change, rollback: b.rollback.as_deref() })
                .collect(),
            handed_to: recipient(base, wrap),
        }
    }
}

pub use crate::sitemap::wrap_url;

/// A place that is an http(s) address becomes a link; anything else (a channel, a query) is text.
fn web_address(place: Option<&str>) -> Option<&str> {
    place.filter(|p| p.starts_with("https://") || p.starts_with("http://")).filter(|p| !p.contains(char::is_whitespace))
}

fn recipient<'a>(base: &'a Base, wrap: &'a Wrap) -> Option<RecipientView<'a>> {
    let written = wrap.handed_to.as_ref()?.value.as_str();
    Some(match wrap.known_recipient(base) {
        Some(KnownRecipient::Person(handle)) => {
            let person = PersonRef::new(base, handle, Some(&wrap.shift.end.value));
            RecipientView { label: format!("@{handle}"), url: Some(person.url.clone()), person: Some(person) }
        }
        Some(KnownRecipient::Team(slug, team)) => {
            RecipientView { label: team.name.clone(), url: Some(format!("teams/{slug}/")), person: None }
        }
        None => RecipientView { label: written.to_string(), url: None, person: None },
    })
}

/// `2026-11-19 09:00–17:30 +01:00`, or both dates when the shift crosses midnight.
pub fn shift_label(shift: &Shift) -> String {
    let (start, end) = (shift.start.value.display(), shift.end.value.display());
    let (start_day, start_rest) = start.split_once(' ').unwrap_or((start.as_str(), ""));
    let (end_day, end_rest) = end.split_once(' ').unwrap_or((end.as_str(), ""));
    let start_time = start_rest.split(' ').next().unwrap_or("");
    if start_day == end_day {
        format!("{start_day} {start_time}–{end_rest}")
    } else {
        format!("{start_day} {start_time} → {end_day} {end_rest}")
    }
}

/// Cards for the wraps with these ids, newest first, at most `limit`.
pub fn wrap_cards<'a>(base: &'a Base, ids: &'a [Id], limit: usize) -> Vec<WrapView<'a>> {
    newest_wraps(ids.iter().filter_map(|id| base.wraps.get(id)))
        .into_iter()
        .take(limit)
        .map(|w| WrapView::new(base, w))
        .collect()
}

/// The dashboard's opening: the latest wrap of each team (a wrap without a team stands for its
/// author), newest first.
pub fn latest_per_team(base: &Base) -> Vec<WrapView<'_>> {
    let mut seen = std::collections::BTreeSet::new();
    newest_wraps(base.wraps.values())
        .into_iter()
        .filter(|w| {
            let key = w.team.as_deref().map_or_else(|| format!("@{}", w.author.value), crate::slug::slugify);
            seen.insert(key)
        })
        .map(|w| WrapView::new(base, w))
        .collect()
}

/// `/wraps/ID/`: the card plus the body.
#[derive(Debug, Serialize)]
pub struct WrapPage<'a> {
    /// The card.
    pub wrap: WrapView<'a>,
    /// The body as HTML, when there is one.
    pub body_html: Option<String>,
    /// The source file.
    pub file: String,
}

/// Builds a wrap's page from its rendered body.
pub fn wrap_page<'a>(base: &'a Base, wrap: &'a Wrap, body_html: Option<String>) -> WrapPage<'a> {
    WrapPage {
        wrap: WrapView::new(base, wrap),
        body_html: body_html.filter(|b| !b.trim().is_empty()),
        file: wrap.file.to_string_lossy().into_owned(),
    }
}

/// `/wraps/`: every wrap, newest first.
pub fn all_wraps(base: &Base) -> Vec<WrapView<'_>> {
    newest_wraps(base.wraps.values()).into_iter().map(|w| WrapView::new(base, w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::model::{At, Moment};

    fn shift(start: &str, end: &str) -> Shift {
        let at = |t: &str| At::new(Moment::parse(t).unwrap(), Span::default());
        Shift { start: at(start), end: at(end), tz: None }
    }

    #[test]
    fn shift_labels_name_the_second_day_only_when_crossing_midnight() {
        let day = shift("2026-11-19T09:00:00+01:00", "2026-11-19T17:30:00+01:00");
        assert_eq!(shift_label(&day), "2026-11-19 09:00–17:30 +01:00");
        let night = shift("2026-11-19T22:00:00+08:00", "2026-11-20T06:00:00+08:00");
        assert_eq!(shift_label(&night), "2026-11-19 22:00 → 2026-11-20 06:00 +08:00");
    }
}
