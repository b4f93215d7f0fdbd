//! benches/compare_timing.py, the timer of benches/compare.sh: it runs every command of a plan
//! in interleaved rounds, reports medians and ratios, keeps the figures as JSON, and stops on a
//! command that does not run as intended (so a broken build is never timed as a fast one).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn timer(plan: &Value, figures: &std::path::Path) -> Output {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/compare_timing.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(figures)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(plan.to_string().as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn medians_ratios_and_figures_of_interleaved_runs() {
    let dir = tempfile::tempdir().unwrap();
    let figures = dir.path().join("figures.json");
    let plan = json!({
        "rounds": 3,
        "warmup": 1,
        "commands": [
            {"label": "slow", "cmd": ["sleep", "0.2"], "bytes": 2_000_000},
            {"label": "fast", "cmd": ["sleep", "0.02"]},
            {"label": "finding", "cmd": ["sh", "-c", "exit 1"]},
        ],
        "ratios": [{"label": "fast against slow", "slow": "slow", "fast": "fast", "target": "2x"}],
    });
    let out = timer(&plan, &figures);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("fast against slow: "), "{said}");
    assert!(said.contains("(target 2x)"), "{said}");
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&figures).unwrap()).unwrap();
    let slow = &kept["figures"]["slow"];
    assert_eq!(slow["runs"], 3);
    let wall = slow["median_wall_s"].as_f64().unwrap();
    assert!((0.2..1.0).contains(&wall), "{kept:#}");
    // 2 MB in about 0.2 s.
    let rate = slow["mb_per_s"].as_f64().unwrap();
    assert!(rate > 1.0 && rate <= 10.0, "{kept:#}");
    assert!(kept["figures"]["fast"]["mb_per_s"].is_null());
    let ratio = kept["ratios"][0]["wall"].as_f64().unwrap();
    assert!(ratio > 2.0, "sleeping 0.2 s against 0.02 s: {kept:#}");
}

#[test]
fn a_command_that_fails_stops_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let plan = json!({
        "rounds": 1,
        "commands": [{"label": "broken", "cmd": ["sh", "-c", "exit 2"]}],
    });
    let out = timer(&plan, &dir.path().join("figures.json"));
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("exited 2 (label broken)"), "{said}");
}
