//! Fixtures for the front-ends' tests, in `src/model/*/tests.rs` and in `tests/`: not part of
//! the API (hidden from the documentation).

use std::path::PathBuf;

use super::{FileKind, Project, SourceFile};

/// A project of `(path, text, kind)` files in the order given, so file `i` is
/// [`FileId`](super::FileId) `i`. The kind is given rather than classified: tests pick it (a
/// Pulumi project file as the program, say), and the model does not depend on the resolve
/// layer's classification.
pub fn project(files: &[(&str, &str, FileKind)]) -> Project {
    Project {
        files: files
            .iter()
            .map(|(path, text, kind)| SourceFile {
                path: PathBuf::from(path),
                text: (*text).into(),
                kind: *kind,
            })
            .collect(),
    }
}
