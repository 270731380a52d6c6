//! The frontmatter as written: strings with positions, before any meaning is given to them.
//!
//! serde reads YAML into these structs; every scalar a later stage may point at is a
//! [`Spanned`] so its line and column survive. Nothing here validates ids, dates or statuses:
//! that is the link stage's work, so one bad value is reported with all the others rather than
//! failing the whole file. Values that may be written two ways (a plain string or a map, one
//! handle or a list) use small visitors instead of `#[serde(untagged)]`, which would lose spans.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// Every frontmatter key baton knows, for "did you mean" on the others.
pub const HANDOFF_KEYS: &[&str] = &[
    "kind",
    "id",
    "title",
    "status",
    "owner",
    "from",
    "reviewer",
    "team",
    "created",
    "updated",
    "handed_off",
    "due",
    "review_within",
    "intent",
    "deliverables",
    "acceptance",
    "risks",
    "checklist",
    "blocked_reason",
    "depends_on",
    "tags",
    "links",
    "recordings",
    "decisions",
    "questions",
    "history",
    "extra",
];

/// The keys a decision file may use.
pub const DECISION_FILE_KEYS: &[&str] =
    &["kind", "id", "title", "status", "date", "by", "supersedes", "tags", "related", "extra"];

/// The keys a wrap file may use.
pub const WRAP_KEYS: &[&str] =
    &["kind", "id", "author", "team", "shift", "summary", "open", "watch", "baking", "handed_to", "extra"];

/// A spanned string, the most common field type.
pub type Text = Spanned<String>;

/// The frontmatter of a handoff or a decision file (the union; the link stage tells them apart).
#[derive(Debug, Default, Deserialize)]
#[allow(missing_docs, reason = "fields are the documented frontmatter keys, see docs/format.md")]
pub struct RawFrontmatter {
    pub kind: Option<Text>,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub status: Option<Text>,
    pub owner: Option<Text>,
    pub from: Option<Text>,
    pub reviewer: Option<Text>,
    pub team: Option<Text>,
    pub created: Option<Text>,
    pub updated: Option<Text>,
    pub handed_off: Option<Text>,
    pub due: Option<Text>,
    pub review_within: Option<Text>,
    pub intent: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub deliverables: Vec<Text>,
    #[serde(default, deserialize_with = "list")]
    pub acceptance: Vec<Spanned<RawItem>>,
    #[serde(default, deserialize_with = "list")]
    pub risks: Vec<Spanned<RawRisk>>,
    #[serde(default, deserialize_with = "list")]
    pub checklist: Vec<Spanned<RawItem>>,
    pub blocked_reason: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub depends_on: Vec<Text>,
    #[serde(default, deserialize_with = "list")]
    pub tags: Vec<Text>,
    #[serde(default, deserialize_with = "list")]
    pub links: Vec<Spanned<RawLink>>,
    #[serde(default, deserialize_with = "list")]
    pub recordings: Vec<Spanned<RawRecording>>,
    #[serde(default, deserialize_with = "list")]
    pub decisions: Vec<Spanned<RawDecision>>,
    #[serde(default, deserialize_with = "list")]
    pub questions: Vec<Spanned<RawQuestion>>,
    #[serde(default, deserialize_with = "list")]
    pub history: Vec<Spanned<RawTransfer>>,
    pub extra: Option<serde_json::Value>,
    // Decision files only.
    pub date: Option<Text>,
    pub by: Option<Spanned<OneOrMany>>,
    pub supersedes: Option<Spanned<OneOrMany>>,
    #[serde(default, deserialize_with = "list")]
    pub related: Vec<Text>,
    // Wraps only.
    pub author: Option<Text>,
    pub shift: Option<Spanned<RawShift>>,
    pub summary: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub open: Vec<Spanned<RawOpen>>,
    #[serde(default, deserialize_with = "list")]
    pub watch: Vec<Spanned<RawWatch>>,
    #[serde(default, deserialize_with = "list")]
    pub baking: Vec<Spanned<RawBaking>>,
    pub handed_to: Option<Text>,
}

/// A wrap's `shift: {start, end, tz}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawShift {
    pub start: Option<Text>,
    pub end: Option<Text>,
    pub tz: Option<Text>,
}

/// Work still in flight at the end of a shift: an id, or `{id, next}`.
#[derive(Debug, Default)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawOpen {
    pub id: String,
    pub next: Option<String>,
}

/// Something to keep an eye on: a text, or `{what, where}`.
#[derive(Debug, Default)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawWatch {
    pub what: String,
    pub place: Option<String>,
}

/// A recent change still settling: a text, or `{change, rollback}`.
#[derive(Debug, Default)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawBaking {
    pub change: String,
    pub rollback: Option<String>,
}

