//! Runs a [`Query`] on the tantivy index: BM25 over heading and body, phrases, prefixes, filters.
//!
//! The scoring rules are the ones `static_index` and `search.js` reproduce: each term scores
//! BM25 in the heading (title and tags, ×[`TITLE_BOOST`]) and in the body; adjacent plain words
//! score again as a two-word phrase; a query that asks why (or who decided) multiplies the scores
//! of decisions by [`DECISION_BOOST`]; a prefix expands to its [`MAX_EXPANSIONS`] most frequent terms, the word
//! itself at full weight and the others at [`PREFIX_WEIGHT`]. Ties break in document order (kind, team, person, id). When no document
//! has every required word, the query runs again with all words optional and says so.
//!
//! This module neither reads the site nor prints: [`super::cache`] keeps the index current and
//! [`super::format`] turns [`Hit`]s into text or JSON.

use super::analyze::{BatonTokenizer, TOKENIZER_NAME};
use super::query::{Filter, Group, Pattern, Query, Scope, Text};
use super::schema::{Fields, date_text};
use std::collections::BTreeMap;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocId, Index, IndexReader, Score, Searcher, SegmentReader, TantivyDocument, Term};

/// How much more a word in the heading (title, tags) counts than the same word in the body.
pub const TITLE_BOOST: f32 = 3.0;
/// Factor on a decision's score when the query asks for a decision ("why", "who decided").
pub const DECISION_BOOST: f32 = 2.0;
/// The weight of a prefix's expansions other than the typed word itself.
pub const PREFIX_WEIGHT: f32 = 0.5;
/// How many terms a prefix expands to at most (the most frequent ones).
pub const MAX_EXPANSIONS: usize = 10;
/// Characters in a snippet.
pub const SNIPPET_CHARS: usize = 180;

/// An opened index.
pub struct Searchable {
    /// The index.
    pub index: Index,
    /// Its reader.
    pub reader: IndexReader,
    /// Its fields.
    pub fields: Fields,
}

/// Registers the analyzer on an index, which tantivy does not persist.
pub fn register_analyzer(index: &Index) {
    index.tokenizers().register(TOKENIZER_NAME, TextAnalyzer::from(BatonTokenizer::default()));
}

/// What to return.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// At most this many hits.
    pub limit: usize,
    /// Only documents dated on or after this `YYYYMMDD`.
    pub since: Option<u64>,
}

/// A snippet of the body with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Handoff or decision id.
    pub id: String,
    /// `handoff` or `decision`.
    pub kind: String,
    /// The title.
    pub title: String,
    /// The status.
    pub status: String,
    /// Owner or deciders.
    pub people: Vec<String>,
    /// Updated (handoffs) or decided (decisions), `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Site-root-relative page URL.
    pub url: String,
    /// Source file, relative to the site.
    pub file: String,
    /// The line the document starts on in its file (inline decisions start mid-file).
    #[serde(skip)]
    pub first_line: u64,
    /// BM25 score (0 for filter-only queries).
    pub score: f32,
    /// Where equal scores rank.
    #[serde(skip)]
    pub order: String,
    /// The best passage of the body.
    pub snippet: Snippet,
}

/// The hits and how they were found.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// True when no document had every required word and the words were made optional.
    pub relaxed: bool,
    /// Every term the query looked for (expansions included), for highlighting.
    pub terms: Vec<String>,
}

/// Runs `query`.
pub fn search(index: &Searchable, query: &Query, options: SearchOptions) -> tantivy::Result<Results> {
    let searcher = index.reader.searcher();
    let mut results = run(index, &searcher, query, options)?;
    if results.hits.is_empty() && query.groups.iter().any(|g| g.required) && query.groups.len() > 1 {
        results = run(index, &searcher, &query.relaxed(), options)?;
        results.relaxed = true;
    }
    Ok(results)
}

fn run(index: &Searchable, searcher: &Searcher, query: &Query, options: SearchOptions) -> tantivy::Result<Results> {
    let mut builder = Builder { fields: index.fields, searcher, terms: BTreeMap::new() };
    let tantivy_query = builder.query(query, options.since)?;
    // A margin beyond the limit, so ties at the cut are broken by the order key, not tantivy.
    let top = TopDocs::with_limit(options.limit + 50);
    let mut scored: Vec<(f32, DocAddress)> = if query.decision_cue {
        searcher.search(&tantivy_query, &top.tweak_score(boost_decisions))?
    } else {
        searcher.search(&tantivy_query, &top.order_by_score())?
    };
    // Only documents that can still make the cut are read from the store: the first `limit`,
    // and any that tie with the last of them (their order key decides).
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let cutoff = scored.get(options.limit.saturating_sub(1)).map(|s| s.0);
    scored.retain(|(score, _)| cutoff.is_none_or(|c| *score >= c));
    let mut hits = Vec::with_capacity(scored.len());
    for (score, address) in scored.drain(..) {
        let doc: TantivyDocument = searcher.doc(address)?;
        hits.push(hit(&index.fields, &doc, score));
    }
    sort_hits(&mut hits, query.has_text());
    hits.truncate(options.limit);
    let generator = snippet_generator(&index.index, index.fields, &builder.terms)?;
    for hit in &mut hits {
        hit.snippet = snippet(&generator, &hit.snippet.text);
    }
    Ok(Results { hits, relaxed: false, terms: builder.terms.into_keys().collect() })
}

