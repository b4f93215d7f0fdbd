//! The tenant-configuration formats in the server: B2C custom policies (XML), Microsoft365DSC
//! configurations and Microsoft Graph JSON, diagnosed, hovered and fixed over the protocol.

use serde_json::json;

use crate::fixtures::*;
use crate::test_server::TestServer;

/// A relying-party policy opened beside its base on disk: the chain is read across both
/// files, the finding hovers with its rule, and the "ignore" action writes an XML comment
/// that keeps the policy well-formed.
#[test]
fn b2c_custom_policy_is_diagnosed_hovered_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    // EU003 (off by default) shows which policies are one set.
    write(dir.path(), ".residency.yaml", "rules:\n  EU003: info\n");
    let (_, ext) = copy_sample(
        dir.path(),
        "EU041/b2c-xml-flagged/TrustFrameworkExtensions.xml",
        "policies",
    );
    // The base's findings are published too, with the set that includes the open policy.
    let in_set = |d: &[serde_json::Value]| {
        d.iter().any(|x| {
            x["message"]
                .as_str()
                .is_some_and(|m| m.contains("and the policy built on it"))
        })
    };
    let (text, rp) = copy_sample(
        dir.path(),
        "EU041/b2c-xml-flagged/SignUpOrSignin.xml",
        "policies",
    );
    let mut server = TestServer::start(&["utf-16"]);
    let diags = server.open_and_diagnose(&rp, "xml", &text);
    assert_eq!(codes(&diags), ["EU041"], "{diags:?}");
    server.diagnostics_where(&ext, in_set);
    let d = &diags[0];
    let (line, col) = position_of(&text, "<JourneyInsights", "JourneyInsights");
    assert_eq!(d["range"]["start"]["line"], line);
    assert!(
        d["data"]["notes"].to_string().contains("DeveloperMode"),
        "{d}"
    );
    let hover = server.hover(&rp, line, col);
    assert!(hover.contains("EU041 b2c-journey-telemetry"), "{hover}");

    let actions = server.code_actions(&rp, &d["range"], json!([d]), &[]);
    let edits = edits_of(action(&actions, "Ignore EU041 on this line"), &rp);
    assert_eq!(
        edits[0]["newText"],
        "      <!-- residency-ignore: EU041 - -->\n"
    );
    let ignored = server.apply_edits(&text, &edits);
    // Without a reason: E003, and the policy still parses (no E001).
    let diags = server.replace_text(&rp, 2, &ignored);
    assert_eq!(codes(&diags), ["E003"], "{diags:?}");
    let reasoned = ignored.replace("EU041 - -->", "EU041 - appi-b2c is in westeurope -->");
    let diags = server.replace_text(&rp, 3, &reasoned);
    assert!(diags.is_empty(), "{diags:?}");

    // While typing, a broken policy gives E001 where it breaks, and mending it clears it.
    let broken = reasoned.replace("</RelyingParty>", "</RelyingPart>");
    let diags = server.replace_text(&rp, 4, &broken);
    assert_eq!(codes(&diags), ["E001"], "{diags:?}");
    // The base no longer has a policy built on it.
    server.diagnostics_where(&ext, |d| !in_set(d) && d.len() == 3);
    let diags = server.replace_text(&rp, 5, &reasoned);
    assert!(diags.is_empty(), "{diags:?}");
    server.diagnostics_where(&ext, in_set);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn microsoft365dsc_and_graph_json_are_diagnosed_and_hovered() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = TestServer::start(&["utf-16"]);

    let (dsc, d) = copy_sample(dir.path(), "EU020/dsc-flagged/M365TenantConfig.ps1", "dsc");
    let diags = server.open_and_diagnose(&d, "powershell", &dsc);
    assert!(codes(&diags).contains(&"EU020".to_string()), "{diags:?}");
    let (line, col) = position_of(&dsc, "expect: EU020", "enabled");
    let eu020 = diags.iter().find(|x| x["code"] == "EU020").unwrap();
    assert_eq!(eu020["range"]["start"]["line"], line);
    let hover = server.hover(&d, line, col);
    assert!(hover.contains("EU020 mfa-phone-methods"), "{hover}");
    // The ignore action writes a `#` comment.
    let actions = server.code_actions(&d, &eu020["range"], json!([eu020]), &[]);
    let edits = edits_of(action(&actions, "Ignore EU020 on this line"), &d);
    assert!(
        edits[0]["newText"]
            .as_str()
            .unwrap()
            .ends_with("# residency-ignore: EU020 -- \n"),
        "{edits:?}"
    );

    let (graph, g) = copy_sample(dir.path(), "EU020/graph-json-flagged/SMS.json", "graph");
    let diags = server.open_and_diagnose(&g, "json", &graph);
    assert_eq!(codes(&diags), ["EU020"], "{diags:?}");
    let start = &diags[0]["range"]["start"];
    let hover = server.hover(
        &g,
        start["line"].as_u64().unwrap(),
        start["character"].as_u64().unwrap() + 1,
    );
    assert!(hover.contains("EU020 mfa-phone-methods"), "{hover}");
    assert!(server.shutdown_and_exit().success());
}

