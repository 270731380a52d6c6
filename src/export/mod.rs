//! The machine-readable export: the whole base as typed JSON with its relations resolved, under
//! a documented, versioned schema (`docs/export-schema.json`), so bots, chat integrations and
//! agents can read the base without scraping HTML.
//!
//! Two layouts share one envelope and one record shape per kind. `baton export` prints one
//! document with every record and its body ([`Export`]). A built site, read over the network,
//! gets per list an index of short entries and the full records without bodies in parts of a
//! bounded size ([`site_files`]), so no file grows with the base past what hosts and bots accept.
//! Records name instead of repeat: every relation is given both ways (`depends_on` and
//! `needed_by`, `supersedes` and `superseded_by`) by id, whose title, status and URL are in the
//! index entry; people by handle and teams and tags by name, resolved once per document in the
//! [`tables`] beside the records (people with their name, team and zone from people.yaml). Lists
//! keep the base's id order. URLs are site-root-relative; `site.base_url` says where the site
//! lives. The records are in [`handoff`], [`decision`] and [`wrap`] (what they share in
//! [`records`]), the index entries in [`entries`]; this module only assembles and serialises
//! them.

pub mod decision;
pub mod document;
pub mod entries;
pub mod handoff;
pub mod json;
pub mod listed;
pub mod records;
pub mod site_files;
pub mod tables;
pub mod wrap;

use crate::config::SiteConfig;
use crate::model::{Base, Id};
use jiff::Timestamp;
use listed::Listed;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// The schema's version. Adding an optional field keeps it; removing or retyping one bumps it.
/// Version 2 split the site's files into an index and parts, and left bodies to `baton export`;
/// version 3 names other records, people, teams and tags instead of repeating them.
pub const VERSION: u32 = 3;

/// The `$schema` every document names.
pub const SCHEMA: &str = "https://baton.invalid/schemas/export-v3.json";

/// The site a document comes from.
#[derive(Debug, Serialize)]
pub struct SiteInfo<'a> {
    /// Its title.
    pub title: &'a str,
    /// Where it is published; page URLs are relative to it.
    pub base_url: &'a str,
}

/// What every document starts with.
#[derive(Debug, Serialize)]
pub struct Envelope<'a> {
    /// The schema's URI.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// The schema's version.
    pub version: u32,
    /// The site.
    pub site: SiteInfo<'a>,
    /// The "today" the attention flags were computed for (RFC 3339, UTC).
    pub as_of: String,
}

impl<'a> Envelope<'a> {
    /// The envelope of `config`'s site as of `today`.
    pub fn new(config: &'a SiteConfig, today: Timestamp) -> Self {
        Envelope {
            schema: SCHEMA,
            version: VERSION,
            site: SiteInfo { title: &config.title, base_url: &config.base_url },
            as_of: today.to_string(),
        }
    }
}

/// `baton export`'s document: every record of the base, with its body.
#[derive(Serialize)]
pub struct Export<'a> {
    /// The envelope.
    #[serde(flatten)]
    pub envelope: Envelope<'a>,
    /// The people, teams and tags the records name.
    #[serde(flatten)]
    pub tables: tables::Tables<'a>,
    handoffs: Records<'a, crate::model::Handoff>,
    decisions: Records<'a, crate::model::Decision>,
    wraps: Records<'a, crate::model::Wrap>,
}

/// The records of one list, made one at a time as they are serialised.
struct Records<'a, T>(&'a Base, &'a BTreeMap<Id, T>);

impl<T: Listed> Serialize for Records<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.1.values().map(|t| t.record_with_body(self.0)))
    }
}

/// Assembles `baton export`'s document; its records are made as it is written.
pub fn export<'a>(base: &'a Base, config: &'a SiteConfig, today: Timestamp) -> Export<'a> {
    let mut named = tables::Named::default();
    base.handoffs.values().for_each(|h| h.name_into(base, &mut named));
    base.decisions.values().for_each(|d| d.name_into(base, &mut named));
    base.wraps.values().for_each(|w| w.name_into(base, &mut named));
    Export {
        envelope: Envelope::new(config, today),
        tables: named.tables(base),
        handoffs: Records(base, &base.handoffs),
        decisions: Records(base, &base.decisions),
        wraps: Records(base, &base.wraps),
    }
}

