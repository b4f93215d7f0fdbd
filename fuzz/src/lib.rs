//! What the fuzz targets check, shared: every byte range a parser reports lies inside its
//! input, and the errors stay under the cap.

use residency::model::{Val, ValKind};
use residency::syntax::{SyntaxError, MAX_ERRORS};

/// The most errors one parse may return: [`MAX_ERRORS`] kept plus the final "too many syntax
/// errors" one (`residency::syntax::Errors::finish`).
pub const ERROR_CAP: usize = MAX_ERRORS + 1;

/// Every `TextRange { start: S, end: E }` in a value's `Debug` form: all the ranges of a
/// syntax tree, without a walker per format that could miss a field.
pub fn debug_ranges(debug: &str) -> Vec<(u64, u64)> {
    const START: &str = "TextRange { start: ";
    const END: &str = ", end: ";
    let mut out = Vec::new();
    let mut rest = debug;
    while let Some(at) = rest.find(START) {
        rest = &rest[at + START.len()..];
        let (start, after) = number(rest);
        let Some(after) = after.strip_prefix(END) else {
            panic!(
                "unexpected TextRange debug form near {:?}",
                &rest[..rest.len().min(60)]
            );
        };
        let (end, after) = number(after);
        out.push((start, end));
        rest = after;
    }
    out
}

fn number(s: &str) -> (u64, &str) {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let n = s[..digits].parse().expect("a TextRange field is a number");
    (n, &s[digits..])
}

/// Asserts that `start <= end <= text.len()` and both lie on character boundaries.
#[track_caller]
pub fn assert_range(text: &str, (start, end): (u64, u64), what: &str) {
    let (s, e) = (start as usize, end as usize);
    assert!(
        start <= end && e <= text.len(),
        "{what}: range {start}..{end} outside the input of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: range {start}..{end} splits a character"
    );
}

/// Asserts the ranges of a tree (by its `Debug` form) and its errors, and the error cap.
#[track_caller]
pub fn assert_tree(text: &str, tree: &impl std::fmt::Debug, errors: &[SyntaxError]) {
    assert!(
        errors.len() <= ERROR_CAP,
        "{} syntax errors, over the cap of {ERROR_CAP}",
        errors.len()
    );
    for e in errors {
        assert_range(text, (e.range.start.into(), e.range.end.into()), &e.message);
        assert!(!e.message.is_empty(), "an error without a message");
    }
    for r in debug_ranges(&format!("{tree:?}")) {
        assert_range(text, r, "tree node");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_every_range() {
        let d =
            "Foo { a: TextRange { start: 1, end: 22 }, b: Some(TextRange { start: 0, end: 0 }) }";
        assert_eq!(super::debug_ranges(d), [(1, 22), (0, 0)]);
    }
}

/// Every place a model value says it is written (and its literal) lies inside the input, all
/// the way down.
pub fn values_inside(text: &str, v: &Val) {
    for loc in [v.loc, v.literal].into_iter().flatten() {
        let r = loc.range;
        assert_range(text, (r.start.into(), r.end.into()), "value");
    }
    match &v.kind {
        ValKind::Map(members) => members.iter().for_each(|(_, m)| values_inside(text, m)),
        ValKind::List(items) => items.iter().for_each(|i| values_inside(text, i)),
        _ => {}
    }
}
