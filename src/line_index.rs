//! Byte offsets to lines and columns, and back.
//!
//! The core works on byte ranges ([`crate::syntax::TextRange`]); reporters and the language
//! server turn them into lines and columns here, once, at the edge. A column can be counted in
//! three units ([`Encoding`]): bytes (LSP `utf-8`), UTF-16 code units (LSP `utf-16`, the LSP
//! default, and SARIF's `utf16CodeUnits`) or Unicode scalar values (LSP `utf-32`, and the
//! `column` of `residency check --format json`).
//!
//! Lines and columns here are 0-based, as in LSP; reporters add 1 where their format is 1-based.
//!
//! Line terminators are `\n`, `\r\n` and a lone `\r`, as in the LSP specification. A line's text
//! and its end exclude its terminator.
//!
//! A byte order mark at the start of the text is not part of the first line: editors do not
//! show it or count it in columns (and LSP clients do not send it).
//!
//! Building the index is one pass over the bytes; a lookup is a binary search over the line
//! starts plus, for UTF-16 and scalar-value columns, a walk over that one line (skipped when the
//! text is ASCII).

use std::ops::Range;

/// The unit a column is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 code units, i.e. bytes (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP `utf-16`, SARIF `utf16CodeUnits`): a character outside the Basic
    /// Multilingual Plane such as 😀 counts 2.
    Utf16,
    /// Unicode scalar values, i.e. Rust `char`s (LSP `utf-32`, SARIF `unicodeCodePoints`).
    Utf32,
}

/// A 0-based line and column; the column's unit depends on the [`Encoding`] it was made with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 0-based line number.
    pub line: u32,
    /// 0-based column, in the unit of the [`Encoding`] used.
    pub col: u32,
}

impl LineCol {
    /// A position at `line`, `col` (both 0-based).
    pub fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

/// Line starts of one text, for converting between byte offsets and line/column positions.
///
/// It borrows the text: build one per file snapshot (building is a single linear pass).
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset at which each line starts; the first is always 0. A text ending with a
    /// terminator has a last, empty line after it.
    line_starts: Vec<usize>,
    /// Every column unit equals a byte: the per-line walk is skipped.
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Self {
            text,
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    /// The indexed text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The number of lines: at least 1 (an empty text has one empty line), and a text ending
    /// with a line terminator has an empty last line after it.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset at which `line` (0-based) starts, or `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// The byte range of `line` (0-based), excluding its terminator (and, on the first line, a
    /// byte order mark); `None` past the last line.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let mut start = *self.line_starts.get(line)?;
        if line == 0 && self.text.starts_with('\u{feff}') {
            start = '\u{feff}'.len_utf8();
        }
        let end = match self.line_starts.get(line + 1) {
            None => self.text.len(),
            Some(&next) => {
                let bytes = self.text.as_bytes();
                // `next - 1` is the terminator's last byte: `\n` (maybe after `\r`) or `\r`.
                if bytes[next - 1] == b'\n' && next >= start + 2 && bytes[next - 2] == b'\r' {
                    next - 2
                } else {
                    next - 1
                }
            }
        };
        Some(start..end)
    }

