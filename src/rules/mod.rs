//! The rules: one file per rule, run over a lowered project. Their catalog (codes, names,
//! default severities) is [`crate::rule_catalog`], re-exported here.

pub use crate::rule_catalog::{meta, RuleMeta, CATALOG, DOCS_BASE};

mod app_access_to_identity_data;
mod b2b_invitation_stored_in_us;
mod b2c_config_stored_in_us;
mod b2c_tenant_outside_europe;
mod domain_services_outside_europe;
mod exchange_federation;
mod external_id_tenant_outside_europe;
mod identity_logs_outside_europe;
mod location_not_provable;
mod mfa_methods_unrestricted;
mod mfa_oath_codes;
mod mfa_phone_methods;
mod mfa_push_notifications;
mod tenant_country_outside_eu_boundary;
mod unknown_region;

use crate::config::Config;
use crate::model::{Kind, Loc, Project, Resource, Val};
use crate::regions::{self, Region};

/// What a rule reports, on the project's files. The check turns it into a
/// [`crate::diagnostic::Diagnostic`] with the configured severity.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub loc: Loc,
    pub message: String,
    pub related: Vec<(Loc, String)>,
    pub fix: Option<FindingFix>,
}

/// A fix on project locations.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<(Loc, String)>,
}

/// What rules see.
pub struct Context<'a> {
    pub project: &'a Project,
    pub config: &'a Config,
    pub findings: Vec<Finding>,
}

impl Context<'_> {
    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// A file's name, for messages.
    pub fn file_name(&self, loc: Loc) -> String {
        let path = &self.project.files[loc.file].path;
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }
}

/// Runs every rule over the resources of one lowered project. Each finding comes with the name
/// of the resource it is about.
pub fn run(project: &Project, config: &Config, resources: &[Resource]) -> Vec<(Finding, String)> {
    let mut cx = Context {
        project,
        config,
        findings: Vec::new(),
    };
    let mut attributed = Vec::new();
    for resource in resources {
        if resource.kind.is_identity() {
            b2c_tenant_outside_europe::check(resource, &mut cx);
            tenant_country_outside_eu_boundary::check(resource, &mut cx);
            b2c_config_stored_in_us::check(resource, &mut cx);
            external_id_tenant_outside_europe::check(resource, &mut cx);
            domain_services_outside_europe::check(resource, &mut cx);
            identity_logs_outside_europe::check(resource, &mut cx);
            location_not_provable::check(resource, &mut cx);
            unknown_region::check(resource, &mut cx);
        }
        mfa_phone_methods::check(resource, &mut cx);
        mfa_push_notifications::check(resource, &mut cx);
        mfa_oath_codes::check(resource, &mut cx);
        mfa_methods_unrestricted::check(resource, resources, &mut cx);
        b2b_invitation_stored_in_us::check(resource, &mut cx);
        app_access_to_identity_data::check(resource, &mut cx);
        exchange_federation::check(resource, &mut cx);
        attributed.extend(cx.findings.drain(..).map(|f| (f, resource.name.clone())));
    }
    attributed
}

/// A location value of an identity resource, and what it is the location of.
pub struct Placement<'a> {
    /// "managed domain", "replica set 2", "virtual network `vnet`".
    pub what: String,
    pub val: &'a Val,
    /// The value is a tenant data residency location, not an ARM region.
    pub tenant: bool,
    /// The virtual network this location belongs to, when it is one.
    pub network: Option<&'a crate::model::Network>,
    /// The subnet property that led to the network.
    pub via: Option<&'a Val>,
}

/// Every location that decides where an identity resource's data lives.
pub fn placements(resource: &Resource) -> Vec<Placement<'_>> {
    let tenant = matches!(resource.kind, Kind::B2cTenant | Kind::CiamTenant);
    let mut out = Vec::new();
    let what = match resource.kind {
        Kind::B2cTenant => Some("B2C tenant"),
        Kind::CiamTenant => Some("External ID tenant"),
        Kind::DomainServices => Some("Domain Services managed domain"),
        Kind::DomainServicesReplicaSet => Some("Domain Services replica set"),
        _ => None,
    };
    if let (Some(val), Some(what)) = (&resource.location, what) {
        out.push(Placement {
            what: what.to_string(),
            val,
            tenant,
            network: None,
            via: None,
        });
    }
    for replica in &resource.replicas {
        if let Some(val) = &replica.location {
            out.push(Placement {
                what: replica.label.clone(),
                val,
                tenant: false,
                network: None,
                via: None,
            });
        }
        if let Some(network) = &replica.network {
            out.push(Placement {
                what: format!(
                    "virtual network `{}` of {}",
                    network.name,
                    with_article(&replica.label)
                ),
                val: &network.location,
                tenant: false,
                network: Some(network),
                via: replica.subnet.as_ref(),
            });
        }
    }
    for destination in &resource.destinations {
        if let Some(target) = &destination.target {
            out.push(Placement {
                what: format!("{} `{}` receiving the logs", destination.label, target.name),
                val: &target.location,
                tenant: false,
                network: Some(target),
                via: Some(&destination.via),
            });
        }
    }
    out
}

