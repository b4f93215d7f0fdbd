//! `--format azure`: Azure Pipelines logging commands, which the pipeline shows as errors and
//! warnings on the run's summary and in the log.
//!
//! One line per diagnostic:
//! `##vso[task.logissue type=error;sourcepath=PATH;linenumber=L;columnnumber=C;code=EU010]MESSAGE`.
//! Azure Pipelines knows two issue types only, so info findings are `type=warning` with
//! `(info) ` before the message. Lines and columns are 1-based, columns in Unicode scalar values.
//! The path has `/` separators.
//!
//! Escaping follows the agent's `CommandStringConvertor` and the task library's
//! `taskcommand.ts`: `%` becomes `%AZP25` first; then in the message `\r` and `\n` become `%0D`
//! and `%0A`, and in property values `;` and `]` also become `%3B` and `%5D`.

use std::io::{self, Write};

use super::{escape, slash_path, Locator, Report};
use crate::diagnostic::Severity;
use crate::line_index::Encoding;

pub(super) fn write(report: &Report, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics {
        let span = locator.span(&d.path, d.range, Encoding::Utf32);
        let (kind, prefix) = match d.severity {
            Severity::Error => ("error", ""),
            Severity::Warning => ("warning", ""),
            Severity::Info => ("warning", "(info) "),
        };
        writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={}]{prefix}{}",
            escape_property(&slash_path(&d.path)),
            span.line,
            span.column,
            escape_property(d.code),
            escape_data(&super::long_text(d)),
        )?;
    }
    Ok(())
}

/// Escapes a command's message (the part after `]`).
fn escape_data(s: &str) -> String {
    escape(s, &[('%', "%AZP25"), ('\r', "%0D"), ('\n', "%0A")])
}

/// Escapes a command's property value (`sourcepath=...`, `code=...`).
fn escape_property(s: &str) -> String {
    escape(
        s,
        &[
            ('%', "%AZP25"),
            ('\r', "%0D"),
            ('\n', "%0A"),
            (';', "%3B"),
            (']', "%5D"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("100% a;b] c\r\nd"), "100%AZP25 a;b] c%0D%0Ad");
    }

    #[test]
    fn properties_also_escape_semicolon_and_bracket() {
        assert_eq!(escape_property("a;b]c%\r\n"), "a%3Bb%5Dc%AZP25%0D%0A");
        assert_eq!(escape_property("infra/main.tf"), "infra/main.tf");
    }
}
