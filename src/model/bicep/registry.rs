//! Registry modules from the local restore cache: where `bicep restore` (or `bicep build`)
//! put a `br:` / `br/<alias>:` module, so that it can be checked with the values its caller
//! passes. Nothing is ever downloaded; a module not in the cache, and a template spec (`ts:`,
//! which lives in Azure), is reported as not followed, with that reason.
//!
//! The cache layout is Bicep's own (Azure/bicep, `src/Bicep.Core/Registry/OciArtifactRegistry.cs`
//! `GetArtifactDirectory`, `Registry/Oci/TagEncoder.cs`, `Features/FeatureProvider.cs`):
//! - the root is `cacheRootDirectory` of `bicepconfig.json`, else `~/.bicep`;
//! - a module is at `<root>/br/<registry>/<repository>/<tag or digest>/main.json` (its compiled
//!   ARM template), beside `manifest`, `metadata` and `lock`;
//! - `<registry>` is lower-cased, with `:` (a port) as `$`; `<repository>` has each `/` as `$`;
//! - a tag is written as itself, then `$`, then, when it has upper-case letters, a hexadecimal
//!   bit mask of their positions (bit `i` for character `i`, in two 64-bit words, the higher
//!   word first and only when non-zero, the lower then padded to 16 digits); a digest has its
//!   `:` as `#`.
//!
//! Aliases (`br/<alias>:<path>:<tag>`) are `moduleAliases.br.<alias>` of `bicepconfig.json`
//! (`registry`, optional `modulePath` put before the path), and `br/public` is built in:
//! registry `mcr.microsoft.com`, module path `bicep`
//! (<https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-config-modules>).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::syntax::json::{self, JsonValue};

/// What a module path that is not a local file names.
#[derive(Debug, PartialEq)]
pub(super) enum Remote {
    /// An OCI registry module: where its compiled template is in the restore cache, and its
    /// text.
    Registry {
        main_json: PathBuf,
        text: Arc<String>,
    },
    /// Not followed, and why.
    NotFollowed(String),
}

/// Where the module `reference` (as written, `br:...` or `br/...`, or `ts:...`) is in the
/// restore cache, for a file whose nearest `bicepconfig.json` is `config`. `load` reads the
/// cached template.
pub(super) fn locate(
    reference: &str,
    config: &BicepConfig,
    load: &dyn Fn(&Path) -> Option<Arc<String>>,
) -> Remote {
    let lower = reference.to_ascii_lowercase();
    if lower.starts_with("ts:") || lower.starts_with("ts/") {
        return Remote::NotFollowed(format!(
            "template spec module `{reference}` is kept in Azure, so it is not read (residency never downloads)"
        ));
    }
    let Some(root) = config.cache_root.clone().or_else(default_cache_root) else {
        return Remote::NotFollowed(format!(
            "registry module `{reference}`: no home folder is known, so the Bicep module cache cannot be found"
        ));
    };
    let oci = match parse(reference, config) {
        Ok(oci) => oci,
        Err(why) => return Remote::NotFollowed(format!("registry module `{reference}`: {why}")),
    };
    let folder = root
        .join("br")
        .join(oci.registry.replace(':', "$").to_ascii_lowercase())
        .join(oci.repository.replace('/', "$"))
        .join(match &oci.version {
            Version::Tag(tag) => encode_tag(tag),
            Version::Digest(digest) => digest.replace(':', "#"),
        });
    let main_json = folder.join("main.json");
    match load(&main_json) {
        Some(text) => Remote::Registry { main_json, text },
        None => Remote::NotFollowed(format!(
            "registry module `{reference}` is not restored in the local cache ({}); residency reads what `bicep restore` put there and never downloads",
            folder.display()
        )),
    }
}

/// An OCI module reference, aliases expanded.
#[derive(Debug, PartialEq)]
struct Oci {
    registry: String,
    repository: String,
    version: Version,
}

#[derive(Debug, PartialEq)]
enum Version {
    Tag(String),
    Digest(String),
}

