//! Replacing a file's text for `--fix` without breaking what users rely on about their files.
//!
//! - A file marked read-only (no write permission for anyone, which root is refused too), or
//!   one this user cannot open for writing, is refused.
//! - A symlink is written through to its target, which is where the bytes are; the symlink
//!   stays a symlink.
//! - A file with other hard links is rewritten in place, so the inode, and every name of it,
//!   gets the new text. So is a file whose owner a new file could not be given, and a file
//!   this user may write in a folder where they may not create files (the user can change the
//!   file, so refusing would be a surprise; vim's `backupcopy=auto` makes the same choice).
//! - Otherwise the new text goes to a temporary file in the target's folder, created for this
//!   user alone and then given the original's owner and permissions, and renamed over it.
//!   The temporary file is removed on every error.
//! - Just before the rename (or the in-place write) the file must still be the one that was
//!   read: the same device and inode, length, modification time and bytes. Else another
//!   program wrote it meanwhile, and the fix is refused rather than losing that write.
//!
//! What a rename cannot close: a write by another program between that last check and the
//! rename is still lost (the window is one `stat` and one `rename`, microseconds). Nothing
//! takes a lock, because editors and most tools do not honour advisory locks.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file read for a fix, with what it takes to replace its text safely.
pub struct Original {
    /// The path as named, for messages.
    path: PathBuf,
    /// Where the bytes live: the path with every symlink resolved.
    target: PathBuf,
    /// The text read.
    pub text: String,
    meta: Metadata,
}

/// What tells a file's version apart: which file it is, and when and how long it was written.
#[derive(Debug, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Identity {
    fn of(meta: &Metadata) -> Identity {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Identity {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

impl Original {
    /// Reads `path` (through a symlink), refusing a file that is read-only, that this user
    /// cannot write, or that is not a regular file. Every message names `path`.
    pub fn read(path: &Path) -> Result<Original, String> {
        let named = path.display();
        let target = std::fs::canonicalize(path)
            .map_err(|e| format!("{named}: cannot resolve the path: {e}; not fixed"))?;
        let mut file =
            File::open(&target).map_err(|e| format!("{named}: cannot read: {e}; not fixed"))?;
        let meta = file
            .metadata()
            .map_err(|e| format!("{named}: cannot read: {e}; not fixed"))?;
        if !meta.is_file() {
            return Err(format!("{named}: not a regular file; not fixed"));
        }
        if meta.permissions().readonly() {
            return Err(format!(
                "{named}: the file is read-only; not fixed (make it writable to let --fix change it)"
            ));
        }
        // The permission check the system makes for this user (it lets root write anything).
        OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| format!("{named}: cannot write the file: {e}; not fixed"))?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| format!("{named}: cannot read: {e}; not fixed"))?;
        Ok(Original {
            path: path.to_path_buf(),
            target,
            text,
            meta,
        })
    }

    /// Replaces the file's text by `bytes`, unless another program changed the file since it
    /// was read.
    pub fn replace(&self, bytes: &[u8]) -> Result<(), String> {
        if link_count(&self.meta) > 1 {
            return self.write_in_place(bytes);
        }
        match self.stage(bytes)? {
            Some(staged) => staged.commit(self),
            // No file may be created in the folder, or given the original's owner.
            None => self.write_in_place(bytes),
        }
    }

    /// Fails when the file on disk is no longer the version read: checked last before the
    /// rename or the in-place write.
    fn unchanged(&self) -> Result<(), String> {
        let named = self.path.display();
        let changed = || {
            format!(
                "{named}: changed on disk while it was being fixed (another program wrote it); not fixed, run again"
            )
        };
        let bytes = std::fs::read(&self.target).map_err(|_| changed())?;
        let now = std::fs::metadata(&self.target).map_err(|_| changed())?;
        if bytes != self.text.as_bytes() || Identity::of(&now) != Identity::of(&self.meta) {
            return Err(changed());
        }
        Ok(())
    }

    /// Writes `bytes` into the file itself (same inode), then cuts it to their length.
    fn write_in_place(&self, bytes: &[u8]) -> Result<(), String> {
        let named = self.path.display();
        let mut file = OpenOptions::new()
            .write(true)
            .open(&self.target)
            .map_err(|e| format!("{named}: cannot write the file: {e}; not fixed"))?;
        self.unchanged()?;
        // Writing over the old bytes before cutting the length: no reader ever sees the file
        // empty, and a shorter text needs no new space.
        file.write_all(bytes)
            .and_then(|()| file.set_len(bytes.len() as u64))
            .and_then(|()| file.sync_all())
            .map_err(|e| {
                format!(
                    "{named}: writing the fix in place failed: {e}; the file may be partly written"
                )
            })
    }

    /// The new text in a temporary file beside the target, with the original's owner and
    /// permissions; `None` when no file may be created there, or the owner cannot be given to
    /// a new file.
    fn stage(&self, bytes: &[u8]) -> Result<Option<Staged>, String> {
        let named = self.path.display();
        let dir = self
            .target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (tmp, file) = match create_temporary(dir, &name) {
            Ok(created) => created,
            // A writable file in a folder this user may not add files to.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "{named}: cannot create a temporary file in {}: {e}; not fixed",
                    dir.display()
                ));
            }
        };
        let mut staged = Staged {
            tmp,
            file: None,
            committed: false,
        };
        let file = staged.file.insert(file);
        if !give_owner(file, &self.meta) {
            return Ok(None);
        }
        let written = file
            .write_all(bytes)
            .and_then(|()| file.set_permissions(self.meta.permissions()))
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            return Err(format!(
                "{named}: cannot write the temporary file {}: {e}; not fixed",
                staged.tmp.display()
            ));
        }
        Ok(Some(staged))
    }
}

