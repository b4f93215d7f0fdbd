//! `--format text`.

mod report_support;

use report_support::*;
use residency::diagnostic::{Diagnostic, Severity};
use residency::report::Format;
use residency::syntax::TextRange;

fn one(path: &str, range: TextRange, severity: Severity) -> Diagnostic {
    Diagnostic {
        notes: Vec::new(),
        help: None,
        code: "EU020",
        name: "mfa-phone-methods",
        severity,
        path: path.into(),
        range,
        message: "m".into(),
        related: vec![],
        fix: None,
        resource: None,
        context: Default::default(),
    }
}

#[test]
fn rustc_style_with_notes_help_and_summary() {
    let out = render(&diagnostics(), 12, Format::Text, false);
    // The caret columns are display columns: 日, 本 and 😀 are two cells wide.
    let expected = "\
error[EU010]: Domain Services managed domain is in `eastus2`, outside Europe
 --> infra/main.tf:3:29
  |
3 |   name = \"日本-😀\"; location = \"eastus2\"
  |                                ^^^^^^^^^
  |
  = note: `eastus2` is East US 2, United States.
  = note: Domain Services stores directory data where its virtual network is.
  = note: infra/variables.tf:2:13: the location comes from this default
  = help: Set the location to `westeurope` (unsafe fix)

warning[EU091]: `westus` needs checking.
 --> arm/template.json:2:15
  |
2 |   \"location\": \"westus\",
  |               ^^^^^^^^
  |
  = note: arm/template.json:3:12: named here
  = help: Use `westeurope`

info[EU050]: 100% of apps: check, then decide
             second line\u{240d}
             third
 --> env/prod, é:1%.tf:1:1
  |
1 | / resource \"azuread_application\" \"app\" {
2 | |   display_name = \"x\"
3 | | }
  | |_^

error[E002]: The file is not UTF-8.
 --> bin/blob.bicep:1:1
  |
  = help: Save it as UTF-8.

Found 4 problems (2 errors, 1 warning, 1 info) in 12 files.
1 fixable with `--fix` (1 more with `--unsafe-fixes`).
";
    assert_eq!(out, expected);
}

#[test]
fn colour_only_when_asked() {
    let plain = render(&diagnostics(), 12, Format::Text, false);
    assert!(!plain.contains('\u{1b}'));
    let coloured = render(&diagnostics(), 12, Format::Text, true);
    assert!(coloured.contains("\u{1b}["), "ANSI styles");
    // The rule code links to its documentation (OSC 8).
    assert!(coloured.contains(
        "\u{1b}]8;;https://github.com/residency-lint/residency/blob/main/docs/rules/EU010.md"
    ));
}

#[test]
fn summary_lines() {
    assert_eq!(
        render(&[], 1, Format::Text, false),
        "No problems found in 1 file.\n"
    );
    assert_eq!(
        render(&[], 12, Format::Text, true),
        "No problems found in 12 files.\n"
    );
    let warning = one("infra/main.tf", TextRange::new(0, 1), Severity::Warning);
    let info = one("infra/main.tf", TextRange::new(0, 1), Severity::Info);
    let last_line = |diagnostics: &[Diagnostic], files| {
        render(diagnostics, files, Format::Text, false)
            .lines()
            .last()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        last_line(std::slice::from_ref(&warning), 2),
        "Found 1 problem (1 warning) in 2 files."
    );
    assert_eq!(
        last_line(&[info.clone(), info, warning], 1),
        "Found 3 problems (1 warning, 2 info) in 1 file."
    );
}

#[test]
fn empty_range_gets_one_caret() {
    let at = MAIN_TF.find("location").unwrap();
    let out = render(
        &[one(
            "infra/main.tf",
            TextRange::empty(at),
            Severity::Warning,
        )],
        1,
        Format::Text,
        false,
    );
    assert!(out.starts_with(
        "\
warning[EU020]: m
 --> infra/main.tf:3:18
  |
3 |   name = \"日本-😀\"; location = \"eastus2\"
  |                     ^
"
    ));
}

#[test]
fn range_ending_after_a_line_break_shows_only_its_line() {
    let range = TextRange::new(0, VARIABLES_TF.find('\n').unwrap() + 1);
    let out = render(
        &[one("infra/variables.tf", range, Severity::Warning)],
        1,
        Format::Text,
        false,
    );
    assert!(out.starts_with(
        "\
warning[EU020]: m
 --> infra/variables.tf:1:1
  |
1 | variable \"location\" {
  | ^^^^^^^^^^^^^^^^^^^^^
"
    ));
}

#[test]
fn crlf_and_ranges_past_the_end_are_handled() {
    // Starts just after a `\r\n`; ends far past the end of the text (stale): clamped.
    let out = render(
        &[one(
            "arm/template.json",
            TextRange::new(3, 5000),
            Severity::Info,
        )],
        1,
        Format::Text,
        false,
    );
    assert!(!out.contains('\r'));
    assert!(out.starts_with(
        "\
info[EU020]: m
 --> arm/template.json:2:1
  |
2 | /   \"location\": \"westus\",
3 | |   \"name\": \"ümlaut-😀\"
4 | | }
  | |_^
"
    ));
}
