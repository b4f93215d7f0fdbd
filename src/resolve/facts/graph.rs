//! The Microsoft Graph rows of the facts table: the URLs a request writes to (the Microsoft
//! Graph Terraform provider's `msgraph_resource`, `msgraph_update_resource` and
//! `msgraph_resource_action`), the `@odata.type` of an exported Graph object (EntraExporter
//! JSON), and the typed resources of the community Terraform providers that mirror Graph.
//! Every one of them has the Graph object's property names, so the rules read one spelling.
//!
//! Sources: `shared/reference/identity-surfaces.md` §1.1 (URL normalisation), §1.3 (the URL →
//! rule table), §1.4 (community providers), §2.1 (the methods of the authentication methods
//! policy and their Graph types), §2.2 (Microsoft365DSC resources and their properties) and
//! §2.4 (EntraExporter).

use std::borrow::Cow;

use super::table::{Row, Type};
use super::Shape;
use crate::model::{Kind, TypeRef};

use Type::{Dsc, GraphUrl, OData, Terraform};

/// A Graph URL pattern: segments compared case-insensitively; `{id}` is any one segment (an
/// object id, often unknown), `{id?}` an optional last one (a collection's URL creates an
/// object, the same URL with an id updates it), `{method}` the id of an authentication method
/// configuration (`sms`, `MicrosoftAuthenticator`).
pub(super) const ROWS: &[Row] = &[
    // §1.3: one method of the tenant's authentication methods policy; §2.1: its Graph types.
    Row {
        kind: Kind::AuthenticationMethodConfiguration,
        arm_type: None,
        types: &[GraphUrl(
            "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{method}",
        )],
        shape: &Shape::EMPTY,
    },
    // §2.1: the methods' Graph types (`hardwareOath` is on beta only:
    // `api-reference/beta/resources/hardwareoathauthenticationmethodconfiguration.md`).
    Row {
        kind: Kind::AuthenticationMethodConfiguration,
        arm_type: None,
        types: &[
            OData("microsoft.graph.smsauthenticationmethodconfiguration"),
            OData("microsoft.graph.voiceauthenticationmethodconfiguration"),
            OData("microsoft.graph.microsoftauthenticatorauthenticationmethodconfiguration"),
            OData("microsoft.graph.softwareoathauthenticationmethodconfiguration"),
            OData("microsoft.graph.hardwareoathauthenticationmethodconfiguration"),
            OData("microsoft.graph.emailauthenticationmethodconfiguration"),
            OData("microsoft.graph.fido2authenticationmethodconfiguration"),
            OData("microsoft.graph.temporaryaccesspassauthenticationmethodconfiguration"),
            OData("microsoft.graph.x509certificateauthenticationmethodconfiguration"),
            OData("microsoft.graph.qrcodepinauthenticationmethodconfiguration"),
            OData("microsoft.graph.externalauthenticationmethodconfiguration"),
        ],
        shape: &Shape::EMPTY,
    },
    // §2.2: Microsoft365DSC's method resources (`Id` is their Key: `"Sms"`, `"Voice"`,
    // `"MicrosoftAuthenticator"`, `"SoftwareOath"`, `"HardwareOath"`; `State`).
    Row {
        kind: Kind::AuthenticationMethodConfiguration,
        arm_type: None,
        types: &[
            Dsc("aadauthenticationmethodpolicysms"),
            Dsc("aadauthenticationmethodpolicyvoice"),
            Dsc("aadauthenticationmethodpolicyauthenticator"),
            Dsc("aadauthenticationmethodpolicysoftware"),
            Dsc("aadauthenticationmethodpolicyhardware"),
        ],
        shape: &Shape::EMPTY,
    },
    // The whole policy: `authenticationMethodConfigurations[]` of `{id, state}`. The Graph URL
    // (§1.3, "not verified in IaC" only as to whether IaC writes it) and the community
    // provider's singleton (§1.4, terraprovider/terraform-provider-microsoft365wp).
    Row {
        kind: Kind::AuthenticationMethodsPolicy,
        arm_type: None,
        types: &[
            GraphUrl("policies/authenticationMethodsPolicy"),
            OData("microsoft.graph.authenticationmethodspolicy"),
            Terraform("microsoft365wp_authentication_methods_policy"),
        ],
        shape: &Shape::EMPTY,
    },
    // §1.3 and §2.2: a B2C tenant's methods policy, whose
    // `isPhoneOneTimePasswordAuthenticationEnabled` turns on sign-in with a code texted to a
    // phone number (Graph `policies/b2cAuthenticationMethodsPolicy`; Microsoft365DSC
    // `AADB2CAuthenticationMethodsPolicy`, `IsPhoneOneTimePasswordAuthenticationEnabled`).
    Row {
        kind: Kind::AuthenticationMethodsPolicy,
        arm_type: None,
        types: &[
            GraphUrl("policies/b2cAuthenticationMethodsPolicy"),
            Dsc("aadb2cauthenticationmethodspolicy"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::ConditionalAccessPolicy,
        arm_type: None,
        types: &[
            GraphUrl("identity/conditionalAccess/policies/{id?}"),
            OData("microsoft.graph.conditionalaccesspolicy"),
            // §1.4: `grant_controls = { operator, authentication_strength = { id }, built_in_controls }`.
            Terraform("microsoft365wp_conditional_access_policy"),
            // §1.4: `grant_controls = { operator = "OR", built_in_controls = [...] }`.
            Terraform("microsoft365_graph_beta_identity_and_access_conditional_access_policy"),
            // §2.2: flat, `BuiltInControls`, and `AuthenticationStrength` by display name.
            Dsc("aadconditionalaccesspolicy"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::AuthenticationStrengthPolicy,
        arm_type: None,
        types: &[
            GraphUrl("policies/authenticationStrengthPolicies/{id?}"),
            OData("microsoft.graph.authenticationstrengthpolicy"),
            Terraform("microsoft365wp_authentication_strength_policy"),
            // §1.4: `allowed_combinations = ["password,sms", …]`.
            Terraform("microsoft365_graph_beta_identity_and_access_authentication_strength"),
            Terraform("microsoft365_graph_beta_identity_and_access_authentication_strength_policy"),
            // §2.2: `AllowedCombinations`.
            Dsc("aadauthenticationstrengthpolicy"),
        ],
        shape: &Shape::EMPTY,
    },
    // §1.4: terraform-provider-azuread `docs/resources/b2c_user_flow.md`; §2.4: EntraExporter
    // exports `identity/b2cUserFlows`. A user flow is B2C "policy configuration data".
    Row {
        kind: Kind::B2cPolicy,
        arm_type: None,
        types: &[
            GraphUrl("identity/b2cUserFlows/{id?}"),
            Terraform("azuread_b2c_user_flow"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Invitation,
        arm_type: None,
        types: &[GraphUrl("invitations"), OData("microsoft.graph.invitation")],
        shape: &Shape::EMPTY,
    },
    // §1.3 and §2.2: who may invite guests (`allowInvitesFrom`, DSC `AllowInvitesFrom`).
    Row {
        kind: Kind::AuthorizationPolicy,
        arm_type: None,
        types: &[
            GraphUrl("policies/authorizationPolicy/{id?}"),
            Dsc("aadauthorizationpolicy"),
        ],
        shape: &Shape::EMPTY,
    },
    // §1.2 and §1.3: the tenant's cross-tenant access policy (`allowedCloudEndpoints`), its
    // default and partner configurations (`b2bCollaboration*`, `b2bDirectConnect*`), and a
    // partner's cross-tenant synchronization (`userSyncInbound.isSyncAllowed`); §2.2: the
    // Microsoft365DSC resources with the same properties (`AllowedCloudEndpoints`,
    // `PartnerTenantId`, `B2BCollaborationOutbound`, ...).
    Row {
        kind: Kind::CrossTenantAccess,
        arm_type: None,
        types: &[
            GraphUrl("policies/crossTenantAccessPolicy"),
            GraphUrl("policies/crossTenantAccessPolicy/default"),
            GraphUrl("policies/crossTenantAccessPolicy/partners/{id?}"),
            GraphUrl("policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization"),
            Dsc("aadcrosstenantaccesspolicy"),
            Dsc("aadcrosstenantaccesspolicyconfigurationdefault"),
            Dsc("aadcrosstenantaccesspolicyconfigurationpartner"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Application,
        arm_type: None,
        types: &[
            GraphUrl("applications/{id?}"),
            OData("microsoft.graph.application"),
            // §2.2: `Permissions[]` by name, `AvailableToOtherTenants`.
            Dsc("aadapplication"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::PermissionGrant,
        arm_type: None,
        types: &[
            GraphUrl("servicePrincipals/{id}/appRoleAssignments/{id?}"),
            GraphUrl("servicePrincipals/{id}/appRoleAssignedTo/{id?}"),
            GraphUrl("oauth2PermissionGrants/{id?}"),
            OData("microsoft.graph.approleassignment"),
            OData("microsoft.graph.oauth2permissiongrant"),
        ],
        shape: &Shape::EMPTY,
    },
];

/// The segments of a Graph URL as the patterns compare them (§1.1): without a leading `/`,
/// the absolute prefix of a Graph endpoint and version, or a query; an OData key
/// (`authenticationMethodConfigurations('MicrosoftAuthenticator')`) as a segment of its own.
/// `None` when the URL is not known at all.
pub(super) fn segments(url: &str) -> Option<Vec<&str>> {
    let mut rest = url.trim();
    // The endpoints of the provider's `msgraph_endpoint` (§1.1, `docs/index.md`).
    for host in [
        "https://graph.microsoft.com/",
        "https://graph.microsoft.us/",
        "https://dod-graph.microsoft.us/",
        "https://microsoftgraph.chinacloudapi.cn/",
    ] {
        if let Some(r) = strip_prefix_ignore_case(rest, host) {
            rest = r.split_once('/').map_or("", |(_version, path)| path);
            break;
        }
    }
    let rest = rest.split('?').next().unwrap_or_default().trim_matches('/');
    if rest.is_empty() || rest == "\0" {
        return None;
    }
    let mut out = Vec::new();
    for seg in rest.split('/') {
        match seg.split_once('(') {
            Some((name, key)) if key.ends_with(')') => {
                out.push(name);
                let key = key
                    .trim_end_matches(')')
                    .trim_matches(|c| c == '\'' || c == '"');
                out.push(key);
            }
            _ => out.push(seg),
        }
    }
    Some(out)
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Whether URL segments match a pattern; the `{method}` segment when the pattern has one.
pub(super) fn matches<'u>(pattern: &str, url: &[&'u str]) -> Option<Option<&'u str>> {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let optional = pattern.last() == Some(&"{id?}");
    let fixed = pattern.len() - usize::from(optional);
    if url.len() != fixed && !(optional && url.len() == fixed + 1) {
        return None;
    }
    let mut method = None;
    for (p, u) in pattern.iter().zip(url) {
        match *p {
            "{id}" | "{id?}" => {}
            "{method}" if !u.contains('\0') && !u.is_empty() => method = Some(*u),
            _ if u.eq_ignore_ascii_case(p) => {}
            _ => return None,
        }
    }
    Some(method)
}

/// The method an authentication method configuration configures, as its type says: the
/// `{method}` segment of its URL, or its Graph type's name (`smsAuthenticationMethodConfiguration`).
pub fn configured_method(type_ref: &TypeRef) -> Option<Cow<'_, str>> {
    match type_ref {
        TypeRef::GraphUrl(url) => {
            let segs = segments(url)?;
            ROWS.iter()
                .filter(|r| r.kind == Kind::AuthenticationMethodConfiguration)
                .flat_map(|r| r.types)
                .find_map(|t| match t {
                    GraphUrl(p) => matches(p, &segs).flatten(),
                    _ => None,
                })
                .map(|m| Cow::Owned(m.to_string()))
        }
        // §2.2: the resource's name says its method (its `Id`, a Key, says it too).
        TypeRef::Dsc(t) => Some(Cow::Borrowed(
            match t.strip_prefix("aadauthenticationmethodpolicy")? {
                "sms" => "Sms",
                "voice" => "Voice",
                "authenticator" => "MicrosoftAuthenticator",
                "software" => "SoftwareOath",
                "hardware" => "HardwareOath",
                _ => return None,
            },
        )),
        TypeRef::GraphType(t) => t
            .strip_prefix("microsoft.graph.")?
            .strip_suffix("authenticationmethodconfiguration")
            .filter(|m| !m.is_empty())
            .map(Cow::Borrowed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(url: &str) -> Kind {
        super::super::kind_of(&TypeRef::GraphUrl(url.to_string()))
    }

    #[test]
    fn urls_are_normalised_before_they_are_matched() {
        assert_eq!(
            kind("policies/authenticationMethodsPolicy/authenticationMethodConfigurations/sms"),
            Kind::AuthenticationMethodConfiguration
        );
        assert_eq!(
            kind("/Policies/AuthenticationMethodsPolicy/authenticationMethodConfigurations('MicrosoftAuthenticator')"),
            Kind::AuthenticationMethodConfiguration
        );
        assert_eq!(
            kind("https://graph.microsoft.com/beta/policies/authenticationMethodsPolicy"),
            Kind::AuthenticationMethodsPolicy
        );
        assert_eq!(
            kind("identity/conditionalAccess/policies"),
            Kind::ConditionalAccessPolicy
        );
        assert_eq!(
            kind("identity/conditionalAccess/policies/\0"),
            Kind::ConditionalAccessPolicy
        );
        assert_eq!(
            kind("identity/conditionalAccess/namedLocations"),
            Kind::Other
        );
        assert_eq!(
            kind("servicePrincipals/\0/appRoleAssignments"),
            Kind::PermissionGrant
        );
        assert_eq!(
            kind("applications/\0/federatedIdentityCredentials"),
            Kind::Other
        );
        assert_eq!(kind("invitations?x=1"), Kind::Invitation);
        assert_eq!(kind("\0"), Kind::Other);
        assert_eq!(kind("\0/appRoleAssignments"), Kind::Other);
    }

    #[test]
    fn the_method_comes_from_the_url_or_the_graph_type() {
        let url = TypeRef::GraphUrl(
            "policies/authenticationMethodsPolicy/authenticationMethodConfigurations('Sms')".into(),
        );
        assert_eq!(configured_method(&url).as_deref(), Some("Sms"));
        let ty = TypeRef::GraphType(
            "microsoft.graph.softwareoathauthenticationmethodconfiguration".into(),
        );
        assert_eq!(configured_method(&ty).as_deref(), Some("softwareoath"));
        let hole = TypeRef::GraphUrl(
            "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/\0".into(),
        );
        assert_eq!(configured_method(&hole), None);
    }
}
