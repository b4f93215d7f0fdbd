//! ## What it flags
//!
//! Informational, on every place that sends claims to a web service outside Microsoft's
//! identity services, with the service's host:
//! - an Azure AD B2C custom policy's RESTful technical profile (`RestfulProvider`), at its
//!   `ServiceUrl`;
//! - an API connector that user flows call: Graph `identity/apiConnectors` (with the Microsoft
//!   Graph Terraform provider) or Microsoft365DSC's `AADIdentityAPIConnector`, at its
//!   `targetUrl`.
//!
//! A URL whose host is not written literally (a claim resolver such as `{Settings:Host}`) is
//! reported as not readable. A host under `azurewebsites.net` is the Azure App Service or
//! Function App of that name: when the tree declares it (`Microsoft.Web/sites`,
//! `azurerm_linux_function_app`, …, in any folder), the finding says its region and whether it
//! is inside the boundary; otherwise it asks you to check it.
//!
//! ## Why it matters
//!
//! B2C sends the profile's input claims (names, e-mail addresses, phone numbers, object ids)
//! to the service, which stores or processes them where it runs. Microsoft's B2C data
//! residency article describes keeping profile data in a remote database reached this way: the
//! REST target is then where that data lives. No Microsoft commitment covers it; its location
//! is the service's own.
//!
//! ## Example
//!
//! ```xml
//! <TechnicalProfile Id="SendGrid">
//!   <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
//!   <Metadata>
//!     <Item Key="ServiceUrl">https://api.sendgrid.com/v3/mail/send</Item>
//!   </Metadata>
//! </TechnicalProfile>
//! ```
//!
//! ## How to fix
//!
//! Check where the service runs and what it keeps. Prefer a service hosted in Europe (an
//! Azure Function in a European region, a provider's EU endpoint), send only the claims it
//! needs, and record the decision in a suppression's reason.
//!
//! ## References
//!
//! - MicrosoftDocs/azure-docs `articles/active-directory-b2c/restful-technical-profile.md`:
//!   "Azure AD B2C sends data to the RESTful service in an input claims collection"
//!   (`ServiceUrl`, `SendClaimsIn`).
//! - `articles/active-directory-b2c/data-residency.md`: the "Remote profile solution".
//! - microsoft/Microsoft365DSC `MSFT_AADIdentityAPIConnector` (`TargetUrl`: "The URL of the
//!   API endpoint to call").

use super::shared::b2c::url_host;
use crate::regions;
use crate::resolve::hosts::{self, HostedApp};
use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, Val};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU051",
        name: "claims-to-external-endpoint",
        summary: "A B2C policy or API connector sends claims to an external endpoint: they are processed wherever that service runs.",
        default_severity: Severity::Info,
    },
    kinds: &[Kind::ExternalEndpoint],
    check,
};

/// What a finding says: its headline, its notes (why) and what to do.
struct Said {
    message: String,
    notes: Vec<String>,
    help: Option<String>,
}

impl Said {
    fn new(message: String, notes: &[&str], help: Option<&str>) -> Said {
        Said {
            message,
            notes: notes.iter().map(|n| n.to_string()).collect(),
            help: help.map(str::to_string),
        }
    }
}

/// Why, when the service's location is its own.
const WHEREVER: &str = "The claims are processed wherever that service runs.";

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let props = &resource.props;
    let (url, whose) = match props.path(&["Metadata", "ServiceUrl"]) {
        Some(url) => (url, format!("B2C technical profile `{}`", resource.name)),
        None => match props.get("targetUrl") {
            Some(url) => (url, format!("API connector `{}`", resource.name)),
            None => return,
        },
    };
    let Some(text) = url.as_str() else {
        // An unknown value (a Terraform variable): nothing to name.
        report(
            resource,
            cx,
            url,
            Said::new(
                format!("{whose} sends claims to an endpoint whose URL this code does not show"),
                &[WHEREVER],
                Some("Check where the service is."),
            ),
        );
        return;
    };
    let said = match url_host(text) {
        // The default host of an App Service or Function App (identity-surfaces.md §3.3):
        // the app's own region decides, when the tree declares it.
        Some(host) if host.ends_with(hosts::DEFAULT_DOMAIN) => {
            hosted(cx, &whose, &host, hosts::find(cx.hosts, &host))
        }
        Some(host) => Said::new(
            format!("{whose} sends claims to `{host}`"),
            &["The claims are processed wherever that service runs, which no Microsoft commitment covers."],
            Some("Check that the service is in Europe."),
        ),
        None => Said::new(
            format!(
                "{whose} sends claims to `{}`, whose host is not written here",
                text.trim()
            ),
            &[WHEREVER],
            Some("Check where the service is."),
        ),
    };
    report(resource, cx, url, said);
}

/// What to say of a host of App Service: the app's region judged when the tree declares the
/// app, else a request to check it.
fn hosted(cx: &Context, whose: &str, host: &str, app: Option<&HostedApp>) -> Said {
    let name = host.trim_end_matches(hosts::DEFAULT_DOMAIN);
    let Some(app) = app else {
        return Said::new(
            format!("{whose} sends claims to `{host}`, the Azure app `{name}`"),
            &["The claims are processed in that app's region, which this tree does not declare."],
            Some("Check that the app is in Europe."),
        );
    };
    let at = format!(
        "`{host}` is the Azure app `{}` in `{}`.",
        app.label,
        hosts::display(&app.path)
    );
    let mut said = match app.region.as_deref().map(|r| (r, regions::catalog().lookup(r))) {
        Some((_, Some(region))) => {
            let inside = cx.config.boundary.contains(region);
            let mut said = if inside {
                Said::new(
                    format!("{whose} sends claims to `{host}` in `{}`", region.name),
                    &["The claims are processed there, inside the boundary."],
                    None,
                )
            } else {
                Said {
                    message: format!(
                        "{whose} sends claims to `{host}` in `{}`, {}",
                        region.name,
                        cx.config.boundary.outside_phrase()
                    ),
                    notes: vec!["The claims are processed there.".to_string()],
                    help: Some(format!(
                        "Move the app to {}.",
                        cx.config.boundary.target_phrase()
                    )),
                }
            };
            said.notes
                .insert(0, format!("`{}` is {}.", region.name, region.describe()));
            said
        }
        Some((written, None)) => Said::new(
            format!("{whose} sends claims to `{host}`, whose location `{written}` is no Azure region"),
            &[],
            Some("Check where the app runs."),
        ),
        None => Said::new(
            format!("{whose} sends claims to `{host}`, whose region this code does not prove"),
            &[],
            Some("Check that the app is in Europe."),
        ),
    };
    said.notes.insert(0, at);
    said
}

fn report(resource: &Resource, cx: &mut Context, url: &Val, said: Said) {
    cx.report(Finding {
        notes: said.notes,
        help: said.help,
        rule: &RULE.meta,
        ceiling: None,
        loc: url.loc.unwrap_or(resource.decl),
        message: said.message,
        related: Vec::new(),
        fix: None,
    });
}
