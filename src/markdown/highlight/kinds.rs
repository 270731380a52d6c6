//! Token kinds: the few classes highlighted code carries, one per kind of token, in place of
//! the whole scope stack syntect names (`hl-punctuation hl-definition hl-parameter hl-shell`).
//!
//! A token's kind is the kind of the innermost scope on its stack that names one, so a keyword
//! inside a string is a keyword and a string's quotes (`punctuation.definition.string`, which
//! names no kind) are part of the string, as the themes colour them. Each kind also names the
//! scope the stylesheet asks the themes to colour. Deliberately not here: the colours themselves
//! (resolved from the themes by the stylesheet) and per-language distinctions.

use std::sync::OnceLock;
use syntect::parsing::Scope;

/// One kind of token, drawn in one colour per theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Keyword,
    String,
    Comment,
    Constant,
    Function,
    Support,
    Type,
    Variable,
    Punctuation,
    Operator,
    Tag,
    Inserted,
    Deleted,
    Heading,
}

impl Kind {
    /// Every kind, in stylesheet order (the order of the enum, so `kind as usize` indexes it).
    pub(super) const ALL: [Kind; 14] = [
        Kind::Keyword,
        Kind::String,
        Kind::Comment,
        Kind::Constant,
        Kind::Function,
        Kind::Support,
        Kind::Type,
        Kind::Variable,
        Kind::Punctuation,
        Kind::Operator,
        Kind::Tag,
        Kind::Inserted,
        Kind::Deleted,
        Kind::Heading,
    ];

    /// The class on the kind's `<span>`s: `h` and one letter, short because a code-heavy page
    /// carries thousands of them.
    pub(super) fn class(self) -> &'static str {
        match self {
            Kind::Keyword => "hk",
            Kind::String => "hs",
            Kind::Comment => "hc",
            Kind::Constant => "hn",
            Kind::Function => "hf",
            Kind::Support => "hu",
            Kind::Type => "ht",
            Kind::Variable => "hv",
            Kind::Punctuation => "hp",
            Kind::Operator => "ho",
            Kind::Tag => "hg",
            Kind::Inserted => "hi",
            Kind::Deleted => "hd",
            Kind::Heading => "hh",
        }
    }

    /// The scope whose colour in a theme becomes the kind's colour.
    pub(super) fn representative(self) -> &'static str {
        match self {
            Kind::Keyword => "keyword.control",
            Kind::String => "string.quoted.double",
            Kind::Comment => "comment.line",
            Kind::Constant => "constant.numeric",
            Kind::Function => "entity.name.function",
            Kind::Support => "support.function",
            Kind::Type => "storage.type",
            Kind::Variable => "variable.parameter",
            Kind::Punctuation => "punctuation.separator",
            Kind::Operator => "keyword.operator",
            Kind::Tag => "entity.name.tag",
            Kind::Inserted => "markup.inserted",
            Kind::Deleted => "markup.deleted",
            Kind::Heading => "markup.heading",
        }
    }
}

/// Scope prefixes and the kind each names; the first prefix that matches a scope decides, so a
/// narrower prefix comes before the wider one it refines. `None` passes the choice outward.
const PREFIXES: [(&str, Option<Kind>); 27] = [
    ("comment", Some(Kind::Comment)),
    ("string", Some(Kind::String)),
    ("constant", Some(Kind::Constant)),
    ("keyword.operator", Some(Kind::Operator)),
    ("keyword", Some(Kind::Keyword)),
    ("storage", Some(Kind::Type)),
    ("support.type", Some(Kind::Type)),
    ("support.class", Some(Kind::Type)),
    ("entity.name.type", Some(Kind::Type)),
    ("entity.name.class", Some(Kind::Type)),
    ("entity.name.struct", Some(Kind::Type)),
    ("entity.name.enum", Some(Kind::Type)),
    ("entity.name.tag", Some(Kind::Tag)),
    ("entity.other.attribute-name", Some(Kind::Tag)),
    ("entity.name", Some(Kind::Function)),
    ("entity.other.inherited-class", Some(Kind::Type)),
    ("support.function", Some(Kind::Support)),
    ("variable.function", Some(Kind::Function)),
    ("variable", Some(Kind::Variable)),
    ("support.constant", Some(Kind::Constant)),
    ("markup.inserted", Some(Kind::Inserted)),
    ("markup.deleted", Some(Kind::Deleted)),
    ("markup.heading", Some(Kind::Heading)),
    ("meta.diff.range", Some(Kind::Heading)),
    ("meta.diff.header", Some(Kind::Heading)),
    // A delimiter of something else (quotes, `$` of a variable, `#` of a comment) is drawn as
    // what it delimits.
    ("punctuation.definition", None),
    ("punctuation", Some(Kind::Punctuation)),
];

fn prefixes() -> &'static [(Scope, Option<Kind>)] {
    static TABLE: OnceLock<Vec<(Scope, Option<Kind>)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Every prefix above is a valid scope name; one that were not would only go unmatched.
        PREFIXES.iter().filter_map(|(name, kind)| Scope::new(name).ok().map(|scope| (scope, *kind))).collect()
    })
}

/// The kind of a token with this scope stack (outermost first), or `None` for plain text.
pub(super) fn kind_of(stack: &[Scope]) -> Option<Kind> {
    let table = prefixes();
    stack
        .iter()
        .rev()
        .find_map(|scope| table.iter().find(|(prefix, _)| prefix.is_prefix_of(*scope)).and_then(|(_, kind)| *kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(scopes: &str) -> Option<Kind> {
        let stack: Vec<Scope> = scopes.split_whitespace().map(|s| Scope::new(s).expect("scope")).collect();
        kind_of(&stack)
    }

    #[test]
    fn the_innermost_scope_that_names_a_kind_wins() {
        assert_eq!(kind("source.rust meta.function storage.type.function.rust"), Some(Kind::Type));
        assert_eq!(kind("source.shell string.quoted.double punctuation.definition.string.begin"), Some(Kind::String));
        assert_eq!(
            kind("source.shell meta.group variable.other punctuation.definition.variable"),
            Some(Kind::Variable)
        );
        assert_eq!(kind("source.rust keyword.operator.assignment"), Some(Kind::Operator));
        assert_eq!(kind("source.rust punctuation.terminator"), Some(Kind::Punctuation));
        assert_eq!(kind("source.rust keyword.control"), Some(Kind::Keyword));
        assert_eq!(kind("source.python meta.function-call variable.function"), Some(Kind::Function));
        assert_eq!(kind("source.shell meta.function-call support.function.echo"), Some(Kind::Support));
        assert_eq!(kind("source.python meta.function-call"), None, "no kind: plain text");
        assert_eq!(kind("source.yaml punctuation.definition.comment.yaml"), None);
    }

    #[test]
    fn every_prefix_is_a_scope_and_classes_are_distinct() {
        assert_eq!(prefixes().len(), PREFIXES.len());
        let mut classes: Vec<&str> = Kind::ALL.iter().map(|k| k.class()).collect();
        classes.sort_unstable();
        classes.dedup();
        assert_eq!(classes.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert!(Scope::new(kind.representative()).is_ok());
            assert_eq!(kind_of(&[Scope::new(kind.representative()).expect("scope")]), Some(kind), "{kind:?}");
        }
    }
}
