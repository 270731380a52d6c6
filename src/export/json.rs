//! JSON that is safe beside HTML: inside strings, `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`. A JSON file the site publishes then never holds a tag, so a browser
//! that sniffs it cannot take it for a page, and text pasted from it into a page is inert. Every
//! JSON reader reads the same values as before.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// `value` as compact JSON, HTML-safe, into `out`.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, HtmlSafe(CompactFormatter));
    value.serialize(&mut serializer)
}

/// `value` as indented JSON, HTML-safe, into `out`.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, HtmlSafe(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// A formatter that escapes `<`, `>` and `&` in strings and otherwise lays out JSON as `F` does.
struct HtmlSafe<F>(F);

impl<F: Formatter> Formatter for HtmlSafe<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut written = 0;
        for (at, byte) in fragment.bytes().enumerate() {
            let escaped: &[u8] = match byte {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[written..at])?;
            writer.write_all(escaped)?;
            written = at + 1;
        }
        writer.write_all(&fragment.as_bytes()[written..])
    }

    // The layout is the inner formatter's.

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn markup_characters_are_escaped_and_read_back_unchanged() {
        let value = json!({"title": "</script><img src=x onerror=alert(1)> & co", "a<b": ["&amp;", "plain"]});
        let compact = {
            let mut out = Vec::new();
            to_writer(&mut out, &value).unwrap();
            String::from_utf8(out).unwrap()
        };
        let pretty = pretty(&value);
        for text in [&compact, &pretty] {
            assert!(!text.contains(['<', '>', '&']), "{text}");
            assert!(text.contains("\\u003c/script\\u003e") && text.contains("\\u0026"), "{text}");
            assert_eq!(serde_json::from_str::<serde_json::Value>(text).unwrap(), value);
        }
    }

    #[test]
    fn without_markup_the_layout_is_serde_json_s_own() {
        let value = json!({"id": "ledger-v2", "tags": ["é", "\"quoted\"", "tab\there"], "n": [1, 2.5, null, true]});
        let mut compact = Vec::new();
        to_writer(&mut compact, &value).unwrap();
        assert_eq!(String::from_utf8(compact).unwrap(), serde_json::to_string(&value).unwrap());
        assert_eq!(pretty(&value), serde_json::to_string_pretty(&value).unwrap());
    }

    fn pretty(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        to_writer_pretty(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }
}
