//! Atom feeds, so a chat tool or a feed reader can deliver the digest: the whole base
//! (`/feed.xml`), each person (`/owners/HANDLE/feed.xml`), each team (`/teams/SLUG/feed.xml`) and
//! the decisions (`/decisions/feed.xml`).
//!
//! A feed's entries are its audience's digest items of the last [`FEED_DAYS`] days, newest first
//! (a feed is a timeline, not a to-do list); the decisions feed is every dated decision. Entry ids
//! are the items' stable keys under the site's IRI, so a reader never shows one thing twice. Links
//! are absolute when `base_url` is, else relative to the feed's own place (valid Atom either way).
//! The XML is laid out by the theme's `atom.xml`.

use super::Renderer;
use crate::digest::{self, Audience, FEED_DAYS, Item, Timeline, Window};
use crate::model::Decision;
use anyhow::Context as _;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// The most entries a feed carries; readers keep what they have seen.
const MAX_ENTRIES: usize = 50;

/// One feed, ready for `atom.xml`.
#[derive(Debug, Serialize)]
pub struct Feed {
    /// The feed's title.
    pub title: String,
    /// What it covers.
    pub subtitle: String,
    /// Its IRI.
    pub id: String,
    /// The newest entry's time (or "today" when it has none), RFC 3339.
    pub updated: String,
    /// Where the feed itself lives.
    pub self_url: String,
    /// The page it belongs to.
    pub html_url: String,
    /// Entries, newest first.
    pub entries: Vec<Entry>,
}

/// One entry.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Its IRI.
    pub id: String,
    /// `Handed to you: Cut reads over to Ledger v2`.
    pub title: String,
    /// When, RFC 3339.
    pub updated: String,
    /// The page it is about.
    pub url: String,
    /// Who did it.
    pub author: Option<String>,
    /// The digest section, as a category term.
    pub category: &'static str,
    /// What happened.
    pub summary: String,
}

/// Where the site's links start from in a feed at `path`: its base URL, or the way back to the
/// site root.
fn link_prefix(base_url: &str, path: &str) -> String {
    if is_absolute(base_url) { base_url.to_string() } else { "../".repeat(path.matches('/').count()) }
}

fn is_absolute(base_url: &str) -> bool {
    base_url.starts_with("https://") || base_url.starts_with("http://")
}

/// The IRI of a thing of the site: its URL when the site has one, else a `tag:` IRI named after
/// the site, which stays the same wherever the files are served from.
fn iri(base_url: &str, title: &str, path: &str) -> String {
    if is_absolute(base_url) {
        format!("{base_url}{path}")
    } else {
        let site = crate::slug::slugify(title);
        format!("tag:baton.invalid,2026:{}/{path}", if site.is_empty() { "site" } else { &site })
    }
}

pub use crate::sitemap::feed_links;

