//! The static index: what the site's search page reads, as small gzipped files under `search/`.
//!
//! Words are sorted and cut into shards of about [`SHARD_BYTES`], each named by the hash of its
//! content; a query fetches only the shards its words fall in, and a prefix only the shards of
//! its range. Adjacent word pairs (for phrase scoring, see [`pair_key`]) go to shards of their
//! own chosen by hash, so the metadata needs no table for them. Facets are one file each, since
//! filter counts need every match's values; each document's title, metadata and text (for the
//! snippet) is a fragment of its own, fetched only when it is shown.
//!
//! Layout (every file gzip-compressed, names stable for the same content):
//! - `search/meta.bin`: JSON [`Meta`]: counts, average field lengths, the BM25 norm table,
//!   scoring constants, the first word and file of every word shard, where pairs, facets and
//!   fragments are, and the facet value names.
//! - `search/s-HASH.bin`: a word shard ([`encode::shard`]).
//! - `search/p-HASH/N.bin`: pair shard N, holding the pairs whose [`pair_bucket`] is N.
//! - `search/facet-NAME-HASH.bin`: one facet's value positions per document ([`encode::facet`]).
//! - `search/f-HASH/N.bin`: fragment of document N (JSON); the folder name hashes every fragment.
//!
//! Documents are numbered in [`SearchDoc::order_key`] order, handoffs first, so a document's kind
//! is its number compared with [`Meta::handoffs`], and equal scores rank by number in the script
//! as they do by order key on the command line. [`rank`] reads these files back and ranks exactly
//! as `search.js` does; tests use it to hold the static index to the command line's relevance.

pub mod encode;
pub mod rank;

use super::analyze::terms;
use super::document::{Kind, SearchDoc};
use super::engine::{DECISION_BOOST, MAX_EXPANSIONS, PREFIX_WEIGHT, TITLE_BOOST};
use super::hash::{fnv1a_hex, fnv1a32};
use encode::{Postings, Shard};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use tantivy::fieldnorm::FieldNormReader;

/// Format version, checked by the script.
pub const FORMAT_VERSION: u32 = 2;
/// A shard is cut once its encoded terms pass this size (before compression).
pub const SHARD_BYTES: usize = 48 * 1024;
/// Text kept in a fragment for snippets, in characters.
pub const FRAGMENT_CHARS: usize = 6000;
/// The facets with a file each, in the order the script knows them.
pub const FACETS: [&str; 4] = ["status", "owner", "team", "tag"];

/// Files to write: (path under the site root, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// Builds every file of the static index.
pub fn build(docs: &[SearchDoc]) -> anyhow::Result<Files> {
    let inverted = invert(docs);
    let mut files = Files::new();
    let (words, pairs): (Vec<_>, Vec<_>) = inverted.terms.iter().partition(|(term, _)| !term.starts_with(' '));
    let shards = word_shards(&words, &mut files)?;
    let pairs = pair_shards(&pairs, &mut files)?;
    let values = FacetValues::of(docs);
    let facets = facet_files(docs, &values, &mut files)?;
    let fragments = fragments(docs, &mut files)?;
    let meta = Meta {
        version: FORMAT_VERSION,
        docs: docs.len(),
        handoffs: docs.iter().filter(|d| d.kind == Kind::Handoff).count(),
        avg: inverted.average_lengths(docs.len()),
        norms: (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect(),
        title_boost: TITLE_BOOST,
        decision_boost: DECISION_BOOST,
        prefix_weight: PREFIX_WEIGHT,
        max_expansions: MAX_EXPANSIONS,
        shards,
        pairs,
        facets,
        fragments,
        values,
    };
    files.push(("search/meta.bin".to_string(), encode::gzip(&serde_json::to_vec(&meta)?)?));
    Ok(files)
}

/// `search/meta.bin`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Meta {
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// Number of documents.
    pub docs: usize,
    /// Documents `0..handoffs` are handoffs, the rest decisions.
    pub handoffs: usize,
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
    /// (first word, file name) per word shard, in byte order of words.
    pub shards: Vec<(String, String)>,
    /// Where the pair shards are.
    pub pairs: PairShards,
    /// File name per facet, in [`FACETS`] order.
    pub facets: Vec<String>,
    /// Folder of the fragments.
    pub fragments: String,
    /// Facet value names, which facet files refer to by position.
    pub values: FacetValues,
}

/// The pair shards: `search/FOLDER/N.bin` for N below `count`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PairShards {
    /// `p-HASH`, hashing every pair shard.
    pub folder: String,
    /// How many there are (at least 1).
    pub count: u32,
}

/// The distinct values of each facet.
#[derive(Debug, Default, Serialize, Deserialize)]
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

