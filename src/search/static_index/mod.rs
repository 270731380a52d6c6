//! The static index: what the site's search page reads, as small gzipped files under `search/`.
//!
//! Terms (single words, and adjacent word pairs for phrase scoring) are sorted and cut into
//! shards of about [`SHARD_BYTES`], each named by the hash of its content; a query fetches only
//! the shards its words fall in. Per-document facets (kind, status, people, teams, tags) are one
//! file, because filter counts need every match's facets; each document's title, metadata and
//! text (for the snippet) is a fragment of its own, fetched only when it is shown.
//!
//! Layout (every file gzip-compressed, names stable for the same content):
//! - `search/meta.bin`: JSON: document count, average field lengths, BM25 norm table, scoring
//!   constants, the first term and file of every shard, the facet value names, and the folder
//!   of the fragments.
//! - `search/s-HASH.bin`: a shard ([`encode::shard`]).
//! - `search/facets-HASH.bin`: facet value indexes per document ([`encode::facets`]).
//! - `search/f-HASH/N.bin`: fragment of document N (JSON); the folder name hashes every fragment.
//!
//! Documents are numbered in id order, so "ties break by id" is "ties break by number" in the
//! script. [`rank`] reads these files back and ranks exactly as `search.js` does; tests use it
//! to hold the static index to the same relevance as the command line.

pub mod encode;
pub mod rank;

use super::analyze::terms;
use super::document::SearchDoc;
use super::engine::{DECISION_BOOST, MAX_EXPANSIONS, PREFIX_WEIGHT, TITLE_BOOST};
use super::hash::fnv1a_hex;
use encode::{Postings, Shard};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tantivy::fieldnorm::FieldNormReader;

/// Format version, checked by the script.
pub const FORMAT_VERSION: u32 = 1;
/// A shard is cut once its encoded terms pass this size (before compression).
pub const SHARD_BYTES: usize = 48 * 1024;
/// Text kept in a fragment for snippets, in characters.
pub const FRAGMENT_CHARS: usize = 6000;

/// The two text fields, in the order postings are stored.
pub const FIELDS: [&str; 2] = ["heading", "body"];

/// Files to write: (path under the site root, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// Builds every file of the static index.
pub fn build(docs: &[SearchDoc]) -> anyhow::Result<Files> {
    let inverted = invert(docs);
    let mut files = Vec::new();
    let shards = cut_shards(&inverted.terms);
    let mut shard_table = Vec::with_capacity(shards.len());
    for shard in &shards {
        let bytes = encode::gzip(&encode::shard(shard))?;
        let name = format!("s-{}.bin", fnv1a_hex(&bytes));
        shard_table.push((shard.first_term().to_string(), name.clone()));
        files.push((format!("search/{name}"), bytes));
    }
    let facets = Facets::of(docs);
    let facet_bytes = encode::gzip(&encode::facets(docs.len(), &facets.per_doc))?;
    let facets_name = format!("facets-{}.bin", fnv1a_hex(&facet_bytes));
    files.push((format!("search/{facets_name}"), facet_bytes));
    let (folder, fragments) = fragments(docs)?;
    files.extend(fragments);
    let meta = Meta {
        version: FORMAT_VERSION,
        docs: docs.len(),
        avg: inverted.average_lengths(docs.len()),
        norms: (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect(),
        title_boost: TITLE_BOOST,
        decision_boost: DECISION_BOOST,
        prefix_weight: PREFIX_WEIGHT,
        max_expansions: MAX_EXPANSIONS,
        shards: shard_table,
        facets: facets_name,
        fragments: folder,
        values: facets.values,
    };
    files.push(("search/meta.bin".to_string(), encode::gzip(&serde_json::to_vec(&meta)?)?));
    Ok(files)
}

/// `search/meta.bin`.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Meta {
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// Number of documents.
    pub docs: usize,
    /// Average length in terms of the heading and the body (tantivy's BM25 "average fieldnorm").
    pub avg: [f64; 2],
    /// Field length for each of the 256 one-byte length codes postings carry.
    pub norms: Vec<u32>,
    /// Heading weight.
    pub title_boost: f32,
    /// Factor for decisions when the query asks why or who decided.
    pub decision_boost: f32,
    /// Weight of a prefix's expansions other than the word itself.
    pub prefix_weight: f32,
    /// Expansions per prefix.
    pub max_expansions: usize,
    /// (first term, file name) per shard, in term order.
    pub shards: Vec<(String, String)>,
    /// File name of the facets.
    pub facets: String,
    /// Folder of the fragments.
    pub fragments: String,
    /// Facet value names, which the facets file refers to by position.
    pub values: FacetValues,
}

/// The distinct values of each facet.
#[derive(Debug, Default, Serialize, serde::Deserialize)]
pub struct FacetValues {
    /// `handoff`, `decision`.
    pub kind: Vec<String>,
    /// Statuses present.
    pub status: Vec<String>,
    /// Handles.
    pub owner: Vec<String>,
    /// (slug, name) of teams.
    pub team: Vec<(String, String)>,
    /// (slug, name) of tags.
    pub tag: Vec<(String, String)>,
}

/// Every term of the base with its postings per field, and field length totals.
struct Inverted {
    terms: BTreeMap<String, [Postings; 2]>,
    total_lengths: [u64; 2],
}

