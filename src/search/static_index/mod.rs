//! The static index: what the site's search page reads, as small gzipped files under `search/`.
//!
//! Words are sorted and cut into shards of about [`SHARD_BYTES`], each named by the hash of its
//! content; a query fetches only the shards its words fall in, and a prefix only the shards of
//! its range. Adjacent word pairs (for phrase scoring, see [`pair_key`]) go to shards of their
//! own chosen by hash, so the metadata needs no table for them. Facets are one file each, since
//! filter counts need every match's values; each document's title, metadata and text (for the
//! snippet) is a fragment, fetched only when it is shown. Fragments and pair shards are small
//! and many, so they share files: packs, read a member at a time by HTTP range requests.
//!
//! Layout (every file gzip-compressed but packs, whose members are; names stable for the same
//! content):
//! - `search/meta.bin`: JSON [`Meta`]: counts, average field lengths, the BM25 norm table,
//!   scoring constants, the first word and file of every word shard, where pairs, facets and
//!   fragments are, and the facet value names.
//! - `search/s-HASH.bin`: a word shard ([`encode::shard`]).
//! - `search/p-HASH/N.bin`: pack N of pair shards ([`pack`]): member K holds the pairs whose
//!   [`pair_bucket`] is K.
//! - `search/facet-NAME-HASH.bin`: one facet's value positions per document ([`encode::facet`]).
//! - `search/f-HASH/N.bin`: pack N of fragments ([`pack`]): member K is document K's
//!   ([`fragments`]).
//! - `search/newest-HASH.bin`: every document number, newest first: the order of a query with
//!   filters and no words ([`newest`]).
//!
//! Documents are numbered in [`SearchDoc::order_key`] order, handoffs first, so a document's kind
//! is its number compared with [`Meta::handoffs`], and equal scores rank by number in the script
//! as they do by order key on the command line. [`rank`] reads these files back and ranks exactly
//! as `search.js` does; tests use it to hold the static index to the command line's relevance.

pub mod encode;
pub mod fragments;
pub mod newest;
pub mod pack;
pub mod rank;

pub use fragments::Fragment;

use super::analyze;
use super::document::{Kind, PackedDoc, SearchDoc};
use super::engine::{DECISION_BOOST, MAX_EXPANSIONS, PREFIX_WEIGHT, TITLE_BOOST};
use super::hash::{FNV32_OFFSET, fnv1a_hex, fnv1a32, fnv1a32_from};
use encode::{Postings, Shard};
use pack::Packs;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use tantivy::fieldnorm::FieldNormReader;

/// Format version, checked by the script.
pub const FORMAT_VERSION: u32 = 4;
/// A shard is cut once its encoded terms pass this size (before compression).
pub const SHARD_BYTES: usize = 48 * 1024;
/// The facets with a file each, in the order the script knows them.
pub const FACETS: [&str; 4] = ["status", "owner", "team", "tag"];

/// Files to write: (path under the site root, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// Builds every file of the static index.
///
/// The documents are taken rather than borrowed: once their text is analysed and cut into
/// fragments they are dropped, so the inversion (the peak of a large build's memory) runs without
/// them, about 100 MB at 10,000 handoffs.
pub fn build(docs: Vec<SearchDoc>) -> anyhow::Result<Files> {
    let analysed = analyse_all(&docs);
    let mut files = Files::new();
    let fragments = fragments::write(&docs, &mut files)?;
    finish(docs, analysed, fragments, files)
}

/// [`build`] for documents whose bodies wait compressed (a build's, made during its render):
/// each chunk's bodies are unpacked only while the chunk is analysed and cut into fragments, so
/// the whole base's text is never held at once.
pub fn build_packed(packed: Vec<PackedDoc>) -> anyhow::Result<Files> {
    use rayon::prelude::*;
    let mut packed = crate::search::document::ordered_packed(packed);
    let chunks: Vec<(Analysed, Vec<Vec<u8>>)> = packed
        .par_chunks_mut(ANALYSE_CHUNK)
        // Each chunk a task of its own, so the core that finishes first takes the next one
        // (see `render::render_site`).
        .with_max_len(1)
        .map(|chunk| {
            // Each packed body goes as it is unpacked: the analysed chunks grow as they shrink.
            let docs: Vec<SearchDoc> = chunk.iter_mut().map(PackedDoc::unpack).collect();
            let fragments = docs.iter().map(fragments::fragment).collect::<anyhow::Result<_>>()?;
            Ok((analyse(&docs), fragments))
        })
        .collect::<anyhow::Result<_>>()?;
    let (analysed, fragments): (Vec<Analysed>, Vec<Vec<Vec<u8>>>) = chunks.into_iter().unzip();
    let mut files = Files::new();
    let fragments = pack::write("f", &fragments.into_iter().flatten().collect::<Vec<_>>(), &mut files);
    let docs = packed.into_iter().map(PackedDoc::without_body).collect();
    finish(docs, analysed, fragments, files)
}

