//! The organization pool: local organizations created for one PTCE, and shared ones (communes,
//! intercommunalities, departments, regions, chambers, universities, regional and national
//! networks) that several PTCEs draw from.
//!
//! A shared organization is identified by a *pool key* (e.g. `la:epci:Rennes Métropole`); its
//! attributes are drawn from its own stream, seeded from the key, so they do not depend on which
//! PTCE met it first. Ids (`ORG-000001`…) are given in order of first encounter, PTCE by PTCE, so
//! the first *k* PTCEs of a study are the same whatever the number of PTCEs.

#[cfg(test)]
use super::names::DEPARTMENTS;
use super::names::{self, of, render, GIVEN_NAMES, REGIONS, SURNAMES};
use super::rng::{Rng, DOMAIN_SHARED_ORG};
use super::templates::*;
use crate::model::{ActorType, Organization};
use crate::stats::rng::fnv1a;
use std::collections::HashMap;

/// Where a shared organization is anchored.
#[derive(Clone, Copy)]
enum Scope {
    Department(usize),
    Region(usize),
    National,
}

/// The organizations met so far, and those created but not written yet.
pub(crate) struct OrgPool {
    seed: u64,
    next: u32,
    shared: HashMap<String, (u32, ActorType)>,
    pending: Vec<Organization>,
}

/// The written id of organization number `num`.
pub(crate) fn org_id(num: u32) -> String {
    format!("ORG-{num:06}")
}

impl OrgPool {
    /// An empty pool for the study seed `seed`.
    pub(crate) fn new(seed: u64) -> OrgPool {
        OrgPool {
            seed,
            next: 1,
            shared: HashMap::new(),
            pending: Vec::new(),
        }
    }

    /// Organizations created since the last call, in id order.
    pub(crate) fn take_pending(&mut self) -> Vec<Organization> {
        std::mem::take(&mut self.pending)
    }

