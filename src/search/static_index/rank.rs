//! Reads the static index back and ranks a query the way `search.js` does, in Rust.
//!
//! This is the script's algorithm, step for step: find the shards a query's terms fall in,
//! expand prefixes, score BM25 per field with the constants from `meta.bin`, combine groups,
//! pairs, exclusions and filters, relax when nothing has every word, sort by score then number.
//! Tests run it over a built site to check the static index against the expected results and
//! against the command line without a browser; the browser tests then check the script itself.

use super::encode::Reader;
use super::pack::Packs;
use super::{Fragment, Meta};
use crate::search::query::{Filter, Group, Pattern, Query, Scope, Text};
use anyhow::Context as _;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read as _;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Postings of one term: per field, (document, term frequency, norm code).
type TermPostings = [Vec<(u32, u32, u8)>; 2];
/// Scores by document number.
type Scores = BTreeMap<u32, f64>;
/// Reads a file of the site by its path from the site root.
type ReadFile<'a> = Box<dyn Fn(&str) -> Option<Vec<u8>> + 'a>;

/// A static index opened from its files.
pub struct StaticIndex<'a> {
    /// `meta.bin`.
    pub meta: Meta,
    read: ReadFile<'a>,
    shards: HashMap<String, BTreeMap<String, TermPostings>>,
    /// Per facet (in [`super::FACETS`] order), per document, value positions.
    facets: Vec<Vec<Vec<u32>>>,
}

/// Ranked document numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranked {
    /// (document number, score), best first.
    pub docs: Vec<(u32, f64)>,
    /// True when the words were made optional because no document had them all.
    pub relaxed: bool,
}

