//! `people.yaml`: who is who, their team and time zone.
//!
//! Optional: a base without it still builds, and pages show bare handles. When present, its
//! handles are the known people that check will hold frontmatter to.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Locator, SourceFile, parse_yaml_lenient};
use crate::model::{Handle, Person};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// The fields of a people.yaml entry (what [`RawPerson`] reads), for the JSON Schema.
pub const PERSON_KEYS: &[&str] = &["name", "team", "tz", "contact"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: Option<String>,
    team: Option<Spanned<String>>,
    tz: Option<Spanned<String>>,
    contact: Option<String>,
}

/// The entries of people.yaml in written order, keys with their spans (a `BTreeMap` would need
/// `Ord` on spanned keys, and the written order is what a duplicate report should follow).
#[derive(Default)]
struct PeopleMap(Vec<(Spanned<String>, Spanned<RawPerson>)>);

impl<'de> serde::Deserialize<'de> for PeopleMap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeopleVisitor;
        impl<'de> serde::de::Visitor<'de> for PeopleVisitor {
            type Value = PeopleMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of handle → {name, team, tz, contact}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<PeopleMap, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(PeopleMap(entries))
            }
        }
        deserializer.deserialize_map(PeopleVisitor)
    }
}

/// Parses `people.yaml` (a map of handle → person); bad handles are reported and skipped.
pub fn parse_people(source: &SourceFile, diagnostics: &mut Diagnostics) -> BTreeMap<Handle, Person> {
    let locator = Locator { file: source.path.clone(), yaml_line: 1 };
    let raw = parse_yaml_lenient::<PeopleMap>(&source.text, &locator, diagnostics).unwrap_or_default();
    let mut people = BTreeMap::new();
    for (handle, person) in raw.0 {
        let span = locator.at(&handle);
        let handle = match Handle::parse(handle.value.trim()) {
            Ok(h) => h,
            Err(message) => {
                diagnostics.push(Diagnostic::error("bad-handle", span, message).field("handle"));
                continue;
            }
        };
        let RawPerson { name, team, tz, contact } = person.value;
        if let Some(tz) = &tz {
            check_time_zone(tz, &locator, diagnostics);
        }
        let team = team.and_then(|t| super::fields::group_name(&t.value, locator.at(&t), "team", diagnostics));
        people.insert(handle.clone(), Person { handle, name, team, tz: tz.map(|t| t.value), contact, span });
    }
    people
}

/// A time zone must be one the tz database knows, or local times would be shown wrong.
fn check_time_zone(tz: &Spanned<String>, locator: &Locator, diagnostics: &mut Diagnostics) {
    if jiff::tz::TimeZone::get(&tz.value).is_err() {
        let message = format!("`{}` is not a known IANA time zone", tz.value);
        let hint = Some("use a zone name such as Europe/Berlin, America/New_York or Asia/Singapore".to_string());
        diagnostics.push(Diagnostic::error("bad-time-zone", locator.at(tz), message).field("tz").hint(hint));
    }
}
