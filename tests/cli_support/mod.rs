//! Helpers of the CLI tests (`tests/cli/`): run the real `residency` binary in a folder, build
//! fixture trees, read the JSON report, and compare files byte for byte.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use serde::Deserialize;
use serde_json::Value;

/// How long any single run may take before the test fails (debug build, busy machine).
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// The command line, for failure messages.
    pub args: String,
}

impl Run {
    /// The stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`residency {}` did not print JSON ({e}):\n--- stdout\n{}\n--- stderr\n{}",
                self.args, self.stdout, self.stderr
            )
        })
    }

    /// The JSON report, typed.
    pub fn report(&self) -> Report {
        serde_json::from_value(self.json()).unwrap_or_else(|e| {
            panic!(
                "`residency {}` printed JSON that does not follow the contract ({e}):\n{}",
                self.args, self.stdout
            )
        })
    }

    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "`residency {}` exited with {} instead of {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.args, self.code, self.stdout, self.stderr
        );
        self
    }
}

/// The codes of the diagnostics in the list `list` (`diagnostics`, `suppressed`) of a JSON
/// report, in order.
pub fn codes_in(doc: &Value, list: &str) -> Vec<String> {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Runs `residency ARGS...` in `dir` with a time limit of [`RUN_LIMIT`].
#[track_caller]
pub fn residency<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    residency_within(dir, args, RUN_LIMIT)
}

/// Runs `residency ARGS...` in `dir`; fails the test when it takes longer than `limit`, when
/// it is killed by a signal, or when it panics.
#[track_caller]
pub fn residency_within<I, S>(dir: &Path, args: I, limit: Duration) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_residency(
        Command::new(env!("CARGO_BIN_EXE_residency")),
        dir,
        args,
        limit,
    )
}

#[cfg(unix)]
/// Whether the tests run as root, who may read and write files whatever their permissions.
pub fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let probe = tempfile::NamedTempFile::new().expect("temporary file");
    probe.as_file().metadata().expect("its metadata").uid() == 0
}

#[cfg(unix)]
/// Runs `residency ARGS...` in `dir` as a user the file permissions apply to: as root (CI),
/// as `nobody` (uid and gid 65534) through `setpriv` (util-linux, on every Debian); otherwise
/// as the current user. `dir` and the files it uses must be reachable by that user.
#[track_caller]
pub fn residency_unprivileged<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let command = if running_as_root() {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_residency"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_residency"))
    };
    run_residency(command, dir, args, RUN_LIMIT)
}

#[cfg(unix)]
/// Sets the permission bits of `path`.
pub fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
}

/// Runs `command` (the binary, perhaps behind a wrapper) with `args` in `dir`, as
/// [`residency_within`] describes.
#[track_caller]
fn run_residency<I, S>(mut command: Command, dir: &Path, args: I, limit: Duration) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let shown = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    // Files rather than pipes: the child can never block on a full pipe while we poll it.
    let mut out = tempfile::tempfile().expect("temporary file for stdout");
    let mut err = tempfile::tempfile().expect("temporary file for stderr");
    let start = Instant::now();
    let mut child = command
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        // Inside a GitHub Actions job the Markdown summary would link to the repository.
        .env_remove("GITHUB_SHA")
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("clone stdout file"))
        .stderr(err.try_clone().expect("clone stderr file"))
        .spawn()
        .expect("the residency binary starts");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for residency") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`residency {shown}` in {} did not finish within {limit:?}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(15));
    };
    let elapsed = start.elapsed();
    let read_back = |f: &mut std::fs::File| {
        f.seek(SeekFrom::Start(0)).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        bytes
    };
    let stdout = String::from_utf8(read_back(&mut out)).expect("stdout is UTF-8");
    let stderr = String::from_utf8_lossy(&read_back(&mut err)).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "`residency {shown}` panicked:\n{stderr}"
    );
    let code = status.code().unwrap_or_else(|| {
        panic!("`residency {shown}` was killed by a signal: {status:?}\n{stderr}")
    });
    Run {
        code,
        stdout,
        stderr,
        elapsed,
        args: shown,
    }
}

/// Runs `residency check --format json ARGS...` in `dir`, asserts its exit code, and returns
/// the report.
#[track_caller]
pub fn check_json(dir: &Path, args: &[&str], code: i32) -> Report {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    residency(dir, all).expect_code(code).report()
}

