//! Which files are read and how they are named: the walk (.gitignore, symlink loops, unrelated JSON, size limit), paths as given, overlapping paths, and encodings (BOM, Latin-1, UTF-16, binary).

use std::path::Path;
use std::time::Duration;

use crate::cli_support::*;

#[test]
fn gitignore_is_honoured_with_and_without_a_git_dir() {
    let dir = tree(&[
        (".gitignore", "generated/\n*.bak.json\n"),
        ("generated/azuredeploy.json", &arm_ds_template("eastus")),
        ("main/azuredeploy.json", &arm_ds_template("westeurope")),
        ("main/azuredeploy.bak.json", &arm_ds_template("eastus")),
    ]);
    // A .gitignore deeper in the tree applies below it.
    write(
        dir.path(),
        "main/.gitignore",
        "*.generated.tf
",
    );
    write(
        dir.path(),
        "main/dc.generated.tf",
        tf_domain_services("dc", "\"eastus\""),
    );
    let report = check_json(dir.path(), &[], 0);
    assert!(
        report.diagnostics.is_empty(),
        "without .git: {:#?}",
        report.diagnostics
    );
    assert_eq!(report.files_checked, 1);

    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let report = check_json(dir.path(), &[], 0);
    assert!(
        report.diagnostics.is_empty(),
        "with .git: {:#?}",
        report.diagnostics
    );

    // Proof the fixture is flagged when nothing ignores it.
    std::fs::remove_file(dir.path().join(".gitignore")).unwrap();
    std::fs::remove_file(dir.path().join("main/.gitignore")).unwrap();
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.with_code("EU010").len(), 3);
}

