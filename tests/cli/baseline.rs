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
