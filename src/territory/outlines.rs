//! Simplified department outlines shipped for the map figure
//! (`assets/geography/department_outlines.tsv.gz`, built by `tools/geography/build.py`): the
//! union of the communes' IGN ADMIN EXPRESS outlines per department, simplified to about 1 km,
//! islets dropped, exterior rings only. Coordinates are **unprojected WGS 84** longitude and
//! latitude in degrees; the figure chooses the projection (and the insets of the overseas
//! departments).

use std::io::Read;
use std::sync::OnceLock;

use super::geography::GeographyError;

/// The shipped outlines (gzipped TSV: department, part, ring as `lon,lat` pairs).
static OUTLINES_GZ: &[u8] = include_bytes!("../../assets/geography/department_outlines.tsv.gz");

/// The outline of one department: one ring per part (mainland, islands).
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentOutline {
    /// Department code (`07`, `2A`, `974`).
    pub department: String,
    /// Closed rings of `(lon, lat)` in WGS 84 degrees (first point = last point).
    pub rings: Vec<Vec<(f64, f64)>>,
}

fn bad(line: usize, reason: &str) -> GeographyError {
    GeographyError::BadRow {
        line,
        reason: reason.to_string(),
    }
}

/// Parses the outlines TSV (header line first).
///
/// # Arguments
/// * `text` - the decompressed `department_outlines.tsv`.
///
/// # Returns
/// One outline per department, in the file's order (sorted by code), or the first bad row.
///
/// # Complexity
/// O(size of the text).
pub fn parse_outlines(text: &str) -> Result<Vec<DepartmentOutline>, GeographyError> {
    let mut out: Vec<DepartmentOutline> = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split('\t');
        let (Some(dep), Some(_part), Some(ring), None) = (f.next(), f.next(), f.next(), f.next())
        else {
            return Err(bad(i + 1, "expected 3 columns"));
        };
        let mut points = Vec::new();
        for pair in ring.split(' ') {
            let (x, y) = pair
                .split_once(',')
                .ok_or_else(|| bad(i + 1, "expected lon,lat"))?;
            let x: f64 = x.parse().map_err(|_| bad(i + 1, "bad longitude"))?;
            let y: f64 = y.parse().map_err(|_| bad(i + 1, "bad latitude"))?;
            points.push((x, y));
        }
        match out.last_mut() {
            Some(last) if last.department == dep => last.rings.push(points),
            _ => out.push(DepartmentOutline {
                department: dep.to_string(),
                rings: vec![points],
            }),
        }
    }
    Ok(out)
}

/// The shipped department outlines, decompressed and parsed on first use (then shared, like
/// [`super::geography::geography`]): the map figure and the report's map read them once per run.
///
/// # Returns
/// One [`DepartmentOutline`] per department with an outline (the 101 departments; not the
/// overseas collectivities), sorted by code.
///
/// # Complexity
/// O(size of the file) on first use, O(1) afterwards.
pub fn department_outlines() -> Result<&'static [DepartmentOutline], GeographyError> {
    static OUTLINES: OnceLock<Result<Vec<DepartmentOutline>, GeographyError>> = OnceLock::new();
    OUTLINES
        .get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(OUTLINES_GZ)
                .read_to_string(&mut text)
                .map_err(|e| GeographyError::Decompress(e.to_string()))?;
            parse_outlines(&text)
        })
        .as_deref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_department_has_a_closed_outline() {
        let all = department_outlines().unwrap();
        assert_eq!(all.len(), 101);
        assert_eq!(all[0].department, "01");
        let corsica = all.iter().find(|d| d.department == "2A").unwrap();
        for ring in all.iter().flat_map(|d| &d.rings) {
            assert!(ring.len() >= 4 && ring.first() == ring.last());
        }
        assert!(corsica.rings[0]
            .iter()
            .all(|&(x, y)| (8.4..9.7).contains(&x) && (41.3..42.5).contains(&y)));
        assert!(parse_outlines("h\n01\t0\n").is_err());
        assert!(parse_outlines("h\n01\t0\t1,2 x\n").is_err());
    }
}
