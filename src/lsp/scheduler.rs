//! When lints run and which results reach the client: the debounce after an edit, the lint of
//! a folder on a snapshot, and the staleness protocol. A result is published only when the
//! documents it was computed from are still at the versions of the snapshot, and only by the
//! newest run of its folder to finish. Results are judged and queued under the session lock,
//! and one task sends the queue in order, so the client receives them in the order they were
//! judged current.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tokio::sync::mpsc::{self, UnboundedSender};
use tower_lsp_server::ls_types::{self as lsp, MessageType, Uri};
use tower_lsp_server::Client;

use super::config_file;
use super::diagnostics::FileResult;
use super::server::Backend;
use super::session::{Published, Session};
use super::workspace_scan;

/// Lint runs: a counter, per folder the newest run that finished (older runs finishing later
/// are dropped), and the folders being linted after an edit, each with whether another edit
/// came meanwhile.
#[derive(Debug, Default)]
pub struct Runs {
    started: u64,
    finished: HashMap<PathBuf, u64>,
    busy: HashMap<PathBuf, bool>,
}

impl Runs {
    /// An edit in `dir` wants a lint: true when none is running there (the caller runs it),
    /// else false, and the running one runs once more when it finishes.
    pub fn claim(&mut self, dir: &Path) -> bool {
        match self.busy.get_mut(dir) {
            Some(again) => {
                *again = true;
                false
            }
            None => {
                self.busy.insert(dir.to_path_buf(), false);
                true
            }
        }
    }

    /// The lint of `dir` finished: true when an edit came meanwhile (run once more, on the
    /// newest text), else the folder is idle again.
    pub fn release(&mut self, dir: &Path) -> bool {
        match self.busy.get_mut(dir) {
            Some(again) if *again => {
                *again = false;
                true
            }
            _ => {
                self.busy.remove(dir);
                false
            }
        }
    }

    /// A new run's number.
    pub fn start(&mut self) -> u64 {
        self.started += 1;
        self.started
    }

    /// Records that `run` of `dir` finished; whether it is the newest to finish.
    pub fn finish(&mut self, dir: &Path, run: u64) -> bool {
        let last = self.finished.entry(dir.to_path_buf()).or_insert(0);
        let newest = *last <= run;
        if newest {
            *last = run;
        }
        newest
    }
}

/// Diagnostics to publish.
pub struct Publication {
    pub uri: Uri,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub version: Option<i32>,
}

/// The queue of publications, sent in order by one task.
pub type Outbox = UnboundedSender<Publication>;

/// Starts the task that publishes what is queued, in order. Needs a tokio runtime.
pub fn outbox(client: Client) -> Outbox {
    let (tx, mut rx) = mpsc::unbounded_channel::<Publication>();
    tokio::spawn(async move {
        while let Some(p) = rx.recv().await {
            client
                .publish_diagnostics(p.uri, p.diagnostics, p.version)
                .await;
        }
    });
    tx
}

/// Lints the folder of `path` at once when it is idle (after the `debounceMs` wait, 0 unless
/// the client sets it). While a lint of the folder runs, an edit only marks that one more is
/// needed: the running task lints once more, on the newest text, when it finishes, so a burst
/// of keystrokes costs at most one extra lint. `version` is the version that asked; `None`
/// for a file not open.
pub fn schedule(backend: &Backend, path: PathBuf, version: Option<i32>) {
    let backend = backend.clone();
    tokio::spawn(async move {
        let negotiated = backend.state.negotiated().clone();
        if !negotiated.debounce.is_zero() {
            tokio::time::sleep(negotiated.debounce).await;
        }
        if version.is_some() && backend.state.session().version(&path) != version {
            return; // a newer edit scheduled its own run
        }
        // A configuration is checked on its own; the checks read it from disk.
        if config_file::is_config(&path) {
            config_file::publish(&backend, &path);
            return;
        }
        let Some(dir) = path.parent().map(Path::to_path_buf) else {
            return;
        };
        if !negotiated.pull || version.is_none() {
            if !backend.state.session().runs.claim(&dir) {
                return; // the running lint runs once more, and sees this edit
            }
            loop {
                check_and_publish(&backend, dir.clone(), None).await;
                if !backend.state.session().runs.release(&dir) {
                    break;
                }
            }
        }
        if version.is_some() && backend.state.session().version(&path) != version {
            return; // edited again meanwhile: the newer edit checks the dependents
        }
        // Folders whose files use this one (a Bicep module elsewhere) are checked again.
        let dependents = backend.state.session().modules.dependents_of(&path);
        for dependent in &dependents {
            check_and_publish(&backend, dependent.clone(), None).await;
        }
        if negotiated.pull && !dependents.is_empty() {
            let _ = backend.client.workspace_diagnostic_refresh().await;
        }
    });
}

