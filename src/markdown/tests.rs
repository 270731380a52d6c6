//! The Markdown stage as a whole: one text in, HTML and what it links to out.

use super::destination::percent_decode;
use super::ids::heading_slug;
use super::*;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// A site with two pages: a handoff (reachable by id and by two file paths) and a decision.
struct Site;

impl LinkResolver for Site {
    fn page_for_file(&self, from: &str, target: &str) -> Option<String> {
        match (from, target) {
            ("payments/ledger.md", "../ops/export.md" | "Ledger Export.md") => {
                Some("handoffs/ledger-export/".to_owned())
            }
            _ => None,
        }
    }

    fn page_for_id(&self, id: &str) -> Option<(String, String)> {
        match id {
            "ledger-export" => Some(("handoffs/ledger-export/".into(), "Ledger <Export>".into())),
            "adr-postgres" => Some(("decisions/adr-postgres/".into(), "Use Postgres".into())),
            _ => None,
        }
    }
}

fn render_with(source: &str, allow_html: bool) -> Rendered {
    let options = MarkdownOptions { allow_html };
    render(source, "payments/ledger.md", "../../", &Site, &options)
}

fn html(source: &str) -> String {
    render_with(source, false).html
}

// 1. Parser options

#[test]
fn tables_task_lists_strikethrough_and_footnotes_are_enabled() {
    let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: why\n");
    assert!(out.contains("<table>"), "{out}");
    assert!(out.contains("type=\"checkbox\""), "{out}");
    assert!(out.contains("<del>old</del>"), "{out}");
    assert!(out.contains("class=\"footnote-reference\""), "{out}");
    assert!(out.contains("class=\"footnote-definition\""), "{out}");
}

#[test]
fn heading_attributes_are_enabled() {
    let out = html("# Title {#custom .wide}\n");
    assert!(out.starts_with("<h1 id=\"custom\" class=\"wide\">"), "{out}");
}

// 2. Headings

#[test]
fn headings_get_slug_anchors_and_self_links() {
    let rendered = render_with("## Rollback *plan* (v2)!\n", false);
    assert_eq!(
        rendered.html,
        "<h2 id=\"rollback-plan-v2\"><a class=\"anchor\" href=\"#rollback-plan-v2\" \
         aria-hidden=\"true\" tabindex=\"-1\">#</a>Rollback <em>plan</em> (v2)!</h2>\n"
    );
    assert_eq!(
        rendered.headings,
        vec![Heading { level: 2, anchor: "rollback-plan-v2".into(), text: "Rollback plan (v2)!".into() }]
    );
}

#[test]
fn slugs_collapse_runs_trim_and_never_come_out_empty() {
    assert_eq!(heading_slug("  --Hello,   World__  "), "hello-world");
    assert_eq!(heading_slug("What's `new`?"), "what-s-new");
    assert_eq!(heading_slug("!!!"), "section");
    assert_eq!(heading_slug(""), "section");
}

#[test]
fn heading_anchors_fold_accents_as_ids_tags_and_teams_do() {
    let rendered = render_with("## Café déjà vu\n### Größe Übersicht\n", false);
    assert_eq!(rendered.headings[0].anchor, "cafe-deja-vu");
    assert_eq!(rendered.headings[1].anchor, crate::slug::slugify("Größe Übersicht"));
}

#[test]
fn a_footnote_named_like_a_heading_gets_its_own_id() {
    let out = html("## Rollback\n\nSee the plan[^rollback].\n\n[^rollback]: Restore the snapshot.\n");
    assert!(out.contains("<h2 id=\"rollback\">"), "{out}");
    assert!(out.contains("<a href=\"#fn-rollback\" id=\"fnref-rollback\">1</a>"), "{out}");
    assert!(out.contains("<div class=\"footnote-definition\" id=\"fn-rollback\">"), "{out}");
    assert!(out.contains("<sup class=\"footnote-definition-label\"><a href=\"#fnref-rollback\">1</a></sup>"), "{out}");
    assert_eq!(duplicate_ids(&out), Vec::<String>::new());
}

#[test]
fn footnotes_referred_to_twice_and_headings_named_like_them_stay_unique() {
    let source = "# Fn 1\n\na[^1] b[^1] c[^Note] d[^none]\n\n[^1]: one\n[^note]: two\n[^unused]: three\n";
    let rendered = render_with(source, false);
    assert_eq!(duplicate_ids(&rendered.html), Vec::<String>::new(), "{}", rendered.html);
    assert_eq!(rendered.headings[0].anchor, "fn-1");
    let expected = ["fnref-1", "fnref-1-1", "fnref-note", "fn-1-1", "fn-note", "fn-unused"];
    assert_eq!(rendered.footnote_ids, expected);
    assert!(rendered.html.contains("d[^none]"), "a reference to nothing stays text: {}", rendered.html);
}

