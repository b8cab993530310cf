//! Tests of whole generated studies, read back from the CSV files.

use super::*;
use crate::date::{Date, PartialDate};
use crate::model::{ActorType, EventType, LegalForm, Role, Sector, TieKind};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Membership spells `(joined, left)` by `(ptce_id, org_id)`.
type Spells<'a> = HashMap<(&'a str, &'a str), Vec<(Date, Option<Date>)>>;

/// A table read back: header → column index, rows.
struct Table {
    cols: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn get<'a>(&self, row: &'a [String], col: &str) -> &'a str {
        &row[self.cols[col]]
    }
    fn column(&self, col: &str) -> Vec<&str> {
        self.rows
            .iter()
            .map(|r| r[self.cols[col]].as_str())
            .collect()
    }
}

fn read(dir: &Path, name: &str) -> Table {
    let mut r = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    let cols = r
        .headers()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    Table { cols, rows }
}

fn date(s: &str) -> Date {
    PartialDate::parse(s).unwrap().first_day()
}

fn generate(params: &GenerateParams) -> (tempfile::TempDir, GenerateSummary) {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate_study(params, dir.path()).unwrap();
    (dir, summary)
}

fn sample() -> (tempfile::TempDir, GenerateSummary) {
    generate(&GenerateParams::new(64, 20140731))
}

#[test]
fn same_parameters_give_the_same_bytes() {
    let (a, _) = sample();
    let (b, _) = sample();
    for name in [
        "ptces.csv",
        "organizations.csv",
        "memberships.csv",
        "ties.csv",
        "activities.csv",
        "participations.csv",
        "events.csv",
        "study.toml",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between two runs");
    }
    let leftovers: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "tmp")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_first_ptces_do_not_depend_on_how_many_are_generated() {
    let (small, _) = generate(&GenerateParams::new(8, 3));
    let (large, _) = generate(&GenerateParams::new(20, 3));
    for table in ["memberships", "ties", "events"] {
        let (s, l) = (read(small.path(), table), read(large.path(), table));
        let prefix: Vec<&Vec<String>> = l
            .rows
            .iter()
            .filter(|r| r[0].as_str() <= "PTCE-00008")
            .collect();
        assert_eq!(s.rows.iter().collect::<Vec<_>>(), prefix, "{table}");
    }
    let (s, l) = (
        read(small.path(), "organizations"),
        read(large.path(), "organizations"),
    );
    assert_eq!(s.rows[..], l.rows[..s.rows.len()]);
}

#[test]
fn the_sample_has_the_documented_size_and_every_vocabulary_value() {
    let (dir, summary) = sample();
    let counts: BTreeMap<&str, usize> =
        summary.rows.iter().map(|(t, n)| (t.as_str(), *n)).collect();
    assert_eq!(counts["ptces"], 64);
    assert!(counts["organizations"] >= 700, "{counts:?}");
    assert!(counts["ties"] > counts["memberships"], "{counts:?}");
    assert!(
        counts["participations"] > counts["activities"],
        "{counts:?}"
    );

    let ptces = read(dir.path(), "ptces");
    let rural = ptces
        .column("density_level")
        .iter()
        .filter(|l| l.parse::<u8>().unwrap() >= 5)
        .count();
    assert!((24..=40).contains(&rural), "{rural} rural PTCEs of 64");
    let codes = ptces.column("commune_code");
    assert!(codes.iter().all(|c| c.len() == 5));

    let m = read(dir.path(), "memberships");
    let mut per_ptce: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut per_org: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &m.rows {
        per_ptce.entry(&r[0]).or_default().insert(&r[1]);
        per_org.entry(&r[1]).or_default().insert(&r[0]);
    }
    let sizes: Vec<usize> = per_ptce.values().map(BTreeSet::len).collect();
    let mean = sizes.iter().sum::<usize>() as f64 / sizes.len() as f64;
    assert!((12.0..=19.0).contains(&mean), "mean members {mean}");
    assert!(
        *sizes.iter().min().unwrap() >= 5 && *sizes.iter().max().unwrap() >= 40,
        "{sizes:?}"
    );
    assert!(per_org.values().filter(|s| s.len() > 1).count() >= 10);

    let orgs = read(dir.path(), "organizations");
    let check = |table: &Table, col: &str, names: Vec<&str>| {
        let seen: BTreeSet<&str> = table.column(col).into_iter().collect();
        for n in names {
            assert!(seen.contains(n), "{col} {n} missing");
        }
    };
    check(&orgs, "actor_type", ActorType::names());
    check(&m, "role", Role::names());
    check(&read(dir.path(), "ties"), "kind", TieKind::names());
    check(&read(dir.path(), "activities"), "sector", Sector::names());
    check(&read(dir.path(), "events"), "event", EventType::names());
    let forms = ptces.column("legal_form");
    let n = |f: LegalForm| forms.iter().filter(|x| **x == f.as_str()).count();
    assert!(
        n(LegalForm::Association) > n(LegalForm::Sas) && n(LegalForm::Scic) > n(LegalForm::Gie)
    );
    assert!(n(LegalForm::None) > 0);
}

