//! One test per sample folder `samples/<CODE>/<case>/`, named `<CODE>_<case>` (`cargo test
//! EU010` runs one rule's samples, `cargo test EU010_terraform_vnet` one folder; `build.rs`
//! lists the folders; a folder may hold subfolders, such as a Terraform module it calls). Each
//! checks three things about its folder:
//! - the findings are exactly those the files announce (`expect: CODE` comments, or
//!   `expect.txt` lines `file:line: CODE` for files without comments);
//! - the text report matches its snapshot, `tests/snapshots/samples/<CODE>/<case>.snap`;
//! - every fix, applied, leaves a file that still parses and has fewer findings of that rule.
//!
//! A new folder gets its test without a change here; a folder the generated list misses fails
//! [`every_sample_folder_has_its_test`]. A snapshot file no test asserts, here or in another
//! test target, fails [`every_snapshot_file_is_referenced`].

use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use residency::check::{self, Options};
use residency::fix::{self, Applicability};
use residency::report::{Format, Report};

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The case folders `samples/<CODE>/<case>/` that hold checkable files, directly or in
/// subfolders (a Terraform module the case calls, in `modules/x/`).
fn sample_folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for group in subdirs(&samples_dir()) {
        for case in subdirs(&group) {
            if !files_below(&case).is_empty() {
                out.push(case);
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 30,
        "expected the sample folders, found {}",
        out.len()
    );
    out
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect()
}

/// Every file below `dir`, as a path relative to it with `/` separators, and its full path.
fn files_below(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel.replace('\\', "/"), path));
            }
        }
    }
    out.sort();
    out
}

type Expectation = (String, usize, String);

/// What the files of a case folder announce: (file relative to the folder, line, code).
fn expectations(folder: &Path) -> BTreeSet<Expectation> {
    let mut out = BTreeSet::new();
    for (name, path) in files_below(folder) {
        let text = std::fs::read_to_string(&path).unwrap();
        if name == "expect.txt" {
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let (place, codes) = line
                    .split_once(": ")
                    .expect("expect.txt line is `file:line: CODE`");
                let (file, line_no) = place.rsplit_once(':').unwrap();
                for code in codes.split(',') {
                    out.insert((
                        file.to_string(),
                        line_no.parse().unwrap(),
                        code.trim().to_string(),
                    ));
                }
            }
            continue;
        }
        if !check::is_supported_name(&path) {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find("expect: ") {
                // `EU003, EU020`, then whatever the comment goes on with (`-->`, a note).
                for part in line[at + 8..].split(',') {
                    let code = part.split_whitespace().next().unwrap_or("");
                    let is_code = code.len() >= 4
                        && code.starts_with('E')
                        && code[1..]
                            .trim_start_matches('U')
                            .chars()
                            .all(|c| c.is_ascii_digit());
                    if !is_code {
                        break;
                    }
                    out.insert((name.clone(), i + 1, code.to_string()));
                }
            }
        }
    }
    out
}

fn relative(folder: &Path) -> PathBuf {
    folder
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_path_buf()
}

/// The findings of a case folder checked as `rel`: (file relative to it, line, code).
fn found(outcome: &check::Outcome, rel: &Path) -> BTreeSet<Expectation> {
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let text = &outcome.sources[&d.path];
            let line = text[..d.range.start as usize].matches('\n').count() + 1;
            let name = d
                .path
                .strip_prefix(rel)
                .unwrap_or(&d.path)
                .display()
                .to_string();
            (name.replace('\\', "/"), line, d.code.to_string())
        })
        .collect()
}

fn render(outcome: &check::Outcome) -> String {
    let report = Report {
        diagnostics: &outcome.diagnostics,
        files_checked: outcome.files_checked,
        sources: &outcome.sources,
        suppressed: &outcome.suppressed,
        link_base: None,
    };
    let mut out = Vec::new();
    report.write(Format::Text, &mut out, false).unwrap();
    String::from_utf8(out).unwrap().replace('\\', "/")
}

