//! The inventory: every identity resource and data flow of the checked files, where its data is
//! stored or processed, the verdict against the boundary, the chain that proves it, and the
//! findings and suppressions that apply (`residency inventory`). The check builds it beside
//! the findings, from the same resolved values: nothing here judges a location on its own.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity, Suppressed};
use crate::model::{self, Kind, Loc, Project, ValKind};
use crate::regions::Boundary;
use crate::resolve;
use crate::rules::{self, Judged};
use crate::syntax::TextRange;

/// One identity resource or data flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: Kind,
    /// The resource's name as findings give it (Terraform address, ARM name, symbolic name).
    pub resource: String,
    /// The type as written.
    pub type_name: String,
    /// Its declaration, as reported.
    pub path: PathBuf,
    pub range: TextRange,
    /// The parameters file or variable file this context was checked with, when there are
    /// several.
    pub environment: Option<PathBuf>,
    /// The boundary its locations were judged against (`europe`, `eu-data-boundary`, `custom`).
    pub boundary: &'static str,
    /// What Microsoft stores or processes where for this kind, and the source that says so.
    pub stored: String,
    pub source: &'static str,
    /// Each place its data is stored or processed.
    pub locations: Vec<Location>,
    /// The findings about it, suppressed ones too ([`attach_findings`]).
    pub findings: Vec<ItemFinding>,
}

/// One place the data of an item is stored or processed.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// "Domain Services managed domain", "virtual network `vnet` of replica set 2",
    /// "policy configuration data and key containers".
    pub what: String,
    pub place: Place,
    pub verdict: Verdict,
    /// Where the value came from, in data-flow order (empty for a literal written in place, and
    /// for what Microsoft fixes).
    pub chain: Vec<Step>,
    /// Where the deciding value is written (the location expression, the subnet reference).
    pub at: Option<Step>,
}

/// Where a location resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// An Azure region of the catalog.
    Region {
        name: String,
        display_name: String,
        geography: Option<String>,
    },
    /// A tenant data residency location (`Europe`, `United States`).
    Geography(String),
    /// Where Microsoft keeps the data whatever the code says, by the seed page:
    /// "US datacenters".
    Fixed(&'static str),
    /// A value that is no location of the expected vocabulary.
    NotALocation(String),
    /// Not provable statically, with why.
    Unknown(String),
}

/// The verdict on a location, or on an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Inside the boundary.
    Inside,
    /// Nothing written here sends data anywhere (a policy that disables a method); only for items.
    Clear,
    /// Not provable statically.
    Unknown,
    /// A rule flags a flow this item has that has no place to resolve (an SMS method switched
    /// on, an app granted directory data); only for items.
    Flagged,
    /// Outside the boundary.
    Outside,
}

impl Verdict {
    /// Whether data leaves the boundary: `Some(false)` inside or clear, `None` unknown,
    /// `Some(true)` outside or flagged (how reports colour and mark it).
    pub fn leaves(self) -> Option<bool> {
        match self {
            Verdict::Inside | Verdict::Clear => Some(false),
            Verdict::Unknown => None,
            Verdict::Flagged | Verdict::Outside => Some(true),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Inside => "inside",
            Verdict::Clear => "clear",
            Verdict::Unknown => "unknown",
            Verdict::Flagged => "flagged",
            Verdict::Outside => "outside",
        }
    }
}

/// A step of a chain: a place in a file and what happens there.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub path: PathBuf,
    pub range: TextRange,
    pub note: String,
}

/// A finding about an item.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFinding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub path: PathBuf,
    pub range: TextRange,
    /// Whether a suppression comment silenced it.
    pub suppressed: bool,
    /// The suppression's reason.
    pub reason: Option<String>,
    /// When a waiver of `.residency.yaml` silenced it: who answers for it, and until when.
    pub waiver: Option<crate::diagnostic::WaiverNote>,
}