#[cfg(unix)]
#[test]
fn symlink_loop_terminates_with_the_normal_result() {
    let dir = tree(&[
        ("infra/a/azuredeploy.json", &arm_ds_template("eastus")),
        ("infra/a/b/main.json", &arm_ds_template("westus2")),
    ]);
    let expected = check_json(dir.path(), &[], 1);
    assert_eq!(expected.with_code("EU010").len(), 2);
    std::os::unix::fs::symlink("..", dir.path().join("infra/a/b/loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("infra/self")).unwrap();
    let run = residency_within(
        dir.path(),
        ["check", "--format", "json"],
        Duration::from_secs(30),
    );
    run.expect_code(1);
    assert!(
        run.elapsed < Duration::from_secs(20),
        "took {:?}",
        run.elapsed
    );
    let report = run.report();
    assert_eq!(report.places(), expected.places());
    assert_eq!(report.files_checked, expected.files_checked);
    // The link named on the command line is walked (once), not followed in circles.
    let run = residency_within(
        dir.path(),
        ["check", "--format", "json", "infra/a/b/loop"],
        Duration::from_secs(30),
    );
    run.expect_code(1);
    assert_eq!(run.report().with_code("EU010").len(), 2);
}

/// A folder the user may not list: named, it used to give "No problems found in 0 files" and
/// exit 0; under a folder named, it was skipped without a word. Run as a user the permissions
/// apply to (`nobody` when the tests run as root).
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_is_an_error_naming_it() {
    let dir = tree(&[
        (
            "infra/ok/main.tf",
            &tf_domain_services("ok", "\"westeurope\""),
        ),
        (
            "infra/locked/main.tf",
            &tf_domain_services("us", "\"eastus\""),
        ),
    ]);
    chmod(dir.path(), 0o755);
    chmod(&dir.path().join("infra/locked"), 0o000);
    let named = residency_unprivileged(dir.path(), ["check", "--format", "json", "infra/locked"]);
    let text = residency_unprivileged(dir.path(), ["check", "infra/locked"]);
    let below = residency_unprivileged(dir.path(), ["check", "--format", "json", "infra"]);
    chmod(&dir.path().join("infra/locked"), 0o755);

    let report = named.expect_code(1).report();
    assert_eq!(report.places(), [place("infra/locked", 1, "E002")]);
    let message = &report.only("E002").message;
    assert!(
        message.contains("folder") && message.contains("Permission denied"),
        "{message}"
    );
    text.expect_code(1);
    assert!(
        text.stdout.contains("infra/locked") && !text.stdout.contains("No problems"),
        "{}",
        text.stdout
    );
    // The folder beside it is still checked.
    let report = below.expect_code(1).report();
    assert_eq!(report.places(), [place("infra/locked", 1, "E002")]);
    assert_eq!(report.files_checked, 1);
}

#[test]
fn unrelated_json_is_skipped_silently() {
    let dir = tree(&[
        ("package.json", "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": {}\n}\n"),
        (
            "tsconfig.json",
            "{\n  // TypeScript settings\n  \"compilerOptions\": {\n    \"strict\": true, /* yes */\n    \"target\": \"es2022\",\n  },\n}\n",
        ),
        (".vscode/settings.json", "{ \"editor.tabSize\": 2 }\n"),
        ("data/list.json", "[1, 2, 3]\n"),
        ("data/half.json", "{ \"a\": [1, \n"),
        ("data/scalar.json", "42\n"),
        ("data/empty.json", ""),
        (
            ".vscode/launch.json",
            "{\n  // Use IntelliSense to learn about possible attributes.\n  \"version\": \"0.2.0\",\n  \"configurations\": [],\n}\n",
        ),
        (
            "web/tsconfig.base.json",
            "{ \"$schema\": \"https://json.schemastore.org/tsconfig\", \"extends\": \"./x\" }\n",
        ),
        ("azuredeploy.json", &arm_ds_template("westeurope")),
    ]);
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.files_checked, 1, "only the template is checked");
    let run = residency(dir.path(), ["check"]);
    run.expect_code(0);
    assert!(
        run.stderr.trim().is_empty(),
        "nothing said about skipped files: {}",
        run.stderr
    );
}

#[test]
fn a_file_named_but_not_checked_says_why() {
    let dir = tree(&[
        ("notes.txt", "not infrastructure\n"),
        ("package.json", "{ \"name\": \"web\" }\n"),
        (
            "legacy/main.tf",
            "resource \"azurerm_resource_group\" \"rg\" {}\n",
        ),
        (".residency.yaml", "exclude: ['legacy/**']\n"),
    ]);
    let run = residency(
        dir.path(),
        ["check", "notes.txt", "package.json", "legacy/main.tf"],
    );
    run.expect_code(0);
    for (file, why) in [
        ("notes.txt", "it is not a file residency reads"),
        ("package.json", "it is not a file residency reads"),
        (
            "legacy/main.tf",
            "it is excluded by `exclude` of .residency.yaml",
        ),
    ] {
        assert!(
            run.stderr
                .contains(&format!("residency: {file} was not checked: {why}")),
            "{file}: {}",
            run.stderr
        );
    }
    // A folder's files that it does not read are not worth a word.
    let run = residency(dir.path(), ["check", "."]);
    assert!(run.stderr.trim().is_empty(), "{}", run.stderr);
}

#[test]
fn file_over_max_file_size_is_e002_and_not_read() {
    let text = arm_ds_template("eastus");
    let dir = tree(&[
        (".residency.yaml", "max_file_size: 100\n"),
        ("big/azuredeploy.json", &text),
        ("small.tfvars", "location = \"eastus\"\n"),
    ]);
    assert!(text.len() > 100);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.codes(),
        ["E002"],
        "the big file is not read: {:#?}",
        report.diagnostics
    );
    let d = report.only("E002");
    assert_eq!(d.path, "big/azuredeploy.json");
    assert_eq!(d.name, "unreadable-file");
    assert_eq!((d.line, d.column), (1, 1));
    assert!(
        d.message.contains("size") && d.message.contains("100"),
        "{}",
        d.message
    );
    assert_eq!(report.files_checked, 2);
    // With a larger limit, the same file is read and flagged.
    write(dir.path(), ".residency.yaml", "max_file_size: 100000\n");
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.codes(), ["EU010"]);
}