    /// Number of organizations created so far.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        (self.next - 1) as usize
    }

    /// Draws an organization of type `actor` for a PTCE located in commune `ci` (global index):
    /// a shared one (created on first encounter) or a new local one. Returns its number.
    pub(crate) fn draw(&mut self, rng: &mut Rng, actor: ActorType, ci: usize) -> u32 {
        let c = names::commune(ci);
        let (di, dep) = names::department_of(c);
        let ri = dep.region;
        let geometric = |rng: &mut Rng, p: f64| (rng.f64().max(1e-12).ln() / (1.0 - p).ln()) as u32;
        match actor {
            ActorType::LocalAuthority => match rng.weighted(&[0.30, 0.25, 0.20, 0.15, 0.10]) {
                0 => self.authority(ci, 0),
                1 => self.authority(ci, 1),
                2 => self.authority(ci, 2),
                3 => self.authority(ci, 3),
                _ => {
                    let others = names::communes_of_department(dep.code);
                    let other = others.get(rng.below(others.len())).copied().unwrap_or(ci);
                    self.authority(other, 0)
                }
            },
            ActorType::PublicAgency => {
                let t = rng.below(PUBLIC_AGENCIES.len());
                let scope = if t == 5 {
                    Scope::Region(ri)
                } else {
                    Scope::Department(di)
                };
                self.shared(actor, PUBLIC_AGENCIES, t, scope, 0)
            }
            ActorType::TrainingResearch => match rng.weighted(&[0.3, 0.2, 0.15, 0.1, 0.1, 0.15]) {
                0 => self.university(ri),
                1 => self.shared(actor, TRAINING, 0, Scope::Department(di), 0),
                2 => self.shared(
                    actor,
                    TRAINING,
                    1,
                    Scope::Department(di),
                    rng.below(3) as u32,
                ),
                3 => self.shared(actor, TRAINING, 2, Scope::Department(di), 0),
                4 => self.shared(actor, TRAINING, 3, Scope::Region(ri), rng.below(2) as u32),
                _ => self.local(rng, actor, &TRAINING[4..], ci),
            },
            ActorType::EssAssociation => match rng.weighted(&[0.80, 0.15, 0.05]) {
                0 => self.local(rng, actor, ASSOCIATIONS, ci),
                1 => {
                    let slot = geometric(rng, 0.12);
                    self.shared(actor, ASSOCIATIONS, usize::MAX, Scope::Department(di), slot)
                }
                _ => {
                    let t = rng.below(NATIONAL_ASSOCIATIONS.len());
                    self.shared(actor, NATIONAL_ASSOCIATIONS, t, Scope::National, 0)
                }
            },
            ActorType::EssCooperative => {
                if rng.chance(0.82) {
                    self.local(rng, actor, COOPERATIVES, ci)
                } else {
                    let slot = geometric(rng, 0.15);
                    self.shared(actor, COOPERATIVES, usize::MAX, Scope::Department(di), slot)
                }
            }
            ActorType::EssMutual => match rng.weighted(&[0.2, 0.5, 0.3]) {
                0 => self.local(rng, actor, &MUTUALS[..1], ci),
                1 => self.shared(actor, MUTUALS, 1 + rng.below(2), Scope::Region(ri), 0),
                _ => {
                    let t = rng.below(NATIONAL_MUTUALS.len());
                    self.shared(actor, NATIONAL_MUTUALS, t, Scope::National, 0)
                }
            },
            ActorType::EssFoundation => match rng.weighted(&[0.3, 0.3, 0.4]) {
                0 => self.local(rng, actor, &FOUNDATIONS[..2], ci),
                1 => self.shared(actor, FOUNDATIONS, 2, Scope::Region(ri), 0),
                _ => {
                    let t = rng.below(NATIONAL_FOUNDATIONS.len());
                    self.shared(actor, NATIONAL_FOUNDATIONS, t, Scope::National, 0)
                }
            },
            ActorType::Company => {
                if rng.chance(0.88) {
                    self.local(rng, actor, COMPANIES, ci)
                } else {
                    let slot = geometric(rng, 0.1);
                    self.shared(actor, COMPANIES, usize::MAX, Scope::Department(di), slot)
                }
            }
            ActorType::Citizen => {
                let num = self.alloc();
                let name = if rng.chance(0.4) {
                    format!("Collectif d'habitants {}", of(c.name))
                } else {
                    format!("{} {}", rng.pick(GIVEN_NAMES), rng.pick(SURNAMES))
                };
                let commune = rng.chance(0.5).then(|| c.code.to_string());
                self.push(num, name, actor, None, None, None, commune, None);
                num
            }
            ActorType::Other => {
                if rng.chance(0.5) {
                    self.local(rng, actor, OTHERS, ci)
                } else {
                    let t = rng.below(OTHERS.len());
                    self.shared(actor, OTHERS, t, Scope::Department(di), 0)
                }
            }
        }
    }

    fn alloc(&mut self) -> u32 {
        let num = self.next;
        self.next += 1;
        num
    }

    /// Commune (0), intercommunality (1), department (2) or region (3) of commune `ci`.
    fn authority(&mut self, ci: usize, level: u8) -> u32 {
        let c = names::commune(ci);
        // An arrondissement of Paris or Lyon is not a local authority: its city is.
        let city = match &c.code[..3] {
            "751" => Some(("75056", "Ville de Paris")),
            "693" if c.code.as_bytes()[3] == b'8' => Some(("69123", "Ville de Lyon")),
            _ => None,
        };
        let (_, dep) = names::department_of(c);
        let region = REGIONS.get(dep.region).map_or("", |r| r.name);
        let key = match level {
            0 => format!("la:commune:{}", city.map_or(c.code, |x| x.0)),
            1 => format!("la:epci:{}", c.epci),
            2 => format!("la:dep:{}", dep.code),
            _ => format!("la:region:{region}"),
        };
        if let Some(&(num, _)) = self.shared.get(&key) {
            return num;
        }
        let mut rng = Rng::stream(self.seed, DOMAIN_SHARED_ORG, fnv1a(key.as_bytes()));
        // The seat: the commune itself, the first listed commune of the intercommunality, an
        // urban commune of the department or region (drawn from the key's stream).
        let seat = match level {
            0 => ci,
            1 => (0..names::URBAN.len() + names::RURAL.len())
                .find(|&i| names::commune(i).epci == c.epci)
                .unwrap_or(ci),
            2 => scope_commune(&mut rng, Scope::Department(names::department_of(c).0), true),
            _ => scope_commune(&mut rng, Scope::Region(dep.region), true),
        };
        let code = match (level, city) {
            (0, Some((code, _))) => code,
            _ => names::commune(seat).code,
        };
        let (name, cat, median) = match level {
            0 => match city {
                Some((_, name)) => (name.to_string(), "7210", 20_000.0),
                None => {
                    // Municipal staff grows with the density level of the commune.
                    let staff = [3000.0, 800.0, 150.0, 100.0, 30.0, 10.0, 4.0];
                    let median = staff[usize::from(c.dens7.clamp(1, 7)) - 1];
                    (format!("Commune {}", of(c.name)), "7210", median)
                }
            },
            1 => (c.epci.to_string(), epci_category(c.epci), 250.0),
            2 => (
                format!("Conseil départemental {}", dep.of_name),
                "7220",
                2500.0,
            ),
            _ => (format!("Région {region}"), "7230", 4000.0),
        };
        let num = self.alloc();
        let employees = employees(&mut rng, median, 0.6, 0.1);
        let siren = Some(siren('2', num));
        let naf = Some("84.11Z".to_string());
        let cat = Some(cat.to_string());
        let actor = ActorType::LocalAuthority;
        self.push(
            num,
            name,
            actor,
            naf,
            cat,
            siren,
            Some(code.to_string()),
            employees,
        );
        self.shared.insert(key, (num, actor));
        num
    }

    fn university(&mut self, ri: usize) -> u32 {
        let key = format!("tr:univ:{ri}");
        if let Some(&(num, _)) = self.shared.get(&key) {
            return num;
        }
        let mut rng = Rng::stream(self.seed, DOMAIN_SHARED_ORG, fnv1a(key.as_bytes()));
        let name = REGIONS
            .get(ri)
            .map_or("Université", |r| r.university)
            .to_string();
        let ci = scope_commune(&mut rng, Scope::Region(ri), true);
        let num = self.alloc();
        let emp = employees(&mut rng, 3000.0, 0.5, 0.05);
        let code = Some(names::commune(ci).code.to_string());
        let (naf, cat) = (Some("85.42Z".to_string()), Some("7383".to_string()));
        let actor = ActorType::TrainingResearch;
        self.push(num, name, actor, naf, cat, Some(siren('1', num)), code, emp);
        self.shared.insert(key, (num, actor));
        num
    }

    /// A shared organization from `templates` (`t == usize::MAX`: any template, drawn from the
    /// key's stream), anchored in `scope`, slot `slot`.
    fn shared(
        &mut self,
        actor: ActorType,
        templates: &[Template],
        t: usize,
        scope: Scope,
        slot: u32,
    ) -> u32 {
        let scope_id = match scope {
            Scope::Department(d) => format!("d{d}"),
            Scope::Region(r) => format!("r{r}"),
            Scope::National => "n".to_string(),
        };
        let key = format!("{}:{}:{}:{}", actor.as_str(), t, scope_id, slot);
        if let Some(&(num, _)) = self.shared.get(&key) {
            return num;
        }
        let mut rng = Rng::stream(self.seed, DOMAIN_SHARED_ORG, fnv1a(key.as_bytes()));
        let ci = scope_commune(&mut rng, scope, !matches!(scope, Scope::Department(_)));
        let t = if t == usize::MAX {
            rng.below(templates.len())
        } else {
            t
        };
        let num = match templates.get(t) {
            Some(tpl) => self.build(&mut rng, actor, tpl, ci),
            None => self.local(&mut rng, actor, templates, ci),
        };
        self.shared.insert(key, (num, actor));
        num
    }

    /// A new organization only this PTCE knows (template drawn from `templates`).
    fn local(&mut self, rng: &mut Rng, actor: ActorType, templates: &[Template], ci: usize) -> u32 {
        match templates.get(rng.below(templates.len())) {
            Some(tpl) => self.build(rng, actor, tpl, ci),
            None => self.alloc(),
        }
    }

    fn build(&mut self, rng: &mut Rng, actor: ActorType, tpl: &Template, ci: usize) -> u32 {
        let num = self.alloc();
        let name = render(tpl.name, rng, ci);
        let naf = (!rng.chance(0.08)).then(|| alternative(rng, tpl.naf).to_string());
        let cat = (!rng.chance(0.05)).then(|| alternative(rng, tpl.cat).to_string());
        let (p_siren, prefix, median) = match actor {
            ActorType::EssAssociation => (0.6, '7', 4.0),
            ActorType::EssCooperative => (0.98, '8', 9.0),
            ActorType::EssMutual => (1.0, '7', 150.0),
            ActorType::EssFoundation => (0.95, '4', 12.0),
            ActorType::Company => (0.97, '5', 8.0),
            ActorType::TrainingResearch => (0.95, '1', 120.0),
            ActorType::PublicAgency => (1.0, '1', 80.0),
            ActorType::Other => (0.8, '3', 5.0),
            ActorType::LocalAuthority | ActorType::Citizen => (1.0, '2', 40.0),
        };
        let siren = rng.chance(p_siren).then(|| siren(prefix, num));
        let emp = employees(rng, median, 1.0, 0.2);
        let code = Some(names::commune(ci).code.to_string());
        self.push(num, name, actor, naf, cat, siren, code, emp);
        num
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        num: u32,
        name: String,
        actor_type: ActorType,
        naf_code: Option<String>,
        legal_category: Option<String>,
        siren: Option<String>,
        commune_code: Option<String>,
        employees: Option<f64>,
    ) {
        self.pending.push(Organization {
            org_id: org_id(num),
            name,
            actor_type,
            naf_code,
            legal_category,
            siren,
            commune_code,
            employees,
            siret: None,
            rna: None,
            register: Default::default(),
        });
    }
}

