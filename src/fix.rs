//! Applies fixes to files: only the bytes of the values, written as [`replace`] describes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod replace;

use crate::diagnostic::{Diagnostic, Edit};

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    Safe,
    /// Safe and unsafe (`--unsafe-fixes`).
    All,
}

/// What applying fixes did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Files written, with the number of edits in each.
    pub files: Vec<(PathBuf, usize)>,
    /// Fixes skipped because they overlap another edit in the same run.
    pub skipped_conflicts: usize,
    /// Files not fixed, each with a message naming it and saying why.
    pub refused: Vec<String>,
}

/// The edits of the diagnostics' fixes that `applicability` allows, grouped per file, without
/// duplicates; a fix whose edits overlap an already chosen edit is skipped whole.
pub fn plan(
    diagnostics: &[Diagnostic],
    applicability: Applicability,
) -> (BTreeMap<PathBuf, Vec<Edit>>, usize) {
    let mut per_file: BTreeMap<PathBuf, Vec<Edit>> = BTreeMap::new();
    let mut skipped = 0;
    for fix in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        if !fix.safe && applicability == Applicability::Safe {
            continue;
        }
        let conflicts = fix.edits.iter().any(|e| {
            per_file.get(&e.path).is_some_and(|chosen| {
                chosen.iter().any(|c| {
                    c != e
                        && c.range.start < e.range.end.max(e.range.start + 1)
                        && e.range.start < c.range.end.max(c.range.start + 1)
                })
            })
        });
        if conflicts {
            skipped += 1;
            continue;
        }
        for edit in &fix.edits {
            let chosen = per_file.entry(edit.path.clone()).or_default();
            if !chosen.contains(edit) {
                chosen.push(edit.clone());
            }
        }
    }
    (per_file, skipped)
}

/// Applies `edits` to `text` (non-overlapping byte ranges).
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for edit in sorted {
        let range = edit.range.as_range();
        if range.start < at
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            return None;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&edit.replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Applies the planned fixes to the files on disk. Each file is re-read and must still be the
/// text the diagnostics were computed on (`expected`), then replaced as [`replace`] describes
/// (read-only files refused, symlinks written through, hard links kept, a concurrent write
/// never overwritten). A file that cannot be fixed is listed in [`Applied::refused`] and the
/// others are still fixed.
pub fn apply(
    diagnostics: &[Diagnostic],
    applicability: Applicability,
    expected: &dyn Fn(&Path) -> Option<std::sync::Arc<String>>,
) -> Applied {
    let (per_file, skipped_conflicts) = plan(diagnostics, applicability);
    let mut applied = Applied {
        skipped_conflicts,
        ..Applied::default()
    };
    for (path, edits) in per_file {
        match apply_to_file(&path, &edits, expected) {
            Ok(()) => applied.files.push((path, edits.len())),
            Err(message) => applied.refused.push(message),
        }
    }
    applied
}

fn apply_to_file(
    path: &Path,
    edits: &[Edit],
    expected: &dyn Fn(&Path) -> Option<std::sync::Arc<String>>,
) -> Result<(), String> {
    let original = replace::Original::read(path)?;
    if expected(path).is_some_and(|e| *e != *original.text) {
        return Err(format!(
            "{}: changed on disk while it was checked; not fixed",
            path.display()
        ));
    }
    let Some(fixed) = apply_edits(&original.text, edits) else {
        return Err(format!(
            "{}: fix edits do not fit the file; not fixed",
            path.display()
        ));
    };
    original.replace(fixed.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextRange;

    fn edit(start: usize, end: usize, s: &str) -> Edit {
        Edit {
            path: "f".into(),
            range: TextRange::new(start, end),
            replacement: s.into(),
        }
    }

    #[test]
    fn applies_in_order_and_keeps_other_bytes() {
        let text = "a = \"eastus\"\r\nb = \"westus\" // é\n";
        let e1 = edit(5, 11, "westeurope");
        let e2 = edit(19, 25, "northeurope");
        let out = apply_edits(text, &[e2, e1]).unwrap();
        assert_eq!(out, "a = \"westeurope\"\r\nb = \"northeurope\" // é\n");
    }

    #[test]
    fn rejects_overlap_and_out_of_range() {
        assert!(apply_edits("abcdef", &[edit(0, 3, "x"), edit(2, 4, "y")]).is_none());
        assert!(apply_edits("abc", &[edit(2, 9, "x")]).is_none());
        assert!(apply_edits("é", &[edit(1, 2, "x")]).is_none());
    }
}
