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