/// A temporary file holding the new text; removed when dropped unless renamed into place.
struct Staged {
    tmp: PathBuf,
    /// Open until the rename (closed first: Windows neither renames nor removes an open file).
    file: Option<File>,
    committed: bool,
}

impl Staged {
    fn commit(mut self, original: &Original) -> Result<(), String> {
        self.file = None;
        original.unchanged()?;
        std::fs::rename(&self.tmp, &original.target).map_err(|e| {
            format!(
                "{}: cannot replace the file: {e}; not fixed",
                original.path.display()
            )
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.file = None;
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Creates `.NAME.residency-PID-N.tmp` in `dir`, never opening an existing file or following
/// a symlink planted there (`create_new`), readable by this user alone until it is complete.
fn create_temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    let mut last = None;
    for attempt in 0..100 {
        let tmp = dir.join(format!(
            ".{name}.residency-{}-{attempt}.tmp",
            std::process::id()
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary file name")))
}

/// Gives `file` the owner and group of the original; false when the system refuses (only
/// root may give a file away).
fn give_owner(file: &File, original: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let Ok(mine) = file.metadata() else {
            return false;
        };
        (mine.uid(), mine.gid()) == (original.uid(), original.gid())
            || std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid())).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = (file, original);
        true
    }
}

fn link_count(meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Another program writes the file between residency's read and its rename (the race of
    /// issue 11: 11 of 200 such writes were lost). Both a write of the same length within the
    /// same clock tick and one that changes the length must be kept.
    #[test]
    fn a_write_by_another_program_during_the_fix_is_kept() {
        for theirs in ["location = \"westus\"\n", "location = \"westus2\" # ops\n"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("main.tf");
            std::fs::write(&path, "location = \"eastus\"\n").unwrap();
            let original = Original::read(&path).unwrap();
            std::fs::write(&path, theirs).unwrap();
            let err = original
                .replace(b"location = \"westeurope\"\n")
                .expect_err("the other program's write must not be replaced");
            assert!(
                err.contains("main.tf") && err.contains("changed on disk"),
                "{err}"
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
            let names = std::fs::read_dir(dir.path()).unwrap().count();
            assert_eq!(names, 1, "a temporary file was left");
        }
    }

    /// The same with a file that has another hard link, which is written in place.
    #[cfg(unix)]
    #[test]
    fn a_write_by_another_program_to_a_hard_linked_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.tf");
        std::fs::write(&path, "location = \"eastus\"\n").unwrap();
        std::fs::hard_link(&path, dir.path().join("link.tf")).unwrap();
        let original = Original::read(&path).unwrap();
        std::fs::write(&path, "location = \"westus\"\n").unwrap();
        let err = original
            .replace(b"location = \"westeurope\"\n")
            .unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("link.tf")).unwrap(),
            "location = \"westus\"\n"
        );
    }

    #[test]
    fn a_temporary_file_name_in_use_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir
            .path()
            .join(format!(".main.tf.residency-{}-0.tmp", std::process::id()));
        std::fs::write(&taken, "someone else's").unwrap();
        let path = dir.path().join("main.tf");
        std::fs::write(&path, "a").unwrap();
        Original::read(&path).unwrap().replace(b"b").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "someone else's");
    }
}
