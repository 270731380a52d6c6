//! `baton notify`'s payloads and delivery: a [`Digest`] in, a chat message out.
//!
//! In: a digest built by [`crate::digest`] (this module never collects items itself) and the
//! site's absolute `base_url`. Out: the JSON body each platform documents ([`slack`] Block Kit,
//! [`teams`] Adaptive Card; the generic webhook gets `baton digest --format json`), and
//! [`deliver`], which posts a body with the retry policy. The builders are pure; only
//! [`deliver::HttpPoster`] touches the network, and nothing here reads the environment or prints:
//! a webhook URL is a secret, so messages show only its host ([`host_of`]).

pub mod deliver;
pub mod slack;
pub mod teams;

use crate::digest::{Digest, Item};

/// What every chat payload shows, taken from the digest: needs-action items first (each with its
/// page), how many others there are, and where the whole digest is.
#[derive(Debug)]
pub struct Message<'d, 'a> {
    /// The heading: `Digest for Payments`.
    pub title: String,
    /// The window and counts, one line.
    pub summary: String,
    /// The items that need action, most urgent first.
    pub action: Vec<&'d Item<'a>>,
    /// How many items are for information only.
    pub rest: usize,
    /// The site's address, absolute and ending in `/`.
    pub base_url: &'d str,
}

impl<'d, 'a> Message<'d, 'a> {
    /// The message for `digest`, addressed to `label` (`@ana`, `Payments`, the site title).
    pub fn new(digest: &'d Digest<'a>, label: &str, base_url: &'d str) -> Self {
        let action: Vec<&Item<'a>> = digest.items.iter().filter(|i| i.needs_action).collect();
        let when = crate::digest::markdown::when;
        let summary = format!(
            "{} → {} · {} need action, {} for information",
            when(digest.since),
            when(digest.until),
            action.len(),
            digest.items.len() - action.len()
        );
        Message {
            title: format!("Digest for {label}"),
            summary,
            rest: digest.items.len() - action.len(),
            action,
            base_url,
        }
    }

    /// The absolute address of an item's page.
    pub fn page_url(&self, item: &Item<'_>) -> String {
        format!("{}{}", self.base_url, item.subject.url)
    }

    /// The absolute address of the site's digest page.
    pub fn digest_url(&self) -> String {
        format!("{}digest/", self.base_url)
    }

    /// The line after the action items: how many others, in words.
    pub fn rest_line(&self) -> String {
        match self.rest {
            0 => "Nothing else new.".to_string(),
            1 => "1 more item for your information.".to_string(),
            n => format!("{n} more items for your information."),
        }
    }
}

/// An item as one line of plain text: its title, status, what happened and by whom.
pub fn item_line(item: &Item<'_>) -> (String, String) {
    let status = item.subject.status.map(|s| format!(" ({s})")).unwrap_or_default();
    let by = item.by.as_deref().map(|b| format!(" · by {b}")).unwrap_or_default();
    (item.subject.title.to_string(), format!("{status}: {}{by}", item.text))
}

/// `base_url` as notify needs it: absolute (a chat message has no page to be relative to).
pub fn absolute_base_url(base_url: &str) -> Result<&str, String> {
    if base_url.starts_with("https://") || base_url.starts_with("http://") {
        Ok(base_url)
    } else {
        Err(format!(
            "`base_url` in baton.yaml is `{base_url}`, but notify links each item to its page on the published \
             site: set `base_url` to the site's absolute address (https://kb.example.com/), or pass --base-url"
        ))
    }
}

/// The host (and port) of a URL, for messages; `?` when the URL has none.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Credentials in the authority are secrets too.
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.is_empty() { "?".to_string() } else { host.to_string() }
}

/// Truncates `text` to at most `max` characters, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_drops_path_query_and_credentials() {
        assert_eq!(host_of("https://hooks.slack.com/services/T0/B0/XYZ?x=1"), "hooks.slack.com");
        assert_eq!(host_of("http://user:pw@127.0.0.1:9/a"), "127.0.0.1:9");
        assert_eq!(host_of("nonsense"), "nonsense");
    }

    #[test]
    fn relative_base_url_is_refused_naming_the_setting() {
        assert!(absolute_base_url("/").unwrap_err().contains("`base_url` in baton.yaml"));
        assert_eq!(absolute_base_url("https://kb.example.com/"), Ok("https://kb.example.com/"));
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("ééééé", 3), "éé…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