#[test]
fn codes_and_dates_are_well_formed() {
    let (dir, _) = sample();
    let orgs = read(dir.path(), "organizations");
    let (mut with_siren, mut without) = (0, 0);
    for r in &orgs.rows {
        let siren = orgs.get(r, "siren");
        if siren.is_empty() {
            without += 1;
        } else {
            with_siren += 1;
            assert!(siren.len() == 9 && orgs::luhn_valid(siren), "{siren}");
        }
        let naf = orgs.get(r, "naf_code").as_bytes();
        assert!(
            naf.is_empty() || (naf.len() == 6 && naf[2] == b'.' && naf[5].is_ascii_uppercase())
        );
        let cat = orgs.get(r, "legal_category");
        assert!(cat.is_empty() || (cat.len() == 4 && cat.bytes().all(|b| b.is_ascii_digit())));
        if orgs.get(r, "actor_type") == "citizen" {
            assert!(siren.is_empty() && orgs.get(r, "employees").is_empty());
        }
    }
    assert!(
        with_siren > 2 * without && without > 0,
        "{with_siren} / {without}"
    );
    let sirens: BTreeSet<&str> = orgs
        .column("siren")
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(sirens.len(), with_siren, "SIREN are unique");

    let (lo, hi) = (
        Date::from_ymd(2007, 1, 1).unwrap(),
        Date::from_ymd(2025, 12, 31).unwrap(),
    );
    let events = read(dir.path(), "events");
    let dates = events.column("date");
    let partial = dates.iter().filter(|d| d.len() < 10).count() as f64 / dates.len() as f64;
    assert!((0.04..=0.15).contains(&partial), "partial share {partial}");
    for (table, cols) in [
        ("events", &["date"][..]),
        ("memberships", &["joined", "left"][..]),
        ("ties", &["start", "end"][..]),
        ("activities", &["start", "end"][..]),
    ] {
        let t = read(dir.path(), table);
        for col in cols {
            for d in t.column(col).into_iter().filter(|d| !d.is_empty()) {
                assert!((lo..=hi).contains(&date(d)), "{table}.{col} {d}");
            }
        }
    }
}

#[test]
fn references_roles_and_spells_are_consistent() {
    let (dir, _) = sample();
    let ptces: BTreeSet<String> = read(dir.path(), "ptces")
        .column("ptce_id")
        .into_iter()
        .map(String::from)
        .collect();
    let orgs: BTreeSet<String> = read(dir.path(), "organizations")
        .column("org_id")
        .into_iter()
        .map(String::from)
        .collect();
    let m = read(dir.path(), "memberships");
    // (ptce, org) → spells (joined, left)
    let mut spells: Spells = HashMap::new();
    let mut pilots: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &m.rows {
        assert!(ptces.contains(&r[0]) && orgs.contains(&r[1]), "{r:?}");
        let joined = date(&r[2]);
        let left = (!r[3].is_empty()).then(|| date(&r[3]));
        assert!(left.is_none_or(|l| l > joined), "{r:?}");
        spells
            .entry((&r[0], &r[1]))
            .or_default()
            .push((joined, left));
        if r[4] == "pilot" {
            *pilots.entry(&r[0]).or_default() += 1;
        }
    }
    assert_eq!(pilots.len(), ptces.len());
    assert!(pilots.values().all(|n| *n == 1));
    assert!(
        spells.values().any(|s| s.len() == 2),
        "someone leaves and rejoins"
    );

    let ties = read(dir.path(), "ties");
    for r in &ties.rows {
        assert_ne!(r[1], r[2], "self-loop");
        let start = date(&r[4]);
        let end = (!r[5].is_empty()).then(|| date(&r[5]));
        assert!(r[6].parse::<f64>().unwrap() > 0.0);
        for org in [&r[1], &r[2]] {
            let covered = spells
                .get(&(r[0].as_str(), org.as_str()))
                .is_some_and(|ss| {
                    ss.iter().any(|(j, l)| {
                        *j <= start && l.is_none_or(|l| end.is_some_and(|e| e <= l) && start < l)
                    })
                });
            assert!(covered, "tie {r:?} outside the spells of {org}");
        }
    }
    let acts = read(dir.path(), "activities");
    let act_ptce: HashMap<&str, &str> = acts
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    for r in &read(dir.path(), "participations").rows {
        let ptce = act_ptce[r[0].as_str()];
        assert!(
            spells.contains_key(&(ptce, r[1].as_str())),
            "{r:?} not a member"
        );
    }
}

