//! A fast reader for the plain YAML that frontmatter is written in, in front of serde-saphyr.
//!
//! A general YAML parser spent most of `baton check` reading frontmatter: about 15 MB of YAML a
//! second, two thirds of the check at 10,000 handoffs. Frontmatter uses little of YAML: block
//! maps and lists, one-line `[a, b]` and `{k: v}` collections, plain and quoted one-line values,
//! comments. This module reads that subset and hands serde the same values and positions
//! serde-saphyr would, so the structs of [`super::raw`] come out identical (a test holds the two
//! readers to each other, on generated bases and on mutated documents).
//!
//! It never decides anything on its own: whatever lies outside the subset (anchors, tags, block
//! scalars, a value continued on the next line, an escape it does not know, a plain value that
//! YAML would read as a number, null or boolean where the struct asks for "any"), and any value
//! that does not fit the struct, makes it give up, and the caller reads the document with
//! serde-saphyr, which is also the one that reports errors.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// `T` read from `yaml`, or `None` when this reader gives up (serde-saphyr must read it).
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Option<T> {
    let root = Parser::new(yaml).ok()?.document().ok()?;
    T::deserialize(Reader { node: &root }).ok()
}

/// The one answer of this module when it cannot vouch for a result.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the quick YAML subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<M: fmt::Display>(_: M) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// Where a node starts: 1-based line of the YAML and 1-based column in characters, as
/// serde-saphyr counts them.
#[derive(Debug, Clone, Copy)]
struct At {
    line: usize,
    column: usize,
}

#[derive(Debug)]
enum Node<'a> {
    /// `key:` with nothing after it.
    Null,
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
        at: At,
    },
    List {
        items: Vec<Node<'a>>,
        at: At,
    },
    Map {
        entries: Vec<(&'a str, Node<'a>)>,
        at: At,
    },
}

impl Node<'_> {
    fn at(&self) -> Result<At> {
        match self {
            Node::Null => Err(GiveUp),
            Node::Scalar { at, .. } | Node::List { at, .. } | Node::Map { at, .. } => Ok(*at),
        }
    }
}

/// One line that holds something: its number, its indentation, and its text after that.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

impl Line<'_> {
    /// The column of byte `offset` of the text.
    fn column(&self, offset: usize) -> usize {
        self.indent + self.text[..offset].chars().count() + 1
    }
}

