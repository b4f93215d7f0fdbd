//! Bicep and `.bicepparam`: no panic, every range inside the input, at most the capped number
//! of errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::syntax::bicep;
use residency_fuzz::assert_tree;

fuzz_target!(|text: &str| {
    let file = bicep::parse(text);
    assert_tree(text, &file.stmts, &file.errors);
});