impl Renderer<'_> {
    /// Every feed of the site, as (path, XML). Each person and team has a feed, and each feed's
    /// digest reads the whole base, so they are made on every core.
    pub(super) fn render_feeds(&self, timeline: &Timeline) -> anyhow::Result<Vec<(String, String)>> {
        use rayon::prelude::*;
        let base = self.base;
        let since = timeline.today.checked_sub(SignedDuration::from_hours(24 * FEED_DAYS)).unwrap_or(Timestamp::MIN);
        let window = Window { since, until: timeline.today };
        let mut audiences = vec![("feed.xml".to_string(), "".to_string(), Audience::Everyone)];
        for slug in base.indexes.teams.keys() {
            audiences.push((format!("teams/{slug}/feed.xml"), format!("teams/{slug}/"), Audience::Team(slug.clone())));
        }
        for handle in super::pages::everyone(base) {
            audiences.push((
                format!("owners/{handle}/feed.xml"),
                format!("owners/{handle}/"),
                Audience::Person(handle.clone()),
            ));
        }
        let mut feeds: Vec<(String, String)> = audiences
            .into_par_iter()
            .map(|(path, page, audience)| {
                let result = digest::digest(base, timeline.git.as_ref(), window, audience);
                let xml = self.feed_xml(&path, &self.digest_feed(&result, &path, &page))?;
                Ok((path, xml))
            })
            .collect::<anyhow::Result<_>>()?;
        let path = "decisions/feed.xml";
        feeds.push((path.to_string(), self.feed_xml(path, &self.decisions_feed(timeline.today))?));
        Ok(feeds)
    }

    fn digest_feed(&self, result: &digest::Digest<'_>, path: &str, page: &str) -> Feed {
        let (base_url, title) = (self.config.base_url.as_str(), self.config.title.as_str());
        let prefix = link_prefix(base_url, path);
        let mut items: Vec<&Item<'_>> = result.items.iter().collect();
        items.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.key.cmp(&b.key)));
        let personal = result.audience.is_personal();
        let entries: Vec<Entry> = items
            .into_iter()
            .take(MAX_ENTRIES)
            .map(|item| Entry {
                id: iri(base_url, title, &format!("digest/{}", item.key)),
                title: format!("{}: {}", item.section.heading(personal), item.subject.title),
                updated: item.at.to_string(),
                url: format!("{prefix}{}", item.subject.url),
                author: item.by.clone(),
                category: item.section.as_str(),
                summary: item.text.clone(),
            })
            .collect();
        let label = result.audience.label(self.base, title);
        Feed {
            title: format!("{title}: digest for {label}"),
            subtitle: format!("What changed for {label} in the last {FEED_DAYS} days, and what waits on them"),
            id: iri(base_url, title, path),
            updated: entries.first().map_or_else(|| result.until.to_string(), |e| e.updated.clone()),
            self_url: format!("{prefix}{path}"),
            html_url: format!("{prefix}{page}"),
            entries,
        }
    }

    fn decisions_feed(&self, today: Timestamp) -> Feed {
        let (base_url, title) = (self.config.base_url.as_str(), self.config.title.as_str());
        let path = "decisions/feed.xml";
        let prefix = link_prefix(base_url, path);
        let dated = self.base.decisions.values().filter(|d| d.date.is_some());
        let entries: Vec<Entry> = super::pages::newest_decisions(dated)
            .into_iter()
            .take(MAX_ENTRIES)
            .map(|d| decision_entry(d, base_url, title, &prefix))
            .collect();
        Feed {
            title: format!("{title}: decisions"),
            subtitle: "Every decision, newest first, with what it supersedes".into(),
            id: iri(base_url, title, path),
            updated: entries.first().map_or_else(|| today.to_string(), |e| e.updated.clone()),
            self_url: format!("{prefix}{path}"),
            html_url: format!("{prefix}decisions/"),
            entries,
        }
    }

    fn feed_xml(&self, path: &str, feed: &Feed) -> anyhow::Result<String> {
        let context = serde_json::json!({ "site": self.config, "page": feed });
        let context = tera::Context::from_serialize(&context).with_context(|| format!("preparing {path}"))?;
        self.theme
            .tera
            .render("atom.xml", &context)
            .map_err(|e| anyhow::anyhow!(super::theme::error_chain(&e)))
            .with_context(|| format!("rendering {path} with template atom.xml"))
    }
}

fn decision_entry(d: &Decision, base_url: &str, title: &str, prefix: &str) -> Entry {
    let supersedes: Vec<&str> = d.supersedes.iter().map(|s| s.value.as_str()).collect();
    let mut summary = d.decision.as_deref().unwrap_or(&d.title).split_whitespace().collect::<Vec<_>>().join(" ");
    if !supersedes.is_empty() {
        summary.push_str(&format!(" (supersedes {})", supersedes.join(", ")));
    }
    Entry {
        // An entry's id is permanent: it stays the address every decision had before inline
        // ones moved onto their handoff's page, so readers do not see them as new entries.
        id: iri(base_url, title, &crate::sitemap::decision_page_url(&d.id)),
        title: format!("{} ({})", d.title, d.status.as_str()),
        updated: d.date.as_ref().map(|m| m.instant.to_string()).unwrap_or_default(),
        url: format!("{prefix}{}", super::views::decision_url(d)),
        author: d.by.first().map(|b| format!("@{}", b.value)),
        category: "decisions",
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_urls_only_when_the_site_has_one() {
        assert_eq!(iri("https://h.example.com/", "T", "feed.xml"), "https://h.example.com/feed.xml");
        assert_eq!(iri("/", "Northwind Handoffs", "feed.xml"), "tag:baton.invalid,2026:northwind-handoffs/feed.xml");
        assert_eq!(link_prefix("/", "owners/ana/feed.xml"), "../../");
        assert_eq!(link_prefix("https://h.example.com/", "owners/ana/feed.xml"), "https://h.example.com/");
    }
}