macro_rules! sample_tests {
    ($($test:ident => $folder:literal,)*) => {
        /// The folders `build.rs` generated a test for, relative to `samples/`.
        const GENERATED: &[&str] = &[$($folder),*];
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $test() {
                check_sample($folder);
            }
        )*
    };
}

include!(concat!(env!("OUT_DIR"), "/sample_tests.rs"));

/// One of the checks every sample folder gets.
type SampleCheck = fn(&Path);

/// Runs the three checks on `samples/<folder>`, each to its end even when another fails.
fn check_sample(folder: &str) {
    let folder = samples_dir().join(folder);
    let checks: [(&str, SampleCheck); 3] = [
        ("findings", reports_exactly_what_it_announces),
        ("snapshot", text_report_matches_its_snapshot),
        ("fixes", every_fix_parses_and_removes_its_finding),
    ];
    let failed: Vec<&str> = checks
        .into_iter()
        .filter(|(_, check)| panic::catch_unwind(AssertUnwindSafe(|| check(&folder))).is_err())
        .map(|(name, _)| name)
        .collect();
    assert!(
        failed.is_empty(),
        "{}: failed {} (messages above)",
        relative(&folder).display(),
        failed.join(", ")
    );
}

#[test]
fn every_sample_folder_has_its_test() {
    let on_disk: BTreeSet<String> = sample_folders()
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(samples_dir()).unwrap();
            rel.display().to_string().replace('\\', "/")
        })
        .collect();
    let generated: BTreeSet<String> = GENERATED.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        on_disk.difference(&generated).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "sample folders without a test: build.rs makes one for each `samples/<CODE>/<case>/`"
    );
    assert_eq!(
        generated.difference(&on_disk).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "generated tests for folders that hold no checkable file"
    );
}

fn reports_exactly_what_it_announces(folder: &Path) {
    let rel = relative(folder);
    let outcome = check::check_paths(std::slice::from_ref(&rel), &Options::default()).unwrap();
    let expected = expectations(folder);
    let actual = found(&outcome, &rel);
    assert!(
        expected == actual,
        "{}:\n  missing:    {:?}\n  unexpected: {:?}\n{}",
        rel.display(),
        expected.difference(&actual).collect::<Vec<_>>(),
        actual.difference(&expected).collect::<Vec<_>>(),
        render(&outcome)
    );
}

fn text_report_matches_its_snapshot(folder: &Path) {
    let rel = relative(folder);
    let outcome = check::check_paths(std::slice::from_ref(&rel), &Options::default()).unwrap();
    let code = folder
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    insta::with_settings!({
        snapshot_path => Path::new("snapshots/samples").join(&*code),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, render(&outcome));
    });
}

/// Copies a sample folder, its subfolders and the configuration above it into a temporary
/// folder.
fn copy_sample(folder: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let rule_dir = folder.parent().unwrap();
    let config = rule_dir.join(".residency.yaml");
    if config.is_file() {
        std::fs::copy(&config, tmp.path().join(".residency.yaml")).unwrap();
    }
    let dest = tmp.path().join(folder.file_name().unwrap());
    for (rel, path) in files_below(folder) {
        let to = dest.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(path, to).unwrap();
    }
    (tmp, dest)
}

