//! The layers of `docs/architecture.md`, enforced: every `crate::…` path in `src/` (outside
//! comments and test modules) must point down the layers — syntax → model → resolve → rules →
//! report | lsp — or at a leaf. A new arrow that runs the other way fails here, with the file
//! and line, before it becomes a cycle. As rust-analyzer's tidy tests do, this reads the
//! sources as text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and the modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    // Leaves.
    ("syntax", &[]),
    ("paths", &[]),
    ("regions", &[]),
    ("diagnostic", &["syntax"]),
    ("line_index", &["syntax"]),
    // `regions` for its edit distance (a mistyped rule code or name).
    ("rule_catalog", &["diagnostic", "regions"]),
    (
        "config",
        &["diagnostic", "paths", "regions", "rule_catalog", "syntax"],
    ),
    // The pipeline.
    ("model", &["syntax", "paths", "regions"]),
    ("resolve", &["model", "syntax", "paths", "regions"]),
    (
        "rules",
        &[
            "model",
            "resolve",
            "config",
            "regions",
            "diagnostic",
            "rule_catalog",
            "syntax",
        ],
    ),
    // What the check is made of.
    ("suppression", BELOW_CHECK),
    ("workspace", BELOW_CHECK),
    ("fix", BELOW_CHECK),
    ("baseline", BELOW_CHECK),
    ("check", CHECK),
    // The edges: neither knows the other.
    ("report", EDGE),
    ("lsp", EDGE),
];

const BELOW_CHECK: &[&str] = &[
    "rules",
    "resolve",
    "model",
    "config",
    "regions",
    "diagnostic",
    "rule_catalog",
    "syntax",
    "paths",
    "line_index",
];

const CHECK: &[&str] = &[
    "rules",
    "resolve",
    "model",
    "config",
    "regions",
    "diagnostic",
    "rule_catalog",
    "syntax",
    "paths",
    "line_index",
    "suppression",
    "workspace",
    "fix",
    "baseline",
];

const EDGE: &[&str] = &[
    "check",
    "rules",
    "resolve",
    "model",
    "config",
    "regions",
    "diagnostic",
    "rule_catalog",
    "syntax",
    "paths",
    "line_index",
    "suppression",
    "workspace",
    "fix",
    "baseline",
];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/rules/shared/mfa.rs` → `rules`);
/// `None` for the crate roots.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The lines of a file that are code: without comments, and without test modules (a
/// `#[cfg(test)]` item runs to the end of the file by this project's habit; a file named
/// `tests.rs` is all tests).
fn code_lines(path: &Path, text: &str) -> Vec<(usize, String)> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // A `//` inside a string (a URL, a comment leader) is not a comment; be cautious
            // and keep lines whose `//` follows a quote.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push((i + 1, code.to_string()));
    }
    out
}

