//! `extends: ../policy/residency.yaml`: a repository's configuration built on the
//! organisation's. The organisation's file gives the boundary, the rule levels, the
//! unsuppressible rules and its waivers; the repository's file may tighten them, never loosen
//! them:
//!
//! | key | in the repository's file |
//! |---|---|
//! | `boundary`, `allowed_regions` | inherited; may narrow (every region allowed must be allowed by the base) |
//! | `rules` | inherited; a level may be raised (`off` < `info` < `warning` < `error`), not lowered below the base's, defaults included |
//! | `unsuppressible` | the union of both |
//! | `waivers` | the base's and the repository's; the repository's may not waive a rule the base lists as `unsuppressible` |
//! | `preferred_region` | inherited unless set (it must lie inside the boundary, as ever) |
//! | `exclude`, `var_files`, `max_file_size` | the repository's own: they describe its layout, and are not inherited |
//!
//! The path is relative to the extending file, and only a local file is read: a URL is refused,
//! never fetched. A chain is at most [`MAX_DEPTH`] files long, and a cycle is an error.

use std::path::{Path, PathBuf};

use super::{Config, Level, Overrides};
use crate::diagnostic::Severity;

/// The longest chain of `extends`, the extending file included.
pub const MAX_DEPTH: usize = 8;

/// Where a loosening is written in the extending file.
pub(super) enum Place {
    Key(&'static str),
    Rule(String),
    Waiver(usize),
}

/// The base file `extends` names, relative to the extending file `path`; an error says why it
/// cannot be used (a URL, a cycle, a chain too long).
pub(super) fn base_path(path: &Path, extends: &str, chain: &[PathBuf]) -> Result<PathBuf, String> {
    let written = extends.trim();
    if written.contains("://") || written.starts_with("git::") || written.starts_with("git@") {
        return Err(format!(
            "`extends: {written}` is not a local file: residency never fetches a configuration; check the organisation's file out beside the repository and name its path"
        ));
    }
    if written.is_empty() {
        return Err(
            "`extends` is empty: name the organisation's file, such as `../policy/residency.yaml`"
                .to_string(),
        );
    }
    let base = crate::paths::absolute(&path.parent().unwrap_or(Path::new("")).join(written));
    let abs = base.clone();
    let own = crate::paths::absolute(path);
    if abs == own || chain.contains(&abs) {
        let mut names: Vec<String> = chain.iter().map(|p| super::shown(p)).collect();
        names.push(super::shown(path));
        names.push(super::shown(&base));
        return Err(format!(
            "`extends` makes a cycle: {}",
            names.join(" extends ")
        ));
    }
    if chain.len() + 1 >= MAX_DEPTH {
        return Err(format!(
            "`extends` chains more than {MAX_DEPTH} files: flatten the chain"
        ));
    }
    Ok(base)
}

/// Builds `child` (parsed on its own, `set` being what its file sets) on `base`: inherits what
/// it leaves unset, and reports each setting that would loosen the base.
pub(super) fn inherit(
    child: &mut Config,
    set: &Overrides,
    base: &Config,
    base_name: &str,
) -> Vec<(Place, String)> {
    let mut problems = Vec::new();
    match &set.boundary {
        None => child.boundary = base.boundary.clone(),
        Some(boundary) => {
            let wider: Vec<&str> = crate::regions::catalog()
                .regions()
                .iter()
                .filter(|r| r.is_physical() && boundary.contains(r) && !base.boundary.contains(r))
                .map(|r| r.name.as_str())
                .collect();
            if !wider.is_empty() {
                problems.push((
                    Place::Key("boundary"),
                    format!(
                        "`boundary` allows {} outside the boundary of {base_name}, which this file extends: a repository may narrow the boundary, not widen it",
                        listed(&wider)
                    ),
                ));
            }
        }
    }
    if set.preferred_region.is_none() {
        child.preferred_region.clone_from(&base.preferred_region);
    }
    let mut codes: Vec<&String> = base.rules.keys().chain(set.rules.keys()).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        let floor = base.level(code);
        match set.rules.get(code) {
            None => {
                child.rules.insert(code.clone(), floor);
            }
            Some(&level) if rank(level) < rank(floor) => problems.push((
                Place::Rule(code.clone()),
                format!(
                    "`rules.{code}` is `{}` here, below `{}` in {base_name}, which this file extends: a repository may raise a level, not lower it",
                    word(level),
                    word(floor)
                ),
            )),
            Some(_) => {}
        }
    }
    for code in &base.unsuppressible {
        if !child.unsuppressible.contains(code) {
            child.unsuppressible.push(code);
        }
    }
    for (i, w) in child.waivers.iter().enumerate() {
        if base.unsuppressible.contains(&w.rule) {
            problems.push((
                Place::Waiver(i),
                format!(
                    "{}: {base_name}, which this file extends, lists {} as `unsuppressible`, so only its own waivers can waive it",
                    w.title(),
                    w.rule
                ),
            ));
        }
    }
    let own = std::mem::take(&mut child.waivers);
    child.waivers = base.waivers.iter().cloned().chain(own).collect();
    problems
}

fn rank(level: Level) -> u8 {
    match level {
        Level::Off => 0,
        Level::On(Severity::Info) => 1,
        Level::On(Severity::Warning) => 2,
        Level::On(Severity::Error) => 3,
    }
}

fn word(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::On(s) => s.as_str(),
    }
}

/// "`uksouth`", "`uksouth` and `ukwest`", "`a`, `b` and 3 more".
fn listed(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    match (shown.len(), names.len().saturating_sub(3)) {
        (1, _) => shown[0].clone(),
        (_, 0) => {
            let (last, rest) = shown.split_last().expect("two or more");
            format!("{} and {last}", rest.join(", "))
        }
        (_, more) => format!("{} and {more} more", shown.join(", ")),
    }
}
