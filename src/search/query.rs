//! The query language, parsed into a [`Query`] that both the command line and the page execute.
//!
//! `ledger cutover` needs both words; `"dual write"` needs the phrase; `-mysql` excludes;
//! `kafka OR debezium` needs either; `deplo*` is a prefix; `title:word` searches titles only;
//! `owner:kofi status:blocked team:payments tag:ledger-v2 kind:decision` filter. Question words
//! (`why`, `who`, `the`…) are optional when something else is required, so "why postgres" finds
//! the decision that says "Postgres" without the word "why". Adjacent plain words also score as a
//! phrase, which is how an exact phrase ranks above scattered words.
//!
//! This module only parses; [`super::cli_search`] and the page's script turn a [`Query`] into
//! scores. The script (`search.js`) has a parser with the same rules.

use super::analyze::term_texts;
use super::document::Kind;
use crate::model::{DecisionStatus, Status};
use crate::slug::slugify;
use crate::suggest::did_you_mean;

/// Words that are optional when another part of the query is required.
pub const QUESTION_WORDS: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "are",
    "choose",
    "chose",
    "chosen",
    "decide",
    "decided",
    "decision",
    "decisions",
    "did",
    "do",
    "does",
    "for",
    "how",
    "in",
    "is",
    "of",
    "on",
    "pick",
    "picked",
    "the",
    "to",
    "was",
    "we",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
];

/// Words that ask for a decision: with one of them, decisions rank higher (`DECISION_BOOST`).
pub const DECISION_CUES: &[&str] =
    &["choose", "chose", "chosen", "decide", "decided", "decision", "decisions", "pick", "picked", "why"];

/// The fields a query may name.
pub const FIELDS: &[&str] = &["title", "owner", "status", "team", "tag", "kind"];

/// Which text field a part searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title and body.
    Any,
    /// The title only (`title:word`).
    Title,
}

/// What a part of the query looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// One term.
    Term(String),
    /// Consecutive terms: a quoted phrase, or a word the analyzer splits (`ledger-v2`).
    Phrase(Vec<String>),
    /// Every term starting with this (`deplo*`).
    Prefix(String),
}

/// A text part of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Where to look.
    pub scope: Scope,
    /// What to look for.
    pub pattern: Pattern,
}

/// A run of alternatives joined by `OR`; a document matches the group when it matches one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The alternatives (one when there is no `OR`).
    pub alternatives: Vec<Text>,
    /// Required unless it is a lone question word next to required parts.
    pub required: bool,
}

/// A facet filter: scores nothing, keeps only matching documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Owner of a handoff, or one of a decision's deciders.
    Owner(String),
    /// Status as written.
    Status(String),
    /// Team slug.
    Team(String),
    /// Tag slug.
    Tag(String),
    /// Handoff or decision.
    Kind(Kind),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Text groups, in the order written.
    pub groups: Vec<Group>,
    /// Adjacent plain words, scored again as two-word phrases.
    pub pairs: Vec<(String, String)>,
    /// Texts a document must not match.
    pub excluded: Vec<Text>,
    /// Filters, all of which must hold.
    pub filters: Vec<Filter>,
    /// The query asks why, or who decided: decisions count more.
    pub decision_cue: bool,
}

impl Query {
    /// True when the query has text to score (not just filters).
    pub fn has_text(&self) -> bool {
        !self.groups.is_empty()
    }

    /// The same query with every group optional: the fallback when no document has every word.
    pub fn relaxed(&self) -> Query {
        let mut relaxed = self.clone();
        relaxed.groups.iter_mut().for_each(|g| g.required = false);
        relaxed
    }
}

/// A piece of the query as written, before analysis.
#[derive(Debug, PartialEq, Eq)]
struct Piece {
    negated: bool,
    field: Option<String>,
    value: String,
    quoted: bool,
}

/// Parses a query; the error is a sentence for the user.
pub fn parse(input: &str) -> Result<Query, String> {
    let pieces = split(input)?;
    let mut query = Query::default();
    let mut pending: Vec<Text> = Vec::new();
    let mut joined = false;
    let mut last_plain: Option<String> = None;
    for (index, piece) in pieces.iter().enumerate() {
        if !piece.quoted && piece.field.is_none() && piece.value == "OR" && !piece.negated {
            if pending.is_empty() || index + 1 == pieces.len() {
                return Err("`OR` needs a word on each side, as in `kafka OR debezium`".into());
            }
            joined = true;
            continue;
        }
        match part(piece)? {
            Part::Filter(filter) => query.filters.push(filter),
            Part::Excluded(text) => query.excluded.extend(text),
            Part::Nothing => {}
            Part::Text(texts) => {
                let plain = plain_term(piece, &texts);
                if joined {
                    pending.extend(texts);
                    joined = false;
                    last_plain = None;
                    continue;
                }
                flush(&mut query, &mut pending);
                if let (Some(previous), Some(current)) = (&last_plain, &plain) {
                    query.pairs.push((previous.clone(), current.clone()));
                }
                last_plain = plain;
                pending = texts;
            }
        }
        if joined {
            return Err("`OR` must join two words or phrases, not a filter or an exclusion".into());
        }
    }
    flush(&mut query, &mut pending);
    mark_optional_question_words(&mut query);
    query.decision_cue = query
        .groups
        .iter()
        .flat_map(|g| &g.alternatives)
        .any(|t| matches!(&t.pattern, Pattern::Term(term) if DECISION_CUES.contains(&term.as_str())));
    Ok(query)
}

