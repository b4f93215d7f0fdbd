//! Throughput of `residency check` over the corpus's bulk folder (ARM JSON, Bicep, Terraform).
//! Not a timed test: run `cargo bench --bench throughput` and read the figures.
//!
//! Prints the wall time of each run, the median, the bytes checked and the peak resident
//! memory of the process.

#![allow(clippy::print_stdout)] // A bench binary reports on stdout.

use std::path::PathBuf;
use std::time::Instant;

use residency::check::{self, Options};

fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("RESIDENCY_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    assert!(
        dir.join("bulk").is_dir(),
        "*** The corpus is missing: expected {} (set RESIDENCY_CORPUS). ***",
        dir.display()
    );
    dir
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing useful: run once.
    let runs: usize = std::env::var("RESIDENCY_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let bulk = corpus_dir().join("bulk");
    let mut times = Vec::new();
    let mut summary = (0, 0, 0usize);
    for run in 0..runs {
        let start = Instant::now();
        let outcome = check::check_paths(std::slice::from_ref(&bulk), &Options::default())
            .expect("check runs");
        let elapsed = start.elapsed();
        let bytes: usize = outcome.sources.values().map(|t| t.len()).sum();
        let e001 = outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == "E001")
            .count();
        summary = (outcome.files_checked, e001, bytes);
        println!("run {run}: {:.0} ms", elapsed.as_secs_f64() * 1000.0);
        times.push(elapsed);
    }
    times.sort();
    let median = times[times.len() / 2];
    parser_throughput(&bulk);
    let (files, e001, bytes) = summary;
    println!(
        "bulk: {files} files, {:.1} MB, {e001} E001; median {:.0} ms, best {:.0} ms ({:.0} MB/s); peak RSS {:.0} MiB; {} threads",
        bytes as f64 / 1e6,
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        bytes as f64 / 1e6 / median.as_secs_f64(),
        peak_rss_mib().unwrap_or(f64::NAN),
        rayon::current_num_threads()
    );
}

/// Single-thread speed of each parser over the bulk files of its format.
fn parser_throughput(bulk: &std::path::Path) {
    let mut json = Vec::new();
    let mut hcl = Vec::new();
    let mut bicep = Vec::new();
    let mut stack = vec![bulk.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let name = path.to_string_lossy();
                if name.ends_with(".json") {
                    json.push(text);
                } else if name.ends_with(".bicep") || name.ends_with(".bicepparam") {
                    bicep.push(text);
                } else if name.ends_with(".tf") || name.ends_with(".tfvars") {
                    hcl.push(text);
                }
            }
        }
    }
    let measure = |name: &str, texts: &[String], parse: &dyn Fn(&str) -> usize| {
        let bytes: usize = texts.iter().map(String::len).sum();
        let rounds = 5;
        let start = Instant::now();
        let mut errors = 0;
        for _ in 0..rounds {
            errors += texts.iter().map(|t| parse(t)).sum::<usize>();
        }
        let secs = start.elapsed().as_secs_f64() / rounds as f64;
        println!(
            "{name}: {} files, {:.1} MB in {:.0} ms = {:.0} MB/s single thread ({} errors)",
            texts.len(),
            bytes as f64 / 1e6,
            secs * 1000.0,
            bytes as f64 / 1e6 / secs,
            errors / rounds
        );
    };
    measure("syntax::json", &json, &|t| {
        residency::syntax::json::parse(t).errors.len()
    });
    measure("syntax::hcl", &hcl, &|t| {
        residency::syntax::hcl::parse(t).errors.len()
    });
    measure("syntax::bicep", &bicep, &|t| {
        residency::syntax::bicep::syntax_errors(t).len()
    });
}