impl Inverted {
    fn average_lengths(&self, docs: usize) -> [f64; 2] {
        let n = docs.max(1) as f64;
        [self.total_lengths[0] as f64 / n, self.total_lengths[1] as f64 / n]
    }
}

/// Postings for every term and adjacent pair (`"a b"`) of every document, numbered in order.
fn invert(docs: &[SearchDoc]) -> Inverted {
    let mut terms: HashMap<String, [Postings; 2]> = HashMap::new();
    let mut total_lengths = [0u64; 2];
    for (number, doc) in docs.iter().enumerate() {
        for (field, text) in [&doc.heading(), &doc.body].into_iter().enumerate() {
            let words: Vec<String> = terms_of(text);
            total_lengths[field] += words.len() as u64;
            let norm = FieldNormReader::fieldnorm_to_id(words.len() as u32);
            let mut counts: HashMap<String, u32> = HashMap::new();
            for word in &words {
                *counts.entry(word.clone()).or_default() += 1;
            }
            for pair in words.windows(2) {
                *counts.entry(format!("{} {}", pair[0], pair[1])).or_default() += 1;
            }
            for (term, tf) in counts {
                terms.entry(term).or_default()[field].push(number as u32, tf, norm);
            }
        }
    }
    Inverted { terms: terms.into_iter().collect(), total_lengths }
}

fn terms_of(text: &str) -> Vec<String> {
    terms(text).into_iter().map(|t| t.text).collect()
}

/// Consecutive runs of terms of about [`SHARD_BYTES`] each.
fn cut_shards(terms: &BTreeMap<String, [Postings; 2]>) -> Vec<Shard<'_>> {
    let mut shards = vec![Shard::default()];
    for (term, postings) in terms {
        let size = encode::term_size(term, postings);
        let current = shards.last_mut().map(|s| s.size).unwrap_or_default();
        if current > 0 && current + size > SHARD_BYTES {
            shards.push(Shard::default());
        }
        if let Some(shard) = shards.last_mut() {
            shard.size += size;
            shard.terms.push((term.as_str(), postings));
        }
    }
    shards
}

/// Facet values numbered, and each document's value numbers.
struct Facets {
    values: FacetValues,
    per_doc: Vec<[Vec<u32>; 5]>,
}

impl Facets {
    fn of(docs: &[SearchDoc]) -> Facets {
        let values = FacetValues {
            kind: sorted_unique(docs.iter().map(|d| d.kind.as_str().to_string())),
            status: sorted_unique(docs.iter().map(|d| d.status.clone())),
            owner: sorted_unique(docs.iter().flat_map(|d| d.people.iter().cloned())),
            team: named_values(docs.iter().flat_map(|d| d.teams.iter())),
            tag: named_values(docs.iter().flat_map(|d| d.tags.iter())),
        };
        let position = |list: &[String], value: &str| list.iter().position(|v| v == value).unwrap_or(0) as u32;
        let slug_position =
            |list: &[(String, String)], slug: &str| list.iter().position(|v| v.0 == slug).unwrap_or(0) as u32;
        let per_doc = docs
            .iter()
            .map(|d| {
                [
                    vec![position(&values.kind, d.kind.as_str())],
                    vec![position(&values.status, &d.status)],
                    d.people.iter().map(|p| position(&values.owner, p)).collect(),
                    d.teams.iter().map(|t| slug_position(&values.team, &t.slug)).collect(),
                    d.tags.iter().map(|t| slug_position(&values.tag, &t.slug)).collect(),
                ]
            })
            .collect();
        Facets { values, per_doc }
    }
}

fn sorted_unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut list: Vec<String> = values.collect();
    list.sort();
    list.dedup();
    list
}

/// (slug, name) by slug; the first spelling in document order names the value.
fn named_values<'a>(values: impl Iterator<Item = &'a super::document::Named>) -> Vec<(String, String)> {
    let mut by_slug: BTreeMap<String, String> = BTreeMap::new();
    for named in values {
        by_slug.entry(named.slug.clone()).or_insert_with(|| named.name.clone());
    }
    by_slug.into_iter().collect()
}

/// What the page shows for one result.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Fragment {
    /// Id.
    pub id: String,
    /// `handoff` or `decision`.
    pub kind: String,
    /// Page URL relative to the site root.
    pub url: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Owner or deciders.
    pub people: Vec<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The text, cut at [`FRAGMENT_CHARS`], for the snippet.
    pub text: String,
}

/// The fragments, in a folder named by the hash of them all.
fn fragments(docs: &[SearchDoc]) -> anyhow::Result<(String, Files)> {
    let mut encoded = Vec::with_capacity(docs.len());
    let mut all = Vec::new();
    for doc in docs {
        let fragment = Fragment {
            id: doc.id.clone(),
            kind: doc.kind.as_str().to_string(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            status: doc.status.clone(),
            people: doc.people.clone(),
            date: doc.date.clone(),
            text: doc.body.chars().take(FRAGMENT_CHARS).collect(),
        };
        let bytes = encode::gzip(&serde_json::to_vec(&fragment)?)?;
        all.extend_from_slice(&bytes);
        encoded.push(bytes);
    }
    let folder = format!("f-{}", fnv1a_hex(&all));
    let files = encoded.into_iter().enumerate().map(|(n, bytes)| (format!("search/{folder}/{n}.bin"), bytes)).collect();
    Ok((folder, files))
}