/// A block or list of blocks as a list: Terraform gives one block as a map and repeated blocks
/// as a list of maps.
pub fn each(val: Option<&Val>) -> Vec<&Val> {
    match val {
        None => Vec::new(),
        Some(v) => match &v.kind {
            crate::model::ValKind::List(items) => items.iter().collect(),
            _ => vec![v],
        },
    }
}

/// The first of several property spellings present: `allowed_combinations` (Terraform),
/// `allowedCombinations` (Pulumi, ARM).
pub fn prop<'a>(val: &'a Val, names: &[&str]) -> Option<&'a Val> {
    names.iter().find_map(|n| val.get(n))
}

/// The source text of a value's expression, for references the evaluator leaves Unknown
/// (`azuread_service_principal.msgraph.app_role_ids["User.Read.All"]`).
pub fn source_text<'a>(cx: &'a Context, val: &Val) -> Option<&'a str> {
    let loc = val.loc?;
    cx.project
        .files
        .get(loc.file)?
        .text
        .get(loc.range.as_range())
}

/// "replica set 2" stays, "initial replica set" becomes "the initial replica set".
fn with_article(label: &str) -> String {
    if label.ends_with(|c: char| c.is_ascii_digit()) {
        label.to_string()
    } else {
        format!("the {label}")
    }
}

/// EU001 and EU004: a tenant whose data residency location is not `Europe`. The location is
/// chosen at creation and cannot change, so the fix (to `Europe`) re-creates the tenant.
fn tenant_outside_europe(resource: &Resource, cx: &mut Context, code: &'static str, subject: &str) {
    for placement in placements(resource).iter().filter(|p| p.tenant) {
        let Judged::Tenant(location) = judge(placement) else {
            continue;
        };
        if location == "Europe" {
            continue;
        }
        cx.report(Finding {
            code,
            loc: anchor(placement.val, resource),
            message: format!(
                "{subject} `{}` keeps its directory data in `{location}`, outside Europe: the location is fixed when the tenant is created. Create the tenant with the location `Europe`.",
                resource.name
            ),
            related: provenance(placement.val),
            fix: rewrite_literal(placement.val, "Europe").map(|edits| FindingFix {
                title: "Set the data residency location to `Europe` (re-creates the tenant)".into(),
                safe: false,
                edits,
            }),
        });
    }
}

/// The authentication method modes of a combination (`"password,sms"`), as Entra writes them.
fn modes(combination: &str) -> impl Iterator<Item = &str> {
    combination.split(',').map(str::trim)
}

/// EU020, EU021, EU022: an authentication strength's combinations that use one of `methods`.
fn mfa_combinations(
    resource: &Resource,
    cx: &mut Context,
    code: &'static str,
    methods: &[&str],
    why: &str,
) {
    if resource.kind != Kind::AuthenticationStrengthPolicy {
        return;
    }
    let Some(list) = prop(
        &resource.props,
        &["allowed_combinations", "allowedCombinations"],
    ) else {
        return;
    };
    for entry in list.items() {
        let Some(combination) = entry.as_str() else {
            continue;
        };
        if !modes(combination).any(|m| methods.iter().any(|x| x.eq_ignore_ascii_case(m))) {
            continue;
        }
        cx.report(Finding {
            code,
            loc: entry.loc.unwrap_or(resource.decl),
            message: format!(
                "Authentication strength `{}` allows `{combination}`: {why}. Allow only phishing-resistant methods (`fido2`, `windowsHelloForBusiness`, `x509CertificateMultiFactor`).",
                resource.name
            ),
            related: provenance(entry),
            fix: None,
        });
    }
}

/// Methods whose data Microsoft handles in the US (EU020, EU021, EU022).
pub const US_HANDLED_METHODS: &[&str] = &[
    "sms",
    "voice",
    "microsoftAuthenticatorPush",
    "deviceBasedPush",
    "softwareOath",
    "hardwareOath",
];

