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
                text: std::sync::Arc::new((*text).to_string()),
                kind: *kind,
            })
            .collect(),
    }
}

/// A [`Load`](super::Load) over files in memory: a front-end's test of what it follows beyond
/// the unit (Terraform module folders, Bicep modules) without touching the disk.
#[derive(Default)]
pub struct Files(pub Vec<SourceFile>);

impl Files {
    pub fn new(files: &[(&str, &str, FileKind)]) -> Files {
        Files(project(files).files)
    }
}

impl super::Load for Files {
    fn file(&self, path: &std::path::Path) -> Option<std::sync::Arc<String>> {
        let path = crate::paths::normal(path);
        self.0
            .iter()
            .find(|f| crate::paths::normal(&f.path) == path)
            .map(|f| f.text.clone())
    }

    fn terraform_folder(&self, dir: &std::path::Path) -> Vec<SourceFile> {
        let dir = crate::paths::normal(dir);
        let mut out: Vec<SourceFile> = self
            .0
            .iter()
            .filter(|f| {
                matches!(f.kind, FileKind::TerraformHcl | FileKind::TerraformJson)
                    && f.path.parent().map(crate::paths::normal).as_ref() == Some(&dir)
            })
            .cloned()
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}
