//! One content file through the whole front of the pipeline: split, YAML, link, Markdown, check.
#![no_main]

use baton_kb::config::SiteConfig;
use baton_kb::diagnostic::Diagnostics;
use baton_kb::load::{SourceFile, parse_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut diagnostics = Diagnostics::default();
    let source = SourceFile { path: "content/fuzz.md".into(), text: text.to_string() };
    let files: Vec<_> = parse_file(&source, &mut diagnostics).into_iter().collect();
    let base = baton_kb::link::link(&files, None, &mut diagnostics);
    let config = SiteConfig::default();
    let options = baton_kb::markdown::MarkdownOptions { allow_html: false };
    let bodies = baton_kb::markdown::bodies::render_bodies(&base, &options, &mut diagnostics);
    let static_files = Default::default();
    let input = baton_kb::check::CheckInput { base: &base, config: &config, bodies: &bodies, static_files: &static_files, today: jiff::Timestamp::UNIX_EPOCH };
    baton_kb::check::check(&input, &mut diagnostics);
});
