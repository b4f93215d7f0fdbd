//! Baselines for adopting `residency` in CI: `--write-baseline FILE` records the current
//! findings; `--baseline FILE` reports only findings that are not in it. Findings are matched by
//! file, rule code and resource — not by line, so edits elsewhere in a file do not resurface
//! them — and counted, so a second finding of the same rule on the same resource is new.
//!
//! A recorded path is relative to the baseline file's folder, so a baseline written from the
//! repository's root matches when residency runs from a subfolder or is given absolute paths.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::paths;

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    code: String,
    resource: Option<String>,
    count: usize,
}

type Key = (String, String, Option<String>);

/// The key of `d` with its path as reported (relative to the current folder, or as given).
fn key(d: &Diagnostic) -> Key {
    key_of(&d.path, d)
}

/// The key of `d` with its path relative to `folder` (absolute, normal).
fn key_in(folder: &Path, d: &Diagnostic) -> Key {
    key_of(&paths::relative(&paths::absolute(&d.path), folder), d)
}

fn key_of(path: &Path, d: &Diagnostic) -> Key {
    (
        path.to_string_lossy().replace('\\', "/"),
        d.code.to_string(),
        d.resource.clone(),
    )
}

/// The absolute folder of a baseline file.
fn folder_of(file: &Path) -> PathBuf {
    let file = paths::absolute(file);
    file.parent().map(Path::to_path_buf).unwrap_or(file)
}

/// A fingerprint for each diagnostic, in order: 16 hex digits of a 64-bit FNV-1a hash of its
/// baseline key (file, rule code, resource) and of how many diagnostics before it share that key.
/// Like the baseline's matching, it does not depend on the line, so a finding keeps its
/// fingerprint when lines are added above it; two findings never share one. SARIF's
/// `partialFingerprints` and GitLab's `fingerprint` are these.
pub fn fingerprints<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<String> {
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    diagnostics
        .into_iter()
        .map(|d| {
            let key = key(d);
            let n = seen.entry(key.clone()).or_insert(0);
            let (path, code, resource) = &key;
            let text = format!("{path}\0{code}\0{}\0{n}", resource.as_deref().unwrap_or(""));
            *n += 1;
            format!("{:016x}", fnv1a(text.as_bytes()))
        })
        .collect()
}

/// 64-bit FNV-1a: stable across platforms, runs and versions of Rust (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Recorded findings, their paths relative to the baseline file's folder.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
    /// The baseline file's folder, absolute.
    folder: PathBuf,
}

impl Baseline {
    /// The baseline of these findings, to be saved as `file`.
    pub fn of(diagnostics: &[Diagnostic], file: &Path) -> Baseline {
        let folder = folder_of(file);
        let mut counts = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(key_in(&folder, d)).or_insert(0) += 1;
        }
        Baseline { counts, folder }
    }

    /// Reads a baseline file; the error names the file and what is wrong.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a residency baseline: {e}", path.display()))?;
        if file.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.findings {
            *counts.entry((e.path, e.code, e.resource)).or_insert(0) += e.count;
        }
        Ok(Baseline {
            counts,
            folder: folder_of(path),
        })
    }

    /// Writes the baseline as JSON, sorted, one finding group per entry.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let file = File {
            version: 1,
            findings: self
                .counts
                .iter()
                .map(|((path, code, resource), count)| Entry {
                    path: path.clone(),
                    code: code.clone(),
                    resource: resource.clone(),
                    count: *count,
                })
                .collect(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())? + "\n";
        std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))
    }

    /// The findings not covered by the baseline.
    pub fn new_findings(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut left = self.counts.clone();
        diagnostics
            .into_iter()
            .filter(|d| match left.get_mut(&key_in(&self.folder, d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::syntax::TextRange;

    fn d(path: &str, code: &'static str, resource: &str, at: usize) -> Diagnostic {
        Diagnostic {
            notes: Vec::new(),
            help: None,
            code,
            name: "x",
            resource: Some(resource.into()),
            context: Default::default(),
            severity: Severity::Error,
            path: path.into(),
            range: TextRange::new(at, at + 1),
            message: "m".into(),
            related: Vec::new(),
            fix: None,
        }
    }

    #[test]
    fn matches_by_file_code_and_resource_not_line() {
        let before = vec![
            d("main.tf", "EU010", "a", 10),
            d("main.tf", "EU010", "a", 40),
        ];
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        let baseline = Baseline::of(&before, &file);
        baseline.save(&file).unwrap();
        let loaded = Baseline::load(&file).unwrap();
        // Moved lines: still known.
        let after = vec![
            d("main.tf", "EU010", "a", 99),
            d("main.tf", "EU010", "a", 120),
        ];
        assert!(loaded.new_findings(after).is_empty());
        // A third finding on the same resource, another resource, another rule: new.
        let after = vec![
            d("main.tf", "EU010", "a", 1),
            d("main.tf", "EU010", "a", 2),
            d("main.tf", "EU010", "a", 3),
            d("main.tf", "EU010", "b", 4),
            d("main.tf", "EU091", "a", 5),
        ];
        assert_eq!(loaded.new_findings(after).len(), 3);
    }

    #[test]
    fn bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        std::fs::write(&file, "{\"version\": 2, \"findings\": []}").unwrap();
        assert!(Baseline::load(&file).unwrap_err().contains("version 2"));
        std::fs::write(&file, "[").unwrap();
        assert!(Baseline::load(&file).unwrap_err().contains("b.json"));
    }

    #[test]
    fn fingerprints_ignore_lines_and_tell_repeats_apart() {
        let before = fingerprints(&[
            d("main.tf", "EU010", "a", 10),
            d("main.tf", "EU010", "a", 40),
            d("main.tf", "EU010", "b", 50),
        ]);
        let after = fingerprints(&[
            d("main.tf", "EU010", "a", 99),
            d("main.tf", "EU010", "a", 120),
            d("main.tf", "EU010", "b", 130),
        ]);
        assert_eq!(before, after);
        assert_eq!(before[0].len(), 16);
        assert_ne!(before[0], before[1]);
        assert_ne!(before[1], before[2]);
        assert_ne!(
            before[0],
            fingerprints(&[d("other.tf", "EU010", "a", 10)])[0]
        );
        // Pinned: a change of the hash changes every user's fingerprints.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