#[test]
fn headings_never_take_an_id_of_the_template() {
    let rendered = render_with("## Main\n## Intent H\n## Main {#main}\n", false);
    let anchors: Vec<_> = rendered.headings.iter().map(|h| h.anchor.as_str()).collect();
    assert_eq!(anchors, ["main-1", "intent-h-1", "main-2"]);
}

#[test]
fn texts_of_one_page_share_its_ids() {
    let mut ids = PageIds::new();
    let (intent, body) = ("## Setup\n", "## Setup\n\n# Other {#setup-1}\n");
    ids.reserve_explicit(intent);
    ids.reserve_explicit(body);
    let options = MarkdownOptions::default();
    let first = render_on_page(intent, "a.md", "", &Site, &options, &mut ids);
    let second = render_on_page(body, "a.md", "", &Site, &options, &mut ids);
    let anchors: Vec<_> = first.headings.iter().chain(&second.headings).map(|h| h.anchor.as_str()).collect();
    assert_eq!(anchors, ["setup", "setup-2", "setup-1"]);
}

#[test]
fn template_ids_are_every_literal_id_of_the_default_theme() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for literal in text.split("id=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            if !literal.contains("{{") {
                assert!(TEMPLATE_IDS.contains(&literal), "`{literal}` is missing from TEMPLATE_IDS");
            }
        }
    }
}

/// The `id` attribute values that occur more than once in `html`.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let ids = html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next());
    ids.filter(|id| !seen.insert(id.to_string())).map(str::to_string).collect()
}

#[test]
fn duplicate_headings_get_numbered_suffixes() {
    let rendered = render_with("# Notes\n## Notes\n### Notes\n# ???\n# ...\n", false);
    let anchors: Vec<_> = rendered.headings.iter().map(|h| h.anchor.as_str()).collect();
    assert_eq!(anchors, ["notes", "notes-1", "notes-2", "section", "section-1"]);
}

#[test]
fn explicit_id_wins_and_is_never_reused_by_a_slug() {
    let rendered = render_with("# Setup\n# Other {#setup}\n# Setup 1\n", false);
    let anchors: Vec<_> = rendered.headings.iter().map(|h| h.anchor.as_str()).collect();
    assert_eq!(anchors, ["setup-1", "setup", "setup-1-1"]);
    assert_eq!(rendered.headings[1].text, "Other");
}

#[test]
fn heading_event_attributes_are_dropped_unless_html_is_allowed() {
    let source = "# Title {#t .c onclick=alert(1)}\n";
    assert!(!html(source).contains("onclick"), "{}", html(source));
    assert!(render_with(source, true).html.contains("onclick=\"alert(1)\""));
}

#[test]
fn explicit_ids_are_escaped() {
    let out = html("# Title {#a\"b}\n");
    assert!(out.starts_with("<h1 id=\"a&quot;b\"><a class=\"anchor\" href=\"#a&quot;b\""), "{out}");
}

// 3a. Wiki links

#[test]
fn wiki_link_uses_the_page_title_escaped() {
    let rendered = render_with("See [[ledger-export]].", false);
    assert_eq!(rendered.html, "<p>See <a href=\"../../handoffs/ledger-export/\">Ledger &lt;Export&gt;</a>.</p>\n");
    assert_eq!(
        rendered.links,
        vec![InternalLink {
            line: 1,
            column: 5,
            width: 17,
            url: "handoffs/ledger-export/".into(),
            fragment: None,
            kind: InternalLinkKind::Page
        }]
    );
    assert_eq!(rendered.plain_text, "See Ledger <Export>.");
}

#[test]
fn piped_wiki_link_keeps_its_label() {
    let out = html("[[adr-postgres|the *decision*]]");
    assert_eq!(out, "<p><a href=\"../../decisions/adr-postgres/\">the <em>decision</em></a></p>\n");
}

#[test]
fn piped_wiki_link_with_blank_label_uses_the_title() {
    assert!(html("[[adr-postgres|]]").contains(">Use Postgres</a>"));
    assert!(html("[[adr-postgres| ]]").contains(">Use Postgres</a>"));
}

