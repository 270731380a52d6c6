//! The digest on the site and in mail: `/digest/` (what needs action now, then the last seven
//! days, day by day) and the standalone HTML document `baton digest --format html` prints.
//!
//! Both are views of a [`Digest`]; the templates (`digest.html`, `digest-mail.html`) lay them out.
//! Days are UTC days, the one calendar a team spread over time zones shares.
//!
//! `/digest/` holds at most `page_size` items a page: a busy week of a large base is tens of
//! thousands of items (27 MB of HTML at 100,000 handoffs). Past that, the rest follows on
//! `/digest/page/2/`, `/digest/page/3/`…, in the same order, each day and section heading
//! repeated with "(continued)" where it carries on. The digest moves with the clock, so these
//! pages are made together from one digest, not kept as separate pages of the site's catalog.

use super::Renderer;
use super::pages::Pager;
use crate::config::SiteConfig;
use crate::digest::{self, Audience, Digest, Item, Section, SubjectKind, Window};
use crate::write::Output;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// How many days `/digest/` covers.
pub const DIGEST_DAYS: i64 = 7;

/// One item as shown.
#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    /// Handoff, decision or wrap.
    pub kind: SubjectKind,
    /// The subject's title.
    pub title: &'a str,
    /// The subject's page (site-root-relative, or absolute in mail when the site has a base URL).
    pub url: String,
    /// The subject's status.
    pub status: Option<&'static str>,
    /// What happened.
    pub text: &'a str,
    /// Who did it.
    pub by: Option<&'a str>,
    /// When, `2026-11-19 14:20 UTC`.
    pub when: String,
    /// The commit it was learnt from, if any.
    pub commit: Option<&'a str>,
}

/// A section with its items.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The heading, with "(continued)" on a page after the one where the section starts.
    pub heading: String,
    /// Whether its items need action.
    pub needs_action: bool,
    /// The items, in digest order.
    pub items: Vec<ItemView<'a>>,
}

fn item_view<'a>(item: &'a Item<'a>, prefix: &str) -> ItemView<'a> {
    ItemView {
        kind: item.subject.kind,
        title: item.subject.title,
        url: format!("{prefix}{}", item.subject.url),
        status: item.subject.status,
        text: &item.text,
        by: item.by.as_deref(),
        when: digest::markdown::when(item.at),
        commit: match &item.source {
            digest::Source::Git { commit, .. } => Some(commit.as_str()),
            _ => None,
        },
    }
}

/// The non-empty sections of the items that `keep` selects, in reading order.
fn sections<'a>(digest: &'a Digest<'a>, prefix: &str, keep: impl Fn(&Item<'_>) -> bool) -> Vec<SectionView<'a>> {
    let personal = digest.audience.is_personal();
    Section::ALL
        .into_iter()
        .map(|section| SectionView {
            heading: section.heading(personal).to_string(),
            needs_action: section.needs_action(),
            items: digest
                .items
                .iter()
                .filter(|i| i.section == section && keep(i))
                .map(|i| item_view(i, prefix))
                .collect(),
        })
        .filter(|s| !s.items.is_empty())
        .collect()
}

/// One UTC day of `/digest/`.
#[derive(Debug, Serialize)]
pub struct DayView<'a> {
    /// `2026-11-19`.
    pub date: String,
    /// `Thursday 19 November 2026`.
    pub label: String,
    /// What happened that day, by section.
    pub sections: Vec<SectionView<'a>>,
    /// The day started on an earlier page.
    pub continued: bool,
}

pub use crate::sitemap::FeedLink;

/// `/digest/`.
#[derive(Debug, Serialize)]
pub struct DigestPage<'a> {
    /// The window, as text.
    pub since: String,
    /// "Today".
    pub until: String,
    /// Whether git history was read.
    pub git: bool,
    /// What needs someone now.
    pub needs_action: Vec<SectionView<'a>>,
    /// The rest, newest day first.
    pub days: Vec<DayView<'a>>,
    /// The feeds to subscribe to (on the first page).
    pub feeds: Vec<FeedLink>,
    /// Where this page sits among the digest's pages.
    pub pager: Pager,
    /// What needs action started on an earlier page.
    pub needs_action_continued: bool,
}

