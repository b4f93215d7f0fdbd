//! PowerShell scripts, scanned as text: Exchange federation has no IaC resource (azure-facts
//! §1.7), so the cmdlets that create a federation trust are the only place it shows in code.

use super::{
    Declaration, Evaluated, FileId, Loc, Lowered, Project, RawResource, Resolve, ResourceId, Step,
    TypeRef, Val,
};
use crate::syntax::TextRange;

/// The cmdlets that set up an Exchange federation trust with the Microsoft Federation Gateway
/// (Exchange Server 2013 "Federation" help: `New-FederationTrust`,
/// `Set-FederatedOrganizationIdentifier`).
const CMDLETS: &[&str] = &["New-FederationTrust", "Set-FederatedOrganizationIdentifier"];

/// One resource per cmdlet call outside comments (`#` lines and `<# ... #>` blocks).
pub fn lower(project: &Project, file: FileId, resolve: Resolve) -> Lowered {
    let text = &project.files[file].text;
    let mut calls = Vec::new();
    let mut in_block = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut code = line;
        let mut base = offset;
        if in_block {
            match line.find("#>") {
                Some(end) => {
                    in_block = false;
                    code = &line[end + 2..];
                    base = offset + end + 2;
                }
                None => code = "",
            }
        }
        if let Some(start) = code.find("<#") {
            if !code[start..].contains("#>") {
                in_block = true;
            }
            code = &code[..start];
        }
        if let Some(hash) = code.find('#') {
            code = &code[..hash];
        }
        let lower = code.to_ascii_lowercase();
        for cmdlet in CMDLETS {
            let needle = cmdlet.to_ascii_lowercase();
            let mut from = 0;
            while let Some(at) = lower[from..].find(&needle) {
                let start = from + at;
                let end = start + needle.len();
                let bounded =
                    |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'));
                if bounded(lower[..start].chars().next_back())
                    && bounded(lower[end..].chars().next())
                {
                    let range = TextRange::new(base + start, base + end);
                    calls.push(RawResource {
                        type_ref: TypeRef::PowerShell(needle.clone()),
                        type_name: cmdlet.to_string(),
                        name: cmdlet.to_string(),
                        decl: Loc { file, range },
                        name_ranges: Vec::new(),
                        declaration: Declaration::Managed,
                        scope: 0,
                    });
                }
                from = end;
            }
        }
        offset += line.len();
    }
    Lowered {
        resources: resolve(&Calls(calls)),
        syntax_errors: Vec::new(),
    }
}

/// The cmdlet calls of a script: resources without a body.
struct Calls(Vec<RawResource>);

impl Evaluated for Calls {
    fn resources(&self) -> &[RawResource] {
        &self.0
    }

    fn value(&self, _: ResourceId, _: &[Step]) -> Option<Val> {
        None
    }

    fn names(&self, _: ResourceId) -> Vec<String> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn found(text: &str) -> Vec<String> {
        let project = crate::model::testing::project(&[("x.ps1", text, FileKind::PowerShell)]);
        lower(&project, 0, &crate::resolve::resources)
            .resources
            .iter()
            .map(|r| text[r.decl.range.as_range()].to_string())
            .collect()
    }

    #[test]
    fn finds_cmdlets_outside_comments() {
        let text = "# New-FederationTrust in a comment\n<#\nSet-FederatedOrganizationIdentifier\n#>\nnew-federationtrust -Name 'Microsoft Federation Gateway' -Thumbprint $t\r\nSet-FederatedOrganizationIdentifier -DelegatedOrganization contoso.com # done\nNew-FederationTrustX\n";
        assert_eq!(
            found(text),
            ["new-federationtrust", "Set-FederatedOrganizationIdentifier"]
        );
    }
}