/// First day of each PTCE's first event of each stage (1, 2, 3).
fn stage_entries(events: &Table) -> BTreeMap<String, [Option<Date>; 3]> {
    let mut out: BTreeMap<String, [Option<Date>; 3]> = BTreeMap::new();
    for r in &events.rows {
        let stage = match EventType::parse(&r[2]).unwrap() {
            EventType::PilotInitiative => 0,
            EventType::FirstCollectiveMeeting
            | EventType::LetterOfIntent
            | EventType::CharterSigned
            | EventType::SteeringCommittee => 1,
            EventType::LegalEntityCreated
            | EventType::GovernanceInstalled
            | EventType::FirstJointActivity
            | EventType::CollectiveFunding => 2,
            _ => continue,
        };
        let d = date(&r[1]);
        let slot = &mut out.entry(r[0].clone()).or_default()[stage];
        *slot = Some(slot.map_or(d, |x| x.min(d)));
    }
    out
}

#[test]
fn stages_come_in_order_and_founded_matches_the_legal_entity() {
    let (dir, _) = sample();
    let entries = stage_entries(&read(dir.path(), "events"));
    let ordered = entries
        .values()
        .filter(|e| {
            e[0].is_some() && e[0] <= e[1].or(e[0]) && e[1].or(e[0]) <= e[2].or(e[1]).or(e[0])
        })
        .count();
    assert!(
        ordered as f64 >= 0.9 * entries.len() as f64,
        "{ordered} of {}",
        entries.len()
    );
    let never_s2 = entries.values().filter(|e| e[1].is_none()).count();
    let never_s3 = entries.values().filter(|e| e[2].is_none()).count();
    assert!(
        never_s2 >= 1 && never_s3 > never_s2,
        "{never_s2} {never_s3}"
    );

    let events = read(dir.path(), "events");
    let legal: HashMap<&str, Date> = events
        .rows
        .iter()
        .filter(|r| r[2] == "legal_entity_created")
        .map(|r| (r[0].as_str(), date(&r[1])))
        .collect();
    let ptces = read(dir.path(), "ptces");
    for r in &ptces.rows {
        let founded = ptces.get(r, "founded");
        match legal.get(r[0].as_str()) {
            Some(d) => assert!(
                !founded.is_empty() && (date(founded).days() - d.days()).abs() <= 366,
                "{r:?}"
            ),
            None => assert!(founded.is_empty(), "{r:?}"),
        }
    }
    // Governance ties come mostly after formalization.
    let ties = read(dir.path(), "ties");
    let gov: Vec<&Vec<String>> = ties.rows.iter().filter(|r| r[3] == "governance").collect();
    let after = gov
        .iter()
        .filter(|r| entries[&r[0]][2].is_some_and(|s3| date(&r[4]) >= s3))
        .count();
    assert!(
        after as f64 >= 0.6 * gov.len() as f64,
        "{after} of {}",
        gov.len()
    );
}

