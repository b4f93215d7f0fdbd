//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the pull request's diff.
//!
//! One line per diagnostic:
//! `::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=EU010 (domain-services-outside-europe)::MESSAGE`,
//! `::warning` for warnings and `::notice` for info. Lines and columns are 1-based, columns in
//! Unicode scalar values, the end exclusive. The path has `/` separators.
//!
//! Escaping follows GitHub's runner (`ActionCommand.cs`): in the message `%`, `\r` and `\n`
//! become `%25`, `%0D` and `%0A`; in property values `:` and `,` also become `%3A` and `%2C`.

use std::io::{self, Write};

use super::{escape, slash_path, Locator, Report};
use crate::diagnostic::Severity;
use crate::line_index::Encoding;

pub(super) fn write(report: &Report, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics {
        let span = locator.span(&d.path, d.range, Encoding::Utf32);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&slash_path(&d.path)),
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            escape_property(&format!("{} ({})", d.code, d.name)),
            escape_data(&super::long_text(d)),
        )?;
    }
    Ok(())
}

/// Escapes a command's message (the part after `::`).
fn escape_data(s: &str) -> String {
    escape(s, &[('%', "%25"), ('\r', "%0D"), ('\n', "%0A")])
}

/// Escapes a command's property value (`file=...`, `title=...`).
fn escape_property(s: &str) -> String {
    escape(
        s,
        &[
            ('%', "%25"),
            ('\r', "%0D"),
            ('\n', "%0A"),
            (':', "%3A"),
            (',', "%2C"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("100% a:b, c\r\nd"), "100%25 a:b, c%0D%0Ad");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
        assert_eq!(
            escape_property("EU010 (domain-services-outside-europe)"),
            "EU010 (domain-services-outside-europe)"
        );
    }
}