/// Streams the document as indented JSON with a final newline into `out`, for people reading
/// `baton export`. Like every JSON file baton writes for others, it is HTML-safe (see [`json`]).
pub fn write_export(out: &mut dyn std::io::Write, export: &Export<'_>) -> anyhow::Result<()> {
    json::to_writer_pretty(&mut *out, export)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The site's JSON files (see [`site_files`]), the three lists side by side: `put` gets each
/// file's site-root path and a function that streams it as compact JSON with a final newline,
/// HTML-safe (see [`json`]); compact because the files are fetched over the network.
pub fn write_site_files<P>(base: &Base, config: &SiteConfig, today: Timestamp, put: P) -> anyhow::Result<()>
where
    P: Fn(&str, &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>) -> anyhow::Result<()> + Sync,
{
    write_site_files_cut(base, &Envelope::new(config, today), site_files::PART_BYTES, &put)
}

/// [`write_site_files`] with parts cut at `limit` bytes.
fn write_site_files_cut(
    base: &Base,
    envelope: &Envelope<'_>,
    limit: usize,
    put: &site_files::Put<'_>,
) -> anyhow::Result<()> {
    fn list<T: Listed>(map: &BTreeMap<Id, T>) -> Vec<&T> {
        map.values().collect()
    }
    let (handoffs, (decisions, wraps)) = rayon::join(
        || site_files::write_list_files(base, envelope, &list(&base.handoffs), limit, put),
        || {
            rayon::join(
                || site_files::write_list_files(base, envelope, &list(&base.decisions), limit, put),
                || site_files::write_list_files(base, envelope, &list(&base.wraps), limit, put),
            )
        },
    );
    handoffs.and(decisions).and(wraps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// The site's files of a base of `count` handoffs, with parts cut at `limit` bytes.
    fn site_files(count: usize, limit: usize) -> BTreeMap<String, Value> {
        let handoffs: Vec<_> = (0..count).map(|i| crate::testing::handoff(&format!("h{i:03}"), "")).collect();
        let base = crate::testing::base_of(&handoffs);
        let config = SiteConfig::default();
        let envelope = Envelope::new(&config, "2026-11-20T00:00:00Z".parse().unwrap());
        let files = Mutex::new(BTreeMap::new());
        let put = |path: &str, write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>| {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            let doc: Value = serde_json::from_slice(&bytes)?;
            anyhow::ensure!(files.lock().unwrap().insert(path.to_string(), doc).is_none(), "{path} written twice");
            Ok(())
        };
        write_site_files_cut(&base, &envelope, limit, &put).unwrap();
        files.into_inner().unwrap()
    }

    fn validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(include_str!("../../docs/export-schema.json")).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    }

    fn ids(list: &Value) -> Vec<&str> {
        list.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect()
    }

    #[test]
    fn a_small_base_writes_one_index_and_one_part_per_list() {
        let files = site_files(3, site_files::PART_BYTES);
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "decisions.json",
                "export/decisions-1.json",
                "export/handoffs-1.json",
                "export/wraps-1.json",
                "handoffs.json",
                "wraps.json"
            ]
        );
        // An empty list still has its (empty) part, so every list's first part always exists.
        let empty = serde_json::json!([{"url": "export/wraps-1.json", "count": 0, "first": null, "last": null}]);
        assert_eq!(files["wraps.json"]["parts"], empty);
        for (path, doc) in &files {
            assert!(validator().is_valid(doc), "{path}");
        }
    }

    #[test]
    fn parts_and_index_pages_are_cut_by_size_and_cover_every_id_once_in_order() {
        let files = site_files(40, 3000);
        let index = &files["handoffs.json"];
        let parts = index["parts"].as_array().unwrap();
        let pages = index["pages"].as_array().unwrap();
        assert!(parts.len() >= 3 && pages.len() >= 2, "{} parts, {} pages", parts.len(), pages.len());
        let mut records = Vec::new();
        for (number, part) in parts.iter().enumerate() {
            let doc = &files[part["url"].as_str().unwrap()];
            assert_eq!(doc["part"], number + 1);
            assert_eq!(part["count"], doc["handoffs"].as_array().unwrap().len());
            records.extend(ids(&doc["handoffs"]));
        }
        let mut entries = Vec::new();
        for (number, page) in pages.iter().enumerate() {
            let url = page["url"].as_str().unwrap();
            let expected =
                if number == 0 { "handoffs.json".into() } else { format!("export/handoffs-index-{}.json", number + 1) };
            assert_eq!(url, expected);
            let doc = &files[url];
            assert_eq!((&doc["parts"], &doc["pages"]), (&index["parts"], &index["pages"]), "{url}");
            for entry in doc["handoffs"].as_array().unwrap() {
                let part = &files[entry["part"].as_str().unwrap()];
                assert!(ids(&part["handoffs"]).contains(&entry["id"].as_str().unwrap()), "{entry}");
            }
            entries.extend(ids(&doc["handoffs"]));
        }
        let all: Vec<String> = (0..40).map(|i| format!("h{i:03}")).collect();
        assert_eq!(records, all);
        assert_eq!(entries, all);
        for (path, doc) in &files {
            let errors: Vec<String> = validator().iter_errors(doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{path}: {errors:?}");
        }
        // A part stops once it reaches the limit: only its last record goes past it.
        let sizes: Vec<usize> =
            parts.iter().map(|p| serde_json::to_vec(&files[p["url"].as_str().unwrap()]).unwrap().len()).collect();
        assert!(sizes[..sizes.len() - 1].iter().all(|&s| (3000..4500).contains(&s)), "{sizes:?}");
    }
}
