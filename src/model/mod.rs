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
pub use record::{Introduction, RecordFolder, RecordInfo, RecordPerson, RecordRelation};
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

/// A handoff or decision id: `[a-z0-9][a-z0-9-]*`, at most [`crate::slug::MAX_LEN`] bytes. It
/// cannot hold any other character nor be too long for a file name, so it is always safe as a URL
/// path segment and a file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Accepts only a valid id; the error says what an id may contain.
    pub fn parse(text: &str) -> Result<Id, String> {
        if text.len() > crate::slug::MAX_LEN {
            Err(too_long("id", text))
        } else if crate::slug::is_ascii_slug(text) {
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
    let slug = crate::slug::slugify(text);
    if slug.is_empty() || slug.len() > crate::slug::MAX_LEN { "ledger-export".to_string() } else { slug }
}

/// The error for an id or handle longer than a file name can be: it names a folder of the site.
fn too_long(what: &str, text: &str) -> String {
    let start: String = text.chars().take(24).collect();
    format!(
        "the {what} `{start}…` is {} bytes long; {what}s are at most {} bytes, because each names a folder of the built site",
        text.len(),
        crate::slug::MAX_LEN
    )
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's handle: lowercase `[a-z0-9][a-z0-9._-]*`, written bare (no `@`), at most
/// [`crate::slug::MAX_LEN`] bytes (it names the person's folder, `/owners/HANDLE/`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Handle(String);

impl Handle {
    /// Accepts only a valid handle.
    pub fn parse(text: &str) -> Result<Handle, String> {
        if text.len() > crate::slug::MAX_LEN {
            return Err(too_long("handle", text));
        }
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
        assert!(Id::parse("Große Migration").unwrap_err().contains("`grosse-migration`"));
    }

    #[test]
    fn ids_and_handles_fit_a_file_name() {
        let longest = "a".repeat(crate::slug::MAX_LEN);
        assert!(Id::parse(&longest).is_ok());
        assert!(Handle::parse(&longest).is_ok());
        let error = Id::parse(&format!("{longest}b")).unwrap_err();
        assert!(error.contains("201 bytes long") && error.contains("at most 200"), "{error}");
        assert!(Handle::parse(&format!("{longest}b")).unwrap_err().contains("handles are at most 200"));
    }

    #[test]
    fn handles_are_bare_and_lowercase() {
        assert!(Handle::parse("mei.lin").is_ok());
        assert!(Handle::parse("@ana").is_err());
        assert!(Handle::parse("Ana").is_err());
    }
}
