//! Resolution of a commune code of any year to today's commune, through the shipped COG
//! ([`super::geography`]): current commune; municipal arrondissement → its commune; *commune
//! déléguée* or *associée* → its current commune; former code (a commune merged into a
//! *commune nouvelle*, Corsica's `20xxx` before 1976) → its current commune. Rules and sources:
//! `docs/territory.md`.

use super::geography::{Commune, CommuneKind, Geography};
use super::insee::normalize;

/// How a code was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The code is a current commune.
    Current,
    /// A municipal arrondissement of Paris, Lyon or Marseille.
    Arrondissement,
    /// A *commune déléguée* of a *commune nouvelle*.
    Delegated,
    /// A *commune associée*.
    Associated,
    /// A former code listed by the current commune (merged commune, Corsica's `20xxx`).
    FormerCode,
}

/// A code resolved to today's commune.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'g> {
    /// The code as read (canonical: upper case, 5 characters).
    pub code: String,
    /// Today's commune.
    pub commune: &'g Commune,
    /// How.
    pub via: Via,
    /// A human-readable note when the code is an old one
    /// (`74011 (Annecy-le-Vieux, commune déléguée) → 74010 Annecy`), or when it lies in an
    /// overseas collectivity, outside the COG's departments. `None` for a current commune and
    /// for a municipal arrondissement (a code of today, whose commune `commune_resolved` shows).
    pub note: Option<String>,
}

/// Why a code does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Not 5 characters of a commune code.
    #[error("{0:?} is not a commune code")]
    NotACode(String),
    /// Well formed, but no commune of the shipped COG has (or had) this code.
    #[error("commune code {0} does not exist in the official geographic code (COG 2026) nor among its former codes")]
    Unknown(String),
}

/// Canonical form of a code ([`super::canonical_commune`]: trimmed, upper case, a dropped
/// leading zero restored; Corsica's former `20xxx` is well formed).
fn canonical(raw: &str) -> Option<String> {
    super::canonical_commune(raw)
}

/// Resolves a commune code of any year to today's commune.
///
/// # Arguments
/// * `geo` - the shipped geography ([`super::geography::geography`]).
/// * `raw` - the code as written (`74011`, `2a004`, `1053`, `20004`).
///
/// # Returns
/// [`Resolved`], or [`ResolveError`]: not a code, or a code that never existed. A former code
/// listed by several current communes (a commune split between them) resolves to the first by
/// code, and the note names the others.
///
/// # Complexity
/// O(log n).
///
/// # Examples
/// ```
/// use ptce::territory::{geography, resolve_commune};
/// let geo = geography().unwrap();
/// let r = resolve_commune(geo, "13201").unwrap();
/// assert_eq!(r.commune.code, "13055");
/// ```
pub fn resolve_commune<'g>(geo: &'g Geography, raw: &str) -> Result<Resolved<'g>, ResolveError> {
    let code = canonical(raw).ok_or_else(|| ResolveError::NotACode(raw.trim().to_string()))?;
    if let Some(c) = geo.current(&code) {
        let note = overseas_collectivity(geo, c);
        return Ok(Resolved {
            code,
            commune: c,
            via: Via::Current,
            note,
        });
    }
    let sub = geo.rows(&code).find(|c| c.kind != CommuneKind::Current);
    if let Some(row) = sub {
        if let Some(parent) = row.parent.as_deref().and_then(|p| geo.current(p)) {
            let via = match row.kind {
                CommuneKind::Arrondissement => Via::Arrondissement,
                CommuneKind::Associated => Via::Associated,
                _ => Via::Delegated,
            };
            let note = (via != Via::Arrondissement).then(|| {
                format!(
                    "{code} ({}, {}) → {} {}",
                    row.name,
                    row.kind.label(),
                    parent.code,
                    parent.name
                )
            });
            return Ok(Resolved {
                code,
                commune: parent,
                via,
                note,
            });
        }
    }
    let mut successors = geo.successors(&code);
    if let Some(first) = successors.next() {
        let others: Vec<String> = successors
            .map(|c| format!("{} {}", c.code, c.name))
            .collect();
        let mut note = format!("{code} (former code) → {} {}", first.code, first.name);
        if !others.is_empty() {
            note.push_str(&format!("; also listed by {}", others.join(", ")));
        }
        return Ok(Resolved {
            code,
            commune: first,
            via: Via::FormerCode,
            note: Some(note),
        });
    }
    Err(ResolveError::Unknown(code))
}

fn overseas_collectivity(geo: &Geography, c: &Commune) -> Option<String> {
    let d = geo.department(&c.department)?;
    (d.zone == "com").then(|| {
        format!(
            "{} {} is in {}, an overseas collectivity outside the COG's departments and regions",
            c.code, c.name, d.name
        )
    })
}