/// The term of a plain unquoted word of the whole field, for phrase pairs.
fn plain_term(piece: &Piece, texts: &[Text]) -> Option<String> {
    match texts {
        [Text { scope: Scope::Any, pattern: Pattern::Term(t) }] if !piece.quoted => Some(t.clone()),
        _ => None,
    }
}

fn flush(query: &mut Query, pending: &mut Vec<Text>) {
    if !pending.is_empty() {
        query.groups.push(Group { alternatives: std::mem::take(pending), required: true });
    }
}

fn mark_optional_question_words(query: &mut Query) {
    let is_question = |g: &Group| {
        matches!(g.alternatives.as_slice(), [Text { scope: Scope::Any, pattern: Pattern::Term(t) }]
            if QUESTION_WORDS.contains(&t.as_str()))
    };
    if query.groups.iter().any(|g| !is_question(g)) {
        for group in query.groups.iter_mut().filter(|g| is_question(g)) {
            group.required = false;
        }
    }
}

enum Part {
    Text(Vec<Text>),
    Excluded(Vec<Text>),
    Filter(Filter),
    Nothing,
}

fn part(piece: &Piece) -> Result<Part, String> {
    let scope = match piece.field.as_deref() {
        None => Scope::Any,
        Some("title") => Scope::Title,
        Some(field) => {
            if piece.negated {
                return Err(format!("`-{field}:` is not supported: a filter can only include, not exclude"));
            }
            return filter(field, &piece.value).map(Part::Filter);
        }
    };
    let texts = texts(scope, &piece.value, piece.quoted)?;
    Ok(match (texts.is_empty(), piece.negated) {
        (true, _) => Part::Nothing,
        (false, true) => Part::Excluded(texts),
        (false, false) => Part::Text(texts),
    })
}

/// The text a written word or phrase stands for, if it has any letters or digits. A prefix
/// applies only to a word that is one term: `ledger-v*` is the phrase `ledger v`, which keeps the
/// rule simple enough to mirror exactly in the script.
fn texts(scope: Scope, value: &str, quoted: bool) -> Result<Vec<Text>, String> {
    let prefix = !quoted && value.ends_with('*');
    let mut terms = term_texts(value.trim_end_matches('*'));
    if prefix && terms.is_empty() {
        return Err(format!("`{value}`: a prefix needs at least one letter or digit before `*`"));
    }
    let pattern = match terms.len() {
        0 => return Ok(Vec::new()),
        1 if prefix => Pattern::Prefix(terms.remove(0)),
        1 => Pattern::Term(terms.remove(0)),
        _ => Pattern::Phrase(terms),
    };
    Ok(vec![Text { scope, pattern }])
}

fn filter(field: &str, value: &str) -> Result<Filter, String> {
    if value.is_empty() {
        return Err(format!("`{field}:` needs a value, as in `{field}:{}`", example(field)));
    }
    match field {
        "owner" => Ok(Filter::Owner(value.to_lowercase().trim_start_matches('@').to_string())),
        "status" => status(value).map(Filter::Status),
        "team" => Ok(Filter::Team(slugify(value))),
        "tag" => Ok(Filter::Tag(slugify(value))),
        "kind" => Kind::parse(&value.to_lowercase())
            .map(Filter::Kind)
            .ok_or_else(|| format!("`kind:{value}`: a kind is `handoff` or `decision`")),
        _ => Err(unknown_field(field)),
    }
}

/// Accepts any handoff or decision status.
pub fn status(value: &str) -> Result<String, String> {
    let value = value.to_lowercase();
    let known: Vec<&str> =
        Status::ALL.iter().map(|s| s.as_str()).chain(DecisionStatus::ALL.iter().map(|s| s.as_str())).collect();
    if known.contains(&value.as_str()) {
        return Ok(value);
    }
    let hint =
        did_you_mean(&value, known.iter().copied()).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
    Err(format!("`{value}` is not a status{hint}; statuses are {}", known.join(", ")))
}

fn unknown_field(field: &str) -> String {
    let hint =
        did_you_mean(field, FIELDS.iter().copied()).map(|s| format!("did you mean `{s}:`? ")).unwrap_or_default();
    format!(
        "unknown field `{field}:`; {hint}fields are {}",
        FIELDS.iter().map(|f| format!("`{f}:`")).collect::<Vec<_>>().join(", ")
    )
}

fn example(field: &str) -> &'static str {
    match field {
        "owner" => "kofi",
        "status" => "blocked",
        "team" => "payments",
        "tag" => "ledger-v2",
        "kind" => "decision",
        _ => "word",
    }
}

