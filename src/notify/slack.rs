//! The Slack payload: Block Kit for an incoming webhook (Mattermost accepts the same).
//!
//! Within Slack's documented limits: at most [`MAX_BLOCKS`] blocks a message, at most
//! [`MAX_TEXT`] characters in a section's text, [`MAX_HEADER`] in a header. Past them the message
//! says "and N more" and links to the digest page rather than being refused by Slack.

use super::{Message, item_line, truncate};
use serde_json::{Value, json};

/// Blocks a message may hold.
pub const MAX_BLOCKS: usize = 50;
/// Characters a section block's text may hold.
pub const MAX_TEXT: usize = 3000;
/// Characters a header block's plain text may hold.
pub const MAX_HEADER: usize = 150;
/// Characters all item blocks together may hold. Not a documented limit: Slack has been seen to
/// refuse messages of about 13,000 characters of blocks (`msg_blocks_too_long`, slackapi/bolt-js
/// issue 2509) well within the per-block ones, so items stop short of that.
pub const MAX_ITEMS_TEXT: usize = 11_000;

/// The webhook body: `text` (the notification's fallback) and `blocks`.
pub fn payload(message: &Message<'_, '_>) -> Value {
    // Header, summary and the closing line are always there; items get the blocks between.
    let room = MAX_BLOCKS - 3;
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": truncate(&message.title, MAX_HEADER)}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(&message.summary)}]}),
    ];
    let (mut shown, mut budget) = (0, MAX_ITEMS_TEXT);
    for item in message.action.iter().take(room) {
        let (title, rest) = item_line(item);
        let text = truncate(&format!("*<{}|{}>*{}", message.page_url(item), escape(&title), escape(&rest)), MAX_TEXT);
        let Some(left) = budget.checked_sub(text.chars().count()) else { break };
        budget = left;
        blocks.push(section(&text));
        shown += 1;
    }
    let hidden = message.action.len() - shown;
    let more = if hidden > 0 { format!("…and {hidden} more that need action. ") } else { String::new() };
    let closing = format!("{more}{} <{}|Open the digest>", message.rest_line(), message.digest_url());
    blocks.push(section(&closing));
    json!({"text": truncate(&format!("{}: {}", message.title, message.summary), MAX_TEXT), "blocks": blocks})
}

fn section(text: &str) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_TEXT)}})
}

/// Slack's mrkdwn control characters, as its docs ask: `&`, `<` and `>`.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::digest::{Digest, Item, Section, Source, Subject, SubjectKind};

    pub(crate) fn digest(action: usize, rest: usize, text_len: usize) -> Digest<'static> {
        let item = |n: usize, section: Section| Item {
            section,
            needs_action: section.needs_action(),
            at: "2026-11-19T00:00:00Z".parse().unwrap(),
            subject: Subject {
                kind: SubjectKind::Handoff,
                id: "x",
                title: "Rotate <keys> & certs",
                url: format!("handoffs/h{n}/"),
                status: Some("blocked"),
            },
            text: "x".repeat(text_len),
            by: Some("ana".into()),
            source: Source::State,
            key: format!("k{n}"),
        };
        let mut items: Vec<Item<'static>> = (0..action).map(|n| item(n, Section::Questions)).collect();
        items.extend((0..rest).map(|n| item(action + n, Section::Changes)));
        Digest {
            audience: crate::digest::Audience::Everyone,
            since: "2026-11-19T00:00:00Z".parse().unwrap(),
            until: "2026-11-20T00:00:00Z".parse().unwrap(),
            git: false,
            items,
        }
    }

    fn texts(payload: &Value) -> Vec<String> {
        let blocks = payload["blocks"].as_array().unwrap();
        blocks.iter().filter_map(|b| b["text"]["text"].as_str().map(str::to_string)).collect()
    }

    #[test]
    fn action_items_link_to_their_pages_and_the_rest_is_counted() {
        let d = digest(2, 3, 10);
        let payload = payload(&Message::new(&d, "Payments", "https://kb.example.com/"));
        let texts = texts(&payload);
        assert_eq!(texts[0], "Digest for Payments");
        assert!(
            texts[1].starts_with("*<https://kb.example.com/handoffs/h0/|Rotate &lt;keys&gt; &amp; certs>* (blocked)")
        );
        let last = texts.last().unwrap();
        assert!(last.contains("3 more items for your information"), "{last}");
        assert!(last.ends_with("<https://kb.example.com/digest/|Open the digest>"), "{last}");
        assert!(!last.contains("need action"), "{last}");
    }

    #[test]
    fn many_items_stay_within_fifty_blocks_and_say_how_many_more() {
        let d = digest(120, 5, 10);
        let payload = payload(&Message::new(&d, "Payments", "https://kb.example.com/"));
        let blocks = payload["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), MAX_BLOCKS);
        let last = texts(&payload).pop().unwrap();
        assert!(last.contains("and 73 more that need action"), "{last}");
        assert!(last.contains("kb.example.com/digest/"));
    }

    #[test]
    fn items_stop_before_the_message_grows_too_long_overall() {
        let d = digest(40, 0, 1_000);
        let payload = payload(&Message::new(&d, "Payments", "https://kb.example.com/"));
        let texts = texts(&payload);
        let shown = &texts[1..texts.len() - 1]; // after the header (the context has no `text`)
        let one = shown[0].chars().count();
        let total: usize = shown.iter().map(|t| t.chars().count()).sum();
        // As many as fit, and not one more.
        assert!(total <= MAX_ITEMS_TEXT && total + one > MAX_ITEMS_TEXT, "{total}");
        let more = format!("and {} more that need action", 40 - shown.len());
        assert!(texts.last().unwrap().contains(&more));
    }

    #[test]
    fn long_texts_are_cut_to_three_thousand_characters() {
        let d = digest(1, 0, 10_000);
        let payload = payload(&Message::new(&d, "Payments", "https://kb.example.com/"));
        for text in texts(&payload) {
            assert!(text.chars().count() <= MAX_TEXT);
        }
        assert!(texts(&payload)[1].ends_with('…'));
        assert!(payload["text"].as_str().unwrap().chars().count() <= MAX_TEXT);
    }
}