/// The rest of [`build`] once the documents' text is analysed and cut into fragments; the
/// documents' metadata is all it reads of them.
fn finish(docs: Vec<SearchDoc>, analysed: Vec<Analysed>, fragments: Packs, mut files: Files) -> anyhow::Result<Files> {
    let values = FacetValues::of(&docs);
    let facets = facet_files(&docs, &values, &mut files)?;
    let newest = newest::file(&docs, &mut files)?;
    let (count, handoffs) = (docs.len(), docs.iter().filter(|d| d.kind == Kind::Handoff).count());
    drop(docs);
    crate::memory::release_freed();
    let inverted = invert(analysed);
    let mut order: Vec<u32> = (0..inverted.words.len() as u32).collect();
    order.sort_unstable_by(|a, b| inverted.words[*a as usize].cmp(&inverted.words[*b as usize]));
    let shards = word_shards(&inverted, &order, &mut files)?;
    let pairs = pair_shards(&inverted, &order, &mut files)?;
    let meta = Meta {
        version: FORMAT_VERSION,
        docs: count,
        handoffs,
        avg: inverted.average_lengths(count),
        norms: (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect(),
        title_boost: TITLE_BOOST,
        decision_boost: DECISION_BOOST,
        prefix_weight: PREFIX_WEIGHT,
        max_expansions: MAX_EXPANSIONS,
        shards,
        pairs,
        facets,
        newest,
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
    /// File name of the documents in newest-first order ([`newest`]).
    pub newest: String,
    /// Where the fragments are: member N is document N's.
    pub fragments: Packs,
    /// Facet value names, which facet files refer to by position.
    pub values: FacetValues,
}

/// The pair shards: members `0..count` of packs.
#[derive(Debug, Serialize, Deserialize)]
pub struct PairShards {
    /// How many there are (at least 1).
    pub count: u32,
    /// Where they are: member N is the shard of the pairs whose [`pair_bucket`] is N.
    pub packs: Packs,
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

/// Word shards of about [`SHARD_BYTES`], each named by its content; `order` is the word numbers
/// in byte order of the words.
fn word_shards(inverted: &Inverted, order: &[u32], files: &mut Files) -> anyhow::Result<Vec<(String, String)>> {
    let words = order.iter().map(|&i| (inverted.words[i as usize].clone(), &inverted.postings[i as usize]));
    let shards = cut_shards(words);
    let encoded = in_parallel(&shards, |shard| encode::gzip_fast(&encode::shard(shard)))?;
    let mut table = Vec::with_capacity(shards.len());
    for (shard, bytes) in shards.iter().zip(encoded) {
        let name = format!("s-{}.bin", fnv1a_hex(&bytes));
        table.push((shard.first_term().to_string(), name.clone()));
        files.push((format!("search/{name}"), bytes));
    }
    Ok(table)
}

/// Pair shards: as many as [`SHARD_BYTES`] needs, each pair in its [`pair_bucket`]. Packs
/// would allow smaller ones at no cost in files, and a query fetches one per pair it has, but
/// at 1,000 handoffs shards of 16 KB saved 10 KB per pair fetched for 8% more index bytes
/// (48 KB: 9.04 MB, 32 KB: 9.32 MB, 16 KB: 9.80 MB), and a query stays well within 150 KB.
///
/// Keys are spelled out one bucket at a time, so the millions of pairs of a large base never
/// all exist as strings at once; within a bucket pairs sort by their words' ranks in byte
/// order, which is the byte order of their keys since no word holds a space.
fn pair_shards(inverted: &Inverted, order: &[u32], files: &mut Files) -> anyhow::Result<PairShards> {
    let words = &inverted.words;
    let mut rank = vec![0u32; words.len()];
    for (position, &word) in order.iter().enumerate() {
        rank[word as usize] = position as u32;
    }
    let size = |(a, b): (u32, u32), p: &[Postings; 2]| {
        words[a as usize].len() + words[b as usize].len() + 2 + encode::term_size("", p)
    };
    let total: usize = inverted.pairs.iter().map(|(pair, p)| size(*pair, p)).sum();
    let count = total.div_ceil(SHARD_BYTES).max(1) as u32;
    let mut buckets: Vec<Vec<PairRef<'_>>> = vec![Vec::new(); count as usize];
    for &((a, b), ref postings) in &inverted.pairs {
        let parts = [" ", &words[a as usize], " ", &words[b as usize]];
        let hash = parts.iter().fold(FNV32_OFFSET, |h, part| fnv1a32_from(h, part.as_bytes()));
        buckets[(hash % count) as usize].push(((a, b), postings));
    }
    let encoded = in_parallel(&buckets, |bucket| {
        let mut sorted = bucket.clone();
        sorted.sort_unstable_by_key(|((a, b), _)| (rank[*a as usize], rank[*b as usize]));
        let mut shard = Shard::default();
        for ((a, b), postings) in sorted {
            shard.size += size((a, b), postings);
            shard.terms.push((pair_key(&words[a as usize], &words[b as usize]), postings));
        }
        encode::gzip_fast(&encode::shard(&shard))
    })?;
    Ok(PairShards { count, packs: pack::write("p", &encoded, files) })
}

/// A pair of word numbers with its postings.
type PairRef<'a> = ((u32, u32), &'a [Postings; 2]);

/// `encode` applied to every item on every core, results in the items' order.
fn in_parallel<T: Sync, F>(items: &[T], encode: F) -> anyhow::Result<Vec<Vec<u8>>>
where
    F: Fn(&T) -> anyhow::Result<Vec<u8>> + Sync,
{
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&encode).collect::<Vec<_>>())).collect();
        let mut all = Vec::with_capacity(items.len());
        for worker in workers {
            let part = worker.join().map_err(|_| anyhow::anyhow!("a search index encoder panicked"))?;
            for bytes in part {
                all.push(bytes?);
            }
        }
        Ok(all)
    })
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

