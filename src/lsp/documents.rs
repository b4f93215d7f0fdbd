//! Open documents: their text in a rope, edited incrementally, with LSP positions converted in
//! the negotiated encoding.
//!
//! Ropey is built with `cr_lines` only (no `unicode_lines`): its line breaks are then `\n`,
//! `\r\n` and a lone `\r`, exactly those of the LSP specification (and of
//! [`crate::line_index::LineIndex`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;

use crate::line_index::Encoding;

/// An LSP position: 0-based line and column in the negotiated encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    pub uri: String,
    pub rope: Rope,
    pub version: i32,
    /// The text as one string, made on demand for lint snapshots; dropped on each edit.
    text: Option<Arc<String>>,
}

impl Document {
    pub fn new(uri: String, text: &str, version: i32) -> Self {
        Document {
            uri,
            rope: Rope::from_str(text),
            version,
            text: None,
        }
    }

    /// The current text (shared, cached until the next edit).
    pub fn text(&mut self) -> Arc<String> {
        if let Some(t) = &self.text {
            return t.clone();
        }
        let t: Arc<String> = Arc::from(self.rope.to_string());
        self.text = Some(t.clone());
        t
    }

    /// Replaces the range `start..end` (or the whole text when `None`) with `new_text`. Returns
    /// `false` when a position lies past the end of the document (the edit is then not applied).
    pub fn apply_change(
        &mut self,
        range: Option<(Pos, Pos)>,
        new_text: &str,
        encoding: Encoding,
    ) -> bool {
        self.text = None;
        match range {
            None => {
                self.rope = Rope::from_str(new_text);
                true
            }
            Some((start, end)) => {
                let (Some(a), Some(b)) = (
                    char_index(&self.rope, start, encoding),
                    char_index(&self.rope, end, encoding),
                ) else {
                    return false;
                };
                let (a, b) = (a.min(b), a.max(b));
                self.rope.remove(a..b);
                self.rope.insert(a, new_text);
                true
            }
        }
    }
}

/// The char index of an LSP position in `rope`. `None` when the line does not exist (one past
/// the last line is accepted as the end of the text, as clients send it for appends); a column
/// past the line's end is clamped to the end (before its terminator); a column inside a
/// character goes back to that character's start.
pub fn char_index(rope: &Rope, pos: Pos, encoding: Encoding) -> Option<usize> {
    let line = usize::try_from(pos.line).ok()?;
    let lines = rope.len_lines();
    if line >= lines {
        return (line == lines).then(|| rope.len_chars());
    }
    let line_start = rope.line_to_char(line);
    let slice = rope.line(line);
    // The line's chars without its terminator.
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    let col = usize::try_from(pos.col).ok()?;
    let mut units = 0usize;
    for (i, c) in slice.chars().take(len).enumerate() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if units + width > col {
            return Some(line_start + i);
        }
        units += width;
    }
    Some(line_start + len)
}

/// The open documents, by absolute path.
#[derive(Debug, Default)]
pub struct Documents {
    docs: HashMap<PathBuf, Document>,
}

impl Documents {
    pub fn open(&mut self, path: PathBuf, doc: Document) {
        self.docs.insert(path, doc);
    }

    pub fn close(&mut self, path: &Path) -> Option<Document> {
        self.docs.remove(path)
    }

    pub fn get(&self, path: &Path) -> Option<&Document> {
        self.docs.get(path)
    }

    pub fn get_mut(&mut self, path: &Path) -> Option<&mut Document> {
        self.docs.get_mut(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.docs.keys()
    }

    /// The texts and versions of the open documents in `dir`, for a lint snapshot.
    pub fn snapshot_dir(&mut self, dir: &Path) -> Vec<(PathBuf, Arc<String>, i32)> {
        self.docs
            .iter_mut()
            .filter(|(p, _)| p.parent() == Some(dir))
            .map(|(p, d)| (p.clone(), d.text(), d.version))
            .collect()
    }

    /// The open documents outside `dir` that a check of `dir` may read: Bicep files, which
    /// Bicep files of `dir` may use as modules, and XML files, which may be B2C policies of a
    /// chain that has files in `dir`.
    pub fn snapshot_modules_outside(&mut self, dir: &Path) -> Vec<(PathBuf, Arc<String>)> {
        self.docs
            .iter_mut()
            .filter(|(p, _)| {
                p.parent() != Some(dir) && p.extension().is_some_and(|e| e == "bicep" || e == "xml")
            })
            .map(|(p, d)| (p.clone(), d.text()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn multibyte_positions_per_encoding() {
        let rope = Rope::from_str("é😀x\r\nab");
        // x: bytes 2+4=6, UTF-16 1+2=3, chars 2.
        assert_eq!(char_index(&rope, p(0, 6), Encoding::Utf8), Some(2));
        assert_eq!(char_index(&rope, p(0, 3), Encoding::Utf16), Some(2));
        assert_eq!(char_index(&rope, p(0, 2), Encoding::Utf32), Some(2));
        // Inside 😀 goes back to its start.
        assert_eq!(char_index(&rope, p(0, 2), Encoding::Utf16), Some(1));
        assert_eq!(char_index(&rope, p(0, 4), Encoding::Utf8), Some(1));
        // Past the end clamps before the CRLF.
        assert_eq!(char_index(&rope, p(0, 99), Encoding::Utf16), Some(3));
        assert_eq!(char_index(&rope, p(1, 1), Encoding::Utf16), Some(6));
        assert_eq!(char_index(&rope, p(2, 0), Encoding::Utf16), Some(7));
        assert_eq!(char_index(&rope, p(3, 0), Encoding::Utf16), None);
    }

    #[test]
    fn incremental_edits() {
        let mut d = Document::new(
            "file:///a.tf".into(),
            "a = \"é\"\r\nlocation = \"eastus\"\r\n",
            1,
        );
        assert!(d.apply_change(Some((p(1, 12), p(1, 18))), "westeurope", Encoding::Utf16));
        assert_eq!(&*d.text(), "a = \"é\"\r\nlocation = \"westeurope\"\r\n");
        assert!(d.apply_change(Some((p(0, 5), p(0, 6))), "😀", Encoding::Utf16));
        assert_eq!(&*d.text(), "a = \"😀\"\r\nlocation = \"westeurope\"\r\n");
        // After 😀 (4 bytes).
        assert!(d.apply_change(Some((p(0, 9), p(0, 9))), "!", Encoding::Utf8));
        assert_eq!(&*d.text(), "a = \"😀!\"\r\nlocation = \"westeurope\"\r\n");
        assert!(!d.apply_change(Some((p(9, 0), p(9, 0))), "x", Encoding::Utf8));
        assert!(d.apply_change(None, "new", Encoding::Utf8));
        assert_eq!(&*d.text(), "new");
    }
}
