//! Baselines for adopting `residency` in CI: `--write-baseline FILE` records the current
//! findings; `--baseline FILE` reports only findings that are not in it. Findings are matched by
//! file, rule code and resource — not by line, so edits elsewhere in a file do not resurface
//! them — and counted, so a second finding of the same rule on the same resource is new.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

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

fn key(d: &Diagnostic) -> Key {
    (
        d.path.to_string_lossy().replace('\\', "/"),
        d.code.to_string(),
        d.resource.clone(),
    )
}

/// Recorded findings.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

impl Baseline {
    /// The baseline of these findings.
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let mut counts = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(key(d)).or_insert(0) += 1;
        }
        Baseline { counts }
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
        Ok(Baseline { counts })
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
            .filter(|d| match left.get_mut(&key(d)) {
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
            code,
            name: "x",
            resource: Some(resource.into()),
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
        let baseline = Baseline::of(&before);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
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
}
