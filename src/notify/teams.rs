//! The Microsoft Teams payload: an Adaptive Card (schema 1.4) wrapped in the `message` envelope
//! that a Teams Workflows webhook ("When a Teams webhook request is received") expects.
//!
//! Teams refuses messages over about 28 KB, so at most [`MAX_ITEMS`] items are listed, each text
//! cut to [`MAX_ITEM_TEXT`] characters; past that the card says "and N more" and its button opens
//! the digest page.

use super::{Message, item_line, truncate};
use serde_json::{Value, json};

/// Items listed on one card.
pub const MAX_ITEMS: usize = 25;
/// Characters of one item's line.
pub const MAX_ITEM_TEXT: usize = 600;
/// The size Teams accepts for a whole message, in bytes.
pub const MAX_BYTES: usize = 28 * 1024;

/// The webhook body.
pub fn payload(message: &Message<'_, '_>) -> Value {
    let shown = message.action.len().min(MAX_ITEMS);
    let mut body = vec![
        json!({"type": "TextBlock", "text": message.title, "size": "Large", "weight": "Bolder", "wrap": true}),
        json!({"type": "TextBlock", "text": message.summary, "isSubtle": true, "spacing": "None", "wrap": true}),
    ];
    for item in &message.action[..shown] {
        let (title, rest) = item_line(item);
        let line = format!("**[{}]({})**{}", escape(&title), message.page_url(item), escape(&rest));
        body.push(json!({"type": "TextBlock", "text": truncate(&line, MAX_ITEM_TEXT), "wrap": true}));
    }
    let hidden = message.action.len() - shown;
    let more = if hidden > 0 { format!("…and {hidden} more that need action. ") } else { String::new() };
    body.push(json!({"type": "TextBlock", "text": format!("{more}{}", message.rest_line()), "wrap": true}));
    let card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": "Open the digest", "url": message.digest_url()}],
    });
    json!({
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null, "content": card}],
    })
}

/// Brackets would end a Markdown link's text early.
fn escape(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::slack::tests::digest;

    #[test]
    fn card_is_a_message_with_one_adaptive_card_linking_items_and_the_digest() {
        let d = digest(2, 1, 10);
        let payload = payload(&Message::new(&d, "Payments", "https://kb.example.com/"));
        assert_eq!(payload["type"], "message");
        let attachment = &payload["attachments"][0];
        assert_eq!(attachment["contentType"], "application/vnd.microsoft.card.adaptive");
        let card = &attachment["content"];
        assert_eq!((card["type"].as_str(), card["version"].as_str()), (Some("AdaptiveCard"), Some("1.4")));
        let third = card["body"][2]["text"].as_str().unwrap();
        assert!(third.starts_with("**[Rotate <keys> & certs](https://kb.example.com/handoffs/h0/)** (blocked)"));
        assert_eq!(card["body"][4]["text"], "1 more item for your information.");
        assert_eq!(card["actions"][0]["url"], "https://kb.example.com/digest/");
    }

    #[test]
    fn many_long_items_stay_under_the_message_size_and_say_how_many_more() {
        let d = digest(200, 0, 5_000);
        let payload = payload(&Message::new(&d, "Payments", "https://kb.example.com/"));
        assert!(payload.to_string().len() < MAX_BYTES);
        let body = payload["attachments"][0]["content"]["body"].as_array().unwrap();
        assert_eq!(body.len(), 2 + MAX_ITEMS + 1);
        assert!(body.last().unwrap()["text"].as_str().unwrap().starts_with("…and 175 more that need action."));
    }
}
