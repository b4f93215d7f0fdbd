//! A 3 MB document edited 1,000 times in quick succession, with the server's default (no debounce):
//! the server keeps up (the test only has to terminate; each wait has the client's timeout),
//! keeps the text exact, and publishes the last version's diagnostics at the right place.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

/// The lines of `AADDS` (location on line 5) and of a `locals` block of about 3 MB of
/// strings with multi-byte characters.
fn large_document() -> Vec<String> {
    let mut lines: Vec<String> = AADDS.lines().map(str::to_string).collect();
    lines.push("locals {".into());
    let mut size: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut i = 0;
    while size < 3_000_000 {
        let line = format!("  pad_{i:06} = \"é😀 {}\"", "x".repeat(60));
        size += line.len() + 1;
        lines.push(line);
        i += 1;
    }
    lines.push("}".into());
    lines
}

/// The UTF-16 column of byte `at` of `line`.
fn col(line: &str, at: usize) -> usize {
    line[..at].encode_utf16().count()
}

/// The byte of UTF-16 column `col` of `line`.
fn byte(line: &str, col: usize) -> usize {
    let mut units = 0;
    for (at, c) in line.char_indices() {
        if units >= col {
            return at;
        }
        units += c.len_utf16();
    }
    line.len()
}

/// The document's lines, edited as the client edits them (changes within one line or a whole
/// line inserted), so each edit costs the test one line rather than the whole text.
struct Mirror {
    lines: Vec<String>,
    changes: Vec<Value>,
}

impl Mirror {
    fn replace(&mut self, line: usize, start: usize, end: usize, new: &str) {
        let text = &mut self.lines[line];
        let (a, b) = (byte(text, start), byte(text, end));
        text.replace_range(a..b, new);
        self.changes.push(json!({
            "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}},
            "text": new,
        }));
    }

    fn insert_line(&mut self, at: usize, line: &str) {
        self.lines.insert(at, line.to_string());
        self.changes.push(json!({
            "range": {"start": {"line": at, "character": 0}, "end": {"line": at, "character": 0}},
            "text": format!("{line}\n"),
        }));
    }
}

#[test]
fn a_thousand_rapid_edits_of_a_3_megabyte_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Mirror {
        lines: large_document(),
        changes: Vec::new(),
    };
    let text = doc.lines.join("\n") + "\n";
    assert!(text.len() >= 3_000_000);
    let main = write(dir.path(), "main.tf", &text);
    // No debounce, the default: each edit that comes while a lint runs only asks for one more.
    let mut server = TestServer::builder().encodings(&["utf-16"]).start();
    server.open(&main, "terraform", 1, &text);
    let regions = ["northeurope", "westus", "francecentral", "eastus2"];
    let mut inserted = 0;
    let last = 1001;
    for version in 2..=last {
        // Every fifth version, a comment line above everything.
        if version % 5 == 0 {
            doc.insert_line(0, &format!("# edit {version}"));
            inserted += 1;
        }
        // The location's value, after the é😀 on its line.
        let at = 5 + inserted;
        let line = doc.lines[at].clone();
        let close = line.rfind('"').unwrap();
        let open = line[..close].rfind('"').unwrap() + 1;
        let region = regions[version as usize % regions.len()];
        doc.replace(at, col(&line, open), col(&line, close), region);
        // Deep inside the padding: a 😀 inserted, then removed (a surrogate pair in UTF-16).
        let middle = at + 20_000;
        let start = col(&doc.lines[middle], doc.lines[middle].find('"').unwrap() + 1);
        if version % 2 == 0 {
            doc.replace(middle, start, start, "😀");
        } else {
            assert!(doc.lines[middle][byte(&doc.lines[middle], start)..].starts_with('😀'));
            doc.replace(middle, start, start + 2, "");
        }
        let changes = std::mem::take(&mut doc.changes);
        server.change(&main, version, Value::Array(changes));
    }
    let diags = server.diagnostics_for_version(&main, last);
    // 1001 % 4 = 1: westus, on line 5 below the 200 comment lines; no syntax error, so the
    // edits inside the padding's strings landed where they were meant to.
    assert_eq!(inserted, 200);
    assert_eq!(codes(&diags), ["EU010"], "{diags:?}");
    let r = &diags[0]["range"];
    let at = 5 + inserted;
    assert_eq!(r["start"]["line"], at, "{r}");
    assert_eq!(r["end"]["line"], at, "{r}");
    let line = &doc.lines[at];
    let span = &line[byte(line, r["start"]["character"].as_u64().unwrap() as usize)
        ..byte(line, r["end"]["character"].as_u64().unwrap() as usize)];
    assert_eq!(span, "\"westus\"", "{r}");
    assert!(server.shutdown_and_exit().success());
}
