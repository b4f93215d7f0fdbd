//! The language server: document state, lint scheduling, and the LSP handlers.
//!
//! Ordering (DESIGN.md): `didOpen`/`didChange`/`didClose` change the documents synchronously,
//! under a std `Mutex`, before their handler first awaits; tower-lsp-server starts handlers in
//! arrival order, so edits apply in order. A lint runs on a snapshot of the open documents after
//! a debounce, off the async threads; its results carry the versions of the snapshot and are
//! dropped when a document changed meanwhile (or a newer run of the same folder finished first).
//! A panic in a handler is caught: requests answer with an internal error, and a line is logged.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::request::WorkDoneProgressCreate;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, CompletionOptions, CompletionParams,
    CompletionResponse, ConfigurationItem, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern,
    Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    InitializedParams, MarkupContent, MarkupKind, MessageType, PositionEncodingKind, ProgressToken,
    Registration, RelatedFullDocumentDiagnosticReport, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkDoneProgressCreateParams,
};
use tower_lsp_server::{Client, LanguageServer};

use super::actions;
use super::diagnostics::{self, Texts};
use super::documents::{Document, Documents, Pos};
use crate::check::{self, Options, Overlay};
use crate::config::Level;
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::regions::Boundary;
use crate::syntax::TextRange;

/// Default wait between the last edit and the lint.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Settings from the client (`initializationOptions`, `workspace/didChangeConfiguration`),
/// applied over `.residency.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub boundary: Option<Boundary>,
    /// `preferredRegion` (or `preferred_region`): the region quick fixes propose.
    pub preferred_region: Option<String>,
    /// Rule levels by upper-case code.
    pub rules: HashMap<String, Level>,
}

impl Settings {
    /// Reads `{"boundary": "...", "preferredRegion": "...", "rules": {"EU021": "off"}}` (also
    /// nested under `residency`).
    /// Unknown or bad values are ignored with a message.
    fn from_json(value: &Value, problems: &mut Vec<String>) -> Settings {
        let value = value.get("residency").unwrap_or(value);
        let mut settings = Settings::default();
        let allowed: Option<Vec<String>> = value
            .get("allowedRegions")
            .or_else(|| value.get("allowed_regions"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|v| {
                        let name = v.as_str().unwrap_or_default();
                        if crate::regions::catalog().lookup(name).is_some() {
                            Some(name.to_string())
                        } else {
                            problems.push(format!(
                                "setting `allowedRegions`: {v} is not an Azure region; it is ignored"
                            ));
                            None
                        }
                    })
                    .collect()
            });
        let boundary = value.get("boundary").and_then(Value::as_str).or(
            // A list of regions alone means a custom boundary, as in `.residency.yaml`.
            match &allowed {
                Some(list) if !list.is_empty() => Some("custom"),
                _ => None,
            },
        );
        if let Some(b) = boundary {
            match crate::config::parse_boundary(b, allowed.as_deref()) {
                Ok(b) => settings.boundary = Some(b),
                Err(e) => problems.push(format!(
                    "setting `boundary`: {}",
                    e.replace("`allowed_regions`", "`allowedRegions`")
                )),
            }
        }
        let preferred = value
            .get("preferredRegion")
            .map(|v| ("preferredRegion", v))
            .or_else(|| {
                value
                    .get("preferred_region")
                    .map(|v| ("preferred_region", v))
            });
        if let Some((name, v)) = preferred.filter(|(_, v)| !v.is_null()) {
            match v.as_str().and_then(|r| crate::regions::catalog().lookup(r)) {
                Some(r) if r.is_physical() => {
                    if settings.boundary.as_ref().is_some_and(|b| !b.contains(r)) {
                        problems.push(format!(
                            "setting `{name}`: `{}` is outside the active boundary, so fixes propose a region inside it instead",
                            r.name
                        ));
                    }
                    settings.preferred_region = Some(r.name.clone());
                }
                _ => problems.push(format!(
                    "setting `{name}`: {v} is not a physical Azure region; it is ignored"
                )),
            }
        }
        if let Some(rules) = value.get("rules").and_then(Value::as_object) {
            for (code, level) in rules {
                let level = match level.as_str() {
                    Some("off") => Level::Off,
                    Some("info") => Level::On(crate::diagnostic::Severity::Info),
                    Some("warning") => Level::On(crate::diagnostic::Severity::Warning),
                    Some("error") => Level::On(crate::diagnostic::Severity::Error),
                    _ => {
                        problems.push(format!(
                            "setting `rules.{code}`: expected off, info, warning or error"
                        ));
                        continue;
                    }
                };
                match crate::rules::meta(code) {
                    Some(meta) => {
                        settings.rules.insert(meta.code.to_string(), level);
                    }
                    None => problems.push(format!("setting `rules`: unknown rule code `{code}`")),
                }
            }
        }
        settings
    }
}

