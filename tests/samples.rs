//! One test case per sample folder of `samples/`: the findings must be exactly those the files
//! announce (`expect: CODE` comments, or `expect.txt` lines `file:line: CODE` for files without
//! comments), the text report must match its snapshot, and every fix, applied, must leave a file
//! that still parses and has fewer findings of that rule.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use residency::check::{self, Options};
use residency::fix::{self, Applicability};
use residency::report::{Format, Report};

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Folders of `samples/` that hold checkable files directly.
fn sample_folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![samples_dir()];
    while let Some(dir) = stack.pop() {
        let mut has_files = false;
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if check::is_supported_name(&path) {
                has_files = true;
            }
        }
        if has_files {
            out.push(dir);
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

type Expectation = (String, usize, String);

fn expectations(folder: &Path) -> BTreeSet<Expectation> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
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
                for code in line[at + 8..].split(',') {
                    out.insert((name.clone(), i + 1, code.trim().to_string()));
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

fn found(outcome: &check::Outcome) -> BTreeSet<Expectation> {
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let text = &outcome.sources[&d.path];
            let line = text[..d.range.start as usize].matches('\n').count() + 1;
            let name = d.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, line, d.code.to_string())
        })
        .collect()
}

fn render(outcome: &check::Outcome) -> String {
    let report = Report {
        diagnostics: &outcome.diagnostics,
        files_checked: outcome.files_checked,
        sources: &outcome.sources,
    };
    let mut out = Vec::new();
    report.write(Format::Text, &mut out, false).unwrap();
    String::from_utf8(out).unwrap().replace('\\', "/")
}

#[test]
fn samples_report_exactly_what_they_announce() {
    let mut failures = Vec::new();
    for folder in sample_folders() {
        let rel = relative(&folder);
        let outcome = check::check_paths(std::slice::from_ref(&rel), &Options::default()).unwrap();
        let expected = expectations(&folder);
        let actual = found(&outcome);
        if expected != actual {
            failures.push(format!(
                "{}:\n  missing:    {:?}\n  unexpected: {:?}\n{}",
                rel.display(),
                expected.difference(&actual).collect::<Vec<_>>(),
                actual.difference(&expected).collect::<Vec<_>>(),
                render(&outcome)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn samples_text_reports_match_snapshots() {
    for folder in sample_folders() {
        let rel = relative(&folder);
        let outcome = check::check_paths(std::slice::from_ref(&rel), &Options::default()).unwrap();
        let name = rel.display().to_string().replace(['/', '\\'], "__");
        insta::assert_snapshot!(name, render(&outcome));
    }
}

/// Copies a sample folder (and the configuration above it) into a temporary folder.
fn copy_sample(folder: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let rule_dir = folder.parent().unwrap();
    let config = rule_dir.join(".residency.yaml");
    if config.is_file() {
        std::fs::copy(&config, tmp.path().join(".residency.yaml")).unwrap();
    }
    let dest = tmp.path().join(folder.file_name().unwrap());
    std::fs::create_dir(&dest).unwrap();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dest.join(entry.file_name())).unwrap();
        }
    }
    (tmp, dest)
}

#[test]
fn every_fix_parses_and_removes_its_finding() {
    let mut fixes_checked = 0;
    for folder in sample_folders() {
        let outcome =
            check::check_paths(std::slice::from_ref(&folder), &Options::default()).unwrap();
        for (i, diagnostic) in outcome.diagnostics.iter().enumerate() {
            let Some(fix) = &diagnostic.fix else { continue };
            let (_tmp, copy) = copy_sample(&folder);
            let before =
                check::check_paths(std::slice::from_ref(&copy), &Options::default()).unwrap();
            let d = &before.diagnostics[i];
            assert_eq!((d.code, &d.message), (diagnostic.code, &diagnostic.message));
            let sources = &before.sources;
            fix::apply(std::slice::from_ref(d), Applicability::All, &|p| {
                sources.get(p).cloned()
            })
            .unwrap();
            let after =
                check::check_paths(std::slice::from_ref(&copy), &Options::default()).unwrap();
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
            fixes_checked += 1;
        }
    }
    assert!(
        fixes_checked >= 10,
        "only {fixes_checked} fixes were exercised"
    );
}
