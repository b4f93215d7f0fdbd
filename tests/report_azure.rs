//! `--format azure`: Azure Pipelines logging commands (`##vso[task.logissue ...]`).

mod report_support;

use report_support::*;
use residency::diagnostic::{Diagnostic, Severity};
use residency::report::Format;
use residency::syntax::TextRange;

#[test]
fn one_command_per_diagnostic() {
    let out = render(&diagnostics(), 12, Format::Azure, false);
    let expected = "\
##vso[task.logissue type=error;sourcepath=infra/main.tf;linenumber=3;columnnumber=29;code=EU010]Domain Services managed domain is in `eastus2`, outside Europe%0Anote: `eastus2` is East US 2, United States.%0Anote: Domain Services stores directory data where its virtual network is.%0Ahelp: Set the location to `westeurope` (unsafe fix)
##vso[task.logissue type=warning;sourcepath=arm/template.json;linenumber=2;columnnumber=15;code=EU091]`westus` needs checking.%0Ahelp: Use `westeurope`
##vso[task.logissue type=warning;sourcepath=env/prod, é:1%AZP25.tf;linenumber=1;columnnumber=1;code=EU050](info) 100%AZP25 of apps: check, then decide%0Asecond line%0D%0Athird
##vso[task.logissue type=error;sourcepath=bin/blob.bicep;linenumber=1;columnnumber=1;code=E002]The file is not UTF-8.%0Ahelp: Save it as UTF-8.
";
    assert_eq!(out, expected);
}

#[test]
fn nothing_for_no_diagnostics() {
    assert_eq!(render(&[], 3, Format::Azure, false), "");
}

#[test]
fn escaping_keeps_every_command_whole() {
    let diagnostic = Diagnostic {
        notes: Vec::new(),
        help: None,
        code: "EU020",
        name: "mfa-phone-methods",
        resource: None,
        context: Default::default(),
        severity: Severity::Warning,
        path: "infra/a;b]c%.tf".into(),
        range: TextRange::empty(0),
        message: "a\nb\r\nc %3B ]; ##vso[task.complete result=Failed]".into(),
        related: vec![],
        fix: None,
    };
    let out = render(&[diagnostic], 1, Format::Azure, true);
    assert_eq!(out.lines().count(), 1);
    assert!(
        out.starts_with(
            "##vso[task.logissue type=warning;sourcepath=infra/a%3Bb%5Dc%AZP25.tf;linenumber=1;"
        ),
        "{out}"
    );
    // The agent unescapes %AZP25 last, so an escaped `%3B` in a message stays as written.
    assert!(
        out.ends_with("]a%0Ab%0D%0Ac %AZP253B ]; ##vso[task.complete result=Failed]\n"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour in machine formats");
}
