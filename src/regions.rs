//! The Azure region catalog and the boundary profiles that decide what counts as Europe.
//!
//! The catalog is `src/regions.json`, a copy of `shared/reference/azure-regions.json`: every
//! public-cloud location from `az account list-locations` (cached by
//! Azure/terraform-azurerm-avm-utl-regions `modules/cached-data/locations.tf.json`, commit
//! 9064b20b) cross-checked with learn.microsoft.com/azure/reliability/regions-list (ms.date
//! 09/23/2025). Each entry keeps its `source`. `eu_data_boundary` is derived from the datacenter's
//! country being an EU or EFTA member (MicrosoftDocs/entra-docs
//! `docs/fundamentals/data-storage-eu.md`: "within the EU Data Boundary (members of the EU and
//! EFTA)").

use std::sync::OnceLock;

use serde::Deserialize;

/// One catalog entry.
#[derive(Clone, Debug, Deserialize)]
pub struct Region {
    /// Programmatic name: `westeurope`.
    pub name: String,
    /// `West Europe`.
    pub display_name: String,
    /// `Physical` (a datacenter region) or `Logical` (a geography alias or staging endpoint).
    pub region_type: String,
    /// `Europe`, `United States`, `France`...; `None` for most logical locations.
    pub geography: Option<String>,
    /// `Europe`, `UK`, `US`, `Asia Pacific`...
    pub geography_group: Option<String>,
    pub physical_location: Option<String>,
    /// EU + EFTA datacenter; `None` for logical locations.
    pub eu_data_boundary: Option<bool>,
    pub source: String,
    pub verified: bool,
}

impl Region {
    pub fn is_physical(&self) -> bool {
        self.region_type == "Physical"
    }

    /// `East US, United States` — for messages.
    pub fn describe(&self) -> String {
        match &self.geography {
            Some(geo) if !self.display_name.contains(geo.as_str()) => {
                format!("{}, {}", self.display_name, geo)
            }
            _ => self.display_name.clone(),
        }
    }
}

/// The catalog, parsed once.
pub struct Catalog {
    regions: Vec<Region>,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The compiled-in catalog.
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(|| {
        let regions: Vec<Region> = serde_json::from_str(include_str!("regions.json"))
            .expect("src/regions.json is valid (checked by a unit test)");
        Catalog { regions }
    })
}

/// Where a physical region's datacenters are, as latitude and longitude in degrees: for the
/// inventory's map. From `src/region_coordinates.json`, the `metadata.latitude` and
/// `metadata.longitude` of the cached `az account list-locations` output that
/// `src/regions.json` cites (Azure/terraform-azurerm-avm-utl-regions at 9064b20,
/// `modules/cached-data/locations.tf.json`). `None` for a region that output does not place
/// (`swedensouth`) and for logical locations.
pub fn coordinates(name: &str) -> Option<(f64, f64)> {
    #[derive(Deserialize)]
    struct File {
        regions: std::collections::HashMap<String, (f64, f64)>,
    }
    static COORDINATES: OnceLock<std::collections::HashMap<String, (f64, f64)>> = OnceLock::new();
    COORDINATES
        .get_or_init(|| {
            serde_json::from_str::<File>(include_str!("region_coordinates.json"))
                .map(|f| f.regions)
                .expect("src/region_coordinates.json is valid (checked by a unit test)")
        })
        .get(name)
        .copied()
}

/// Normalises a location as Terraform's azurerm provider does (go-azure-helpers
/// `resourcemanager/location/normalize.go`): lower-case, every space removed.
/// `"West Europe"`, `"westeurope"` and `"WestEurope"` all become `westeurope`.
pub fn normalize(location: &str) -> String {
    location
        .chars()
        .filter(|c| *c != ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

impl Catalog {
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// Finds a location by programmatic or display name, normalised.
    pub fn lookup(&self, location: &str) -> Option<&Region> {
        let key = normalize(location);
        self.regions.iter().find(|r| r.name == key).or_else(|| {
            self.regions
                .iter()
                .find(|r| normalize(&r.display_name) == key)
        })
    }

    /// The physical regions a logical location stands for: those whose geography is the
    /// logical location's display name (`france` → `francecentral`, `francesouth`;
    /// `europe` → `westeurope`, `northeurope`). Empty when none matches (`global`).
    pub fn members<'a>(&'a self, logical: &'a Region) -> impl Iterator<Item = &'a Region> + 'a {
        self.regions.iter().filter(move |r| {
            r.is_physical()
                && r.geography
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(&logical.display_name))
        })
    }

    /// The physical region nearest in spelling to `location`, for did-you-mean. `None` when
    /// nothing is close enough to be a plausible typo.
    pub fn suggest(&self, location: &str) -> Option<&Region> {
        self.suggest_with_ambiguity(location).map(|(r, _)| r)
    }

    /// Like [`Catalog::suggest`], and whether the suggestion is unambiguous: no other region is
    /// as near (`uknorth` is as near to `uksouth` as to `uaenorth`).
    pub fn suggest_with_ambiguity(&self, location: &str) -> Option<(&Region, bool)> {
        let key: String = normalize(location)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        if key.is_empty() {
            return None;
        }
        let physical: Vec<&Region> = self.regions.iter().filter(|r| r.is_physical()).collect();
        nearest(&key, physical.len(), |i| {
            vec![
                physical[i].name.clone(),
                normalize(&physical[i].display_name),
            ]
        })
        .map(|(i, unambiguous)| (physical[i], unambiguous))
    }
}

