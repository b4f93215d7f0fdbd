//! Azure AD B2C custom policies (XML): no panic, at most one syntax error (roxmltree stops at
//! the first) inside the input, and every resource's declaration and every value read lie
//! inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::model::{b2c, testing, FileKind};
use residency_fuzz::{assert_range, values_inside};

fuzz_target!(|text: &str| {
    let project = testing::project(&[("TrustFrameworkBase.xml", text, FileKind::B2cPolicy)]);
    let lowered = b2c::lower(&project, &[0], &residency::resolve::resources);
    assert!(lowered.syntax_errors.len() <= 1);
    for (_, e) in &lowered.syntax_errors {
        assert_range(
            text,
            (e.range.start.into(), e.range.end.into()),
            "syntax error",
        );
    }
    for r in &lowered.resources {
        let range = r.decl.range;
        assert_range(text, (range.start.into(), range.end.into()), "declaration");
        values_inside(text, &r.props);
    }
    // Recognising the root and reading the header never panic either.
    let _ = b2c::is_custom_policy(text);
    let _ = b2c::header(text);
});
