//! The language server's document model: random incremental edits, in each position
//! encoding, give the same text as applying them to a `String` with the positions converted
//! as the LSP specification says (line breaks `\n`, `\r\n`, `\r`; a column past the line's
//! end is its end; a column inside a character is that character's start; the line after
//! the last is the end of the text; a line beyond that is refused).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use residency::line_index::Encoding;
use residency::lsp::documents::{Document, Pos};

#[derive(Arbitrary, Debug)]
struct Edit {
    /// Whole-text replacement instead of a range.
    full: bool,
    start: (u16, u16),
    end: (u16, u16),
    text: String,
}

#[derive(Arbitrary, Debug)]
struct Input {
    encoding: u8,
    initial: String,
    edits: Vec<Edit>,
}

/// The byte ranges of the lines of `text`, without their terminators.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The byte offset of `pos` in `text`, by the rules above.
fn offset(text: &str, pos: Pos, encoding: Encoding) -> Option<usize> {
    let lines = lines(text);
    let line = pos.line as usize;
    if line >= lines.len() {
        return (line == lines.len()).then_some(text.len());
    }
    let (start, end) = lines[line];
    let mut units = 0usize;
    for (at, c) in text[start..end].char_indices() {
        units += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if units > pos.col as usize {
            return Some(start + at);
        }
    }
    Some(end)
}

/// Keeps positions near the text, so most edits land inside it.
fn near(text: &str, (line, col): (u16, u16)) -> Pos {
    let lines = text.bytes().filter(|&b| b == b'\n' || b == b'\r').count() + 3;
    Pos {
        line: u32::from(line) % lines as u32,
        col: u32::from(col) % 40,
    }
}

fuzz_target!(|input: Input| {
    let encoding = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][input.encoding as usize % 3];
    let mut doc = Document::new("file:///fuzz/main.tf".into(), &input.initial, 1);
    let mut expected = input.initial.clone();
    for edit in input.edits.iter().take(64) {
        if edit.full {
            assert!(doc.apply_change(None, &edit.text, encoding));
            expected = edit.text.clone();
        } else {
            let (start, end) = (near(&expected, edit.start), near(&expected, edit.end));
            let applied = doc.apply_change(Some((start, end)), &edit.text, encoding);
            match (
                offset(&expected, start, encoding),
                offset(&expected, end, encoding),
            ) {
                (Some(a), Some(b)) => {
                    assert!(applied, "edit {start:?}..{end:?} refused");
                    let (a, b) = (a.min(b), a.max(b));
                    expected.replace_range(a..b, &edit.text);
                }
                _ => assert!(!applied, "edit {start:?}..{end:?} past the end applied"),
            }
        }
        assert_eq!(&*doc.text(), expected.as_str(), "after {edit:?}");
        assert_eq!(doc.rope.len_bytes(), expected.len());
    }
});