/// Which of `count` candidates is nearest in spelling to `word` (by the nearest of each one's
/// `spellings`), when it is a plausible typo rather than a different word (at most a third of
/// the word differs); with whether it is unambiguous (no other candidate is as near). The one
/// did-you-mean of regions, rule codes and configuration keys.
pub fn nearest(
    word: &str,
    count: usize,
    spellings: impl Fn(usize) -> Vec<String>,
) -> Option<(usize, bool)> {
    let mut best: Option<(usize, usize)> = None;
    let mut tied = false;
    for i in 0..count {
        let d = spellings(i)
            .iter()
            .map(|s| edit_distance(word, s))
            .min()
            .unwrap_or(usize::MAX);
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tied = true,
            _ => {
                best = Some((d, i));
                tied = false;
            }
        }
    }
    let (distance, i) = best?;
    (distance <= (word.chars().count() / 3).max(1)).then_some((i, !tied))
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Which regions count as inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// Every region in a European geography, the United Kingdom, Switzerland and Norway
    /// included: what Microsoft calls "Europe" for Entra data.
    Europe,
    /// EU and EFTA datacenters only (the EU Data Boundary).
    EuDataBoundary,
    /// An explicit list of regions (normalised names).
    Custom(Vec<String>),
}

impl Boundary {
    /// `europe`, `eu-data-boundary`, `custom`.
    pub fn id(&self) -> &'static str {
        match self {
            Boundary::Europe => "europe",
            Boundary::EuDataBoundary => "eu-data-boundary",
            Boundary::Custom(_) => "custom",
        }
    }

    /// For messages: "outside Europe".
    pub fn outside_phrase(&self) -> &'static str {
        match self {
            Boundary::Europe => "outside Europe",
            Boundary::EuDataBoundary => "outside the EU Data Boundary",
            Boundary::Custom(_) => "outside the allowed regions",
        }
    }

    /// For messages: "move it to a European region".
    pub fn target_phrase(&self) -> &'static str {
        match self {
            Boundary::Europe => "a European region",
            Boundary::EuDataBoundary => "a region inside the EU Data Boundary",
            Boundary::Custom(_) => "one of the allowed regions",
        }
    }

    /// Whether data in `region` stays inside the boundary. A logical location is inside when
    /// it stands for at least one physical region and all of them are inside.
    pub fn contains(&self, region: &Region) -> bool {
        if region.is_physical() {
            return self.contains_physical(region);
        }
        let mut members = catalog().members(region).peekable();
        members.peek().is_some() && members.all(|r| self.contains_physical(r))
    }

    fn contains_physical(&self, region: &Region) -> bool {
        match self {
            Boundary::Europe => matches!(region.geography_group.as_deref(), Some("Europe" | "UK")),
            Boundary::EuDataBoundary => region.eu_data_boundary == Some(true),
            Boundary::Custom(allowed) => allowed.iter().any(|a| normalize(a) == region.name),
        }
    }
}

/// The data residency locations a B2C or External ID tenant accepts (not ARM regions):
/// bicep-types-az `microsoft.azureactivedirectory` types ("Can be one of 'United States',
/// 'Europe', 'Asia Pacific', or 'Australia'"); terraform-provider-azurerm
/// `aadb2c_directory_resource.go` also accepts `Global`.
pub const TENANT_LOCATIONS: &[&str] = &[
    "United States",
    "Europe",
    "Asia Pacific",
    "Australia",
    "Global",
];

/// The tenant location a value names, matched after normalisation (ARM compares
/// case-insensitively; azurerm compares exactly, which EU091 reports separately).
pub fn tenant_location(value: &str) -> Option<&'static str> {
    let key = normalize(value);
    TENANT_LOCATIONS
        .iter()
        .copied()
        .find(|t| normalize(t) == key)
}

/// ISO 3166-1 alpha-2 codes of the EU member states and the EFTA states, the countries of the
/// EU Data Boundary (MicrosoftDocs/entra-docs `docs/fundamentals/data-storage-eu.md`: "members of
/// the EU and EFTA"). EU: european-union.europa.eu "Country profiles" (27 members since
/// 2020-02-01); EFTA: efta.int "The EFTA States" (Iceland, Liechtenstein, Norway, Switzerland).
pub const EU_EFTA_COUNTRIES: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", // EU
    "IS", "LI", "NO", "CH", // EFTA
];