/// Deeper nesting than this is left to serde-saphyr, which has limits of its own and reports
/// them: this reader recurses, and a document must not be able to exhaust its stack.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(yaml: &'a str) -> Result<Self> {
        let mut lines = Vec::new();
        for (i, raw) in yaml.split('\n').enumerate() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if !plain_characters(raw) {
                return Err(GiveUp);
            }
            let text = raw.trim_start_matches(' ');
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let indent = raw.len() - text.len();
            // Directives and document markers.
            if indent == 0 && (text.starts_with("---") || text.starts_with("...") || text.starts_with('%')) {
                return Err(GiveUp);
            }
            lines.push(Line { number: i + 1, indent, text: text.trim_end_matches(' ') });
        }
        Ok(Parser { lines, next: 0, depth: 0 })
    }

    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.next).copied()
    }

    /// The whole document: one block node that uses every line.
    fn document(mut self) -> Result<Node<'a>> {
        let first = self.peek().ok_or(GiveUp)?;
        let root = self.block(first.indent)?;
        if self.next == self.lines.len() { Ok(root) } else { Err(GiveUp) }
    }

    /// The block map or list starting at the next line, which is indented by `indent`.
    fn block(&mut self, indent: usize) -> Result<Node<'a>> {
        let line = self.peek().ok_or(GiveUp)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        let node = if is_item(line.text) {
            self.list(indent)
        } else if map_key(line.text).is_some() {
            self.map(indent)
        } else {
            Err(GiveUp)
        };
        self.depth -= 1;
        node
    }

    fn map(&mut self, indent: usize) -> Result<Node<'a>> {
        let first = self.peek().ok_or(GiveUp)?;
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        while let Some(line) = self.peek().filter(|l| l.indent == indent) {
            let (key, value_start) = map_key(line.text).ok_or(GiveUp)?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(GiveUp);
            }
            self.next += 1;
            let value = self.value(line, value_start, indent, true)?;
            entries.push((key, value));
        }
        Ok(Node::Map { entries, at: At { line: first.number, column: indent + 1 } })
    }

    fn list(&mut self, indent: usize) -> Result<Node<'a>> {
        let first = self.peek().ok_or(GiveUp)?;
        let mut items = Vec::new();
        while let Some(line) = self.peek().filter(|l| l.indent == indent && is_item(l.text)) {
            let after = &line.text[1..];
            let rest = after.trim_start_matches(' ');
            let column = indent + 1 + (after.len() - rest.len());
            if !rest.is_empty() && (is_item(rest) || map_key(rest).is_some()) {
                // `- key: value` or `- - x`: the rest of the line starts a block node of its own,
                // indented to where it starts.
                self.lines[self.next] = Line { number: line.number, indent: column, text: rest };
                items.push(self.block(column)?);
            } else {
                self.next += 1;
                items.push(self.value(line, line.text.len() - rest.len(), indent, false)?);
            }
        }
        Ok(Node::List { items, at: At { line: first.number, column: indent + 1 } })
    }

    /// The value that starts at byte `start` of `line` (after `key:` or `-`): one on the line
    /// itself, or a block below it. `list_may_align`: a map's value may be a list indented like
    /// the map's keys.
    fn value(&mut self, line: Line<'a>, start: usize, indent: usize, list_may_align: bool) -> Result<Node<'a>> {
        let rest = &line.text[start..];
        if rest.is_empty() || rest.starts_with('#') {
            return match self.peek() {
                Some(next) if next.indent > indent => self.block(next.indent),
                Some(next) if list_may_align && next.indent == indent && is_item(next.text) => {
                    // serde-saphyr places a list written at its key's indentation where its first
                    // item starts, not at the first `-`.
                    match self.list(indent)? {
                        Node::List { items, .. } => {
                            let at = items.first().ok_or(GiveUp)?.at()?;
                            Ok(Node::List { items, at })
                        }
                        _ => Err(GiveUp),
                    }
                }
                _ => Ok(Node::Null),
            };
        }
        let mut inline = Inline { line, pos: start, depth: self.depth };
        let node = inline.node(false)?;
        inline.end()?;
        // A value continued on more-indented lines is a multi-line scalar: not ours.
        if self.peek().is_some_and(|next| next.indent > indent) {
            return Err(GiveUp);
        }
        Ok(node)
    }
}

/// No tab (YAML has rules of its own for them), no line break other than the line's own, and
/// nothing YAML does not allow in a document (control and special characters, which
/// serde-saphyr reports).
fn plain_characters(line: &str) -> bool {
    let ascii_ok = line.bytes().all(|b| b >= 0x20 && b != 0x7F);
    ascii_ok
        && (line.is_ascii()
            || !line.chars().any(|c| {
                matches!(c, '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
            }))
}

/// `- ` or a lone `-`: a block list item.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key:` at the start of `text`: the key and where its value starts. Keys are kept to plain
/// names (letters, digits, `_`, `-`, `.`, `/`); any other key is for serde-saphyr.
fn map_key(text: &str) -> Option<(&str, usize)> {
    let end = text.find(':')?;
    let key = &text[..end];
    let first = key.bytes().next()?;
    let plain_name = first.is_ascii_alphanumeric() || first == b'_';
    if !plain_name || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/')) {
        return None;
    }
    let after = &text[end + 1..];
    if after.is_empty() {
        return Some((key, text.len()));
    }
    if !after.starts_with(' ') {
        return None;
    }
    Some((key, text.len() - after.trim_start_matches(' ').len()))
}

/// A value written on one line: a scalar or a `[...]` / `{...}` collection.
struct Inline<'a> {
    line: Line<'a>,
    pos: usize,
    depth: usize,
}

