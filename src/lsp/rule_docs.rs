//! Where the editor's links to a rule's page point: the pages of the running version, written
//! once from the documentation compiled into the binary to
//! `$XDG_CACHE_HOME/residency/<version>/rules/<CODE>.md` (else `~/.cache/…`), so a link works
//! offline and says what this version checks; the published page when they cannot be written.
//! Used by `codeDescription`, the hover's link and the document links of suppression comments.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::rules::{self, RuleMeta, CATALOG};

/// The folder of the written pages, once per process; `None` when it cannot be written.
fn folder() -> Option<&'static Path> {
    static FOLDER: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
            let dir = cache
                .join("residency")
                .join(env!("CARGO_PKG_VERSION"))
                .join("rules");
            write_pages(&dir).ok().map(|()| dir)
        })
        .as_deref()
}

/// Writes each rule's page (a temporary file renamed into place: servers started together
/// write the same bytes, and none reads a half-written page).
fn write_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for meta in CATALOG {
        let page = dir.join(format!("{}.md", meta.code));
        let text = rules::documentation(meta);
        if std::fs::read_to_string(&page).is_ok_and(|t| t == text) {
            continue;
        }
        let tmp = dir.join(format!(".{}.{}.tmp", meta.code, std::process::id()));
        std::fs::write(&tmp, &text)?;
        std::fs::rename(&tmp, &page)?;
    }
    Ok(())
}

/// The link to a rule's page: the written page (`file://`), else the published one.
pub fn link(meta: &RuleMeta) -> String {
    folder()
        .and_then(|dir| {
            let uri = tower_lsp_server::ls_types::Uri::from_file_path(
                dir.join(format!("{}.md", meta.code)),
            )?;
            Some(uri.as_str().to_string())
        })
        .unwrap_or_else(|| meta.help_uri())
}
