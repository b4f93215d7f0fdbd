//! The server's state: one [`Session`] under one `Mutex`, and what `initialize` negotiated in a
//! `OnceLock`.
//!
//! Ordering (DESIGN.md): `didOpen`/`didChange`/`didClose` change the session synchronously,
//! before their handler first awaits; tower-lsp-server starts handlers in arrival order, so
//! edits apply in order. A lint runs on a snapshot taken under the lock, off the async threads;
//! its results carry the versions of the snapshot and are judged against the session again
//! under the lock (see [`super::scheduler`]). The lock is never held across an `.await`: a
//! `MutexGuard` is not `Send`, so a spawned task that tried would not compile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use tower_lsp_server::ls_types as lsp;

use super::documents::Documents;
use super::module_graph::ModuleGraph;
use super::scheduler::Runs;
use super::settings::Settings;
use crate::line_index::Encoding;
use crate::syntax::TextRange;

/// Default wait between an edit and its lint (`debounceMs`): none. Edits that come while a
/// lint runs are coalesced into one more lint (see [`super::scheduler::schedule`]).
pub const DEFAULT_DEBOUNCE: Duration = Duration::ZERO;

/// Everything the handlers share and change.
#[derive(Default)]
pub struct Session {
    pub docs: Documents,
    /// What was last published (or answered to a pull) per file.
    pub published: HashMap<PathBuf, Published>,
    pub settings: Settings,
    /// Which folders read files of other folders (Bicep modules).
    pub modules: ModuleGraph,
    /// Lint runs started and finished, for dropping stale results.
    pub runs: Runs,
    /// `shutdown` was received (the exit code depends on it).
    pub shut_down: bool,
}

/// Diagnostics last published for a file.
pub struct Published {
    pub version: Option<i32>,
    /// The lint run that published it (0: the workspace scan, a configuration file): a file
    /// that the checks of several folders read (a module, a B2C policy of a set across
    /// folders) takes the newest run's results, whichever folder's run finishes last.
    pub run: u64,
    pub diagnostics: Vec<lsp::Diagnostic>,
    /// The identity resources declared in the file, by byte range of their declaration, with
    /// their hover text (from the same check, so valid for `version`).
    pub resources: Vec<(TextRange, String)>,
    /// The inlay hints of the file, from the same check.
    pub hints: Vec<crate::check::HintInfo>,
    /// Where tenant locations are written (string starts): completion offers tenant locations
    /// there. Valid while edits stay inside the string.
    pub tenant_literals: Vec<u32>,
}

/// A lint snapshot of one folder: the open documents in it (with versions), the open Bicep
/// files elsewhere (modules it may use), the folders whose files use its modules, the settings.
pub struct Snapshot {
    pub dir: PathBuf,
    pub docs: Vec<(PathBuf, Arc<String>, i32)>,
    pub elsewhere: Vec<(PathBuf, Arc<String>)>,
    pub callers: Vec<PathBuf>,
    /// The files outside the folder its last check read (Bicep modules, the other files of
    /// its B2C policy sets).
    pub reads: Vec<PathBuf>,
    /// The workspace's apps, when B2C policies or API connectors may call them.
    pub hosts: Option<Vec<crate::resolve::hosts::HostedApp>>,
    pub settings: Settings,
}

impl Snapshot {
    /// The version of each open document of the snapshot.
    pub fn versions(&self) -> HashMap<PathBuf, i32> {
        self.docs.iter().map(|(p, _, v)| (p.clone(), *v)).collect()
    }
}

impl Session {
    /// The version of an open document.
    pub fn version(&self, path: &Path) -> Option<i32> {
        self.docs.get(path).map(|d| d.version)
    }

    /// What a check of `dir` reads from the session.
    pub fn snapshot(&mut self, dir: &Path) -> Snapshot {
        Snapshot {
            dir: dir.to_path_buf(),
            docs: self.docs.snapshot_dir(dir),
            elsewhere: self.docs.snapshot_modules_outside(dir),
            callers: self.modules.callers_of(dir),
            reads: self.modules.reads_of(dir),
            hosts: self.modules.known_hosts(),
            settings: self.settings.clone(),
        }
    }

    /// The folders of the open documents.
    pub fn open_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self
            .docs
            .paths()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// What was published for `path` when it was checked at its current version (or, with
    /// `or_closed`, when it was checked from disk).
    pub fn current(&self, path: &Path, or_closed: bool) -> Option<&Published> {
        let version = self.version(path);
        self.published.get(path).filter(|p| {
            (p.version.is_some() && p.version == version) || (or_closed && p.version.is_none())
        })
    }
}

/// What `initialize` settled: the client's capabilities and the initialization options.
#[derive(Clone, Debug)]
pub struct Negotiated {
    pub encoding: Encoding,
    /// The client pulls diagnostics and can be told to pull again: open documents are not
    /// pushed.
    pub pull: bool,
    /// The client shows work-done progress (`window.workDoneProgress`).
    pub progress: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    pub debounce: Duration,
    /// Inlay hints are offered (`initializationOptions.inlayHints`, default true).
    pub inlay_hints: bool,
    /// The client can be told to ask for inlay hints again (`workspace/inlayHint/refresh`).
    pub inlay_hint_refresh: bool,
    /// Workspace folders, checked whole after `initialized`.
    pub roots: Vec<PathBuf>,
}

impl Default for Negotiated {
    fn default() -> Self {
        Negotiated {
            encoding: Encoding::Utf16,
            pull: false,
            progress: false,
            configuration: false,
            debounce: DEFAULT_DEBOUNCE,
            inlay_hints: true,
            inlay_hint_refresh: false,
            roots: Vec::new(),
        }
    }
}

/// The state behind every handler.
pub struct State {
    session: Mutex<Session>,
    negotiated: OnceLock<Negotiated>,
    /// Registers the `residency/debugPanic` request (end-to-end tests of panic recovery).
    pub test_hooks: bool,
}

impl State {
    pub fn new(test_hooks: bool) -> Self {
        State {
            session: Mutex::default(),
            negotiated: OnceLock::new(),
            test_hooks,
        }
    }

    /// The session, locked. A panic while it was held does not poison it for good: each
    /// mutation is complete or not started when a handler can panic.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What `initialize` negotiated (the defaults before it).
    pub fn negotiated(&self) -> &Negotiated {
        static BEFORE: OnceLock<Negotiated> = OnceLock::new();
        self.negotiated
            .get()
            .unwrap_or_else(|| BEFORE.get_or_init(Negotiated::default))
    }

    /// Records what `initialize` negotiated; a second `initialize` changes nothing.
    pub fn negotiate(&self, negotiated: Negotiated) {
        let _ = self.negotiated.set(negotiated);
    }

    /// Whether `shutdown` was received (the exit code depends on it).
    pub fn was_shut_down(&self) -> bool {
        self.session().shut_down
    }
}