impl<'a> Inline<'a> {
    fn rest(&self) -> &'a str {
        &self.line.text[self.pos..]
    }

    fn at(&self) -> At {
        At { line: self.line.number, column: self.line.column(self.pos) }
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches(' ').len();
    }

    /// Nothing may follow the value but spaces and a comment.
    fn end(&mut self) -> Result<()> {
        let before = self.pos;
        self.skip_spaces();
        let rest = self.rest();
        if rest.is_empty() || (rest.starts_with('#') && self.pos > before) { Ok(()) } else { Err(GiveUp) }
    }

    fn node(&mut self, flow: bool) -> Result<Node<'a>> {
        let at = self.at();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        let node = match self.rest().bytes().next().ok_or(GiveUp)? {
            b'[' => self.list(at),
            b'{' => self.map(at),
            b'\'' => self.single_quoted(at),
            b'"' => self.double_quoted(at),
            _ => self.plain(at, flow),
        };
        self.depth -= 1;
        node
    }

    fn list(&mut self, at: At) -> Result<Node<'a>> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            if self.rest().starts_with(']') {
                self.pos += 1;
                return Ok(Node::List { items, at });
            }
            items.push(self.node(true)?);
            self.skip_spaces();
            match self.rest().bytes().next() {
                Some(b',') => self.pos += 1,
                Some(b']') => {}
                _ => return Err(GiveUp),
            }
        }
    }

    fn map(&mut self, at: At) -> Result<Node<'a>> {
        self.pos += 1;
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        loop {
            self.skip_spaces();
            if self.rest().starts_with('}') {
                self.pos += 1;
                return Ok(Node::Map { entries, at });
            }
            let rest = self.rest();
            let end = rest.find(':').ok_or(GiveUp)?;
            let key = &rest[..end];
            let plain_name = key.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !plain_name || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')) {
                return Err(GiveUp);
            }
            if entries.iter().any(|(k, _)| *k == key) || !rest[end + 1..].starts_with(' ') {
                return Err(GiveUp);
            }
            self.pos += end + 1;
            self.skip_spaces();
            if matches!(self.rest().bytes().next(), Some(b',' | b'}')) {
                return Err(GiveUp);
            }
            entries.push((key, self.node(true)?));
            self.skip_spaces();
            match self.rest().bytes().next() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(GiveUp),
            }
        }
    }

    fn single_quoted(&mut self, at: At) -> Result<Node<'a>> {
        let body = &self.rest()[1..];
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                let written = &body[..i];
                let text = if written.contains("''") {
                    Cow::Owned(written.replace("''", "'"))
                } else {
                    Cow::Borrowed(written)
                };
                self.pos += i + 2;
                return Ok(Node::Scalar { text, plain: false, at });
            }
            i += 1;
        }
        Err(GiveUp)
    }

    fn double_quoted(&mut self, at: At) -> Result<Node<'a>> {
        let body = &self.rest()[1..];
        let mut text = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 2;
                    return Ok(Node::Scalar { text: Cow::Owned(text), plain: false, at });
                }
                '\\' => {
                    let (_, escape) = chars.next().ok_or(GiveUp)?;
                    match escape {
                        '\\' => text.push('\\'),
                        '"' => text.push('"'),
                        '/' => text.push('/'),
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        'r' => text.push('\r'),
                        'u' => {
                            let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                            let code = u32::from_str_radix(&hex, 16).map_err(|_| GiveUp)?;
                            text.push(char::from_u32(code).filter(|_| hex.len() == 4).ok_or(GiveUp)?);
                        }
                        _ => return Err(GiveUp),
                    }
                }
                c => text.push(c),
            }
        }
        Err(GiveUp)
    }

    /// A plain value: to the end of the line in a block, to `,` `]` `}` in a collection, and
    /// never past a comment.
    fn plain(&mut self, at: At, flow: bool) -> Result<Node<'a>> {
        let rest = self.rest();
        let first = rest.bytes().next().ok_or(GiveUp)?;
        let indicator = b"-?:,[]{}#&*!|>'\"%@`".contains(&first);
        let second = rest.as_bytes().get(1).copied();
        let safe_dash = first == b'-'
            && second.is_some_and(|b| b != b' ' && !(flow && matches!(b, b',' | b'[' | b']' | b'{' | b'}')));
        if indicator && !safe_dash {
            return Err(GiveUp);
        }
        let mut end = rest.len();
        let bytes = rest.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends_flow = flow && matches!(b, b',' | b'[' | b']' | b'{' | b'}');
            let comment = b == b'#' && i > 0 && bytes[i - 1] == b' ';
            if ends_flow || comment {
                end = i;
                break;
            }
        }
        let text = rest[..end].trim_end_matches(' ');
        // `a: b` inside a value would be a map; a trailing `:` is a key without value.
        if text.contains(": ") || text.ends_with(':') || text.is_empty() {
            return Err(GiveUp);
        }
        self.pos += text.len();
        Ok(Node::Scalar { text: Cow::Borrowed(text), plain: true, at })
    }
}

