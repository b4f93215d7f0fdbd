//! Generates, into `OUT_DIR`:
//! - `rule_docs.rs`: each rule's documentation (the leading `//!` comment of
//!   `src/rules/<name>.rs`), so `residency explain`, hover and `docs/rules/` all show the same
//!   text;
//! - `sample_tests.rs`: one line per sample folder `samples/<CODE>/<case>/` for
//!   `tests/samples.rs`, which turns each into a test named `<CODE>_<case>` (`cargo test EU010`
//!   runs one rule's samples).
//!
//! It also checks that every rule file is registered in `src/rules/mod.rs`
//! (`register! { ... }`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    rule_docs(&out_dir);
    sample_tests(&out_dir);
}

fn rule_docs(out_dir: &Path) {
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
    std::fs::write(out_dir.join("rule_docs.rs"), out).expect("OUT_DIR is writable");
    rule_catalog(out_dir);
}

/// `CATALOG`: the built-in E001-E005, then the `RuleMeta { ... }` of each rule file's `RULE`,
/// in code order.
fn rule_catalog(out_dir: &Path) {
    let mut metas: Vec<(String, String)> = Vec::new();
    for module in rule_modules() {
        let path = format!("src/rules/{module}.rs");
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let start = text
            .find("meta: RuleMeta {")
            .unwrap_or_else(|| panic!("{path}: no `meta: RuleMeta {{ ... }}` in its RULE"));
        let body = &text[start + "meta: RuleMeta {".len()..];
        let field = |name: &str| -> String {
            let key = format!("{name}: ");
            let at = body
                .find(&key)
                .unwrap_or_else(|| panic!("{path}: RULE.meta has no `{name}`"));
            let rest = &body[at + key.len()..];
            let end = if rest.starts_with('"') {
                string_literal_end(rest)
            } else {
                rest.find(',').expect("a field ends with a comma")
            };
            rest[..end].to_string()
        };
        let code = field("code");
        let entry = format!(
            "RuleMeta {{ code: {code}, name: {}, summary: {}, default_severity: {} }}",
            field("name"),
            field("summary"),
            field("default_severity"),
        );
        metas.push((code, entry));
    }
    metas.sort();
    let mut out = String::from(
        "/// Every rule, in code order.\npub const CATALOG: &[RuleMeta] = &[\n    SYNTAX_ERROR,\n    UNREADABLE_FILE,\n    UNEXPLAINED_SUPPRESSION,\n    EXPIRED_WAIVER,\n    UNUSED_WAIVER,\n",
    );
    for (_, entry) in metas {
        writeln!(out, "    {entry},").unwrap();
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("rule_catalog.rs"), out).expect("OUT_DIR is writable");
}

/// The length of the string literal at the start of `text`, quotes included.
fn string_literal_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    panic!("an unterminated string literal in a rule's metadata");
}

/// `sample_tests! { EU010_arm_clean => "EU010/arm-clean", ... }`: every folder two levels
/// below `samples/`, sorted. `tests/samples.rs` checks this list against the folders that
/// hold checkable files, so a folder elsewhere fails a test instead of going untested.
fn sample_tests(out_dir: &Path) {
    let samples = Path::new("samples");
    // A directory is scanned recursively: a new folder (or any change below) reruns this.
    println!("cargo:rerun-if-changed=samples");
    let dirs = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let mut out = String::from("sample_tests! {\n");
    let mut tests = std::collections::BTreeSet::new();
    for group in dirs(samples) {
        for case in dirs(&samples.join(&group)) {
            let test: String = format!("{group}_{case}")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            assert!(
                tests.insert(test.clone()),
                "two sample folders give the test name {test}: rename one of them"
            );
            writeln!(out, "    {test} => \"{group}/{case}\",").unwrap();
        }
    }
    out.push_str("}\n");
    std::fs::write(out_dir.join("sample_tests.rs"), out).expect("OUT_DIR is writable");
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
