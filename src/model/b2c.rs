//! Azure AD B2C custom policies: `TrustFrameworkPolicy` XML files (identity-surfaces.md §3).
//!
//! A policy is layered on another through `BasePolicy` (base → localization → extensions →
//! relying party), so the files of one chain are lowered together: a technical profile is the
//! merge of its definitions along the chain (a derived file adds or overrides metadata items
//! and may change the protocol handler), and a profile that names another in
//! `IncludeTechnicalProfile` inherits what it does not write itself.
//!
//! The resources, each of type [`TypeRef::B2c`]:
//! - `trustframeworkpolicy`: each policy set, at the root element of the policy the others are
//!   built on; the body holds `PolicyId`, `TenantId` and `Policies`, the ids of the set.
//! - `key`: each key container (`StorageReferenceId="B2C_1A_…"`) the set uses, at its first
//!   reference; `References` counts them.
//! - a technical profile, by its handler's short name lower-cased
//!   (`Web.TPEngine.Providers.PhoneFactorProtocolProvider, …` → `phonefactorprotocolprovider`),
//!   at the `Handler` that decides it; the body holds `Id`, `Handler` and `Metadata` (each
//!   item by key, at its text).
//! - `journeyinsights`: each `JourneyInsights` element, with its attributes and the policy's
//!   `DeploymentMode`.

use std::collections::HashMap;

use super::{
    Declaration, Evaluated, FileId, Loc, Lowered, Project, RawResource, Resolve, ResourceId, Step,
    TypeRef, Val, ValKind,
};
use crate::syntax::xml::{self, range_of};

/// The root element of a custom policy.
const ROOT: &str = "TrustFrameworkPolicy";

/// The prefix of the policy keys B2C custom policies use (policy keys are key containers).
const KEY_PREFIX: &str = "B2C_1A_";

/// How many `IncludeTechnicalProfile` steps are followed (also stops cycles).
const MAX_INCLUDES: usize = 8;

/// Whether a file's root element is `TrustFrameworkPolicy`, read without parsing the file:
/// after a byte-order mark, the XML declaration, comments and processing instructions.
pub fn is_custom_policy(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{FEFF}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            let Some(end) = after.find("?>") else {
                return false;
            };
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let Some(end) = after.find("-->") else {
                return false;
            };
            rest = &after[end + 3..];
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    // With or without a namespace prefix.
    name.rsplit(':').next() == Some(ROOT) && name_end < tag.len()
}

/// What the grouping of files needs of a policy: its id, the id of the policy it is based
/// on, and its tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub policy_id: String,
    pub base: Option<String>,
    pub tenant: Option<String>,
}

/// The header of a well-formed custom policy.
pub fn header(text: &str) -> Option<Header> {
    header_of(&xml::parse(text).ok()?)
}