#[test]
fn wiki_link_fragment_is_kept() {
    let rendered = render_with("[[ledger-export#rollback|rollback]] [[adr-postgres#why]]", false);
    assert!(rendered.html.contains("href=\"../../handoffs/ledger-export/#rollback\">rollback</a>"));
    assert!(rendered.html.contains("href=\"../../decisions/adr-postgres/#why\">Use Postgres</a>"));
    assert_eq!(rendered.links[0].fragment.as_deref(), Some("rollback"));
    assert_eq!(rendered.links[1].fragment.as_deref(), Some("why"));
}

#[test]
fn unknown_wiki_id_is_a_problem_and_not_a_live_link() {
    let rendered = render_with("Intro\n\nsee [[nope#x|the <thing>]]", false);
    assert_eq!(rendered.html, "<p>Intro</p>\n<p>see <span class=\"broken-link\">the &lt;thing&gt;</span></p>\n");
    assert_eq!(
        rendered.problems,
        vec![LinkProblem {
            line: 3,
            column: 5,
            width: 22,
            target: "nope#x".into(),
            message: "unknown id `nope` in wiki link".into()
        }]
    );
    assert!(rendered.links.is_empty());
}

#[test]
fn wiki_embeds_are_reported_and_not_rendered_as_images() {
    let rendered = render_with("![[diagram.png]]", false);
    assert!(!rendered.html.contains("<img"), "{}", rendered.html);
    assert!(rendered.html.contains("broken-link"));
    assert_eq!(rendered.problems.len(), 1);
    assert!(rendered.problems[0].message.contains("not supported"));
}

// 3b. Links to content files

#[test]
fn link_to_content_file_becomes_link_to_its_page() {
    let rendered = render_with("[export](../ops/export.md#rollback) and [x](Ledger%20Export.md)", false);
    assert!(rendered.html.contains("<a href=\"../../handoffs/ledger-export/#rollback\">export</a>"));
    assert!(rendered.html.contains("<a href=\"../../handoffs/ledger-export/\">x</a>"));
    assert_eq!(rendered.links.len(), 2);
    assert_eq!(rendered.links[0].fragment.as_deref(), Some("rollback"));
    assert!(rendered.problems.is_empty());
}

#[test]
fn link_to_missing_content_file_is_a_problem() {
    let rendered = render_with("text\n  [gone](../x.md#top)", false);
    assert_eq!(
        rendered.problems,
        vec![LinkProblem {
            line: 2,
            column: 3,
            width: 19,
            target: "../x.md#top".into(),
            message: "link to `../x.md`: no such content file".into()
        }]
    );
    assert!(rendered.html.contains("<span class=\"broken-link\">gone</span>"));
    assert!(!rendered.html.contains("href"));
}

#[test]
fn columns_count_characters_not_bytes() {
    let rendered = render_with("Größe → [[nope]]", false);
    assert_eq!(rendered.problems[0].column, 9);
}

// 3c–e. Site-root paths, fragments, absolute URLs

#[test]
fn site_root_paths_are_made_relative_and_recorded() {
    let rendered = render_with("![flow](/img/flow%20v2.png) [all](/handoffs/#top) [x](/a.html?q=1)", false);
    assert!(rendered.html.contains("src=\"../../img/flow%20v2.png\""), "{}", rendered.html);
    assert!(rendered.html.contains("href=\"../../handoffs/#top\""));
    assert!(rendered.html.contains("href=\"../../a.html?q=1\""));
    let summary: Vec<_> =
        rendered.links.iter().map(|link| (link.url.as_str(), link.fragment.as_deref(), link.kind)).collect();
    assert_eq!(
        summary,
        [
            ("img/flow v2.png", None, InternalLinkKind::SitePath),
            ("handoffs/", Some("top"), InternalLinkKind::SitePath),
            ("a.html", None, InternalLinkKind::SitePath),
        ]
    );
}

#[test]
fn site_root_from_the_root_page_is_never_an_empty_href() {
    let options = MarkdownOptions::default();
    let out = render("[home](/)", "a.md", "", &Site, &options).html;
    assert!(out.contains("href=\"./\""), "{out}");
}

#[test]
fn same_page_fragment_is_left_and_recorded() {
    let rendered = render_with("[up](#rollback-plan) [top](#)", false);
    assert!(rendered.html.contains("href=\"#rollback-plan\""));
    assert_eq!(
        rendered.links,
        vec![InternalLink {
            line: 1,
            column: 1,
            width: 20,
            url: String::new(),
            fragment: Some("rollback-plan".into()),
            kind: InternalLinkKind::Page
        }]
    );
}