/// Asserts that `root/rel` holds exactly `expected`.
#[track_caller]
pub fn assert_file(root: &Path, rel: &str, expected: impl AsRef<[u8]>) {
    let actual = std::fs::read(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_same_bytes(&actual, expected.as_ref(), rel);
}

/// Writes `contents` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, contents).unwrap();
    path
}

/// A temporary folder holding `files` (relative path, contents).
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, contents) in files {
        write(dir.path(), rel, contents);
    }
    dir
}

/// Every file under `root` (symlinks not followed) with its bytes and modification time.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let ft = entry.file_type().unwrap();
            let path = entry.path();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                let meta = entry.metadata().unwrap();
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    (std::fs::read(&path).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

/// 1-based line of the first occurrence of `needle` in `text`.
#[track_caller]
pub fn line_of(text: &str, needle: &str) -> u64 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the fixture"));
    text[..at].matches('\n').count() as u64 + 1
}

/// The text a 1-based span (columns in Unicode scalar values, end exclusive) covers, on one line.
#[track_caller]
pub fn span_text(text: &str, line: u64, column: u64, end_line: u64, end_column: u64) -> String {
    assert_eq!(line, end_line, "expected a span on one line");
    assert!(
        column >= 1 && end_column >= column,
        "bad span {line}:{column}-{end_column}"
    );
    let line_text = text
        .split('\n')
        .nth(line as usize - 1)
        .unwrap_or_else(|| panic!("no line {line}"));
    line_text
        .chars()
        .skip(column as usize - 1)
        .take((end_column - column) as usize)
        .collect()
}

/// Replaces the only occurrence of `from` in `text`.
#[track_caller]
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in the fixture"
    );
    text.replacen(from, to, 1)
}