/// A B2C policy calling an Azure Function declared in another folder: the workspace scan
/// gathers the workspace's apps, the policy's folder check judges the app's region, and an edit
/// of the app (in its own folder) is seen by the policy's next check.
#[test]
fn b2c_endpoint_on_an_app_of_the_workspace_is_judged() {
    let dir = tempfile::tempdir().unwrap();
    let (app_text, app) = copy_sample(
        dir.path(),
        "EU051/b2c-xml-function-app-flagged/infra/main.tf",
        "infra",
    );
    let (text, policy) = copy_sample(
        dir.path(),
        "EU051/b2c-xml-function-app-flagged/policies/TrustFrameworkExtensions.xml",
        "policies",
    );
    // The headline and the notes (the app the endpoint is, its region).
    let eu051 = |d: &[serde_json::Value]| -> String {
        d.iter()
            .find(|x| x["code"] == "EU051")
            .map(|x| format!("{} {}", x["message"], x["data"]["notes"]))
            .unwrap_or_default()
    };
    let mut server = TestServer::builder().workspace_folder(dir.path()).start();
    server.diagnostics_where(&policy, |d| eu051(d).contains("`eastus`, outside Europe"));
    let diags = server.open_and_diagnose(&policy, "xml", &text);
    let message = eu051(&diags);
    assert!(
        message.contains("`azurerm_linux_function_app.loyalty`")
            && message.contains("`eastus`, outside Europe"),
        "{message}"
    );
    // The app moves to West Europe (in its own folder's check), then the policy is checked again.
    let moved = app_text.replace("\"eastus\"", "\"westeurope\"");
    server.open_and_diagnose(&app, "terraform", &moved);
    let diags = server.replace_text(&policy, 2, &text);
    let message = eu051(&diags);
    assert!(
        message.contains("in `westeurope`")
            && message.contains("processed there, inside the boundary"),
        "{message}"
    );
    assert!(server.shutdown_and_exit().success());
}

/// A policy set with files in two folders: the workspace scan links them, and the server's
/// check of either folder reads the whole set (the base's set names the relying party of the
/// other folder; breaking that relying party changes the base's findings).
#[test]
fn b2c_policy_set_across_folders_is_checked_whole() {
    let root = tempfile::tempdir().unwrap();
    // EU003 (off by default) shows which policies are one set.
    write(root.path(), ".residency.yaml", "rules:\n  EU003: info\n");
    let (_, base) = copy_sample(
        root.path(),
        "EU041/b2c-xml-flagged/TrustFrameworkExtensions.xml",
        "policies/base",
    );
    let (text, rp) = copy_sample(
        root.path(),
        "EU041/b2c-xml-flagged/SignUpOrSignin.xml",
        "policies/rp",
    );
    let in_set = |d: &[serde_json::Value]| {
        d.iter().any(|x| {
            x["message"]
                .as_str()
                .is_some_and(|m| m.contains("and the policy built on it"))
        })
    };
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    // The scan, over the whole tree.
    server.diagnostics_where(&base, in_set);
    server.diagnostics_where(&rp, |d| codes(d) == ["EU041"]);
    // The relying party's folder, checked on its own, still reads its base.
    let diags = server.open_and_diagnose(&rp, "xml", &text);
    assert_eq!(codes(&diags), ["EU041"], "{diags:?}");
    let broken = text.replace("</RelyingParty>", "</RelyingPart>");
    let diags = server.replace_text(&rp, 2, &broken);
    assert_eq!(codes(&diags), ["E001"], "{diags:?}");
    server.diagnostics_where(&base, |d| !in_set(d) && d.len() == 3);
    let diags = server.replace_text(&rp, 3, &text);
    assert_eq!(codes(&diags), ["EU041"], "{diags:?}");
    server.diagnostics_where(&base, in_set);
    assert!(server.shutdown_and_exit().success());
}