/// Diagnostics last published for a file.
struct Published {
    version: Option<i32>,
    diagnostics: Vec<lsp::Diagnostic>,
    /// The identity resources declared in the file, by byte range of their declaration, with
    /// their hover text (from the same check, so valid for `version`).
    resources: Vec<(TextRange, String)>,
}

/// Everything the handlers share.
pub struct State {
    docs: Mutex<Documents>,
    encoding: Mutex<Encoding>,
    debounce: Mutex<Duration>,
    settings: Mutex<Settings>,
    published: Mutex<HashMap<PathBuf, Published>>,
    /// The newest lint run that finished, per folder: older runs finishing later are dropped.
    finished: Mutex<HashMap<PathBuf, u64>>,
    /// Per folder, the files outside it that its last check read (Bicep modules elsewhere):
    /// a change to one of them re-checks the folder.
    reads_outside: Mutex<HashMap<PathBuf, Vec<PathBuf>>>,
    runs: AtomicU64,
    /// Workspace folders, checked whole after `initialized`.
    roots: Mutex<Vec<PathBuf>>,
    /// The client shows work-done progress (`window.workDoneProgress`).
    progress: AtomicBool,
    /// The client answers `workspace/configuration`.
    configuration: AtomicBool,
    /// The client pulls diagnostics (`textDocument/diagnostic`): open documents are not pushed.
    pull: AtomicBool,
    /// Held from the staleness check to the end of publishing, so results reach the client in
    /// the order they were judged current.
    publishing: tokio::sync::Mutex<()>,
    shutdown: AtomicBool,
    /// Registers the `residency/debugPanic` request (end-to-end tests of panic recovery).
    test_hooks: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn new(test_hooks: bool) -> Self {
        State {
            docs: Mutex::default(),
            encoding: Mutex::new(Encoding::Utf16),
            debounce: Mutex::new(DEFAULT_DEBOUNCE),
            settings: Mutex::default(),
            published: Mutex::default(),
            finished: Mutex::default(),
            reads_outside: Mutex::default(),
            runs: AtomicU64::new(0),
            pull: AtomicBool::new(false),
            configuration: AtomicBool::new(false),
            roots: Mutex::default(),
            progress: AtomicBool::new(false),
            publishing: tokio::sync::Mutex::new(()),
            shutdown: AtomicBool::new(false),
            test_hooks,
        }
    }

