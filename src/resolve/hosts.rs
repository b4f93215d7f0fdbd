//! The Azure apps a tree declares, by the host they answer on: an App Service or Function App
//! named `x` answers on `x.azurewebsites.net` (identity-surfaces.md §3.3). A B2C policy or an
//! API connector that sends claims to such a host is checked in a project of its own, so the
//! apps are gathered across the tree first ([`gather`]) and handed to the rules.

use std::path::{Path, PathBuf};

use crate::model::{FileKind, Kind, Resource, SourceFile};
use crate::syntax::TextRange;

use super::project::{self, Unit};

/// The domain of App Service's default hosts.
pub const DEFAULT_DOMAIN: &str = ".azurewebsites.net";

/// An app and where it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct HostedApp {
    /// Its default host, lower-cased: `fabrikam-loyalty.azurewebsites.net`.
    pub host: String,
    /// How messages name it: the Terraform address, the ARM or Bicep name.
    pub label: String,
    /// Its region as written and resolved, when it is known.
    pub region: Option<String>,
    /// Where that region (else the app) is declared.
    pub path: PathBuf,
    pub range: TextRange,
}

/// Whether a file may declare an app: the cheap test that spares lowering the rest.
fn may_declare_apps(text: &str) -> bool {
    [
        "Microsoft.Web/sites",
        "microsoft.web/sites",
        "_web_app",
        "_function_app",
        "azurerm_app_service",
        "web:WebApp",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// Whether any file sends claims to an endpoint a hosted app could answer (a B2C policy, or
/// an API connector, naming an `azurewebsites.net` host): only then are the apps gathered, so
/// the templates that merely mention the domain cost nothing more.
pub fn wanted(files: &[SourceFile]) -> bool {
    use rayon::prelude::*;
    // `identity/apiConnectors` (Graph URLs are compared case-insensitively) or Microsoft365DSC's
    // `AADIdentityAPIConnector` (PowerShell names are case-insensitive): one pass over each
    // text, ignoring ASCII case. (Two case-sensitive scans missed `AADIdentityApiConnector`.)
    static API_CONNECTOR: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(["apiconnector"])
                .expect("one literal pattern")
        });
    // Every file's text is scanned: in parallel.
    files.par_iter().any(|f| {
        let sends = match f.kind {
            FileKind::B2cPolicy => true,
            _ => API_CONNECTOR.is_match(f.text.as_str()),
        };
        sends && f.text.contains(DEFAULT_DOMAIN)
    })
}

/// The apps the units declare: each unit with a file that may declare one is lowered (by
/// `lower`, which gives the unit what it loads beyond its files).
pub fn gather(
    units: &[Unit],
    files: &[SourceFile],
    lower: &(dyn Fn(&Unit) -> project::LoweredUnit + Sync),
) -> Vec<HostedApp> {
    use rayon::prelude::*;
    units
        .par_iter()
        .filter(|unit| {
            unit.files()
                .iter()
                .any(|&i| may_declare_apps(&files[i].text))
        })
        .flat_map_iter(|unit| {
            let lowered = lower(unit);
            hosted(&lowered.project.files, &lowered.lowered.resources)
        })
        .collect()
}

/// The apps among a lowered project's resources whose name is known.
fn hosted(files: &[SourceFile], resources: &[Resource]) -> Vec<HostedApp> {
    resources
        .iter()
        .filter(|r| r.kind == Kind::WebApp)
        .filter_map(|r| {
            let name = r.props.get("name")?.as_str()?.trim().to_ascii_lowercase();
            if name.is_empty() || name.contains('\0') {
                return None;
            }
            let region = r
                .location
                .as_ref()
                .and_then(|l| l.as_str())
                .map(str::to_string);
            let at = r.location.as_ref().and_then(|l| l.loc).unwrap_or(r.decl);
            Some(HostedApp {
                host: format!("{name}{DEFAULT_DOMAIN}"),
                label: r.name.clone(),
                region,
                path: files.get(at.file).map(|f| f.path.clone())?,
                range: at.range,
            })
        })
        .collect()
}

/// The app that answers on `host`, when the tree declares it.
pub fn find<'a>(apps: &'a [HostedApp], host: &str) -> Option<&'a HostedApp> {
    apps.iter().find(|a| a.host.eq_ignore_ascii_case(host))
}

/// A path for messages, relative when it can be.
pub fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str, kind: FileKind) -> SourceFile {
        SourceFile {
            path: PathBuf::from(name),
            text: std::sync::Arc::new(text.to_string()),
            kind,
        }
    }

    #[test]
    fn apps_are_gathered_only_for_endpoints_that_may_be_theirs() {
        let policy = file(
            "p.xml",
            "<Item Key=\"ServiceUrl\">https://x.azurewebsites.net/api</Item>",
            FileKind::B2cPolicy,
        );
        let connector = file(
            "c.tf",
            "url = \"identity/apiConnectors\"\nbody = { targetUrl = \"https://x.azurewebsites.net\" }",
            FileKind::TerraformHcl,
        );
        // A template that only mentions the domain (an app setting, an output).
        let template = file(
            "t.json",
            "{\"outputs\": {\"url\": {\"value\": \"https://x.azurewebsites.net\"}}}",
            FileKind::ArmTemplate,
        );
        // Microsoft365DSC resource names and Graph URLs in any case.
        let dsc = file(
            "c.ps1",
            "AADIdentityApiConnector 'c' { TargetUrl = 'https://x.azurewebsites.net/api' }",
            FileKind::PowerShell,
        );
        let upper = file(
            "u.tf",
            "url = \"identity/APICONNECTORS\"\nbody = { targetUrl = \"https://x.azurewebsites.net\" }",
            FileKind::TerraformHcl,
        );
        assert!(wanted(&[template.clone(), policy]));
        assert!(wanted(&[connector]));
        assert!(wanted(&[dsc]));
        assert!(wanted(&[upper]));
        assert!(!wanted(&[template]));
    }
}
