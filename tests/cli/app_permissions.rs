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
            "Application `app` requests a Microsoft Graph permission that is not provable",
            "Permission grant `access` grants `Directory.Read.All`",
            "Permission grant `access` grants `Group.Read.All`",
            "Permission grant `grant` grants `User.Read.All`",
        ],
        "Application.Read.All (9a5d68dd) and openid are not directory data"
    );
    let unproven = report
        .with_code("EU050")
        .into_iter()
        .find(|d| d.message.ends_with("not provable"))
        .unwrap();
    assert!(
        unproven
            .notes
            .join(" ")
            .contains("`config` is not a variable, resource or config key of this program"),
        "{:?}",
        unproven.notes
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

/// `(message up to the first '. ', file name, line)` of every EU050, sorted.
fn eu050(report: &Report) -> Vec<(String, String, u64)> {
    let mut out: Vec<_> = report
        .with_code("EU050")
        .iter()
        .map(|d| {
            let file = d.path.replace('\\', "/");
            let file = file.rsplit('/').next().unwrap().to_string();
            (
                d.message.split(". ").next().unwrap().to_string(),
                file,
                d.line,
            )
        })
        .collect();
    out.sort();
    out
}

const GRAPH_SP: &str = "resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}
";

#[test]
fn bicep_permissions_computed_with_filter_loops_and_join_are_flagged_by_name() {
    let main = format!(
        "extension microsoftGraphV1
param principalId string
param roles array = [
  'Mail.Send'
  'AuditLog.Read.All'
]
var scopes = ['openid', 'GroupMember.Read.All']
{GRAPH_SP}
resource one 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {{
  appRoleId: filter(graphSp.appRoles, r => r.value == 'User.Read.All')[0].id
  principalId: principalId
  resourceId: graphSp.id
}}
resource each 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for (role, i) in roles: {{
  appRoleId: first(filter(graphSp.appRoles, r => r.value == role)).id
  principalId: principalId
  resourceId: graphSp.id
}}]
resource app 'Microsoft.Graph/applications@v1.0' = {{
  uniqueName: 'app'
  displayName: 'app'
  requiredResourceAccess: [
    {{
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: map(filter(graphSp.oauth2PermissionScopes, s => contains(['Directory.Read.All', 'User.Read'], s.value)), s => {{
        id: s.id
        type: 'Scope'
      }})
    }}
  ]
}}
resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {{
  clientId: principalId
  consentType: 'AllPrincipals'
  resourceId: graphSp.id
  scope: join(scopes, ' ')
}}
"
    );
    let dir = tree(&[("main.bicep", &main)]);
    let report = check_json(dir.path(), &[], 0);
    let found = eu050(&report);
    let at = |m: &str, line: u64| (m.to_string(), "main.bicep".to_string(), line);
    assert_eq!(
        found,
        [
            at(
                "Application `app` requests Microsoft Graph `Directory.Read.All`",
                line_of(&main, "id: s.id")
            ),
            at(
                "Permission grant `consent` grants `GroupMember.Read.All` for all users",
                line_of(&main, "scope: join")
            ),
            at(
                "Permission grant `each[1]` grants `AuditLog.Read.All`",
                line_of(&main, "appRoleId: first")
            ),
            at(
                "Permission grant `one` grants `User.Read.All`",
                line_of(&main, "'User.Read.All')")
            ),
        ],
        "Mail.Send (each[0]) and User.Read are not directory data"
    );
    // The loop's element is in the related information.
    let each = report
        .with_code("EU050")
        .into_iter()
        .find(|d| d.message.contains("each[1]"))
        .unwrap();
    assert!(
        each.related
            .iter()
            .any(|r| r.line == line_of(&main, "'AuditLog")
                && r.message.contains("`role` in iteration 1 of the loop")),
        "{:#?}",
        each.related
    );
}

#[test]
fn bicep_module_parameters_name_the_permissions() {
    let main = "extension microsoftGraphV1
module grants 'grants.bicep' = {
  name: 'grants'
  params: {
    principalId: '11111111-1111-1111-1111-111111111111'
    roles: [
      'User.ReadWrite.All'
    ]
    scope: 'openid Directory.Read.All'
  }
}
";
    let grants = format!(
        "extension microsoftGraphV1
param principalId string
param roles array
param scope string
{GRAPH_SP}
resource assign 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for name in roles: {{
  appRoleId: filter(graphSp.appRoles, r => r.value =~ name)[0].id
  principalId: principalId
  resourceId: graphSp.id
}}]
resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {{
  clientId: principalId
  consentType: 'Principal'
  principalId: principalId
  resourceId: graphSp.id
  scope: scope
}}
"
    );
    let dir = tree(&[("main.bicep", main), ("grants.bicep", &grants)]);
    let report = check_json(dir.path(), &[], 0);
    let at = |m: &str, line: u64| (m.to_string(), "grants.bicep".to_string(), line);
    assert_eq!(
        eu050(&report),
        [
            at(
                "Permission grant `assign[0]` grants `User.ReadWrite.All`",
                line_of(&grants, "appRoleId")
            ),
            at(
                "Permission grant `consent` grants `Directory.Read.All`",
                line_of(&grants, "scope: scope")
            ),
        ]
    );
    let assign = report
        .with_code("EU050")
        .into_iter()
        .find(|d| d.message.contains("assign[0]"))
        .unwrap();
    assert!(
        assign.related.iter().any(|r| r.path.ends_with("main.bicep")
            && r.message.contains("parameter `roles` of module `grants`")),
        "{:#?}",
        assign.related
    );
}