/// Every word and adjacent pair of the base with its postings per field, and length totals.
/// Words are numbered as they are first seen, so a pair is two numbers rather than a string.
struct Inverted {
    /// Word by number.
    words: Vec<String>,
    /// Postings (heading, body) by word number.
    postings: Vec<[Postings; 2]>,
    /// Postings of adjacent pairs of word numbers, sorted by the numbers.
    pairs: Vec<((u32, u32), [Postings; 2])>,
    total_lengths: [u64; 2],
}

impl Inverted {
    fn average_lengths(&self, docs: usize) -> [f64; 2] {
        let n = docs.max(1) as f64;
        [self.total_lengths[0] as f64 / n, self.total_lengths[1] as f64 / n]
    }
}

/// Words numbered in the order they are first seen.
#[derive(Default)]
struct WordTable {
    numbers: HashMap<String, u32, BuildPairHasher>,
    words: Vec<String>,
}

impl WordTable {
    /// The number of `word`, and whether it is new.
    fn number(&mut self, word: &str) -> (u32, bool) {
        if let Some(&n) = self.numbers.get(word) {
            return (n, false);
        }
        let n = self.words.len() as u32;
        self.words.push(word.to_string());
        self.numbers.insert(word.to_string(), n);
        (n, true)
    }
}