fn header_of(doc: &roxmltree::Document) -> Option<Header> {
    let root = doc.root_element();
    let policy_id = root.attribute("PolicyId")?.trim().to_string();
    let base = child(root, "BasePolicy")
        .and_then(|b| child(b, "PolicyId"))
        .and_then(|p| p.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    Some(Header {
        policy_id,
        base,
        tenant: root.attribute("TenantId").map(|t| t.trim().to_string()),
    })
}

/// The policy each one is based on, among `policies` (path and header of each): the policy
/// with its `BasePolicy` id (case-insensitive), of the same tenant when both say. Of several,
/// the nearest by folder (two starter-pack folders each have a `B2C_1A_TrustFrameworkBase`);
/// when none is nearer than the others, none: a guess would merge unrelated chains.
pub fn link_bases(policies: &[(&std::path::Path, Option<&Header>)]) -> Vec<Option<usize>> {
    let shared = |a: &std::path::Path, b: &std::path::Path| {
        a.components()
            .zip(b.components())
            .take_while(|(x, y)| x == y)
            .count()
    };
    policies
        .iter()
        .enumerate()
        .map(|(i, (path, header))| {
            let base = header.as_ref()?.base.as_deref()?;
            let tenant = header.as_ref()?.tenant.as_deref();
            let mut ranked: Vec<((bool, usize), usize)> = (0..policies.len())
                .filter(|&j| j != i)
                .filter(|&j| {
                    policies[j]
                        .1
                        .is_some_and(|h| h.policy_id.eq_ignore_ascii_case(base))
                })
                .map(|j| {
                    let other = policies[j].1.and_then(|h| h.tenant.as_deref());
                    let same_tenant = match (tenant, other) {
                        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                        _ => true,
                    };
                    ((same_tenant, shared(path, policies[j].0)), j)
                })
                .collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            match ranked.as_slice() {
                [] => None,
                [(_, only)] => Some(*only),
                [(best, j), (next, _), ..] => (best > next).then_some(*j),
            }
        })
        .collect()
}

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

/// The first child element with this local name.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i: 'a>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The short name of a protocol handler: `Web.TPEngine.Providers.PhoneFactorProtocolProvider,
/// Web.TPEngine, …` → `PhoneFactorProtocolProvider` (identity-surfaces §3.1: match on the
/// `<Name>` part; `Insights.AzureApplicationInsightsProvider` has a namespace of its own).
pub fn handler_name(handler: &str) -> &str {
    let class = handler.split(',').next().unwrap_or("").trim();
    class.rsplit('.').next().unwrap_or(class)
}

/// A protocol handler as written, and where.
type Handler = (String, Loc);

/// One technical profile of the set, merged along the chain.
#[derive(Default)]
struct Profile {
    id: String,
    /// Where its id is first written.
    id_loc: Option<Loc>,
    /// The handler as written, and where (the most derived definition that writes one).
    handler: Option<Handler>,
    /// Metadata items by key, as the most derived definition writes them.
    metadata: Vec<(String, Val)>,
    includes: Vec<String>,
}

/// One resource, with its body.
struct Found {
    raw: RawResource,
    body: Val,
}

/// Lowers the policy files `files` of `project` (one unit: the files linked by `BasePolicy`).
pub fn lower(project: &Project, files: &[FileId], resolve: Resolve) -> Lowered {
    let mut syntax_errors = Vec::new();
    let mut docs = Vec::new();
    for &file in files {
        match xml::parse(&project.files[file].text) {
            Ok(doc) => docs.push((file, doc)),
            Err(e) => syntax_errors.push((file, e)),
        }
    }
    // Each policy's base among `docs`.
    let headers: Vec<Option<Header>> = docs.iter().map(|(_, d)| header_of(d)).collect();
    let linked: Vec<(&std::path::Path, Option<&Header>)> = docs
        .iter()
        .zip(&headers)
        .map(|((f, _), h)| (project.files[*f].path.as_path(), h.as_ref()))
        .collect();
    let base_of = link_bases(&linked);
    // Bases before what is built on them: by depth along the chain (bounded for cycles).
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(b) = base_of[i] {
            d += 1;
            i = b;
            if d > docs.len() {
                break;
            }
        }
        d
    };
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (depth(i), i));

    let mut found = Vec::new();
    let loc = |file: FileId, r: std::ops::Range<usize>| Loc {
        file,
        range: range_of(r),
    };

    // Policy sets: one per policy the unit has no base for.
    for &i in &order {
        if base_of[i].is_some() {
            continue;
        }
        let (file, doc) = &docs[i];
        let root = doc.root_element();
        let Some(id_attr) = root.attribute_node("PolicyId") else {
            continue;
        };
        let members: Vec<Val> = order
            .iter()
            .filter(|&&j| root_of(&base_of, j) == i)
            .filter_map(|&j| {
                let (f, d) = &docs[j];
                let a = d.root_element().attribute_node("PolicyId")?;
                Some(Val::new(
                    ValKind::Str(a.value().to_string()),
                    Some(loc(*f, a.range_value())),
                ))
            })
            .collect();
        let mut body = vec![
            ("PolicyId".to_string(), attr_val(*file, id_attr)),
            (
                "Policies".to_string(),
                Val::new(ValKind::List(members), None),
            ),
        ];
        if let Some(t) = root.attribute_node("TenantId") {
            body.push(("TenantId".to_string(), attr_val(*file, t)));
        }
        // At the root element's name: a suppression comment fits on the line above it (not
        // inside its start tag, where `PolicyId` often is).
        let start = root.range().start + 1;
        found.push(Found {
            raw: raw(
                "trustframeworkpolicy",
                ROOT,
                id_attr.value(),
                loc(*file, start..start + tag_len(root)),
            ),
            body: Val::new(ValKind::Map(body), Some(loc(*file, root.range()))),
        });
    }

    // Key containers: each distinct one, at its first reference.
    let mut keys: Vec<(String, Loc, usize)> = Vec::new();
    for &i in &order {
        let (file, doc) = &docs[i];
        for key in doc.descendants().filter(|n| n.has_tag_name_local("Key")) {
            let Some(a) = key.attribute_node("StorageReferenceId") else {
                continue;
            };
            let name = a.value().trim();
            let is_container = name
                .get(..KEY_PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(KEY_PREFIX));
            if !is_container {
                continue;
            }
            match keys
                .iter_mut()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            {
                Some((_, _, count)) => *count += 1,
                None => keys.push((name.to_string(), loc(*file, a.range_value()), 1)),
            }
        }
    }
    for (name, at, count) in keys {
        let body = vec![
            (
                "StorageReferenceId".to_string(),
                Val::new(ValKind::Str(name.clone()), Some(at)),
            ),
            (
                "References".to_string(),
                Val::new(ValKind::Num(count as f64), None),
            ),
        ];
        found.push(Found {
            raw: raw("key", "Key", &name, at),
            body: Val::new(ValKind::Map(body), Some(at)),
        });
    }

    // Technical profiles, merged along the chain.
    let mut profiles: Vec<Profile> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        let (file, doc) = &docs[i];
        for tp in doc
            .descendants()
            .filter(|n| n.has_tag_name_local("TechnicalProfile"))
        {
            // The relying party's own technical profile is not a claims provider's.
            if tp.ancestors().any(|a| a.has_tag_name_local("RelyingParty")) {
                continue;
            }
            let Some(id_attr) = tp.attribute_node("Id") else {
                continue;
            };
            let id = id_attr.value().trim().to_string();
            let at = *by_id.entry(id.to_ascii_lowercase()).or_insert_with(|| {
                profiles.push(Profile {
                    id: id.clone(),
                    id_loc: Some(loc(*file, id_attr.range_value())),
                    ..Profile::default()
                });
                profiles.len() - 1
            });
            let profile = &mut profiles[at];
            if let Some(h) = child(tp, "Protocol").and_then(|p| p.attribute_node("Handler")) {
                profile.handler = Some((h.value().to_string(), loc(*file, h.range_value())));
            }
            if let Some(metadata) = child(tp, "Metadata") {
                for item in children(metadata, "Item") {
                    let Some(key) = item.attribute("Key") else {
                        continue;
                    };
                    let value = item_val(*file, item);
                    match profile
                        .metadata
                        .iter_mut()
                        .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    {
                        Some((_, v)) => *v = value,
                        None => profile.metadata.push((key.to_string(), value)),
                    }
                }
            }
            for inc in children(tp, "IncludeTechnicalProfile") {
                if let Some(r) = inc.attribute("ReferenceId") {
                    profile.includes.push(r.trim().to_ascii_lowercase());
                }
            }
        }
    }
    for p in 0..profiles.len() {
        let (handler, metadata) = included(&profiles, &by_id, p);
        let profile = &profiles[p];
        let Some((handler, at)) = handler else {
            continue;
        };
        let body = vec![
            (
                "Id".to_string(),
                Val::new(ValKind::Str(profile.id.clone()), profile.id_loc),
            ),
            (
                "Handler".to_string(),
                Val::new(ValKind::Str(handler.clone()), Some(at)),
            ),
            (
                "Metadata".to_string(),
                Val::new(ValKind::Map(metadata), None),
            ),
        ];
        let short = handler_name(&handler).to_ascii_lowercase();
        found.push(Found {
            raw: raw(&short, handler_name(&handler), &profile.id, at),
            body: Val::new(ValKind::Map(body), Some(at)),
        });
    }

    // Journey telemetry.
    for &i in &order {
        let (file, doc) = &docs[i];
        let root = doc.root_element();
        let policy = root.attribute("PolicyId").unwrap_or("the policy");
        for ji in doc
            .descendants()
            .filter(|n| n.has_tag_name_local("JourneyInsights"))
        {
            let mut body: Vec<(String, Val)> = ji
                .attributes()
                .map(|a| (a.name().to_string(), attr_val(*file, a)))
                .collect();
            for name in ["DeploymentMode", "UserJourneyRecorderEndpoint"] {
                if let Some(a) = root.attribute_node(name) {
                    body.push((name.to_string(), attr_val(*file, a)));
                }
            }
            let start = ji.range().start + 1;
            let tag = loc(*file, start..start + tag_len(ji));
            found.push(Found {
                raw: raw("journeyinsights", "JourneyInsights", policy, tag),
                body: Val::new(ValKind::Map(body), Some(loc(*file, ji.range()))),
            });
        }
    }

    let (raw, bodies) = found.into_iter().map(|f| (f.raw, f.body)).unzip();
    let policies = Policies { raw, bodies };
    Lowered {
        resources: resolve(&policies),
        syntax_errors,
    }
}