    /// The text of `line` (0-based), without its terminator; `None` past the last line.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        self.line_range(line).map(|range| &self.text[range])
    }

    /// The 0-based line that contains byte `offset`. An offset on a line's terminator belongs
    /// to that line; `offset == text.len()` belongs to the last line. `None` past the end.
    pub fn line_of(&self, offset: usize) -> Option<usize> {
        if offset > self.text.len() {
            return None;
        }
        Some(match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        })
    }

    /// The line and column of byte `offset`, the column counted in `encoding`.
    ///
    /// `offset == text.len()` is valid (the end of the text); past that it is `None`. An offset
    /// inside a multi-byte character counts as the start of that character; an offset on a
    /// line terminator (between `\r` and `\n` included) is the end of that line.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Option<LineCol> {
        let line = self.line_of(offset)?;
        let range = self.line_range(line)?;
        // An offset inside a byte order mark is the start of the first line.
        let mut end = offset.clamp(range.start, range.end);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[range.start..end];
        let col = if self.ascii {
            before.len()
        } else {
            match encoding {
                Encoding::Utf8 => before.len(),
                Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
                Encoding::Utf32 => before.chars().count(),
            }
        };
        Some(LineCol {
            line: u32::try_from(line).ok()?,
            col: u32::try_from(col).ok()?,
        })
    }

    /// The byte offset of `position`, its column counted in `encoding`.
    ///
    /// `None` when the line does not exist. A column past the line's end is clamped to the end
    /// (as LSP requires); a column inside a character (the middle of a UTF-8 sequence or of a
    /// UTF-16 surrogate pair) is moved back to that character's start.
    pub fn offset(&self, position: LineCol, encoding: Encoding) -> Option<usize> {
        let range = self.line_range(usize::try_from(position.line).ok()?)?;
        let line = &self.text[range.clone()];
        let col = usize::try_from(position.col).ok()?;
        let relative = if self.ascii || encoding == Encoding::Utf8 {
            let mut at = col.min(line.len());
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            at
        } else {
            let mut units = 0;
            let mut found = line.len();
            for (at, c) in line.char_indices() {
                let width = match encoding {
                    Encoding::Utf16 => c.len_utf16(),
                    _ => 1,
                };
                if units + width > col {
                    found = at;
                    break;
                }
                units += width;
            }
            found
        };
        Some(range.start + relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    fn pos(index: &LineIndex, offset: usize, encoding: Encoding) -> (u32, u32) {
        let p = index.position(offset, encoding).unwrap();
        (p.line, p.col)
    }

    #[test]
    fn byte_order_mark_is_not_counted_in_columns() {
        let text = "\u{feff}{\"a\": 1}\n{}";
        let index = LineIndex::new(text);
        let a = text.find('"').unwrap();
        for e in ENCODINGS {
            assert_eq!(pos(&index, a, e), (0, 1));
            assert_eq!(pos(&index, 0, e), (0, 0));
            assert_eq!(pos(&index, 1, e), (0, 0), "inside the mark");
            assert_eq!(index.offset(LineCol::new(0, 1), e), Some(a));
            assert_eq!(index.offset(LineCol::new(0, 0), e), Some(3));
            assert_eq!(pos(&index, text.len() - 1, e), (1, 1));
        }
        assert_eq!(index.line_text(0), Some("{\"a\": 1}"));
    }

    #[test]
    fn empty_text_has_one_empty_line() {
        let index = LineIndex::new("");
        assert_eq!(index.line_count(), 1);
        assert_eq!(index.line_text(0), Some(""));
        assert_eq!(index.line_text(1), None);
        for e in ENCODINGS {
            assert_eq!(pos(&index, 0, e), (0, 0));
            assert_eq!(index.position(1, e), None);
            assert_eq!(index.offset(LineCol::new(0, 0), e), Some(0));
            assert_eq!(index.offset(LineCol::new(0, 5), e), Some(0));
            assert_eq!(index.offset(LineCol::new(1, 0), e), None);
        }
    }

    #[test]
    fn lf_lines() {
        let text = "ab\ncd\n\nef";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let lines: Vec<_> = (0..4).map(|l| index.line_text(l).unwrap()).collect();
        assert_eq!(lines, ["ab", "cd", "", "ef"]);
        assert_eq!(index.line_range(1), Some(3..5));
        assert_eq!(index.line_start(3), Some(7));
        assert_eq!(index.line_start(4), None);
        assert_eq!(pos(&index, 0, Encoding::Utf8), (0, 0));
        assert_eq!(pos(&index, 2, Encoding::Utf8), (0, 2)); // on the `\n`: end of line 0
        assert_eq!(pos(&index, 3, Encoding::Utf8), (1, 0));
        assert_eq!(pos(&index, 6, Encoding::Utf8), (2, 0));
        assert_eq!(pos(&index, 9, Encoding::Utf8), (3, 2)); // end of text
        assert_eq!(index.position(10, Encoding::Utf8), None);
    }

    #[test]
    fn trailing_newline_makes_an_empty_last_line() {
        let index = LineIndex::new("a\n");
        assert_eq!(index.line_count(), 2);
        assert_eq!(index.line_text(1), Some(""));
        assert_eq!(pos(&index, 2, Encoding::Utf16), (1, 0));
        assert_eq!(index.offset(LineCol::new(1, 0), Encoding::Utf16), Some(2));
        assert_eq!(index.offset(LineCol::new(1, 9), Encoding::Utf16), Some(2));
        assert_eq!(index.offset(LineCol::new(2, 0), Encoding::Utf16), None);
    }

    #[test]
    fn crlf_excluded_from_line_end() {
        let text = "ab\r\ncd\r\n\r\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_text(0), Some("ab"));
        assert_eq!(index.line_text(1), Some("cd"));
        assert_eq!(index.line_text(2), Some(""));
        assert_eq!(index.line_text(3), Some("x"));
        assert_eq!(index.line_range(0), Some(0..2));
        assert_eq!(index.line_range(2), Some(8..8));
        for e in ENCODINGS {
            assert_eq!(pos(&index, 2, e), (0, 2)); // on `\r`
            assert_eq!(pos(&index, 3, e), (0, 2)); // between `\r` and `\n`
            assert_eq!(pos(&index, 4, e), (1, 0));
            assert_eq!(pos(&index, 8, e), (2, 0));
            assert_eq!(pos(&index, 10, e), (3, 0));
            // Clamping stops before the `\r\n`.
            assert_eq!(index.offset(LineCol::new(0, 99), e), Some(2));
            assert_eq!(index.offset(LineCol::new(2, 1), e), Some(8));
        }
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let index = LineIndex::new("a\rb\n\rc");
        assert_eq!(index.line_count(), 4);
        let lines: Vec<_> = (0..4).map(|l| index.line_text(l).unwrap()).collect();
        assert_eq!(lines, ["a", "b", "", "c"]);
        assert_eq!(pos(&index, 2, Encoding::Utf8), (1, 0));
        assert_eq!(pos(&index, 5, Encoding::Utf8), (3, 0));
    }

    #[test]
    fn multibyte_columns() {
        // é: 2 bytes, 1 UTF-16 unit, 1 char. 日本: 3 bytes each, 1 unit each.
        // 😀: 4 bytes, 2 UTF-16 units (surrogate pair), 1 char.
        let text = "é日本😀x\n😀é";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(x, 2 + 3 + 3 + 4);
        assert_eq!(pos(&index, x, Encoding::Utf8), (0, 12));
        assert_eq!(pos(&index, x, Encoding::Utf16), (0, 5));
        assert_eq!(pos(&index, x, Encoding::Utf32), (0, 4));
        let emoji = text.find('😀').unwrap();
        assert_eq!(pos(&index, emoji, Encoding::Utf16), (0, 3));
        assert_eq!(pos(&index, emoji + 4, Encoding::Utf16), (0, 5));
        // Second line: 😀é
        let e2 = text.rfind('é').unwrap();
        assert_eq!(pos(&index, e2, Encoding::Utf8), (1, 4));
        assert_eq!(pos(&index, e2, Encoding::Utf16), (1, 2));
        assert_eq!(pos(&index, e2, Encoding::Utf32), (1, 1));
        assert_eq!(pos(&index, text.len(), Encoding::Utf16), (1, 3));
        assert_eq!(pos(&index, text.len(), Encoding::Utf32), (1, 2));

        // And back.
        assert_eq!(index.offset(LineCol::new(0, 5), Encoding::Utf16), Some(x));
        assert_eq!(index.offset(LineCol::new(0, 4), Encoding::Utf32), Some(x));
        assert_eq!(index.offset(LineCol::new(0, 12), Encoding::Utf8), Some(x));
        assert_eq!(index.offset(LineCol::new(1, 2), Encoding::Utf16), Some(e2));
        assert_eq!(index.offset(LineCol::new(1, 1), Encoding::Utf32), Some(e2));
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "a😀b";
        let index = LineIndex::new(text);
        for inside in 2..5 {
            assert_eq!(pos(&index, inside, Encoding::Utf8), (0, 1));
            assert_eq!(pos(&index, inside, Encoding::Utf16), (0, 1));
            assert_eq!(pos(&index, inside, Encoding::Utf32), (0, 1));
        }
        // UTF-16 column 2 is the low surrogate of 😀: back to its start.
        assert_eq!(index.offset(LineCol::new(0, 2), Encoding::Utf16), Some(1));
        assert_eq!(index.offset(LineCol::new(0, 3), Encoding::Utf16), Some(5));
        // Byte column 3 is inside 😀: back to its start.
        assert_eq!(index.offset(LineCol::new(0, 3), Encoding::Utf8), Some(1));
    }

    #[test]
    fn columns_past_the_end_clamp_to_the_line_end() {
        let text = "日本\r\nabc";
        let index = LineIndex::new(text);
        for e in ENCODINGS {
            assert_eq!(index.offset(LineCol::new(0, 7), e), Some(6));
            assert_eq!(index.offset(LineCol::new(0, u32::MAX), e), Some(6));
            assert_eq!(index.offset(LineCol::new(1, 10), e), Some(text.len()));
            assert_eq!(index.offset(LineCol::new(2, 0), e), None);
        }
    }

    #[test]
    fn every_boundary_round_trips() {
        let text = "{\r\n  \"location\": \"西日本\", // é\n\t\"x\": \"😀😀\"\r\r\n}\n";
        let index = LineIndex::new(text);
        for e in ENCODINGS {
            for (offset, c) in text.char_indices().chain([(text.len(), '\0')]) {
                let p = index.position(offset, e).unwrap();
                let back = index.offset(p, e).unwrap();
                if c == '\r' || c == '\n' {
                    // A terminator maps to its line's end.
                    assert_eq!(back, index.line_range(p.line as usize).unwrap().end);
                } else {
                    assert_eq!(back, offset, "{e:?} at {offset} ({c:?}) -> {p:?}");
                }
            }
        }
    }

    #[test]
    fn line_of_agrees_with_line_ranges() {
        let text = "a\r\nbb\rccc\n\ndd";
        let index = LineIndex::new(text);
        for line in 0..index.line_count() {
            let range = index.line_range(line).unwrap();
            for offset in range.start..=range.end {
                assert_eq!(index.line_of(offset), Some(line));
            }
        }
        assert_eq!(index.line_of(text.len() + 1), None);
    }
}
