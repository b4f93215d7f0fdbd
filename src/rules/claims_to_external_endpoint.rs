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
            format!("{whose} sends claims to an endpoint whose URL this code does not show: they are processed wherever that service runs. Check where it is."),
        );
        return;
    };
    let message = match url_host(text) {
        // The default host of an App Service or Function App (identity-surfaces.md §3.3):
        // the app's own region decides, when the tree declares it.
        Some(host) if host.ends_with(hosts::DEFAULT_DOMAIN) => {
            hosted(cx, &whose, &host, hosts::find(cx.hosts, &host))
        }
        Some(host) => format!(
            "{whose} sends claims to `{host}`: they are processed wherever that service runs, which no Microsoft commitment covers. Check that it is in Europe."
        ),
        None => format!(
            "{whose} sends claims to `{}`, whose host is not written here: they are processed wherever that service runs. Check where it is.",
            text.trim()
        ),
    };
    report(resource, cx, url, message);
}

/// The message for a host of App Service: the app's region judged when the tree declares the
/// app, else a request to check it.
fn hosted(cx: &Context, whose: &str, host: &str, app: Option<&HostedApp>) -> String {
    let name = host.trim_end_matches(hosts::DEFAULT_DOMAIN);
    let Some(app) = app else {
        return format!(
            "{whose} sends claims to `{host}`, the Azure app `{name}`: they are processed in that app's region, which this tree does not declare. Check that it is in Europe."
        );
    };
    let at = format!(
        "`{}` in {}",
        app.label,
        hosts::display(&app.path)
    );
    match app.region.as_deref().map(|r| (r, regions::catalog().lookup(r))) {
        Some((_, Some(region))) if cx.config.boundary.contains(region) => format!(
            "{whose} sends claims to `{host}`, the Azure app {at}, in `{}`: they are processed there, inside the boundary.",
            region.name
        ),
        Some((_, Some(region))) => format!(
            "{whose} sends claims to `{host}`, the Azure app {at}, in `{}`, {}: the claims are processed there.",
            region.name,
            cx.config.boundary.outside_phrase()
        ),
        Some((written, None)) => format!(
            "{whose} sends claims to `{host}`, the Azure app {at}, whose location `{written}` is no Azure region. Check where it runs."
        ),
        None => format!(
            "{whose} sends claims to `{host}`, the Azure app {at}, whose region this code does not prove. Check that it is in Europe."
        ),
    }
}

fn report(resource: &Resource, cx: &mut Context, url: &Val, message: String) {
    cx.report(Finding {
 notes: Vec::new(), help: None,
        rule: &RULE.meta,
        ceiling: None,
        loc: url.loc.unwrap_or(resource.decl),
        message,
        related: Vec::new(),
        fix: None,
    });
}