/// `br:<registry>/<repository>(:<tag>|@<digest>)` or `br/<alias>:<path>(:<tag>|@<digest>)`.
fn parse(reference: &str, config: &BicepConfig) -> Result<Oci, String> {
    let (registry, rest) = if let Some(rest) = strip_prefix_ci(reference, "br:") {
        let (registry, rest) = rest
            .split_once('/')
            .ok_or("the reference has no repository after the registry")?;
        (registry.to_string(), rest.to_string())
    } else if let Some(rest) = strip_prefix_ci(reference, "br/") {
        let (alias, rest) = rest
            .split_once(':')
            .ok_or("the reference has no module path after the alias")?;
        let (registry, module_path) = config.alias(alias).ok_or_else(|| {
            format!("alias `{alias}` is not in moduleAliases.br of bicepconfig.json")
        })?;
        let rest = match module_path {
            Some(prefix) => format!("{}/{rest}", prefix.trim_end_matches('/')),
            None => rest.to_string(),
        };
        (registry, rest)
    } else {
        return Err("not a registry reference".into());
    };
    let (repository, version) = if let Some((repo, digest)) = rest.split_once('@') {
        (repo, Version::Digest(digest.to_string()))
    } else {
        let (repo, tag) = rest
            .rsplit_once(':')
            .ok_or("the reference has neither a tag nor a digest")?;
        (repo, Version::Tag(tag.to_string()))
    };
    // The parts become folder names: refuse what would leave the cache folder.
    let unsafe_part = |s: &str| s.is_empty() || s.contains("..") || s.contains('\\');
    let version_text = match &version {
        Version::Tag(t) | Version::Digest(t) => t.as_str(),
    };
    if unsafe_part(&registry)
        || unsafe_part(repository)
        || unsafe_part(version_text)
        || version_text.contains('/')
        || registry.contains('/')
    {
        return Err("the reference is not a valid registry, repository and tag".into());
    }
    Ok(Oci {
        registry,
        repository: repository.to_string(),
        version,
    })
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    (s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &s[prefix.len()..])
}

/// Bicep's `TagEncoder.Encode`: the tag, `$`, and the mask of its upper-case characters.
fn encode_tag(tag: &str) -> String {
    // OCI tags are ASCII ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}), so characters are bytes.
    let mut mask = [0u64; 2];
    for (i, b) in tag.bytes().enumerate().take(128) {
        if b.is_ascii_uppercase() {
            mask[i / 64] |= 1 << (i % 64);
        }
    }
    let mut out = format!("{tag}$");
    if mask[1] != 0 {
        out.push_str(&format!("{:x}{:016x}", mask[1], mask[0]));
    } else if mask[0] != 0 {
        out.push_str(&format!("{:x}", mask[0]));
    }
    out
}

/// What residency reads of the nearest `bicepconfig.json`.
#[derive(Default)]
pub(super) struct BicepConfig {
    cache_root: Option<PathBuf>,
    /// `moduleAliases.br`: alias → (registry, module path).
    aliases: Vec<(String, String, Option<String>)>,
}

impl BicepConfig {
    /// The `bicepconfig.json` nearest to `dir`, in it or a folder above, as Bicep looks it up.
    pub(super) fn find(dir: &Path, load: &dyn Fn(&Path) -> Option<Arc<String>>) -> BicepConfig {
        let start = crate::paths::absolute(dir);
        for folder in start.ancestors() {
            let path = folder.join("bicepconfig.json");
            if let Some(text) = load(&path) {
                return BicepConfig::read(&text);
            }
        }
        BicepConfig::default()
    }