/// A plain value YAML reads as null.
fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

/// A plain value YAML may read as something other than a string (a number, a boolean, null,
/// infinity…): where the struct asks for "any", serde-saphyr decides.
fn may_not_be_a_string(text: &str) -> bool {
    let first = text.as_bytes()[0];
    let lower = text.to_ascii_lowercase();
    matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.' | b'~')
        || matches!(lower.as_str(), "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n")
}

/// The serde deserializer over one parsed node.
struct Reader<'n, 'a> {
    node: &'n Node<'a>,
}

impl<'de> de::Deserializer<'de> for Reader<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::Null => Err(GiveUp),
            Node::Scalar { text, plain, .. } => {
                if *plain && may_not_be_a_string(text) {
                    return Err(GiveUp);
                }
                visitor.visit_str(text)
            }
            Node::List { items, .. } => visitor.visit_seq(Items { items: items.iter() }),
            Node::Map { entries, .. } => visitor.visit_map(Entries { entries: entries.iter(), value: None }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::Scalar { text, plain: true, .. } => match text.as_ref() {
                "true" | "True" | "TRUE" => visitor.visit_bool(true),
                "false" | "False" | "FALSE" => visitor.visit_bool(false),
                _ => Err(GiveUp),
            },
            _ => Err(GiveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::Scalar { text, plain, .. } => {
                if *plain && is_null(text) {
                    return Err(GiveUp);
                }
                visitor.visit_str(text)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::Null => visitor.visit_none(),
            Node::Scalar { text, plain: true, .. } if is_null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == SPANNED {
            visitor.visit_newtype_struct(SpannedReader { node: self.node, at: self.node.at()? })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::List { items, .. } => visitor.visit_seq(Items { items: items.iter() }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::Map { entries, .. } => visitor.visit_map(Entries { entries: entries.iter(), value: None }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node {
            Node::Scalar { text, .. } => visitor.visit_str(text),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_i8<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
}

/// The name serde-saphyr's `Spanned` asks for, and the marker field its visitor expects first.
const SPANNED: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// A node as serde-saphyr presents a `Spanned` one: a map of the marker, the value, and where
/// it was referenced and defined (the same place: this reader knows no aliases).
struct SpannedReader<'n, 'a> {
    node: &'n Node<'a>,
    at: At,
}

impl<'de> de::Deserializer<'de> for SpannedReader<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_map(SpannedFields { node: self.node, at: self.at, field: 0 })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct SpannedFields<'n, 'a> {
    node: &'n Node<'a>,
    at: At,
    field: u8,
}

impl<'de> MapAccess<'de> for SpannedFields<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let key = match self.field {
            0 => SPANNED_MARKER,
            1 => "value",
            2 => "referenced",
            3 => "defined",
            _ => return Ok(None),
        };
        self.field += 1;
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.field {
            1 => seed.deserialize(().into_deserializer()),
            2 => seed.deserialize(Reader { node: self.node }),
            _ => {
                let fields = [("line", self.at.line as u32), ("column", self.at.column as u32)];
                seed.deserialize(de::value::MapDeserializer::new(fields.into_iter()))
            }
        }
    }
}

struct Items<'n, 'a> {
    items: std::slice::Iter<'n, Node<'a>>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        self.items.next().map(|node| seed.deserialize(Reader { node })).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'n, 'a> {
    entries: std::slice::Iter<'n, (&'a str, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize((*key).into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(Reader { node: self.value.take().ok_or(GiveUp)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::frontmatter;
    use crate::load::raw::RawFrontmatter;
    use std::collections::BTreeMap;

    /// Debug text without serde-saphyr's character spans, which this reader leaves unknown
    /// (baton reads a position's line and column only).
    fn shown<T: fmt::Debug>(value: &T) -> String {
        let text = format!("{value:?}");
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("span: Span {") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
            rest = rest[end..].strip_prefix(", ").unwrap_or(&rest[end..]);
        }
        out + rest
    }

    /// When the quick reader answers, serde-saphyr answers the same; returns whether it answered.
    fn agrees<T: DeserializeOwned + fmt::Debug>(yaml: &str) -> bool {
        let Some(quick) = from_str::<T>(yaml) else { return false };
        let full = serde_saphyr::from_str::<T>(yaml)
            .unwrap_or_else(|e| panic!("the quick reader read what serde-saphyr refuses ({e}):\n{yaml:?}"));
        assert_eq!(shown(&quick), shown(&full), "the readers differ on:\n{yaml}");
        true
    }

    fn agrees_on_all(yaml: &str) -> bool {
        let typed = agrees::<RawFrontmatter>(yaml);
        agrees::<BTreeMap<String, serde_json::Value>>(yaml);
        agrees::<serde_json::Value>(yaml);
        typed
    }

    const HANDOFF: &str = "title: Move the ledger to v2 # why: the old one is slow
id: h-00042
owner: ana
status: in-progress
created: 2026-11-01
handed_off: 2026-11-02T09:30:00+01:00
review_within: 3d
intent: Cut over without a gap, it's the customer's #1 ask.
deliverables:
  - Backfill script
  - 'Runbook: cutover, with ''rollback'''
  - \"A \\\"quoted\\\" caf\\u00e9\"
acceptance:
  - text: Totals match
    done: true
  - Plain item
risks:
- text: Lag
  mitigation: watch it
depends_on: [h-00001, 'h-00002' , h-00003]
tags: []
links:
  - {title: PR 5797, url: 'https://git.example.com/mr/5797', kind: code}
  - {url: https://example.com/a?b=c#frag}
questions:
  - q: Which region first?
    by: bo
    date: 2026-11-03
    a: eu-west
decisions:
  - id: d-1
    title: Use Postgres
    status: accepted
    by: [ana, bo]
    alternatives:
      - MySQL
    supersedes: d-0
  - id: d-2
    by: ana
extra:
  area: ledger
  nested: {a: b, list: [x, z]}
";

    const WRAP: &str = "kind: wrap
author: hana
team: SRE
shift:
  start: 2026-11-18T09:00:00+08:00
  end: '2026-11-18T17:00:00+08:00'
  tz: Asia/Singapore
summary: Quiet night; one page, acknowledged in 2 minutes.
open:
  - id: pager-rotation
    next: Collect ack times on Friday.
  - alert-noise
watch:
  - what: Escalation for tier-2
    where: https://pager.example.com/schedules?team=sre
baking:
  - change: New policy live since 10:00 SGT
    rollback: Re-attach the old one
handed_to: diego
";

    const DECISION: &str = "kind: decision
id: use-postgres
title: Use PostgreSQL for the ledger
status: superseded
date: 2026-10-01
by: [ana, 'bo']
supersedes:
  - mysql-ledger
related: [ledger-v2]
tags:
- storage
";

    #[test]
    fn a_handoff_in_the_usual_shape_is_read_quickly_and_alike() {
        assert!(agrees_on_all(HANDOFF));
        assert!(agrees_on_all(WRAP));
        assert!(agrees_on_all(DECISION));
        let quick: RawFrontmatter = from_str(HANDOFF).unwrap();
        assert_eq!(quick.deliverables[2].value, "A \"quoted\" café");
        assert_eq!(quick.depends_on[1].value, "h-00002");
        assert_eq!((quick.depends_on[1].referenced.line(), quick.depends_on[1].referenced.column()), (20, 23));
    }

    #[test]
    fn generated_bases_are_read_quickly_and_alike() {
        let files = crate::corpus::generate(200, 7);
        let mut read = 0;
        for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".md")) {
            let yaml = frontmatter::split(text).unwrap().yaml;
            assert!(agrees_on_all(yaml), "{path} was not read quickly:\n{yaml}");
            read += 1;
        }
        assert_eq!(read, 200);
    }

    #[test]
    fn the_example_site_reads_alike() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let mut quick = 0;
        for entry in walkdir::WalkDir::new(root).into_iter().filter_map(|e| e.ok()) {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if entry.path().extension().is_some_and(|e| e == "md")
                && let Ok(split) = frontmatter::split(&text)
            {
                quick += usize::from(agrees_on_all(split.yaml));
            } else if entry.path().extension().is_some_and(|e| e == "yaml") {
                agrees::<serde_json::Value>(&text);
            }
        }
        assert!(quick > 10, "only {quick} example files were read quickly");
    }

    #[test]
    fn what_lies_outside_the_subset_is_left_to_serde_saphyr() {
        for yaml in [
            "title: &a Ledger\nowner: *a\n",
            "title: !tag Ledger\n",
            "intent: |\n  two\n  lines\n",
            "intent: >\n  folded\n",
            "intent: one\n  continued\n",
            "title: a: b\n",
            "depends_on: [a,\n  b]\n",
            "title: \"\\x41\"\n",
            "title: Ledger\ntitle: Again\n",
            "? complex\n: key\n",
            "\"quoted key\": x\n",
            "title:\tLedger\n",
            "title: a\rb\n",
            "title: a\u{7}b\n",
            "title: a\u{2028}b\n",
            "---\ntitle: x\n",
            "tags: [a: b]\n",
            "acceptance:\n  - text: x\n    done: yes\n",
            "acceptance:\n  - 42\n",
            "extra: {n: 1}\n",
            "title: x\n - y\n",
            format!("extra: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).as_str(),
            (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>().as_str(),
        ] {
            assert!(!agrees_on_all(yaml), "read quickly, but should not be:\n{yaml}");
        }
    }

    #[test]
    fn values_and_positions_match_on_mutated_documents() {
        // A small seeded generator: every document is the handoff above with a few edits that
        // land on YAML's sharp edges (indicators, spaces, quotes, line breaks).
        let pieces = [
            ":",
            ": ",
            " #",
            "#",
            "-",
            "- ",
            "'",
            "\"",
            "[",
            "]",
            "{",
            "}",
            ",",
            " ",
            "  ",
            "\n",
            "\n  ",
            "\n- ",
            "~",
            "null",
            "true",
            "1",
            "0x1F",
            "1.5",
            "-1",
            "&a ",
            "*a",
            "!",
            "|",
            ">",
            "?",
            "@",
            "%",
            "\\",
            "é",
            "\r\n",
            "yes",
            "2026-11-20",
            "12:30",
            "\t",
            "\u{7}",
            "\u{85}",
            "\n  - ",
            "'' ",
            "\\u",
            "\\x41",
            "\\u00e9",
            "Y",
            "NULL",
            "\n\n",
            "#x",
            "---",
            "...",
        ];
        // QY_SEED and QY_N (environment) run other and more documents when the reader changes:
        // `QY_SEED=7 QY_N=20000 cargo test --lib quick_yaml`.
        let mut state: u64 = std::env::var("QY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
        let mut next = |bound: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % bound
        };
        let mut quick = 0;
        for _ in 0..std::env::var("QY_N").ok().and_then(|s| s.parse().ok()).unwrap_or(3000) {
            let mut doc = [HANDOFF, WRAP, DECISION][next(3)].to_string();
            for _ in 0..1 + next(3) {
                let mut at = next(doc.len() + 1);
                while !doc.is_char_boundary(at) {
                    at -= 1;
                }
                if next(3) == 0 {
                    let mut end = (at + 1 + next(4)).min(doc.len());
                    while !doc.is_char_boundary(end) {
                        end += 1;
                    }
                    doc.replace_range(at..end, "");
                } else {
                    doc.insert_str(at, pieces[next(pieces.len())]);
                }
            }
            quick += usize::from(agrees_on_all(&doc));
        }
        // Most edits leave a document in the subset: the comparison is not vacuous.
        assert!(quick > 500, "only {quick} of 3000 mutated documents were read quickly");
    }
}
