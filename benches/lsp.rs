//! Latency of `residency lsp`, driven over pipes like an editor. Not a timed test: run
//! `cargo bench --bench lsp` and read the figures.
//!
//! - `initialize`: time from sending the request to its response (median of 5 fresh servers).
//! - Edit to diagnostics: time from sending a `didChange` to receiving the diagnostics of that
//!   version (median of 20 edits, debounce off through `initializationOptions`), on the largest
//!   template of `corpus/bulk` (3.3 MB) and on a file of about 50 KB. Each file is copied alone
//!   into a temporary folder, so the figure is that of the file, not of its neighbours.
//! - Burst: 20 edits sent 5 ms apart to the largest template; the time from the last edit to
//!   the diagnostics of the last version (median of 5 bursts), and how many diagnostics were
//!   published for each burst (edits during a lint coalesce into one more lint).
//! - Memory: the server's resident set with the 20 largest templates of the corpus open.

#![allow(clippy::print_stdout)] // A bench binary reports on stdout.

#[path = "../tests/lsp_support/mod.rs"]
mod lsp_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_support::{uri, Client};
use serde_json::json;

fn corpus_bulk() -> PathBuf {
    let dir = match std::env::var_os("RESIDENCY_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    let bulk = dir.join("bulk");
    assert!(
        bulk.is_dir(),
        "*** The corpus is missing: expected {} (set RESIDENCY_CORPUS). ***",
        bulk.display()
    );
    bulk
}

/// Every `.json` under `dir`, with its size.
fn json_files(dir: &Path, out: &mut Vec<(u64, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            if let Ok(m) = e.metadata() {
                out.push((m.len(), path));
            }
        }
    }
}

/// An ARM template (the server checks it): its `$schema` names deploymentTemplate.
fn is_template(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| {
        t.get(..2000).or(Some(&t)).is_some_and(|head| {
            head.to_ascii_lowercase()
                .contains("deploymenttemplate.json")
        })
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn start() -> (Client, Duration) {
    let mut client = Client::start();
    let t = Instant::now();
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    (client, t.elapsed())
}

/// Opens a copy of `template` alone in a folder and times 20 edits (a space added at the end of
/// the last line, then removed) to their diagnostics.
fn edit_latency(template: &Path) -> (Duration, Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("azuredeploy.json");
    std::fs::copy(template, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri(&path);
    let (mut client, _) = start();
    let t = Instant::now();
    client.open(&uri, "json", 1, &text);
    let diags = client.diagnostics_for_version(&uri, 1);
    let open = t.elapsed();
    let mut times = Vec::new();
    for i in 0..20 {
        let version = 2 + i as i64;
        let change = toggle_edit(&text, version);
        let t = Instant::now();
        client.change(&uri, version, change);
        let d = client.diagnostics_for_version(&uri, version);
        times.push(t.elapsed());
        assert_eq!(d.len(), diags.len(), "the edit changed the findings");
    }
    assert!(client.shutdown_and_exit().success());
    (median(times), open, diags.len())
}

/// The edit of version `version` of the benchmarks: a space added at the end of the last line,
/// then removed.
fn toggle_edit(text: &str, version: i64) -> serde_json::Value {
    let last_line = text.lines().count().max(1) as u64 - 1;
    let last_len = text.lines().last().unwrap_or("").encode_utf16().count() as u64;
    let start = json!({"line": last_line, "character": last_len});
    if version % 2 == 0 {
        json!([{"range": {"start": start, "end": start}, "text": " "}])
    } else {
        let end = json!({"line": last_line, "character": last_len + 1});
        json!([{"range": {"start": start, "end": end}, "text": ""}])
    }
}

/// Five bursts of 20 edits sent 5 ms apart to a copy of `template`: the median time from the
/// last edit of a burst to the diagnostics of its version, and the most diagnostics published
/// for one burst.
fn burst_latency(template: &Path) -> (Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("azuredeploy.json");
    std::fs::copy(template, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri(&path);
    let (mut client, _) = start();
    client.open(&uri, "json", 1, &text);
    client.diagnostics_for_version(&uri, 1);
    let mut version = 1;
    let mut latencies = Vec::new();
    let mut most_published = 0;
    for _ in 0..5 {
        let mut last_sent = Instant::now();
        for _ in 0..20 {
            version += 1;
            client.change(&uri, version, toggle_edit(&text, version));
            last_sent = Instant::now();
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut published = 0;
        loop {
            let m = client.wait_for("diagnostics of the burst", |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            published += 1;
            if m["params"]["version"] == json!(version) {
                break;
            }
        }
        latencies.push(last_sent.elapsed());
        most_published = most_published.max(published);
    }
    assert!(client.shutdown_and_exit().success());
    (median(latencies), most_published)
}

fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let bulk = corpus_bulk();
    let mut files = Vec::new();
    json_files(&bulk, &mut files);
    files.sort();
    files.reverse();
    let templates: Vec<(u64, PathBuf)> = files
        .iter()
        .filter(|(_, p)| is_template(p))
        .take(20)
        .cloned()
        .collect();

    // initialize
    let mut inits = Vec::new();
    for _ in 0..5 {
        let (client, took) = start();
        inits.push(took);
        assert!(client.shutdown_and_exit().success());
    }
    println!("initialize: median {} (5 servers)", ms(median(inits)));

    // Edit to diagnostics: the largest template, and one of about 50 KB.
    let (size, largest) = &templates[0];
    let (m, open, n) = edit_latency(largest);
    println!(
        "edit -> diagnostics, {} ({} bytes, {n} findings): median {} over 20 edits (open -> diagnostics {})",
        largest.strip_prefix(&bulk).unwrap_or(largest).display(),
        size,
        ms(m),
        ms(open)
    );
    let (burst, published) = burst_latency(largest);
    println!(
        "burst of 20 edits 5 ms apart, same template: last edit -> its diagnostics median {} over 5 bursts; at most {published} diagnostics published per burst",
        ms(burst)
    );
    let small = files
        .iter()
        .filter(|(s, _)| (45_000..=55_000).contains(s))
        .find(|(_, p)| is_template(p))
        .expect("a template of about 50 KB");
    let (m, open, n) = edit_latency(&small.1);
    println!(
        "edit -> diagnostics, {} ({} bytes, {n} findings): median {} over 20 edits (open -> diagnostics {})",
        small.1.strip_prefix(&bulk).unwrap_or(&small.1).display(),
        small.0,
        ms(m),
        ms(open)
    );

    // Memory with the 20 largest templates open (each alone in its folder).
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = start();
    let before = rss_mib(client.pid());
    let mut total = 0;
    for (i, (size, path)) in templates.iter().enumerate() {
        let folder = dir.path().join(format!("t{i}"));
        std::fs::create_dir(&folder).unwrap();
        let copy = folder.join("azuredeploy.json");
        std::fs::copy(path, &copy).unwrap();
        let text = std::fs::read_to_string(&copy).unwrap();
        let uri = uri(&copy);
        client.open(&uri, "json", 1, &text);
        client.diagnostics_for_version(&uri, 1);
        total += size;
    }
    let after = rss_mib(client.pid());
    println!(
        "memory: {:.1} MiB resident with the 20 largest templates open ({:.1} MB of text); {:.1} MiB after initialize",
        after.unwrap_or(f64::NAN),
        total as f64 / 1e6,
        before.unwrap_or(f64::NAN)
    );
    assert!(client.shutdown_and_exit().success());
}