/// The root of a policy's chain within the unit.
fn root_of(base_of: &[Option<usize>], mut i: usize) -> usize {
    for _ in 0..=base_of.len() {
        match base_of[i] {
            Some(b) => i = b,
            None => return i,
        }
    }
    i
}

/// A profile's handler and metadata with what it includes: its own items win, then those of
/// each included profile, nearest first.
fn included(
    profiles: &[Profile],
    by_id: &HashMap<String, usize>,
    p: usize,
) -> (Option<Handler>, Vec<(String, Val)>) {
    let mut handler = None;
    let mut metadata: Vec<(String, Val)> = Vec::new();
    let mut queue = vec![p];
    let mut seen = vec![p];
    while let Some(at) = queue.pop() {
        let profile = &profiles[at];
        if handler.is_none() {
            handler.clone_from(&profile.handler);
        }
        for (k, v) in &profile.metadata {
            if !metadata.iter().any(|(m, _)| m.eq_ignore_ascii_case(k)) {
                metadata.push((k.clone(), v.clone()));
            }
        }
        for inc in &profile.includes {
            if let Some(&next) = by_id.get(inc) {
                if !seen.contains(&next) && seen.len() <= MAX_INCLUDES {
                    seen.push(next);
                    queue.insert(0, next);
                }
            }
        }
    }
    (handler, metadata)
}