/// Applies each fix of the folder's findings, one at a time, to a copy of the folder.
fn every_fix_parses_and_removes_its_finding(folder: &Path) {
    let outcome = check::check_paths(&[folder.to_path_buf()], &Options::default()).unwrap();
    for (i, diagnostic) in outcome.diagnostics.iter().enumerate() {
        let Some(fix) = &diagnostic.fix else { continue };
        let (_tmp, copy) = copy_sample(folder);
        let before = check::check_paths(std::slice::from_ref(&copy), &Options::default()).unwrap();
        let d = &before.diagnostics[i];
        assert_eq!((d.code, &d.message), (diagnostic.code, &diagnostic.message));
        let sources = &before.sources;
        let applied = fix::apply(std::slice::from_ref(d), Applicability::All, &|p| {
            sources.get(p).cloned()
        });
        assert!(applied.refused.is_empty(), "{:?}", applied.refused);
        let after = check::check_paths(std::slice::from_ref(&copy), &Options::default()).unwrap();
        let count = |o: &check::Outcome, code: &str| {
            o.diagnostics.iter().filter(|x| x.code == code).count()
        };
        assert_eq!(
            count(&after, "E001"),
            count(&before, "E001"),
            "{}: fix `{}` broke the syntax",
            folder.display(),
            fix.title
        );
        assert!(
            count(&after, d.code) < count(&before, d.code),
            "{}: fix `{}` did not remove its {} finding",
            folder.display(),
            fix.title,
            d.code
        );
    }
}

/// The fix check above is only as good as the fixes the samples offer.
#[test]
fn samples_exercise_at_least_ten_fixes() {
    let fixes_checked: usize = sample_folders()
        .iter()
        .map(|folder| {
            let outcome =
                check::check_paths(std::slice::from_ref(folder), &Options::default()).unwrap();
            outcome
                .diagnostics
                .iter()
                .filter(|d| d.fix.is_some())
                .count()
        })
        .sum();
    assert!(
        fixes_checked >= 10,
        "only {fixes_checked} fixes were exercised"
    );
}

/// Every file under `tests/snapshots/` is a snapshot that a test asserts, so a renamed or
/// deleted sample folder or test cannot leave a stale one behind (`cargo insta test
/// --unreferenced reject`, within `cargo test`):
/// - `samples/<CODE>/<case>.snap` belongs to the generated test of `samples/<CODE>/<case>/`;
/// - `<target>__[<module>__]<name>.snap` belongs to the test target `tests/<target>.rs` or
///   `tests/<target>/`, whose source must name `<name>` (a snapshot's name, or the test
///   function insta names it after, with `-2`, `-3`... for the later ones).
///
/// insta's pending `.snap.new` and `.pending-snap` files, left by a failed run and ignored by
/// git, are not snapshots.
#[test]
fn every_snapshot_file_is_referenced() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let snapshots = tests.join("snapshots");
    let generated: BTreeSet<&str> = GENERATED.iter().copied().collect();
    let sources_of = |target: &str| -> String {
        let mut files = vec![tests.join(format!("{target}.rs"))];
        let dir = tests.join(target);
        if dir.is_dir() {
            files.extend(
                std::fs::read_dir(&dir)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "rs")),
            );
        }
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect()
    };
    let mut unreferenced = Vec::new();
    let mut stack = vec![snapshots.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&snapshots).unwrap();
            let rel = rel.display().to_string().replace('\\', "/");
            if rel.ends_with(".snap.new") || rel.ends_with(".pending-snap") {
                continue;
            }
            let referenced = match rel.strip_suffix(".snap") {
                Some(stem) => match stem.strip_prefix("samples/") {
                    Some(folder) => generated.contains(folder),
                    None => match stem.split_once("__") {
                        Some((target, rest)) if !target.contains('/') => {
                            let name = rest.rsplit("__").next().unwrap();
                            let name = match name.rsplit_once('-') {
                                Some((base, n)) if n.parse::<u32>().is_ok() => base,
                                _ => name,
                            };
                            sources_of(target).contains(name)
                        }
                        _ => false,
                    },
                },
                None => false,
            };
            if !referenced {
                unreferenced.push(rel);
            }
        }
    }
    unreferenced.sort();
    assert!(
        unreferenced.is_empty(),
        "files in tests/snapshots/ that no test asserts (a sample folder or test renamed or \
         removed?): delete them, or name them as the test that asserts them does:\n  {}",
        unreferenced.join("\n  ")
    );
}
