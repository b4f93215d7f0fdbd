//! The promises of SECURITY.md that a system-call trace can watch, on the real binary: a check
//! and a language-server session execute no program besides residency itself and open no
//! network socket, even for modules that only a download would bring. Both run under
//! `strace -f` (every thread and child process), and, where the tests may create one (root,
//! as in CI), in a network namespace of their own (`unshare -n`), where the check's report
//! must be the same as outside.
//!
//! `strace` is installed by `.ci/install-editors`. These tests are ignored by a plain
//! `cargo test`; under `--include-ignored` (CI) they fail when `strace` is missing.

#[path = "lsp_support/mod.rs"]
mod lsp_support;

use std::path::Path;
use std::process::Command;

use serde_json::json;

use lsp_support::{uri, Client};

const BIN: &str = env!("CARGO_BIN_EXE_residency");

/// The samples copied into the workspace: a Bicep file with a local module, a Terraform
/// network, an ARM template with linked templates (a relative path and a URI on its own
/// address), and Terraform environments named by `var_files:` in a `.residency.yaml`.
const SAMPLES: &[&str] = &[
    "terraform-vnet-flagged",
    "bicep-module-flagged",
    "arm-linked-template-flagged",
    "tfvars-environments-flagged",
];

/// A workspace that tempts a tool to reach out: the [`SAMPLES`], and in `remote/` a Terraform
/// root with a registry module `terraform init` put on disk and a git module it did not, a
/// Bicep registry module, and an ARM template linked from another host.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/EU010");
    for sample in SAMPLES {
        let to = dir.path().join(sample);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(samples.join(sample)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    let remote = dir.path().join("remote");
    std::fs::create_dir_all(remote.join(".terraform/modules/aadds")).unwrap();
    let files = [
        (
            "main.tf",
            "module \"aadds\" {\n  source   = \"app.terraform.io/contoso/aadds/azurerm\"\n  version  = \"1.0.0\"\n  location = \"eastus\"\n}\n\nmodule \"missing\" {\n  source = \"git::https://example.com/modules.git//aadds\"\n}\n",
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"aadds","Source":"app.terraform.io/contoso/aadds/azurerm","Version":"1.0.0","Dir":".terraform/modules/aadds"}]}"#,
        ),
        (
            ".terraform/modules/aadds/main.tf",
            "variable \"location\" {\n  type = string\n}\n\nresource \"azurerm_active_directory_domain_service\" \"this\" {\n  name                = \"aadds\"\n  location            = var.location\n  resource_group_name = \"rg\"\n  domain_name         = \"aadds.contoso.com\"\n  sku                 = \"Standard\"\n}\n",
        ),
        (
            "registry.bicep",
            "module dc 'br:contoso.azurecr.io/bicep/aadds:v1' = {\n  name: 'domain'\n  params: {\n    location: 'eastus'\n  }\n}\n",
        ),
        (
            "linked.json",
            r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "domain",
      "properties": {
        "mode": "Incremental",
        "templateLink": { "uri": "https://example.com/templates/aadds.json" },
        "parameters": { "domainLocation": { "value": "eastus" } }
      }
    }
  ]
}
"#,
        ),
    ];
    for (name, text) in files {
        std::fs::write(remote.join(name), text).unwrap();
    }
    dir
}

/// `strace` with the calls that run a program and every network call, writing to `trace`,
/// behind `unshare -n` when a network namespace can be made here. Fails when `strace` is
/// missing.
fn tracer(trace: &Path) -> Vec<String> {
    let found = Command::new("strace").arg("-V").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "strace is missing: .ci/install-editors installs it (Debian: apt-get install strace)"
    );
    let mut wrapper = Vec::new();
    let isolated = Command::new("unshare")
        .args(["-n", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if isolated {
        wrapper.extend(["unshare".to_string(), "-n".to_string()]);
    } else {
        eprintln!("unshare -n is not permitted here: tracing without a network namespace");
    }
    wrapper.extend(
        [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=execve,execveat,%network",
            "-o",
        ]
        .map(String::from),
    );
    wrapper.push(trace.to_str().unwrap().to_string());
    wrapper
}

/// The lines of a trace that break the promises: every program executed after the first
/// (the traced command itself), and every network call but a local (AF_UNIX) one.
fn violations(trace: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(trace).unwrap();
    let mut programs = 0;
    let mut out = Vec::new();
    for line in text.lines() {
        // `PID call(...` with -f. A call interrupted and resumed continues on a line
        // `PID <... call resumed>`, a signal is `PID --- SIG... ---`, an exit `PID +++ ...`.
        // strace pads the PID to five columns: `6804  execve(` has two spaces.
        let call = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest)
            .trim_start();
        if !call.starts_with(|c: char| c.is_ascii_lowercase()) {
            continue;
        }
        if call.starts_with("execve(") || call.starts_with("execveat(") {
            programs += 1;
            if programs > 1 {
                out.push(format!("program executed: {line}"));
            }
        } else if !line.contains("AF_UNIX") {
            // Only network calls are traced besides those.
            out.push(format!("network call: {line}"));
        }
    }
    out
}

