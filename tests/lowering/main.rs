//! Lowering tests that need no syntax of their own: the log-export destinations of the ARM and
//! Terraform front-ends (`destinations`), Terraform plan JSON (`terraform_plan`), and the YAML
//! front-ends (`yaml`: Pulumi YAML, Azure Service Operator), and the Unknown of every function
//! an evaluator does not evaluate (`unknown_functions`). The front-ends' other lowering
//! tests are in `src/model/*/tests.rs`; both build projects with
//! `residency::model::testing::project`.

mod destinations;
mod terraform_plan;
mod unknown_functions;
mod yaml;

use residency::model::{
    arm, terraform, testing, Destination, FileKind, Kind, Lowered, Project, Resource, Val,
};

pub fn arm_lower(text: &str) -> (Project, Lowered) {
    let mut p = testing::project(&[("azuredeploy.json", text, FileKind::ArmTemplate)]);
    let l = arm::lower(&mut p, 0, None, &|_| None, &residency::resolve::resources);
    (p, l)
}

pub fn tf_lower(text: &str) -> (Project, Lowered) {
    let mut p = testing::project(&[("main.tf", text, FileKind::TerraformHcl)]);
    let l = terraform::lower(
        &mut p,
        &[0],
        &[],
        &residency::model::LoadNothing,
        &residency::resolve::resources,
    );
    (p, l)
}

pub fn plan_lower(text: &str) -> (Project, Lowered) {
    assert!(terraform::plan::is_plan(text), "not recognised as a plan");
    let p = testing::project(&[("plan.json", text, FileKind::TerraformPlan)]);
    let l = terraform::plan::lower(&p, 0, &residency::resolve::resources);
    (p, l)
}

pub fn by_kind(l: &Lowered, kind: Kind) -> Vec<&Resource> {
    l.resources.iter().filter(|r| r.kind == kind).collect()
}

pub fn named<'l>(l: &'l Lowered, name: &str) -> &'l Resource {
    l.resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no resource {name} in {:?}",
                l.resources.iter().map(|r| &r.name).collect::<Vec<_>>()
            )
        })
}

pub fn text_at(p: &Project, loc: residency::model::Loc) -> &str {
    &p.files[loc.file].text[loc.range.as_range()]
}

pub fn s(v: &Val) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {:?}", v.kind))
}

/// (label, target name, target location) of each destination.
pub fn summary(r: &Resource) -> Vec<(String, Option<String>, Option<String>)> {
    r.destinations
        .iter()
        .map(|d: &Destination| {
            (
                d.label.clone(),
                d.target.as_ref().map(|t| t.name.clone()),
                d.target
                    .as_ref()
                    .map(|t| t.location.as_str().unwrap_or("<unknown>").to_string()),
            )
        })
        .collect()
}

/// A destination as [`summary`] lists it: `label`, found as `target` at `location`.
pub fn to(label: &str, target: &str, location: &str) -> (String, Option<String>, Option<String>) {
    (label.into(), Some(target.into()), Some(location.into()))
}

/// A destination as [`summary`] lists it: `label`, not declared in the project.
pub fn nowhere(label: &str) -> (String, Option<String>, Option<String>) {
    (label.into(), None, None)
}

pub fn notes(v: &Val) -> Vec<&str> {
    v.origin.iter().map(|o| o.note.as_str()).collect()
}