/// The department part of a code: 3 characters overseas (`974`), else 2 (`2A`, `07`); the
/// former Corsican `20` is kept as is.
pub fn department_of_code(code: &str) -> &str {
    let n = if code.starts_with("97") || code.starts_with("98") {
        3
    } else {
        2
    };
    code.get(..n).unwrap_or(code)
}

/// Levenshtein distance between two strings, by characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The communes of a department whose names are nearest to `name` (every row of the COG:
/// current communes, *communes déléguées*, arrondissements), for a code that does not exist.
///
/// # Arguments
/// * `geo` - the shipped geography.
/// * `department` - the department part of the bad code ([`department_of_code`]; `20` searches
///   both `2A` and `2B`).
/// * `name` - the commune name written next to the code.
/// * `k` - how many suggestions at most.
///
/// # Returns
/// Up to `k` rows, nearest first (edit distance on lower-case names without accents or
/// punctuation; ties by code). Empty when the department is unknown.
///
/// # Complexity
/// O(m · |name|²) for m communes of the department.
pub fn nearest_by_name<'g>(
    geo: &'g Geography,
    department: &str,
    name: &str,
    k: usize,
) -> Vec<&'g Commune> {
    let want = normalize(name);
    let deps: &[&str] = if department == "20" {
        &["2A", "2B"]
    } else {
        &[department]
    };
    let mut scored: Vec<(usize, &str, &Commune)> = geo
        .communes
        .iter()
        .filter(|c| deps.contains(&c.department.as_str()))
        .map(|c| (levenshtein(&want, &normalize(&c.name)), c.code.as_str(), c))
        .collect();
    scored.sort_by(|a, b| (a.0, a.1, a.2.kind).cmp(&(b.0, b.1, b.2.kind)));
    let mut out: Vec<&Commune> = Vec::new();
    for (_, _, c) in scored {
        if out.len() == k {
            break;
        }
        if !out.iter().any(|o| o.code == c.code) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::geography::geography;
    use super::*;

    fn resolve(code: &str) -> Resolved<'static> {
        resolve_commune(geography().unwrap(), code).unwrap()
    }

    #[test]
    fn delegated_commune_resolves_with_a_note() {
        let r = resolve("74011");
        assert_eq!((r.commune.code.as_str(), r.via), ("74010", Via::Delegated));
        assert_eq!(
            r.note.as_deref(),
            Some("74011 (Annecy-le-Vieux, commune déléguée) → 74010 Annecy")
        );
    }

    #[test]
    fn corsica_arrondissements_and_overseas() {
        let r = resolve("20004");
        assert_eq!((r.commune.code.as_str(), r.via), ("2A004", Via::FormerCode));
        assert_eq!(r.commune.name, "Ajaccio");
        assert_eq!(
            r.note.as_deref(),
            Some("20004 (former code) → 2A004 Ajaccio")
        );
        let r = resolve("13201");
        assert_eq!(
            (r.commune.code.as_str(), r.via),
            ("13055", Via::Arrondissement)
        );
        assert_eq!(r.note, None);
        assert_eq!(resolve("75108").commune.name, "Paris");
        assert_eq!(resolve("69381").commune.code, "69123");
        let r = resolve("97411");
        assert_eq!(
            (r.commune.name.as_str(), r.commune.department.as_str()),
            ("Saint-Denis", "974")
        );
        assert_eq!((r.via, r.note.as_ref()), (Via::Current, None));
        let r = resolve("97501");
        assert!(r.note.unwrap().contains("overseas collectivity"));
        assert_eq!(resolve(" 2b033 ").commune.name, "Bastia");
        assert_eq!(resolve("1053").commune.code, "01053");
    }

    #[test]
    fn unknown_codes_are_errors() {
        let geo = geography().unwrap();
        assert_eq!(
            resolve_commune(geo, "99999"),
            Err(ResolveError::Unknown("99999".into()))
        );
        assert!(matches!(
            resolve_commune(geo, "Paris"),
            Err(ResolveError::NotACode(_))
        ));
    }

    #[test]
    fn suggestions_by_name() {
        let geo = geography().unwrap();
        let s = nearest_by_name(geo, "74", "Anecy", 3);
        assert_eq!(s[0].code, "74010");
        assert!(s.len() <= 3);
        let s = nearest_by_name(geo, "20", "Ajacio", 1);
        assert_eq!(s[0].code, "2A004");
        assert!(nearest_by_name(geo, "00", "x", 3).is_empty());
        assert_eq!(department_of_code("97411"), "974");
        assert_eq!(department_of_code("2A004"), "2A");
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
