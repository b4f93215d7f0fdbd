//! EU001 and EU004 share their body: a tenant's data residency location that is not `Europe`.

use super::location::{anchor, judge, placements, provenance, rewrite_literal, Judged};
use crate::model::Resource;
use crate::rules::{Context, Finding, FindingFix, RuleMeta};

/// EU001 and EU004: a tenant whose data residency location is not `Europe`. The location is
/// chosen at creation and cannot change, so the fix (to `Europe`) re-creates the tenant.
/// `subject` names the kind of tenant ("B2C tenant"), `why` is the note (a sentence) and
/// `help` what to do (a sentence).
pub(in crate::rules) fn tenant_outside_europe(
    resource: &Resource,
    cx: &mut Context,
    rule: &'static RuleMeta,
    subject: &str,
    why: &str,
    help: &str,
    fix_title: &str,
) {
    for placement in placements(resource).iter().filter(|p| p.tenant) {
        let Judged::Tenant(location) = judge(placement) else {
            continue;
        };
        if location == "Europe" {
            continue;
        }
        cx.report(Finding {
            rule,
            ceiling: None,
            loc: anchor(placement.val, resource),
            message: format!(
                "{subject} `{}` keeps its directory data in `{location}`, outside Europe",
                resource.name
            ),
            notes: vec![why.to_string()],
            help: Some(help.to_string()),
            related: provenance(placement.val),
            fix: rewrite_literal(placement.val, "Europe").map(|edits| FindingFix {
                title: fix_title.into(),
                safe: false,
                edits,
            }),
        });
    }
}