    /// Whether `shutdown` was received (the exit code depends on it).
    pub fn was_shut_down(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    fn encoding(&self) -> Encoding {
        *lock(&self.encoding)
    }

    /// The folders, other than `dir`, whose last check read a file of `dir`: a Bicep module in
    /// `dir` is checked in their context (with the values their files pass it).
    fn callers_of(&self, dir: &Path) -> Vec<PathBuf> {
        self.folders_reading(dir, |read| read.parent() == Some(dir))
    }

    /// The folders, other than the file's own, whose last check read `path`.
    fn dependents_of(&self, path: &Path) -> Vec<PathBuf> {
        let own = path.parent().unwrap_or(path);
        self.folders_reading(own, |read| read == path)
    }

    /// The folders other than `except` whose last check read a file that satisfies `pred`.
    fn folders_reading(&self, except: &Path, pred: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = lock(&self.reads_outside)
            .iter()
            .filter(|(dir, reads)| dir.as_path() != except && reads.iter().any(|r| pred(r)))
            .map(|(dir, _)| dir.clone())
            .collect();
        dirs.sort();
        dirs
    }
}

/// The server.
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client, state: Arc<State>) -> Self {
        Backend { client, state }
    }

    /// Runs a request's work, turning a panic into an internal error and a log line.
    async fn guarded<T>(&self, what: &str, work: impl FnOnce() -> T) -> Result<T> {
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(work));
        match outcome {
            Ok(value) => Ok(value),
            Err(payload) => {
                let message = panic_message(payload.as_ref());
                self.report_panic(what, &message).await;
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("residency: internal error in {what}: {message}").into(),
                    data: None,
                })
            }
        }
    }

    async fn report_panic(&self, what: &str, message: &str) {
        let line = format!("residency lsp: internal error in {what}: {message}");
        eprintln!("{line}");
        self.client.log_message(MessageType::ERROR, line).await;
    }

    /// Runs a notification's synchronous part, logging a panic.
    async fn guarded_notification(&self, what: &str, work: impl FnOnce()) {
        let _ = self.guarded(what, work).await;
    }

    /// Lints the folder of `path` after the debounce, unless `path` changed again meanwhile.
    fn schedule(&self, path: PathBuf, version: Option<i32>) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            let debounce = *lock(&state.debounce);
            if !debounce.is_zero() {
                tokio::time::sleep(debounce).await;
            }
            if let Some(v) = version {
                let current = lock(&state.docs).get(&path).map(|d| d.version);
                if current != Some(v) {
                    return; // a newer edit scheduled its own run
                }
            }
            let Some(dir) = path.parent().map(Path::to_path_buf) else {
                return;
            };
            let pull = state.pull.load(Ordering::SeqCst);
            if !pull || version.is_none() {
                lint_and_publish(&state, &client, dir).await;
            }
            // Folders whose files use this one (a Bicep module elsewhere) are checked again.
            let dependents = state.dependents_of(&path);
            for dependent in &dependents {
                lint_and_publish(&state, &client, dependent.clone()).await;
            }
            if pull && !dependents.is_empty() {
                let _ = client.workspace_diagnostic_refresh().await;
            }
        });
    }

    /// With pull diagnostics, asks the client to pull again (settings or files on disk changed).
    fn refresh_pulled(&self) {
        if self.state.pull.load(Ordering::SeqCst) {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
    }

    fn path_of(uri: &Uri) -> Option<PathBuf> {
        uri.to_file_path()
            .map(|p| crate::paths::absolute(p.as_ref()))
    }

    /// The byte offset of an LSP position in an open document, with its text.
    fn text_and_offset(&self, path: &Path, pos: lsp::Position) -> Option<(Arc<str>, usize)> {
        let text = lock(&self.state.docs).get_mut(path)?.text();
        let offset = LineIndex::new(&text)
            .offset(LineCol::new(pos.line, pos.character), self.state.encoding())?;
        Some((text, offset))
    }

    fn hover_sync(&self, params: HoverParams) -> Option<Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let path = Self::path_of(&uri)?;
        let (text, offset) = self.text_and_offset(&path, pos)?;
        // The identity resource declared here, from the check of this very version.
        let current = lock(&self.state.docs).get(&path).map(|d| d.version);
        let resource = lock(&self.state.published)
            .get(&path)
            .filter(|p| p.version.is_some() && p.version == current)
            .and_then(|p| {
                p.resources
                    .iter()
                    .find(|(range, _)| {
                        range.start as usize <= offset && offset <= range.end as usize
                    })
                    .map(|(_, markdown)| markdown.clone())
            });
        let here: Vec<(String, String)> = lock(&self.state.published)
            .get(&path)
            .map(|p| {
                p.diagnostics
                    .iter()
                    .filter(|d| d.range.start <= pos && pos <= d.range.end)
                    .filter_map(|d| Some((diagnostics::code_of(d)?.to_string(), d.message.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let boundary = self.boundary_for(&path);
        let markdown =
            super::hover::hover(&text, offset, &path, &boundary, &here, resource.as_deref())?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    }

    /// The boundary in force for a file: the setting, else its `.residency.yaml`.
    fn boundary_for(&self, path: &Path) -> Boundary {
        if let Some(b) = &lock(&self.state.settings).boundary {
            return b.clone();
        }
        crate::config::ConfigResolver::new(None)
            .for_file(path)
            .map(|c| c.boundary.clone())
            .unwrap_or(Boundary::Europe)
    }

    fn completion_sync(&self, params: CompletionParams) -> Option<CompletionResponse> {
        let uri = params.text_document_position.text_document.uri;
        let pos = params.text_document_position.position;
        let path = Self::path_of(&uri)?;
        let (text, offset) = self.text_and_offset(&path, pos)?;
        let index = LineIndex::new(&text);
        let range = index.line_range(index.line_of(offset)?)?;
        let line = &text[range.clone()];
        if !super::completion::in_location_value(line, offset - range.start, &path) {
            return None;
        }
        let boundary = self.boundary_for(&path);
        Some(CompletionResponse::Array(super::completion::region_items(
            &boundary,
        )))
    }

    fn code_actions_sync(&self, params: CodeActionParams) -> Option<CodeActionResponse> {
        let uri = params.text_document.uri;
        let path = Self::path_of(&uri)?;
        let only = params.context.only.as_deref();
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        // The diagnostics published for the document's current version.
        let current = lock(&self.state.docs).get(&path).map(|d| d.version);
        let published = lock(&self.state.published)
            .get(&path)
            .filter(|p| p.version.is_none() || p.version == current)
            .map(|p| p.diagnostics.clone());
        if actions::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            let text = lock(&self.state.docs).get_mut(&path).map(Document::text);
            let diags = context_diagnostics(
                &params.context.diagnostics,
                published.as_deref().unwrap_or_default(),
                params.range,
            );
            out.extend(
                actions::quick_fixes(&uri, &path, text.as_deref(), &diags)
                    .into_iter()
                    .map(CodeActionOrCommand::CodeAction),
            );
        }
        if actions::wanted(only, actions::FIX_ALL_KIND) {
            // The diagnostics published for the document's current version, else those sent.
            let diags = published.unwrap_or(params.context.diagnostics);
            if let Some(action) = actions::fix_all(&diags) {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        Some(out)
    }

    fn relint_open(&self) {
        relint_open(&self.state, &self.client);
    }
}

/// The diagnostics a quick-fix request is about, with their fixes. Clients send back what they
/// were given, but some rebuild it (ALE keeps only the code, message and range) or send nothing
/// when the cursor is inside the range (ALE): those are matched with the diagnostics published
/// for the document's current version, by start and code, or by overlapping the request's range.
fn context_diagnostics(
    sent: &[lsp::Diagnostic],
    published: &[lsp::Diagnostic],
    range: lsp::Range,
) -> Vec<lsp::Diagnostic> {
    if sent.is_empty() {
        return published
            .iter()
            .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
            .cloned()
            .collect();
    }
    sent.iter()
        .map(|d| {
            if diagnostics::code_of(d).is_some() && d.data.is_some() {
                return d.clone();
            }
            published
                .iter()
                .find(|p| p.range.start == d.range.start && p.code == d.code)
                .cloned()
                .unwrap_or_else(|| d.clone())
        })
        .collect()
}

/// Checks again the folders of the open documents (settings or configuration changed).
fn relint_open(state: &Arc<State>, client: &Client) {
    if state.pull.load(Ordering::SeqCst) {
        let client = client.clone();
        tokio::spawn(async move {
            let _ = client.workspace_diagnostic_refresh().await;
        });
    }
    let dirs: HashSet<PathBuf> = lock(&state.docs)
        .paths()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    for dir in dirs {
        let state = state.clone();
        let client = client.clone();
        tokio::spawn(async move {
            lint_and_publish(&state, &client, dir).await;
        });
    }
}

/// Asks the client for the `residency` settings (`workspace/configuration`) and applies them.
async fn fetch_settings(state: Arc<State>, client: Client) {
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some("residency".into()),
    }];
    let Ok(values) = client.configuration(items).await else {
        return;
    };
    let value = values.into_iter().next().unwrap_or(Value::Null);
    if !value.is_object() {
        return; // the client has no such settings: keep the current ones
    }
    let mut problems = Vec::new();
    *lock(&state.settings) = Settings::from_json(&value, &mut problems);
    for p in problems {
        client.log_message(MessageType::WARNING, p).await;
    }
    relint_open(&state, &client);
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// One file's diagnostics from a lint run.
struct FileResult {
    path: PathBuf,
    uri: Uri,
    diagnostics: Vec<lsp::Diagnostic>,
    resources: Vec<(TextRange, String)>,
}

/// Lints the supported files of `dir` (not its subfolders) with the open documents overlaid,
/// and publishes the results that are still current. Returns the diagnostics of `want` (an
/// open document) when they are current: what a pull request answers.
async fn lint_and_publish(
    state: &Arc<State>,
    client: &Client,
    dir: PathBuf,
) -> Option<Vec<lsp::Diagnostic>> {
    lint_and_publish_for(state, client, dir, None).await
}

async fn lint_and_publish_for(
    state: &Arc<State>,
    client: &Client,
    dir: PathBuf,
    want: Option<&Path>,
) -> Option<Vec<lsp::Diagnostic>> {
    let run = state.runs.fetch_add(1, Ordering::SeqCst) + 1;
    let (snapshot, elsewhere) = {
        let mut docs = lock(&state.docs);
        (docs.snapshot_dir(&dir), docs.snapshot_modules_outside(&dir))
    };
    let callers = state.callers_of(&dir);
    let versions: HashMap<PathBuf, i32> =
        snapshot.iter().map(|(p, _, v)| (p.clone(), *v)).collect();
    let encoding = state.encoding();
    let settings = lock(&state.settings).clone();
    let work_dir = dir.clone();
    let joined = tokio::task::spawn_blocking(move || {
        lint_dir(
            &work_dir, &callers, snapshot, elsewhere, encoding, &settings,
        )
    })
    .await;
    let results = match joined {
        Ok(Ok((results, module_callers))) => {
            let mut by_folder = modules_used_by_folder(module_callers);
            let own = by_folder.remove(&dir).unwrap_or_default();
            lock(&state.reads_outside).insert(dir.clone(), own);
            results
        }
        Ok(Err(message)) => {
            client
                .log_message(MessageType::ERROR, format!("residency: {message}"))
                .await;
            return None;
        }
        Err(e) => {
            let message = if e.is_panic() {
                panic_message(e.into_panic().as_ref())
            } else {
                e.to_string()
            };
            let line = format!(
                "residency lsp: internal error while checking {}: {message}",
                dir.display()
            );
            eprintln!("{line}");
            client.log_message(MessageType::ERROR, line).await;
            return None;
        }
    };
    let pull = state.pull.load(Ordering::SeqCst);
    let _publishing = state.publishing.lock().await;
    let mut to_publish = Vec::new();
    let mut wanted = None;
    {
        let mut finished = lock(&state.finished);
        let last = finished.entry(dir.clone()).or_insert(0);
        let newest = *last <= run;
        if newest {
            *last = run;
        }
        let docs = lock(&state.docs);
        let mut published = lock(&state.published);
        for r in results {
            let current = docs.get(&r.path).map(|d| d.version);
            let version = match (versions.get(&r.path), current) {
                (Some(v), Some(c)) if *v == c => Some(c),
                (_, Some(_)) => continue, // stale, or opened after the snapshot
                (_, None) => None,
            };
            if want == Some(r.path.as_path()) {
                wanted = Some(r.diagnostics.clone());
            }
            if !newest {
                continue; // a newer run of this folder already published
            }
            let had = published
                .get(&r.path)
                .is_some_and(|p| !p.diagnostics.is_empty());
            if r.diagnostics.is_empty() && !had && version.is_none() {
                continue; // nothing to say about a file not open
            }
            // Checks of other folders (a module's callers, its dependents) see the same
            // snapshot again: what the client already has is not sent twice.
            let unchanged = published
                .get(&r.path)
                .is_some_and(|p| p.version == version && p.diagnostics == r.diagnostics);
            published.insert(
                r.path.clone(),
                Published {
                    version,
                    diagnostics: r.diagnostics.clone(),
                    resources: r.resources.clone(),
                },
            );
            // With pull diagnostics, open documents are pulled, not pushed.
            if !(unchanged || pull && version.is_some()) {
                to_publish.push((r.uri, r.diagnostics, version));
            }
        }
    }
    for (uri, diags, version) in to_publish {
        client.publish_diagnostics(uri, diags, version).await;
    }
    wanted
}

/// Checks every supported file of the workspace folders, with work-done progress, and publishes
/// the findings of the files that are not open (open ones are checked on their own).
async fn scan_workspace(state: &Arc<State>, client: &Client, roots: Vec<PathBuf>) {
    let done = Arc::new(AtomicU64::new(0));
    let total = Arc::new(AtomicU64::new(0));
    let mut progress = None;
    if state.progress.load(Ordering::SeqCst) {
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
    let encoding = state.encoding();
    let settings = lock(&state.settings).clone();
    let (d, t) = (done.clone(), total.clone());
    let work = tokio::task::spawn_blocking(move || {
        let options = Options {
            boundary: settings.boundary.clone(),
            preferred_region: settings.preferred_region.clone(),
            on_start: Some(Box::new(move |n| t.store(n, Ordering::SeqCst))),
            on_progress: Some(Box::new(move |n| {
                d.fetch_add(n, Ordering::SeqCst);
            })),
            ..Options::default()
        };
        let outcome = check::check_paths(&roots, &options).map_err(|e| e.0)?;
        Ok::<_, String>((
            to_file_results(&outcome, encoding, &settings, &[]),
            outcome.module_callers,
        ))
    });
    tokio::pin!(work);
    let joined = loop {
        tokio::select! {
            joined = &mut work => break joined,
            () = tokio::time::sleep(Duration::from_millis(200)) => {
                let (d, t) = (done.load(Ordering::SeqCst), total.load(Ordering::SeqCst));
                if let (Some(p), true) = (&progress, t > 0) {
                    p.report_with_message(format!("{d}/{t} projects"), (d * 100 / t) as u32).await;
                }
            }
        }
    };
    let results = match joined {
        Ok(Ok((results, module_callers))) => {
            // Which folders use modules elsewhere, so that a module opened before any of its
            // callers is checked in their context (folders checked since know better).
            let mut learned: HashSet<PathBuf> = HashSet::new();
            {
                let mut reads = lock(&state.reads_outside);
                for (dir, modules) in modules_used_by_folder(module_callers) {
                    let entry = reads.entry(dir).or_default();
                    for module in modules {
                        if !entry.contains(&module) {
                            learned.extend(module.parent().map(Path::to_path_buf));
                            entry.push(module);
                        }
                    }
                }
            }
            // Modules opened during the scan were checked alone: check them again.
            let open_dirs: Vec<PathBuf> = {
                let docs = lock(&state.docs);
                learned
                    .into_iter()
                    .filter(|d| docs.paths().any(|p| p.parent() == Some(d.as_path())))
                    .collect()
            };
            if !open_dirs.is_empty() {
                let state = state.clone();
                let client = client.clone();
                tokio::spawn(async move {
                    for dir in open_dirs {
                        lint_and_publish(&state, &client, dir).await;
                    }
                    if state.pull.load(Ordering::SeqCst) {
                        let _ = client.workspace_diagnostic_refresh().await;
                    }
                });
            }
            results
        }
        Ok(Err(message)) => {
            client
                .log_message(MessageType::ERROR, format!("residency: {message}"))
                .await;
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
    let mut to_publish = Vec::new();
    {
        let _publishing = state.publishing.lock().await;
        let docs = lock(&state.docs);
        let mut published = lock(&state.published);
        for r in results {
            if r.diagnostics.is_empty()
                || docs.get(&r.path).is_some()
                || published.contains_key(&r.path)
            {
                continue; // open, or already checked since
            }
            published.insert(
                r.path.clone(),
                Published {
                    version: None,
                    diagnostics: r.diagnostics.clone(),
                    resources: r.resources.clone(),
                },
            );
            to_publish.push((r.uri, r.diagnostics));
        }
    }
    for (uri, diags) in to_publish {
        client.publish_diagnostics(uri, diags, None).await;
    }
    if let Some(p) = progress {
        p.finish_with_message(format!("{findings} finding(s) in {files} file(s)"))
            .await;
    }
}

/// The Bicep modules each folder's files use from other folders (from
/// [`check::Outcome::module_callers`]).
fn modules_used_by_folder(module_callers: check::ModuleCallers) -> HashMap<PathBuf, Vec<PathBuf>> {
    let mut by_folder: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    for (module, callers) in module_callers {
        for caller in callers {
            let Some(dir) = caller.parent() else { continue };
            if module.parent() == Some(dir) {
                continue;
            }
            let modules = by_folder.entry(dir.to_path_buf()).or_default();
            if !modules.contains(&module) {
                modules.push(module.clone());
            }
        }
    }
    for modules in by_folder.values_mut() {
        modules.sort();
    }
    by_folder
}

/// The check of one folder; the diagnostics of each file checked (empty lists included).
/// Returns the results of the folder's files, and which files use which Bicep modules.
/// The files of `callers` (folders whose files use modules in `dir`) are checked too, so that
/// the modules are checked with what their callers pass them.
fn lint_dir(
    dir: &Path,
    callers: &[PathBuf],
    snapshot: Vec<(PathBuf, Arc<str>, i32)>,
    elsewhere: Vec<(PathBuf, Arc<str>)>,
    encoding: Encoding,
    settings: &Settings,
) -> std::result::Result<(Vec<FileResult>, check::ModuleCallers), String> {
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
    for caller in callers {
        if let Ok(entries) = std::fs::read_dir(caller) {
            paths.extend(
                entries
                    .flatten()
                    .map(|e| caller.join(e.file_name()))
                    .filter(|p| p.extension().is_some_and(|e| e == "bicep") && p.is_file()),
            );
        }
    }
    let mut overlay: Overlay = snapshot
        .into_iter()
        .map(|(p, text, _)| {
            if !paths.contains(&p) {
                paths.push(p.clone());
            }
            (p, text)
        })
        .collect();
    overlay.extend(elsewhere);
    paths.sort();
    if paths.is_empty() {
        return Ok((Vec::new(), check::ModuleCallers::new()));
    }
    let options = Options {
        boundary: settings.boundary.clone(),
        preferred_region: settings.preferred_region.clone(),
        describe_resources: true,
        ..Options::default()
    };
    let outcome = check::check_with_overlay(&paths, &overlay, &options).map_err(|e| e.0)?;
    Ok((
        to_file_results(&outcome, encoding, settings, &paths),
        outcome.module_callers,
    ))
}

/// LSP diagnostics per file, with the settings' rule levels applied; every path of `paths`
/// gets an entry (empty when it has no finding).
fn to_file_results(
    outcome: &check::Outcome,
    encoding: Encoding,
    settings: &Settings,
    paths: &[PathBuf],
) -> Vec<FileResult> {
    let mut texts = Texts::new(&outcome.sources);
    let mut by_file: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
    for d in &outcome.diagnostics {
        let mut d = d.clone();
        match settings.rules.get(d.code) {
            Some(Level::Off) => continue,
            Some(Level::On(severity)) => d.severity = *severity,
            None => {}
        }
        if let Some(lsp) = diagnostics::to_lsp(&d, &mut texts, encoding) {
            by_file
                .entry(crate::paths::absolute(&d.path))
                .or_default()
                .push(lsp);
        }
    }
    for p in paths {
        by_file.entry(p.clone()).or_default();
    }
    let mut resources: HashMap<PathBuf, Vec<(TextRange, String)>> = HashMap::new();
    for r in &outcome.resources {
        resources
            .entry(crate::paths::absolute(&r.path))
            .or_default()
            .push((r.range, r.markdown.clone()));
    }
    by_file
        .into_iter()
        .filter_map(|(path, diagnostics)| {
            Some(FileResult {
                uri: diagnostics::uri_of(&path)?,
                resources: resources.remove(&path).unwrap_or_default(),
                path,
                diagnostics,
            })
        })
        .collect()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|list| list.contains(&PositionEncodingKind::UTF8));
        let (encoding, kind) = if offers_utf8 {
            (Encoding::Utf8, PositionEncodingKind::UTF8)
        } else {
            (Encoding::Utf16, PositionEncodingKind::UTF16)
        };
        *lock(&self.state.encoding) = encoding;
        // Pull only when the client can also be told to pull again (files on disk and
        // settings change what open documents show); Neovim 0.11 pulls without refresh support.
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some())
            && params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
        self.state.pull.store(pull, Ordering::SeqCst);
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        self.state.progress.store(progress, Ordering::SeqCst);
        let configuration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.state
            .configuration
            .store(configuration, Ordering::SeqCst);
        #[allow(deprecated)] // `root_uri`: the fallback for clients without workspace folders.
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) => folders
                .iter()
                .filter_map(|f| Self::path_of(&f.uri))
                .collect(),
            None => params.root_uri.iter().filter_map(Self::path_of).collect(),
        };
        *lock(&self.state.roots) = roots;
        let mut problems = Vec::new();
        if let Some(options) = &params.initialization_options {
            if let Some(ms) = options.get("debounceMs").and_then(Value::as_u64) {
                *lock(&self.state.debounce) = Duration::from_millis(ms);
            }
            if let Some(settings) = options.get("settings") {
                *lock(&self.state.settings) = Settings::from_json(settings, &mut problems);
            }
        }
        for p in problems {
            eprintln!("residency lsp: {p}");
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(kind),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("residency".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".into(), "'".into()]),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(actions::FIX_ALL_KIND),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "residency".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.state.configuration.load(Ordering::SeqCst) {
            tokio::spawn(fetch_settings(self.state.clone(), self.client.clone()));
        }
        let roots = lock(&self.state.roots).clone();
        if !roots.is_empty() {
            let state = self.state.clone();
            let client = self.client.clone();
            tokio::spawn(async move { scan_workspace(&state, &client, roots).await });
        }
        // A client request: never awaited in the notification handler itself.
        let client = self.client.clone();
        tokio::spawn(async move {
            let watchers = [
                "**/*.tfvars",
                "**/*.tfvars.json",
                "**/*.tf",
                "**/*.json",
                "**/*.bicep",
                "**/*.bicepparam",
                "**/.residency.yaml",
            ]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "residency-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            // Clients without dynamic registration answer with an error: nothing to do then.
            let _ = client.register_capability(vec![registration]).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let mut scheduled = None;
        self.guarded_notification("didOpen", || {
            let doc = params.text_document;
            let Some(path) = Self::path_of(&doc.uri) else {
                return;
            };
            lock(&self.state.docs).open(
                path.clone(),
                Document::new(doc.uri.to_string(), &doc.text, doc.version),
            );
            scheduled = Some((path, doc.version));
        })
        .await;
        if let Some((path, version)) = scheduled {
            self.schedule(path, Some(version));
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let mut scheduled = None;
        let mut failed = false;
        self.guarded_notification("didChange", || {
            let Some(path) = Self::path_of(&params.text_document.uri) else {
                return;
            };
            let encoding = self.state.encoding();
            let mut docs = lock(&self.state.docs);
            let Some(doc) = docs.get_mut(&path) else {
                return;
            };
            for change in &params.content_changes {
                let range = change.range.map(|r| {
                    (
                        Pos {
                            line: r.start.line,
                            col: r.start.character,
                        },
                        Pos {
                            line: r.end.line,
                            col: r.end.character,
                        },
                    )
                });
                failed |= !doc.apply_change(range, &change.text, encoding);
            }
            doc.version = params.text_document.version;
            scheduled = Some((path, doc.version));
        })
        .await;
        if failed {
            self.client
                .log_message(
                    MessageType::WARNING,
                    "residency: a change lay outside the document; it was not applied",
                )
                .await;
        }
        if let Some((path, version)) = scheduled {
            self.schedule(path, Some(version));
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let mut closed = None;
        self.guarded_notification("didClose", || {
            if let Some(path) = Self::path_of(&params.text_document.uri) {
                lock(&self.state.docs).close(&path);
                lock(&self.state.published).remove(&path);
                closed = Some(path);
            }
        })
        .await;
        if let Some(path) = closed {
            // The file on disk is what counts now: clear, then re-check the folder.
            self.client
                .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                .await;
            self.schedule(path, None);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = params.settings.get("residency").is_some()
            || params.settings.get("boundary").is_some()
            || params.settings.get("preferredRegion").is_some()
            || params.settings.get("preferred_region").is_some()
            || params.settings.get("rules").is_some();
        if !pushed {
            // Clients of the pull model send no settings: ask (never awaited here).
            if self.state.configuration.load(Ordering::SeqCst) {
                tokio::spawn(fetch_settings(self.state.clone(), self.client.clone()));
            }
            return;
        }
        let mut problems = Vec::new();
        let settings = Settings::from_json(&params.settings, &mut problems);
        *lock(&self.state.settings) = settings;
        for p in problems {
            self.client.log_message(MessageType::WARNING, p).await;
        }
        self.relint_open();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let config_changed = params
            .changes
            .iter()
            .any(|c| c.uri.as_str().ends_with(crate::config::FILE_NAME));
        if config_changed {
            self.relint_open();
            return;
        }
        self.refresh_pulled();
        let changed: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| Self::path_of(&c.uri))
            .collect();
        let mut dirs: HashSet<PathBuf> = changed
            .iter()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect();
        for path in &changed {
            dirs.extend(self.state.dependents_of(path));
        }
        for dir in dirs {
            let state = self.state.clone();
            let client = self.client.clone();
            tokio::spawn(async move {
                lint_and_publish(&state, &client, dir).await;
            });
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.guarded("hover", || self.hover_sync(params)).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let path = Self::path_of(&params.text_document.uri);
        let Some((path, dir)) = path.and_then(|p| Some((p.clone(), p.parent()?.to_path_buf())))
        else {
            return Err(Error::invalid_params("not a file URI"));
        };
        // A document edited while it was checked is checked again (a few times at most).
        let mut items = None;
        for _ in 0..5 {
            items = lint_and_publish_for(&self.state, &self.client, dir.clone(), Some(&path)).await;
            if items.is_some() {
                break;
            }
        }
        let Some(items) = items else {
            return Err(Error::new(ErrorCode::ContentModified));
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.guarded("completion", || self.completion_sync(params))
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.guarded("codeAction", || self.code_actions_sync(params))
            .await
    }
}

impl Backend {
    /// `residency/debugPanic` (registered only with `RESIDENCY_LSP_TEST_HOOKS=1`): panics inside
    /// a handler, to prove the server survives it.
    pub async fn debug_panic(&self, _: Value) -> Result<Value> {
        let hooks = self.state.test_hooks;
        self.guarded("residency/debugPanic", || {
            if hooks {
                panic!("debugPanic requested");
            }
            Value::Null
        })
        .await
    }

    /// `residency/debugSleep` (registered only with `RESIDENCY_LSP_TEST_HOOKS=1`): answers after
    /// `{"ms": N}` milliseconds, to prove that `$/cancelRequest` abandons a request in flight.
    pub async fn debug_sleep(&self, params: Value) -> Result<Value> {
        let ms = params
            .get("ms")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            .min(60_000);
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        Ok(Value::Null)
    }
}
