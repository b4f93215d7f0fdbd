//! Exit codes: 0 clean (or below `--fail-on`), 1 findings, 2 usage and configuration errors.

use crate::cli_support::*;

#[test]
fn clean_folder_exits_0() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(dir.path(), ["check"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No problems found"), "{}", run.stdout);

    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.files_checked, 1);

    // An empty folder is clean too.
    let empty = tempfile::tempdir().unwrap();
    let report = check_json(empty.path(), &[], 0);
    assert_eq!((report.files_checked, report.diagnostics.len()), (0, 0));
}

#[test]
fn error_finding_exits_1() {
    let text = arm_ds_template("eastus");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let run = residency(dir.path(), ["check"]);
    run.expect_code(1);
    let line = line_of(&text, "\"eastus\"");
    assert!(run.stdout.contains("error[EU010]"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("azuredeploy.json:{line}:")),
        "the text report points at the location's line {line}:\n{}",
        run.stdout
    );
}

#[test]
fn missing_path_exits_2_and_names_it() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(dir.path(), ["check", "no-such-folder"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no report on a usage error: {}",
        run.stdout
    );

    // One good path does not save a missing one.
    let run = residency(dir.path(), ["check", "azuredeploy.json", "missing.tf"]);
    run.expect_code(2);
    assert!(run.stderr.contains("missing.tf"), "{}", run.stderr);
}

#[test]
fn bad_config_given_with_flag_exits_2_naming_file_and_key() {
    let dir = tree(&[
        ("azuredeploy.json", &arm_ds_template("westeurope")),
        ("unknown-key.yaml", "boundry: europe\n"),
        ("mars.yaml", "boundary: mars\n"),
        ("bad-level.yaml", "rules:\n  EU010: loud\n"),
        ("bad-code.yaml", "rules:\n  EU999: off\n"),
    ]);
    for (file, key, value) in [
        ("unknown-key.yaml", "boundry", "boundry"),
        ("mars.yaml", "boundary", "mars"),
        ("bad-level.yaml", "EU010", "loud"),
        ("bad-code.yaml", "rules", "EU999"),
    ] {
        let run = residency(dir.path(), ["check", "--config", file]);
        run.expect_code(2);
        for needle in [file, key, value] {
            assert!(
                run.stderr.contains(needle),
                "`--config {file}`: stderr should name {needle:?}:\n{}",
                run.stderr
            );
        }
    }
    let run = residency(dir.path(), ["check", "--config", "absent.yaml"]);
    run.expect_code(2);
    assert!(run.stderr.contains("absent.yaml"), "{}", run.stderr);
}