/// How long an element's tag name is as written (with its prefix).
fn tag_len(node: Node) -> usize {
    let name = node.tag_name();
    match node.lookup_prefix(name.namespace().unwrap_or("")) {
        Some(prefix) if !prefix.is_empty() => prefix.len() + 1 + name.name().len(),
        _ => name.name().len(),
    }
}

/// An attribute's value, at its text.
fn attr_val(file: FileId, a: roxmltree::Attribute) -> Val {
    let at = Loc {
        file,
        range: range_of(a.range_value()),
    };
    let mut v = Val::new(ValKind::Str(a.value().to_string()), Some(at));
    v.literal = Some(at);
    v
}

/// A metadata item's value, at its text (or at the item when it is empty).
fn item_val(file: FileId, item: Node) -> Val {
    let text = item.children().find(|c| c.is_text());
    let range = text.map_or(item.range(), |t| t.range());
    let value = item.text().unwrap_or("").trim().to_string();
    Val::new(
        ValKind::Str(value),
        Some(Loc {
            file,
            range: range_of(range),
        }),
    )
}

fn raw(type_key: &str, type_name: &str, name: &str, decl: Loc) -> RawResource {
    RawResource {
        type_ref: TypeRef::B2c(type_key.to_string()),
        type_name: type_name.to_string(),
        name: name.trim().to_string(),
        decl,
        name_ranges: Vec::new(),
        declaration: Declaration::Managed,
        scope: 0,
    }
}

