//! The one validator of settings, whoever writes them: `.residency.yaml` ([`super::Config`])
//! and the language client's settings (`src/lsp/settings.rs`) both turn what was written into
//! [`RawSettings`], and [`validate`] turns that into [`Overrides`] and [`Problem`]s, with the
//! same checks and the same messages (only the spelling of the keys differs).
//!
//! Policy: every problem is an error, and the value it is about is not used. A value is refused
//! when it is not understood (an unknown boundary, rule code or level, a name that is no Azure
//! region), when it contradicts itself (`custom` without regions), or when it cannot do what it
//! says (a `preferred_region` outside the boundary set beside it: fixes could not propose it).
//! What "not used" means is the front's: a `.residency.yaml` with a problem is refused whole
//! (the CLI exits 2 naming the file and the key; the language server logs it and reports
//! nothing for the folder), since a check run on half a configuration would report wrongly
//! with exit 0; a bad client setting is refused alone, with an error logged, and the other
//! settings apply, since the editor keeps running and the user is looking at it.

use std::collections::HashMap;

use super::keys::{one_of, BOUNDARIES, LEVELS};
use crate::diagnostic::Severity;
use crate::regions::{self, Boundary};

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// `off`, `info`, `warning` or `error` ([`LEVELS`]).
    pub fn parse(word: &str) -> Option<Level> {
        match word {
            "off" => Some(Level::Off),
            "info" => Some(Level::On(Severity::Info)),
            "warning" => Some(Level::On(Severity::Warning)),
            "error" => Some(Level::On(Severity::Error)),
            _ => None,
        }
    }
}

/// Settings as written, before validation. A value that is not a string where one is expected
/// is kept as its text (`5`), so that it is refused with the same message as any bad name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSettings {
    pub boundary: Option<String>,
    pub allowed_regions: Option<Vec<String>>,
    pub preferred_region: Option<String>,
    /// (code, level) as written.
    pub rules: Vec<(String, String)>,
}

/// Who wrote the settings: how their keys are spelled in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// `.residency.yaml`: `allowed_regions`, `preferred_region`.
    File,
    /// The language client: `allowedRegions`, `preferredRegion`.
    Client,
}

impl Spelling {
    pub fn allowed_regions(self) -> &'static str {
        match self {
            Spelling::File => "allowed_regions",
            Spelling::Client => "allowedRegions",
        }
    }

    pub fn preferred_region(self) -> &'static str {
        match self {
            Spelling::File => "preferred_region",
            Spelling::Client => "preferredRegion",
        }
    }
}

/// Validated settings that replace the defaults (from `.residency.yaml`) or override
/// `.residency.yaml` (from the client, or `--boundary`): each one set replaces that value;
/// rule levels replace the level of their rule only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    pub boundary: Option<Boundary>,
    /// The region fixes propose (normalised name of a physical region).
    pub preferred_region: Option<String>,
    /// Levels by rule code as in the catalog (upper case).
    pub rules: HashMap<String, Level>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.boundary.is_none() && self.preferred_region.is_none() && self.rules.is_empty()
    }
}

/// A setting that is not used, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problem {
    /// The key as spelled by its writer: `boundary`, `preferredRegion`, `rules.EU010`.
    pub key: String,
    /// The entry of the key's list or map the problem is about, as written (a region of
    /// `allowed_regions`, a code of `rules`): where an editor shows it.
    pub item: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.key, self.message)
    }
}

/// Validates settings. `default_boundary` is the boundary a `preferred_region` is checked
/// against when the settings set none: `europe` for a configuration file (its default), none
/// for the client (each folder's `.residency.yaml` decides; fixes then fall back to a region
/// inside it, see `rules::fix_region`).
pub fn validate(
    raw: &RawSettings,
    spelling: Spelling,
    default_boundary: Option<&Boundary>,
) -> (Overrides, Vec<Problem>) {
    let mut out = Overrides::default();
    let mut problems = Vec::new();
    let mut problem = |key: &str, item: Option<&str>, message: String| {
        problems.push(Problem {
            key: key.to_string(),
            item: item.map(str::to_string),
            message,
        });
    };
    let allowed_key = spelling.allowed_regions();
    let mut allowed_refused = false;
    let allowed: Option<&[String]> = match &raw.allowed_regions {
        Some(list) => {
            for region in list {
                if regions::catalog().lookup(region).is_none() {
                    problem(
                        allowed_key,
                        Some(region),
                        format!("`{region}` is not an Azure region{}", did_you_mean(region)),
                    );
                    allowed_refused = true;
                }
            }
            (!allowed_refused).then_some(list.as_slice())
        }
        None => None,
    };
    match (&raw.boundary, allowed) {
        // A list the boundary would ignore: refused, not dropped, since a silently wider or
        // narrower boundary is what this tool exists to prevent.
        (Some(name), Some(list)) if name != "custom" && !list.is_empty() => problem(
            allowed_key,
            None,
            format!(
                "`{allowed_key}` applies only with `boundary: custom`, so `boundary: {name}` would ignore it: set `boundary: custom`, or remove the list"
            ),
        ),
        (Some(name), _) => match parse_boundary(name, allowed, spelling) {
            Ok(b) => out.boundary = Some(b),
            // The list's own problem already says why `custom` has no regions.
            Err(_) if allowed_refused && name == "custom" => {}
            Err(m) => problem("boundary", None, m),
        },
        (None, Some(list)) if !list.is_empty() => {
            // A list of regions alone means a custom boundary.
            out.boundary = Some(Boundary::Custom(list.to_vec()));
        }
        _ => {}
    }
    if let Some(region) = &raw.preferred_region {
        let key = spelling.preferred_region();
        let in_force = out.boundary.as_ref().or(default_boundary);
        match regions::catalog().lookup(region) {
            None => problem(
                key,
                None,
                format!("`{region}` is not an Azure region{}", did_you_mean(region)),
            ),
            Some(r) if !r.is_physical() => problem(
                key,
                None,
                format!("`{region}` is not a physical region, which fixes could move a resource to"),
            ),
            Some(r) if in_force.is_some_and(|b| !b.contains(r)) => problem(
                key,
                None,
                format!(
                    "`{region}` is outside the `{}` boundary, so fixes could not propose it; pick a region inside it",
                    in_force.map(Boundary::id).unwrap_or_default()
                ),
            ),
            Some(r) => out.preferred_region = Some(r.name.clone()),
        }
    }
    let mut rules: Vec<&(String, String)> = raw.rules.iter().collect();
    rules.sort();
    for (code, level) in rules {
        let Some(meta) = crate::rule_catalog::meta(code) else {
            problem(
                "rules",
                Some(code),
                format!(
                    "`{code}` is not a rule code or name.{}",
                    crate::rule_catalog::did_you_mean(code)
                ),
            );
            continue;
        };
        match Level::parse(level) {
            Some(level) => {
                out.rules.insert(meta.code.to_string(), level);
            }
            None => problem(
                &format!("rules.{code}"),
                Some(code),
                format!(
                    "unknown level `{level}` (expected {} or {})",
                    LEVELS[..LEVELS.len() - 1].join(", "),
                    LEVELS[LEVELS.len() - 1]
                ),
            ),
        }
    }
    (out, problems)
}

