//! `--format markdown`: the job summary.

mod report_support;

use report_support::*;
use residency::diagnostic::Diagnostic;
use residency::report::Format;

#[test]
fn totals_counts_per_rule_and_findings() {
    let out = render(&diagnostics(), 12, Format::Markdown, false);
    let docs = "https://github.com/residency-lint/residency/blob/main/docs/rules";
    let expected = format!(
        "\
## residency: 4 problems (2 errors, 1 warning, 1 info) in 12 files

| rule | name | severity | findings |
|---|---|---|---:|
| [E002]({docs}/E002.md) | unreadable-file | error | 1 |
| [EU010]({docs}/EU010.md) | domain-services-outside-europe | error | 1 |
| [EU050]({docs}/EU050.md) | app-access-to-identity-data | info | 1 |
| [EU091]({docs}/EU091.md) | unknown-region | warning | 1 |

### Findings

| severity | location | rule | message |
|---|---|---|---|
| error | `infra/main.tf:3` | EU010 | Domain Services managed domain is in `eastus2`, outside Europe<br>help: Set the location to `westeurope` (unsafe fix) |
| error | `bin/blob.bicep:1` | E002 | The file is not UTF-8.<br>help: Save it as UTF-8. |
| warning | `arm/template.json:2` | EU091 | `westus` needs checking.<br>help: Use `westeurope` |
| info | `env/prod, é:1%.tf:1` | EU050 | 100% of apps: check, then decide<br>second line<br>third |
"
    );
    assert_eq!(out, expected);
}

#[test]
fn findings_link_to_the_file_at_the_line() {
    let base = "https://github.com/o/r/blob/abc123/";
    let out = render_with(&diagnostics(), &[], Some(base), 12, Format::Markdown, false);
    for row in [
        "| error | [`infra/main.tf:3`](https://github.com/o/r/blob/abc123/infra/main.tf#L3) | EU010 |",
        "| info | [`env/prod, é:1%.tf:1`](https://github.com/o/r/blob/abc123/env/prod,%20é:1%25.tf#L1) | EU050 |",
    ] {
        assert!(out.contains(row), "{row}\n---\n{out}");
    }
    // A path outside the repository gets no link.
    let mut outside = diagnostics();
    outside.truncate(1);
    outside[0].path = "../elsewhere/main.tf".into();
    let out = render_with(&outside, &[], Some(base), 1, Format::Markdown, false);
    assert!(
        out.contains("| error | `../elsewhere/main.tf:1` | EU010 |"),
        "{out}"
    );
}

#[test]
fn no_problems() {
    assert_eq!(
        render(&[], 1, Format::Markdown, false),
        "## residency: no problems found in 1 file\n"
    );
}

#[test]
fn many_findings_are_cut_to_the_first_twenty_errors_first() {
    let all = diagnostics();
    let mut many: Vec<Diagnostic> = Vec::new();
    // 15 infos, then 15 errors: the errors come first, then 5 infos.
    for _ in 0..15 {
        many.push(all[2].clone());
    }
    for _ in 0..15 {
        many.push(all[0].clone());
    }
    let out = render(&many, 30, Format::Markdown, false);
    assert!(out.starts_with("## residency: 30 problems (15 errors, 15 info) in 30 files\n"));
    assert!(out.contains("| [EU010]"), "{out}");
    assert!(out.contains("| domain-services-outside-europe | error | 15 |"));
    assert!(out.contains("\n### The first 20 of 30 findings\n"), "{out}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("| error |") || l.starts_with("| info |"))
        .collect();
    assert_eq!(rows.len(), 20);
    assert!(rows[..15].iter().all(|r| r.starts_with("| error |")));
    assert!(rows[15..].iter().all(|r| r.starts_with("| info |")));
}

#[test]
fn a_message_cannot_break_the_table() {
    let mut d = diagnostics();
    d.truncate(1);
    d[0].message = "a | b\nc".into();
    let out = render(&d, 1, Format::Markdown, false);
    assert!(
        out.ends_with(
            "| EU010 | a \\| b<br>c<br>help: Set the location to `westeurope` (unsafe fix) |\n"
        ),
        "{out}"
    );
}