/// A commune inside `scope`, drawn from `rng` (urban ones only when `urban`).
fn scope_commune(rng: &mut Rng, scope: Scope, urban: bool) -> usize {
    let all = names::URBAN.len() + if urban { 0 } else { names::RURAL.len() };
    let inside: Vec<usize> = (0..all)
        .filter(|&i| {
            let (di, dep) = names::department_of(names::commune(i));
            match scope {
                Scope::Department(d) => di == d,
                Scope::Region(r) => dep.region == r,
                Scope::National => true,
            }
        })
        .collect();
    match inside.len() {
        0 if urban => scope_commune(rng, scope, false),
        0 => 0,
        n => inside[rng.below(n)],
    }
}

fn alternative<'a>(rng: &mut Rng, alternatives: &'a str) -> &'a str {
    let parts: Vec<&str> = alternatives.split('|').collect();
    parts[rng.below(parts.len())]
}

/// INSEE legal category of an intercommunality, from its name.
fn epci_category(name: &str) -> &'static str {
    if name.starts_with("Communauté de communes") {
        "7346"
    } else if name.starts_with("Communauté urbaine") {
        "7343"
    } else if name.contains("Métropole") || name.starts_with("Eurométropole") {
        "7344"
    } else {
        "7348"
    }
}

/// Head count: log-normal around `median`, empty with probability `p_missing`.
fn employees(rng: &mut Rng, median: f64, sigma: f64, p_missing: f64) -> Option<f64> {
    let n = rng.lognormal(median, sigma).round();
    (!rng.chance(p_missing)).then_some(n)
}

