//! The files a check reads: walking the paths given (honouring `.gitignore`, in parallel),
//! reading each file (from the editor's open documents first), recognising text that is not
//! UTF-8, and classifying it with the format registry.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::model::SourceFile;
use crate::resolve::formats::{self, Claim};

/// Whether the walker should consider this file (by name).
pub fn is_supported_name(path: &Path) -> bool {
    formats::claim(path).is_some()
        && path
            .file_name()
            .is_none_or(|n| n != crate::config::FILE_NAME)
}

/// What a walk found.
pub struct Walked<T> {
    /// Candidate files, sorted, each with what the walk's visitor made of it.
    pub files: Vec<(PathBuf, T)>,
    /// Folders that could not be listed (the path given, or one found under it), with why:
    /// their files were not checked.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Collects candidate files under `paths`, honouring `.gitignore`, in parallel, and calls
/// `visit` on each as it is found (on the walk's threads, so reading the files overlaps listing
/// the folders). Symlinks are not followed, so loops cannot occur. Explicitly named files are
/// kept whatever their name. A path that does not exist is an error naming it; a folder that
/// cannot be listed is returned in [`Walked::unreadable`].
pub fn walk<T: Send>(
    paths: &[PathBuf],
    overlay: Option<&Overlay>,
    visit: &(dyn Fn(&Path) -> T + Sync),
) -> Result<Walked<T>, String> {
    use rayon::prelude::*;
    let mut named = Vec::new();
    let unreadable = Mutex::new(Vec::new());
    let mut dirs: Vec<PathBuf> = Vec::new();
    for path in distinct_roots(paths) {
        // Named files are always kept (even when a folder also named ignores them): only
        // folders inside other named folders are dropped.
        // An open document not yet saved exists only in the overlay.
        if overlay.is_some_and(|o| o.contains_key(&crate::paths::absolute(&path))) {
            named.push(path);
            continue;
        }
        let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            dirs.push(path);
        } else {
            named.push(path);
        }
    }
    let mut out: Vec<(PathBuf, T)> = named
        .into_par_iter()
        .map(|path| {
            let path = without_dot(path);
            let seen = visit(&path);
            (path, seen)
        })
        .collect();
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = ignore::WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        builder
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            // As many threads as the rest of the check (`RAYON_NUM_THREADS`).
            .threads(rayon::current_num_threads())
            .filter_entry(|e| e.file_name() != ".git");
        let found = Mutex::new(Vec::new());
        builder.build_parallel().run(|| {
            let (found, unreadable) = (&found, &unreadable);
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        if entry.file_type().is_some_and(|t| t.is_file())
                            && is_supported_name(entry.path())
                        {
                            let path = without_dot(entry.into_path());
                            let seen = visit(&path);
                            found
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((path, seen));
                        }
                    }
                    Err(error) => {
                        if let Some(folder) = unreadable_folder(&error) {
                            unreadable
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push(folder);
                        }
                    }
                }
                ignore::WalkState::Continue
            })
        });
        out.extend(found.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    // A file reached twice (`infra` and `/abs/infra`, or overlapping folders) is checked once,
    // under the first name it was reached by.
    let mut seen = std::collections::HashSet::new();
    let mut clean: Vec<(PathBuf, T)> = out
        .into_iter()
        .filter(|(p, _)| seen.insert(crate::paths::absolute(p)))
        .collect();
    clean.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unreadable: Vec<(PathBuf, String)> = unreadable
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|(p, why)| (without_dot(p), why))
        .collect();
    unreadable.sort();
    unreadable.dedup_by(|a, b| a.0 == b.0);
    Ok(Walked {
        files: clean,
        unreadable,
    })
}

/// `./infra/main.tf` as `infra/main.tf`, the name findings give.
fn without_dot(path: PathBuf) -> PathBuf {
    match path.strip_prefix("./") {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => path,
    }
}

/// The folder a walk error is about and the I/O error, when it is one (a folder this user may
/// not list); other errors (an unreadable `.gitignore`) leave the walk's result as it is.
fn unreadable_folder(error: &ignore::Error) -> Option<(PathBuf, String)> {
    match error {
        ignore::Error::WithPath { path, err } => {
            let io = err.io_error()?;
            Some((path.clone(), io.to_string()))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            unreadable_folder(err)
        }
        _ => None,
    }
}

