//! Checks of what is on disk: the whole workspace after `initialized` (with work-done
//! progress), and one folder's files with the open documents over them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::request::WorkDoneProgressCreate;
use tower_lsp_server::ls_types::{MessageType, ProgressToken, WorkDoneProgressCreateParams};

use super::config_file;
use super::diagnostics::{file_results, FileResult};
use super::scheduler::{self, Publication};
use super::server::Backend;
use super::session::{Published, Snapshot};
use crate::check::{self, Options, Overlay};
use crate::line_index::Encoding;
use crate::resolve::formats;
use crate::resolve::hosts::HostedApp;

/// Checks every supported file of the workspace folders, with work-done progress, and publishes
/// the findings of the files that are not open (open ones are checked on their own).
pub async fn scan(backend: &Backend, roots: Vec<PathBuf>) {
    let client = &backend.client;
    let done = Arc::new(AtomicU64::new(0));
    let total = Arc::new(AtomicU64::new(0));
    let mut progress = None;
    if backend.state.negotiated().progress {
        let token = ProgressToken::String("residency/workspace-scan".into());
        let created = client
            .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await;
        if created.is_ok() {
            progress = Some(
                client
                    .progress(token, "residency: checking the workspace")
                    .with_percentage(0)
                    .begin()
                    .await,
            );
        }
    }
    let encoding = backend.state.negotiated().encoding;
    let settings = backend.state.session().settings.clone();
    let scanned = roots.clone();
    let (d, t) = (done.clone(), total.clone());
    let work = tokio::task::spawn_blocking(move || {
        let options = Options {
            overrides: settings,
            on_start: Some(Box::new(move |n| t.store(n, Ordering::SeqCst))),
            on_progress: Some(Box::new(move |n| {
                d.fetch_add(n, Ordering::SeqCst);
            })),
            // One refused `.residency.yaml` must not hide the findings of every other folder:
            // its files are skipped, and it is reported on itself below.
            skip_refused_configs: true,
            ..Options::default()
        };
        let outcome = check::check_paths(&roots, &options).map_err(|e| e.0)?;
        // The configurations under the roots, with why each refused one is (for the log).
        let configs: Vec<(PathBuf, Option<String>)> = config_file::under(&roots)
            .into_iter()
            .map(|path| {
                let refused = crate::config::Config::load(&path)
                    .err()
                    .map(|e| e.to_string());
                (path, refused)
            })
            .collect();
        Ok::<_, String>((
            file_results(&outcome, encoding, &[]),
            (outcome.module_callers, outcome.hosts),
            configs,
        ))
    });
    tokio::pin!(work);
    let joined = loop {
        tokio::select! {
            joined = &mut work => break joined,
            () = tokio::time::sleep(Duration::from_millis(200)) => {
                let (d, t) = (done.load(Ordering::SeqCst), total.load(Ordering::SeqCst));
                if let (Some(p), true) = (&progress, t > 0) {
                    p.report_with_message(format!("{d}/{t} files"), (d * 100 / t) as u32).await;
                }
            }
        }
    };
    let results = match joined {
        Ok(Ok((results, (module_callers, hosts), configs))) => {
            // The refused configurations say why on themselves (accepted ones publish nothing).
            for (config, refused) in &configs {
                config_file::publish(backend, config);
                if let Some(why) = refused {
                    let line = format!("residency: {why}; the files it applies to are not checked");
                    client.log_message(MessageType::ERROR, line).await;
                }
            }
            // Which folders use modules elsewhere, so that a module opened before any of its
            // callers is checked in their context. Modules opened during the scan were
            // checked alone: check them again.
            let open_dirs: Vec<PathBuf> = {
                let mut session = backend.state.session();
                session.modules.learn_hosts(hosts, None);
                let learned = session.modules.learn(module_callers);
                let open: HashSet<PathBuf> = session.open_dirs().into_iter().collect();
                learned.into_iter().filter(|d| open.contains(d)).collect()
            };
            if !open_dirs.is_empty() {
                let backend = backend.clone();
                tokio::spawn(async move {
                    for dir in open_dirs {
                        scheduler::check_and_publish(&backend, dir, None).await;
                    }
                    if backend.state.negotiated().pull {
                        let _ = backend.client.workspace_diagnostic_refresh().await;
                    }
                });
            }
            results
        }
        Ok(Err(message)) => {
            client
                .log_message(MessageType::ERROR, format!("residency: {message}"))
                .await;
            // Most often a configuration is refused: say why on each such file.
            let configs = tokio::task::spawn_blocking(move || config_file::under(&scanned))
                .await
                .unwrap_or_default();
            for config in configs {
                config_file::publish(backend, &config);
            }
            Vec::new()
        }
        Err(e) => {
            let line = format!("residency lsp: internal error in the workspace scan: {e}");
            eprintln!("{line}");
            client.log_message(MessageType::ERROR, line).await;
            Vec::new()
        }
    };
    let files = results.len();
    let findings: usize = results.iter().map(|r| r.diagnostics.len()).sum();
    {
        let mut session = backend.state.session();
        for r in results {
            if r.diagnostics.is_empty()
                || session.docs.get(&r.path).is_some()
                || session.published.contains_key(&r.path)
            {
                continue; // open, or already checked since
            }
            session.published.insert(
                r.path.clone(),
                Published {
                    run: 0,
                    version: None,
                    diagnostics: r.diagnostics.clone(),
                    resources: r.resources,
                    hints: r.hints,
                    tenant_literals: r.tenant_literals,
                },
            );
            let _ = backend.outbox.send(Publication {
                uri: r.uri,
                diagnostics: r.diagnostics,
                version: None,
            });
        }
    }
    if let Some(p) = progress {
        p.finish_with_message(format!("{findings} finding(s) in {files} file(s)"))
            .await;
    }
}

