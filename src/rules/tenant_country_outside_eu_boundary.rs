//! ## What it flags
//!
//! Under the `eu-data-boundary` profile: a B2C or External ID tenant in `Europe` whose country
//! code is outside the EU and EFTA (for example `GB`, `TR`, `AE`, `ZA`).
//!
//! ## Why it matters
//!
//! The B2C `Europe` location serves many countries that are not in the EU Data Boundary (the EU
//! and EFTA members): the United Kingdom, Türkiye, the United Arab Emirates, South Africa and
//! more. Microsoft's commitments for the EU Data Boundary apply to tenants whose country is
//! inside it, so a `Europe` tenant with such a country code gets EU Data Residency but not the
//! EU Data Boundary. Under the default `europe` profile this rule is silent.
//!
//! ## Example
//!
//! ```hcl
//! resource "azurerm_aadb2c_directory" "customers" {
//!   data_residency_location = "Europe"
//!   country_code            = "GB"
//!   # ...
//! }
//! ```
//!
//! ## How to fix
//!
//! Create the tenant with the country code of an EU or EFTA member, or accept the difference
//! with a suppression that says why.
//!
//! ## References
//!
//! - MicrosoftDocs/entra-docs `docs/fundamentals/data-storage-eu.md`: EU Data Residency versus
//!   the EU Data Boundary ("members of the EU and EFTA").
//! - MicrosoftDocs/azure-docs `articles/active-directory-b2c/data-residency.md`: the countries
//!   served by the `Europe` location.

use super::{Context, Finding, Judged, Rule, RuleMeta, judge, placements, provenance};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};
use crate::regions::{self, Boundary};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU002",
        name: "tenant-country-outside-eu-boundary",
        summary: "B2C or External ID tenant in Europe whose country code is outside the EU and EFTA (matters under the eu-data-boundary profile).",
        default_severity: Severity::Warning,
    },
    kinds: &[Kind::B2cTenant, Kind::CiamTenant],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    if cx.config.boundary != Boundary::EuDataBoundary {
        return;
    }
    let in_europe = placements(resource)
        .iter()
        .filter(|p| p.tenant)
        .any(|p| matches!(judge(p), Judged::Tenant("Europe")));
    let Some(country) = &resource.country_code else {
        return;
    };
    let Some(code) = country.as_str() else {
        return;
    };
    if !in_europe || regions::is_eu_efta_country(code) {
        return;
    }
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: country.loc.unwrap_or(resource.decl),
        message: format!(
            "Tenant `{}` is in `Europe` with country code `{code}`, outside the EU and EFTA",
            resource.name
        ),
        notes: vec![
            "The tenant's data has EU Data Residency but not the EU Data Boundary.".to_string(),
        ],
        help: Some("Use the country code of an EU or EFTA member.".to_string()),
        related: provenance(country),
        fix: None,
    });
}
