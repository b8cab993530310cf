#!/usr/bin/env python3
"""Writes the real-shaped example of issue 19 (data/examples/sirene): one workbook `study.xlsx`
as a researcher keeps it, and a tiny extract of INSEE's SIRENE stock of legal units in the
official schema (`register/StockUniteLegale_extrait.csv`). Run once; the outputs are committed.

Quirks of the workbook, typed by hand in real files: sheet names in another case, a hidden
notes sheet, dates as Excel serial numbers and as text, numbers stored as text, a SIREN stored
as a number that lost its leading zero, a SIREN typed with spaces, empty actor types left for
SIRENE to derive. SIRENs are fictitious (Luhn-valid, made below).
Requires openpyxl."""
import csv
import datetime as dt
import pathlib

import openpyxl

HERE = pathlib.Path(__file__).parent


def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # positions doubled once the check digit is appended
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def siren(body8):
    return body8 + luhn_digit(body8)


S = {k: siren(b) for k, b in {
    "asso": "81234567", "scic": "82345678", "commune": "21070186", "cc": "20004012",
    "scop": "43456789", "mutuelle": "77345612", "fondation": "07812345", "sas": "84567891",
    "ceased": "49876543", "absent": "89999999", "univ": "19070001",
}.items()}

# org_id, name, actor_type (empty: derive), naf_code, legal_category, siren cell, siret, rna,
# employees (as typed)
ORGS = [
    ("O01", "Association Archipel", "", "", "", S["asso"], "", "W071002345", "3"),
    ("O02", "SCIC Mobilités du Vivarais", "company", "", "", S["scic"], "", "", "12"),
    ("O03", "Commune de Privas", "", "", "", S["commune"], "", "", "1 250"),
    ("O04", "CC Privas Centre Ardèche", "", "", "", S["cc"], "", "", ""),
    ("O05", "SCOP Bois & Co", "", "88.99B", "", S["scop"], "", "", "8"),
    ("O06", "Mutuelle des Boutières", "", "", "9220", S["mutuelle"], "", "", ""),
    ("O07", "Fondation Terres d'Ardèche", "", "", "", int(S["fondation"]), "", "", ""),
    ("O08", "Conserverie Vivaroise SAS", "company", "", "", S["sas"][:3] + " " + S["sas"][3:6] + " " + S["sas"][6:], S["sas"] + "0001" + luhn_digit(S["sas"] + "0001"), "", "25"),
    ("O09", "Ressourcerie fermée", "ess_association", "", "", S["ceased"], "", "", ""),
    ("O10", "Collectif d'habitants", "citizen", "", "", "", "", "", "nc"),
    ("O11", "Atelier inconnu", "company", "", "", S["absent"], "", "", "2"),
    ("O12", "Université Ardèche Drôme", "", "", "", S["univ"], "", "", ""),
]

# siren, creation, headcount band, start of current period, state, legal category, NAF,
# NAF nomenclature, ESS flag
REGISTER = [
    (S["asso"], "2009-05-12", "02", "2009-05-12", "A", "9220", "94.99Z", "NAFRev2", "O"),
    (S["scic"], "2016-02-01", "11", "2016-02-01", "A", "5710", "49.39A", "NAFRev2", "O"),
    (S["commune"], "1983-03-01", "21", "1983-03-01", "A", "7210", "84.11Z", "NAFRev2", "N"),
    (S["cc"], "2017-01-01", "12", "2017-01-01", "A", "7346", "84.11Z", "NAFRev2", "N"),
    (S["scop"], "2011-09-19", "03", "2011-09-19", "A", "5458", "16.23Z", "NAFRev2", "O"),
    (S["mutuelle"], "1990-01-01", "22", "2002-01-01", "A", "8210", "65.12Z", "NAFRev2", "O"),
    (S["fondation"], "2005-06-30", "01", "2005-06-30", "A", "9300", "88.99B", "NAFRev2", "O"),
    (S["sas"], "2014-04-01", "11", "2014-04-01", "A", "5710", "10.39B", "NAFRev2", "N"),
    (S["ceased"], "2008-10-01", "NN", "2016-12-31", "C", "9220", "38.32Z", "NAFRev2", "O"),
    (S["univ"], "1970-01-01", "42", "1970-01-01", "A", "7383", "85.42Z", "NAFRev2", "N"),
    # Not members: the extract, like the national stock, holds other units.
    (siren("55555555"), "2001-01-01", "00", "2001-01-01", "A", "5499", "47.11B", "NAFRev2", "N"),
]

