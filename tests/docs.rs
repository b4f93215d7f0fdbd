//! `docs/rules/*.md` are generated from the rules' documentation (the doc comment of each rule
//! file) and committed. This test fails when they are stale; regenerate with
//! `RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`.

use std::path::PathBuf;

use residency::rules::{self, CATALOG};

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules")
}

fn expected() -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = CATALOG
        .iter()
        .map(|meta| {
            (
                docs_dir().join(format!("{}.md", meta.code)),
                rules::documentation(meta),
            )
        })
        .collect();
    let mut index = String::from(
        "# Rules\n\nGenerated from the rule files of `src/rules/` (`RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`).\n\n| code | name | default | what it flags |\n|---|---|---|---|\n",
    );
    for meta in CATALOG {
        index.push_str(&format!(
            "| [{code}]({code}.md) | {} | {} | {} |\n",
            meta.name,
            meta.default_severity.as_str(),
            meta.summary,
            code = meta.code
        ));
    }
    out.push((docs_dir().join("README.md"), index));
    out
}

#[test]
fn rule_docs_are_up_to_date() {
    let update = std::env::var_os("RESIDENCY_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (path, text) in expected() {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != text {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    let known: Vec<PathBuf> = expected().into_iter().map(|(p, _)| p).collect();
    for entry in std::fs::read_dir(docs_dir()).unwrap().flatten() {
        if !known.contains(&entry.path()) {
            stale.push(format!("{} (no such rule)", entry.path().display()));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule docs, regenerate with `RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn explain_prints_the_generated_doc() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_residency"))
        .args(["explain", "EU010"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc = std::fs::read_to_string(docs_dir().join("EU010.md")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), doc);
}

/// The VS Code extension carries the catalog twice, for what the editor shows without running
/// the server: the `residency.rules` settings schema in `package.json` and the fallback list in
/// `src/extension.ts`. Both must match [`CATALOG`].
#[test]
fn vscode_extension_copies_of_the_catalog_are_current() {
    let ext = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ext.join("package.json")).unwrap()).unwrap();
    let schema =
        &manifest["contributes"]["configuration"]["properties"]["residency.rules"]["properties"];
    let codes: Vec<&str> = schema
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut catalog: Vec<&str> = CATALOG.iter().map(|m| m.code).collect();
    catalog.sort_unstable();
    let mut listed = codes.clone();
    listed.sort_unstable();
    assert_eq!(
        listed, catalog,
        "package.json: residency.rules lists other codes"
    );
    let source = std::fs::read_to_string(ext.join("src/extension.ts")).unwrap();
    for meta in CATALOG {
        let description = schema[meta.code]["markdownDescription"].as_str().unwrap();
        let expected = format!(
            "`{}` (default `{}`): {}",
            meta.name,
            meta.default_severity.as_str(),
            meta.summary
        );
        assert_eq!(
            description, expected,
            "package.json: residency.rules.{}",
            meta.code
        );
        let entry = format!(
            "[\"{}\", \"{}\", \"{}\"]",
            meta.code,
            meta.name,
            meta.default_severity.as_str()
        );
        assert!(
            source.contains(&entry),
            "src/extension.ts: STATIC_RULES lacks {entry}"
        );
    }
}
