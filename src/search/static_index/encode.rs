//! Byte layouts of the static index files, and gzip.
//!
//! Numbers are unsigned LEB128 varints. A shard is:
//!
//! ```text
//! varint term_count
//! per term:  varint shared_prefix_bytes, varint suffix_bytes, suffix (UTF-8)
//!            per field (heading, body): varint n, then n × (varint doc_delta, varint tf, u8 norm_code)
//! ```
//!
//! Terms are in byte order and front-coded against the previous term; `doc_delta` is the
//! document number minus the previous one in the same list (the first is the number itself).
//! A facet file is `varint doc_count`, then per document `varint n` and `n` varint positions in
//! that facet's value list.

use flate2::{Compress, Compression};

/// One term's postings in one field, already encoded, plus how many there are.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    /// Number of documents.
    pub count: u32,
    last_doc: u32,
    bytes: Vec<u8>,
}

impl Postings {
    /// Appends a document; documents must come in increasing order.
    pub fn push(&mut self, doc: u32, tf: u32, norm_code: u8) {
        let delta = if self.count == 0 { doc } else { doc - self.last_doc };
        varint(&mut self.bytes, u64::from(delta));
        varint(&mut self.bytes, u64::from(tf));
        self.bytes.push(norm_code);
        self.last_doc = doc;
        self.count += 1;
    }
}

/// A run of terms written as one file.
#[derive(Debug, Default)]
pub struct Shard<'a> {
    /// The terms with their postings per field.
    pub terms: Vec<(String, &'a [Postings; 2])>,
    /// Encoded size so far (an estimate: front coding makes it smaller).
    pub size: usize,
}

impl Shard<'_> {
    /// Its first term; the script finds a term's shard by these.
    pub fn first_term(&self) -> &str {
        self.terms.first().map(|(t, _)| t.as_str()).unwrap_or_default()
    }
}

/// About how many bytes a term takes in a shard.
pub fn term_size(term: &str, postings: &[Postings; 2]) -> usize {
    term.len() + 4 + postings.iter().map(|p| p.bytes.len() + 3).sum::<usize>()
}

/// Encodes a shard.
pub fn shard(shard: &Shard<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(shard.size);
    varint(&mut out, shard.terms.len() as u64);
    let mut previous: &str = "";
    for (term, postings) in &shard.terms {
        let term = term.as_str();
        let shared = shared_prefix(previous, term);
        varint(&mut out, shared as u64);
        varint(&mut out, (term.len() - shared) as u64);
        out.extend_from_slice(&term.as_bytes()[shared..]);
        for field in postings.iter() {
            varint(&mut out, u64::from(field.count));
            out.extend_from_slice(&field.bytes);
        }
        previous = term;
    }
    out
}

/// Encodes one facet: every document's list of value positions.
pub fn facet(per_doc: &[Vec<u32>]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, per_doc.len() as u64);
    for list in per_doc {
        varint(&mut out, list.len() as u64);
        for value in list {
            varint(&mut out, u64::from(*value));
        }
    }
    out
}

/// Bytes the two strings share at the start, on a character boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .map(|((i, x), _)| i + x.len_utf8())
        .last()
        .unwrap_or(0)
}

/// Appends `value` as an unsigned LEB128 varint.
pub fn varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// gzip at the default level, for the few small files every query reads (metadata, facets).
pub fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    gzip_with(&mut Compress::new(Compression::default(), false), bytes)
}

/// gzip at level 2, for shards and fragments: on 10,000 handoffs the default level took more
/// CPU than everything else the static index does, for files only 15–25% smaller. With the
/// zlib-rs backend, level 2 is faster and smaller than miniz_oxide's level 1 was: fragments and
/// shards about 10% smaller, the fragments in two thirds of the time. Its level 1 is faster
/// still but 25% larger, and each result of a query downloads a fragment.
///
/// Each thread keeps one compressor and resets it between files rather than allocating and
/// clearing a new one for each of 25,000 fragments.
pub fn gzip_fast(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(FAST, false));
    }
    COMPRESSOR.with(|cell| {
        let mut deflate = cell.borrow_mut();
        deflate.reset();
        gzip_with(&mut deflate, bytes)
    })
}

/// The level [`gzip_fast`] compresses at.
const FAST: Compression = Compression::new(2);

/// A gzip member header with no name and no time (so equal input gives equal bytes), no extra
/// flags and an unknown operating system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// One gzip member of `bytes`, deflated by a fresh (or freshly reset) `deflate`.
fn gzip_with(deflate: &mut Compress, bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&GZIP_HEADER);
    loop {
        let consumed = deflate.total_in() as usize;
        out.reserve(1024.max(bytes.len() - consumed));
        if deflate.compress_vec(&bytes[consumed..], &mut out, flate2::FlushCompress::Finish)?
            == flate2::Status::StreamEnd
        {
            break;
        }
    }
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    Ok(out)
}

/// A reader of varints and bytes, for [`super::rank`] and tests.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Reads from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// The next varint; `None` past the end or on an overlong number.
    pub fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX)] {
            varint(&mut out, n);
        }
        let mut reader = Reader::new(&out);
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX)] {
            assert_eq!(reader.varint(), Some(n));
        }
        assert_eq!(reader.varint(), None);
    }

    #[test]
    fn shared_prefixes_stop_at_character_boundaries() {
        assert_eq!(shared_prefix("ledger", "ledgers"), 6);
        assert_eq!(shared_prefix("é", "è"), 0);
        assert_eq!(shared_prefix("", "a"), 0);
    }

    #[test]
    fn gzip_is_deterministic() {
        assert_eq!(gzip(b"same").unwrap(), gzip(b"same").unwrap());
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip(b"same").unwrap()[..]), &mut decoded)
            .unwrap();
        assert_eq!(decoded, "same");
        // The reused fast compressor gives the same bytes every time, and a valid gzip member.
        let text = "a fragment of text, a fragment of text ".repeat(200);
        let first = gzip_fast(text.as_bytes()).unwrap();
        assert!(gzip_fast(b"something else entirely").unwrap().len() > 10);
        assert_eq!(gzip_fast(text.as_bytes()).unwrap(), first);
        decoded.clear();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&first[..]), &mut decoded).unwrap();
        assert_eq!(decoded, text);
        assert!(first.len() < text.len() / 10, "compressed");
    }
}
