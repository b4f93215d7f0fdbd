//! `.residency.yaml`: found by walking up from each checked file, or given with `--config`.
//!
//! ```yaml
//! boundary: europe            # europe | eu-data-boundary | custom
//! allowed_regions: []         # with boundary: custom
//! preferred_region: westeurope
//! rules:
//!   EU003: off                # off | info | warning | error
//! exclude:
//!   - "legacy/**"
//! max_file_size: 10485760     # bytes; larger files are reported as E002, not read
//! var_files:                  # Terraform variable files Terraform does not load itself
//!   - "envs/*.tfvars"         # each one an environment of the nearest configuration above it
//! ```
//!
//! `boundary`, `allowed_regions`, `preferred_region` and `rules` are validated by
//! [`overrides::validate`], as the language client's settings are (see there for the policy:
//! a file with a problem is refused whole).

use crate::paths::absolute;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::regions::Boundary;
use crate::syntax::TextRange;

mod extends;
mod keys;
mod locate;
mod overrides;
pub mod schema;
pub mod waivers;

pub use keys::{Key, ValueKind, BOUNDARIES, KEYS, LEVELS};
pub use locate::FileProblem;
pub use overrides::{parse_boundary, validate, Level, Overrides, Problem, RawSettings, Spelling};

use locate::Located;

/// The file name looked for in each directory.
pub const FILE_NAME: &str = ".residency.yaml";

/// Files larger than this are not read (E002).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Effective settings for the files under one configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file these came from, if any.
    pub path: Option<PathBuf>,
    pub boundary: Boundary,
    /// Region proposed by fixes (normalised name).
    pub preferred_region: String,
    pub rules: HashMap<String, Level>,
    pub exclude: Option<GlobSet>,
    /// `var_files`: the Terraform variable files (relative to the configuration's folder) that
    /// are environments, as `terraform -var-file` applies them.
    pub var_files: Option<GlobSet>,
    pub max_file_size: u64,
    /// `waivers`: accepted findings, with their reasons and owners.
    pub waivers: Vec<waivers::Waiver>,
    /// `unsuppressible`: the codes of the rules a suppression comment cannot silence.
    pub unsuppressible: Vec<&'static str>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            boundary: Boundary::Europe,
            preferred_region: "westeurope".into(),
            rules: HashMap::new(),
            exclude: None,
            var_files: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            waivers: Vec::new(),
            unsuppressible: Vec::new(),
        }
    }
}

/// The values of the keys of [`KEYS`] (which are checked first): serde reads their types.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    boundary: Option<String>,
    allowed_regions: Option<Vec<String>>,
    preferred_region: Option<String>,
    #[serde(default)]
    rules: HashMap<String, String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    var_files: Vec<String>,
    max_file_size: Option<u64>,
    #[serde(default)]
    waivers: Vec<waivers::RawWaiver>,
    #[serde(default)]
    unsuppressible: Vec<String>,
    extends: Option<String>,
}

