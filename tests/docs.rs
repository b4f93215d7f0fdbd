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
            meta.default_level(),
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
/// the server: the `residency.rules` settings schema in `package.json` and `STATIC_RULES` in
/// `src/rules.generated.ts`. Both are generated from [`CATALOG`] (with the rule docs, by
/// `RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`); this test fails when they are stale.
#[test]
fn vscode_extension_copies_of_the_catalog_are_current() {
    let ext = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    let update = std::env::var_os("RESIDENCY_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();

    let manifest_path = ext.join("package.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let regenerated = with_rules_schema(&manifest);
    // Still JSON, and the block holds every code.
    let parsed: serde_json::Value = serde_json::from_str(&regenerated).unwrap();
    let schema =
        &parsed["contributes"]["configuration"]["properties"]["residency.rules"]["properties"];
    assert_eq!(schema.as_object().unwrap().len(), CATALOG.len());
    if regenerated != manifest {
        if update {
            std::fs::write(&manifest_path, &regenerated).unwrap();
        } else {
            stale.push(manifest_path.display().to_string());
        }
    }

    let ts_path = ext.join("src/rules.generated.ts");
    let ts = static_rules_ts();
    if std::fs::read_to_string(&ts_path).unwrap_or_default() != ts {
        if update {
            std::fs::write(&ts_path, &ts).unwrap();
        } else {
            stale.push(ts_path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale copies of the rule catalog, regenerate with `RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`:\n{}",
        stale.join("\n")
    );
}

/// `package.json` with the `properties` of `residency.rules` written from the catalog, in the
/// file's own layout (2-space JSON), everything else byte for byte.
fn with_rules_schema(manifest: &str) -> String {
    let key = "\"residency.rules\": {";
    let at = manifest
        .find(key)
        .expect("package.json configures residency.rules");
    let props_key = "\"properties\": {";
    let props = at
        + manifest[at..]
            .find(props_key)
            .expect("residency.rules has properties");
    let open = props + props_key.len() - 1;
    let close = matching_brace(manifest, open);
    let line_start = manifest[..props].rfind('\n').map_or(0, |i| i + 1);
    let indent = &manifest[line_start..props];
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (i, meta) in CATALOG.iter().enumerate() {
        let description = format!(
            "`{}` (default `{}`): {}",
            meta.name,
            meta.default_severity.as_str(),
            meta.summary
        );
        out.push_str(&format!(
            "{inner}{code}: {{\n{inner}  \"type\": \"string\",\n{inner}  \"enum\": [\n{inner}    \"off\",\n{inner}    \"info\",\n{inner}    \"warning\",\n{inner}    \"error\"\n{inner}  ],\n{inner}  \"markdownDescription\": {desc}\n{inner}}}{comma}\n",
            code = serde_json::to_string(meta.code).unwrap(),
            desc = serde_json::to_string(&description).unwrap(),
            comma = if i + 1 < CATALOG.len() { "," } else { "" },
        ));
    }
    out.push_str(indent);
    out.push('}');
    format!("{}{}{}", &manifest[..open], out, &manifest[close + 1..])
}

/// The index of the `}` that closes the `{` at `open` (JSON strings skipped).
fn matching_brace(text: &str, open: usize) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in text[open..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in package.json");
}

/// `src/rules.generated.ts`: the catalog for when the server cannot list it.
fn static_rules_ts() -> String {
    let mut out = String::from(
        "// Generated from the rule catalog by `RESIDENCY_UPDATE_DOCS=1 cargo test --test docs`; do not edit.\n\nexport interface RuleInfo {\n  code: string;\n  name: string;\n  severity: string;\n  summary: string;\n}\n\n/** The catalog, for when the executable cannot list it (`residency rules --format json`). */\nexport const STATIC_RULES: RuleInfo[] = [\n",
    );
    for meta in CATALOG {
        out.push_str(&format!(
            "  {{ code: {}, name: {}, severity: {}, summary: {} }},\n",
            serde_json::to_string(meta.code).unwrap(),
            serde_json::to_string(meta.name).unwrap(),
            serde_json::to_string(meta.default_severity.as_str()).unwrap(),
            serde_json::to_string(meta.summary).unwrap(),
        ));
    }
    out.push_str("];\n");
    out
}
