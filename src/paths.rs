//! Path helpers shared by every layer: lexical normalisation and absolute forms, so that the
//! same file reached as `infra/../infra/main.tf` and `infra/main.tf` is one key. A leaf: it
//! imports nothing from the crate.

use std::path::{Component, Path, PathBuf};

/// `path` with `.` and `..` resolved lexically (no file system access), for comparing paths.
/// A relative path keeps its leading `..` (`../a/../b` is `../b`); at the root, `..` stays at
/// the root.
pub fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if out.as_os_str().is_empty() || out.ends_with("..") {
                    out.push("..");
                } else {
                    out.pop();
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The absolute form of a path with `.` and `..` resolved lexically, so walking up from
/// `../infra/main.tf` visits `infra`'s ancestors, not the current folder's.
pub fn absolute(path: &Path) -> PathBuf {
    if is_normal_absolute(path) {
        // The common case (paths under an absolute root): nothing to resolve. Building the
        // path again component by component was 6 % of a check.
        return path.to_path_buf();
    }
    let joined = match current_dir() {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    };
    normal_absolute(&joined).unwrap_or_else(|| normal(&joined))
}

/// [`normal`] of an absolute path, on its bytes (Unix): the same result without parsing
/// `Path` components, which was a twentieth of a check named by a relative path (every file
/// path then goes through here, `../infra/…` joined to the current folder). `None` for a path
/// that is not absolute (or not on Unix).
fn normal_absolute(path: &Path) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt as _, OsStringExt as _};
        let bytes = path.as_os_str().as_bytes();
        if bytes.first() != Some(&b'/') {
            return None;
        }
        let mut parts: Vec<&[u8]> = Vec::new();
        for part in bytes.split(|&b| b == b'/') {
            match part {
                b"" | b"." => {}
                // At the root, `..` stays at the root.
                b".." => {
                    parts.pop();
                }
                part => parts.push(part),
            }
        }
        let mut out = Vec::with_capacity(bytes.len());
        for part in &parts {
            out.push(b'/');
            out.extend_from_slice(part);
        }
        if out.is_empty() {
            out.push(b'/');
        }
        Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The current folder, asked of the system once: residency never changes it, and asking for
/// every relative path was a `getcwd` call per path (eight per file checked by a relative
/// name, a tenth of the system time of a check).
pub fn current_dir() -> Option<&'static Path> {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// Whether `path` is absolute and already in the form [`absolute`] gives: no `.` or `..`
/// component, no doubled or trailing separator. Decided on the bytes (Unix paths only).
fn is_normal_absolute(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let bytes = path.as_os_str().as_bytes();
        if bytes == b"/" {
            return true;
        }
        bytes.first() == Some(&b'/')
            && bytes.last() != Some(&b'/')
            && bytes[1..]
                .split(|&b| b == b'/')
                .all(|part| !matches!(part, b"" | b"." | b".."))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// `path` relative to the folder `base`, lexically: both absolute and [`normal`] (as
/// [`absolute`] gives them). `..` climbs out of `base` where `path` is not below it; a path on
/// another root (a Windows drive) stays absolute.
pub fn relative(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.iter().collect();
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for part in &path[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let rel = |p, b| relative(Path::new(p), Path::new(b));
        assert_eq!(
            rel("/repo/infra/main.tf", "/repo"),
            Path::new("infra/main.tf")
        );
        assert_eq!(
            rel("/repo/infra/main.tf", "/repo/infra"),
            Path::new("main.tf")
        );
        assert_eq!(rel("/repo/a/main.tf", "/repo/b"), Path::new("../a/main.tf"));
        assert_eq!(rel("/other/x.tf", "/repo/b"), Path::new("../../other/x.tf"));
    }

    #[test]
    fn absolute_resolves_parent_components() {
        let a = absolute(Path::new("/a/b/../c/./d.tf"));
        assert_eq!(a, Path::new("/a/c/d.tf"));
        assert_eq!(absolute(Path::new("/..")), Path::new("/"));
        assert!(absolute(Path::new("x/../y.tf")).is_absolute());
    }

    #[test]
    #[cfg(unix)]
    fn absolute_paths_already_normal_are_kept_and_others_resolved() {
        for (path, want) in [
            ("/", "/"),
            ("/a/b.tf", "/a/b.tf"),
            ("/a/./b.tf", "/a/b.tf"),
            ("/a/x/../b.tf", "/a/b.tf"),
            ("/a//b.tf", "/a/b.tf"),
            ("/a/b/", "/a/b"),
            ("/a/b/.", "/a/b"),
            ("/a/b/..", "/a"),
            ("/a/.hidden/..b", "/a/.hidden/..b"),
        ] {
            assert_eq!(absolute(Path::new(path)), Path::new(want), "{path}");
            assert_eq!(
                is_normal_absolute(Path::new(path)),
                path == want,
                "{path}: already normal"
            );
        }
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("x/../y.tf")), normal(&cwd.join("y.tf")));
    }

    #[test]
    #[cfg(unix)]
    fn absolute_paths_normalised_on_bytes_as_by_components() {
        for path in [
            "/",
            "//",
            "/..",
            "/../a",
            "/a/../../b",
            "/a/./b//c/",
            "/a/b/..",
            "/a/.b/..c/...",
            "/a/b/../../..",
            "/./a",
            "/a/b/c/../d/./e/..",
        ] {
            let path = Path::new(path);
            assert_eq!(
                normal_absolute(path),
                Some(normal(path)),
                "{}",
                path.display()
            );
        }
        assert_eq!(normal_absolute(Path::new("a/../b")), None);
    }

    #[test]
    fn normal_keeps_leading_parents_of_relative_paths() {
        assert_eq!(normal(Path::new("../a/../b")), Path::new("../b"));
        assert_eq!(normal(Path::new("./a/./b/..")), Path::new("a"));
        assert_eq!(
            normal(Path::new("../../m.bicep")),
            Path::new("../../m.bicep")
        );
    }
}