/// A configuration problem, naming the file and the key.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// How a configuration's path is named in messages: from the current folder when it is below
/// it (as findings name files), else as given.
pub(crate) fn shown(path: &Path) -> String {
    let relative = crate::paths::current_dir().and_then(|cwd| {
        crate::paths::absolute(path)
            .strip_prefix(crate::paths::absolute(cwd))
            .ok()
            .map(Path::to_path_buf)
    });
    match relative {
        Some(r) if !r.as_os_str().is_empty() => r.display().to_string(),
        _ => path.display().to_string(),
    }
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = read_text(path).map_err(|e| ConfigError(format!("{}: {e}", shown(path))))?;
        Config::parse(&text, path)
    }

    /// Validates configuration text; `path` names it in errors and anchors `exclude` globs.
    /// Errors quote at most [`QUOTED`] characters of a value and nothing of a file that is not
    /// a mapping of settings: `--config` may be given a secret file by mistake, and CI logs
    /// are read widely.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        Config::parse_text(text, path).map_err(|problems| {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {}", shown(path), p.message))
                .collect();
            ConfigError(lines.join("\n"))
        })
    }

    /// [`Config::parse`], with each problem at its place in `text` (what the language server
    /// shows on the file). Messages do not name the file.
    pub fn parse_text(text: &str, path: &Path) -> Result<Config, Vec<FileProblem>> {
        Config::parse_in(text, path, &[])
    }

    /// [`Config::parse_text`] of a file `chain` extends (the absolute paths of the files that
    /// extend it, the first first).
    fn parse_in(text: &str, path: &Path, chain: &[PathBuf]) -> Result<Config, Vec<FileProblem>> {
        let located = Located::new(text);
        let problem = |range, message: String| FileProblem {
            range,
            message: short_quotes(&message),
        };
        let at_error = |e: &serde_yaml_ng::Error| match e.location() {
            Some(l) => located.line_column(l.line(), l.column()),
            None => TextRange::new(0, 0),
        };
        match document_kind(text) {
            // The parser's own message: a position and what it expected, no text of the file.
            Err(syntax) => {
                return Err(vec![problem(
                    at_error(&syntax),
                    format!("not valid YAML: {syntax}"),
                )])
            }
            Ok(Some(found)) => {
                return Err(vec![problem(
                    TextRange::new(0, 0),
                    format!("not a residency configuration: expected settings such as `boundary: europe`, found {found}"),
                )])
            }
            Ok(None) => {}
        }
        // The keys of the table (`keys::KEYS`), and no other.
        let unknown: Vec<FileProblem> = located
            .keys()
            .into_iter()
            .filter(|(name, _)| keys::key(name).is_none())
            .map(|(name, range)| {
                let meant =
                    crate::regions::nearest(name, KEYS.len(), |i| vec![KEYS[i].name.into()])
                        .map_or_else(String::new, |(i, _)| {
                            format!(" Did you mean `{}`?", KEYS[i].name)
                        });
                problem(
                    range,
                    format!(
                        "`{name}` (at {}) is not a setting.{meant} The settings are {}.",
                        located.describe(range.start as usize),
                        KEYS.iter()
                            .map(|k| format!("`{}`", k.name))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let raw: RawConfig = if text.trim().is_empty() {
            serde_yaml_ng::from_str("{}")
        } else {
            serde_yaml_ng::from_str(text)
        }
        .map_err(|e| {
            // In the words of the key whose value is wrong, not serde's ("expected u64").
            let at = at_error(&e);
            let key = located
                .keys()
                .into_iter()
                .rfind(|(_, range)| range.start <= at.start)
                .and_then(|(name, range)| Some((keys::key(name)?, range)));
            let message = match key {
                Some((key, _)) if key.kind == ValueKind::Waivers => {
                    waivers::field_problem(&e.to_string(), &located).unwrap_or_else(|| {
                        format!(
                            "`waivers` (at {}) must be {}",
                            located.describe(at.start as usize),
                            key.kind.expected()
                        )
                    })
                }
                Some((key, range)) => format!(
                    "`{}` (at {}) must be {}",
                    key.name,
                    located.describe(range.start as usize),
                    key.kind.expected()
                ),
                None => e.to_string(),
            };
            vec![problem(at, message)]
        })?;

        let settings = RawSettings {
            boundary: raw.boundary,
            allowed_regions: raw.allowed_regions,
            preferred_region: raw.preferred_region,
            rules: raw.rules.into_iter().collect(),
        };
        let (overrides, problems) = validate(&settings, Spelling::File, Some(&Boundary::Europe));
        let extends = raw.extends;
        if !problems.is_empty() {
            return Err(problems
                .iter()
                .map(|p| {
                    let top = p.key.split('.').next().unwrap_or(&p.key);
                    problem(located.key(top, p.item.as_deref()), p.to_string())
                })
                .collect());
        }
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        config.apply(&overrides);
        let globs = |key: &str, patterns: &[String]| {
            glob_set(key, patterns)
                .map_err(|(item, m)| vec![problem(located.key(key, item.as_deref()), m)])
        };
        config.exclude = globs("exclude", &raw.exclude)?;
        config.var_files = globs("var_files", &raw.var_files)?;
        if let Some(size) = raw.max_file_size {
            config.max_file_size = size;
        }
        let mut problems = Vec::new();
        for (i, raw) in raw.waivers.into_iter().enumerate() {
            let range = located.list_item("waivers", i);
            match raw.validate(path, range) {
                Ok(waiver) => config.waivers.push(waiver),
                Err(message) => problems.push(problem(
                    range,
                    format!(
                        "waiver {} (at {}): {message}",
                        i + 1,
                        located.describe(range.start as usize)
                    ),
                )),
            }
        }
        for (i, name) in raw.unsuppressible.iter().enumerate() {
            match crate::rule_catalog::meta(name) {
                Some(meta) => config.unsuppressible.push(meta.code),
                None => problems.push(problem(
                    located.list_item("unsuppressible", i),
                    format!(
                        "`unsuppressible`: `{name}` is not a residency rule code or name.{}",
                        crate::rule_catalog::did_you_mean(name)
                    ),
                )),
            }
        }
        if problems.is_empty() {
            if let Some(written) = &extends {
                problems.extend(Config::extend(
                    &mut config,
                    &overrides,
                    written,
                    path,
                    chain,
                    &located,
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(config)
    }

    /// Builds `config` on the file its `extends` names ([`extends`]): the problems, at the
    /// keys that would loosen the base, or at `extends` when the base cannot be used.
    fn extend(
        config: &mut Config,
        set: &Overrides,
        written: &str,
        path: &Path,
        chain: &[PathBuf],
        located: &Located,
    ) -> Vec<FileProblem> {
        let at_extends = |message: String| {
            vec![FileProblem {
                range: located.key("extends", None),
                message: short_quotes(&message),
            }]
        };
        let base_path = match extends::base_path(path, written, chain) {
            Ok(p) => p,
            Err(message) => return at_extends(message),
        };
        let base_name = shown(&base_path);
        let text = match read_text(&base_path) {
            Ok(t) => t,
            Err(e) => return at_extends(format!("`extends`: {base_name}: {e}")),
        };
        let mut longer = chain.to_vec();
        longer.push(absolute(path));
        let base = match Config::parse_in(&text, &base_path, &longer) {
            Ok(base) => base,
            Err(problems) => {
                let first = problems.first().map_or("", |p| p.message.as_str());
                return at_extends(format!("`extends`: {base_name} is refused: {first}"));
            }
        };
        extends::inherit(config, set, &base, &base_name)
            .into_iter()
            .map(|(place, message)| FileProblem {
                range: match place {
                    extends::Place::Key(key) => located.key(key, None),
                    extends::Place::Rule(code) => located.key("rules", Some(&code)),
                    extends::Place::Waiver(i) => located.list_item("waivers", i),
                },
                message: short_quotes(&message),
            })
            .collect()
    }

    /// Applies settings over these: each one set replaces its value; rule levels replace the
    /// level of their rule only.
    pub fn apply(&mut self, overrides: &Overrides) {
        if let Some(b) = &overrides.boundary {
            self.boundary = b.clone();
        }
        if let Some(r) = &overrides.preferred_region {
            self.preferred_region = r.clone();
        }
        self.rules.extend(
            overrides
                .rules
                .iter()
                .map(|(code, level)| (code.clone(), *level)),
        );
    }

    /// These settings with `overrides` applied.
    pub fn with(&self, overrides: &Overrides) -> Config {
        let mut config = self.clone();
        config.apply(overrides);
        config
    }

    /// The level of a rule: configured, else its default.
    /// The level `.residency.yaml` (or an override) sets for a rule, when it sets one.
    pub fn configured_level(&self, code: &str) -> Option<Level> {
        self.rules.get(code).copied()
    }

    pub fn level(&self, code: &str) -> Level {
        match self.rules.get(code) {
            Some(level) => *level,
            None => match crate::rule_catalog::meta(code) {
                Some(meta) if !meta.on_by_default() => Level::Off,
                Some(meta) => Level::On(meta.default_severity),
                None => Level::On(Severity::Error),
            },
        }
    }

    /// Whether `path` is excluded by this configuration's globs (relative to its directory).
    pub fn excludes(&self, path: &Path) -> bool {
        self.matches(self.exclude.as_ref(), path)
    }

    /// Whether `path` is a Terraform variable file named by `var_files` (relative to the
    /// configuration's directory).
    pub fn is_var_file(&self, path: &Path) -> bool {
        self.matches(self.var_files.as_ref(), path)
    }

    fn matches(&self, set: Option<&GlobSet>, path: &Path) -> bool {
        let Some(set) = set else {
            return false;
        };
        let base = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        let abs = absolute(path);
        let rel = abs.strip_prefix(absolute(base)).unwrap_or(&abs);
        set.is_match(rel) || set.is_match(path)
    }
}

/// The largest configuration file read: far more than any real one, and a bound on what
/// `--config` or `extends` naming a device or a huge file could cost.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// A configuration file's text: a regular file of at most [`MAX_CONFIG_SIZE`] bytes, never a
/// device or a pipe, which could be endless.
fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("cannot read: not a regular file".to_string());
    }
    if meta.len() > MAX_CONFIG_SIZE {
        return Err(format!(
            "cannot read: {} bytes, more than a configuration may be ({MAX_CONFIG_SIZE})",
            meta.len()
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))
}

/// The most characters of a value a configuration error quotes.
pub const QUOTED: usize = 40;

/// What the YAML document is when it is not a mapping (`None` for a mapping or nothing), or
/// why it is not YAML: for a file that is not a configuration, whose text is never quoted
/// (serde's message for such a file quotes its first line or the whole of it).
fn document_kind(text: &str) -> Result<Option<&'static str>, serde_yaml_ng::Error> {
    use serde_yaml_ng::Value;
    Ok(match serde_yaml_ng::from_str::<Value>(text)? {
        Value::Null | Value::Mapping(_) => None,
        Value::Bool(_) => Some("a boolean"),
        Value::Number(_) => Some("a number"),
        Value::String(_) => Some("text"),
        Value::Sequence(_) => Some("a list"),
        Value::Tagged(_) => Some("a tagged value"),
    })
}

/// `message` with each quoted fragment (`` `...` `` or `"..."`, as serde quotes keys and
/// values) longer than [`QUOTED`] characters replaced by `…` and its length.
fn short_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = if rest[open..].starts_with('`') {
            '`'
        } else {
            '"'
        };
        out.push_str(&rest[..=open]);
        let body = &rest[open + 1..];
        // serde writes strings with Rust's escapes: a `\"` does not end them.
        let mut escaped = false;
        let close = body.char_indices().find_map(|(i, c)| {
            let ends = c == quote && !escaped;
            escaped = quote == '"' && c == '\\' && !escaped;
            ends.then_some(i)
        });
        let inner = &body[..close.unwrap_or(body.len())];
        let length = inner.chars().count();
        if length > QUOTED {
            out.push('…');
        } else {
            out.push_str(inner);
        }
        match close {
            Some(close) => {
                out.push(quote);
                rest = &body[close + 1..];
            }
            None => rest = "",
        }
        if length > QUOTED {
            out.push_str(&format!(" ({length} characters, not shown)"));
        }
    }
    out.push_str(rest);
    out
}

/// The globs of a list key (`exclude`, `var_files`), or `None` when it is empty. An error
/// names the pattern it is about, when it is about one.
fn glob_set(key: &str, patterns: &[String]) -> Result<Option<GlobSet>, (Option<String>, String)> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(Glob::new(pattern).map_err(|e| {
            (
                Some(pattern.clone()),
                format!("`{key}`: bad glob `{pattern}`: {e}"),
            )
        })?);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| (None, format!("`{key}`: {e}")))
}

/// Finds the configuration for each directory by walking up, caching what it read.
#[derive(Default)]
pub struct ConfigResolver {
    /// `--config FILE`: used for every file, no discovery.
    fixed: Option<Arc<Config>>,
    /// By folder, absolute and normal, so its bytes name it: hashing the bytes is a fraction of
    /// what hashing a `Path` costs (which splits it into components), on every file checked.
    cache: Mutex<rustc_hash::FxHashMap<std::ffi::OsString, Arc<Config>>>,
}

impl ConfigResolver {
    pub fn new(fixed: Option<Config>) -> Self {
        ConfigResolver {
            fixed: fixed.map(Arc::new),
            cache: Mutex::default(),
        }
    }

    /// The configuration that applies to `file`.
    pub fn for_file(&self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let dir = absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.for_dir(&dir)
    }

    fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir.as_os_str())
        {
            return Ok(found.clone());
        }
        let candidate = dir.join(FILE_NAME);
        let config = if candidate.is_file() {
            Arc::new(Config::load(&candidate)?)
        } else {
            match dir.parent() {
                Some(parent) => self.for_dir(parent)?,
                None => Arc::new(Config::default()),
            }
        };
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.as_os_str().to_owned(), config.clone());
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/repo/.residency.yaml"))
    }

    #[test]
    fn full_config() {
        let c = parse(
            "boundary: eu-data-boundary\npreferred_region: North Europe\nrules:\n  EU003: off\n  eu090: error\n  mfa-push-notifications: off\nexclude: ['legacy/**']\nmax_file_size: 100\n",
        )
        .unwrap();
        assert_eq!(c.boundary, Boundary::EuDataBoundary);
        assert_eq!(c.preferred_region, "northeurope");
        assert_eq!(c.level("EU003"), Level::Off);
        assert_eq!(c.level("EU090"), Level::On(Severity::Error));
        assert_eq!(c.level("EU010"), Level::On(Severity::Error));
        // A rule's name stands for its code.
        assert_eq!(c.level("EU021"), Level::Off);
        assert_eq!(c.max_file_size, 100);
        assert!(c.excludes(Path::new("/repo/legacy/a/main.tf")));
        assert!(!c.excludes(Path::new("/repo/live/main.tf")));
    }

    #[test]
    fn errors_quote_no_more_than_a_few_characters() {
        let long = "x".repeat(QUOTED + 1);
        for (text, shown) in [
            (
                format!("max_file_size: \"{long}\"\n"),
                "`max_file_size` (at line 1 column 1) must be a whole number of bytes",
            ),
            (
                format!("{long}: 1\n"),
                "`…` (41 characters, not shown) (at line 1 column 1) is not a setting",
            ),
            (format!("boundary: {long}\n"), "unknown boundary `…` (41"),
            (
                format!("\"a \\\" {long}\": 1\n"),
                "(45 characters, not shown) (at line 1 column 1) is not a setting",
            ),
        ] {
            let e = parse(&text).unwrap_err().to_string();
            assert!(e.contains(shown) && !e.contains(&long), "{text:?}: {e}");
        }
        let short = "x".repeat(QUOTED);
        let e = parse(&format!("{short}: 1\n")).unwrap_err().to_string();
        assert!(e.contains(&format!("`{short}`")), "{e}");
        for text in [
            "hunter2\n",
            "- hunter2\n",
            "12345678\n",
            "hunter2=1\nTENANT: contoso\n",
            "[hunter2]\nname = 1\n",
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(
                e.contains("not a residency configuration") || e.contains("not valid YAML"),
                "{e}"
            );
            assert!(!e.contains("hunter2") && !e.contains("12345678"), "{e}");
        }
    }

    #[test]
    fn empty_is_default() {
        let c = parse("").unwrap();
        assert_eq!(c.boundary, Boundary::Europe);
        assert_eq!(c.preferred_region, "westeurope");
    }

    #[test]
    fn allowed_regions_imply_custom() {
        let c = parse("allowed_regions: [westeurope, germanywestcentral]").unwrap();
        assert!(matches!(c.boundary, Boundary::Custom(ref l) if l.len() == 2));
    }

    #[test]
    fn errors_name_file_and_key() {
        let e = parse("boundry: europe").unwrap_err().0;
        assert!(
            e.contains("/repo/.residency.yaml") && e.contains("boundry"),
            "{e}"
        );
        let e = parse("boundary: mars").unwrap_err().0;
        assert!(e.contains("`boundary`") && e.contains("mars"), "{e}");
        let e = parse("rules:\n  EU999: off").unwrap_err().0;
        assert!(e.contains("EU999"), "{e}");
        let e = parse("boundary: europe\nallowed_regions: [westeurope]")
            .unwrap_err()
            .0;
        assert!(
            e.contains("`allowed_regions` applies only with `boundary: custom`"),
            "{e}"
        );
        assert!(parse("allowed_regions: [westeurope]").is_ok());
        let e = parse("rules:\n  EU10: off").unwrap_err().0;
        assert!(e.contains("Did you mean `EU010`"), "{e}");
        let e = parse("rules:\n  EU010: loud").unwrap_err().0;
        assert!(e.contains("rules.EU010") && e.contains("loud"), "{e}");
        let e = parse("preferred_region: westeurpe").unwrap_err().0;
        assert!(
            e.contains("preferred_region") && e.contains("westeurope"),
            "{e}"
        );
        let e = parse("boundary: custom").unwrap_err().0;
        assert!(e.contains("allowed_regions"), "{e}");
        let e = parse("exclude: ['[']").unwrap_err().0;
        assert!(e.contains("exclude"), "{e}");
        assert!(parse("boundary: [").is_err());
    }
}