/// An acceptance criterion or checklist entry: a plain string, or `{text, done}`.
#[derive(Debug, Default)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawItem {
    pub text: String,
    pub done: bool,
}

/// A risk: a plain string, or `{text, mitigation}`.
#[derive(Debug, Default)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawRisk {
    pub text: String,
    pub mitigation: Option<String>,
}

/// `{title, url, kind}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawLink {
    pub title: Option<String>,
    pub url: Text,
    pub kind: Option<Text>,
}

/// `{title, url, duration}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawRecording {
    pub title: Option<String>,
    pub url: Text,
    pub duration: Option<Text>,
}

/// An inline decision.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawDecision {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub date: Option<Text>,
    pub status: Option<Text>,
    pub by: Option<Spanned<OneOrMany>>,
    pub context: Option<String>,
    pub decision: Option<String>,
    pub rationale: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub alternatives: Vec<String>,
    pub supersedes: Option<Spanned<OneOrMany>>,
    #[serde(default, deserialize_with = "list")]
    pub tags: Vec<Text>,
}

/// `{q, by, date, a, answered_by, answered}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawQuestion {
    pub q: String,
    pub by: Option<Text>,
    pub date: Option<Text>,
    pub a: Option<String>,
    pub answered_by: Option<Text>,
    pub answered: Option<Text>,
}

/// `{date, from, to, status, note}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs, reason = "documented in docs/format.md")]
pub struct RawTransfer {
    pub date: Option<Text>,
    pub from: Option<Text>,
    pub to: Option<Text>,
    pub status: Option<Text>,
    pub note: Option<String>,
}

/// A list that may also be written empty (`tags:` with nothing after it reads as null in YAML).
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Option::<Vec<T>>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// One value or a list of them (`by: ana` or `by: [ana, kofi]`). A single value carries no span
/// of its own; use the span of the surrounding `Spanned<OneOrMany>`.
#[derive(Debug, Default)]
pub struct OneOrMany(pub Vec<Text>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;
        impl<'de> Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("one value or a list of values")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                let unknown = serde_saphyr::Location::UNKNOWN;
                Ok(OneOrMany(vec![Spanned::new(v.to_string(), unknown, unknown)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Text>()? {
                    values.push(value);
                }
                Ok(OneOrMany(values))
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

/// Reads "a plain string, or a map of fields" into `F` without serde's untagged buffering.
struct StringOrMap<F>(std::marker::PhantomData<F>, &'static str);

/// Builds the map form from a plain string.
trait FromText {
    fn from_text(text: &str) -> Self;
}

impl<'de, F: Deserialize<'de> + FromText> Visitor<'de> for StringOrMap<F> {
    type Value = F;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<F, E> {
        Ok(F::from_text(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<F, A::Error> {
        F::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFields {
    text: String,
    #[serde(default)]
    done: bool,
}

impl FromText for ItemFields {
    fn from_text(text: &str) -> Self {
        ItemFields { text: text.to_string(), done: false }
    }
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expecting = "a text, or a map with `text` and `done`";
        let fields = deserializer.deserialize_any(StringOrMap::<ItemFields>(Default::default(), expecting))?;
        Ok(RawItem { text: fields.text, done: fields.done })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskFields {
    text: String,
    mitigation: Option<String>,
}

impl FromText for RiskFields {
    fn from_text(text: &str) -> Self {
        RiskFields { text: text.to_string(), mitigation: None }
    }
}

impl<'de> Deserialize<'de> for RawRisk {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expecting = "a text, or a map with `text` and `mitigation`";
        let fields = deserializer.deserialize_any(StringOrMap::<RiskFields>(Default::default(), expecting))?;
        Ok(RawRisk { text: fields.text, mitigation: fields.mitigation })
    }
}

/// Implements "a plain string, or a map" for a wrap list entry: `$fields` is the map form, whose
/// first field the plain string fills.
macro_rules! string_or_map {
    ($raw:ident, $fields:ident, $expecting:literal, $first:ident, $second:ident $(as $rename:literal)?) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $fields {
            $first: String,
            $(#[serde(rename = $rename)])?
            $second: Option<String>,
        }

        impl FromText for $fields {
            fn from_text(text: &str) -> Self {
                $fields { $first: text.to_string(), $second: None }
            }
        }

        impl<'de> Deserialize<'de> for $raw {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let fields = deserializer.deserialize_any(StringOrMap::<$fields>(Default::default(), $expecting))?;
                Ok($raw { $first: fields.$first, $second: fields.$second })
            }
        }
    };
}

string_or_map!(RawOpen, OpenFields, "a handoff id, or a map with `id` and `next`", id, next);
string_or_map!(RawWatch, WatchFields, "a text, or a map with `what` and `where`", what, place as "where");
string_or_map!(RawBaking, BakingFields, "a text, or a map with `change` and `rollback`", change, rollback);