/// The modules a line names as `crate::module`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` in macros, or an identifier ending in `crate`.
        if before.is_some_and(|c| c == '$' || c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

#[test]
fn imports_follow_the_layers() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for path in &files {
        let Some(module) = module_of(path) else {
            continue;
        };
        let Some(may_use) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` has no place in the layers of tests/tidy.rs (add it, and to docs/architecture.md)",
                path.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for (line_no, line) in code_lines(path, &text) {
            for used in crate_paths(&line) {
                if used != module && !may_use.contains(&used.as_str()) {
                    wrong.push(format!(
                        "{}:{line_no}: `{module}` uses `crate::{used}`, against the layers",
                        path.strip_prefix(src().parent().unwrap())
                            .unwrap()
                            .display()
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows against the layers:\n{}",
        wrong.join("\n")
    );
}

/// Only the edges know the protocol: LSP types stay in `src/lsp/`.
#[test]
fn lsp_types_stay_in_lsp() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for path in &files {
        if module_of(path).as_deref() == Some("lsp") || module_of(path).is_none() {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for (line_no, line) in code_lines(path, &text) {
            if line.contains("tower_lsp_server") || line.contains("ls_types") {
                wrong.push(format!("{}:{line_no}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "LSP types outside src/lsp/:\n{}",
        wrong.join("\n")
    );
}

/// The checker of this file can fail: an arrow against the layers is found.
#[test]
fn the_tidy_check_finds_a_wrong_arrow() {
    let lines = code_lines(
        Path::new("src/model/x.rs"),
        "use crate::rules::Finding; // a model module using the rules\n// crate::lsp in a comment\n#[cfg(test)]\nuse crate::check;\n",
    );
    let used: Vec<String> = lines.iter().flat_map(|(_, l)| crate_paths(l)).collect();
    assert_eq!(used, vec!["rules".to_string()]);
    let model = ALLOWED.iter().find(|(m, _)| *m == "model").unwrap().1;
    assert!(!model.contains(&"rules"));
    assert_eq!(crate_paths("$crate::x, mycrate::y, crate::a::b"), vec!["a"]);
}

/// What in the source would run a program or reach a network (SECURITY.md: residency does
/// neither). `std::process` is allowed for `ExitCode`, `exit` and `id` only.
const NO_PROGRAM_OR_NETWORK: &[&str] = &[
    "process::Command",
    "Command::new",
    "process::Stdio",
    "std::net",
    "tokio::net",
    "tokio::process",
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "UnixStream",
    "UnixListener",
    "UnixDatagram",
    "libc::",
    "nix::",
    "execv",
];

/// The crates through which a Rust program opens sockets or speaks HTTP or TLS: none may be
/// in `Cargo.lock` (tokio without its `net` feature needs no `mio`).
const NETWORK_CRATES: &[&str] = &[
    "mio",
    "socket2",
    "hyper",
    "reqwest",
    "ureq",
    "curl",
    "h2",
    "rustls",
    "native-tls",
    "openssl",
];

/// The forbidden fragments of [`NO_PROGRAM_OR_NETWORK`] in the code lines of `text`.
fn program_or_network_uses(path: &Path, text: &str) -> Vec<String> {
    code_lines(path, text)
        .into_iter()
        .filter_map(|(line_no, line)| {
            let found: Vec<&str> = NO_PROGRAM_OR_NETWORK
                .iter()
                .copied()
                .filter(|api| names(&line, api))
                .collect();
            (!found.is_empty()).then(|| format!("{line_no}: {}", found.join(", ")))
        })
        .collect()
}

/// Whether `line` has `api` where an identifier or path starts (`nix::` is not `unix::`).
fn names(line: &str, api: &str) -> bool {
    line.match_indices(api).any(|(at, _)| {
        !line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn no_program_or_network_is_used_in_src() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for used in program_or_network_uses(path, &text) {
            wrong.push(format!("{}:{used}", path.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "SECURITY.md promises no program and no network; these lines use one:\n{}",
        wrong.join("\n")
    );

    let root = src().parent().unwrap().to_path_buf();
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    let locked: Vec<&str> = NETWORK_CRATES
        .iter()
        .copied()
        .filter(|name| lock.contains(&format!("\nname = \"{name}\"\n")))
        .collect();
    assert!(
        locked.is_empty(),
        "network crates in Cargo.lock: {locked:?}"
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let tokio = manifest
        .lines()
        .find(|l| l.starts_with("tokio ="))
        .expect("tokio in Cargo.toml");
    for feature in ["\"net\"", "\"process\"", "\"full\""] {
        assert!(!tokio.contains(feature), "tokio with {feature}: {tokio}");
    }
}

/// The checker of [`no_program_or_network_is_used_in_src`] can fail.
#[test]
fn the_tidy_check_finds_a_program_and_a_socket() {
    let found = program_or_network_uses(
        Path::new("src/x.rs"),
        "use std::process::ExitCode;\nuse std::os::unix::fs::MetadataExt;\nlet id = std::process::id();\nstd::process::Command::new(\"terraform\");\n// std::net in a comment\nlet s = std::net::TcpStream::connect(addr);\n",
    );
    assert_eq!(
        found,
        [
            "4: process::Command, Command::new",
            "6: std::net, TcpStream"
        ]
    );
}
