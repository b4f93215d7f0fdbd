//! Documents and helpers shared by the feature modules.
#![allow(dead_code)]

use std::path::Path;

use serde_json::{json, Value};

pub use crate::lsp_support::uri;
use crate::test_server::TestServer;

/// Domain Services in `eastus`, with multi-byte characters before the value on its line.
pub const AADDS: &str = r#"resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds"
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"
  location = /* é😀 */ "eastus"
}
"#;

pub const BICEP_CALLER: &str = "param tenantLocation string = 'United States'

module customers './modules/tenant.bicep' = {
  name: 'customers'
  params: {
    location: tenantLocation
  }
}
";

pub const BICEP_MODULE: &str = "param location string

resource tenant 'Microsoft.AzureActiveDirectory/b2cDirectories@2023-05-17-preview' = {
  name: 'contosocustomers.onmicrosoft.com'
  location: location
  sku: {
    name: 'PremiumP1'
    tier: 'A0'
  }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'NL'
    }
  }
}
";

/// The codes of a list of diagnostics.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Writes `dir/name`; returns its URI.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    uri(&path)
}

/// The EU010 diagnostic of a list.
pub fn eu010(diags: &[Value]) -> Value {
    diags
        .iter()
        .find(|d| d["code"] == "EU010")
        .unwrap_or_else(|| panic!("no EU010 in {diags:?}"))
        .clone()
}

/// The samples folder of the repository.
pub fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Copies `samples/<sample>` into `dir/<folder>/` (created); returns its text and URI.
pub fn copy_sample(dir: &Path, sample: &str, folder: &str) -> (String, String) {
    let text = std::fs::read_to_string(samples().join(sample)).unwrap();
    let to = dir.join(folder);
    std::fs::create_dir_all(&to).unwrap();
    let name = Path::new(sample).file_name().unwrap().to_str().unwrap();
    let uri = write(&to, name, &text);
    (text, uri)
}

/// The empty range at a position.
pub fn at(line: u64, character: u64) -> Value {
    let p = json!({"line": line, "character": character});
    json!({"start": p, "end": p})
}

/// The action whose title starts with `title`.
pub fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:?}"))
}

/// The titles of actions.
pub fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The edits an action makes to `uri`.
pub fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no edits of {uri} in {action}"))
}

/// The line (0-based) and UTF-16 column of the first `needle` on a line holding `line_has`,
/// plus one (a position inside the needle).
pub fn position_of(text: &str, line_has: &str, needle: &str) -> (u64, u64) {
    let (line, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_has))
        .unwrap_or_else(|| panic!("no line with {line_has}"));
    let col = l
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle} in {l}"));
    (line as u64, l[..col].encode_utf16().count() as u64 + 1)
}

/// The window/logMessage whose text contains `needle`; returns its text.
pub fn log_containing(server: &mut TestServer, needle: &str) -> String {
    let m = server.wait_for(&format!("a log message containing {needle:?}"), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains(needle))
    });
    m["params"]["message"].as_str().unwrap().to_string()
}
