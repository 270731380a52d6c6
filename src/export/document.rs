//! One export document streamed to a writer: an envelope (whatever the head holds) followed by
//! one list, written record by record so that no document is ever held in memory, and stopped
//! once it reaches a size so that no file grows past what hosts and readers accept.
//!
//! Everything goes through [`super::json`], so every file stays HTML-safe. This module knows
//! nothing of handoffs or file names; [`super::site_files`] decides what goes where.

use super::json;
use serde::Serialize;
use std::io::{self, Write};

/// Writes `head` with the list `name` added as its last field, holding the items of `items`
/// until the document reaches `limit` bytes: a document holds at least one item (when there is
/// one) and goes past `limit` by its last item at most. Returns how many items it holds.
pub fn write_list<H, T>(
    out: &mut dyn Write,
    head: &H,
    name: &str,
    mut items: impl Iterator<Item = T>,
    limit: usize,
) -> io::Result<usize>
where
    H: Serialize,
    T: Serialize,
{
    let mut head_bytes = Vec::new();
    json::to_writer(&mut head_bytes, head)?;
    // The head is an object with fields: drop its closing brace to add the list after them.
    if head_bytes.pop() != Some(b'}') || head_bytes.last() == Some(&b'{') {
        return Err(io::Error::other("an export document's head must be an object with fields"));
    }
    let mut out = Counting { inner: out, bytes: 0 };
    out.write_all(&head_bytes)?;
    out.write_all(b",")?;
    json::to_writer(&mut out, name)?;
    out.write_all(b":[")?;
    let mut count = 0;
    while count == 0 || out.bytes < limit {
        let Some(item) = items.next() else { break };
        if count > 0 {
            out.write_all(b",")?;
        }
        json::to_writer(&mut out, &item)?;
        count += 1;
    }
    out.write_all(b"]}\n")?;
    Ok(count)
}

/// How many bytes `value` takes as compact JSON, without keeping them.
pub fn size_of<T: Serialize>(value: &T) -> io::Result<usize> {
    let mut sink = Counting { inner: &mut io::sink(), bytes: 0 };
    json::to_writer(&mut sink, value)?;
    Ok(sink.bytes)
}

/// A writer that counts what passes through it.
struct Counting<'w> {
    inner: &'w mut dyn Write,
    bytes: usize,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.bytes += written;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn written(items: &[Value], limit: usize) -> (usize, Value) {
        let mut out = Vec::new();
        let count = write_list(&mut out, &json!({"v": 2, "s": "<b>"}), "things", items.iter(), limit).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains(['<', '>', '&']) && text.ends_with("}\n"), "{text}");
        (count, serde_json::from_str(&text).unwrap())
    }

    #[test]
    fn a_list_is_cut_once_the_document_reaches_the_limit() {
        let items: Vec<Value> = (0..10).map(|i| json!({"id": i, "pad": "x".repeat(90)})).collect();
        let (all, doc) = written(&items, usize::MAX);
        assert_eq!((all, doc), (10, json!({"v": 2, "s": "<b>", "things": items})));
        // Each item is 107 bytes after a 36-byte head: a 300-byte limit is passed by the third.
        let (count, doc) = written(&items, 300);
        assert_eq!(count, 3);
        assert_eq!(doc["things"], json!(items[..3]));
        // An item larger than the limit is still written, alone.
        assert_eq!(written(&items, 1).0, 1);
        assert_eq!(written(&[], 1), (0, json!({"v": 2, "s": "<b>", "things": []})));
    }

    #[test]
    fn size_of_counts_the_bytes_written() {
        let value = json!({"a": "<&>", "b": [1, 2]});
        let mut out = Vec::new();
        json::to_writer(&mut out, &value).unwrap();
        assert_eq!(size_of(&value).unwrap(), out.len());
    }
}