#[test]
fn non_utf8_and_binary_terraform_files_are_e002() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1/main.tf",
        b"# R\xe9gion\nlocation = \"eastus\"\n",
    );
    write(
        dir.path(),
        "binary/main.tf",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00resource \"x\" \"y\" {}\n",
    );
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.codes(),
        ["E002", "E002"],
        "{:#?}",
        report.diagnostics
    );
    let by_path = |p: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.path == p)
            .unwrap_or_else(|| panic!("no finding on {p}"))
    };
    let latin = by_path("latin1/main.tf");
    assert!(latin.message.contains("UTF-8"), "{}", latin.message);
    let binary = by_path("binary/main.tf");
    assert!(
        binary.message.contains("binary") || binary.message.contains("NUL"),
        "{}",
        binary.message
    );
    assert_eq!(report.files_checked, 2);
    // The text report says the same, without panicking on the missing source.
    let run = residency(dir.path(), ["check"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("E002") && run.stdout.contains("UTF-8"),
        "{}",
        run.stdout
    );
}

#[test]
fn overlapping_paths_are_checked_once() {
    let dir = tree(&[
        ("infra/azuredeploy.json", &arm_ds_template("eastus")),
        ("infra/tf/main.tf", &tf_domain_services("dc", "\"eastus2\"")),
    ]);
    let once = check_json(dir.path(), &[], 1);
    assert_eq!(once.with_code("EU010").len(), 2);
    let again = check_json(
        dir.path(),
        &[".", "infra", "infra/azuredeploy.json", "./infra/tf"],
        1,
    );
    assert_eq!(again.places(), once.places());
    assert_eq!(again.files_checked, once.files_checked);
}

#[test]
fn absolute_paths_are_reported_as_given() {
    let dir = tree(&[("infra/azuredeploy.json", &arm_ds_template("eastus"))]);
    let abs = dir.path().join("infra");
    let other = tempfile::tempdir().unwrap();
    let report = residency(
        other.path(),
        [
            std::ffi::OsStr::new("check"),
            "--format".as_ref(),
            "json".as_ref(),
            abs.as_os_str(),
        ],
    )
    .expect_code(1)
    .report();
    let d = report.only("EU010");
    assert_eq!(Path::new(&d.path), abs.join("azuredeploy.json"));
    assert_eq!(
        Path::new(&d.fix.as_ref().unwrap().edits[0].path),
        abs.join("azuredeploy.json")
    );
}

#[test]
fn files_with_a_bom_are_checked_and_fixed_byte_exact() {
    let template = format!(
        "\u{feff}{}",
        arm_ds_template("eastus").replace('\n', "\r\n")
    );
    let main = format!("\u{feff}{}", tf_domain_services("dc", "\"westeurpe\""));
    let dir = tree(&[("arm/azuredeploy.json", &template), ("tf/main.tf", &main)]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.codes(),
        ["EU010", "EU091"],
        "{:#?}",
        report.diagnostics
    );
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(&template, "\"eastus\"", "\"westeurope\"");
    assert_file(dir.path(), "arm/azuredeploy.json", expected.as_bytes());
    let expected = replace_once(&main, "\"westeurpe\"", "\"westeurope\"");
    assert_file(dir.path(), "tf/main.tf", expected.as_bytes());
}

#[test]
fn unusual_path_characters_are_reported_as_given() {
    let dir = tree(&[(
        "prod env/日本/main.tf",
        &tf_domain_services("dc", "\"eastus\""),
    )]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.only("EU010").path.replace('\\', "/"),
        "prod env/日本/main.tf"
    );
    let run = residency(dir.path(), ["check", "--format", "github"]);
    assert!(
        run.stdout
            .starts_with("::error file=prod env/日本/main.tf,line=3,"),
        "{}",
        run.stdout
    );
    let run = residency(dir.path(), ["check", "--format", "json", "prod env/日本"]);
    assert_eq!(
        run.report().only("EU010").path.replace('\\', "/"),
        "prod env/日本/main.tf"
    );
}

