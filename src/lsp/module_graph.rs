//! Which folders' checks read files of other folders: a Bicep file that uses a module in
//! another folder, a B2C policy whose chain has files in other folders. A change to the module
//! re-checks its callers' folders, and the module's own folder is checked together with its
//! callers, so that the module sees what they pass it; a B2C policy's folder is checked with
//! every file of its policy set.
//! Learned from each check's [`check::Outcome::module_callers`] (and from the workspace scan).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::check;
use crate::resolve::hosts::HostedApp;

/// Per folder, the files outside it that its last check read; and the apps of the workspace
/// that B2C policies and API connectors may call.
#[derive(Debug, Default)]
pub struct ModuleGraph {
    reads_outside: HashMap<PathBuf, Vec<PathBuf>>,
    /// The workspace's apps by host, once a scan found a file that calls one (`None` before:
    /// folder checks then do not gather apps).
    hosts: Option<Vec<HostedApp>>,
}

impl ModuleGraph {
    /// The folders, other than `dir`, whose last check read a file of `dir`: a Bicep module in
    /// `dir` is checked in their context (with the values their files pass it).
    pub fn callers_of(&self, dir: &Path) -> Vec<PathBuf> {
        self.folders_reading(dir, |read| read.parent() == Some(dir))
    }

    /// The apps known from the workspace, for a folder check ([`check::Options::known_hosts`]).
    pub fn known_hosts(&self) -> Option<Vec<HostedApp>> {
        self.hosts.clone()
    }

    /// What a check found of the apps: the workspace scan's replace what is known; a folder
    /// check's replace those of the files it checked (`checked`, absolute paths).
    pub fn learn_hosts(&mut self, found: Option<Vec<HostedApp>>, checked: Option<&[PathBuf]>) {
        let Some(found) = found else {
            return;
        };
        match (checked, &mut self.hosts) {
            (Some(files), Some(known)) => {
                known.retain(|a| !files.contains(&crate::paths::absolute(&a.path)));
                known.extend(found);
            }
            (Some(_), None) => {}
            (None, _) => self.hosts = Some(found),
        }
    }

    /// The files outside `dir` its last check read.
    pub fn reads_of(&self, dir: &Path) -> Vec<PathBuf> {
        self.reads_outside.get(dir).cloned().unwrap_or_default()
    }

    /// The folders, other than the file's own, whose last check read `path`.
    pub fn dependents_of(&self, path: &Path) -> Vec<PathBuf> {
        let own = path.parent().unwrap_or(path);
        self.folders_reading(own, |read| read == path)
    }

    /// The folders other than `except` whose last check read a file that satisfies `pred`.
    fn folders_reading(&self, except: &Path, pred: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self
            .reads_outside
            .iter()
            .filter(|(dir, reads)| dir.as_path() != except && reads.iter().any(|r| pred(r)))
            .map(|(dir, _)| dir.clone())
            .collect();
        dirs.sort();
        dirs
    }

    /// What the check of `dir` just read outside it (replaces what an older check read).
    pub fn checked(&mut self, dir: &Path, module_callers: check::ModuleCallers) {
        let mut by_folder = modules_used_by_folder(module_callers);
        let mut own = by_folder.remove(dir).unwrap_or_default();
        // The B2C policies of a set stay read while one of them does not parse (a policy being
        // typed names no base for a moment): the set is linked again once it does.
        if let Some(old) = self.reads_outside.get(dir) {
            for read in old {
                let policy = read
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
                if policy && !own.contains(read) && read.is_file() {
                    own.push(read.clone());
                }
            }
            own.sort();
        }
        self.reads_outside.insert(dir.to_path_buf(), own);
    }

    /// What a check of many folders (the workspace scan) read: added to what is known, since
    /// folders checked meanwhile know better. Returns the folders of the modules newly learned.
    pub fn learn(&mut self, module_callers: check::ModuleCallers) -> HashSet<PathBuf> {
        let mut learned = HashSet::new();
        for (dir, modules) in modules_used_by_folder(module_callers) {
            let entry = self.reads_outside.entry(dir).or_default();
            for module in modules {
                if !entry.contains(&module) {
                    learned.extend(module.parent().map(Path::to_path_buf));
                    entry.push(module);
                }
            }
        }
        learned
    }
}

/// The Bicep modules each folder's files use from other folders.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_and_dependents() {
        let mut graph = ModuleGraph::default();
        let module = PathBuf::from("/w/modules/tenant.bicep");
        let callers = check::ModuleCallers::from([(
            module.clone(),
            vec![
                PathBuf::from("/w/main.bicep"),
                PathBuf::from("/w/modules/x.bicep"),
            ],
        )]);
        graph.checked(Path::new("/w"), callers.clone());
        assert_eq!(
            graph.callers_of(Path::new("/w/modules")),
            [PathBuf::from("/w")]
        );
        assert_eq!(graph.dependents_of(&module), [PathBuf::from("/w")]);
        assert!(graph.callers_of(Path::new("/w")).is_empty());
        // Learned again by a scan: nothing new.
        assert!(graph.learn(callers).is_empty());
        // A newer check of /w that no longer uses the module forgets it.
        graph.checked(Path::new("/w"), check::ModuleCallers::new());
        assert!(graph.dependents_of(&module).is_empty());
    }
}