/// Lints each folder in a task of its own.
pub fn check_folders(backend: &Backend, dirs: impl IntoIterator<Item = PathBuf>) {
    for dir in dirs {
        let backend = backend.clone();
        tokio::spawn(async move {
            check_and_publish(&backend, dir, None).await;
        });
    }
}

/// With pull diagnostics, asks the client to pull again (settings or files on disk changed).
pub fn refresh_pulled(backend: &Backend) {
    if backend.state.negotiated().pull {
        let client = backend.client.clone();
        tokio::spawn(async move {
            let _ = client.workspace_diagnostic_refresh().await;
        });
    }
}

/// Checks again the folders of the open documents (settings or configuration changed).
pub fn relint_open(backend: &Backend) {
    refresh_pulled(backend);
    let dirs = backend.state.session().open_dirs();
    check_folders(backend, dirs);
}

/// Lints the supported files of `dir` (not its subfolders) with the open documents overlaid,
/// and publishes the results that are still current. Returns the diagnostics of `want` (an
/// open document) when they are current: what a pull request answers.
pub async fn check_and_publish(
    backend: &Backend,
    dir: PathBuf,
    want: Option<&Path>,
) -> Option<Vec<lsp::Diagnostic>> {
    let (run, snapshot) = {
        let mut session = backend.state.session();
        (session.runs.start(), session.snapshot(&dir))
    };
    let versions = snapshot.versions();
    let encoding = backend.state.negotiated().encoding;
    let joined =
        tokio::task::spawn_blocking(move || workspace_scan::check_folder(snapshot, encoding)).await;
    let results = match joined {
        Ok(Ok((results, module_callers, hosts))) => {
            let checked: Vec<PathBuf> = results.iter().map(|r| r.path.clone()).collect();
            let mut session = backend.state.session();
            session.modules.checked(&dir, module_callers);
            session.modules.learn_hosts(hosts, Some(&checked));
            drop(session);
            results
        }
        Ok(Err(message)) => {
            backend
                .client
                .log_message(MessageType::ERROR, format!("residency: {message}"))
                .await;
            // Most often the folder's configuration is refused: say why on the file.
            if let Some(config) = config_file::nearest(&dir) {
                config_file::publish(backend, &config);
            }
            return None;
        }
        Err(e) => {
            let message = if e.is_panic() {
                super::handlers::panic_message(e.into_panic().as_ref())
            } else {
                e.to_string()
            };
            let line = format!(
                "residency lsp: internal error while checking {}: {message}",
                dir.display()
            );
            eprintln!("{line}");
            backend.client.log_message(MessageType::ERROR, line).await;
            return None;
        }
    };
    let pull = backend.state.negotiated().pull;
    let mut session = backend.state.session();
    let newest = session.runs.finish(&dir, run);
    let wanted = judge(
        &mut session,
        &backend.outbox,
        results,
        &versions,
        (run, newest),
        pull,
        want,
    );
    drop(session);
    // The hints follow the check: the client asks for those of the new version.
    let negotiated = backend.state.negotiated();
    if negotiated.inlay_hints && negotiated.inlay_hint_refresh {
        let client = backend.client.clone();
        tokio::spawn(async move {
            let _ = client.inlay_hint_refresh().await;
        });
    }
    wanted
}