/// Asserts two byte strings are equal, showing them as text when they differ.
#[track_caller]
pub fn assert_same_bytes(actual: &[u8], expected: &[u8], what: &str) {
    if actual != expected {
        let at = actual
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(actual.len().min(expected.len()));
        panic!(
            "{what}: the bytes differ from byte {at} on\n--- actual\n{:?}\n--- expected\n{:?}",
            String::from_utf8_lossy(actual),
            String::from_utf8_lossy(expected)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The JSON report, as the contract describes it.

#[derive(Debug, Deserialize)]
pub struct Report {
    pub version: u64,
    pub files_checked: u64,
    pub unknown_locations: u64,
    pub diagnostics: Vec<Diag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Diag {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    /// Why: the contract requires the list (empty when there is nothing to say).
    pub notes: Vec<String>,
    #[serde(default)]
    pub help: Option<String>,
    pub fix: Option<JsonFix>,
    #[serde(default)]
    pub related: Vec<JsonRelated>,
    #[serde(default)]
    pub context: Option<JsonContext>,
}

/// The `context` of a finding: the caller folder or environment file its values came from.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct JsonContext {
    pub caller: Option<String>,
    pub environment: Option<String>,
}

impl Diag {
    /// The headline, the notes and the help: all the finding says.
    pub fn text(&self) -> String {
        let mut text = self.message.clone();
        for note in &self.notes {
            text.push(' ');
            text.push_str(note);
        }
        if let Some(help) = &self.help {
            text.push(' ');
            text.push_str(help);
        }
        text
    }

    /// The text of `text` the finding's span covers (on one line).
    #[track_caller]
    pub fn span_in(&self, text: &str) -> String {
        span_text(text, self.line, self.column, self.end_line, self.end_column)
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct JsonFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<JsonEdit>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct JsonEdit {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub replacement: String,
}

impl JsonEdit {
    /// The text of `text` the edit replaces (on one line).
    #[track_caller]
    pub fn span_in(&self, text: &str) -> String {
        span_text(text, self.line, self.column, self.end_line, self.end_column)
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct JsonRelated {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// A (path, line, code) triple as [`Report::places`] lists them.
pub fn place(path: &str, line: u64, code: &str) -> (String, u64, String) {
    (path.to_string(), line, code.to_string())
}

impl Report {
    /// Codes, sorted.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.diagnostics.iter().map(|d| d.code.as_str()).collect();
        codes.sort();
        codes
    }

    /// (path, line, code) of every finding, sorted.
    pub fn places(&self) -> Vec<(String, u64, String)> {
        let mut out: Vec<_> = self
            .diagnostics
            .iter()
            .map(|d| (d.path.replace('\\', "/"), d.line, d.code.clone()))
            .collect();
        out.sort();
        out
    }

    /// The findings with `code`.
    pub fn with_code(&self, code: &str) -> Vec<&Diag> {
        self.diagnostics.iter().filter(|d| d.code == code).collect()
    }

    /// The only finding with `code`.
    #[track_caller]
    pub fn only(&self, code: &str) -> &Diag {
        let found = self.with_code(code);
        assert_eq!(
            found.len(),
            1,
            "expected exactly one {code}, got {:#?}",
            self.diagnostics
        );
        found[0]
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

pub const TEMPLATE_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
pub const PARAMETERS_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/// An ARM template with `parameters` (the members, JSON text) and `resources`.
pub fn arm_template(parameters: &str, resources: &[String]) -> String {
    format!(
        "{{\n  \"$schema\": \"{TEMPLATE_SCHEMA}\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"parameters\": {{{parameters}}},\n  \"resources\": [\n{}\n  ]\n}}\n",
        resources.join(",\n")
    )
}

/// An ARM Domain Services managed domain; `location` is JSON text (`"\"eastus\""`).
pub fn arm_domain_services(name: &str, location: &str) -> String {
    format!(
        "    {{\n      \"type\": \"Microsoft.AAD/domainServices\",\n      \"apiVersion\": \"2022-12-01\",\n      \"name\": \"{name}\",\n      \"location\": {location},\n      \"properties\": {{ \"domainName\": \"{name}\" }}\n    }}"
    )
}

/// An ARM B2C tenant.
pub fn arm_b2c(name: &str, location: &str, country: &str) -> String {
    format!(
        "    {{\n      \"type\": \"Microsoft.AzureActiveDirectory/b2cDirectories\",\n      \"apiVersion\": \"2021-04-01\",\n      \"name\": \"{name}\",\n      \"location\": \"{location}\",\n      \"sku\": {{ \"name\": \"PremiumP1\", \"tier\": \"A0\" }},\n      \"properties\": {{ \"createTenantProperties\": {{ \"displayName\": \"Contoso\", \"countryCode\": \"{country}\" }} }}\n    }}"
    )
}

/// A template with one Domain Services managed domain at `region`.
pub fn arm_ds_template(region: &str) -> String {
    arm_template(
        "",
        &[arm_domain_services(
            "aadds.contoso.com",
            &format!("\"{region}\""),
        )],
    )
}

/// A template with one B2C tenant.
pub fn arm_b2c_template(name: &str, location: &str, country: &str) -> String {
    arm_template("", &[arm_b2c(name, location, country)])
}

/// An ARM parameters file setting `(name, value)` string parameters.
pub fn arm_parameters(values: &[(&str, &str)]) -> String {
    let members: Vec<String> = values
        .iter()
        .map(|(k, v)| format!("    \"{k}\": {{ \"value\": \"{v}\" }}"))
        .collect();
    format!(
        "{{\n  \"$schema\": \"{PARAMETERS_SCHEMA}\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"parameters\": {{\n{}\n  }}\n}}\n",
        members.join(",\n")
    )
}

/// A Terraform Domain Services managed domain; `location` is HCL (`"\"eastus\""`, `var.location`).
pub fn tf_domain_services(label: &str, location: &str) -> String {
    format!(
        "resource \"azurerm_active_directory_domain_service\" \"{label}\" {{\n  name                = \"{label}-aadds\"\n  location            = {location}\n  resource_group_name = \"aadds\"\n  domain_name         = \"{label}.contoso.com\"\n  sku                 = \"Standard\"\n\n  initial_replica_set {{\n    subnet_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds\"\n  }}\n}}\n"
    )
}

/// A Terraform B2C tenant.
pub fn tf_b2c(label: &str, location: &str, country: &str) -> String {
    format!(
        "resource \"azurerm_aadb2c_directory\" \"{label}\" {{\n  country_code            = \"{country}\"\n  data_residency_location = \"{location}\"\n  display_name            = \"Contoso\"\n  domain_name             = \"{label}.onmicrosoft.com\"\n  resource_group_name     = \"identity\"\n  sku_name                = \"PremiumP1\"\n}}\n"
    )
}
