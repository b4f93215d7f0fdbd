//! The keys of `.residency.yaml`, once: their names, the values each takes and what they mean.
//! [`super::Config::parse`] refuses a key that is not here, [`super::parse_boundary`] and
//! [`super::Level::parse`] take the words listed here, and [`super::schema`] writes the JSON
//! Schema the editors validate the file with (`editors/vscode/schemas/`) from this table.

/// What a key's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// One of [`BOUNDARIES`].
    Boundary,
    /// A list of Azure region names.
    Regions,
    /// An Azure region name (programmatic or display name, any case).
    Region,
    /// A map of rule codes (any case) to one of [`LEVELS`].
    RuleLevels,
    /// A list of globs, relative to the configuration's folder.
    Globs,
    /// A number of bytes.
    Bytes,
    /// A list of waivers ([`super::waivers`]).
    Waivers,
    /// A list of rule codes or names.
    Rules,
    /// The path of a file, relative to the configuration's folder.
    File,
}

impl ValueKind {
    /// What a value of this kind must be, in words: "must be {expected}".
    pub fn expected(self) -> &'static str {
        match self {
            ValueKind::Boundary => "one of `europe`, `eu-data-boundary` or `custom`",
            ValueKind::Regions => "a list of Azure region names, such as `[westeurope, northeurope]`",
            ValueKind::Region => "an Azure region name, such as `westeurope`",
            ValueKind::RuleLevels => {
                "a map from rule codes or names to levels, such as `EU003: off` on its own line below `rules:`"
            }
            ValueKind::Globs => "a list of globs, such as `['legacy/**']`",
            ValueKind::Bytes => "a whole number of bytes, such as `10485760`",
            ValueKind::Waivers => {
                "a list of waivers, each with `rule`, `reason` and `owner`, and optionally `resource`, `path` and `expires` (a day, `YYYY-MM-DD`)"
            }
            ValueKind::Rules => "a list of rule codes or names, such as `[EU001, EU010]`",
            ValueKind::File => "the path of a file, such as `../policy/residency.yaml`",
        }
    }
}

/// One key of `.residency.yaml`.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub name: &'static str,
    pub kind: ValueKind,
    /// Markdown, one paragraph.
    pub description: &'static str,
}

/// Every key, in the order the documentation lists them.
pub const KEYS: &[Key] = &[
    Key {
        name: "boundary",
        kind: ValueKind::Boundary,
        description: "Where identity data may live: `europe` (default), `eu-data-boundary` or `custom` (the regions of `allowed_regions`).",
    },
    Key {
        name: "allowed_regions",
        kind: ValueKind::Regions,
        description: "With `boundary: custom` (or alone, which means `custom`): the Azure regions identity data may live in, by name (for example `westeurope`, `germanywestcentral`).",
    },
    Key {
        name: "preferred_region",
        kind: ValueKind::Region,
        description: "The physical Azure region quick fixes move resources to, inside the boundary (default `westeurope`).",
    },
    Key {
        name: "rules",
        kind: ValueKind::RuleLevels,
        description: "Rule levels by code: `off`, `info`, `warning` or `error` (for example `EU003: off`).",
    },
    Key {
        name: "exclude",
        kind: ValueKind::Globs,
        description: "Globs of files not checked, relative to this file's folder (for example `legacy/**`).",
    },
    Key {
        name: "max_file_size",
        kind: ValueKind::Bytes,
        description: "Files larger than this many bytes are reported as E002, not read (default 10485760).",
    },
    Key {
        name: "var_files",
        kind: ValueKind::Globs,
        description: "Terraform variable files that Terraform does not load itself (for example `envs/*.tfvars`), relative to this file's folder: each one is an environment of the nearest Terraform configuration at or above it, checked as `terraform plan -var-file` applies it.",
    },
    Key {
        name: "waivers",
        kind: ValueKind::Waivers,
        description: "Accepted findings, recorded centrally: each waiver names a `rule`, a `reason` and an `owner`, and may narrow itself to a `resource` (the address or name findings give) and a `path` glob (relative to this file's folder), and say when it `expires` (`YYYY-MM-DD`, valid through that day). A waived finding is reported as suppressed, with its reason and owner; an expired waiver is reported as E004, one that matches nothing as E005.",
    },
    Key {
        name: "unsuppressible",
        kind: ValueKind::Rules,
        description: "Rules whose findings a `residency-ignore` comment cannot silence (for example `[EU001]`): only a waiver can, with a reason and an owner.",
    },
    Key {
        name: "extends",
        kind: ValueKind::File,
        description: "The organisation's configuration this one builds on (for example `../policy/residency.yaml`, relative to this file; never a URL). Its boundary, rule levels, unsuppressible rules and waivers apply here; this file may narrow the boundary, raise levels and add unsuppressible rules and waivers, but not loosen them. `exclude`, `var_files` and `max_file_size` are this file's own.",
    },
];

/// The boundary profiles, with what each means.
pub const BOUNDARIES: &[(&str, &str)] = &[
    (
        "europe",
        "Every region in a European geography, the United Kingdom, Switzerland and Norway included: what Microsoft calls \"Europe\" for Entra data.",
    ),
    (
        "eu-data-boundary",
        "EU and EFTA datacenters only (UK regions are outside); B2C and External ID tenants in Europe must have an EU or EFTA country code (EU002).",
    ),
    ("custom", "The regions listed in `allowed_regions`."),
];

/// The levels of a rule.
pub const LEVELS: &[&str] = &["off", "info", "warning", "error"];

/// The key of that name.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// `` `a`, `b` or `c` ``.
pub fn one_of(words: impl IntoIterator<Item = &'static str>) -> String {
    let words: Vec<String> = words.into_iter().map(|w| format!("`{w}`")).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