/// Parses a boundary profile name (`custom` takes the allowed regions).
pub fn parse_boundary(
    name: &str,
    allowed: Option<&[String]>,
    spelling: Spelling,
) -> Result<Boundary, String> {
    match name {
        "europe" => Ok(Boundary::Europe),
        "eu-data-boundary" => Ok(Boundary::EuDataBoundary),
        "custom" => match allowed {
            Some(list) if !list.is_empty() => Ok(Boundary::Custom(list.to_vec())),
            _ => Err(format!(
                "boundary `custom` needs a non-empty `{}` list",
                spelling.allowed_regions()
            )),
        },
        other => Err(format!(
            "unknown boundary `{other}` (expected {})",
            one_of(BOUNDARIES.iter().map(|(name, _)| *name))
        )),
    }
}

fn did_you_mean(region: &str) -> String {
    match regions::catalog().suggest(region) {
        Some(r) => format!(" (did you mean `{}`?)", r.name),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(
        boundary: Option<&str>,
        allowed: Option<&[&str]>,
        preferred: Option<&str>,
    ) -> RawSettings {
        RawSettings {
            boundary: boundary.map(str::to_string),
            allowed_regions: allowed.map(|l| l.iter().map(|s| s.to_string()).collect()),
            preferred_region: preferred.map(str::to_string),
            rules: Vec::new(),
        }
    }

    #[test]
    fn preferred_region_is_checked_against_the_boundary_in_force() {
        let europe = Boundary::Europe;
        // Set beside it.
        let (o, p) = validate(
            &raw(Some("eu-data-boundary"), None, Some("uksouth")),
            Spelling::File,
            Some(&europe),
        );
        assert_eq!(o.preferred_region, None);
        assert_eq!(p[0].key, "preferred_region");
        assert!(
            p[0].message
                .contains("outside the `eu-data-boundary` boundary"),
            "{p:?}"
        );
        // The file's default.
        let (_, p) = validate(
            &raw(None, None, Some("eastus")),
            Spelling::File,
            Some(&europe),
        );
        assert!(
            p[0].message.contains("outside the `europe` boundary"),
            "{p:?}"
        );
        // The client with no boundary: each folder's decides.
        let (o, p) = validate(&raw(None, None, Some("eastus")), Spelling::Client, None);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(o.preferred_region.as_deref(), Some("eastus"));
    }

    #[test]
    fn a_bad_region_refuses_the_custom_boundary_once() {
        let (o, p) = validate(
            &raw(Some("custom"), Some(&["westeurope", "westeurpe"]), None),
            Spelling::Client,
            None,
        );
        assert_eq!(o.boundary, None);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].key, "allowedRegions");
        assert!(p[0].message.contains("did you mean `westeurope`"), "{p:?}");
        let (o, p) = validate(
            &raw(None, Some(&["westeurope"]), None),
            Spelling::File,
            None,
        );
        assert!(p.is_empty());
        assert_eq!(
            o.boundary,
            Some(Boundary::Custom(vec!["westeurope".into()]))
        );
    }

    /// The words the table lists (and the schema offers) are those understood.
    #[test]
    fn the_table_words_are_understood() {
        let regions = ["westeurope".to_string()];
        for (name, _) in BOUNDARIES {
            assert!(
                parse_boundary(name, Some(&regions), Spelling::File).is_ok(),
                "{name}"
            );
        }
        for word in LEVELS {
            assert!(Level::parse(word).is_some(), "{word}");
        }
    }

    #[test]
    fn levels_by_catalog_code() {
        let settings = RawSettings {
            rules: vec![
                ("eu010".into(), "warning".into()),
                ("EU999".into(), "off".into()),
                ("EU020".into(), "loud".into()),
            ],
            ..RawSettings::default()
        };
        let (o, p) = validate(&settings, Spelling::File, None);
        assert_eq!(
            o.rules,
            HashMap::from([("EU010".to_string(), Level::On(Severity::Warning))])
        );
        let shown: Vec<String> = p.iter().map(Problem::to_string).collect();
        assert_eq!(
            shown,
            [
                "`rules.EU020`: unknown level `loud` (expected off, info, warning or error)",
                "`rules`: `EU999` is not a rule code or name."
            ]
        );
    }
}
