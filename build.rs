//! Collects each rule's documentation (the leading `//!` comment of `src/rules/<name>.rs`) so
//! `residency explain`, hover and `docs/rules/` all show the same text, and checks that every
//! rule file is registered in `src/rules/mod.rs` (`register! { ... }`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("src/rules");
    println!("cargo:rerun-if-changed=src/rules");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/rules exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("mod.rs"))
        .collect();
    entries.sort();
    let mut out = String::from("/// (rule name, documentation) for every rule file.\npub const RULE_DOCS: &[(&str, &str)] = &[\n");
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let doc: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .unwrap_or(l.strip_prefix("//!").unwrap_or(l))
            })
            .collect();
        let name = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('_', "-");
        writeln!(out, "    ({name:?}, {:?}),", doc.join("\n").trim()).unwrap();
    }
    out.push_str("];\n");
    check_registered(&registered_modules(), &rule_modules());
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_docs.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

/// The rule files' module names (`src/rules/*.rs` but `mod.rs`).
fn rule_modules() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("src/rules")
        .expect("src/rules exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("mod.rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The modules listed in `register! { ... }` of `src/rules/mod.rs`.
fn registered_modules() -> Vec<String> {
    let text = std::fs::read_to_string("src/rules/mod.rs").expect("src/rules/mod.rs exists");
    let start = text
        .find("\nregister! {")
        .expect("src/rules/mod.rs has a `register! { ... }` list");
    let body = &text[start + "\nregister! {".len()..];
    let body = &body[..body.find('}').expect("the register! list is closed")];
    let mut names: Vec<String> = body
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names
}

fn check_registered(registered: &[String], files: &[String]) {
    for f in files {
        if !registered.contains(f) {
            panic!(
                "src/rules/{f}.rs is a rule file but is not registered: add `{f},` to `register! {{ ... }}` in src/rules/mod.rs"
            );
        }
    }
    for r in registered {
        if !files.contains(r) {
            panic!("src/rules/mod.rs registers `{r}`, but there is no src/rules/{r}.rs");
        }
    }
}
