//! PowerShell scripts, scanned as text for the federation cmdlets and read for Microsoft365DSC
//! resource blocks: no panic; every call found lies inside the input and spells a cmdlet, every
//! DSC resource's declaration spells its type, and every value read lies inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::model::{powershell, testing, FileKind, Val, ValKind};
use residency_fuzz::assert_range;

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
            && written.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("aad"));
        assert!(cmdlet || dsc_resource, "{written:?} is neither a cmdlet nor a DSC resource");
        values_inside(text, &r.props);
    }
});

/// Every place a value is said to be written lies inside the input.
fn values_inside(text: &str, v: &Val) {
    for loc in [v.loc, v.literal].into_iter().flatten() {
        let r = loc.range;
        assert_range(text, (r.start.into(), r.end.into()), "value");
    }
    match &v.kind {
        ValKind::Map(members) => members.iter().for_each(|(_, m)| values_inside(text, m)),
        ValKind::List(items) => items.iter().for_each(|i| values_inside(text, i)),
        _ => {}
    }
}