/// Per territory class (rural, urban): median S1→S3 days, pilot-is-local-authority share, mean
/// members, share of food + crafts + ecological-transition activities, median network density
/// (distinct tied pairs over possible pairs).
fn effect_summary(params: &GenerateParams) -> [[f64; 5]; 2] {
    let (dir, _) = generate(params);
    let ptces = read(dir.path(), "ptces");
    let rural: HashMap<String, bool> = ptces
        .rows
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                ptces.get(r, "density_level").parse::<u8>().unwrap() >= 5,
            )
        })
        .collect();
    let entries = stage_entries(&read(dir.path(), "events"));
    let orgs = read(dir.path(), "organizations");
    let actor: HashMap<&str, &str> = orgs
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str()))
        .collect();
    let m = read(dir.path(), "memberships");
    let acts = read(dir.path(), "activities");
    let ties = read(dir.path(), "ties");
    let mut pairs: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    for r in &ties.rows {
        let (a, b) = (r[1].as_str().min(&r[2]), r[1].as_str().max(&r[2]));
        pairs.entry(&r[0]).or_default().insert((a, b));
    }
    let mut size: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &m.rows {
        size.entry(&r[0]).or_default().insert(&r[1]);
    }
    let mut out = [[0.0; 5]; 2];
    for (class, is_rural) in [(0, true), (1, false)] {
        let mut delays: Vec<i32> = entries
            .iter()
            .filter(|(id, _)| rural[*id] == is_rural)
            .filter_map(|(_, e)| Some(e[2]?.days() - e[0]?.days()))
            .collect();
        delays.sort_unstable();
        out[class][0] = f64::from(delays[delays.len() / 2]);
        let of_class: Vec<&Vec<String>> =
            m.rows.iter().filter(|r| rural[&r[0]] == is_rural).collect();
        let pilots: Vec<&&Vec<String>> = of_class.iter().filter(|r| r[4] == "pilot").collect();
        let la = pilots
            .iter()
            .filter(|r| actor[r[1].as_str()] == "local_authority")
            .count();
        out[class][1] = la as f64 / pilots.len() as f64;
        let distinct: BTreeSet<(&str, &str)> = of_class
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        out[class][2] = distinct.len() as f64 / pilots.len() as f64;
        let sectors: Vec<&str> = acts
            .rows
            .iter()
            .filter(|r| rural[&r[1]] == is_rural)
            .map(|r| r[3].as_str())
            .collect();
        let rural_sectors = sectors
            .iter()
            .filter(|s| ["food", "crafts", "ecological_transition"].contains(s))
            .count();
        out[class][3] = rural_sectors as f64 / sectors.len() as f64;
        let mut density: Vec<f64> = size
            .iter()
            .filter(|(id, _)| rural[**id] == is_rural)
            .map(|(id, s)| {
                let n = s.len() as f64;
                pairs.get(id).map_or(0.0, |p| p.len() as f64) / (n * (n - 1.0) / 2.0)
            })
            .collect();
        density.sort_by(f64::total_cmp);
        out[class][4] = density[density.len() / 2];
    }
    out
}

#[test]
fn the_built_in_effects_show_in_a_study_of_300_ptces() {
    let [rural, urban] = effect_summary(&GenerateParams::new(300, 11));
    eprintln!("effects: rural {rural:?} urban {urban:?}");
    assert!(
        rural[0] > 1.2 * urban[0],
        "S1→S3 median: rural {} urban {}",
        rural[0],
        urban[0]
    );
    assert!(
        rural[1] > urban[1] + 0.1,
        "local-authority pilots: {} vs {}",
        rural[1],
        urban[1]
    );
    assert!(
        rural[2] < 0.9 * urban[2],
        "members: {} vs {}",
        rural[2],
        urban[2]
    );
    assert!(
        rural[3] > urban[3] + 0.1,
        "food/crafts/ecology: {} vs {}",
        rural[3],
        urban[3]
    );

    // The null study: the same measures differ by less than the built-in effects.
    let mut params = GenerateParams::new(300, 11);
    params.effects = Effects::none();
    let [rural, urban] = effect_summary(&params);
    eprintln!("no effects: rural {rural:?} urban {urban:?}");
    assert!(
        (rural[0] / urban[0] - 1.0).abs() < 0.2,
        "{} vs {}",
        rural[0],
        urban[0]
    );
    assert!(
        (rural[1] - urban[1]).abs() < 0.1,
        "{} vs {}",
        rural[1],
        urban[1]
    );
    assert!(
        (rural[2] / urban[2] - 1.0).abs() < 0.12,
        "{} vs {}",
        rural[2],
        urban[2]
    );
    assert!(
        (rural[3] - urban[3]).abs() < 0.08,
        "{} vs {}",
        rural[3],
        urban[3]
    );
}