/// Fails on any [`violations`] and when the one program executed is not residency, quoting
/// the trace.
#[track_caller]
fn assert_no_program_and_no_network(trace: &Path, what: &str) {
    let text = std::fs::read_to_string(trace).unwrap();
    let first = text
        .lines()
        .find(|l| l.contains(" execve("))
        .unwrap_or_else(|| panic!("{what}: the trace has no execve at all:\n{text}"));
    assert!(
        first.contains(BIN),
        "{what}: the traced program is not residency: {first}"
    );
    let found = violations(trace);
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

/// The trace and [`violations`] see what they must: a shell that runs a program and opens an
/// Internet socket (bash's `/dev/tcp`; refused or unreachable, the socket is still made).
#[test]
#[ignore = "needs strace (installed by .ci/install-editors)"]
fn the_trace_sees_a_program_and_a_socket() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("bash.strace");
    let wrapper = tracer(&trace);
    let run = Command::new(&wrapper[0])
        .args(&wrapper[1..])
        .args(["bash", "-c", "true; env true; echo > /dev/tcp/127.0.0.1/9"])
        .output()
        .unwrap();
    assert!(!run.status.success(), "the connection cannot succeed");
    let found = violations(&trace);
    assert!(
        found
            .iter()
            .any(|v| v.starts_with("program executed") && v.contains("env")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|v| v.starts_with("network call") && v.contains("AF_INET")),
        "{found:#?}"
    );
}

#[test]
#[ignore = "needs strace (installed by .ci/install-editors)"]
fn a_check_runs_no_program_and_uses_no_network() {
    let dir = workspace();
    let trace = dir.path().join("check.strace");
    let wrapper = tracer(&trace);
    let plain = Command::new(BIN)
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let traced = Command::new(&wrapper[0])
        .args(&wrapper[1..])
        .args([BIN, "check", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        traced.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&traced.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&traced.stdout).unwrap();
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "EU010")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    for folder in SAMPLES.iter().chain(&["remote"]) {
        let folder = format!("{folder}/");
        assert!(
            paths.iter().any(|p| p.starts_with(&folder)),
            "the check read {folder}: {paths:?}"
        );
    }
    assert_eq!(
        String::from_utf8_lossy(&traced.stdout),
        String::from_utf8_lossy(&plain.stdout),
        "the traced, isolated check reports what a plain one does"
    );
    assert_no_program_and_no_network(&trace, "residency check");
}

#[test]
#[ignore = "needs strace (installed by .ci/install-editors)"]
fn a_language_server_session_runs_no_program_and_uses_no_network() {
    let dir = workspace();
    let trace = dir.path().join("lsp.strace");
    let mut client = Client::start_under(&tracer(&trace));
    let root = uri(dir.path());
    let initialize = client.initialize_with(json!({
        "processId": null,
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "workspace"}],
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        "initializationOptions": {"debounceMs": 0},
    }));
    assert!(initialize.get("error").is_none(), "{initialize}");
    let main = dir.path().join("terraform-vnet-flagged/main.tf");
    let text = std::fs::read_to_string(&main).unwrap();
    let main = uri(&main);
    client.open(&main, "terraform", 1, &text);
    client.diagnostics_where(&main, |d| d.iter().any(|d| d["code"] == "EU010"));
    let status = client.shutdown_and_exit();
    assert!(status.success(), "{status:?}");
    assert_no_program_and_no_network(&trace, "residency lsp");
}

/// The tests SECURITY.md's table names (`` `file`: `test`, `test`; `file`: `test` ``) are
/// functions of those files, and every promise names at least one.
#[test]
fn security_md_names_tests_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("SECURITY.md")).unwrap();
    let table = doc
        .split("## How each promise is tested")
        .nth(1)
        .expect("SECURITY.md has its table of tests");
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .collect();
    assert!(rows.len() >= 10, "the table has {} rows", rows.len());
    let mut missing = Vec::new();
    for row in rows {
        let tests = row.trim_end_matches('|').rsplit('|').next().unwrap();
        let mut file: Option<String> = None;
        let mut named = 0;
        for token in tests.split('`').skip(1).step_by(2) {
            if token.ends_with(".rs") {
                file = Some(
                    std::fs::read_to_string(root.join(token)).unwrap_or_else(|e| {
                        panic!("SECURITY.md names {token}, which cannot be read: {e}")
                    }),
                );
                continue;
            }
            let text = file
                .as_deref()
                .unwrap_or_else(|| panic!("`{token}` before any file in: {row}"));
            named += 1;
            if !text.contains(&format!("fn {token}()")) {
                missing.push(token.to_string());
            }
        }
        assert!(named > 0, "a promise without a test: {row}");
    }
    assert!(
        missing.is_empty(),
        "SECURITY.md names tests that do not exist: {missing:?}"
    );
}
