//! Properties over random text (proptest): the line index's conversions between byte offsets
//! and LSP positions, the language server's document positions, and fix application.

use std::path::PathBuf;

use proptest::prelude::*;
use residency::diagnostic::Edit;
use residency::fix::apply_edits;
use residency::line_index::{Encoding, LineCol, LineIndex};
use residency::lsp::documents::{char_index, Pos};
use residency::syntax::TextRange;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

/// Text made of the pieces that matter: ASCII, every line terminator (`\r\n`, lone `\r` and
/// `\n`), characters of 2, 3 and 4 bytes (a surrogate pair in UTF-16).
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("xyz".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("é".to_string()),
        Just("€".to_string()),
        Just("😀".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    // A byte order mark at the start is not part of the first line: only the first property
    // adds one, on purpose.
    prop::collection::vec(piece, 0..60)
        .prop_map(|p| p.concat().trim_start_matches('\u{feff}').to_string())
}

/// The width of `c` in `encoding`'s unit.
fn width(c: char, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => c.len_utf8() as u32,
        Encoding::Utf16 => c.len_utf16() as u32,
        Encoding::Utf32 => 1,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every character boundary of every line (its end included) goes to a position and back
    /// to itself, in every encoding; positions grow with offsets.
    #[test]
    fn offset_to_position_and_back(text in text(), bom in any::<bool>()) {
        let text = if bom { format!("\u{feff}{text}") } else { text };
        let index = LineIndex::new(&text);
        for encoding in ENCODINGS {
            let mut previous: Option<LineCol> = None;
            for line in 0..index.line_count() {
                let range = index.line_range(line).unwrap();
                for offset in range.clone().filter(|&o| text.is_char_boundary(o)).chain([range.end]) {
                    let p = index.position(offset, encoding).unwrap();
                    prop_assert_eq!(p.line as usize, line);
                    prop_assert_eq!(index.offset(p, encoding), Some(offset), "{:?} {:?}", p, encoding);
                    let units: u32 = text[range.start..offset].chars().map(|c| width(c, encoding)).sum();
                    prop_assert_eq!(p.col, units);
                    if let Some(prev) = previous {
                        prop_assert!(prev <= p);
                    }
                    previous = Some(p);
                }
            }
            // The end of the text is the end of the last line.
            let end = index.position(text.len(), encoding).unwrap();
            prop_assert_eq!(end.line as usize, index.line_count() - 1);
            prop_assert_eq!(index.position(text.len() + 1, encoding), None);
        }
    }

    /// Any offset, also inside a character or a `\r\n`, maps to a position whose offset is the
    /// start of that character or the end of that line: never more than the offset.
    #[test]
    fn every_offset_has_a_position(text in text()) {
        let index = LineIndex::new(&text);
        for encoding in ENCODINGS {
            for offset in 0..=text.len() {
                let p = index.position(offset, encoding).unwrap();
                let back = index.offset(p, encoding).unwrap();
                prop_assert!(back <= offset && text.is_char_boundary(back));
                // The start of the character holding `offset`, or the end of its line when
                // that character is a terminator.
                let start = (0..=offset).rev().find(|&o| text.is_char_boundary(o)).unwrap();
                prop_assert!(back <= start);
                prop_assert!(text[back..start].chars().all(|c| c == '\r' || c == '\n'));
                prop_assert!(back == start || matches!(text[start..].chars().next(), Some('\r' | '\n')));
            }
        }
    }

    /// Any position on an existing line maps to a character boundary on that line (a column
    /// past the end clamps to the end, inside a character to its start), which maps back to a
    /// position no further right; the language server's document model agrees on the offset.
    #[test]
    fn position_to_offset_and_back(text in text(), line in 0u32..30, col in 0u32..80) {
        let index = LineIndex::new(&text);
        let rope = ropey::Rope::from_str(&text);
        for encoding in ENCODINGS {
            let p = LineCol::new(line, col);
            let Some(offset) = index.offset(p, encoding) else {
                prop_assert!(line as usize >= index.line_count());
                continue;
            };
            let range = index.line_range(line as usize).unwrap();
            prop_assert!(range.contains(&offset) || offset == range.end);
            prop_assert!(text.is_char_boundary(offset));
            let back = index.position(offset, encoding).unwrap();
            prop_assert_eq!(back.line, line);
            prop_assert!(back.col <= col);
            prop_assert_eq!(index.offset(back, encoding), Some(offset));
            {
                let chars = char_index(&rope, Pos { line, col }, encoding).unwrap();
                prop_assert_eq!(rope.char_to_byte(chars), offset, "{:?} {:?}", p, encoding);
            }
        }
    }

    /// Non-overlapping edits, in any order, give the text a `String` gets when they are applied
    /// from the last to the first; an edit that overlaps another, leaves the text or splits a
    /// character is refused.
    #[test]
    fn fix_edits_apply_as_on_a_string(
        text in text(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), "[a-zé😀\n]{0,4}"), 0..6),
        order in any::<prop::sample::Index>(),
    ) {
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect();
        let mut ranges: Vec<(usize, usize, String)> = cuts
            .iter()
            .map(|(a, b, new)| {
                let (a, b) = (*a.get(&boundaries), *b.get(&boundaries));
                (a.min(b), a.max(b), new.clone())
            })
            .collect();
        ranges.sort_by_key(|r| (r.0, r.1));
        // Keep the ranges that do not overlap the one kept before (two insertions at one
        // offset are ambiguous too: keep one).
        let mut kept: Vec<(usize, usize, String)> = Vec::new();
        for r in ranges {
            if kept.last().is_none_or(|k| k.1 < r.0 || (k.1 == r.0 && k.0 < k.1 && r.0 < r.1)) {
                kept.push(r);
            }
        }
        let edit = |(a, b, new): &(usize, usize, String)| Edit {
            path: PathBuf::from("main.tf"),
            range: TextRange::new(*a, *b),
            replacement: new.clone(),
        };
        let mut edits: Vec<Edit> = kept.iter().map(edit).collect();
        if !edits.is_empty() {
            let first = order.index(edits.len());
            edits.rotate_left(first);
        }
        let mut expected = text.clone();
        for (a, b, new) in kept.iter().rev() {
            expected.replace_range(*a..*b, new);
        }
        prop_assert_eq!(apply_edits(&text, &edits), Some(expected));

        // Overlapping the first kept edit, past the end, inside a character: refused.
        if let Some((a, b, _)) = kept.iter().find(|k| k.1 > k.0) {
            let overlap = Edit { range: TextRange::new(*a, *b), ..edit(&(*a, *b, "o".into())) };
            edits.push(overlap);
            prop_assert_eq!(apply_edits(&text, &edits), None);
        }
        let past = edit(&(text.len(), text.len() + 1, String::new()));
        prop_assert_eq!(apply_edits(&text, &[past]), None);
        if let Some(inside) = (0..text.len()).find(|&o| !text.is_char_boundary(o)) {
            prop_assert_eq!(apply_edits(&text, &[edit(&(inside, inside, "x".into()))]), None);
        }
    }
}