#[test]
fn bad_parameters_and_unwritable_folders_are_errors() {
    let err = generate_study(&GenerateParams::new(0, 1), Path::new("unused")).unwrap_err();
    assert!(matches!(err, GenerateError::Params(_)));
    let mut p = GenerateParams::new(2, 1);
    p.leave = 1.5;
    assert!(matches!(
        generate_study(&p, Path::new("unused")),
        Err(GenerateError::Params(_))
    ));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = generate_study(&GenerateParams::new(2, 1), &file).unwrap_err();
    assert!(err.to_string().contains("a-file"), "{err}");
}

#[test]
fn the_shipped_sample_is_what_the_generator_writes() {
    // data/sample must be regenerated (data/README.md gives the command) whenever the generator
    // changes on purpose; this test catches unintended changes.
    let shipped: [(&str, &[u8]); 8] = [
        ("ptces.csv", include_bytes!("../../data/sample/ptces.csv")),
        (
            "organizations.csv",
            include_bytes!("../../data/sample/organizations.csv"),
        ),
        (
            "memberships.csv",
            include_bytes!("../../data/sample/memberships.csv"),
        ),
        ("ties.csv", include_bytes!("../../data/sample/ties.csv")),
        (
            "activities.csv",
            include_bytes!("../../data/sample/activities.csv"),
        ),
        (
            "participations.csv",
            include_bytes!("../../data/sample/participations.csv"),
        ),
        ("events.csv", include_bytes!("../../data/sample/events.csv")),
        ("study.toml", include_bytes!("../../data/sample/study.toml")),
    ];
    let (dir, _) = sample();
    for (name, bytes) in shipped {
        let written = std::fs::read(dir.path().join(name)).unwrap();
        assert!(
            written == bytes,
            "data/sample/{name} differs from the generator's output"
        );
    }
}

#[test]
fn homophily_ties_join_exactly_the_pairs_their_model_makes_certain() {
    // With log-odds ±30 a tie has probability 1 − 1e-13 or 1e-13: intercept 30 and β = −60
    // tie every pair of members of different actor types and no other; intercept −30 and
    // β = 60 every pair of the same type and no other. Pairs are every two distinct
    // organizations with a membership in the PTCE (the nodes of its `all` network).
    for (intercept, beta, same_tied) in [(30.0, -60.0, false), (-30.0, 60.0, true)] {
        let mut p = GenerateParams::new(12, 5);
        p.tie_homophily = Some(TieHomophily {
            beta,
            intercept,
            spread: 0.0,
        });
        let (dir, _) = generate(&p);
        let orgs = read(dir.path(), "organizations");
        let types: HashMap<&str, &str> = orgs
            .rows
            .iter()
            .map(|r| (orgs.get(r, "org_id"), orgs.get(r, "actor_type")))
            .collect();
        let mems = read(dir.path(), "memberships");
        let mut members: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for r in &mems.rows {
            members
                .entry(mems.get(r, "ptce_id"))
                .or_default()
                .insert(mems.get(r, "org_id"));
        }
        let ties = read(dir.path(), "ties");
        let mut tied: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
        for r in &ties.rows {
            let (a, b) = (ties.get(r, "source"), ties.get(r, "target"));
            assert!(tied.insert((ties.get(r, "ptce_id"), a.min(b), a.max(b))));
        }
        let mut want = BTreeSet::new();
        for (ptce, m) in &members {
            let m: Vec<&str> = m.iter().copied().collect();
            for (i, a) in m.iter().enumerate() {
                for b in &m[i + 1..] {
                    if (types[a] == types[b]) == same_tied {
                        want.insert((*ptce, *a, *b));
                    }
                }
            }
        }
        assert!(!want.is_empty());
        assert_eq!(tied, want, "intercept {intercept}, beta {beta}");
    }
}
