//! ## What it flags
//!
//! An Azure AD B2C custom policy that sends user-journey events to Application Insights:
//! - a `JourneyInsights` element (`<UserJourneyBehaviors>` of a relying party), at the element;
//! - a technical profile with the `AzureApplicationInsightsProvider` handler, at its handler.
//!
//! The finding names `DeveloperMode="true"` and the policy's `DeploymentMode="Development"`
//! when they are written.
//!
//! ## Why it matters
//!
//! Microsoft's article on troubleshooting custom policies with Application Insights warns
//! that the journey logs "collect all claims sent to and from identity providers": personal
//! data, kept in the Application Insights resource the instrumentation key belongs to,
//! wherever that resource is. A custom policy names only the key (a GUID), so residency
//! cannot see the resource or its region; the finding asks you to prove it. Microsoft also
//! says that detailed activity logs should only be enabled while a policy is developed, which
//! is what `DeveloperMode="true"` and `DeploymentMode="Development"` are for.
//!
//! ## Example
//!
//! ```xml
//! <RelyingParty>
//!   <DefaultUserJourney ReferenceId="SignUpOrSignIn" />
//!   <UserJourneyBehaviors>
//!     <JourneyInsights TelemetryEngine="ApplicationInsights"
//!       InstrumentationKey="00000000-0000-0000-0000-000000000000"
//!       DeveloperMode="true" ClientEnabled="false" ServerEnabled="true" TelemetryVersion="1.0.0" />
//!   </UserJourneyBehaviors>
//! ```
//!
//! ## How to fix
//!
//! Send the telemetry to an Application Insights resource in a European region (and its Log
//! Analytics workspace there too), and record which one in a suppression's reason
//! (`<!-- residency-ignore: EU041 - App Insights appi-b2c-weu, westeurope -->`). Remove
//! `JourneyInsights` and `DeveloperMode` from production policies, and send only the claims
//! an analytics profile needs.
//!
//! ## References
//!
//! - MicrosoftDocs/azure-docs `articles/active-directory-b2c/troubleshoot-with-application-insights.md`:
//!   `JourneyInsights`, its attributes, and the warning about claims in the logs.
//! - `articles/active-directory-b2c/application-insights-technical-profile.md` and
//!   `analytics-with-application-insights.md`: the `AzureApplicationInsightsProvider` profile
//!   sends the claims it lists as event data.
//! - Azure-Samples/active-directory-b2c-custom-policy-starterpack `TrustFrameworkPolicy_0.3.0.0.xsd`:
//!   `InstrumentationKey` and `TelemetryEngine` are required, `DeploymentMode` is
//!   `Development`, `Production` or `Debugging`.

use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, Val};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU041",
        name: "b2c-journey-telemetry",
        summary: "A B2C custom policy sends user-journey events, with claims (personal data), to Application Insights: prove that resource's region.",
        default_severity: Severity::Warning,
    },
    kinds: &[Kind::JourneyTelemetry],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let props = &resource.props;
    // A technical profile keeps its settings in its metadata; `JourneyInsights` in attributes.
    let setting = |key: &str| -> Option<&Val> {
        props
            .get("Metadata")
            .and_then(|m| m.get(key))
            .or_else(|| props.get(key))
    };
    let is_true = |v: Option<&Val>| {
        v.and_then(Val::as_str)
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("true"))
    };
    let (what, carries) = if resource.type_name == "JourneyInsights" {
        (
            format!(
                "B2C policy `{}` sends its user-journey events to Application Insights",
                resource.name
            ),
            "The events carry the claims of each step, which hold personal data.",
        )
    } else {
        (
            format!(
                "B2C technical profile `{}` sends the claims it lists as events to Application Insights",
                resource.name
            ),
            "The claims hold personal data.",
        )
    };
    let mut notes = vec![
        carries.to_string(),
        "They are stored in that Application Insights resource's region, which this code does not show.".to_string(),
    ];
    let mut related = Vec::new();
    if let Some(key) = setting("InstrumentationKey") {
        if let Some(at) = key.loc {
            related.push((at, "the instrumentation key: its resource is not in this code".into()));
        }
    }
    let developer = setting("DeveloperMode");
    if is_true(developer) {
        notes.push("`DeveloperMode=\"true\"` is on: Microsoft says to log in detail only while developing a policy.".to_string());
        if let Some(at) = developer.and_then(|v| v.loc) {
            related.push((at, "DeveloperMode".into()));
        }
    }
    let deployment = setting("DeploymentMode");
    if deployment
        .and_then(Val::as_str)
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("Development"))
    {
        notes.push("The policy's `DeploymentMode` is `Development`.".to_string());
        if let Some(at) = deployment.and_then(|v| v.loc) {
            related.push((at, "DeploymentMode".into()));
        }
    }
    cx.report(Finding {
        notes,
        help: Some("Prove that the Application Insights resource is in Europe.".to_string()),
        rule: &RULE.meta,
        ceiling: None,
        loc: resource.decl,
        message: what,
        related,
        fix: None,
    });
}
