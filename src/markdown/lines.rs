//! Byte offsets to the line and column an editor shows.

use std::ops::Range;

/// Where a link was written: its first character, and how many characters of that line it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Position {
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) width: usize,
}

/// Byte offsets to 1-based line and column (columns count characters, as editors show them).
pub(super) struct LineIndex<'a> {
    pub(super) source: &'a str,
    pub(super) line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(source: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(index, _)| index + 1)).collect();
        LineIndex { source, line_starts }
    }

    /// Where the text at bytes `range` starts, and its width up to the end of that line.
    pub(super) fn position(&self, range: Range<usize>) -> Position {
        let offset = range.start;
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let before = self.source.get(start..offset);
        let column = before.map_or(offset.saturating_sub(start), |text| text.chars().count()) + 1;
        let line_end = self.line_starts.get(line).map_or(self.source.len(), |next| next - 1);
        let written = self.source.get(offset..range.end.min(line_end).max(offset));
        let width = written.map_or(1, |text| text.trim_end_matches('\r').chars().count()).max(1);
        Position { line, column, width }
    }
}
