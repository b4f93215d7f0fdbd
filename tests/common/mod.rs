//! Shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared corpus: `$RESIDENCY_CORPUS`, else `../shared/corpus` beside the project's root.
/// Its absence fails the test loudly: CI requires it.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("RESIDENCY_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    assert!(
        dir.join("identity").is_dir() && dir.join("bulk").is_dir(),
        "\n\n*** The corpus is missing: expected {} (set RESIDENCY_CORPUS to its path). ***\n\
         *** The corpus tests cannot run without it, and CI requires them.             ***\n\n",
        dir.display()
    );
    dir
}

/// Every file under `dir` (recursively) whose name satisfies `keep`, sorted.
pub fn files_under(dir: &std::path::Path, keep: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let ft = entry.file_type().unwrap();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && keep(&path.file_name().unwrap().to_string_lossy()) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The official SARIF 2.1.0 schema (`tests/data/sarif/`), compiled as draft-07 so that
/// `uri-reference` formats are checked too (see `tests/report_sarif.rs`).
pub fn sarif_validator() -> jsonschema::Validator {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// An external tool the ignored tests drive: `$ENV` when set (e.g. `ACTIONLINT`), else the one
/// `.ci/install-packaging` put in `target/ci-tools/bin`, else `name` on `PATH`.
pub fn tool(name: &str, env: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let installed = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/ci-tools/bin")
        .join(name);
    if installed.exists() {
        installed
    } else {
        PathBuf::from(name)
    }
}
