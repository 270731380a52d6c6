//! Splits a content file into its YAML frontmatter and Markdown body, keeping line numbers.
//!
//! A file starts with a `---` line, then YAML, then a closing `---` (or `...`) line. A UTF-8 BOM
//! and CRLF line endings are accepted. Line numbers are kept so YAML positions and body positions
//! can be reported as lines of the file. It does not parse the YAML.

/// A file cut in two, with the first line of each part (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The file line the YAML starts on.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` has no closing fence.
    Unclosed,
}

/// Cuts `text` at its frontmatter fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = line_starts(text);
    let first_end = lines.next().map(|(_, end)| end).ok_or(SplitError::Missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first_end;
    for (number, (start, end)) in lines.enumerate() {
        let line = text[start..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line: 2,
                body: &text[end..],
                body_line: number + 3,
            });
        }
    }
    Err(SplitError::Unclosed)
}

/// Byte ranges of each line including its line ending.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
        let range = (start, end);
        start = end;
        Some(range)
    })
}

/// Top-level keys and the file line each is written on. YAML's block style puts every top-level
/// key at column 0 and everything nested deeper, so a line scan finds them without a parser;
/// this is how a missing or unknown field is pointed at.
pub fn top_level_keys(yaml: &str, yaml_line: usize) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (offset, line) in yaml.lines().enumerate() {
        let starts_key = line.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let key =
            line.split_once(':').map(|(key, _)| key).filter(|key| starts_key && !key.contains(char::is_whitespace));
        if let Some(key) = key {
            keys.push((key.to_string(), yaml_line + offset));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: A\nowner: ana\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: A\nowner: ana\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 5));
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "body");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn missing_and_unclosed_fences_are_told_apart() {
        assert_eq!(split("# Just markdown\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn finds_top_level_keys_with_their_lines() {
        let yaml = "title: A\nintent: |\n  text: not a key\nowner: ana\n# comment: no\n";
        assert_eq!(top_level_keys(yaml, 2), [("title".into(), 2), ("intent".into(), 3), ("owner".into(), 5)]);
    }
}
