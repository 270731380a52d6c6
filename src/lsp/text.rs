//! Positions: the editor's (zero-based line, UTF-16 column) and baton's (1-based line, column
//! in characters) both mapped onto byte offsets of a text.
//!
//! LSP 3.17 lets a server pick another position encoding, but UTF-16 is the one every client
//! supports, so this is the only one spoken. Positions past the end of a line or of the text are
//! clamped, as the specification asks. Nothing here knows about frontmatter or Markdown.

use lsp_types::{Position, Range};

/// The byte range of line `line` (zero-based) without its line ending; the empty end of the
/// text for a line past the last.
pub fn line_bounds(text: &str, line: u32) -> (usize, usize) {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return (text.len(), text.len()),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
    (start, end)
}

/// The text of line `line` (zero-based), without its line ending.
pub fn line_text(text: &str, line: u32) -> &str {
    let (start, end) = line_bounds(text, line);
    &text[start..end]
}

/// The byte offset of an editor position, clamped to its line.
pub fn offset(text: &str, position: Position) -> usize {
    let (start, end) = line_bounds(text, position.line);
    start + utf16_to_byte(&text[start..end], position.character)
}

/// The editor position of a byte offset (clamped to the text and to a character boundary).
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position::new(line, utf16_len(&text[line_start..offset]))
}

/// The editor range of a byte range.
pub fn range(text: &str, start: usize, end: usize) -> Range {
    Range::new(position(text, start), position(text, end))
}

/// The byte index in `line` of a UTF-16 column, clamped to the line.
pub fn utf16_to_byte(line: &str, column: u32) -> usize {
    let mut units = 0;
    for (index, c) in line.char_indices() {
        if units >= column as usize {
            return index;
        }
        units += c.len_utf16();
    }
    line.len()
}

/// How many UTF-16 units `text` takes.
pub fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

/// The byte index in `line` of a 1-based column counted in characters (baton's spans).
pub fn char_column_to_byte(line: &str, column: usize) -> usize {
    line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i)
}

/// The end (byte index in `line`) of the value that starts at `start`: a `[[wiki link]]`, a
/// `[text](link)`, a quoted string, or a plain value up to a list separator, a comment or the
/// `: ` after a key. It is what an editor underlines for a finding at `start`.
pub fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start.min(line.len())..];
    let end = if rest.starts_with("[[") {
        rest.find("]]").map(|i| i + 2)
    } else if rest.starts_with('[') || rest.starts_with("![") {
        rest.find("](").and_then(|i| rest[i..].find(')').map(|j| i + j + 1))
    } else if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        rest[1..].find(quote).map(|i| i + 2)
    } else {
        None
    };
    let end = end.unwrap_or_else(|| plain_end(rest));
    start.min(line.len()) + end.max(rest.chars().next().map_or(0, char::len_utf8))
}

fn plain_end(rest: &str) -> usize {
    let mut end = rest.len();
    for (pattern, keep) in [(" #", 0), (",", 0), ("]", 0), ("}", 0), (": ", 0)] {
        if let Some(i) = rest.find(pattern) {
            end = end.min(i + keep);
        }
    }
    if rest[..end].ends_with(':') {
        end -= 1;
    }
    rest[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a𐐀b\nsecond";
        assert_eq!(offset(text, Position::new(0, 3)), "a𐐀".len());
        assert_eq!(position(text, "a𐐀".len()), Position::new(0, 3));
        assert_eq!(offset(text, Position::new(1, 99)), text.len());
    }

    #[test]
    fn lines_drop_their_crlf() {
        assert_eq!(line_text("one\r\ntwo\r\n", 0), "one");
        assert_eq!(line_text("one\r\ntwo\r\n", 1), "two");
        assert_eq!(line_text("one", 5), "");
    }

    #[test]
    fn token_ends_at_what_the_value_is() {
        let line = "depends_on: [ledger-x, other] # why";
        assert_eq!(&line[13..token_end(line, 13)], "ledger-x");
        let body = "See [[ledger-export#rollback]] now";
        assert_eq!(&body[4..token_end(body, 4)], "[[ledger-export#rollback]]");
        assert_eq!(&"reveiw_within: 12h"[..token_end("reveiw_within: 12h", 0)], "reveiw_within");
        assert_eq!(&"due: next friday # soon"[5..token_end("due: next friday # soon", 5)], "next friday");
    }
}