/// A SIREN unique to organization `num`: `prefix`, 7 digits from a bijection of `num` modulo
/// 10⁷, and the Luhn check digit.
pub(crate) fn siren(prefix: char, num: u32) -> String {
    let body = (u64::from(num) * 2_718_281 + 3_141_592) % 10_000_000;
    let mut s = format!("{prefix}{body:07}");
    s.push(luhn_check_digit(&s));
    s
}

/// The digit that makes `body` followed by it pass the Luhn check (ISO/IEC 7812-1).
pub(crate) fn luhn_check_digit(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = 2 * d;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

#[cfg(test)]
pub(crate) fn luhn_valid(number: &str) -> bool {
    let n = number.len();
    n > 1 && luhn_check_digit(&number[..n - 1]) == number.as_bytes()[n - 1] as char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_the_textbook_example() {
        // ISO/IEC 7812-1 example (Wikipedia "Luhn algorithm"): 7992739871 → check digit 3.
        assert_eq!(luhn_check_digit("7992739871"), '3');
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        // A published SIREN (Renault SA) passes.
        assert!(luhn_valid("441639465"));
        for num in [1, 2, 999, 123_456] {
            let s = siren('7', num);
            assert_eq!(s.len(), 9);
            assert!(luhn_valid(&s), "{s}");
        }
    }

    #[test]
    fn shared_organizations_do_not_depend_on_who_meets_them_first() {
        let mut a = OrgPool::new(5);
        let mut b = OrgPool::new(5);
        let mut r = Rng::stream(5, 1, 0);
        let la = a.authority(3, 1);
        b.draw(&mut r, ActorType::Company, 10);
        let lb = b.authority(3, 1);
        let oa = a
            .take_pending()
            .into_iter()
            .find(|o| o.org_id == org_id(la))
            .unwrap();
        let ob = b
            .take_pending()
            .into_iter()
            .find(|o| o.org_id == org_id(lb))
            .unwrap();
        assert_eq!(oa.name, ob.name);
        assert_eq!(oa.employees, ob.employees);
        assert_eq!(a.len(), 1);
        assert!(DEPARTMENTS.len() > 60);
    }
}
