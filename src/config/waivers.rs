//! `waivers:` in `.residency.yaml`: exceptions recorded centrally, each with a reason, an owner
//! and, optionally, the day it expires.
//!
//! ```yaml
//! waivers:
//!   - rule: EU021
//!     resource: azuread_authentication_strength_policy.legacy
//!     path: "identity/**"
//!     reason: "push needed until the 2027 migration"
//!     owner: "iam-team"
//!     expires: 2027-03-31
//! ```
//!
//! A waiver matches the findings of its rule (code or name) on the resource it names (the
//! address or name findings give, exactly) and in the files its `path` glob matches (relative to
//! the configuration's folder); a waiver without `resource` or `path` matches every finding of
//! its rule under the configuration. It holds through the day `expires` names.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::syntax::TextRange;

/// A day of the calendar, as `expires` writes it (`2027-03-31`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `YYYY-MM-DD`, a day that exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&date.day).then_some(date)
    }

    /// Today, in UTC.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((seconds / 86_400) as i64)
    }

    /// The day `days` after 1970-01-01: Howard Hinnant's `civil_from_days`
    /// (<https://howardhinnant.github.io/date_algorithms.html#civil_from_days>).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One waiver, validated.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// The rule's code.
    pub rule: &'static str,
    pub resource: Option<String>,
    /// The glob as written, and its matcher.
    pub path: Option<(String, GlobMatcher)>,
    pub reason: String,
    pub owner: String,
    pub expires: Option<Date>,
    /// The configuration file that records it, and where in it.
    pub file: PathBuf,
    pub range: TextRange,
}

/// A waiver as written; serde reads the types.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWaiver {
    rule: String,
    resource: Option<String>,
    path: Option<String>,
    reason: String,
    owner: String,
    expires: Option<serde_yaml_ng::Value>,
}

impl RawWaiver {
    /// Validates a waiver recorded in `file` at `range`; an error says what is wrong in words.
    pub(super) fn validate(self, file: &Path, range: TextRange) -> Result<Waiver, String> {
        let Some(rule) = crate::rule_catalog::meta(&self.rule) else {
            return Err(format!(
                "`rule: {}` is not a residency rule code or name.{}",
                self.rule,
                crate::rule_catalog::did_you_mean(&self.rule)
            ));
        };
        if self.reason.trim().is_empty() {
            return Err("a waiver needs a `reason`: say why the finding is accepted".to_string());
        }
        if self.owner.trim().is_empty() {
            return Err("a waiver needs an `owner`: who answers for it".to_string());
        }
        let expires = match &self.expires {
            None => None,
            Some(value) => {
                let text = match value {
                    serde_yaml_ng::Value::String(s) => s.clone(),
                    other => serde_yaml_ng::to_string(other).unwrap_or_default(),
                };
                Some(Date::parse(&text).ok_or_else(|| {
                    format!(
                        "`expires` must be a day written `YYYY-MM-DD`, such as `2027-03-31`, not `{}`",
                        text.trim()
                    )
                })?)
            }
        };
        let path = match self.path {
            None => None,
            Some(pattern) => {
                let glob = Glob::new(&pattern)
                    .map_err(|e| format!("`path`: bad glob `{pattern}`: {e}"))?;
                Some((pattern, glob.compile_matcher()))
            }
        };
        Ok(Waiver {
            rule: rule.code,
            resource: self.resource,
            path,
            reason: self.reason.trim().to_string(),
            owner: self.owner.trim().to_string(),
            expires,
            file: file.to_path_buf(),
            range,
        })
    }
}

/// The fields of a waiver, as messages list them.
const FIELDS: &str = "`rule`, `resource`, `path`, `reason`, `owner` and `expires`";

/// serde's complaint about a waiver (`missing field `owner``, `unknown field `reson``), in
/// words that name the waiver; `None` for any other complaint.
pub(super) fn field_problem(serde: &str, located: &super::Located) -> Option<String> {
    let quoted = |after: &str| {
        let rest = serde.split_once(after)?.1;
        let rest = rest.strip_prefix('`')?;
        Some(rest[..rest.find('`')?].to_string())
    };
    // serde names the item: `waivers[1]: unknown field …`.
    let i: usize = serde
        .strip_prefix("waivers[")?
        .split_once(']')?
        .0
        .parse()
        .ok()?;
    let range = located.list_item("waivers", i);
    let which = format!(
        "waiver {} (at {})",
        i + 1,
        located.describe(range.start as usize)
    );
    if let Some(field) = quoted("missing field ") {
        return Some(format!("{which} needs `{field}`"));
    }
    let field = quoted("unknown field ")?;
    Some(format!(
        "{which}: `{field}` is not a field of a waiver; the fields are {FIELDS}"
    ))
}

impl Waiver {
    /// Whether it matches a finding of `code` on `resource` in `path`.
    pub fn matches(&self, code: &str, resource: Option<&str>, path: &Path) -> bool {
        if code != self.rule {
            return false;
        }
        if let Some(wanted) = &self.resource {
            if resource != Some(wanted.as_str()) {
                return false;
            }
        }
        match &self.path {
            None => true,
            Some((_, glob)) => {
                let base = self.file.parent().unwrap_or(Path::new(""));
                let abs = crate::paths::absolute(path);
                let rel = abs
                    .strip_prefix(crate::paths::absolute(base))
                    .unwrap_or(&abs);
                glob.is_match(rel) || glob.is_match(path)
            }
        }
    }

    /// Whether it no longer holds on `today`.
    pub fn expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }

    /// `Waiver of EU021 for `x``: how messages name it.
    pub fn title(&self) -> String {
        match &self.resource {
            Some(r) => format!("Waiver of {} for `{r}`", self.rule),
            None => format!("Waiver of {}", self.rule),
        }
    }

    /// What E004 says of it once expired.
    pub fn expired_message(&self) -> String {
        format!(
            "{} expired on {} (owner {}): the findings it waived are reported again. Fix them, or renew the waiver with a new day.",
            self.title(),
            self.expires.map(|e| e.to_string()).unwrap_or_default(),
            self.owner
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_compare_and_today_is_a_day() {
        assert_eq!(
            Date::parse("2027-03-31"),
            Some(Date {
                year: 2027,
                month: 3,
                day: 31
            })
        );
        assert_eq!(Date::parse("2028-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-3-31",
            "31.03.2027",
            "",
            "2027-04-31",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2026-12-31") < Date::parse("2027-01-01"));
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_794).to_string(), "2026-12-07");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        let today = Date::today();
        assert!(today.year >= 2026, "{today}");
    }
}
