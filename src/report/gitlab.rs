//! `--format gitlab`: a GitLab Code Quality report (the `codequality` artifact of a job), which
//! GitLab shows in the merge request's widget and diff.
//!
//! A JSON array, one object per diagnostic:
//! `{"description": "EU010: message", "check_name": "EU010", "fingerprint": "…",
//! "severity": "major", "location": {"path": "infra/main.tf", "lines": {"begin": 3}}}`.
//! Severities: error → `major`, warning → `minor`, info → `info`. The fingerprint is
//! [`baseline::fingerprints`]: from the file, rule and resource, not the line, so a finding
//! keeps it when lines move above it. Paths have `/` separators.

use std::io::{self, Write};

use serde::Serialize;

use super::{slash_path, Locator, Report};
use crate::baseline;
use crate::diagnostic::Severity;
use crate::line_index::Encoding;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub(super) fn write(report: &Report, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    let fingerprints = baseline::fingerprints(report.diagnostics);
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .zip(fingerprints)
        .map(|(d, fingerprint)| Issue {
            description: format!("{}: {}", d.code, d.message),
            check_name: d.code,
            fingerprint,
            severity: match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            },
            location: Location {
                path: slash_path(&d.path),
                lines: Lines {
                    begin: locator.span(&d.path, d.range, Encoding::Utf32).line,
                },
            },
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}
