//! The whole check, from bytes and file names to diagnostics: one or two files of a folder
//! (the first byte names the first file, the second byte the second, the rest is their bytes
//! separated by the first NUL), written to a temporary folder and checked as `residency check`
//! does. No panic; every diagnostic lies inside its file, and every fix applies.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use residency::check::{check_paths, Options};
use residency_fuzz::assert_range;

/// Names that claim every format, and a configuration file.
const NAMES: &[&str] = &[
    "main.tf",
    "variables.tf",
    "terraform.tfvars",
    "main.tf.json",
    "prod.tfvars.json",
    "azuredeploy.json",
    "azuredeploy.parameters.json",
    "plan.json",
    "main.bicep",
    "mod.bicep",
    "main.bicepparam",
    "Pulumi.yaml",
    "Pulumi.dev.yaml",
    "manifest.yaml",
    "setup.ps1",
    "TrustFrameworkBase.xml",
    "SignUpOrSignin.xml",
    ".residency.yaml",
];

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("project");
        (dir, path)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    let [a, b, rest @ ..] = data else { return };
    let dir = folder();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("the project folder");
    let first = NAMES[*a as usize % NAMES.len()];
    let second = NAMES.get(*b as usize % 32).filter(|n| **n != first);
    let (one, two) = match (second, rest.iter().position(|&x| x == 0)) {
        (Some(_), Some(at)) => (&rest[..at], &rest[at + 1..]),
        _ => (rest, &[][..]),
    };
    std::fs::write(dir.join(first), one).expect("write the first file");
    if let Some(name) = second {
        std::fs::write(dir.join(name), two).expect("write the second file");
    }
    let Ok(outcome) = check_paths(std::slice::from_ref(dir), &Options::default()) else {
        return;
    };
    let text_of = |path: &std::path::Path| {
        outcome
            .sources
            .get(path)
            .map(|t| t.to_string())
            .or_else(|| std::fs::read_to_string(path).ok())
    };
    for d in &outcome.diagnostics {
        let what = format!("{} {} in {}", d.code, d.message, d.path.display());
        match text_of(&d.path) {
            Some(text) => assert_range(&text, (d.range.start.into(), d.range.end.into()), &what),
            None => assert!(d.range.is_empty(), "{what}: a range in a file not read"),
        }
        for r in &d.related {
            if let Some(text) = text_of(&r.path) {
                assert_range(&text, (r.range.start.into(), r.range.end.into()), &what);
            }
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                let text =
                    text_of(&e.path).unwrap_or_else(|| panic!("{what}: fix of a file not read"));
                assert!(
                    residency::fix::apply_edits(&text, std::slice::from_ref(e)).is_some(),
                    "{what}: its fix does not apply"
                );
            }
        }
    }
});