/// Whether an authentication strength's combinations all avoid the US-handled methods.
pub fn strength_excludes_us_methods(policy: &Resource) -> Option<bool> {
    let list = prop(
        &policy.props,
        &["allowed_combinations", "allowedCombinations"],
    )?;
    let mut all = true;
    for entry in list.items() {
        let combination = entry.as_str()?;
        if modes(combination).any(|m| US_HANDLED_METHODS.iter().any(|x| x.eq_ignore_ascii_case(m)))
        {
            all = false;
        }
    }
    Some(all)
}

/// A location value judged against the catalog.
pub enum Judged<'a> {
    /// An ARM region (or logical location) from the catalog.
    Region(&'a Region),
    /// A tenant data residency location (`Europe`, `United States`...).
    Tenant(&'static str),
    /// A string that is no location of the expected vocabulary.
    NotALocation(&'a str),
    /// Not provable statically.
    Unknown,
}

pub fn judge<'a>(placement: &Placement<'a>) -> Judged<'a> {
    let Some(text) = placement.val.as_str() else {
        return Judged::Unknown;
    };
    if placement.tenant {
        match regions::tenant_location(text) {
            Some(t) => Judged::Tenant(t),
            None => Judged::NotALocation(text),
        }
    } else {
        match regions::catalog().lookup(text) {
            Some(r) => Judged::Region(r),
            None => Judged::NotALocation(text),
        }
    }
}

/// Related information for a value: each step of its provenance.
pub fn provenance(val: &Val) -> Vec<(Loc, String)> {
    val.origin.iter().map(|o| (o.loc, o.note.clone())).collect()
}

/// Where a finding about `val` is shown: the value's expression, else the declaration.
pub fn anchor(val: &Val, resource: &Resource) -> Loc {
    val.loc.unwrap_or(resource.decl)
}

/// An edit replacing the literal a value was copied from, when there is one.
pub fn rewrite_literal(val: &Val, replacement: &str) -> Option<Vec<(Loc, String)>> {
    val.literal.map(|loc| vec![(loc, replacement.to_string())])
}

/// The region a fix moves a resource to, written the way the original was: display-name style
/// ("West Europe") when the original had spaces or capitals, programmatic name otherwise.
/// It is the `preferred_region` when that is inside the active boundary, else the first
/// allowed region of a custom boundary, else `westeurope` when inside; `None` when no region
/// is known to be inside (then there is no fix).
pub fn fix_region(config: &Config, original: &str) -> Option<String> {
    let catalog = regions::catalog();
    let inside = |name: &str| {
        catalog
            .lookup(name)
            .filter(|r| r.is_physical() && config.boundary.contains(r))
    };
    let region = inside(&config.preferred_region)
        .or_else(|| match &config.boundary {
            regions::Boundary::Custom(allowed) => allowed.iter().find_map(|a| inside(a)),
            _ => None,
        })
        .or_else(|| inside("westeurope"))?;
    let display = original.contains(' ') || original.chars().any(|c| c.is_ascii_uppercase());
    Some(if display {
        region.display_name.clone()
    } else {
        region.name.clone()
    })
}

/// The chain of a value for messages: `'westus' ← parameter 'location' default ← ...`.
pub fn chain(val: &Val) -> String {
    let mut parts = Vec::new();
    match &val.kind {
        crate::model::ValKind::Unknown(reason) => parts.push(reason.clone()),
        crate::model::ValKind::Str(s) => parts.push(format!("`{s}`")),
        _ => parts.push("a non-string value".to_string()),
    }
    parts.extend(val.origin.iter().map(|o| o.note.clone()));
    parts.join(" ← ")
}

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// A rule's documentation: its summary and, for EU rules, the doc comment of its file.
pub fn documentation(meta: &RuleMeta) -> String {
    let body = RULE_DOCS
        .iter()
        .find(|(name, _)| *name == meta.name)
        .map(|(_, doc)| *doc)
        .unwrap_or("");
    let mut out = format!(
        "# {} {}\n\n{}\n\nDefault severity: {}.\n",
        meta.code,
        meta.name,
        meta.summary,
        meta.default_severity.as_str()
    );
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_implemented_rule_has_its_documentation() {
        for (name, doc) in RULE_DOCS {
            assert!(
                CATALOG.iter().any(|m| m.name == *name),
                "rule file {name} is not in the catalog"
            );
            for heading in [
                "## What it flags",
                "## Why it matters",
                "## Example",
                "## How to fix",
                "## References",
            ] {
                assert!(doc.contains(heading), "{name} lacks {heading}");
            }
        }
        for code in [
            "EU001", "EU002", "EU003", "EU004", "EU010", "EU090", "EU091",
        ] {
            let doc = documentation(meta(code).unwrap());
            assert!(doc.contains("## What it flags"), "{code}");
        }
    }
}
