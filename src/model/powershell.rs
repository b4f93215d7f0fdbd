//! PowerShell scripts, scanned as text: Exchange federation has no IaC resource (azure-facts
//! §1.7), so the cmdlets that create a federation trust are the only place it shows in code.
//! A script holding a Microsoft365DSC configuration also has its resource blocks read
//! ([`dsc`]): the tenant's authentication methods, strengths, conditional access, applications.

mod dsc;

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
    let mut bodies = vec![None; calls.len()];
    let code = without_comments(text);
    if dsc::imports_microsoft365dsc(&code) {
        // A block with `Ensure = "Absent"` removes what it names: it configures nothing.
        let absent = |b: &dsc::Block| {
            b.body
                .get("Ensure")
                .and_then(Val::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case("Absent"))
        };
        for block in dsc::blocks(&code, file).into_iter().filter(|b| !absent(b)) {
            calls.push(RawResource {
                type_ref: TypeRef::Dsc(block.type_name.to_ascii_lowercase()),
                type_name: block.type_name,
                name: block.name,
                decl: Loc {
                    file,
                    range: block.type_range,
                },
                name_ranges: Vec::new(),
                declaration: Declaration::Managed,
                scope: 0,
            });
            bodies.push(Some(block.body));
        }
    }
    Lowered {
        resources: resolve(&Script { raw: calls, bodies }),
        syntax_errors: Vec::new(),
    }
}

/// The text with comments (`#` to the end of the line, `<# … #>`) blanked out, outside
/// strings, so offsets stay those of the text.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut quote: Option<char> = None;
    let mut block = false;
    let blank = |c: char, out: &mut String| {
        if c == '\n' || c == '\r' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    };
    while let Some((_, c)) = chars.next() {
        if block {
            if c == '#' && chars.peek().is_some_and(|&(_, n)| n == '>') {
                block = false;
                out.push_str("  ");
                chars.next();
            } else {
                blank(c, &mut out);
            }
            continue;
        }
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '<' && chars.peek().is_some_and(|&(_, n)| n == '#') => {
                block = true;
                out.push_str("  ");
                chars.next();
            }
            None if c == '#' => {
                out.push(' ');
                while let Some(&(_, n)) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    blank(n, &mut out);
                    chars.next();
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// The cmdlet calls of a script (resources without a body) and its DSC resource blocks.
struct Script {
    raw: Vec<RawResource>,
    bodies: Vec<Option<Val>>,
}

impl Evaluated for Script {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        self.bodies.get(res)?.as_ref()?.at_steps(path).cloned()
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
