//! The order of a query without words: newest first.
//!
//! A filter-only query (`owner:kofi`, `status:blocked`, `kind:decision`) has no score to rank
//! by; the command line lists its matches by date, newest first, ties by id (`sort_hits` in
//! src/search/engine.rs). The script could only sort that way after fetching every match's
//! fragment, so the build writes the document numbers in that order once, as
//! `search/newest-HASH.bin` (a count, then the numbers, as varints), and the script fetches it only
//! for such queries and keeps the numbers that pass the filters. It holds no dates or ids: the
//! order is all a listing needs, and the filters read the facet files the page already uses.

use super::Files;
use super::encode;
use crate::search::document::SearchDoc;
use crate::search::hash::fnv1a_hex;

/// Document numbers, newest first; undated documents last; ties by id, then by number.
pub fn order(docs: &[SearchDoc]) -> Vec<u32> {
    let mut numbers: Vec<u32> = (0..docs.len() as u32).collect();
    numbers.sort_by(|&a, &b| {
        let (x, y) = (&docs[a as usize], &docs[b as usize]);
        y.date.cmp(&x.date).then_with(|| x.id.cmp(&y.id)).then(a.cmp(&b))
    });
    numbers
}

/// Writes the file into `files` and returns its name under `search/`.
pub fn file(docs: &[SearchDoc], files: &mut Files) -> anyhow::Result<String> {
    let numbers = order(docs);
    let mut raw = Vec::with_capacity(numbers.len() * 2 + 4);
    encode::varint(&mut raw, numbers.len() as u64);
    for n in numbers {
        encode::varint(&mut raw, u64::from(n));
    }
    let bytes = encode::gzip(&raw)?;
    let name = format!("newest-{}.bin", fnv1a_hex(&bytes));
    files.push((format!("search/{name}"), bytes));
    Ok(name)
}

/// Reads a file written by [`file`].
pub fn decode(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut reader = encode::Reader::new(bytes);
    let count = reader.varint()? as usize;
    let mut numbers = Vec::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        numbers.push(u32::try_from(reader.varint()?).ok()?);
    }
    Some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::Kind;

    fn doc(id: &str, date: Option<&str>) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            kind: Kind::Handoff,
            url: format!("handoffs/{id}/"),
            file: format!("content/{id}.md"),
            line: 1,
            title: id.into(),
            status: "draft".into(),
            people: Vec::new(),
            teams: Vec::new(),
            tags: Vec::new(),
            date: date.map(str::to_string),
            body: String::new(),
            trackers: Vec::new(),
        }
    }

    #[test]
    fn newest_first_ties_by_id_undated_last() {
        let docs =
            [doc("b", Some("2026-01-02")), doc("z", None), doc("c", Some("2026-03-01")), doc("a", Some("2026-01-02"))];
        assert_eq!(order(&docs), [2, 3, 0, 1]);
    }

    #[test]
    fn the_file_reads_back() {
        let docs: Vec<SearchDoc> = (0..300).map(|n| doc(&format!("d{n:03}"), Some("2026-01-01"))).collect();
        let mut files = Files::new();
        let name = file(&docs, &mut files).unwrap();
        assert_eq!(files[0].0, format!("search/{name}"));
        let bytes = super::super::rank::gunzip(&files[0].1).unwrap();
        assert_eq!(decode(&bytes).unwrap(), (0..300).collect::<Vec<u32>>());
    }
}
