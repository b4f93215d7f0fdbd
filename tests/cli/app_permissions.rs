//! EU050 with the verified Graph permission table: permissions are flagged by id (with the
//! API they belong to) and by name, in every shape the formats write them, and a permission
//! whose value cannot be resolved is flagged as not provable.

use crate::cli_support::*;

const PULUMI: &str = r#"name: apps
runtime: yaml
resources:
  grant:
    type: azuread:ServicePrincipalDelegatedPermissionGrant
    properties:
      servicePrincipalObjectId: ${app.objectId}
      resourceServicePrincipalObjectId: ${msgraph.objectId}
      claimValues:
        - openid
        - User.Read.All
  access:
    type: azuread:ApplicationApiAccess
    properties:
      applicationId: ${app.id}
      apiClientId: 00000003-0000-0000-c000-000000000000
      roleIds:
        - 7ab1d382-f21e-4acd-a863-ba3e13f7da61
        - 9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30
      scopeIds:
        - ${msgraph.oauth2PermissionScopeIds["Group.Read.All"]}
  app:
    type: azuread:Application
    properties:
      displayName: sync
      requiredResourceAccesses:
        - resourceAppId: 00000003-0000-0000-c000-000000000000
          resourceAccesses:
            - id: 741f803b-c850-494e-b5df-cde7c675a1ca
              type: Role
            - id: ${config.permissionId}
              type: Role
        - resourceAppId: 00000002-0000-0000-c000-000000000000
          resourceAccesses:
            - id: 5778995a-e1bf-45b8-affa-663a9f3f4d04
              type: Scope
  msgraph:
    type: azuread:ServicePrincipal
    properties:
      clientId: 00000003-0000-0000-c000-000000000000
      useExisting: true
"#;

#[test]
fn pulumi_grants_and_applications_are_flagged_by_id_and_name() {
    let dir = tree(&[("Pulumi.yaml", PULUMI)]);
    let report = check_json(dir.path(), &[], 0);
    let mut messages: Vec<&str> = report
        .with_code("EU050")
        .iter()
        .map(|d| d.message.split(". ").next().unwrap())
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "Application `app` requests Microsoft Graph `Directory.Read.All`",
            "Application `app` requests Microsoft Graph `User.ReadWrite.All`",
            "Application `app` requests a Microsoft Graph permission that is not provable (`config` is not a variable, resource or config key of this program)",
            "Permission grant `access` grants `Directory.Read.All`",
            "Permission grant `access` grants `Group.Read.All`",
            "Permission grant `grant` grants `User.Read.All`",
        ],
        "Application.Read.All (9a5d68dd) and openid are not directory data"
    );
}

#[test]
fn an_id_of_another_api_is_not_a_graph_permission() {
    // The Microsoft Graph id of User.Read.All, requested from another API.
    let tf = r#"resource "azuread_application" "a" {
  display_name = "a"
  required_resource_access {
    resource_app_id = "11111111-2222-3333-4444-555555555555"
    resource_access {
      id   = "df021288-bdef-4463-88db-98f22de89214"
      type = "Role"
    }
  }
  required_resource_access {
    resource_app_id = "00000003-0000-0000-c000-000000000000"
    resource_access {
      id   = var.permission
      type = "Role"
    }
  }
}

variable "permission" {
  type = string
}
"#;
    let dir = tree(&[("main.tf", tf)]);
    let report = check_json(dir.path(), &[], 0);
    let d = report.only("EU050");
    assert!(d.message.contains("not provable"), "{}", d.message);
}