impl Item {
    /// The item's verdict: its worst location; with no location, whether a rule flags it.
    pub fn verdict(&self) -> Verdict {
        // A suppressed finding still counts: the data flows, someone accepted it.
        let flagged = self
            .findings
            .iter()
            .any(|f| f.code.starts_with("EU") && f.code != "EU090");
        self.locations
            .iter()
            .map(|l| l.verdict)
            .chain(flagged.then_some(Verdict::Flagged))
            .max()
            .unwrap_or(Verdict::Clear)
    }
}

/// What an inventory calls a kind, and its stable id (the JSON's `kind`).
pub fn kind_label(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::B2cTenant => ("b2c-tenant", "Azure AD B2C tenant"),
        Kind::CiamTenant => ("external-id-tenant", "External ID tenant"),
        Kind::B2cPolicy => ("b2c-policy", "B2C policy"),
        Kind::B2cKeyContainer => ("b2c-key-container", "B2C key container"),
        Kind::B2cMfaProfile => ("b2c-mfa-profile", "B2C phone or MFA technical profile"),
        Kind::JourneyTelemetry => ("b2c-journey-telemetry", "B2C journey telemetry"),
        Kind::ExternalEndpoint => ("external-endpoint", "Claims sent to an external endpoint"),
        Kind::DomainServices => ("domain-services", "Domain Services managed domain"),
        Kind::DomainServicesReplicaSet => {
            ("domain-services-replica-set", "Domain Services replica set")
        }
        Kind::AuthenticationStrengthPolicy => {
            ("authentication-strength", "Authentication strength policy")
        }
        Kind::AuthenticationMethodConfiguration => (
            "authentication-method",
            "Authentication method configuration",
        ),
        Kind::AuthenticationMethodsPolicy => (
            "authentication-methods-policy",
            "Authentication methods policy",
        ),
        Kind::ConditionalAccessPolicy => ("conditional-access", "Conditional access policy"),
        Kind::Invitation => ("b2b-invitation", "B2B invitation"),
        Kind::AuthorizationPolicy => (
            "authorization-policy",
            "Authorization policy (guest invitations)",
        ),
        Kind::CrossTenantAccess => ("cross-tenant-access", "Cross-tenant access settings"),
        Kind::LogExport => ("log-export", "Export of identity logs"),
        Kind::Application => ("application", "Application"),
        Kind::PermissionGrant => ("permission-grant", "Access granted to an application"),
        _ => ("other", "Other"),
    }
}

/// What Microsoft keeps in its own place whatever the code says, by the seed page (*Identity
/// data storage for European customers in Azure Active Directory*, 2019, `../shared/seeds/`):
/// "Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters",
/// and "Azure AD B2B stores invitations with redeem link and redirect URL information in US
/// datacenters". EU003 and EU030 cite the same sentences.
fn fixed_location(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::B2cTenant | Kind::B2cPolicy | Kind::B2cKeyContainer => {
            Some("policy configuration data and key containers")
        }
        Kind::Invitation => Some("invitations, with redeem links and redirect URLs"),
        _ => None,
    }
}

/// The seed's words for where [`fixed_location`] data is kept.
pub const US_DATACENTERS: &str = "US datacenters";

