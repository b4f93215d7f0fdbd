//! PowerShell scripts, scanned as text for the federation cmdlets: no panic, and every call
//! found lies inside the input and spells a cmdlet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::model::{powershell, testing, FileKind};
use residency_fuzz::assert_range;

const CMDLETS: &[&str] = &["New-FederationTrust", "Set-FederatedOrganizationIdentifier"];

fuzz_target!(|text: &str| {
    let project = testing::project(&[("setup.ps1", text, FileKind::PowerShell)]);
    let lowered = powershell::lower(&project, 0, &residency::resolve::resources);
    assert!(lowered.syntax_errors.is_empty());
    for r in &lowered.resources {
        let range = r.decl.range;
        assert_range(text, (range.start.into(), range.end.into()), "cmdlet call");
        let call = &text[range.as_range()];
        assert!(
            CMDLETS.iter().any(|c| c.eq_ignore_ascii_case(call)),
            "{call:?} is not a cmdlet"
        );
    }
});