/// Splits the input into pieces: `-`, `field:`, then a `"quoted phrase"` or a bare word.
fn split(input: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (piece, after) = piece(rest)?;
        pieces.push(piece);
        rest = after.trim_start();
    }
    Ok(pieces)
}

fn piece(text: &str) -> Result<(Piece, &str), String> {
    let (negated, text) = match text.strip_prefix('-') {
        Some(rest) if rest.starts_with(|c: char| !c.is_whitespace()) => (true, rest),
        Some(_) => return Err("`-` must be followed by the word to exclude, as in `-mysql`".into()),
        None => (false, text),
    };
    let word_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let (field, text) = match text[..word_end].split_once(':') {
        Some((field, _)) if !field.is_empty() && !field.starts_with('"') && is_field_name(field) => {
            (Some(field.to_lowercase()), &text[field.len() + 1..])
        }
        _ => (None, text),
    };
    if let Some(quoted) = text.strip_prefix('"') {
        let end = quoted.find('"').ok_or("a phrase is missing its closing `\"`")?;
        let piece = Piece { negated, field, value: quoted[..end].to_string(), quoted: true };
        return Ok((piece, &quoted[end + 1..]));
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let value = text[..end].to_string();
    if let Some(field) = &field
        && !FIELDS.contains(&field.as_str())
    {
        return Err(unknown_field(field));
    }
    Ok((Piece { negated, field, value, quoted: false }, &text[end..]))
}

/// `word:` is a field when it looks like a name; `10:30` or `https:` stay text.
fn is_field_name(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphabetic()) && text.len() <= 12 && text != "http" && text != "https"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str) -> Text {
        Text { scope: Scope::Any, pattern: Pattern::Term(t.into()) }
    }

    #[test]
    fn words_are_required_and_adjacent_words_pair_up() {
        let q = parse("ledger cutover").unwrap();
        assert_eq!(q.groups.len(), 2);
        assert!(q.groups.iter().all(|g| g.required));
        assert_eq!(q.pairs, [("ledger".to_string(), "cutover".to_string())]);
    }

    #[test]
    fn question_words_are_optional_next_to_other_words() {
        let q = parse("Why Postgres").unwrap();
        assert!(!q.groups[0].required && q.groups[1].required);
        assert!(parse("why").unwrap().groups[0].required, "alone, a question word is the query");
        assert!(parse("who decided debezium").unwrap().decision_cue);
        assert!(!parse("debezium").unwrap().decision_cue);
    }

    #[test]
    fn or_joins_alternatives() {
        let q = parse("kafka OR debezium lag").unwrap();
        assert_eq!(q.groups[0].alternatives, [term("kafka"), term("debezium")]);
        assert_eq!(q.groups[1].alternatives, [term("lag")]);
        assert!(q.pairs.is_empty(), "no phrase across an OR: {:?}", q.pairs);
    }

    #[test]
    fn phrases_prefixes_exclusions_and_fields() {
        let q = parse(r#""Dual Write" deplo* -mysql title:ledger owner:kofi status:Blocked tag:"Ledger v2""#).unwrap();
        assert_eq!(q.groups[0].alternatives[0].pattern, Pattern::Phrase(vec!["dual".into(), "write".into()]));
        assert_eq!(q.groups[1].alternatives[0].pattern, Pattern::Prefix("deplo".into()));
        assert_eq!(q.excluded, [term("mysql")]);
        assert_eq!(q.groups[2].alternatives[0].scope, Scope::Title);
        assert_eq!(
            q.filters,
            [Filter::Owner("kofi".into()), Filter::Status("blocked".into()), Filter::Tag("ledger-v2".into())]
        );
    }

    #[test]
    fn split_words_become_phrases() {
        let q = parse("ledger-v2").unwrap();
        assert_eq!(q.groups[0].alternatives[0].pattern, Pattern::Phrase(vec!["ledger".into(), "v2".into()]));
    }

    #[test]
    fn bad_queries_get_a_message_not_a_panic() {
        for (input, needle) in [
            ("\"open phrase", "closing"),
            ("OR kafka", "`OR` needs"),
            ("kafka OR", "`OR` needs"),
            ("kafka OR owner:kofi", "`OR` must join"),
            ("statsu:blocked", "did you mean `status:`"),
            ("status:blokced", "did you mean `blocked`"),
            ("kind:page", "`handoff` or `decision`"),
            ("owner:", "needs a value"),
            ("- x", "`-` must be followed"),
            ("*", "prefix needs"),
            ("-owner:kofi", "only include"),
        ] {
            let error = parse(input).expect_err(input);
            assert!(error.contains(needle), "{input}: {error}");
        }
    }

    #[test]
    fn times_and_urls_are_not_fields() {
        assert_eq!(
            parse("10:30").unwrap().groups[0].alternatives[0].pattern,
            Pattern::Phrase(vec!["10".into(), "30".into()])
        );
        assert!(parse("https://example.com").is_ok());
    }
}
