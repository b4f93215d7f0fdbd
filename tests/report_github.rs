//! `--format github`: GitHub Actions workflow commands.

mod report_support;

use report_support::*;
use residency::diagnostic::{Diagnostic, Severity};
use residency::report::Format;
use residency::syntax::TextRange;

#[test]
fn one_command_per_diagnostic() {
    let out = render(&diagnostics(), 12, Format::Github, false);
    let expected = "\
::error file=infra/main.tf,line=3,col=29,endLine=3,endColumn=38,title=EU010 (domain-services-outside-europe)::Domain Services managed domain is in `eastus2`, outside Europe%0Anote: `eastus2` is East US 2, United States.%0Anote: Domain Services stores directory data where its virtual network is.%0Ahelp: Set the location to `westeurope` (unsafe fix)
::warning file=arm/template.json,line=2,col=15,endLine=2,endColumn=23,title=EU091 (unknown-region)::`westus` needs checking.%0Ahelp: Use `westeurope`
::notice file=env/prod%2C é%3A1%25.tf,line=1,col=1,endLine=3,endColumn=2,title=EU050 (app-access-to-identity-data)::100%25 of apps: check, then decide%0Asecond line%0D%0Athird
::error file=bin/blob.bicep,line=1,col=1,endLine=1,endColumn=1,title=E002 (unreadable-file)::The file is not UTF-8.%0Ahelp: Save it as UTF-8.
";
    assert_eq!(out, expected);
}

#[test]
fn nothing_for_no_diagnostics() {
    assert_eq!(render(&[], 3, Format::Github, false), "");
}

#[test]
fn escaping_keeps_every_command_on_one_line() {
    let diagnostic = Diagnostic {
        notes: Vec::new(),
        help: None,
        code: "EU020",
        name: "mfa-phone-methods",
        resource: None,
        context: Default::default(),
        severity: Severity::Warning,
        path: "infra/main.tf".into(),
        range: TextRange::empty(0),
        message: "a\nb\r\nc\rd %0A ::x,y".into(),
        related: vec![],
        fix: None,
    };
    let out = render(&[diagnostic], 1, Format::Github, true);
    assert_eq!(out.lines().count(), 1);
    assert!(out.ends_with("::a%0Ab%0D%0Ac%0Dd %250A ::x,y\n"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour in machine formats");
}
