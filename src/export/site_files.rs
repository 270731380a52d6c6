//! The site's export files: for each list (handoffs, decisions, wraps) an index at the site root
//! and the full records in parts under `export/`.
//!
//! - Parts, `export/handoffs-1.json`, `export/handoffs-2.json`, …: the full records of a run of
//!   ids in id order, without bodies (a body is on its page, and was two thirds of the bytes).
//!   A part is filled until it reaches [`PART_BYTES`], so no file nears a host's size limit
//!   whatever the records hold; a small base writes one part per list, an empty one an empty
//!   part, so `export/handoffs-1.json` always exists.
//! - The index, `handoffs.json`: one short entry per record (see [`super::entries`]) naming its
//!   part, plus the list of parts, the list of index pages and the tables of the people, teams
//!   and tags the list's records name (see [`super::tables`]). Past [`PART_BYTES`] of entries
//!   (some 20,000 handoffs) the index goes on in `export/handoffs-index-2.json`, … , each the same
//!   shape, so the index too stays bounded at any size of base.
//!
//! Parts are streamed one after the other, each stopping at its size; the index is written after
//! them (its entries name their parts), its pages cut by the entries' measured sizes first since
//! every page lists them all. Nothing holds a whole document in memory.

use super::Envelope;
use super::document::{size_of, write_list};
use super::listed::Listed;
use super::tables::{Named, Tables};
use crate::model::Base;
use serde::Serialize;
use std::cell::Cell;
use std::io::{self, Write};
use std::ops::Range;

/// How large a part (or an index page) grows before the next one starts: far below the 20–25 MB
/// per file that static hosts accept, small enough for a bot to fetch in one go.
pub const PART_BYTES: usize = 4 * 1024 * 1024;

/// The folder of the parts and of the index pages after the first.
pub const FOLDER: &str = "export";

/// The files every build writes, whatever the base's size: each list's index and first part.
/// How many more parts and index pages there are depends on the records' sizes.
pub const ALWAYS: [&str; 6] = [
    "handoffs.json",
    "decisions.json",
    "wraps.json",
    "export/handoffs-1.json",
    "export/decisions-1.json",
    "export/wraps-1.json",
];

/// What writes one file: its site-root path and a function that streams its bytes.
pub type Put<'p> = dyn Fn(&str, &dyn Fn(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> + Sync + 'p;

/// A file holding a run of a list, as the index lists it.
#[derive(Debug, Serialize)]
pub struct FileRef {
    /// Site-root-relative.
    pub url: String,
    /// How many records or entries it holds.
    pub count: usize,
    /// The id of its first one (`null` when it holds none).
    pub first: Option<String>,
    /// The id of its last one.
    pub last: Option<String>,
    /// Which of the list's items it holds.
    #[serde(skip)]
    range: Range<usize>,
}

impl FileRef {
    fn new<T: Listed>(url: String, items: &[&T], range: Range<usize>) -> FileRef {
        let id = |at: usize| Some(items[at].id().to_string());
        let (first, last) = if range.is_empty() { (None, None) } else { (id(range.start), id(range.end - 1)) };
        FileRef { url, count: range.len(), first, last, range }
    }
}

/// The head of a part: the envelope and the part's number.
#[derive(Serialize)]
struct PartHead<'a> {
    #[serde(flatten)]
    envelope: &'a Envelope<'a>,
    part: usize,
}

/// The head of an index page: the envelope, every part, every index page and the tables that
/// resolve what the list's records name. Every page has the same head, so any page resolves.
#[derive(Serialize)]
struct IndexHead<'a> {
    #[serde(flatten)]
    envelope: &'a Envelope<'a>,
    parts: &'a [FileRef],
    pages: &'a [FileRef],
    #[serde(flatten)]
    tables: &'a Tables<'a>,
}

/// The tables of everything `items`' records name.
pub fn tables_of<'a, T: Listed + 'a>(base: &'a Base, items: impl IntoIterator<Item = &'a T>) -> Tables<'a> {
    let mut named = Named::default();
    items.into_iter().for_each(|t| t.name_into(base, &mut named));
    named.tables(base)
}

/// Writes the index and the parts of `items` (in id order) through `put`, cutting parts and
/// index pages at `limit` bytes.
pub fn write_list_files<T: Listed>(
    base: &Base,
    envelope: &Envelope<'_>,
    items: &[&T],
    limit: usize,
    put: &Put<'_>,
) -> anyhow::Result<()> {
    let parts = write_parts(base, envelope, items, limit, put)?;
    write_index(base, envelope, items, &parts, limit, put)
}

fn write_parts<T: Listed>(
    base: &Base,
    envelope: &Envelope<'_>,
    items: &[&T],
    limit: usize,
    put: &Put<'_>,
) -> anyhow::Result<Vec<FileRef>> {
    let mut parts = Vec::new();
    let mut start = 0;
    loop {
        let number = parts.len() + 1;
        let url = format!("{FOLDER}/{}-{number}.json", T::NAME);
        let head = PartHead { envelope, part: number };
        // The part stops where its size says; `put` calls back once, and the same records give
        // the same cut if it were called again.
        let count = Cell::new(0);
        put(&url, &|out| {
            let records = items[start..].iter().map(|t| t.record(base));
            count.set(write_list(out, &head, T::NAME, records, limit)?);
            Ok(())
        })?;
        let end = start + count.get();
        parts.push(FileRef::new(url, items, start..end));
        start = end;
        if start >= items.len() {
            return Ok(parts);
        }
    }
}

fn write_index<T: Listed>(
    base: &Base,
    envelope: &Envelope<'_>,
    items: &[&T],
    parts: &[FileRef],
    limit: usize,
    put: &Put<'_>,
) -> anyhow::Result<()> {
    let entry = |at: usize| {
        let part = &parts[parts.partition_point(|p| p.range.end <= at).min(parts.len() - 1)];
        items[at].entry(base, &part.url)
    };
    let mut cuts = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for at in 0..items.len() {
        bytes += size_of(&entry(at))? + 1;
        if bytes >= limit {
            cuts.push(start..at + 1);
            (start, bytes) = (at + 1, 0);
        }
    }
    if start < items.len() || cuts.is_empty() {
        cuts.push(start..items.len());
    }
    let pages: Vec<FileRef> = cuts
        .into_iter()
        .enumerate()
        .map(|(i, range)| FileRef::new(index_page_url(T::NAME, i + 1), items, range))
        .collect();
    let tables = tables_of(base, items.iter().copied());
    let head = IndexHead { envelope, parts, pages: &pages, tables: &tables };
    for page in &pages {
        put(&page.url, &|out| write_list(out, &head, T::NAME, page.range.clone().map(entry), usize::MAX).map(|_| ()))?;
    }
    Ok(())
}

/// Where the index page `number` of the list `name` is: the first at the site root.
fn index_page_url(name: &str, number: usize) -> String {
    if number == 1 { format!("{name}.json") } else { format!("{FOLDER}/{name}-index-{number}.json") }
}