/// A node test by local name, whatever the namespace.
trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

struct Policies {
    raw: Vec<RawResource>,
    bodies: Vec<Val>,
}

impl Evaluated for Policies {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        self.bodies.get(res)?.at_steps(path).cloned()
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        self.raw
            .get(res)
            .map(|r| vec![r.name.clone()])
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::syntax::TextRange;

    fn text_at(text: &str, range: TextRange) -> &str {
        &text[range.as_range()]
    }

    #[test]
    fn recognises_the_root_element_only() {
        assert!(is_custom_policy(
            "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<!-- a -->\n<TrustFrameworkPolicy xmlns=\"x\" PolicyId=\"B2C_1A_a\">"
        ));
        assert!(is_custom_policy("<cpim:TrustFrameworkPolicy>"));
        assert!(!is_custom_policy("<TrustFrameworkPolicyX>"));
        assert!(!is_custom_policy(
            "<Project><TrustFrameworkPolicy/></Project>"
        ));
        assert!(!is_custom_policy("<TrustFrameworkPolicy"));
        assert!(!is_custom_policy("{\"TrustFrameworkPolicy\": 1}"));
    }

    #[test]
    fn reads_the_header() {
        let h = header("<TrustFrameworkPolicy PolicyId=\" B2C_1A_rp \" TenantId=\"t.onmicrosoft.com\"><BasePolicy><TenantId>t</TenantId><PolicyId>B2C_1A_ext</PolicyId></BasePolicy></TrustFrameworkPolicy>").unwrap();
        assert_eq!(h.policy_id, "B2C_1A_rp");
        assert_eq!(h.base.as_deref(), Some("B2C_1A_ext"));
        assert_eq!(h.tenant.as_deref(), Some("t.onmicrosoft.com"));
    }

    #[test]
    fn links_each_policy_to_its_nearest_base() {
        let h = |id: &str, base: Option<&str>| Header {
            policy_id: id.into(),
            base: base.map(Into::into),
            tenant: Some("t.onmicrosoft.com".into()),
        };
        let (base_a, base_b) = (h("B2C_1A_Base", None), h("B2C_1A_Base", None));
        let (ext_a, ext_c) = (
            h("B2C_1A_Ext", Some("b2c_1a_base")),
            h("B2C_1A_Ext", Some("B2C_1A_Base")),
        );
        let rp = h("B2C_1A_RP", Some("B2C_1A_Ext"));
        let p = std::path::Path::new;
        let policies = [
            (p("a/base.xml"), Some(&base_a)),
            (p("b/base.xml"), Some(&base_b)),
            (p("a/ext.xml"), Some(&ext_a)),
            // Two bases, neither nearer: no guess.
            (p("c/ext.xml"), Some(&ext_c)),
            // One candidate, in another folder: linked.
            (p("a/rp/rp.xml"), Some(&rp)),
            (p("a/bad.xml"), None),
        ];
        assert_eq!(
            link_bases(&policies),
            [None, None, Some(0), None, Some(2), None]
        );
    }

    #[test]
    fn handler_names() {
        assert_eq!(
            handler_name("Web.TPEngine.Providers.PhoneFactorProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"),
            "PhoneFactorProtocolProvider"
        );
        assert_eq!(
            handler_name(
                "Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider, Web.TPEngine"
            ),
            "AzureApplicationInsightsProvider"
        );
    }

    const BASE: &str = r#"<TrustFrameworkPolicy PolicyId="B2C_1A_Base">
  <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
    <TechnicalProfile Id="AzureMfa-Base">
      <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureMfaProtocolProvider, Web.TPEngine" />
      <CryptographicKeys><Key Id="k" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" /></CryptographicKeys>
    </TechnicalProfile>
    <TechnicalProfile Id="AzureMfa-SendSms">
      <Metadata><Item Key="Operation">Verify</Item></Metadata>
      <IncludeTechnicalProfile ReferenceId="AzureMfa-Base" />
    </TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
</TrustFrameworkPolicy>"#;

