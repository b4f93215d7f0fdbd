//! What a hover says about an identity resource: what Microsoft stores or processes where for
//! it, then each location that decides where its data lives, with the chain that led there,
//! judged against the active boundary.

use std::path::PathBuf;

use crate::config::Config;
use crate::model;
use crate::resolve;
use crate::rules;
use crate::syntax::TextRange;

/// An identity resource described for a hover: where it is declared, and the Markdown saying
/// what Microsoft stores or processes where for it and where its locations resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// The file of the declaration, as reported.
    pub path: PathBuf,
    /// The declaration: the ARM `type` value, the Terraform block header, the Bicep type
    /// string, the Pulumi `type:`; or where the resource's name is written (the ARM `name`
    /// value, the Bicep symbolic name and `name:` value, the Pulumi resource key), with the
    /// same Markdown.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover text of an identity resource: what Microsoft stores where for it, then each
/// location that decides where its data lives, with the chain that led there, judged against
/// the active boundary. `None` for resources that are not identity-related.
pub(super) fn describe_resource(resource: &model::Resource, config: &Config) -> Option<String> {
    use rules::Judged;
    let (sentences, source) = resolve::facts::stored_where(resource)?;
    let boundary = &config.boundary;
    let inside_phrase = match boundary {
        crate::regions::Boundary::Europe => "inside Europe",
        crate::regions::Boundary::EuDataBoundary => "inside the EU Data Boundary",
        crate::regions::Boundary::Custom(_) => "inside the allowed regions",
    };
    let mut out = format!("**{}** `{}`\n\n", resource.type_name, resource.name);
    out.push_str(&sentences);
    out.push_str("\n\n");
    if !source.is_empty() {
        out.push_str(&format!("— {source}\n\n"));
    }
    let placements = rules::placements(resource);
    let mut lines = Vec::new();
    for p in &placements {
        let value = match rules::judge(p) {
            Judged::Region(r) => {
                let verdict = if boundary.contains(r) {
                    inside_phrase
                } else {
                    boundary.outside_phrase()
                };
                format!("`{}` ({}) — {verdict}", r.name, r.describe())
            }
            Judged::Tenant(t) => {
                let verdict = if t == "Europe" {
                    "inside Europe"
                } else {
                    "outside Europe"
                };
                format!("`{t}` (tenant data residency location) — {verdict}")
            }
            Judged::NotALocation(text) => format!("`{text}` — not a known location"),
            Judged::Unknown => format!(
                "not provable statically ({})",
                p.val.unknown_reason().unwrap_or("not a string")
            ),
        };
        let mut line = format!("- {}: {value}", p.what);
        if !p.val.origin.is_empty() {
            // In data-flow order: where the value is written first.
            let steps: Vec<&str> = p.val.origin.iter().rev().map(|o| o.note.as_str()).collect();
            line.push_str(&format!(", from {}", steps.join(" → ")));
        }
        lines.push(line);
    }
    for d in resource.destinations.iter().filter(|d| d.target.is_none()) {
        lines.push(format!(
            "- {}: not declared in this project ({})",
            d.label,
            rules::chain(&d.via)
        ));
    }
    if lines.is_empty() {
        if resource.kind.is_identity() {
            out.push_str("No location is written for it here.");
        }
    } else {
        out.push_str(&format!(
            "Locations, judged against the active boundary (`{}`):\n\n{}",
            boundary.id(),
            lines.join("\n")
        ));
    }
    Some(out.trim_end().to_string())
}