#[test]
fn absolute_urls_and_other_relative_links_are_unchanged_and_unrecorded() {
    let rendered = render_with(
        "[a](https://example.com/x.md) [b](mailto:a@b.c) <https://x.org> <me@b.c> [c](//cdn.x/y) [d](img/a.png)",
        false,
    );
    for href in ["https://example.com/x.md", "mailto:a@b.c", "https://x.org", "mailto:me@b.c", "//cdn.x/y", "img/a.png"]
    {
        assert!(rendered.html.contains(&format!("href=\"{href}\"")), "{href}: {}", rendered.html);
    }
    // Only the http(s) ones are kept, for the check to see whether they point into the site.
    let absolute: Vec<_> = rendered.links.iter().map(|l| (l.url.as_str(), l.kind)).collect();
    assert_eq!(
        absolute,
        [("https://example.com/x.md", InternalLinkKind::Absolute), ("https://x.org", InternalLinkKind::Absolute)]
    );
    assert!(rendered.problems.is_empty());
}

// 3f. Unsafe schemes

#[test]
fn script_schemes_are_never_live() {
    let sources = [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](<  javascript:alert(1)>)",
        "[click](java%09script:alert(1))",
        "[click](%6Aavascript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;avascript&colon;alert(1))",
        "[click](vbscript:msgbox)",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click][r]\n\n[r]: javascript:alert(1)",
    ];
    for source in sources {
        let out = html(source);
        assert_eq!(out, "<p>click</p>\n", "{source}");
    }
}

#[test]
fn embedded_tabs_and_newlines_do_not_hide_a_script_scheme() {
    assert!(is_unsafe_url("java\tscript:alert(1)"));
    assert!(is_unsafe_url("\u{1}\u{0} jav\nascript:x"));
    assert!(is_unsafe_url(" DATA:text/html,x"));
    assert!(!is_unsafe_url("https://example.com/javascript:"));
    assert!(!is_unsafe_url("notes/data.md"));
}