    const EXT: &str = r#"<TrustFrameworkPolicy PolicyId="B2C_1A_Ext">
  <BasePolicy><PolicyId>b2c_1a_base</PolicyId></BasePolicy>
  <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
    <TechnicalProfile Id="AzureMfa-SendSms">
      <Metadata><Item Key="Operation">OneWaySMS</Item></Metadata>
      <CryptographicKeys><Key Id="k" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" /></CryptographicKeys>
    </TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <RelyingParty><UserJourneyBehaviors><JourneyInsights TelemetryEngine="ApplicationInsights" InstrumentationKey="00000000-0000-0000-0000-000000000000" DeveloperMode="true" /></UserJourneyBehaviors></RelyingParty>
</TrustFrameworkPolicy>"#;

    fn lowered() -> (Project, Vec<(String, String, Val)>) {
        // The derived file first: order on disk does not matter.
        let project = crate::model::testing::project(&[
            ("ext.xml", EXT, FileKind::B2cPolicy),
            ("base.xml", BASE, FileKind::B2cPolicy),
        ]);
        let captured = std::cell::RefCell::new(Vec::new());
        let resolve = |e: &dyn Evaluated| {
            for (i, r) in e.resources().iter().enumerate() {
                let TypeRef::B2c(t) = &r.type_ref else {
                    panic!()
                };
                captured
                    .borrow_mut()
                    .push((t.clone(), r.name.clone(), e.value(i, &[]).unwrap()));
            }
            Vec::new()
        };
        let lowered = lower(&project, &[0, 1], &resolve);
        assert!(lowered.syntax_errors.is_empty());
        (project, captured.into_inner())
    }

    #[test]
    fn lowers_a_chain() {
        let (project, found) = lowered();
        let types: Vec<(&str, &str)> = found
            .iter()
            .map(|(t, n, _)| (t.as_str(), n.as_str()))
            .collect();
        assert_eq!(
            types,
            [
                ("trustframeworkpolicy", "B2C_1A_Base"),
                ("key", "B2C_1A_TokenSigningKeyContainer"),
                ("azuremfaprotocolprovider", "AzureMfa-Base"),
                ("azuremfaprotocolprovider", "AzureMfa-SendSms"),
                ("journeyinsights", "B2C_1A_Ext"),
            ]
        );
        // The set names both policies; the key is counted twice.
        assert_eq!(found[0].2.get("Policies").unwrap().items().len(), 2);
        assert_eq!(
            found[1].2.get("References").unwrap().kind,
            ValKind::Num(2.0)
        );
        // The derived file's operation wins, at its text in ext.xml; the handler is included.
        let op = found[3].2.path(&["Metadata", "Operation"]).unwrap();
        assert_eq!(op.as_str(), Some("OneWaySMS"));
        let at = op.loc.unwrap();
        assert_eq!(at.file, 0);
        assert_eq!(text_at(EXT, at.range), "OneWaySMS");
        let handler = found[3].2.get("Handler").unwrap().loc.unwrap();
        assert_eq!(handler.file, 1);
        assert!(text_at(BASE, handler.range).starts_with("Web.TPEngine.Providers.AzureMfa"));
        let ji = &found[4].2;
        assert_eq!(ji.get("DeveloperMode").unwrap().as_str(), Some("true"));
        let _ = project;
    }

    #[test]
    fn a_broken_file_is_one_syntax_error() {
        let project = crate::model::testing::project(&[(
            "x.xml",
            "<TrustFrameworkPolicy PolicyId=\"a\">\n<Open>\n</TrustFrameworkPolicy>",
            FileKind::B2cPolicy,
        )]);
        let lowered = lower(&project, &[0], &|_: &dyn Evaluated| Vec::new());
        assert_eq!(lowered.syntax_errors.len(), 1);
    }
}