/// Postings for every word and adjacent pair of every document, numbered in order. Pair
/// occurrences are packed and sorted rather than looked up in a map millions of times, a share
/// of the pairs at a time ([`invert_pairs`]).
///
/// Analysing the text is most of the work, so chunks of documents are analysed on every core
/// ([`analyse`]); numbering their words chunk by chunk, in order, gives exactly the numbers one
/// pass over all documents would. Counting each document's words and pairs (two sorts per
/// field) runs on every core too, a window of chunks at a time so that few counts wait at once;
/// only appending them to the postings, in document order, is left to one thread.
fn invert(chunks: Vec<Analysed>) -> Inverted {
    use rayon::prelude::*;
    let mut table = WordTable::default();
    let globals: Vec<Vec<u32>> =
        chunks.iter().map(|chunk| chunk.table.words.iter().map(|w| table.number(w).0).collect()).collect();
    let mut postings: Vec<[Postings; 2]> = std::iter::repeat_with(Default::default).take(table.words.len()).collect();
    let mut total_lengths = [0u64; 2];
    let mut texts: Vec<Numbered> = Vec::with_capacity(chunks.len());
    let window = rayon::current_num_threads() * 2;
    let mut pending = chunks.into_iter().zip(globals).enumerate().peekable();
    while pending.peek().is_some() {
        let batch: Vec<_> = pending.by_ref().take(window).collect();
        let counted: Vec<Counted> = batch
            .into_par_iter()
            .map(|(n, (chunk, global))| count(chunk, &global, (n * ANALYSE_CHUNK) as u32))
            .collect();
        for chunk in counted {
            for (word, doc, tf, norm, field) in chunk.words {
                postings[word as usize][usize::from(field)].push(doc, tf, norm);
            }
            texts.push(chunk.text);
            total_lengths[0] += chunk.lengths[0];
            total_lengths[1] += chunk.lengths[1];
        }
    }
    Inverted { words: table.words, postings, pairs: invert_pairs(&texts), total_lengths }
}

/// Postings of every adjacent pair of words, a share of the pairs at a time.
///
/// Every occurrence of a pair is packed into a `u128` and the occurrences sorted, which groups
/// each pair's documents in order: pair (64 bits), document (32), field (1), term frequency (16),
/// norm code (8). At 10,000 handoffs that is ~9 million occurrences, 140 MB, the build's peak
/// when made at once; made for one share of the pairs (by a hash of the pair) per pass, the
/// occurrences waiting at once are a share of it. Which share a pair is in changes nothing
/// downstream: pair shards are filled by their own hash and sorted.
fn invert_pairs(texts: &[Numbered]) -> Vec<((u32, u32), [Postings; 2])> {
    use rayon::prelude::*;
    let occurrences: usize =
        texts.iter().flat_map(|t| &t.fields).flat_map(|fields| fields.iter().map(|f| f.len().saturating_sub(1))).sum();
    let passes = (occurrences * std::mem::size_of::<u128>()).div_ceil(PAIR_PASS_BYTES).clamp(1, MAX_PAIR_PASSES);
    let mut pairs = Vec::new();
    for pass in 0..passes {
        let mut seen: Vec<u128> = texts.par_iter().flat_map_iter(|text| text.pairs(pass, passes)).collect();
        seen.par_sort_unstable();
        pairs.extend(group_pairs(&seen));
    }
    pairs
}

/// How many bytes of pair occurrences one pass of [`invert_pairs`] aims to hold.
const PAIR_PASS_BYTES: usize = 24 << 20;

/// At most this many passes: each one reads every document's words again.
const MAX_PAIR_PASSES: usize = 8;

/// The pass of [`invert_pairs`] that makes the postings of `pair`.
fn pair_pass(pair: u64, passes: usize) -> usize {
    // The high bits of a multiplicative hash: word numbers are dense, so `pair % passes` alone
    // would follow the second word's number.
    ((u128::from(pair.wrapping_mul(0x9E37_79B9_7F4A_7C15)) * passes as u128) >> 64) as usize
}

/// One chunk's documents counted: (word, document, term frequency, norm code, field) in
/// document order, its text as the base's word numbers (for the pairs) and the fields' lengths.
struct Counted {
    words: Vec<(u32, u32, u32, u8, u8)>,
    text: Numbered,
    lengths: [u64; 2],
}

/// A chunk's documents as the base's word numbers, (heading, body) each, from `first_doc` on.
struct Numbered {
    first_doc: u32,
    fields: Vec<[Vec<u32>; 2]>,
}

impl Numbered {
    /// The packed occurrences (see [`invert_pairs`]) of the pairs that pass `pass` makes, each
    /// pair once per document and field with its frequency.
    fn pairs(&self, pass: usize, passes: usize) -> Vec<u128> {
        let mut packed = Vec::new();
        for (doc, fields) in (self.first_doc..).zip(&self.fields) {
            for (field, words) in fields.iter().enumerate() {
                let norm = FieldNormReader::fieldnorm_to_id(words.len() as u32);
                let pairs = words.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]));
                for (pair, tf) in runs(pairs.filter(|pair| pair_pass(*pair, passes) == pass).collect()) {
                    packed.push(
                        (u128::from(pair) << 64)
                            | (u128::from(doc) << 32)
                            | ((field as u128) << 31)
                            | (u128::from(tf.min(0xffff)) << 8)
                            | u128::from(norm),
                    );
                }
            }
        }
        packed
    }
}