/// Builds `/digest/` from a digest of the whole base over the last [`DIGEST_DAYS`] days.
pub fn digest_page<'a>(digest: &'a Digest<'a>, feeds: Vec<FeedLink>) -> DigestPage<'a> {
    let days = (0..DIGEST_DAYS)
        .filter_map(|back| digest.until.checked_sub(SignedDuration::from_hours(24 * back)).ok())
        .map(|at| at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        .map(|day| DayView {
            date: day.to_string(),
            label: day.strftime("%A %-d %B %Y").to_string(),
            sections: sections(digest, "", |i| !i.needs_action && utc_day(i.at) == day),
            continued: false,
        })
        .collect();
    DigestPage {
        since: digest::markdown::when(digest.since),
        until: digest::markdown::when(digest.until),
        git: digest.git,
        needs_action: sections(digest, "", |i| i.needs_action),
        days,
        feeds,
        pager: Pager { page: 1, pages: 1, prev: None, next: None },
        needs_action_continued: false,
    }
}

/// Page `page` (from 1) of the digest: `digest/`, then `digest/page/N/`.
pub fn digest_page_url(page: usize) -> String {
    if page <= 1 { "digest/".into() } else { format!("digest/page/{page}/") }
}

/// `whole` cut into pages of at most `size` items, in reading order; one page when it fits.
/// A day with nothing recorded stays where it falls between the others.
pub fn digest_pages(whole: DigestPage<'_>, size: usize) -> Vec<DigestPage<'_>> {
    let size = size.max(1);
    let DigestPage { since, until, git, needs_action, days, feeds, .. } = whole;
    let mut cut = Cutter { size, room: size, pages: Vec::new() };
    cut.pages.push(DigestPage {
        since,
        until,
        git,
        needs_action: Vec::new(),
        days: Vec::new(),
        feeds,
        pager: Pager { page: 1, pages: 1, prev: None, next: None },
        needs_action_continued: false,
    });
    for section in needs_action {
        cut.place(section, |page, section, continued| {
            page.needs_action_continued |= continued && page.needs_action.is_empty();
            page.needs_action.push(section);
        });
    }
    for day in days {
        let DayView { date, label, sections, .. } = day;
        if sections.is_empty() {
            cut.last().days.push(DayView { date, label, sections, continued: false });
            continue;
        }
        for section in sections {
            cut.place(section, |page, section, continued| match page.days.last_mut() {
                Some(last) if last.date == date => last.sections.push(section),
                _ => page.days.push(DayView {
                    date: date.clone(),
                    label: label.clone(),
                    sections: vec![section],
                    continued,
                }),
            });
        }
    }
    let pages = cut.pages.len();
    for (n, page) in cut.pages.iter_mut().enumerate() {
        page.pager = Pager {
            page: n + 1,
            pages,
            prev: (n > 0).then(|| digest_page_url(n)),
            next: (n + 1 < pages).then(|| digest_page_url(n + 2)),
        };
    }
    cut.pages
}

/// Fills pages of the digest with sections, a page's worth of items at a time.
struct Cutter<'a> {
    size: usize,
    /// Items the last page still has room for.
    room: usize,
    pages: Vec<DigestPage<'a>>,
}

impl<'a> Cutter<'a> {
    fn last(&mut self) -> &mut DigestPage<'a> {
        let at = self.pages.len() - 1;
        &mut self.pages[at]
    }

    /// Places `section`, cut across pages as it needs; `put` adds a piece of it to a page, told
    /// whether the piece continues one on an earlier page.
    fn place(&mut self, section: SectionView<'a>, put: impl Fn(&mut DigestPage<'a>, SectionView<'a>, bool)) {
        let SectionView { heading, needs_action, mut items } = section;
        let mut continued = false;
        while !items.is_empty() {
            if self.room == 0 {
                let next = DigestPage {
                    since: self.pages[0].since.clone(),
                    until: self.pages[0].until.clone(),
                    git: self.pages[0].git,
                    needs_action: Vec::new(),
                    days: Vec::new(),
                    feeds: Vec::new(),
                    pager: Pager { page: 1, pages: 1, prev: None, next: None },
                    needs_action_continued: false,
                };
                self.pages.push(next);
                self.room = self.size;
            }
            let rest = items.split_off(items.len().min(self.room));
            self.room -= items.len();
            let heading = if continued { format!("{heading} (continued)") } else { heading.clone() };
            let piece = SectionView { heading, needs_action, items: std::mem::replace(&mut items, rest) };
            put(self.last(), piece, continued);
            continued = true;
        }
    }
}

fn utc_day(at: Timestamp) -> jiff::civil::Date {
    at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// The mail form of a digest.
#[derive(Debug, Serialize)]
struct MailPage<'a> {
    label: &'a str,
    since: String,
    until: String,
    count: usize,
    actions: usize,
    git: bool,
    sections: Vec<SectionView<'a>>,
}

/// `baton digest --format html`: a standalone document through the theme's `digest-mail.html`.
pub fn standalone_html(
    theme: &super::theme::Theme,
    config: &SiteConfig,
    digest: &Digest<'_>,
    label: &str,
    base_url: Option<&str>,
) -> anyhow::Result<String> {
    let page = MailPage {
        label,
        since: digest::markdown::when(digest.since),
        until: digest::markdown::when(digest.until),
        count: digest.items.len(),
        actions: digest.action_count(),
        git: digest.git,
        sections: sections(digest, base_url.unwrap_or(""), |_| true),
    };
    let context = serde_json::json!({ "site": config, "page": page });
    let context = tera::Context::from_serialize(&context)?;
    theme
        .tera
        .render("digest-mail.html", &context)
        .map_err(|e| anyhow::anyhow!(super::theme::error_chain(&e)))
        .map_err(|e| e.context("rendering digest-mail.html"))
}

