#!/usr/bin/env python3
"""Writes tests/fixtures/territory/sample_grid.csv: a grid in the layout of INSEE's grille
communale de densité (title rows, `;`, CODGEO/LIBGEO/DENS7) holding, for each commune of the
sample study (data/sample/ptces.csv), the sample's own density_level. It is NOT INSEE's grid: it
lets a test check that a ptces.csv without density_level, classified through a lookup file,
gives every sample PTCE the group its density_level gives. Arrondissements are written as their
commune (as INSEE's grid does); names come from the shipped geography.

Usage (from the repository root): python3 tools/geography/sample_grid.py
"""
import csv
import gzip

cog = {}
for line in gzip.open("assets/geography/communes.tsv.gz", "rt", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    cog.setdefault(f[0], []).append(f)
levels = {}
for r in csv.DictReader(open("data/sample/ptces.csv", encoding="utf-8")):
    rows = cog[r["commune_code"]]
    current = [f for f in rows if f[2] == "commune"]
    code = current[0][0] if current else rows[0][3]
    name = next(f[1] for f in cog[code] if f[2] == "commune")
    old = levels.setdefault(code, (name, r["density_level"]))
    assert old[1] == r["density_level"], (code, old, r["density_level"])
with open("tests/fixtures/territory/sample_grid.csv", "w", encoding="utf-8", newline="") as out:
    out.write("Grille de test : niveaux de densité de l'étude exemple (pas la grille INSEE)\n")
    out.write("Source : data/sample/ptces.csv, colonne density_level\n\n\n")
    out.write("CODGEO;LIBGEO;DENS7\n")
    for code in sorted(levels):
        name, level = levels[code]
        out.write(f"{code};{name};{level}\n")
