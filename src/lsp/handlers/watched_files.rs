//! `workspace/didChangeWatchedFiles`: files changed on disk re-check their folders and the
//! folders that read them; a changed `.residency.yaml` re-checks every open folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use super::path_of;
use crate::lsp::server::Backend;
use crate::lsp::{config_file, scheduler};

pub async fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    let config_changed = params
        .changes
        .iter()
        .any(|c| c.uri.as_str().ends_with(crate::config::FILE_NAME));
    if config_changed {
        for path in params.changes.iter().filter_map(|c| path_of(&c.uri)) {
            if config_file::is_config(&path) {
                config_file::publish(backend, &path);
            }
        }
        scheduler::relint_open(backend);
        return;
    }
    scheduler::refresh_pulled(backend);
    let changed: Vec<PathBuf> = params
        .changes
        .iter()
        .filter_map(|c| path_of(&c.uri))
        .collect();
    let mut dirs: HashSet<PathBuf> = changed
        .iter()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    {
        let session = backend.state.session();
        for path in &changed {
            dirs.extend(session.modules.dependents_of(path));
        }
    }
    scheduler::check_folders(backend, dirs);
}