/// The inventory item of one resource, or `None` when it is not identity-related.
pub(super) fn item(
    resource: &model::Resource,
    config: &Config,
    project: &Project,
    environment: Option<&PathBuf>,
) -> Option<Item> {
    let (stored, source) = resolve::facts::stored_where(resource)?;
    let step = |loc: Loc, note: String| {
        project.files.get(loc.file).map(|f| Step {
            path: f.path.clone(),
            range: loc.range,
            note,
        })
    };
    let mut locations = Vec::new();
    for placement in rules::placements(resource) {
        let (place, verdict) = judged(&placement, &config.boundary);
        let shown = placement.via.unwrap_or(placement.val);
        locations.push(Location {
            what: capitalised(&placement.what),
            place,
            verdict,
            chain: rules::provenance(placement.val)
                .into_iter()
                .filter_map(|(loc, note)| step(loc, note))
                .collect(),
            at: shown.loc.and_then(|loc| {
                let note = match placement.via {
                    Some(_) => "the reference that leads there",
                    None => "the location is set here",
                };
                step(loc, note.to_string())
            }),
        });
    }
    for d in resource.destinations.iter().filter(|d| d.target.is_none()) {
        let reason = format!(
            "the {} is not declared in the checked files ({})",
            d.label,
            rules::chain(&d.via)
        );
        locations.push(Location {
            what: format!("{} receiving the logs", capitalised(&d.label)),
            place: Place::Unknown(reason),
            verdict: Verdict::Unknown,
            chain: Vec::new(),
            at: d
                .via
                .loc
                .and_then(|loc| step(loc, "the reference that leads there".to_string())),
        });
    }
    if let Some(what) = fixed_location(resource.kind) {
        locations.push(Location {
            what: capitalised(what),
            place: Place::Fixed(US_DATACENTERS),
            verdict: Verdict::Outside,
            chain: Vec::new(),
            at: None,
        });
    }
    let path = project.files.get(resource.decl.file)?.path.clone();
    Some(Item {
        kind: resource.kind,
        resource: resource.name.clone(),
        type_name: resource.type_name.clone(),
        path,
        range: resource.decl.range,
        environment: environment.cloned(),
        boundary: config.boundary.id(),
        stored: stored.into_owned(),
        source,
        locations,
        findings: Vec::new(),
    })
}

fn judged(placement: &rules::Placement, boundary: &Boundary) -> (Place, Verdict) {
    match rules::judge(placement) {
        Judged::Region(r) => (
            Place::Region {
                name: r.name.clone(),
                display_name: r.display_name.clone(),
                geography: r.geography.clone(),
            },
            if boundary.contains(r) {
                Verdict::Inside
            } else {
                Verdict::Outside
            },
        ),
        Judged::Tenant(t) => (
            Place::Geography(t.to_string()),
            if t == "Europe" {
                Verdict::Inside
            } else {
                Verdict::Outside
            },
        ),
        Judged::NotALocation(text) => (Place::NotALocation(text.to_string()), Verdict::Unknown),
        Judged::Unknown => {
            let reason = match &placement.val.kind {
                ValKind::Unknown(reason) => reason.clone(),
                _ => "not a string".to_string(),
            };
            (Place::Unknown(reason), Verdict::Unknown)
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The findings of one unit about each of its items: a diagnostic names its resource.
pub(super) fn findings_of(items: &mut [Item], diagnostics: &[Diagnostic]) {
    for item in items {
        item.findings = diagnostics
            .iter()
            .filter(|d| d.resource.as_deref() == Some(item.resource.as_str()))
            .map(|d| ItemFinding {
                code: d.code,
                name: d.name,
                severity: d.severity,
                message: d.message.clone(),
                path: d.path.clone(),
                range: d.range,
                suppressed: false,
                reason: None,
                waiver: None,
            })
            .collect();
    }
}

/// Marks the findings suppression comments silenced, with their reasons, and sorts and merges
/// the items (a template checked with one parameters file per environment lists its
/// resources once per environment; identical items are kept once).
pub(super) fn finish(mut items: Vec<Item>, suppressed: &[Suppressed]) -> Vec<Item> {
    let by: HashMap<(&PathBuf, u32, &str, &str), &Suppressed> = suppressed
        .iter()
        .map(|s| {
            let d = &s.diagnostic;
            ((&d.path, d.range.start, d.code, d.message.as_str()), s)
        })
        .collect();
    for item in &mut items {
        for f in &mut item.findings {
            let key = (&f.path, f.range.start, f.code, f.message.as_str());
            if let Some(s) = by.get(&key) {
                f.suppressed = true;
                f.reason.clone_from(&s.reason);
                f.waiver.clone_from(&s.waiver);
            }
        }
        item.findings.sort_by(|a, b| {
            (&a.path, a.range.start, a.code).cmp(&(&b.path, b.range.start, b.code))
        });
        item.findings.dedup();
    }
    items.sort_by(|a, b| {
        (&a.path, a.range.start, &a.environment).cmp(&(&b.path, b.range.start, &b.environment))
    });
    items.dedup();
    items
}
