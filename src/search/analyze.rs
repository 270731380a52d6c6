//! Text analysis shared by the command line and the static index: text → search terms.
//!
//! A term is a run of letters and digits inside a Unicode word (UAX #29 word boundaries), folded
//! to lowercase without accents: `Petrović's` → `petrovic`, `s`; `ledger_v2` → `ledger`, `v2`.
//! Splitting words further at `.`, `_`, `'` and `:` means `finance.ledger_entries` is found by
//! `ledger`, which matters more in handoffs full of identifiers than keeping `don't` whole.
//!
//! `themes/default/static/search.js` implements the same rules in the browser; the vectors in
//! `tests/analysis.json` pin both implementations to the same output. There is deliberately no
//! stemming and no stop-word list: both would have to be reimplemented in the script, byte for
//! byte, and a knowledge base is searched for names and identifiers more than for prose.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation as _;

/// Terms longer than this (in characters, after folding) are dropped: they are hashes, base64 or
/// URLs squashed together, never something a person types.
pub const MAX_TERM_CHARS: usize = 40;

/// The name the tokenizer is registered under in the tantivy index.
pub const TOKENIZER_NAME: &str = "baton";

/// One term and where it came from in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The folded term.
    pub text: String,
    /// Byte offset of its first character in the original text.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
}

/// Splits `text` into folded terms, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_term(text, |term, start, end| out.push(Term { text: term.to_string(), start, end }));
    out
}

/// Calls `found(term, start, end)` for each term of `text` in order, folding into one reused
/// buffer: what indexing a large base calls millions of times.
pub fn each_term(text: &str, mut found: impl FnMut(&str, usize, usize)) {
    let mut folded = String::new();
    for (word_start, word) in text.unicode_word_indices() {
        for (start, end) in alphanumeric_runs(word) {
            fold_into(&word[start..end], &mut folded);
            if !folded.is_empty() && folded.chars().count() <= MAX_TERM_CHARS {
                found(&folded, word_start + start, word_start + end);
            }
        }
    }
}

/// Just the folded terms of `text`.
pub fn term_texts(text: &str) -> Vec<String> {
    terms(text).into_iter().map(|t| t.text).collect()
}

/// Lowercase, then strip accents (canonical decomposition without its combining marks).
pub fn fold(word: &str) -> String {
    let mut folded = String::new();
    fold_into(word, &mut folded);
    folded
}

/// [`fold`] into `out`, replacing what it held.
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Most words of most bases: no accents to strip, and the same result far cheaper.
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.to_lowercase().nfd().filter(|c| !is_combining_mark(*c)));
    }
}

/// Byte ranges of the runs of letters, digits and combining marks in one word. A mark stays with
/// the letter before it, so a decomposed `é` is one run, not two.
fn alphanumeric_runs(word: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut current: Option<usize> = None;
    for (i, c) in word.char_indices() {
        let inside = c.is_alphanumeric() || (current.is_some() && is_combining_mark(c));
        match (inside, current) {
            (true, None) => current = Some(i),
            (false, Some(start)) => {
                runs.push((start, i));
                current = None;
            }
            _ => {}
        }
    }
    if let Some(start) = current {
        runs.push((start, word.len()));
    }
    runs
}

/// The analyzer as a tantivy tokenizer, so the index and the static index see the same terms.
#[derive(Debug, Clone, Default)]
pub struct BatonTokenizer {
    token: TantivyToken,
}

/// The terms of one text, handed to tantivy one at a time.
pub struct BatonTokenStream<'a> {
    terms: std::vec::IntoIter<Term>,
    token: &'a mut TantivyToken,
}

impl Tokenizer for BatonTokenizer {
    type TokenStream<'a> = BatonTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BatonTokenStream<'a> {
        self.token.reset();
        BatonTokenStream { terms: terms(text).into_iter(), token: &mut self.token }
    }
}

impl TokenStream for BatonTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.next() else { return false };
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = term.start;
        self.token.offset_to = term.end;
        self.token.text = term.text;
        true
    }

    fn token(&self) -> &TantivyToken {
        self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(term_texts("Ana Petrović, João and ZÜRICH"), ["ana", "petrovic", "joao", "and", "zurich"]);
    }

    #[test]
    fn splits_identifiers_inside_words() {
        assert_eq!(
            term_texts("finance.ledger_entries v2.1 don't"),
            ["finance", "ledger", "entries", "v2", "1", "don", "t"]
        );
    }

    #[test]
    fn decomposed_accents_fold_like_composed_ones() {
        assert_eq!(term_texts("Jo\u{61}\u{303}o"), ["joao"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Crème brûlée";
        let t = terms(text);
        assert_eq!(&text[t[1].start..t[1].end], "brûlée");
        assert_eq!(t[1].text, "brulee");
    }

    #[test]
    fn ideographs_are_one_term_each_and_long_junk_is_dropped() {
        assert_eq!(term_texts("東京 ok"), ["東", "京", "ok"]);
        assert!(term_texts(&"x".repeat(41)).is_empty());
    }

    #[test]
    fn shared_vectors_hold() {
        let vectors: Vec<(String, Vec<String>)> =
            serde_json::from_str(include_str!("../../tests/analysis.json")).expect("tests/analysis.json");
        for (input, expected) in vectors {
            assert_eq!(term_texts(&input), expected, "{input:?}");
        }
    }
}
