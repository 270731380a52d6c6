//! Relevance on example-site: the queries of tests/relevance.yaml against `baton search` and
//! against the static index the page reads (ranked in Rust by the script's algorithm), and the
//! two agreeing on the top five.

use crate::harness::{Run, baton};
use baton_kb::search::query::parse;
use baton_kb::search::static_index::rank::StaticIndex;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Case {
    pub(crate) query: String,
    #[serde(default)]
    pub(crate) first: Option<String>,
    #[serde(default)]
    pub(crate) top3: Vec<String>,
}

pub(crate) fn cases() -> Vec<Case> {
    let text = include_str!("../relevance.yaml");
    serde_saphyr::from_str(text).expect("tests/relevance.yaml")
}

/// Problems with `ids` as the answer to `case`, if any.
pub(crate) fn judge(case: &Case, ids: &[String]) -> Option<String> {
    let top3 = &ids[..ids.len().min(3)];
    let first_ok = case.first.as_ref().is_none_or(|f| ids.first() == Some(f));
    let top3_ok = case.top3.iter().all(|id| top3.contains(id));
    (!first_ok || !top3_ok)
        .then(|| format!("{:?}: got {ids:?}, expected first {:?}, top 3 {:?}", case.query, case.first, case.top3))
}

/// example-site copied to a temporary folder (so tests never write into the repository) and built.
pub(crate) fn example_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("example-site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &site);
        let output = baton().args(["build"]).arg(&site).output().expect("run baton build");
        assert!(output.status.success(), "build failed: {}", String::from_utf8_lossy(&output.stderr));
        (dir, site)
    });
    path
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        if rel.starts_with(".baton") || rel.starts_with("public") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// `baton search --json --limit N QUERY` on example-site: the ids, best first.
pub(crate) fn cli_ids(query: &str, limit: usize) -> Vec<String> {
    let site = example_site();
    let output = baton()
        .args(["search", "--json", "--limit", &limit.to_string(), "--site"])
        .arg(site)
        .args(["--", query])
        .output()
        .expect("run baton search");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(run.code == 0 || run.code == 1, "{query}: {}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    value["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The static index of example-site ranking `query`: the ids, best first.
pub(crate) fn static_ids(query: &str, limit: usize) -> Vec<String> {
    let public = example_site().join("public");
    let mut index = StaticIndex::open(|path| std::fs::read(public.join(path)).ok()).expect("static index");
    let parsed = parse(query).expect("query parses");
    let ranked = index.search(&parsed).expect("search");
    ranked.docs.iter().take(limit).map(|(n, _)| index.fragment(*n).expect("fragment").id).collect()
}

#[test]
fn the_command_line_finds_what_relevance_yaml_expects() {
    let cases = cases();
    assert!(cases.len() >= 20, "at least 20 queries");
    let failures: Vec<String> = cases.iter().filter_map(|c| judge(c, &cli_ids(&c.query, 5))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_static_index_finds_what_relevance_yaml_expects() {
    let failures: Vec<String> = cases().iter().filter_map(|c| judge(c, &static_ids(&c.query, 5))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn command_line_and_static_index_agree_on_the_top_five() {
    let mut disagreements = Vec::new();
    for case in cases() {
        let (cli, page) = (cli_ids(&case.query, 5), static_ids(&case.query, 5));
        if cli != page {
            disagreements.push(format!("{:?}:\n  cli    {cli:?}\n  static {page:?}", case.query));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
