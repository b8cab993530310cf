//! Where a PTCE is: its commune code resolved through the shipped COG ([`super::cog`]), the
//! department and region derived from it (the study's own values win), the representative
//! point and the commune's density (`commune_density`, inhabitants per km² from the shipped
//! legal population and geodesic area: *not* INSEE's grille communale de densité).

use super::cog::{resolve_commune, ResolveError};
use super::geography::{Geography, GeographyError};
use crate::model::Ptce;

/// The place of one PTCE (the columns `commune_resolved` … `commune_density` of
/// `tables/territories.csv`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    /// Today's commune code (`74010` for `74011`), when the code resolves.
    pub commune_resolved: Option<String>,
    /// Today's commune name.
    pub commune_name: Option<String>,
    /// Department: the study's `department` when given, else derived from the commune.
    pub department: Option<String>,
    /// Region name: the study's `region` when given, else derived from the commune (empty for an
    /// overseas collectivity, which has no region).
    pub region: Option<String>,
    /// Representative point of today's commune, WGS 84 longitude (degrees).
    pub lon: Option<f64>,
    /// Representative point of today's commune, WGS 84 latitude (degrees).
    pub lat: Option<f64>,
    /// Inhabitants per km² of today's commune (legal population / geodesic area).
    pub commune_density: Option<f64>,
    /// How the code was resolved when it is not today's commune, or why it does not resolve.
    pub note: Option<String>,
}

/// The place of a PTCE.
///
/// # Arguments
/// * `ptce` - the PTCE (its `commune_code`, `department`, `region`).
/// * `geo` - the shipped geography, or why it could not be read (then only the study's own
///   values are kept).
///
/// # Returns
/// The [`Place`]; a code that does not resolve leaves the derived fields empty and says why in
/// `note`.
///
/// # Complexity
/// O(log n) for n communes.
pub fn place_of(ptce: &Ptce, geo: Result<&Geography, &GeographyError>) -> Place {
    let mut place = Place {
        department: ptce.department.clone(),
        region: ptce.region.clone(),
        ..Place::default()
    };
    let Some(code) = ptce.commune_code.as_deref() else {
        return place;
    };
    let geo = match geo {
        Ok(g) => g,
        Err(e) => {
            place.note = Some(e.to_string());
            return place;
        }
    };
    match resolve_commune(geo, code) {
        Ok(r) => {
            let c = r.commune;
            let dep = geo.department(&c.department);
            place.commune_resolved = Some(c.code.clone());
            place.commune_name = Some(c.name.clone());
            place.department.get_or_insert_with(|| c.department.clone());
            if place.region.is_none() {
                place.region = dep
                    .filter(|d| d.zone != "com")
                    .map(|d| d.region_name.clone())
                    .filter(|n| !n.is_empty());
            }
            place.lon = c.point.map(|p| p.0);
            place.lat = c.point.map(|p| p.1);
            place.commune_density = Geography::density(c);
            place.note = r.note;
        }
        Err(e @ (ResolveError::Unknown(_) | ResolveError::NotACode(_))) => {
            place.note = Some(e.to_string());
        }
    }
    place
}

/// Department code in canonical form for comparison: upper case, one digit padded (`7` → `07`).
pub fn canonical_department(s: &str) -> String {
    let t = s.trim().to_uppercase();
    if t.len() == 1 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{t}")
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::super::geography::geography;
    use super::*;

    fn ptce(code: Option<&str>, dep: Option<&str>) -> Ptce {
        Ptce {
            ptce_id: "p".into(),
            name: "p".into(),
            commune_code: code.map(String::from),
            department: dep.map(String::from),
            region: None,
            density_level: None,
            legal_form: None,
            founded: None,
        }
    }

    #[test]
    fn derived_unless_given() {
        let geo = geography();
        let p = place_of(&ptce(Some("74011"), None), geo.as_ref().map(|g| *g));
        assert_eq!(p.commune_resolved.as_deref(), Some("74010"));
        assert_eq!(p.commune_name.as_deref(), Some("Annecy"));
        assert_eq!(p.department.as_deref(), Some("74"));
        assert_eq!(p.region.as_deref(), Some("Auvergne-Rhône-Alpes"));
        assert!(p.note.unwrap().starts_with("74011 (Annecy-le-Vieux"));
        let d = p.commune_density.unwrap();
        assert!((500.0..3000.0).contains(&d), "{d}");
        let p = place_of(&ptce(Some("97411"), Some("974")), geo.as_ref().map(|g| *g));
        assert_eq!(
            (p.commune_name.as_deref(), p.region.as_deref()),
            (Some("Saint-Denis"), Some("La Réunion"))
        );
        let p = place_of(&ptce(Some("99999"), Some("99")), geo.as_ref().map(|g| *g));
        assert_eq!(p.commune_resolved, None);
        assert_eq!(p.department.as_deref(), Some("99"));
        assert!(p.note.unwrap().contains("does not exist"));
        let p = place_of(&ptce(Some("97701"), None), geo.as_ref().map(|g| *g));
        assert_eq!((p.department.as_deref(), p.region), (Some("977"), None));
        assert!(p.note.unwrap().contains("overseas collectivity"));
        assert_eq!(
            place_of(&ptce(None, None), geo.as_ref().map(|g| *g)),
            Place::default()
        );
        assert_eq!(canonical_department(" 7"), "07");
        assert_eq!(canonical_department("2a"), "2A");
    }
}