impl<'a> StaticIndex<'a> {
    /// Opens the index through `read`, which returns a file under the site root (`search/…`).
    pub fn open(read: impl Fn(&str) -> Option<Vec<u8>> + 'a) -> anyhow::Result<StaticIndex<'a>> {
        let meta: Meta = serde_json::from_slice(&gunzip(&read("search/meta.bin").context("no search/meta.bin")?)?)?;
        let mut facets = Vec::new();
        for name in &meta.facets {
            let bytes = gunzip(&read(&format!("search/{name}")).with_context(|| format!("no {name}"))?)?;
            facets.push(decode_facet(&bytes).with_context(|| format!("{name} is damaged"))?);
        }
        Ok(StaticIndex { meta, read: Box::new(read), shards: HashMap::new(), facets })
    }

    /// The fragment of document `number`.
    pub fn fragment(&self, number: u32) -> anyhow::Result<Fragment> {
        Ok(serde_json::from_slice(&self.member(&self.meta.fragments, number)?)?)
    }

    /// Member `number` of `packs`, unzipped: what the script's two range requests fetch.
    fn member(&self, packs: &Packs, number: u32) -> anyhow::Result<Vec<u8>> {
        let (file, slot) = packs.locate(number);
        let bytes = (self.read)(&format!("search/{file}")).with_context(|| format!("no {file}"))?;
        gunzip(super::pack::member(&bytes, slot).with_context(|| format!("{file} has no member {slot}"))?)
    }

    /// Ranks `query`, relaxing it when no document has every required word.
    pub fn search(&mut self, query: &Query) -> anyhow::Result<Ranked> {
        let docs = self.run(query)?;
        if docs.is_empty() && query.groups.iter().any(|g| g.required) && query.groups.len() > 1 {
            return Ok(Ranked { docs: self.run(&query.relaxed())?, relaxed: true });
        }
        Ok(Ranked { docs, relaxed: false })
    }

    fn run(&mut self, query: &Query) -> anyhow::Result<Vec<(u32, f64)>> {
        if !query.has_text() {
            return self.listing(query);
        }
        let mut groups = Vec::new();
        for group in &query.groups {
            groups.push((group.required, self.group(group)?));
        }
        let any_required = groups.iter().any(|(required, _)| *required);
        let mut candidates: BTreeSet<u32> = match any_required {
            true => intersect(groups.iter().filter(|(r, _)| *r).map(|(_, s)| s)),
            false => groups.iter().flat_map(|(_, s)| s.keys().copied()).collect(),
        };
        for text in &query.excluded {
            for doc in self.text(text)?.keys() {
                candidates.remove(doc);
            }
        }
        candidates.retain(|doc| self.passes(*doc, &query.filters));
        let mut pairs = Vec::new();
        for (a, b) in &query.pairs {
            pairs.push(self.phrase(Scope::Any, &[a.clone(), b.clone()], 1.0)?);
        }
        let decision_boost = f64::from(self.meta.decision_boost);
        let mut ranked: Vec<(u32, f64)> = candidates
            .into_iter()
            .map(|doc| {
                let score: f64 = groups.iter().map(|(_, s)| s).chain(&pairs).filter_map(|s| s.get(&doc)).sum();
                (doc, if query.decision_cue && self.is_decision(doc) { score * decision_boost } else { score })
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked)
    }

    /// A query without words: every document that passes the filters and has none of the
    /// excluded words, newest first, each scored 0 (as the command line lists them).
    fn listing(&mut self, query: &Query) -> anyhow::Result<Vec<(u32, f64)>> {
        let path = format!("search/{}", self.meta.newest);
        let bytes = gunzip(&(self.read)(&path).with_context(|| format!("no {path}"))?)?;
        let order = super::newest::decode(&bytes).with_context(|| format!("{path} is damaged"))?;
        let mut excluded = BTreeSet::new();
        for text in &query.excluded {
            excluded.extend(self.text(text)?.into_keys());
        }
        Ok(order
            .into_iter()
            .filter(|doc| !excluded.contains(doc) && self.passes(*doc, &query.filters))
            .map(|doc| (doc, 0.0))
            .collect())
    }

    fn group(&mut self, group: &Group) -> anyhow::Result<Scores> {
        let mut scores = Scores::new();
        for text in &group.alternatives {
            add(&mut scores, &self.text(text)?);
        }
        Ok(scores)
    }

    fn text(&mut self, text: &Text) -> anyhow::Result<Scores> {
        match &text.pattern {
            Pattern::Term(term) => self.term(text.scope, term, 1.0),
            Pattern::Phrase(terms) => self.phrase(text.scope, terms, 1.0),
            Pattern::Prefix(prefix) => {
                let mut scores = Scores::new();
                for term in self.expand(prefix)? {
                    let weight = if &term == prefix { 1.0 } else { f64::from(self.meta.prefix_weight) };
                    add(&mut scores, &self.term(text.scope, &term, weight)?);
                }
                Ok(scores)
            }
        }
    }

    fn fields(&self, scope: Scope) -> Vec<(usize, f64)> {
        match scope {
            Scope::Any => vec![(0, f64::from(self.meta.title_boost)), (1, 1.0)],
            Scope::Title => vec![(0, f64::from(self.meta.title_boost))],
        }
    }

    fn term(&mut self, scope: Scope, term: &str, weight: f64) -> anyhow::Result<Scores> {
        let postings = self.postings(term)?;
        let mut scores = Scores::new();
        for (field, boost) in self.fields(scope) {
            let idf = idf(postings[field].len(), self.meta.docs);
            for &(doc, tf, norm) in &postings[field] {
                *scores.entry(doc).or_default() += boost * weight * self.bm25(field, idf, tf, norm);
            }
        }
        Ok(scores)
    }

    /// Two words: the pair's own postings. Longer phrases: documents with every consecutive
    /// pair, counting the rarest pair's occurrences (an approximation of tantivy's positions).
    fn phrase(&mut self, scope: Scope, terms: &[String], weight: f64) -> anyhow::Result<Scores> {
        let mut pair_postings = Vec::new();
        for pair in terms.windows(2) {
            pair_postings.push(self.postings(&super::pair_key(&pair[0], &pair[1]))?);
        }
        let mut term_counts = Vec::new();
        for term in terms {
            let postings = self.postings(term)?;
            term_counts.push([postings[0].len(), postings[1].len()]);
        }
        let mut scores = Scores::new();
        for (field, boost) in self.fields(scope) {
            let idf: f64 = term_counts.iter().map(|c| idf(c[field], self.meta.docs)).sum();
            for (doc, (tf, norm)) in phrase_matches(&pair_postings, field) {
                *scores.entry(doc).or_default() += boost * weight * self.bm25(field, idf, tf, norm);
            }
        }
        Ok(scores)
    }

    fn bm25(&self, field: usize, idf: f64, tf: u32, norm: u8) -> f64 {
        let length = f64::from(self.meta.norms.get(usize::from(norm)).copied().unwrap_or(0));
        let tf = f64::from(tf);
        idf * (1.0 + K1) * tf / (tf + K1 * (1.0 - B + B * length / self.meta.avg[field]))
    }

    /// The most frequent terms starting with `prefix` (pairs excluded), ties by term.
    fn expand(&mut self, prefix: &str) -> anyhow::Result<Vec<String>> {
        let mut found: Vec<(String, usize)> = Vec::new();
        let mut shard = self.shard_of(prefix);
        while let Some(n) = shard {
            let file = self.meta.shards[n].1.clone();
            let terms = self.load(&file)?;
            found.extend(
                terms
                    .range(prefix.to_string()..)
                    .take_while(|(t, _)| t.starts_with(prefix))
                    .filter(|(t, _)| !t.starts_with(' '))
                    .map(|(t, p)| (t.clone(), p[0].len() + p[1].len())),
            );
            shard = Some(n + 1)
                .filter(|next| self.meta.shards.get(*next).is_some_and(|(first, _)| first.starts_with(prefix)));
        }
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(found.into_iter().take(self.meta.max_expansions).map(|(t, _)| t).collect())
    }

    fn postings(&mut self, term: &str) -> anyhow::Result<TermPostings> {
        let key = if term.starts_with(' ') {
            format!("pair {}", super::pair_bucket(term, self.meta.pairs.count))
        } else {
            let Some(n) = self.shard_of(term) else { return Ok(TermPostings::default()) };
            self.meta.shards[n].1.clone()
        };
        Ok(self.load(&key)?.get(term).cloned().unwrap_or_default())
    }

    /// The shard whose range holds `term`: the last one whose first term is not after it.
    fn shard_of(&self, term: &str) -> Option<usize> {
        let after = self.meta.shards.partition_point(|(first, _)| first.as_str() <= term);
        after.checked_sub(1).or((!self.meta.shards.is_empty()).then_some(0))
    }

    /// A word shard by its file under `search/`, or pair shard N by `pair N`, read once.
    fn load(&mut self, key: &str) -> anyhow::Result<&BTreeMap<String, TermPostings>> {
        if !self.shards.contains_key(key) {
            let bytes = match key.strip_prefix("pair ").and_then(|n| n.parse().ok()) {
                Some(bucket) => self.member(&self.meta.pairs.packs, bucket)?,
                None => gunzip(&(self.read)(&format!("search/{key}")).with_context(|| format!("no {key}"))?)?,
            };
            let terms = decode_shard(&bytes).with_context(|| format!("{key} is damaged"))?;
            self.shards.insert(key.to_string(), terms);
        }
        self.shards.get(key).context("shard vanished")
    }

    /// Documents after the handoffs are decisions.
    fn is_decision(&self, doc: u32) -> bool {
        doc as usize >= self.meta.handoffs
    }

    fn passes(&self, doc: u32, filters: &[Filter]) -> bool {
        let values = &self.meta.values;
        let has = |facet: usize, position: Option<usize>| {
            let list = self.facets.get(facet).and_then(|f| f.get(doc as usize));
            position.zip(list).is_some_and(|(p, list)| list.contains(&(p as u32)))
        };
        filters.iter().all(|filter| match filter {
            Filter::Kind(k) => self.is_decision(doc) == (*k == crate::search::document::Kind::Decision),
            Filter::Status(s) => has(0, values.status.iter().position(|v| v == s)),
            Filter::Owner(o) => has(1, values.owner.iter().position(|v| v == o)),
            Filter::Team(t) => has(2, values.team.iter().position(|v| &v.0 == t)),
            Filter::Tag(t) => has(3, values.tag.iter().position(|v| &v.0 == t)),
        })
    }
}

/// Documents where every pair occurs in `field`: (tf of the rarest pair, norm code).
fn phrase_matches(pairs: &[TermPostings], field: usize) -> BTreeMap<u32, (u32, u8)> {
    let mut matches: BTreeMap<u32, (u32, u8)> = BTreeMap::new();
    let Some((first, rest)) = pairs.split_first() else { return matches };
    for &(doc, tf, norm) in &first[field] {
        matches.insert(doc, (tf, norm));
    }
    for pair in rest {
        let present: BTreeMap<u32, u32> = pair[field].iter().map(|&(d, tf, _)| (d, tf)).collect();
        matches.retain(|doc, (tf, _)| match present.get(doc) {
            Some(other) => {
                *tf = (*tf).min(*other);
                true
            }
            None => false,
        });
    }
    matches
}

fn idf(doc_freq: usize, docs: usize) -> f64 {
    let (n, total) = (doc_freq as f64, docs as f64);
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
}

fn add(into: &mut Scores, scores: &Scores) {
    for (doc, score) in scores {
        *into.entry(*doc).or_default() += score;
    }
}

fn intersect<'s>(mut sets: impl Iterator<Item = &'s Scores>) -> BTreeSet<u32> {
    let Some(first) = sets.next() else { return BTreeSet::new() };
    let mut docs: BTreeSet<u32> = first.keys().copied().collect();
    for set in sets {
        docs.retain(|d| set.contains_key(d));
    }
    docs
}

/// Undoes the gzip of every file (a host that already decoded it is fine too).
pub fn gunzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

fn decode_shard(bytes: &[u8]) -> Option<BTreeMap<String, TermPostings>> {
    let mut reader = Reader::new(bytes);
    let count = reader.varint()?;
    let mut terms = BTreeMap::new();
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = reader.varint()? as usize;
        let suffix_len = reader.varint()? as usize;
        let suffix = reader.take(suffix_len)?;
        let mut term = previous.get(..shared)?.to_vec();
        term.extend_from_slice(suffix);
        let mut postings = TermPostings::default();
        for field in &mut postings {
            let n = reader.varint()?;
            let mut doc = 0u32;
            for i in 0..n {
                let delta = reader.varint()? as u32;
                doc = if i == 0 { delta } else { doc.checked_add(delta)? };
                let tf = reader.varint()? as u32;
                let norm = *reader.take(1)?.first()?;
                field.push((doc, tf, norm));
            }
        }
        terms.insert(String::from_utf8(term.clone()).ok()?, postings);
        previous = term;
    }
    Some(terms)
}

fn decode_facet(bytes: &[u8]) -> Option<Vec<Vec<u32>>> {
    let mut reader = Reader::new(bytes);
    let docs = reader.varint()? as usize;
    let mut all = Vec::with_capacity(docs.min(1 << 20));
    for _ in 0..docs {
        let n = reader.varint()?;
        let mut list = Vec::new();
        for _ in 0..n {
            list.push(reader.varint()? as u32);
        }
        all.push(list);
    }
    Some(all)
}