/// One entry per declaration: a template checked once per parameters file describes its
/// resources once per file (identical descriptions are kept once).
pub(super) fn merge_resources(mut resources: Vec<ResourceInfo>) -> Vec<ResourceInfo> {
    resources.sort_by(|a, b| {
        (&a.path, a.range.start, &a.markdown).cmp(&(&b.path, b.range.start, &b.markdown))
    });
    resources.dedup();
    let mut out: Vec<ResourceInfo> = Vec::new();
    for r in resources {
        match out.last_mut() {
            Some(last) if last.path == r.path && last.range == r.range => {
                last.markdown.push_str("\n\n---\n\n");
                last.markdown.push_str(&r.markdown);
            }
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::check::{check_paths, Options, Outcome};

    fn described(dir: &str) -> (Outcome, Vec<(String, String)>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(dir);
        let options = Options {
            describe_resources: true,
            ..Options::default()
        };
        let outcome = check_paths(&[root], &options).unwrap();
        let out = outcome
            .resources
            .iter()
            .map(|r| {
                let text = &outcome.sources[&r.path];
                (
                    text[r.range.start as usize..r.range.end as usize].to_string(),
                    r.markdown.clone(),
                )
            })
            .collect();
        (outcome, out)
    }

    #[test]
    fn identity_resources_are_described_at_their_declaration() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "EU040/bicep-flagged",
                "'microsoft.aadiam/diagnosticSettings@2017-04-01'",
                &[
                    "Entra sign-in and audit logs are copied to the destination's region.",
                    "`brazilsouth` (Brazil South) — outside Europe, from parameter `workspaceLocation` default → location of storage account `entraarchive`",
                ],
            ),
            (
                "EU040/pulumi-flagged",
                "azure-native:aadiam:DiagnosticSetting",
                &["`eastus` (East US, United States) — outside Europe", "`westeurope` (West Europe) — inside Europe"],
            ),
            (
                "EU040/terraform-flagged",
                "\"azurerm_monitor_aad_diagnostic_setting\" \"entra\"",
                &["Log Analytics workspace `azurerm_log_analytics_workspace.siem` receiving the logs: `eastus`"],
            ),
            (
                "EU030/pulumi-flagged",
                "azuread:index/invitation:Invitation",
                &["Azure AD B2B stores invitations with redeem link and redirect URL information in US datacenters."],
            ),
            (
                "EU004/bicep-flagged",
                "'Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview'",
                &["External ID tenant: `United States` (tenant data residency location) — outside Europe, from parameter `tenantLocation` in main.bicepparam"],
            ),
            (
                "EU010/arm-replica-flagged",
                "\"Microsoft.AAD/domainServices\"",
                &[
                    "Azure AD DS stores user data in the same location as the customer-selected Azure Virtual Network.",
                    "replica set 2: `eastus` (East US, United States) — outside Europe, from parameter `replicaLocation` default",
                ],
            ),
        ];
        for (dir, decl, expected) in cases {
            let (_, found) = described(dir);
            let (_, md) = found
                .iter()
                .find(|(d, _)| d == decl)
                .unwrap_or_else(|| panic!("{dir}: no {decl} in {found:?}"));
            for e in *expected {
                assert!(md.contains(e), "{dir}: {e}\n{md}");
            }
            // Only identity resources are described (no virtual networks, workspaces).
            assert!(
                found
                    .iter()
                    .all(|(d, _)| !d.contains("virtualNetworks") && !d.contains("workspace")),
                "{dir}: {found:?}"
            );
        }
        // Not asked for: nothing.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/EU010/arm-replica-flagged");
        assert!(check_paths(&[root], &Options::default())
            .unwrap()
            .resources
            .is_empty());
    }

    #[test]
    fn identity_resources_are_described_at_their_name_too() {
        // (sample, declaration, where the name is written)
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "EU010/arm-replica-flagged",
                "\"Microsoft.AAD/domainServices\"",
                &["\"aadds.contoso.com\""],
            ),
            (
                "EU040/bicep-flagged",
                "'microsoft.aadiam/diagnosticSettings@2017-04-01'",
                &["entra", "'entra-archive'"],
            ),
            (
                "EU040/pulumi-flagged",
                "azure-native:aadiam:DiagnosticSetting",
                &["entraLogs"],
            ),
        ];
        for (dir, decl, names) in cases {
            let (_, found) = described(dir);
            let (_, md) = found
                .iter()
                .find(|(d, _)| d == decl)
                .unwrap_or_else(|| panic!("{dir}: no {decl} in {found:?}"));
            for name in *names {
                let (_, at_name) = found
                    .iter()
                    .find(|(d, _)| d == name)
                    .unwrap_or_else(|| panic!("{dir}: no {name} in {found:?}"));
                assert_eq!(at_name, md, "{dir}: {name}");
            }
        }
        // Terraform JSON: the declaration spans the type and name keys.
        let (_, found) = described("EU001/terraform-json-flagged");
        assert!(
            found
                .iter()
                .any(|(d, _)| d.starts_with("\"azapi_resource\"") && d.ends_with("\"b2c\"")),
            "{found:?}"
        );
        // Names of resources that are not identity resources are not described.
        let (_, found) = described("EU040/bicep-flagged");
        assert!(
            found
                .iter()
                .all(|(d, _)| d != "storage" && d != "'entraarchive'"),
            "{found:?}"
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/EU010/arm-replica-flagged");
        assert!(check_paths(&[root], &Options::default())
            .unwrap()
            .resources
            .is_empty());
    }
}