pub fn is_eu_efta_country(code: &str) -> bool {
    EU_EFTA_COUNTRIES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(code.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn physical_regions_have_coordinates_on_the_globe() {
        let physical: Vec<&Region> = catalog()
            .regions()
            .iter()
            .filter(|r| r.is_physical())
            .collect();
        let placed = physical
            .iter()
            .filter(|r| coordinates(&r.name).is_some())
            .count();
        assert!(
            placed + 1 >= physical.len(),
            "{placed} of {}",
            physical.len()
        );
        let (lat, lon) = coordinates("westeurope").unwrap();
        // Amsterdam.
        assert!(
            (52.0..53.0).contains(&lat) && (4.0..5.5).contains(&lon),
            "{lat} {lon}"
        );
        for r in &physical {
            if let Some((lat, lon)) = coordinates(&r.name) {
                assert!(
                    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
                    "{}",
                    r.name
                );
            }
        }
        assert_eq!(coordinates("europe"), None);
    }

    #[test]
    fn catalog_parses_with_sources() {
        let cat = catalog();
        assert_eq!(cat.regions().len(), 103);
        assert!(cat.regions().iter().all(|r| !r.source.is_empty()));
    }

    #[test]
    fn normalises_as_terraform() {
        assert_eq!(normalize("West Europe"), "westeurope");
        assert_eq!(normalize("NorthEurope"), "northeurope");
        assert_eq!(normalize("west europe"), "westeurope");
        for form in ["West Europe", "westeurope", "WestEurope", "WEST EUROPE"] {
            assert_eq!(catalog().lookup(form).unwrap().name, "westeurope", "{form}");
        }
        assert_eq!(catalog().lookup("East US 2").unwrap().name, "eastus2");
        assert!(catalog().lookup("west-europe").is_none());
        assert!(catalog().lookup("weu").is_none());
    }

    #[test]
    fn europe_profile() {
        let b = Boundary::Europe;
        let inside = |n: &str| b.contains(catalog().lookup(n).unwrap());
        for n in [
            "westeurope",
            "northeurope",
            "uksouth",
            "switzerlandnorth",
            "norwayeast",
            "swedencentral",
        ] {
            assert!(inside(n), "{n}");
        }
        for n in [
            "eastus",
            "eastus2",
            "australiaeast",
            "uaenorth",
            "israelcentral",
            "global",
            "unitedstates",
        ] {
            assert!(!inside(n), "{n}");
        }
        // Logical locations stand for their geography's physical regions.
        assert!(inside("europe"));
        assert!(inside("uk"));
        assert!(inside("france"));
        assert!(!inside("asiapacific"));
        assert!(!inside("australia"));
    }

    #[test]
    fn eu_data_boundary_profile() {
        let b = Boundary::EuDataBoundary;
        let inside = |n: &str| b.contains(catalog().lookup(n).unwrap());
        assert!(inside("westeurope"));
        assert!(inside("switzerlandnorth"));
        assert!(!inside("uksouth"));
        assert!(!inside("uk"));
        assert!(inside("europe"));
        assert!(!inside("eastus"));
    }

    #[test]
    fn custom_profile() {
        let b = Boundary::Custom(vec!["West Europe".into(), "germanywestcentral".into()]);
        assert!(b.contains(catalog().lookup("westeurope").unwrap()));
        assert!(!b.contains(catalog().lookup("northeurope").unwrap()));
        assert!(!b.contains(catalog().lookup("europe").unwrap()));
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(catalog().suggest("westeurpe").unwrap().name, "westeurope");
        assert_eq!(catalog().suggest("west-europe").unwrap().name, "westeurope");
        assert_eq!(catalog().suggest("eastuss2").unwrap().name, "eastus2");
        assert_eq!(
            catalog().suggest("Nort Europe").unwrap().name,
            "northeurope"
        );
        assert!(catalog().suggest("weu").is_none());
        assert!(catalog().suggest_with_ambiguity("westeurpe").unwrap().1);
        assert!(!catalog().suggest_with_ambiguity("uknorth").unwrap().1);
        assert!(catalog().suggest("banana").is_none());
    }

    #[test]
    fn tenant_vocabulary() {
        assert_eq!(tenant_location("United States"), Some("United States"));
        assert_eq!(tenant_location("europe"), Some("Europe"));
        assert_eq!(tenant_location("AsiaPacific"), Some("Asia Pacific"));
        assert_eq!(tenant_location("westeurope"), None);
        assert!(is_eu_efta_country("de"));
        assert!(is_eu_efta_country("CH"));
        assert!(!is_eu_efta_country("GB"));
        assert!(!is_eu_efta_country("TR"));
        assert_eq!(EU_EFTA_COUNTRIES.len(), 31);
    }
}
