//! Suppressions and waivers: the findings `residency-ignore` comments and the waivers of
//! `.residency.yaml` silence, set apart with their reasons, and the problems of the comments
//! and waivers themselves (E003, E004 expired, E005 unused).
//!
//! A comment does not silence a rule its configuration lists as `unsuppressible`, nor once its
//! `(expires …)` day has passed; a waiver may still. A waiver past its `expires` day silences
//! nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::problem;
use crate::config::waivers::{Date, Waiver};
use crate::config::{Config, ConfigResolver, Level};
use crate::diagnostic::{Diagnostic, Suppressed, WaiverNote};
use crate::model::SourceFile;
use crate::rules::{self, RuleMeta};
use crate::suppression::Suppressions;
use crate::syntax::TextRange;

/// What [`apply`] yields.
pub(super) struct Applied {
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: Vec<Suppressed>,
    /// The configuration files E004 and E005 are reported on, with their text.
    pub configs: Vec<(PathBuf, Arc<String>)>,
}

/// Sets apart the findings that comments and waivers silence, and reports the problems of the
/// comments and waivers. `complete` says whether every file under a configuration was
/// checked: only then is a waiver that matched nothing reported (E005).
pub(super) fn apply(
    diagnostics: Vec<Diagnostic>,
    files: &[SourceFile],
    resolver: &ConfigResolver,
    complete: &(dyn Fn(&Config) -> bool + Sync),
) -> Applied {
    let today = Date::today();
    let scanned: HashMap<&Path, Suppressions> = files
        .par_iter()
        .map(|f| (f.path.as_path(), Suppressions::scan(&f.text, f.kind)))
        .collect();
    // The configurations of the checked files, by their file.
    let mut configs: Vec<Arc<Config>> = Vec::new();
    for f in files {
        if let Ok(config) = resolver.for_file(&f.path) {
            if config.path.is_some() && !configs.iter().any(|c| c.path == config.path) {
                configs.push(config);
            }
        }
    }
    let mut used: HashSet<(PathBuf, TextRange)> = HashSet::new();
    let mut expired_comments: Vec<(&Path, TextRange, String, Date)> = Vec::new();
    let mut inline_refused: Vec<(&Path, TextRange, &'static str)> = Vec::new();
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut suppressed = Vec::new();
    for d in diagnostics {
        let config = resolver.for_file(&d.path).ok();
        let comment = scanned
            .get_key_value(d.path.as_path())
            .and_then(|(path, s)| Some((*path, s.suppression_of(d.code, d.range.start as usize)?)));
        if let Some((path, s)) = comment {
            let unsuppressible = config
                .as_ref()
                .is_some_and(|c| c.unsuppressible.contains(&d.code));
            if unsuppressible {
                if !inline_refused
                    .iter()
                    .any(|r| r.0 == path && r.1 == s.range && r.2 == d.code)
                {
                    inline_refused.push((path, s.range, d.code));
                }
            } else if let Some(day) = s.expires.filter(|&e| e < today) {
                if !expired_comments
                    .iter()
                    .any(|e| e.0 == path && e.1 == s.range)
                {
                    expired_comments.push((path, s.range, s.codes.join(", "), day));
                }
            } else {
                suppressed.push(Suppressed {
                    reason: s.reason.clone(),
                    waiver: None,
                    diagnostic: d,
                });
                continue;
            }
        }
        let matching: Vec<&Waiver> = config
            .as_ref()
            .map(|c| {
                c.waivers
                    .iter()
                    .filter(|w| w.matches(d.code, d.resource.as_deref(), &d.path))
                    .collect()
            })
            .unwrap_or_default();
        for w in &matching {
            used.insert((w.file.clone(), w.range));
        }
        match matching.into_iter().find(|w| !w.expired(today)) {
            Some(w) => suppressed.push(Suppressed {
                reason: Some(w.reason.clone()),
                waiver: Some(WaiverNote {
                    owner: w.owner.clone(),
                    expires: w.expires.map(|e| e.to_string()),
                    file: w.file.clone(),
                }),
                diagnostic: d,
            }),
            None => out.push(d),
        }
    }
    let level_for = |path: &Path, meta: &RuleMeta| match resolver.for_file(path) {
        Ok(config) => config.level(meta.code),
        Err(_) => Level::On(meta.default_severity),
    };
    let mut push = |meta: &'static RuleMeta, level: Level, path: &Path, range, message| {
        if let Level::On(severity) = level {
            out.push(problem(meta, severity, path, range, message));
        }
    };
    let e003 = &rules::UNEXPLAINED_SUPPRESSION;
    for (path, s) in &scanned {
        for (range, message) in s.problems() {
            push(e003, Level::On(e003.default_severity), path, range, message);
        }
    }
    for (path, range, code) in inline_refused {
        let message = format!(
            "{code} cannot be silenced by a comment here: `.residency.yaml` lists it as `unsuppressible`. Fix the finding, or record a waiver with a reason and an owner."
        );
        push(e003, Level::On(e003.default_severity), path, range, message);
    }
    let e004 = &rules::EXPIRED_WAIVER;
    for (path, range, codes, day) in expired_comments {
        let message = format!(
            "Suppression of {codes} expired on {day}: its findings are reported again. Fix them, or renew it with a new reason and day."
        );
        push(e004, level_for(path, e004), path, range, message);
    }
    let e005 = &rules::UNUSED_WAIVER;
    let mut reported_on: Vec<(PathBuf, PathBuf)> = Vec::new();
    // A waiver of a file this one extends (the organisation's) may be for other
    // repositories: it is reported only when it mattered here (expired, and matching).
    let mut seen: HashSet<(PathBuf, TextRange)> = HashSet::new();
    for config in &configs {
        for w in &config.waivers {
            let own = config.path.as_ref() == Some(&w.file);
            let here = used.contains(&(w.file.clone(), w.range));
            if !seen.insert((w.file.clone(), w.range)) {
                continue;
            }
            let (meta, message) = if w.expired(today) && (own || here) {
                (e004, w.expired_message())
            } else if !w.expired(today) && own && !here && complete(config) {
                (
                    e005,
                    format!(
                        "{} matches no finding: remove it, or correct its rule, resource or path.",
                        w.title()
                    ),
                )
            } else {
                continue;
            };
            // Named as findings name files: from the current folder.
            let shown = PathBuf::from(crate::config::shown(&w.file));
            push(meta, config.level(meta.code), &shown, w.range, message);
            if !reported_on.iter().any(|(_, s)| *s == shown) {
                reported_on.push((w.file.clone(), shown));
            }
        }
    }
    let configs = reported_on
        .into_iter()
        .filter_map(|(path, shown)| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some((shown, Arc::from(text)))
        })
        .collect();
    Applied {
        diagnostics: out,
        suppressed,
        configs,
    }
}