#[test]
fn one_folder_named_twice_is_checked_and_fixed_once() {
    let text = arm_ds_template("westeurpe");
    let dir = tree(&[("infra/azuredeploy.json", &text)]);
    let abs = dir.path().join("infra");
    let args = |extra: &[&str]| {
        let mut v: Vec<std::ffi::OsString> =
            vec!["check".into(), "infra".into(), abs.clone().into()];
        v.extend(extra.iter().map(|s| s.into()));
        v
    };
    let report = residency(dir.path(), args(&["--format", "json"])).report();
    assert_eq!(
        report.codes(),
        ["EU091"],
        "`check infra /abs/infra` reports each finding once: {:#?}",
        report.diagnostics
    );
    assert_eq!(report.files_checked, 1);
    let run = residency(dir.path(), args(&["--fix"]));
    run.expect_code(0);
    let expected = replace_once(&text, "\"westeurpe\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(abs.join("azuredeploy.json")).unwrap(),
        expected.as_bytes(),
        "azuredeploy.json",
    );
}

#[test]
fn oversized_unrelated_json_is_still_skipped() {
    // A lock file or data file is no ARM template, however large it is.
    let mut lock =
        String::from("{\n  \"name\": \"web\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
    for i in 0..20 {
        lock.push_str(&format!(
            "    \"node_modules/p{i}\": {{ \"version\": \"1.0.{i}\" }},\n"
        ));
    }
    lock.push_str("    \"\": {}\n  }\n}\n");
    let dir = tree(&[
        (".residency.yaml", "max_file_size: 300\n"),
        ("package-lock.json", &lock),
        ("main.tf", "# nothing yet\n"),
    ]);
    assert!(lock.len() > 300);
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert!(
        report.diagnostics.is_empty(),
        "package-lock.json is unrelated JSON and must not fail the check: {:#?}",
        report.diagnostics
    );
}

#[test]
fn utf16_tfvars_is_e002_saying_it_is_not_utf8() {
    // Windows PowerShell 5 `echo ... > terraform.tfvars` writes UTF-16LE with a BOM: the message
    // should name the encoding problem (and the cure, UTF-8), not call the file binary.
    let mut bytes = vec![0xff, 0xfe];
    for unit in "location = \"westeurope\"\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "terraform.tfvars", &bytes);
    write(
        dir.path(),
        "main.tf",
        tf_domain_services("dc", "var.location"),
    );
    write(
        dir.path(),
        "variables.tf",
        "variable \"location\" {\n  type = string\n}\n",
    );
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("E002");
    assert_eq!(d.path, "terraform.tfvars");
    assert!(
        d.message.contains("UTF-16") || d.message.contains("UTF-8"),
        "the message names the encoding: {}",
        d.message
    );
}

#[test]
fn naming_more_paths_never_hides_a_finding() {
    // `check . gen/azuredeploy.json` reports at least what `check gen/azuredeploy.json` does,
    // even when the folder's .gitignore skips `gen/` during the walk.
    let dir = tree(&[
        (".gitignore", "gen/\n"),
        ("gen/azuredeploy.json", &arm_ds_template("eastus")),
        ("live/azuredeploy.json", &arm_ds_template("westus")),
    ]);
    let alone = check_json(dir.path(), &["gen/azuredeploy.json"], 1);
    assert_eq!(alone.places().len(), 1);
    let both = check_json(dir.path(), &[".", "gen/azuredeploy.json"], 1);
    for place in alone.places() {
        assert!(
            both.places().contains(&place),
            "{place:?} is reported by `check gen/azuredeploy.json` but not by `check . gen/azuredeploy.json`: {:?}",
            both.places()
        );
    }
    assert!(both.places().iter().any(|p| p.0 == "live/azuredeploy.json"));
}
