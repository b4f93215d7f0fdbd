//! The Terraform front-end on the real files of the corpus.

mod common;

use residency::syntax::hcl;

fn is_hcl(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tfvars")
}

#[test]
fn every_hcl_file_parses_without_errors() {
    let corpus = common::corpus_dir();
    let mut files = 0;
    let mut bytes = 0;
    let mut failures = Vec::new();
    for part in ["identity", "bulk"] {
        for path in common::files_under(&corpus.join(part), &is_hcl) {
            let text = std::fs::read_to_string(&path).unwrap();
            files += 1;
            bytes += text.len();
            let parsed = hcl::parse(&text);
            for e in parsed.errors.iter().take(3) {
                let line = text[..e.range.start as usize].matches('\n').count() + 1;
                failures.push(format!("{}:{line}: {}", path.display(), e.message));
            }
        }
    }
    eprintln!("parsed {files} HCL files ({bytes} bytes), {} errors", failures.len());
    assert!(files > 1000, "expected the corpus's .tf and .tfvars files, found {files}");
    assert!(failures.is_empty(), "syntax errors:\n{}", failures.join("\n"));
}