/// Multiplies the scores of decisions by [`DECISION_BOOST`], reading the `decision` fast field.
fn boost_decisions(segment: &SegmentReader) -> impl Fn(DocId, Score) -> Score + use<> {
    let decision = segment.fast_fields().u64("decision").ok().map(|c| c.first_or_default_col(0));
    move |doc, score| match &decision {
        Some(column) if column.get_val(doc) == 1 => score * DECISION_BOOST,
        _ => score,
    }
}

/// Best score first, ties in document order (kind, team, person, id, as the static index
/// numbers them); a query without text lists the newest first.
fn sort_hits(hits: &mut [Hit], by_score: bool) {
    if by_score {
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.order.cmp(&b.order)));
    } else {
        hits.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    }
}

fn hit(fields: &Fields, doc: &TantivyDocument, score: f32) -> Hit {
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let people = doc.get_all(fields.people).filter_map(|v| v.as_str()).map(str::to_string).collect();
    let number = |field| doc.get_first(field).and_then(|v| v.as_u64());
    Hit {
        id: text(fields.id),
        kind: text(fields.kind),
        title: text(fields.title),
        status: text(fields.status),
        people,
        date: number(fields.date).map(date_text),
        url: text(fields.url),
        file: text(fields.file),
        first_line: number(fields.line).unwrap_or(1),
        score,
        order: text(fields.order),
        // The whole body for now; cut down to a snippet once the terms are known.
        snippet: Snippet { text: text(fields.body), highlights: Vec::new() },
    }
}

fn snippet_generator(
    index: &Index,
    fields: Fields,
    terms: &BTreeMap<String, f32>,
) -> tantivy::Result<SnippetGenerator> {
    let analyzer =
        index.tokenizers().get(TOKENIZER_NAME).unwrap_or_else(|| TextAnalyzer::from(BatonTokenizer::default()));
    Ok(SnippetGenerator::new(terms.clone(), analyzer, fields.body, SNIPPET_CHARS))
}

fn snippet(generator: &SnippetGenerator, body: &str) -> Snippet {
    let found = generator.snippet(body);
    if found.is_empty() {
        let end = body.char_indices().nth(SNIPPET_CHARS).map(|(i, _)| i).unwrap_or(body.len());
        return Snippet { text: body[..end].to_string(), highlights: Vec::new() };
    }
    Snippet {
        text: found.fragment().to_string(),
        highlights: found.highlighted().iter().map(|r| (r.start, r.end)).collect(),
    }
}

/// Turns a [`Query`] into a tantivy query, remembering every term it looks for.
struct Builder<'a> {
    fields: Fields,
    searcher: &'a Searcher,
    terms: BTreeMap<String, f32>,
}

