//! What a check produces: plain diagnostics on byte ranges. Only `report/` and `lsp/` turn
//! them into lines, columns and output formats.

use std::path::PathBuf;

use serde::Serialize;

use crate::syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place: where a value was set, the VNet whose location decides, ...
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub path: PathBuf,
    pub range: TextRange,
    pub message: String,
}

/// One replacement of bytes in one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    pub path: PathBuf,
    pub range: TextRange,
    pub replacement: String,
}

/// A fix: its edits, applied together.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// "Set the location to `westeurope`".
    pub title: String,
    /// Unsafe fixes change behaviour beyond the finding (moving a region re-creates the
    /// resource); `--fix` applies only safe ones unless `--unsafe-fixes` is given.
    pub safe: bool,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable rule code: `EU010`, `E001`.
    pub code: &'static str,
    /// Rule name: `domain-services-outside-europe`.
    pub name: &'static str,
    pub severity: Severity,
    pub path: PathBuf,
    pub range: TextRange,
    /// The headline: what and where, in about 100 characters.
    pub message: String,
    /// Why: the documented facts behind the finding (`note:` lines).
    pub notes: Vec<String>,
    /// What to do (`help:`), beside the fix's title when there is a fix.
    pub help: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// The resource the finding is about (`azurerm_aadb2c_directory.customers`, an ARM name):
    /// baselines match findings by file, code and resource, not by line.
    pub resource: Option<String>,
    /// The context the finding was found in, when it depends on one.
    pub context: Context,
}

/// The context of a finding that depends on values given from elsewhere: a module checked
/// once per caller, a template once per parameters file, a Terraform folder once per
/// variable file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// The folder whose module call gave the values (a Terraform module checked with its
    /// caller).
    pub caller: Option<PathBuf>,
    /// The parameters or variable file that gave them.
    pub environment: Option<PathBuf>,
}

impl Context {
    pub fn is_empty(&self) -> bool {
        self.caller.is_none() && self.environment.is_none()
    }
}

/// A finding that a suppression comment (`residency-ignore: CODE -- reason`) silenced: not
/// reported, but kept for the formats that list suppressed results (SARIF).
#[derive(Clone, Debug, PartialEq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    /// What the comment says after `--`, or the waiver's reason; `None` when a comment gives no
    /// reason (then also E003).
    pub reason: Option<String>,
    /// When a waiver of `.residency.yaml` silenced it, rather than a comment: who answers for it.
    pub waiver: Option<WaiverNote>,
}

/// The waiver that silenced a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiverNote {
    pub owner: String,
    /// The last day it holds, `YYYY-MM-DD`.
    pub expires: Option<String>,
    /// The configuration file that records it.
    pub file: PathBuf,
}