/// `--config` given a file that is not a configuration, perhaps a secret: the error names the
/// file and says what is wrong, and quotes nothing of it beyond a few characters (it echoed
/// about 300 characters into CI logs).
#[test]
fn a_config_file_that_is_not_yaml_is_not_echoed() {
    let key = "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2lKgFJL4iQ7U5Zr8CEbiY0Wk9B4z".repeat(5);
    let files = [
        (
            "key.pem",
            format!("-----BEGIN RSA PRIVATE KEY-----\n{key}\n-----END RSA PRIVATE KEY-----\n"),
        ),
        (
            "token",
            "ghp_0123456789abcdefghijklmnopqrstuvwxyz\n".to_string(),
        ),
        (".env", format!("CLIENT_SECRET={key}\nTENANT: contoso\n")),
        (
            "short.env",
            "PASSWORD=hunter2\nTENANT: contoso\n".to_string(),
        ),
        ("notes.yaml", format!("{key}: 1\n")),
    ];
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    for (name, text) in &files {
        write(dir.path(), name, text);
        let run = residency(dir.path(), ["check", "--config", name]);
        run.expect_code(2);
        assert!(run.stderr.contains(name), "names {name}: {}", run.stderr);
        let secret: Vec<char> = text.chars().collect();
        for window in secret.windows(12) {
            let window: String = window.iter().collect();
            assert!(
                !run.stderr.contains(&window),
                "`--config {name}` quotes {window:?} of the file:\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn bad_discovered_config_exits_2_naming_file_and_key() {
    let dir = tree(&[
        ("infra/azuredeploy.json", &arm_ds_template("westeurope")),
        ("infra/.residency.yaml", "boundary: mars\n"),
    ]);
    let run = residency(dir.path(), ["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains(".residency.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("boundary") && run.stderr.contains("mars"),
        "{}",
        run.stderr
    );

    write(
        dir.path(),
        "infra/.residency.yaml",
        "rules:\n  EU003: off\nexlude: ['x/**']\n",
    );
    let run = residency(dir.path(), ["check", "infra"]);
    run.expect_code(2);
    assert!(run.stderr.contains(".residency.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("exlude"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(dir.path(), ["check", "--format", "xml"]);
    run.expect_code(2);
    assert!(run.stderr.contains("xml"), "{}", run.stderr);
    residency(dir.path(), ["check", "--fail-on", "sometimes"]).expect_code(2);
    residency(dir.path(), ["check", "--boundary", "mars"]).expect_code(2);
    // --unsafe-fixes means nothing without --fix.
    residency(dir.path(), ["check", "--unsafe-fixes"]).expect_code(2);
    residency(dir.path(), ["frobnicate"]).expect_code(2);
}

#[test]
fn fail_on_moves_the_threshold() {
    // EU090 (warning) only: the location is decided at deployment.
    let warning = tree(&[(
        "azuredeploy.json",
        &arm_template(
            "",
            &[arm_domain_services(
                "aadds.contoso.com",
                "\"[resourceGroup().location]\"",
            )],
        ),
    )]);
    let report = check_json(warning.path(), &[], 0);
    assert_eq!(report.codes(), ["EU090"]);
    assert_eq!(report.only("EU090").severity, "warning");
    residency(warning.path(), ["check", "--fail-on", "error"]).expect_code(0);
    residency(warning.path(), ["check", "--fail-on", "warning"]).expect_code(1);
    residency(warning.path(), ["check", "--fail-on", "info"]).expect_code(1);
    residency(warning.path(), ["check", "--fail-on", "never"]).expect_code(0);

    // EU003 (info, turned on: it is off by default) only: a B2C tenant in Europe with a German
    // country code.
    let info = tree(&[
        (
            "azuredeploy.json",
            &arm_b2c_template("contoso.onmicrosoft.com", "Europe", "DE"),
        ),
        (".residency.yaml", "rules:\n  EU003: info\n"),
    ]);
    let report = check_json(info.path(), &[], 0);
    assert_eq!(report.codes(), ["EU003"]);
    assert_eq!(report.only("EU003").severity, "info");
    residency(info.path(), ["check", "--fail-on", "warning"]).expect_code(0);
    residency(info.path(), ["check", "--fail-on", "info"]).expect_code(1);

    // An error: only `never` lets it pass.
    let error = tree(&[("azuredeploy.json", &arm_ds_template("eastus"))]);
    residency(error.path(), ["check", "--fail-on", "warning"]).expect_code(1);
    residency(error.path(), ["check", "--fail-on", "never"]).expect_code(0);
}

/// A managed domain whose location nothing proves (the resource group's).
fn unprovable_template() -> String {
    arm_template(
        r#""location": { "type": "string", "defaultValue": "[resourceGroup().location]" }"#,
        &[arm_domain_services(
            "aadds",
            r#""[parameters('location')]""#,
        )],
    )
}

#[test]
fn max_unknown_gates_on_the_count_of_unprovable_locations() {
    let text = unprovable_template();
    let dir = tree(&[("azuredeploy.json", &text)]);
    // EU090 is a warning: the default --fail-on error passes, the summary counts them.
    let run = residency(dir.path(), ["check"]);
    run.expect_code(0);
    let n = run.stdout.matches("warning[EU090]").count();
    assert!(n >= 1, "{}", run.stdout);
    let counted = match n {
        1 => "1 location could not be proven".to_string(),
        n => format!("{n} locations could not be proven"),
    };
    assert!(run.stdout.contains(&counted), "{}", run.stdout);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(report.unknown_locations, n as u64);

    let below = (n - 1).to_string();
    residency(dir.path(), ["check", "--max-unknown", below.as_str()]).expect_code(1);
    let at = n.to_string();
    residency(dir.path(), ["check", "--max-unknown", at.as_str()]).expect_code(0);

    // A clean folder has none to count.
    let clean = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    residency(clean.path(), ["check", "--max-unknown", "0"]).expect_code(0);
    let report = check_json(clean.path(), &[], 0);
    assert_eq!(report.unknown_locations, 0);
}