    fn read(text: &str) -> BicepConfig {
        let parsed = json::parse(text);
        let Some(root) = parsed.value.as_ref() else {
            return BicepConfig::default();
        };
        let cache_root = root
            .get("cacheRootDirectory")
            .and_then(JsonValue::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(PathBuf::from);
        let mut aliases = Vec::new();
        if let Some(br) = root.path(&["moduleAliases", "br"]) {
            for m in br.members() {
                if let Some(registry) = m.value.get("registry").and_then(JsonValue::as_str) {
                    let module_path = m
                        .value
                        .get("modulePath")
                        .and_then(JsonValue::as_str)
                        .map(str::to_string);
                    aliases.push((m.key.to_string(), registry.to_string(), module_path));
                }
            }
        }
        BicepConfig {
            cache_root,
            aliases,
        }
    }

    /// The registry and module path of `alias` (`public` is built in, and may be redefined).
    fn alias(&self, alias: &str) -> Option<(String, Option<String>)> {
        if let Some((_, registry, path)) = self.aliases.iter().find(|(a, _, _)| a == alias) {
            return Some((registry.clone(), path.clone()));
        }
        (alias == "public").then(|| ("mcr.microsoft.com".to_string(), Some("bicep".to_string())))
    }
}

/// `~/.bicep`, Bicep's default cache root.
fn default_cache_root() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".bicep"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_encoded_as_bicep_does() {
        assert_eq!(encode_tag("1.0.0"), "1.0.0$");
        assert_eq!(encode_tag("v1"), "v1$");
        assert_eq!(encode_tag("V1"), "V1$1");
        assert_eq!(encode_tag("aB"), "aB$2");
        let long = format!("{}A", "a".repeat(64));
        assert_eq!(encode_tag(&long), format!("{long}$10000000000000000"));
    }

    #[test]
    fn references_with_aliases() {
        let config = BicepConfig::read(
            r#"{ "moduleAliases": { "br": { "corp": { "registry": "corp.azurecr.io:443", "modulePath": "infra/modules" } } } }"#,
        );
        assert_eq!(
            parse("br/public:avm/res/aad/domain-service:0.3.1", &config),
            Ok(Oci {
                registry: "mcr.microsoft.com".into(),
                repository: "bicep/avm/res/aad/domain-service".into(),
                version: Version::Tag("0.3.1".into()),
            })
        );
        assert_eq!(
            parse("br/corp:aadds:v2", &config).unwrap().repository,
            "infra/modules/aadds"
        );
        assert_eq!(
            parse("br:contoso.azurecr.io/bicep/aadds@sha256:abc", &config),
            Ok(Oci {
                registry: "contoso.azurecr.io".into(),
                repository: "bicep/aadds".into(),
                version: Version::Digest("sha256:abc".into()),
            })
        );
        assert!(parse("br/unknown:x:1", &config).is_err());
        assert!(parse("br:contoso.azurecr.io/x", &config).is_err());
        assert!(parse("br:contoso.azurecr.io/../../etc:1", &config).is_err());
    }

    #[test]
    fn a_module_is_found_in_the_cache_or_not() {
        let root = PathBuf::from("/cache");
        let config = format!(r#"{{ "cacheRootDirectory": "{}" }}"#, root.display());
        let expected =
            PathBuf::from("/cache/br/contoso.azurecr.io$5000/bicep$aadds/V1$1/main.json");
        let load = |p: &Path| -> Option<Arc<String>> {
            if p.ends_with("bicepconfig.json") && p.parent() == Some(Path::new("/work/app")) {
                Some(Arc::new(config.clone()))
            } else if p == expected {
                Some(Arc::new("{}".to_string()))
            } else {
                None
            }
        };
        let dir = &BicepConfig::find(Path::new("/work/app"), &load);
        assert_eq!(
            locate("br:Contoso.azurecr.io:5000/bicep/aadds:V1", dir, &load),
            Remote::Registry {
                main_json: expected.clone(),
                text: Arc::new("{}".to_string()),
            }
        );
        let Remote::NotFollowed(why) =
            locate("br:contoso.azurecr.io:5000/bicep/aadds:v1", dir, &load)
        else {
            panic!("a tag that is not in the cache was followed");
        };
        assert!(why.contains("is not restored in the local cache"), "{why}");
        let Remote::NotFollowed(why) = locate("ts:sub/rg/spec:1.0", dir, &load) else {
            panic!("a template spec was followed");
        };
        assert!(why.contains("template spec"), "{why}");
    }
}
