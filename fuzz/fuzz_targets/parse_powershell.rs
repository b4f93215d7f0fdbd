//! PowerShell scripts, scanned as text for the federation cmdlets and read for Microsoft365DSC
//! resource blocks: no panic; every call found lies inside the input and spells a cmdlet, every
//! DSC resource's declaration spells its type, and every value read lies inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::model::{powershell, testing, FileKind};
use residency_fuzz::{assert_range, values_inside};

const CMDLETS: &[&str] = &["New-FederationTrust", "Set-FederatedOrganizationIdentifier"];

fuzz_target!(|text: &str| {
    let project = testing::project(&[("setup.ps1", text, FileKind::PowerShell)]);
    let lowered = powershell::lower(&project, 0, &residency::resolve::resources);
    assert!(lowered.syntax_errors.is_empty());
    for r in &lowered.resources {
        let range = r.decl.range;
        assert_range(text, (range.start.into(), range.end.into()), "declaration");
        let written = &text[range.as_range()];
        let cmdlet = CMDLETS.iter().any(|c| c.eq_ignore_ascii_case(written));
        let dsc_resource = written == r.type_name
            && written
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("aad"));
        assert!(
            cmdlet || dsc_resource,
            "{written:?} is neither a cmdlet nor a DSC resource"
        );
        values_inside(text, &r.props);
    }
});
