//! Terraform HCL (`.tf`, `.tfvars`) and bare templates: no panic, every range inside the
//! input, at most the capped number of errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::syntax::hcl;
use residency_fuzz::assert_tree;

fuzz_target!(|text: &str| {
    let parsed = hcl::parse(text);
    assert_tree(text, &parsed.body, &parsed.errors);
    let (expr, errors) = hcl::parse_template(text, 0);
    assert_tree(text, &expr, &errors);
});
