use super::*;
use crate::model::{ActorType, RegisterFacts};

fn org(id: &str, actor: ActorType, siren: Option<&str>) -> Organization {
    Organization {
        org_id: id.to_string(),
        name: id.to_string(),
        actor_type: actor,
        naf_code: None,
        legal_category: None,
        siren: siren.map(str::to_string),
        commune_code: None,
        employees: None,
        siret: None,
        rna: None,
        register: RegisterFacts::default(),
    }
}

/// A register row: siren, NAF, nomenclature, category, ESS, band, created, state, since.
fn unit(cells: [&str; 9]) -> (String, Vec<String>) {
    (
        cells[0].to_string(),
        cells.iter().map(|s| s.to_string()).collect(),
    )
}

fn find<'a>(e: &'a Enriched, org: &str, field: &str) -> Option<&'a EnrichmentRow> {
    e.rows.iter().find(|r| r.org_id == org && r.field == field)
}

#[test]
fn fills_missing_values_keeps_the_researchers_and_lists_both() {
    // A: association, everything missing, actor type to derive.
    // B: researcher gave NAF 88.99B and actor type company; SIRENE says 94.99Z, SCIC SAS (ESS).
    // C: SIREN not in the register. D: ceased in 2015, joined in 2018.
    let mut orgs = vec![
        org("A", ActorType::Other, Some("552100554")),
        org("B", ActorType::Company, Some("732829320")),
        org("C", ActorType::Citizen, Some("441639465")),
        org("D", ActorType::Company, Some("356000000")),
    ];
    orgs[1].naf_code = Some("88.99B".to_string());
    let units: RegisterRows = [
        unit([
            "552100554",
            "94.99Z",
            "NAFRev2",
            "9220",
            "O",
            "11",
            "1998-03-01",
            "A",
            "2008-01-01",
        ]),
        unit([
            "732829320",
            "94.99Z",
            "NAFRev2",
            "5710",
            "O",
            "02",
            "2012-06-15",
            "A",
            "2012-06-15",
        ]),
        unit([
            "356000000",
            "53.10Z",
            "NAFRev2",
            "5599",
            "N",
            "53",
            "1991-01-01",
            "C",
            "2015-04-30",
        ]),
    ]
    .into_iter()
    .collect();
    let pending: BTreeSet<String> = ["A".to_string()].into();
    let joined: BTreeMap<String, PartialDate> =
        [("D".to_string(), PartialDate::parse("2018-09").unwrap())].into();
    let e = enrich(
        &mut orgs,
        &units,
        None,
        &pending,
        &joined,
        &ActorTable::default(),
    );

    // A: every field filled, actor type derived from 9220.
    assert_eq!(orgs[0].naf_code.as_deref(), Some("94.99Z"));
    assert_eq!(orgs[0].legal_category.as_deref(), Some("9220"));
    assert_eq!(orgs[0].register.ess, Some(true));
    assert_eq!(orgs[0].register.headcount_band.as_deref(), Some("11"));
    assert_eq!(orgs[0].register.created.unwrap().to_string(), "1998-03-01");
    assert_eq!(orgs[0].register.active, Some(true));
    assert_eq!(orgs[0].actor_type, ActorType::EssAssociation);
    for f in [
        "naf_code",
        "legal_category",
        "ess",
        "headcount_band",
        "created",
        "active",
        "actor_type",
    ] {
        assert_eq!(find(&e, "A", f).unwrap().note, "filled", "{f}");
    }
    let a = find(&e, "A", "actor_type").unwrap();
    assert_eq!((a.given.as_str(), a.used.as_str()), ("", "ess_association"));
    assert!(
        a.sirene.contains("category 9220, ESS; rule 92"),
        "{}",
        a.sirene
    );

    // B: the researcher's NAF and actor type kept, both differences listed.
    assert_eq!(orgs[1].naf_code.as_deref(), Some("88.99B"));
    let n = find(&e, "B", "naf_code").unwrap();
    assert_eq!(
        (n.given.as_str(), n.sirene.as_str(), n.used.as_str()),
        ("88.99B", "94.99Z", "88.99B")
    );
    assert_eq!(n.note, "differs: researcher's value kept");
    assert_eq!(orgs[1].actor_type, ActorType::Company);
    let t = find(&e, "B", "actor_type").unwrap();
    assert!(
        t.sirene
            .starts_with("ess_cooperative (category 5710, ESS; rule 5/ess"),
        "{}",
        t.sirene
    );
    assert_eq!(t.used, "company");

    // C: listed, not dropped; nothing else.
    let c = find(&e, "C", "siren").unwrap();
    assert_eq!(c.note, "not found in the register");
    assert_eq!(e.rows.iter().filter(|r| r.org_id == "C").count(), 1);

    // D: ceased 2015-04-30, joined 2018-09: one warning.
    assert_eq!(orgs[3].register.active, Some(false));
    assert_eq!(e.findings.len(), 1);
    assert!(!e.findings[0].error && e.findings[0].org_id == "D");
    assert!(
        e.findings[0].message.contains("ceased on 2015-04-30"),
        "{}",
        e.findings[0].message
    );
}

#[test]
fn an_actor_type_that_cannot_be_derived_is_an_error() {
    let mut orgs = vec![
        org("A", ActorType::Other, None),
        org("B", ActorType::Other, Some("552100554")),
    ];
    let pending: BTreeSet<String> = ["A".to_string(), "B".to_string()].into();
    let e = enrich(
        &mut orgs,
        &RegisterRows::new(),
        None,
        &pending,
        &BTreeMap::new(),
        &ActorTable::default(),
    );
    assert_eq!(
        e.findings
            .iter()
            .filter(|f| f.error && f.field == "actor_type")
            .count(),
        2
    );
}

#[test]
fn an_older_naf_nomenclature_is_not_filled_and_the_siret_gives_the_commune() {
    let mut orgs = vec![org("A", ActorType::Company, Some("552100554"))];
    orgs[0].siret = Some("55210055400013".to_string());
    let units: RegisterRows = [unit([
        "552100554",
        "29.1A",
        "NAFRev1",
        "5710",
        "N",
        "",
        "",
        "A",
        "",
    ])]
    .into_iter()
    .collect();
    let est: RegisterRows = [(
        "55210055400013".to_string(),
        vec!["55210055400013".to_string(), "59350".to_string()],
    )]
    .into_iter()
    .collect();
    let e = enrich(
        &mut orgs,
        &units,
        Some(&est),
        &BTreeSet::new(),
        &BTreeMap::new(),
        &ActorTable::default(),
    );
    assert_eq!(orgs[0].naf_code, None);
    assert_eq!(
        find(&e, "A", "naf_code").unwrap().note,
        "not used: not a NAF rév. 2 code"
    );
    assert_eq!(orgs[0].commune_code.as_deref(), Some("59350"));
    assert_eq!(find(&e, "A", "commune_code").unwrap().note, "filled");
    // Same actor type as derived (company, 5710 not ESS): not listed.
    assert!(find(&e, "A", "actor_type").is_none());
}
