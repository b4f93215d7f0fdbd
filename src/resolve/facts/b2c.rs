//! The Azure AD B2C custom policy rows of the facts table, and the API connectors that send
//! claims to an endpoint as B2C's RESTful technical profiles do.
//!
//! Sources: `shared/reference/identity-surfaces.md` §3.1 (the protocol handlers the starter
//! pack uses, matched on their short name), §3.2 (which elements imply processing outside
//! Europe and the rule each one gives), §3.3 (key containers, journey telemetry, RESTful
//! profiles) and §2.2 (Microsoft365DSC `AADIdentityAPIConnector`, `TargetUrl`); §2.4 for the
//! Graph path `identity/apiConnectors`.

use super::table::{Row, Type};
use super::Shape;
use crate::model::Kind;

use Type::{B2c, Dsc, GraphUrl};

pub(super) const ROWS: &[Row] = &[
    // Any TrustFrameworkPolicy: B2C "policy configuration data" (the seed).
    Row {
        kind: Kind::B2cPolicy,
        arm_type: None,
        types: &[B2c("trustframeworkpolicy")],
        shape: &Shape::EMPTY,
    },
    // `<Key StorageReferenceId="B2C_1A_…"/>`: B2C "Key Containers" (the seed).
    Row {
        kind: Kind::B2cKeyContainer,
        arm_type: None,
        types: &[B2c("key")],
        shape: &Shape::EMPTY,
    },
    // phone-factor-technical-profile.md: phone calls and text messages;
    // multi-factor-auth-technical-profile.md: the Azure MFA service sends or checks the code.
    Row {
        kind: Kind::B2cMfaProfile,
        arm_type: None,
        types: &[
            B2c("phonefactorprotocolprovider"),
            B2c("azuremfaprotocolprovider"),
        ],
        shape: &Shape::EMPTY,
    },
    // troubleshoot-with-application-insights.md (`JourneyInsights`) and
    // application-insights-technical-profile.md (`AzureApplicationInsightsProvider`).
    Row {
        kind: Kind::JourneyTelemetry,
        arm_type: None,
        types: &[
            B2c("journeyinsights"),
            B2c("azureapplicationinsightsprovider"),
        ],
        shape: &Shape::EMPTY,
    },
    // restful-technical-profile.md: "Azure AD B2C sends data to the RESTful service in an
    // input claims collection" (`ServiceUrl`); API connectors call `TargetUrl` (§2.2).
    Row {
        kind: Kind::ExternalEndpoint,
        arm_type: None,
        types: &[
            B2c("restfulprovider"),
            GraphUrl("identity/apiConnectors/{id?}"),
            Dsc("aadidentityapiconnector"),
        ],
        shape: &Shape::EMPTY,
    },
];
