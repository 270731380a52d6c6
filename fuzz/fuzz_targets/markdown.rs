//! The Markdown renderer with links that resolve to nothing and to everything.
#![no_main]

use baton_kb::markdown::{LinkResolver, MarkdownOptions, render};
use libfuzzer_sys::fuzz_target;

struct Everything;

impl LinkResolver for Everything {
    fn page_for_file(&self, _from: &str, target: &str) -> Option<String> {
        (target.len() % 2 == 0).then(|| format!("handoffs/{}/", target.len()))
    }
    fn page_for_id(&self, id: &str) -> Option<(String, String)> {
        (id.len() % 2 == 1).then(|| (format!("handoffs/{id}/"), id.to_string()))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let allow_html = text.len() % 3 == 0;
    let rendered = render(text, "a/b.md", "../../", &Everything, &MarkdownOptions { allow_html });
    if !allow_html {
        assert!(!rendered.html.contains("<script"), "raw HTML escaped when allow_html is false");
    }
});