/// Counts a chunk whose first document is `first_doc`, with `global` mapping its word numbers
/// to the base's.
fn count(chunk: Analysed, global: &[u32], first_doc: u32) -> Counted {
    let mut counted = Counted { words: Vec::new(), text: Numbered { first_doc, fields: Vec::new() }, lengths: [0; 2] };
    for (doc, fields) in (first_doc..).zip(chunk.fields) {
        let mut numbered: [Vec<u32>; 2] = Default::default();
        for (field, local) in fields.into_iter().enumerate() {
            let words: Vec<u32> = local.iter().map(|&l| global[l as usize]).collect();
            counted.lengths[field] += words.len() as u64;
            let norm = FieldNormReader::fieldnorm_to_id(words.len() as u32);
            counted.words.extend(runs(words.clone()).into_iter().map(|(word, tf)| (word, doc, tf, norm, field as u8)));
            numbered[field] = words;
        }
        counted.text.fields.push(numbered);
    }
    counted
}

/// Every document analysed, a chunk per task (see [`invert`]).
fn analyse_all(docs: &[SearchDoc]) -> Vec<Analysed> {
    use rayon::prelude::*;
    docs.par_chunks(ANALYSE_CHUNK).map(analyse).collect()
}

/// Documents analysed per task: enough to amortise a chunk's own word table.
const ANALYSE_CHUNK: usize = 256;

/// A chunk of documents analysed on its own: its words numbered in the order the chunk first
/// uses them, and each document's (heading, body) as those local numbers.
struct Analysed {
    table: WordTable,
    fields: Vec<[Vec<u32>; 2]>,
}

fn analyse(docs: &[SearchDoc]) -> Analysed {
    let mut table = WordTable::default();
    let fields = docs
        .iter()
        .map(|doc| {
            let mut fields: [Vec<u32>; 2] = Default::default();
            for (field, text) in [&doc.heading(), &doc.body].into_iter().enumerate() {
                analyze::each_term(text, |term, _, _| fields[field].push(table.number(term).0));
            }
            fields
        })
        .collect();
    Analysed { table, fields }
}

/// Postings per pair from sorted packed occurrences (see [`invert`]).
fn group_pairs(occurrences: &[u128]) -> Vec<((u32, u32), [Postings; 2])> {
    let mut pairs: Vec<((u32, u32), [Postings; 2])> = Vec::new();
    for &packed in occurrences {
        let pair = (packed >> 64) as u64;
        let key = ((pair >> 32) as u32, pair as u32);
        if pairs.last().is_none_or(|(last, _)| *last != key) {
            pairs.push((key, Default::default()));
        }
        if let Some((_, postings)) = pairs.last_mut() {
            let field = ((packed >> 31) & 1) as usize;
            postings[field].push((packed >> 32) as u32, ((packed >> 8) & 0xffff) as u32, packed as u8);
        }
    }
    pairs
}

/// A multiply-and-fold hash for words and pairs of word numbers: SipHash, the default, spends
/// more time on the millions of lookups of a large base than the rest of the inversion, and a
/// base's author gains nothing by making their own build slow with colliding words.
#[derive(Debug, Default, Clone, Copy)]
struct BuildPairHasher;

impl std::hash::BuildHasher for BuildPairHasher {
    type Hasher = PairHasher;
    fn build_hasher(&self) -> PairHasher {
        PairHasher(0)
    }
}

