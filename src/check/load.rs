//! What the front-ends read beyond a unit's files (Bicep modules, Terraform module folders,
//! `.terraform/modules/modules.json`): from the files already read when they are among them,
//! else from the editor's open documents, else from disk, with the same size limit and
//! classification as the walk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::model::{FileKind, Load, SourceFile};
use crate::workspace::{read_file, Overlay, ReadResult};

pub(super) struct UnitLoader<'a> {
    pub files: &'a [SourceFile],
    /// `files` by absolute path.
    pub by_path: &'a rustc_hash::FxHashMap<PathBuf, usize>,
    pub overlay: Option<&'a Overlay>,
    pub config: &'a Config,
}

impl Load for UnitLoader<'_> {
    fn file(&self, path: &Path) -> Option<Arc<String>> {
        let path = crate::paths::absolute(path);
        match self.by_path.get(&path) {
            Some(i) => Some(self.files[*i].text.clone()),
            None => match self.overlay.and_then(|o| o.get(&path)) {
                Some(text) => Some(text.clone()),
                None => std::fs::read_to_string(&path).ok().map(Arc::from),
            },
        }
    }

    fn terraform_folder(&self, dir: &Path) -> Vec<SourceFile> {
        let is_config = |name: &str| {
            let lower = name.to_ascii_lowercase();
            lower.ends_with(".tf") || lower.ends_with(".tf.json")
        };
        let mut names: Vec<String> = std::fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_config(n))
        .collect();
        // Open documents not yet saved.
        let abs_dir = crate::paths::absolute(dir);
        for path in self.overlay.into_iter().flat_map(|o| o.keys()) {
            if path.parent() == Some(abs_dir.as_path()) {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    if is_config(name) && !names.iter().any(|n| n == name) {
                        names.push(name.to_string());
                    }
                }
            }
        }
        names.sort();
        names
            .into_iter()
            .filter_map(|name| {
                let path = dir.join(&name);
                if let Some(i) = self.by_path.get(&crate::paths::absolute(&path)) {
                    return Some(self.files[*i].clone());
                }
                match read_file(&path, self.config, self.overlay) {
                    ReadResult::Ok(f)
                        if matches!(f.kind, FileKind::TerraformHcl | FileKind::TerraformJson) =>
                    {
                        Some(f)
                    }
                    _ => None,
                }
            })
            .collect()
    }
}