HEADER = ("siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,"
          "sigleUniteLegale,sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,"
          "prenom3UniteLegale,prenom4UniteLegale,prenomUsuelUniteLegale,pseudonymeUniteLegale,"
          "identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,anneeEffectifsUniteLegale,"
          "dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,categorieEntreprise,"
          "anneeCategorieEntreprise,dateDebut,etatAdministratifUniteLegale,nomUniteLegale,"
          "nomUsageUniteLegale,denominationUniteLegale,denominationUsuelle1UniteLegale,"
          "denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,"
          "categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,"
          "nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,"
          "economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,"
          "caractereEmployeurUniteLegale").split(",")


def write_register():
    names = {str(o[5]).replace(" ", "").zfill(9): o[1] for o in ORGS}
    with open(HERE / "register" / "StockUniteLegale_extrait.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for (s, created, band, start, state, cat, naf, nom, ess) in REGISTER:
            row = dict.fromkeys(HEADER, "")
            row.update({
                "siren": s, "statutDiffusionUniteLegale": "O", "dateCreationUniteLegale": created,
                "trancheEffectifsUniteLegale": band, "anneeEffectifsUniteLegale": "2022",
                "dateDernierTraitementUniteLegale": "2024-03-01T09:00:00",
                "nombrePeriodesUniteLegale": "1", "dateDebut": start,
                "etatAdministratifUniteLegale": state,
                "denominationUniteLegale": names.get(s, "UNITE HORS ETUDE").upper(),
                "categorieJuridiqueUniteLegale": cat, "activitePrincipaleUniteLegale": naf,
                "nomenclatureActivitePrincipaleUniteLegale": nom, "nicSiegeUniteLegale": "00017",
                "economieSocialeSolidaireUniteLegale": ess, "caractereEmployeurUniteLegale": "O",
            })
            w.writerow([row[h] for h in HEADER])


def write_workbook():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PTCEs"
    ws.append(["ptce_id", "name", "commune_code", "founded"])
    ws.append(["P1", "Pôle de coopération du Vivarais", 7186, dt.date(2019, 3, 26)])
    ws.append(["P2", "Pôle ESS des Boutières", "07330", "2021"])
    ws["D2"].number_format = "dd/mm/yyyy"
    o = wb.create_sheet("Organizations")
    o.append(["org_id", "name", "actor_type", "naf_code", "legal_category", "siren", "siret",
              "rna", "employees"])
    for row in ORGS:
        o.append(list(row))
    m = wb.create_sheet("memberships")
    m.append(["ptce_id", "org_id", "joined", "left", "role"])
    joined = [
        ("P1", "O01", dt.date(2016, 11, 17), None, "pilot"),
        ("P1", "O02", "15/03/2017", None, "founder"),
        ("P1", "O03", dt.date(2017, 4, 22), None, "founder"),
        ("P1", "O04", "2018", None, "member"),
        ("P1", "O05", dt.date(2018, 6, 1), None, "member"),
        ("P1", "O08", dt.date(2019, 1, 10), None, "partner"),
        ("P1", "O09", dt.date(2018, 9, 3), None, "member"),
        ("P2", "O06", dt.date(2020, 2, 14), None, "pilot"),
        ("P2", "O07", "03/07/2020", None, "founder"),
        ("P2", "O10", dt.date(2020, 9, 1), None, "member"),
        ("P2", "O11", dt.date(2021, 1, 5), None, "member"),
        ("P2", "O12", dt.date(2021, 3, 2), None, "partner"),
    ]
    for r in joined:
        m.append(list(r))
    for cell in m["C"][1:]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    t = wb.create_sheet("Ties")
    t.append(["ptce_id", "source", "target", "kind", "start"])
    for r in [("P1", "O01", "O02", "co_creation", "2017-05"), ("P1", "O01", "O03", "funding", "2017-06"),
              ("P1", "O02", "O05", "resource_pooling", "2018-09"), ("P1", "O03", "O04", "governance", "2018"),
              ("P1", "O05", "O08", "information", "2019-02"), ("P2", "O06", "O07", "co_creation", "2020-09"),
              ("P2", "O07", "O10", "staff_sharing", "2021"), ("P2", "O06", "O12", "information", "2021-04")]:
        t.append(list(r))
    n = wb.create_sheet("Notes")
    n.append(["Entretiens menés en 2021 ; SIREN relevés à la main sur annuaire-entreprises."])
    n.sheet_state = "hidden"
    wb.save(HERE / "study.xlsx")


if __name__ == "__main__":
    write_register()
    write_workbook()
