//! The typed model of a knowledge base: plain data, no I/O and no rendering.
//!
//! The link stage builds it from the raw frontmatter; check, render and search only read it.
//! Relations hold keys ([`Id`], [`Handle`]), never references, and every value a user wrote
//! keeps its [`Span`] so any later stage can point at it.

pub mod attention;
pub mod base;
pub mod handoff;
pub mod record;
pub mod time;
pub mod wrap;

pub use attention::{Attention, Flag, Problem};
pub use base::{Base, Indexes, Person, Team};
pub use handoff::{
    Decision, DecisionOrigin, DecisionStatus, Handoff, Item, Link, LinkKind, Question, Recording, Risk, Status,
    Transfer,
};
pub use record::{RecordInfo, RecordPerson, RecordRelation};
pub use time::{Duration, Moment};
pub use wrap::{Baking, KnownRecipient, OpenItem, Recipient, Shift, Watch, Wrap, newest_wraps};

use crate::diagnostic::Span;
use std::fmt;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> At<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        At { value, span }
    }
}

/// A handoff or decision id: `[a-z0-9][a-z0-9-]*`. It cannot hold any other character, so it is
/// always safe as a URL path segment and a file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Accepts only a valid id; the error says what an id may contain.
    pub fn parse(text: &str) -> Result<Id, String> {
        if crate::slug::is_ascii_slug(text) {
            Ok(Id(text.to_string()))
        } else {
            Err(format!(
                "`{text}` is not a valid id: use lowercase letters, digits and dashes, starting with a letter or digit (for example `{}`)",
                suggested_id(text)
            ))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn suggested_id(text: &str) -> String {
    let slug: String = crate::slug::slugify(text).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    if slug.is_empty() { "ledger-export".to_string() } else { slug }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's handle: lowercase `[a-z0-9][a-z0-9._-]*`, written bare (no `@`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Handle(String);

impl Handle {
    /// Accepts only a valid handle.
    pub fn parse(text: &str) -> Result<Handle, String> {
        let mut chars = text.chars();
        let first_ok = matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit());
        if first_ok && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)) {
            Ok(Handle(text.to_string()))
        } else {
            Err(format!(
                "`{text}` is not a valid handle: use lowercase letters, digits, `.`, `_` and `-`, written without `@`"
            ))
        }
    }

    /// The handle as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_path_characters() {
        assert!(Id::parse("ledger-v2").is_ok());
        for bad in ["../etc", "Ledger", "a/b", "", "-x", "a b", "a\0b"] {
            assert!(Id::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Id::parse("Ledger Export").unwrap_err().contains("`ledger-export`"));
    }

    #[test]
    fn handles_are_bare_and_lowercase() {
        assert!(Handle::parse("mei.lin").is_ok());
        assert!(Handle::parse("@ana").is_err());
        assert!(Handle::parse("Ana").is_err());
    }
}