/// See [`BuildPairHasher`].
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for byte in chunks.remainder() {
            self.write_u64(u64::from(*byte));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// Each distinct item with how often it occurs.
fn runs<T: Ord + Copy>(mut items: Vec<T>) -> Vec<(T, u32)> {
    items.sort_unstable();
    let mut out: Vec<(T, u32)> = Vec::new();
    for item in items {
        match out.last_mut() {
            Some((last, n)) if *last == item => *n += 1,
            _ => out.push((item, 1)),
        }
    }
    out
}

/// The key of two adjacent terms: ` a b`. The leading space sorts every pair before every term,
/// so pairs fill shards of their own and a prefix's range of terms never spans them.
pub fn pair_key(a: &str, b: &str) -> String {
    format!(" {a} {b}")
}

/// Consecutive runs of words of about [`SHARD_BYTES`] each.
fn cut_shards<'a>(terms: impl Iterator<Item = (String, &'a [Postings; 2])>) -> Vec<Shard<'a>> {
    let mut shards = vec![Shard::default()];
    for (term, postings) in terms {
        let size = encode::term_size(&term, postings);
        let current = shards.last_mut().map(|s| s.size).unwrap_or_default();
        if current > 0 && current + size > SHARD_BYTES {
            shards.push(Shard::default());
        }
        if let Some(shard) = shards.last_mut() {
            shard.size += size;
            shard.terms.push((term, postings));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize, body: &str) -> SearchDoc {
        SearchDoc {
            id: format!("d{n}"),
            kind: Kind::Handoff,
            url: format!("handoffs/d{n}/"),
            file: format!("content/d{n}.md"),
            line: 1,
            title: format!("Doc {n}"),
            status: "draft".into(),
            people: vec!["ana".into()],
            teams: Vec::new(),
            tags: Vec::new(),
            date: None,
            body: body.into(),
            trackers: Vec::new(),
        }
    }

    /// Chunks analysed in parallel must number words exactly as one pass in document order.
    #[test]
    fn words_are_numbered_in_first_use_order_across_chunks() {
        let vocabulary = ["ledger", "payout", "cache", "kafka", "retry", "schema", "vault", "pager"];
        let docs: Vec<SearchDoc> = (0..ANALYSE_CHUNK * 3 + 7)
            .map(|n| {
                // Each chunk repeats older words and adds new ones of its own.
                let words: Vec<String> = (0..6)
                    .map(|k| format!("{}{}", vocabulary[(n + k) % vocabulary.len()], (n * 7 + k) % 500))
                    .collect();
                doc(n, &words.join(" "))
            })
            .collect();
        let inverted = invert(analyse_all(&docs));
        let mut expected: Vec<String> = Vec::new();
        for d in &docs {
            for text in [&d.heading(), &d.body] {
                analyze::each_term(text, |term, _, _| {
                    if !expected.iter().any(|w| w == term) {
                        expected.push(term.to_string());
                    }
                });
            }
        }
        assert_eq!(inverted.words, expected);
        let total: u64 = docs.iter().map(|d| analyze::term_texts(&d.body).len() as u64).sum();
        assert_eq!(inverted.total_lengths[1], total);
        // One body posting per document and distinct word, wherever the chunk boundaries fall.
        let distinct: u32 = docs
            .iter()
            .map(|d| analyze::term_texts(&d.body).into_iter().collect::<std::collections::BTreeSet<_>>().len() as u32)
            .sum();
        assert_eq!(inverted.postings.iter().map(|p| p[1].count).sum::<u32>(), distinct);
    }

    /// Fragments and pair shards share files (packs): thousands of documents make a few dozen
    /// search files, not one or more per document.
    #[test]
    fn a_large_base_has_few_search_files() {
        let docs: Vec<SearchDoc> =
            (0..3000).map(|k| doc(k, &format!("words only{k} then mark{k} and w{} w{}", k % 97, k % 89))).collect();
        let files = build(docs).unwrap();
        assert!(files.len() < 30, "{} files", files.len());
    }

    /// Counting runs a window of chunks at a time on every core; every document must keep its
    /// number, so a word and a phrase only one document has find that document and no other.
    #[test]
    fn documents_keep_their_numbers_across_chunks_and_windows() {
        let n = ANALYSE_CHUNK * 11 + 5;
        let docs: Vec<SearchDoc> =
            (0..n).map(|k| doc(k, &format!("common words here only{k} then mark{k} and more common words"))).collect();
        let files: std::collections::HashMap<String, Vec<u8>> = build(docs.clone()).unwrap().into_iter().collect();
        let mut index = rank::StaticIndex::open(|path| files.get(path).cloned()).unwrap();
        for k in [0, 1, ANALYSE_CHUNK - 1, ANALYSE_CHUNK, ANALYSE_CHUNK * 5 + 3, n - 1] {
            let query = crate::search::query::parse(&format!("\"only{k} then mark{k}\"")).unwrap();
            let ranked = index.search(&query).unwrap();
            let found: Vec<String> = ranked.docs.iter().map(|(d, _)| index.fragment(*d).unwrap().id).collect();
            assert_eq!(found, [format!("d{k}")], "document {k}");
        }
    }
}
