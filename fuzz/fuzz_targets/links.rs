//! The link resolver: relative paths with `..`, odd separators and ids must never panic or
//! resolve outside `content/`.
#![no_main]

use baton_kb::markdown::LinkResolver;
use baton_kb::sitemap::resolve::SiteLinks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (from, target) = text.split_once('\n').unwrap_or(("a/b.md", text));
    let links = SiteLinks::default();
    assert!(links.page_for_file(from, target).is_none());
    assert!(links.page_for_id(target).is_none());
});
