//! A fix's title says what it edits when that is not plain from the finding: the file and line
//! of an edit elsewhere (the default of a variable, a `terraform.tfvars` value), and the other
//! resources whose location that same value sets, which the fix moves too.

use crate::line_index::LineIndex;
use crate::model::{Loc, Project, Resource};
use crate::rules::Finding;

/// How many other resources a title names before it counts the rest.
const NAMED: usize = 3;

/// The lines of a project's files, indexed when first asked (most units fix nothing).
pub(super) struct Lines<'p> {
    project: &'p Project,
    indexes: Vec<Option<LineIndex<'p>>>,
}

impl<'p> Lines<'p> {
    pub(super) fn new(project: &'p Project) -> Self {
        Lines {
            project,
            indexes: project.files.iter().map(|_| None).collect(),
        }
    }

    /// The 1-based line of a location.
    fn line(&mut self, loc: Loc) -> Option<usize> {
        let file = self.project.files.get(loc.file)?;
        let index = self.indexes.get_mut(loc.file)?;
        let index = index.get_or_insert_with(|| LineIndex::new(&file.text));
        let start = (loc.range.start as usize).min(file.text.len());
        index.line_of(start).map(|l| l + 1)
    }
}

/// Completes the title of `finding`'s fix (about the resource named `own`).
pub(super) fn complete(
    finding: &mut Finding,
    own: Option<&str>,
    lines: &mut Lines,
    resources: &[Resource],
) {
    let project = lines.project;
    let Some(fix) = &mut finding.fix else { return };
    let Some(&(first, _)) = fix.edits.first() else {
        return;
    };
    let mut line_of = |loc: Loc| lines.line(loc);
    let own_line = (finding.loc.file, line_of(finding.loc));
    let elsewhere = fix
        .edits
        .iter()
        .any(|(loc, _)| (loc.file, line_of(*loc)) != own_line);
    if elsewhere {
        let line = line_of(first).unwrap_or(1);
        if first.file == finding.loc.file {
            fix.title.push_str(&format!(", on line {line}"));
        } else if let Some(file) = project.files.get(first.file) {
            let name = file.path.file_name().map_or_else(
                || file.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            fix.title.push_str(&format!(", in `{name}` line {line}"));
        }
    }
    let edited: Vec<Loc> = fix.edits.iter().map(|(loc, _)| *loc).collect();
    let mut others: Vec<&str> = resources
        .iter()
        // Not the finding's resource, nor one the title names already (the virtual network
        // a fix moves).
        .filter(|r| Some(r.name.as_str()) != own && !fix.title.contains(&format!("`{}`", r.name)))
        .filter(|r| {
            let sets = |v: Option<&crate::model::Val>| {
                v.and_then(|v| v.literal)
                    .is_some_and(|l| edited.contains(&l))
            };
            sets(r.location.as_ref()) || r.replicas.iter().any(|rep| sets(rep.location.as_ref()))
        })
        .map(|r| r.name.as_str())
        .collect();
    others.dedup();
    if others.is_empty() {
        return;
    }
    let named: Vec<String> = others
        .iter()
        .take(NAMED)
        .map(|n| format!("`{n}`"))
        .collect();
    let rest = others.len().saturating_sub(NAMED);
    let list = match (named.len(), rest) {
        (1, _) => named[0].clone(),
        (_, 0) => {
            let (last, first) = named.split_last().expect("two or more");
            format!("{} and {last}", first.join(", "))
        }
        (_, n) => format!("{} and {n} more", named.join(", ")),
    };
    fix.title.push_str(&format!("; also moves {list}"));
}