impl Renderer<'_> {
    /// `/digest/`: the last week of the whole base, day by day.
    pub(super) fn render_digest(&mut self, out: &mut Output, url: &str) -> anyhow::Result<()> {
        let (base, timeline) = (self.base, self.timeline);
        let since = timeline.today.checked_sub(SignedDuration::from_hours(24 * DIGEST_DAYS)).unwrap_or(Timestamp::MIN);
        let window = Window { since, until: timeline.today };
        let week = digest::digest(base, timeline.git.as_ref(), window, Audience::Everyone);
        let feeds = super::feeds::feed_links(base);
        let pages = digest_pages(digest_page(&week, feeds), self.config.page_size);
        let count = pages.len();
        for page in pages {
            let n = page.pager.page;
            let url = if n > 1 { digest_page_url(n) } else { url.to_string() };
            let title = if n > 1 { format!("Digest (page {n} of {count})") } else { "Digest".into() };
            self.page(out, &url, "digest.html", "digest", &title, page)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(texts: &[&'static str]) -> Vec<ItemView<'static>> {
        let item = |text: &&'static str| ItemView {
            kind: SubjectKind::Handoff,
            title: "T",
            url: "handoffs/t/".into(),
            status: None,
            text,
            by: None,
            when: String::new(),
            commit: None,
        };
        texts.iter().map(item).collect()
    }

    fn section(heading: &str, needs_action: bool, texts: &[&'static str]) -> SectionView<'static> {
        SectionView { heading: heading.into(), needs_action, items: items(texts) }
    }

    fn day(date: &str, sections: Vec<SectionView<'static>>) -> DayView<'static> {
        DayView { date: date.into(), label: date.into(), sections, continued: false }
    }

    fn whole() -> DigestPage<'static> {
        DigestPage {
            since: "s".into(),
            until: "u".into(),
            git: false,
            needs_action: vec![section("Reviews owed", true, &["r1", "r2", "r3"])],
            days: vec![
                day("d3", vec![section("Status changes", false, &["s1", "s2"]), section("Decisions", false, &["x1"])]),
                day("d2", Vec::new()),
                day("d1", vec![section("Status changes", false, &["s3"])]),
            ],
            feeds: Vec::new(),
            pager: Pager { page: 1, pages: 1, prev: None, next: None },
            needs_action_continued: false,
        }
    }

    /// A page's sections and days as text: `!` starts what needs action, `@` a day.
    fn outline(page: &DigestPage<'_>) -> Vec<String> {
        let mut lines: Vec<String> = page
            .needs_action
            .iter()
            .map(|s| format!("! {}: {}", s.heading, s.items.iter().map(|i| i.text).collect::<Vec<_>>().join(" ")))
            .collect();
        for d in &page.days {
            lines.push(format!("@ {}{}", d.date, if d.continued { " (continued)" } else { "" }));
            for s in &d.sections {
                lines.push(format!("{}: {}", s.heading, s.items.iter().map(|i| i.text).collect::<Vec<_>>().join(" ")));
            }
        }
        lines
    }

    #[test]
    fn a_digest_that_fits_is_one_page_as_it_was() {
        let pages = digest_pages(whole(), 7);
        assert_eq!(pages.len(), 1);
        assert_eq!(outline(&pages[0]), outline(&whole()));
        assert_eq!(pages[0].pager.pages, 1);
    }

    #[test]
    fn a_long_digest_continues_in_order_with_its_headings_marked() {
        let pages = digest_pages(whole(), 2);
        let outlines: Vec<Vec<String>> = pages.iter().map(outline).collect();
        assert_eq!(
            outlines,
            [
                vec!["! Reviews owed: r1 r2"],
                vec!["! Reviews owed (continued): r3", "@ d3", "Status changes: s1"],
                // A day with nothing recorded follows the day before it, on its page.
                vec!["@ d3 (continued)", "Status changes (continued): s2", "Decisions: x1", "@ d2"],
                vec!["@ d1", "Status changes: s3"],
            ]
        );
        assert!(pages[1].needs_action_continued && !pages[0].needs_action_continued);
        let links: Vec<(Option<&str>, Option<&str>)> =
            pages.iter().map(|p| (p.pager.prev.as_deref(), p.pager.next.as_deref())).collect();
        assert_eq!(links[0], (None, Some("digest/page/2/")));
        assert_eq!(links[1], (Some("digest/"), Some("digest/page/3/")));
        assert_eq!(links[3], (Some("digest/page/3/"), None));
    }
}
