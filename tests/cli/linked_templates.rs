//! ARM linked templates: a deployment whose `templateLink` names a file in the tree is checked
//! with the parameters it passes, and the linked file is not also checked alone (where its
//! parameters would be unknown).

use crate::cli_support::*;
use crate::project_fixtures::ARM_DOMAIN_TEMPLATE;

fn main_template(region: &str) -> String {
    format!(
        r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {{
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "domain",
      "properties": {{
        "mode": "Incremental",
        "templateLink": {{ "relativePath": "nested/domain.json" }},
        "parameters": {{ "location": {{ "value": "{region}" }} }}
      }}
    }}
  ]
}}
"#
    )
}

#[test]
fn a_linked_template_is_checked_with_what_its_deployment_passes() {
    let main = main_template("eastus");
    let dir = tree(&[
        ("azuredeploy.json", &main),
        ("nested/domain.json", ARM_DOMAIN_TEMPLATE),
    ]);
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, "nested/domain.json");
    assert!(
        d.related.iter().any(|r| r.path == "azuredeploy.json"),
        "the chain goes through the deployment that passes the value: {:#?}",
        d.related
    );
    assert_eq!(
        d.fix.as_ref().expect("a fix").edits[0].path,
        "azuredeploy.json",
        "the fix edits the value passed"
    );

    // Passed a European region, the linked file alone would be "cannot prove": no finding.
    let main = main_template("westeurope");
    let dir = tree(&[
        ("azuredeploy.json", &main),
        ("nested/domain.json", ARM_DOMAIN_TEMPLATE),
    ]);
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    // Named alone, with no template linking it in the checked paths: unknown.
    let report = check_json(dir.path(), &["nested"], 0);
    report.only("EU090");
}