/// The paths to walk, without those inside another one given (`infra` and `/abs/infra/x`):
/// each file is then reached once, under the name of the first root that contains it.
fn distinct_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let abs: Vec<PathBuf> = paths.iter().map(|p| crate::paths::absolute(p)).collect();
    paths
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.is_file()
                || !abs.iter().enumerate().any(|(j, other)| {
                    j != *i && abs[*i].starts_with(other) && (abs[*i] != *other || j < *i)
                })
        })
        .map(|(_, p)| p.clone())
        .collect()
}

/// What reading a file gave.
pub enum ReadResult {
    /// The file, read and classified.
    Ok(SourceFile),
    /// Not a file residency checks (unrelated JSON).
    Skipped,
    Unreadable {
        path: PathBuf,
        message: String,
    },
}

/// Texts that replace the files on disk (the language server's open documents), by absolute
/// path.
pub type Overlay = HashMap<PathBuf, Arc<String>>;

pub fn read_file(path: &Path, config: &Config, overlay: Option<&Overlay>) -> ReadResult {
    // A file named on its own is read whatever its name, as JSON when the name says nothing.
    let claim = formats::claim(path).unwrap_or(Claim::ByContent);
    let unreadable = |message: String| ReadResult::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    // The size when it is known (a file that grew while it was read has none).
    let too_large = |size: Option<u64>| {
        let size = size.map_or_else(String::new, |n| format!("{n} bytes, "));
        unreadable(format!(
            "File is {size}over the size limit of {} bytes, so it was not read. Raise `max_file_size` in .residency.yaml to check it.",
            config.max_file_size
        ))
    };
    if let Some(text) = overlay.and_then(|o| o.get(&crate::paths::absolute(path))) {
        if text.len() as u64 > config.max_file_size {
            return too_large(Some(text.len() as u64));
        }
        return classify(path, claim, text.clone());
    }
    // One open and one `fstat` per file: the size is checked on the file opened, then read.
    let opened = std::fs::File::open(path).and_then(|file| {
        let len = file.metadata()?.len();
        Ok((file, len))
    });
    let (file, len) = match opened {
        Ok(opened) => opened,
        Err(e) => return unreadable(format!("Cannot read the file: {e}.")),
    };
    if len > config.max_file_size {
        // Unrelated JSON or YAML (a lock file, a data dump) stays skipped however large:
        // tell by its first bytes whether it is a file residency reads at all.
        if claim == Claim::ByContent && !head_is_claimed(file, path) {
            return ReadResult::Skipped;
        }
        return too_large(Some(len));
    }
    let bytes = {
        use std::io::Read as _;
        // The size may change meanwhile: read to the end, at most one byte over the limit.
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
        if let Err(e) = file
            .take(config.max_file_size.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            return unreadable(format!("Cannot read the file: {e}."));
        }
        if bytes.len() as u64 > config.max_file_size {
            return too_large(None);
        }
        bytes
    };
    if let Some(encoding) = utf16_encoding(&bytes) {
        return unreadable(format!(
            "The file is {encoding} encoded, not UTF-8; save it as UTF-8 (Terraform and Azure read UTF-8)."
        ));
    }
    // `memchr` (already a dependency of `ignore`) scans with SIMD: the byte-by-word loop of
    // `contains` was a fortieth of a check.
    if memchr::memchr(0, &bytes).is_some() {
        return unreadable("The file is binary (it contains NUL bytes), not text.".into());
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return unreadable(format!(
                "The file is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8.",
                e.utf8_error().valid_up_to()
            ))
        }
    };
    classify(path, claim, text.into())
}

/// Classifies a file read (or given) as text.
fn classify(path: &Path, claim: Claim, text: Arc<String>) -> ReadResult {
    let kind = match claim {
        Claim::Kind(kind) => kind,
        Claim::ByContent => match formats::classify(path, &text) {
            Some(kind) => kind,
            None => return ReadResult::Skipped,
        },
    };
    ReadResult::Ok(SourceFile {
        path: path.to_path_buf(),
        text,
        kind,
    })
}

/// Whether the first 64 KiB of a file classify as a file residency reads.
fn head_is_claimed(file: std::fs::File, path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return true;
    }
    let text = String::from_utf8_lossy(&head);
    formats::classify(path, &text).is_some()
}

/// Recognises UTF-16 text (Windows editors save it): by its byte-order mark, or by NUL bytes in
/// every other position of its start.
fn utf16_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big-endian)"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    if pairs.clone().all(|p| p[1] == 0 && p[0] != 0) {
        Some("UTF-16 (little-endian)")
    } else if pairs.clone().all(|p| p[0] == 0 && p[1] != 0) {
        Some("UTF-16 (big-endian)")
    } else {
        None
    }
}