#[test]
fn bicep_filter_selecting_a_permission_that_is_not_directory_data_is_clean() {
    let main = format!(
        "extension microsoftGraphV1
param principalId string
{GRAPH_SP}
resource send 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for p in ['Mail.Send', 'Sites.Read.All']: {{
  appRoleId: filter(graphSp.appRoles, r => r.value == p)[0].id
  principalId: principalId
  resourceId: graphSp.id
}}]
resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {{
  clientId: principalId
  consentType: 'AllPrincipals'
  resourceId: graphSp.id
  scope: join(map(filter(['openid', 'User.Read', 'offline_access'], s => s != 'openid'), s => s), ' ')
}}
// The appId an existing service principal is found by is its appId: here another API's,
// whose permission ids are not Microsoft Graph's.
resource otherApi 'Microsoft.Graph/servicePrincipals@v1.0' existing = {{
  appId: '11111111-2222-3333-4444-555555555555'
}}
resource app 'Microsoft.Graph/applications@v1.0' = {{
  uniqueName: 'app'
  displayName: 'app'
  requiredResourceAccess: [
    {{
      resourceAppId: otherApi.appId
      resourceAccess: [
        {{
          id: 'df021288-bdef-4463-88db-98f22de89214'
          type: 'Role'
        }}
      ]
    }}
  ]
}}
"
    );
    let dir = tree(&[("main.bicep", &main)]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(eu050(&report), []);
    // The same id requested from Microsoft Graph's service principal is User.Read.All.
    let graph = main.replace(
        "resourceAppId: otherApi.appId",
        "resourceAppId: graphSp.appId",
    );
    let dir = tree(&[("main.bicep", &graph)]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(
        eu050(&report),
        [(
            "Application `app` requests Microsoft Graph `User.Read.All`".to_string(),
            "main.bicep".to_string(),
            line_of(&graph, "id: 'df021288")
        )]
    );
}

/// A grant to Microsoft Graph whose permission has no value is EU050 "not provable" in each
/// shape; the values from a parameters file decide.
#[test]
fn bicep_permissions_without_a_value_are_not_provable() {
    let main = format!(
        "extension microsoftGraphV1
param principalId string
param role string
param roles array
param scopes array
{GRAPH_SP}
resource one 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {{
  appRoleId: filter(graphSp.appRoles, r => r.value == role)[0].id
  principalId: principalId
  resourceId: graphSp.id
}}
resource each 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for name in roles: {{
  appRoleId: filter(graphSp.appRoles, r => r.value == name)[0].id
  principalId: principalId
  resourceId: graphSp.id
}}]
resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {{
  clientId: principalId
  consentType: 'Principal'
  principalId: principalId
  resourceId: graphSp.id
  scope: join(scopes, ' ')
}}
"
    );
    let dir = tree(&[("main.bicep", &main)]);
    let report = check_json(dir.path(), &[], 0);
    let at = |m: &str, line: u64| (m.to_string(), "main.bicep".to_string(), line);
    assert_eq!(
        eu050(&report),
        [
            at("Permission grant `consent` grants a Microsoft Graph permission that is not provable", line_of(&main, "scope: join")),
            at("Permission grant `each` grants a Microsoft Graph permission that is not provable", line_of(&main, "== name")),
            at("Permission grant `one` grants a Microsoft Graph permission that is not provable", line_of(&main, "== role")),
        ]
    );
    // Why each is not provable is the finding's note.
    let why: Vec<String> = report
        .with_code("EU050")
        .iter()
        .map(|d| d.notes.join(" "))
        .collect();
    for reason in [
        "parameter `scopes` has no default and no parameters file sets it",
        "`name` varies per iteration of the loop, over an array not known: parameter `roles` has no default and no parameters file sets it",
        "parameter `role` has no default and no parameters file sets it",
    ] {
        assert!(why.iter().any(|w| w.contains(reason)), "{reason}: {why:#?}");
    }
    // With the values given, only the directory permissions remain.
    let params = "using 'main.bicep'
param principalId = '11111111-1111-1111-1111-111111111111'
param role = 'Mail.Send'
param roles = ['Calendars.Read', 'Device.Read.All']
param scopes = ['openid', 'People.Read.All']
";
    let dir = tree(&[("main.bicep", &main), ("main.bicepparam", params)]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(
        eu050(&report),
        [
            at(
                "Permission grant `consent` grants `People.Read.All`",
                line_of(&main, "scope: join")
            ),
            at(
                "Permission grant `each[1]` grants `Device.Read.All`",
                line_of(&main, "== name")
            ),
        ]
    );
}

/// A module loop over a known array is one module per element: each grant is checked with
/// the permission its iteration passes.
#[test]
fn bicep_module_loops_pass_each_permission() {
    let main = "extension microsoftGraphV1
param roles array = [
  'Mail.Send'
  'Directory.Read.All'
  'Group.Read.All'
]
module grant 'grant.bicep' = [for (role, i) in roles: {
  name: 'grant-${i}'
  params: {
    permission: role
  }
}]
";
    let grant = format!(
        "extension microsoftGraphV1
param permission string
{GRAPH_SP}
resource assign 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {{
  appRoleId: filter(graphSp.appRoles, r => r.value == permission)[0].id
  principalId: '11111111-1111-1111-1111-111111111111'
  resourceId: graphSp.id
}}
"
    );
    let dir = tree(&[("main.bicep", main), ("grant.bicep", &grant)]);
    let report = check_json(dir.path(), &[], 0);
    let line = line_of(&grant, "appRoleId");
    let at = |m: &str| (m.to_string(), "grant.bicep".to_string(), line);
    assert_eq!(
        eu050(&report),
        [
            at("Permission grant `assign` grants `Directory.Read.All`"),
            at("Permission grant `assign` grants `Group.Read.All`"),
        ]
    );
    let group = report
        .with_code("EU050")
        .into_iter()
        .find(|d| d.message.contains("Group.Read.All"))
        .unwrap();
    assert!(
        group
            .related
            .iter()
            .any(|r| r.line == line_of(main, "'Group")
                && r.message.contains("`role` in iteration 2 of the loop")),
        "{:#?}",
        group.related
    );
    // Over an array not known, the permission is not provable.
    let unknown = main.replace("param roles array = [", "param roles array\nvar unused = [");
    let dir = tree(&[("main.bicep", &unknown), ("grant.bicep", &grant)]);
    let report = check_json(dir.path(), &[], 0);
    let d = report.only("EU050");
    assert!(
        d.notes
            .join(" ")
            .contains("`role` varies per iteration of the loop, over an array not known: parameter `roles` has no default"),
        "{:?}",
        d.notes
    );
}

/// The Microsoft Graph Bicep quickstart shape: the scopes are filtered by name from the
/// Graph service principal in the caller, and the filtered array is passed to modules that
/// request its ids and grant its values joined.
#[test]
fn bicep_filtered_scopes_passed_to_modules_are_flagged_by_name() {
    let main = format!(
        "extension microsoftGraphV1
param appScopes array = ['profile', 'User.Read', 'GroupMember.Read.All']
{GRAPH_SP}
var filtered = filter(graphSp.oauth2PermissionScopes, s => contains(appScopes, s.value))
module request 'request.bicep' = {{
  name: 'request'
  params: {{
    scopes: filtered
  }}
}}
module grant 'grant.bicep' = {{
  name: 'grant'
  params: {{
    scopes: filtered
    graphSpId: graphSp.id
  }}
}}
"
    );
    let request = "extension microsoftGraphV1
param scopes array
resource app 'Microsoft.Graph/applications@v1.0' = {
  displayName: 'app'
  uniqueName: 'app'
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [for (s, i) in scopes: {
        id: scopes[i].id
        type: 'Scope'
      }]
    }
  ]
}
";
    let grant = "extension microsoftGraphV1
param scopes array
param graphSpId string
var names = [for s in scopes: s.value]
resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: '11111111-1111-1111-1111-111111111111'
  resourceId: graphSpId
  consentType: 'AllPrincipals'
  scope: join(names, ' ')
}
";
    let dir = tree(&[
        ("main.bicep", &main),
        ("request.bicep", request),
        ("grant.bicep", grant),
    ]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(
        eu050(&report),
        [
            (
                "Application `app` requests Microsoft Graph `GroupMember.Read.All`".to_string(),
                "request.bicep".to_string(),
                line_of(request, "id: scopes[i].id")
            ),
            (
                "Permission grant `consent` grants `GroupMember.Read.All` for all users"
                    .to_string(),
                "grant.bicep".to_string(),
                line_of(grant, "scope: join")
            ),
        ]
    );
}