/// The supported files of `dir` on disk (not its subfolders), and the files of the folders in
/// `callers` (whose files use modules in `dir`) that call modules or set what they pass: Bicep
/// files, Terraform configuration and variable files.
fn folder_files(dir: &Path, callers: &[PathBuf], reads: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| dir.join(e.file_name()))
                .filter(|p| check::is_supported_name(p))
                .collect()
        })
        .unwrap_or_default();
    if paths.iter().any(|p| is_terraform_config(p)) {
        let mut found = Vec::new();
        environment_files(dir, 0, &mut found);
        paths.extend(found);
    }
    // The other files of the B2C policy sets of the folder: the chain is lowered whole, so
    // each folder of a set sees the same set.
    paths.extend(
        reads
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")) && p.is_file())
            .cloned(),
    );
    for caller in callers {
        if let Ok(entries) = std::fs::read_dir(caller) {
            paths.extend(
                entries
                    .flatten()
                    .map(|e| caller.join(e.file_name()))
                    .filter(|p| calls_modules(p) && p.is_file()),
            );
        }
    }
    paths
}

/// Most variable files looked for below a Terraform folder, and how deep.
const MAX_ENVIRONMENT_FILES: usize = 100;
const MAX_ENVIRONMENT_DEPTH: usize = 3;

/// Variable files below `dir` that Terraform does not load itself (`envs/prod.tfvars`): the
/// check applies those that `var_files:` names to the nearest Terraform folder above them, so
/// that the folder is checked per environment in the editor as in the CLI. Hidden folders
/// (`.terraform`, `.git`) are skipped.
fn environment_files(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    if depth >= MAX_ENVIRONMENT_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if found.len() >= MAX_ENVIRONMENT_FILES {
            return;
        }
        let name = e.file_name().to_string_lossy().to_ascii_lowercase();
        let path = dir.join(e.file_name());
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() && !name.starts_with('.') {
            environment_files(&path, depth + 1, found);
        } else if kind.is_file()
            && depth > 0
            && (name.ends_with(".tfvars") || name.ends_with(".tfvars.json"))
            && !name.starts_with("terraform.tfvars")
            && !name.contains(".auto.tfvars")
        {
            found.push(path);
        }
    }
}

fn is_terraform_config(path: &Path) -> bool {
    use crate::model::FileKind::*;
    matches!(
        formats::claim(path),
        Some(formats::Claim::Kind(TerraformHcl | TerraformJson))
    )
}

/// Whether a file can call a module or set what a call passes (by its name, as the format
/// registry claims it).
fn calls_modules(path: &Path) -> bool {
    use crate::model::FileKind::*;
    matches!(
        formats::claim(path),
        Some(formats::Claim::Kind(
            Bicep | TerraformHcl | TerraformJson | TfVars | TfVarsJson
        ))
    )
}

/// What a folder's check gives the session: each file's results, the modules it read, and the
/// apps of its files when they were gathered.
pub type FolderCheck = (
    Vec<FileResult>,
    check::ModuleCallers,
    Option<Vec<HostedApp>>,
);

/// The check of one folder on a snapshot: the diagnostics of each file checked (empty lists
/// included), which files use which Bicep modules, and the apps its files declare. The files
/// of the snapshot's callers (folders whose files use modules in the folder) are checked too,
/// so that the modules are checked with what their callers pass them.
pub fn check_folder(snapshot: Snapshot, encoding: Encoding) -> Result<FolderCheck, String> {
    let mut paths = folder_files(&snapshot.dir, &snapshot.callers, &snapshot.reads);
    let mut overlay: Overlay = snapshot
        .docs
        .into_iter()
        .map(|(p, text, _)| {
            // An open configuration is not checked (it is read from disk, and its own
            // diagnostics come from `config_file`).
            if !paths.contains(&p) && !config_file::is_config(&p) {
                paths.push(p.clone());
            }
            (p, text)
        })
        .collect();
    overlay.extend(snapshot.elsewhere);
    paths.sort();
    if paths.is_empty() {
        return Ok((Vec::new(), check::ModuleCallers::new(), None));
    }
    let options = Options {
        overrides: snapshot.settings,
        describe_resources: true,
        known_hosts: snapshot.hosts,
        ..Options::default()
    };
    let outcome = check::check_with_overlay(&paths, &overlay, &options).map_err(|e| e.0)?;
    Ok((
        file_results(&outcome, encoding, &paths),
        outcome.module_callers,
        outcome.hosts,
    ))
}