/// Records and queues the results of a run that are still current; returns those of `want`.
fn judge(
    session: &mut Session,
    outbox: &Outbox,
    results: Vec<FileResult>,
    versions: &HashMap<PathBuf, i32>,
    (run, newest): (u64, bool),
    pull: bool,
    want: Option<&Path>,
) -> Option<Vec<lsp::Diagnostic>> {
    let mut wanted = None;
    for r in results {
        let current = session.version(&r.path);
        let version = match (versions.get(&r.path), current) {
            (Some(v), Some(c)) if *v == c => Some(c),
            (_, Some(_)) => continue, // stale, or opened after the snapshot
            // Closed since the snapshot: the check of the file on disk that its closing
            // scheduled says what counts now.
            (Some(_), None) => continue,
            (None, None) => None,
        };
        if want == Some(r.path.as_path()) {
            wanted = Some(r.diagnostics.clone());
        }
        if !newest {
            continue; // a newer run of this folder already published
        }
        if session.published.get(&r.path).is_some_and(|p| p.run > run) {
            continue; // a newer run of another folder that reads the file already published
        }
        let had = session
            .published
            .get(&r.path)
            .is_some_and(|p| !p.diagnostics.is_empty());
        if r.diagnostics.is_empty() && !had && version.is_none() {
            continue; // nothing to say about a file not open
        }
        // Checks of other folders (a module's callers, its dependents) see the same
        // snapshot again: what the client already has is not sent twice.
        let unchanged = session
            .published
            .get(&r.path)
            .is_some_and(|p| p.version == version && p.diagnostics == r.diagnostics);
        session.published.insert(
            r.path.clone(),
            Published {
                run,
                version,
                diagnostics: r.diagnostics.clone(),
                resources: r.resources,
                hints: r.hints,
                tenant_literals: r.tenant_literals,
            },
        );
        // With pull diagnostics, open documents are pulled, not pushed.
        if !(unchanged || pull && version.is_some()) {
            let _ = outbox.send(Publication {
                uri: r.uri,
                diagnostics: r.diagnostics,
                version,
            });
        }
    }
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::documents::Document;

    #[test]
    fn edits_during_a_lint_coalesce_into_one_more() {
        let mut runs = Runs::default();
        let (a, b) = (Path::new("/w/a"), Path::new("/w/b"));
        assert!(runs.claim(a), "an idle folder is linted at once");
        assert!(runs.claim(b), "folders are independent");
        // Three edits while `a` is linted: one more lint, not three.
        assert!(!runs.claim(a));
        assert!(!runs.claim(a));
        assert!(!runs.claim(a));
        assert!(runs.release(a), "one more run");
        assert!(!runs.release(a), "then idle");
        assert!(runs.claim(a), "idle again: the next edit lints at once");
        assert!(!runs.release(b));
    }

    fn result(path: &Path, codes: usize) -> FileResult {
        let diagnostics = (0..codes)
            .map(|i| lsp::Diagnostic {
                message: format!("finding {i}"),
                ..lsp::Diagnostic::default()
            })
            .collect();
        FileResult {
            path: path.to_path_buf(),
            uri: crate::lsp::diagnostics::uri_of(path).unwrap(),
            diagnostics,
            resources: Vec::new(),
            hints: Vec::new(),
            tenant_literals: Vec::new(),
        }
    }

    #[test]
    fn stale_closed_and_repeated_results_are_not_published() {
        let (tx, mut rx) = mpsc::unbounded_channel::<Publication>();
        let mut session = Session::default();
        let open = PathBuf::from("/w/main.tf");
        let closed = PathBuf::from("/w/old.tf");
        let disk = PathBuf::from("/w/vars.tf");
        session.docs.open(
            open.clone(),
            Document::new("file:///w/main.tf".into(), "", 2),
        );
        let snapshot_v1 = HashMap::from([(open.clone(), 1), (closed.clone(), 1)]);
        let snapshot_v2 = HashMap::from([(open.clone(), 2)]);
        let mut sent = || {
            let mut out = Vec::new();
            while let Ok(p) = rx.try_recv() {
                out.push((p.uri.to_string(), p.diagnostics.len(), p.version));
            }
            out
        };
        // A run on version 1 of an open document now at version 2, and on a document closed
        // since its snapshot: nothing.
        let results = vec![result(&open, 1), result(&closed, 1)];
        let wanted = judge(
            &mut session,
            &tx,
            results,
            &snapshot_v1,
            (1, true),
            false,
            Some(&open),
        );
        assert!(wanted.is_none());
        assert!(sent().is_empty());
        // The current version, and a file not open with a finding: both published.
        let results = vec![result(&open, 1), result(&disk, 2)];
        let wanted = judge(
            &mut session,
            &tx,
            results,
            &snapshot_v2,
            (2, true),
            false,
            Some(&open),
        );
        assert_eq!(wanted.map(|w| w.len()), Some(1));
        assert_eq!(
            sent(),
            [
                ("file:///w/main.tf".to_string(), 1, Some(2)),
                ("file:///w/vars.tf".to_string(), 2, None)
            ]
        );
        // The same results again (another folder's check saw the same snapshot): not resent.
        let results = vec![result(&open, 1), result(&disk, 2)];
        judge(
            &mut session,
            &tx,
            results,
            &snapshot_v2,
            (3, true),
            false,
            None,
        );
        assert!(sent().is_empty());
        // An older run finishing last: answers a pull, publishes nothing.
        let results = vec![result(&open, 0)];
        let wanted = judge(
            &mut session,
            &tx,
            results,
            &snapshot_v2,
            (0, false),
            false,
            Some(&open),
        );
        assert_eq!(wanted.map(|w| w.len()), Some(0));
        assert!(sent().is_empty());
        assert_eq!(session.published[&open].diagnostics.len(), 1);
        // A file that two folders' checks read (a B2C policy of a set across folders): the run
        // of the other folder that started earlier but finishes later publishes nothing for it.
        let results = vec![result(&disk, 0)];
        judge(
            &mut session,
            &tx,
            results,
            &snapshot_v2,
            (2, true),
            false,
            None,
        );
        assert!(sent().is_empty());
        assert_eq!(session.published[&disk].diagnostics.len(), 2);
    }

    #[test]
    fn only_the_newest_run_of_a_folder_counts() {
        let mut runs = Runs::default();
        let (a, b) = (runs.start(), runs.start());
        assert!(runs.finish(Path::new("/w"), b));
        assert!(!runs.finish(Path::new("/w"), a));
        assert!(runs.finish(Path::new("/other"), a));
    }
}
