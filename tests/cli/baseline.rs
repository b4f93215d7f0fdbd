//! `--write-baseline` and `--baseline`: only new findings are reported.

use crate::cli_support::*;

#[test]
fn baseline_reports_only_new_findings() {
    let main = tf_domain_services("dc", "\"eastus\"");
    let dir = tree(&[("main.tf", &main)]);
    // Recording accepts today's findings: exit 0.
    residency(dir.path(), ["check", "--write-baseline", "baseline.json"]).expect_code(0);
    assert!(dir.path().join("baseline.json").is_file());
    // Moving the finding to another line keeps it known.
    let moved = format!("# a comment that moves everything down\n\n{main}");
    std::fs::write(dir.path().join("main.tf"), &moved).unwrap();
    let report = check_json(dir.path(), &["--baseline", "baseline.json"], 0);
    assert!(report.codes().is_empty(), "{:?}", report.codes());
    // A new resource outside Europe is new.
    let more = format!("{moved}\n{}", tf_domain_services("dc2", "\"westus\""));
    std::fs::write(dir.path().join("main.tf"), more).unwrap();
    let report = check_json(dir.path(), &["--baseline", "baseline.json"], 1);
    assert_eq!(report.codes(), ["EU010"]);
    // A baseline that is not one is a usage error naming the file.
    std::fs::write(dir.path().join("bad.json"), "[]").unwrap();
    let run = residency(dir.path(), ["check", "--baseline", "bad.json"]);
    run.expect_code(2);
    assert!(run.stderr.contains("bad.json"), "{}", run.stderr);
}

#[test]
fn a_baseline_matches_from_a_subfolder_and_with_absolute_paths() {
    let main = tf_domain_services("dc", "\"eastus\"");
    let dir = tree(&[("infra/main.tf", &main)]);
    residency(
        dir.path(),
        ["check", "infra", "--write-baseline", "baseline.json"],
    )
    .expect_code(0);
    let recorded = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        recorded.contains("\"path\": \"infra/main.tf\""),
        "relative to the baseline's folder: {recorded}"
    );
    // From the subfolder: the finding is known.
    let infra = dir.path().join("infra");
    let report = check_json(&infra, &["--baseline", "../baseline.json"], 0);
    assert!(report.codes().is_empty(), "{:?}", report.codes());
    // With an absolute path, from elsewhere.
    let elsewhere = tempfile::tempdir().unwrap();
    let absolute_baseline = dir.path().join("baseline.json");
    let report = check_json(
        elsewhere.path(),
        &[
            infra.to_str().unwrap(),
            "--baseline",
            absolute_baseline.to_str().unwrap(),
        ],
        0,
    );
    assert!(report.codes().is_empty(), "{:?}", report.codes());
    // Written from the subfolder, it records the same path and matches from the root.
    residency(
        &infra,
        ["check", ".", "--write-baseline", "../baseline-2.json"],
    )
    .expect_code(0);
    let again = std::fs::read_to_string(dir.path().join("baseline-2.json")).unwrap();
    assert_eq!(again, recorded);
    // A new finding is still new from the subfolder.
    let more = format!("{main}\n{}", tf_domain_services("dc2", "\"westus\""));
    std::fs::write(infra.join("main.tf"), more).unwrap();
    let report = check_json(&infra, &["--baseline", "../baseline.json"], 1);
    assert_eq!(report.codes(), ["EU010"]);
}