impl FacetValues {
    fn of(docs: &[SearchDoc]) -> FacetValues {
        FacetValues {
            kind: vec![Kind::Handoff.as_str().to_string(), Kind::Decision.as_str().to_string()],
            status: sorted_unique(docs.iter().map(|d| d.status.clone())),
            owner: sorted_unique(docs.iter().flat_map(|d| d.people.iter().cloned())),
            team: named_values(docs.iter().flat_map(|d| d.teams.iter())),
            tag: named_values(docs.iter().flat_map(|d| d.tags.iter())),
        }
    }

    /// Each document's value positions for `facet` (one of [`FACETS`]).
    fn positions(&self, facet: &str, doc: &SearchDoc) -> Vec<u32> {
        let position = |list: &[String], value: &str| list.iter().position(|v| v == value).unwrap_or(0) as u32;
        let slug = |list: &[(String, String)], slug: &str| list.iter().position(|v| v.0 == slug).unwrap_or(0) as u32;
        match facet {
            "status" => vec![position(&self.status, &doc.status)],
            "owner" => doc.people.iter().map(|p| position(&self.owner, p)).collect(),
            "team" => doc.teams.iter().map(|t| slug(&self.team, &t.slug)).collect(),
            _ => doc.tags.iter().map(|t| slug(&self.tag, &t.slug)).collect(),
        }
    }
}

/// Word shards of about [`SHARD_BYTES`], each named by its content.
fn word_shards(words: &[(&String, &[Postings; 2])], files: &mut Files) -> anyhow::Result<Vec<(String, String)>> {
    let mut table = Vec::new();
    for shard in cut_shards(words) {
        let bytes = encode::gzip(&encode::shard(&shard))?;
        let name = format!("s-{}.bin", fnv1a_hex(&bytes));
        table.push((shard.first_term().to_string(), name.clone()));
        files.push((format!("search/{name}"), bytes));
    }
    Ok(table)
}

/// Pair shards: as many as [`SHARD_BYTES`] needs, each pair in its [`pair_bucket`].
fn pair_shards(pairs: &[(&String, &[Postings; 2])], files: &mut Files) -> anyhow::Result<PairShards> {
    let total: usize = pairs.iter().map(|(t, p)| encode::term_size(t, p)).sum();
    let count = total.div_ceil(SHARD_BYTES).max(1) as u32;
    let mut buckets: Vec<Shard<'_>> = (0..count).map(|_| Shard::default()).collect();
    for (term, postings) in pairs {
        let shard = &mut buckets[pair_bucket(term, count) as usize];
        shard.size += encode::term_size(term, postings);
        shard.terms.push((term.as_str(), postings));
    }
    let encoded: Vec<Vec<u8>> =
        buckets.iter().map(|b| encode::gzip(&encode::shard(b))).collect::<anyhow::Result<_>>()?;
    let folder = format!("p-{}", fnv1a_hex(&encoded.concat()));
    for (n, bytes) in encoded.into_iter().enumerate() {
        files.push((format!("search/{folder}/{n}.bin"), bytes));
    }
    Ok(PairShards { folder, count })
}

/// Which of `count` pair shards holds a pair key: 32-bit FNV-1a of its UTF-8 bytes, modulo.
pub fn pair_bucket(key: &str, count: u32) -> u32 {
    fnv1a32(key.as_bytes()) % count.max(1)
}

/// One file per facet, named by its content.
fn facet_files(docs: &[SearchDoc], values: &FacetValues, files: &mut Files) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for facet in FACETS {
        let lists: Vec<Vec<u32>> = docs.iter().map(|d| values.positions(facet, d)).collect();
        let bytes = encode::gzip(&encode::facet(&lists))?;
        let name = format!("facet-{facet}-{}.bin", fnv1a_hex(&bytes));
        files.push((format!("search/{name}"), bytes));
        names.push(name);
    }
    Ok(names)
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
                *counts.entry(pair_key(&pair[0], &pair[1])).or_default() += 1;
            }
            for (term, tf) in counts {
                terms.entry(term).or_default()[field].push(number as u32, tf, norm);
            }
        }
    }
    Inverted { terms: terms.into_iter().collect(), total_lengths }
}

/// The key of two adjacent terms: ` a b`. The leading space sorts every pair before every term,
/// so pairs fill shards of their own and a prefix's range of terms never spans them.
pub fn pair_key(a: &str, b: &str) -> String {
    format!(" {a} {b}")
}

fn terms_of(text: &str) -> Vec<String> {
    terms(text).into_iter().map(|t| t.text).collect()
}

/// Consecutive runs of words of about [`SHARD_BYTES`] each.
fn cut_shards<'a>(terms: &[(&'a String, &'a [Postings; 2])]) -> Vec<Shard<'a>> {
    let mut shards = vec![Shard::default()];
    for &(term, postings) in terms {
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
#[derive(Debug, Serialize, Deserialize)]
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

/// The fragments, in a folder named by the hash of them all; returns the folder.
fn fragments(docs: &[SearchDoc], files: &mut Files) -> anyhow::Result<String> {
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
    files.extend(encoded.into_iter().enumerate().map(|(n, bytes)| (format!("search/{folder}/{n}.bin"), bytes)));
    Ok(folder)
}