impl Builder<'_> {
    fn query(&mut self, query: &Query, since: Option<u64>) -> tantivy::Result<Box<dyn TantivyQuery>> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        if query.has_text() {
            clauses.push((Occur::Must, self.text_part(query)?));
        } else {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for filter in &query.filters {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(self.filter(filter), 0.0))));
        }
        if let Some(since) = since {
            let range =
                RangeQuery::new(Bound::Included(Term::from_field_u64(self.fields.date, since)), Bound::Unbounded);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(range), 0.0))));
        }
        for text in &query.excluded {
            let mut silent = Builder { fields: self.fields, searcher: self.searcher, terms: BTreeMap::new() };
            clauses.push((Occur::MustNot, silent.text(text)?));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Required groups must all match; with none required, at least one optional group must.
    fn text_part(&mut self, query: &Query) -> tantivy::Result<Box<dyn TantivyQuery>> {
        let any_required = query.groups.iter().any(|g| g.required);
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for group in &query.groups {
            let occur = if group.required { Occur::Must } else { Occur::Should };
            clauses.push((occur, self.group(group)?));
        }
        for (a, b) in &query.pairs {
            clauses.push((Occur::Should, self.pair(a, b)));
        }
        let mut boolean = BooleanQuery::new(clauses);
        if !any_required {
            boolean.set_minimum_number_should_match(1);
        }
        Ok(Box::new(boolean))
    }

    fn group(&mut self, group: &Group) -> tantivy::Result<Box<dyn TantivyQuery>> {
        let mut alternatives = Vec::with_capacity(group.alternatives.len());
        for text in &group.alternatives {
            alternatives.push(self.text(text)?);
        }
        Ok(union(alternatives))
    }

    fn text(&mut self, text: &Text) -> tantivy::Result<Box<dyn TantivyQuery>> {
        let fields = self.scoped_fields(text.scope);
        Ok(match &text.pattern {
            Pattern::Term(term) => self.term(&fields, term, 1.0),
            Pattern::Phrase(terms) => self.phrase(&fields, terms, 1.0),
            Pattern::Prefix(prefix) => {
                let expansions = expand_prefix(self.searcher, &self.fields, prefix)?;
                let parts = expansions
                    .iter()
                    .map(|term| self.term(&fields, term, if term == prefix { 1.0 } else { PREFIX_WEIGHT }))
                    .collect();
                union(parts)
            }
        })
    }

    fn scoped_fields(&self, scope: Scope) -> Vec<(tantivy::schema::Field, f32)> {
        match scope {
            Scope::Any => vec![(self.fields.heading, TITLE_BOOST), (self.fields.body, 1.0)],
            Scope::Title => vec![(self.fields.heading, TITLE_BOOST)],
        }
    }

    fn term(&mut self, fields: &[(tantivy::schema::Field, f32)], term: &str, weight: f32) -> Box<dyn TantivyQuery> {
        self.terms.insert(term.to_string(), 1.0);
        let parts = fields
            .iter()
            .map(|(field, boost)| {
                let query = TermQuery::new(Term::from_field_text(*field, term), IndexRecordOption::WithFreqs);
                boosted(Box::new(query), boost * weight)
            })
            .collect();
        union(parts)
    }

    fn phrase(
        &mut self,
        fields: &[(tantivy::schema::Field, f32)],
        terms: &[String],
        weight: f32,
    ) -> Box<dyn TantivyQuery> {
        for term in terms {
            self.terms.insert(term.clone(), 1.0);
        }
        let parts = fields
            .iter()
            .map(|(field, boost)| {
                let terms = terms.iter().map(|t| Term::from_field_text(*field, t)).collect();
                boosted(Box::new(PhraseQuery::new(terms)), boost * weight)
            })
            .collect();
        union(parts)
    }

    /// Two adjacent words scored again as a phrase (not recorded as terms: they already are).
    fn pair(&self, a: &str, b: &str) -> Box<dyn TantivyQuery> {
        let parts = self
            .scoped_fields(Scope::Any)
            .into_iter()
            .map(|(field, boost)| {
                let terms = vec![Term::from_field_text(field, a), Term::from_field_text(field, b)];
                boosted(Box::new(PhraseQuery::new(terms)), boost)
            })
            .collect();
        union(parts)
    }

    fn filter(&self, filter: &Filter) -> Box<dyn TantivyQuery> {
        let (field, value) = match filter {
            Filter::Owner(v) => (self.fields.people, v.as_str()),
            Filter::Status(v) => (self.fields.status, v.as_str()),
            Filter::Team(v) => (self.fields.team, v.as_str()),
            Filter::Tag(v) => (self.fields.tag, v.as_str()),
            Filter::Kind(k) => (self.fields.kind, k.as_str()),
        };
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    }
}

/// The terms a prefix stands for: the [`MAX_EXPANSIONS`] with the most documents (heading and
/// body counted together), ties by term.
pub fn expand_prefix(searcher: &Searcher, fields: &Fields, prefix: &str) -> tantivy::Result<Vec<String>> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        for field in [fields.heading, fields.body] {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().range().ge(prefix.as_bytes()).into_stream()?;
            while let Some((key, info)) = stream.next() {
                let Ok(term) = std::str::from_utf8(key) else { continue };
                if !term.starts_with(prefix) {
                    break;
                }
                *counts.entry(term.to_string()).or_default() += u64::from(info.doc_freq);
            }
        }
    }
    let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(ranked.into_iter().take(MAX_EXPANSIONS).map(|(t, _)| t).collect())
}

fn boosted(query: Box<dyn TantivyQuery>, boost: f32) -> Box<dyn TantivyQuery> {
    if boost == 1.0 { query } else { Box::new(BoostQuery::new(query, boost)) }
}

fn union(mut parts: Vec<Box<dyn TantivyQuery>>) -> Box<dyn TantivyQuery> {
    match parts.len() {
        0 => Box::new(EmptyQuery),
        1 => parts.remove(0),
        _ => Box::new(BooleanQuery::union(parts)),
    }
}