#[test]
fn script_scheme_autolink_and_image_show_only_text() {
    assert_eq!(html("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
    assert_eq!(html("![a *diagram*](javascript:alert(1))"), "<p>a <em>diagram</em></p>\n");
}

#[test]
fn doubly_encoded_reference_reaches_the_browser_as_text() {
    let out = html("[x](&amp;#106;avascript:alert(1))");
    assert!(out.contains("href=\"&amp;#106;avascript:alert(1)\""), "{out}");
}

// 4. Raw HTML

#[test]
fn raw_html_is_shown_as_text_by_default() {
    let out = html("<script>alert(1)</script>\n\nan <img src=x onerror=alert(1)> here\n");
    assert_eq!(
        out,
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n\
         <p>an &lt;img src=x onerror=alert(1)&gt; here</p>\n"
    );
}

#[test]
fn allowed_raw_html_loses_script_urls_even_across_lines() {
    let source = "<div>\n<a class=\"x\"\nhref=\"JaVa&#x09;ScRiPt:alert(1)\">block</a>\n</div>\n\nan <a href=\"&#106;avascript:x\">inline</a> one\n";
    let out = render_with(source, true).html;
    assert!(!out.contains("avascript") && !out.contains("ScRiPt"), "{out}");
    assert!(out.contains("<a class=\"x\"\n>block</a>"), "{out}");
    assert!(out.contains("<a >inline</a>"), "{out}");
}

#[test]
fn an_image_may_be_inline_data_but_a_link_may_not() {
    assert!(html("![dot](data:image/png;base64,iVBORw0=)").contains("<img src=\"data:image/png;base64,iVBORw0=\""));
    assert_eq!(html("[dot](data:image/png;base64,iVBORw0=)"), "<p>dot</p>\n");
}

#[test]
fn raw_html_passes_through_when_allowed() {
    let out = render_with("<div class=\"note\">\nhi\n</div>\n\nan <kbd>Ctrl</kbd> key\n", true).html;
    assert_eq!(out, "<div class=\"note\">\nhi\n</div>\n<p>an <kbd>Ctrl</kbd> key</p>\n");
}

// 5. Code blocks

#[test]
fn fenced_code_is_highlighted_in_the_wrapper() {
    let out = html("```rust ignore\nfn main() {}\n```\n");
    assert!(out.starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"ht\">fn</span>"), "{out}");
    assert!(out.ends_with("</code></pre>\n"), "{out}");
}

#[test]
fn unknown_or_absent_language_is_escaped_plain_text() {
    assert_eq!(
        html("```nosuch\"lang\n<b>\n```\n"),
        "<pre class=\"code\" data-lang=\"nosuch&quot;lang\"><code>&lt;b&gt;\n</code></pre>\n"
    );
    assert_eq!(html("```\n<b>\n```\n"), "<pre class=\"code\"><code>&lt;b&gt;\n</code></pre>\n");
}

#[test]
fn indented_code_is_plain() {
    assert_eq!(html("    let x = 1;\n"), "<pre class=\"code\"><code>let x = 1;\n</code></pre>\n");
}

// 6. Plain text

#[test]
fn plain_text_has_no_markup_and_separates_blocks() {
    let source = "# Title\n\nSome *very* `code` text\nwrapped.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nmake\n```\n";
    assert_eq!(render_with(source, false).plain_text, "Title\nSome very code text wrapped.\none\ntwo\na b\n1 2\nmake");
}

#[test]
fn plain_text_leaves_out_allowed_html() {
    assert_eq!(render_with("a <b>bold</b> c", true).plain_text, "a bold c");
}

// 7. Robustness

#[test]
fn odd_inputs_render_quickly_without_panicking() {
    let nested_lists = "- ".repeat(1000) + "deep\n";
    let nested_quotes = "> ".repeat(1000) + "deep\n";
    let indented_lists: String = (0..1000).map(|depth| format!("{}- x\n", "  ".repeat(depth))).collect();
    let inputs = [
        "```rust\nunclosed fence".to_owned(),
        "[[".to_owned(),
        "[[]]".to_owned(),
        "[[|]] [[#]] [[#x]] ![[]] [[a|b|c]] [[[[x]]]]".to_owned(),
        "*".repeat(5000),
        "*a **b _c __d ".repeat(2000),
        "[[".repeat(5000) + &"]]".repeat(5000),
        "[".repeat(5000) + &"](x)".repeat(100),
        nested_lists,
        nested_quotes,
        indented_lists,
        "# \n#\n###### {#}\n".to_owned(),
        "\0\u{feff}\r\n\r\n<\u{0}>".to_owned(),
    ];
    let started = Instant::now();
    for input in &inputs {
        let rendered = render_with(input, false);
        assert_eq!(rendered, render_with(input, false), "deterministic");
    }
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn percent_decoding_keeps_invalid_text_as_written() {
    assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%+1%zz"), "%+1%zz");
    assert_eq!(percent_decode("%ff"), "%ff");
}

// The outline is the render without its HTML

/// Texts that exercise every way a heading id, a footnote id or a link comes about.
const OUTLINE_CASES: &[&str] = &[
    "# Plan\n\n## Plan\n\n## Plan {#plan}\n\n### `code` in *heading*\n",
    "Text[^a] and[^a] again[^b].\n\n[^a]: First.\n[^b]: Second with [[ledger-export]].\n\n## A\n",
    "See [[ledger-export]], [[ledger-export|]], [[adr-postgres#why|why]], [[nope]] and ![[img]].\n",
    "[x](../ops/export.md#rollback) [y](missing.md) [z](/tags/a/#t) [w](#here) <https://example.com/kb/x/#y>\n",
    "```rust\n# not a heading\nfn main() {}\n```\n\n    # indented, not a heading\n\n## After code\n",
    "<div>\n\n## Inside raw HTML\n\n</div>\n\n<a href=\"javascript:x\">j</a> [bad](javascript:alert(1))\n",
    "# [[ledger-export]] in a heading\n\n## [link](/handoffs/x/) heading\n\n- [ ] task [[adr-postgres]]\n",
    "| a | b |\n|---|---|\n| [[ledger-export]] | [t](/x/#y) |\n\n## main\n\n## main\n",
];

#[test]
fn an_outline_has_exactly_the_ids_links_and_problems_of_the_render() {
    for allow_html in [false, true] {
        let options = MarkdownOptions { allow_html };
        for case in OUTLINE_CASES {
            let (mut render_ids, mut outline_ids) = (PageIds::new(), PageIds::new());
            render_ids.reserve_explicit(case);
            outline_ids.reserve_explicit(case);
            let rendered = render_on_page(case, "payments/ledger.md", "../../", &Site, &options, &mut render_ids);
            let outline =
                walk(case, "payments/ledger.md", "../../", &Site, &options, &mut outline_ids, Output::Outline);
            assert_eq!(outline.headings, rendered.headings, "{case}");
            assert_eq!(outline.footnote_ids, rendered.footnote_ids, "{case}");
            assert_eq!(outline.links, rendered.links, "{case}");
            assert_eq!(outline.problems, rendered.problems, "{case}");
            assert!(outline.html.is_empty() && outline.plain_text.is_empty(), "{case}");
            assert!(!rendered.html.is_empty(), "{case}");
        }
    }
}
