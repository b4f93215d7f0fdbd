//! The JSON Schema of `.residency.yaml` that the VS Code extension contributes
//! (`editors/vscode/schemas/residency.schema.json`): it is the one generated from the
//! configuration's key table (regenerate with `RESIDENCY_UPDATE_SCHEMA=1 cargo test --test
//! config_schema`, or with the docs: `RESIDENCY_UPDATE_DOCS=1 cargo test`), the extension
//! contributes it, and it agrees with the parser on the samples' configurations and on bad
//! ones.

use std::path::{Path, PathBuf};

use residency::config::{schema, Config, KEYS};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    root().join("editors/vscode/schemas/residency.schema.json")
}

#[test]
fn committed_schema_is_current() {
    let generated = schema::json_schema_text();
    let path = schema_path();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != generated {
        // The rule catalog is in the schema: a new rule regenerates it with the docs too.
        if std::env::var_os("RESIDENCY_UPDATE_SCHEMA").is_some()
            || std::env::var_os("RESIDENCY_UPDATE_DOCS").is_some()
        {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        } else {
            panic!(
                "{} is stale, regenerate with `RESIDENCY_UPDATE_SCHEMA=1 cargo test --test config_schema`",
                path.display()
            );
        }
    }
}

#[test]
fn the_extension_contributes_the_schema_for_the_file_name() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let entries = manifest["contributes"]["yamlValidation"]
        .as_array()
        .expect("contributes.yamlValidation");
    let ours: Vec<&Value> = entries
        .iter()
        .filter(|e| e["url"] == "./schemas/residency.schema.json")
        .collect();
    assert_eq!(ours.len(), 1, "{entries:?}");
    // The only name the configuration is found by.
    assert_eq!(
        ours[0]["fileMatch"],
        serde_json::json!([residency::config::FILE_NAME])
    );
    // And packages the file (`.vscodeignore` does not leave it out).
    let ignore = std::fs::read_to_string(root().join("editors/vscode/.vscodeignore")).unwrap();
    assert!(
        !ignore
            .lines()
            .any(|l| l.trim_start().starts_with("schemas") || l.trim() == "**/*.json"),
        "{ignore}"
    );
}

fn validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the configuration schema compiles")
}

/// The YAML as the YAML extension validates it: its JSON data model (YAML 1.2, so `off` is
/// text).
fn as_json(text: &str) -> Value {
    serde_yaml_ng::from_str(text).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    validator
        .iter_errors(&as_json(text))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn configurations(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            configurations(&path, out);
        } else if entry.file_name() == residency::config::FILE_NAME {
            out.push(path);
        }
    }
}

#[test]
fn sample_configurations_parse_and_validate() {
    let validator = validator();
    let mut found = Vec::new();
    configurations(&root().join("samples"), &mut found);
    assert!(found.len() >= 3, "{found:?}");
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = Config::parse(&text, &path) {
            panic!("{e}");
        }
        let errors = schema_errors(&validator, &text);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

/// Configurations both the parser and the schema accept: every key of the table, the empty
/// file, rule codes in any case, region display names.
#[test]
fn good_configurations_pass_both() {
    let validator = validator();
    let every_key = "boundary: custom\nallowed_regions: [westeurope, North Europe]\npreferred_region: westeurope\nrules:\n  EU003: off\n  eu021: warning\n  Eu010: error\n  E003: info\n  mfa-oath-codes: off\nexclude: ['legacy/**']\nmax_file_size: 1000\nvar_files: ['envs/*.tfvars']\nwaivers:\n  - rule: EU021\n    resource: azuread_authentication_strength_policy.legacy\n    path: 'identity/**'\n    reason: push until 2027\n    owner: iam-team\n    expires: 2027-03-31\nunsuppressible: [EU001, domain-services-outside-europe]\nextends: base.yaml\n";
    let written: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
    for name in &written {
        assert!(
            every_key.contains(&format!("\n{name}:")) || every_key.starts_with(name),
            "{name}"
        );
    }
    for text in [
        every_key,
        "",
        "# only a comment\n",
        "boundary: eu-data-boundary\n",
        "rules: {}\n",
    ] {
        // `extends: base.yaml`: a base that leaves every level to this file.
        let dir = tempfile::tempdir().unwrap();
        let levels: String = residency::rules::CATALOG
            .iter()
            .map(|m| format!("  {}: off\n", m.code))
            .collect();
        std::fs::write(dir.path().join("base.yaml"), format!("rules:\n{levels}")).unwrap();
        let path = dir.path().join(".residency.yaml");
        let parsed = Config::parse(text, &path);
        assert!(parsed.is_ok(), "{text:?}: {:?}", parsed.err());
        let errors = schema_errors(&validator, text);
        assert!(errors.is_empty(), "{text:?}: {errors:?}");
    }
}

/// Unknown keys and bad values: the parser refuses them naming the key, and so does the schema.
#[test]
fn bad_configurations_fail_both() {
    let validator = validator();
    for (text, named) in [
        ("boundry: europe\n", "boundry"),
        ("boundary: mars\n", "mars"),
        ("boundary: 5\n", "boundary"),
        ("rules: {EU010: loud}\n", "loud"),
        ("rules:\n  EU999: off\n", "EU999"),
        ("rules: [EU010]\n", "rules"),
        ("max_file_size: -1\n", "max_file_size"),
        ("max_file_size: big\n", "max_file_size"),
        ("exclude: 'legacy/**'\n", "exclude"),
        ("var_files: {a: b}\n", "var_files"),
        ("allowed_regions: westeurope\n", "allowed_regions"),
        ("- boundary: europe\n", "not a residency configuration"),
    ] {
        let e = Config::parse(text, Path::new("/repo/.residency.yaml"))
            .err()
            .unwrap_or_else(|| panic!("the parser accepts {text:?}"))
            .to_string();
        assert!(e.contains(named), "{text:?}: {e}");
        let errors = schema_errors(&validator, text);
        assert!(!errors.is_empty(), "the schema accepts {text:?}");
    }
}
