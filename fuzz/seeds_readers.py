#!/usr/bin/env python3
"""Starting corpora of the `workbook`, `geography` and `sirene` fuzz targets (fuzz/README.md).

Writes fuzz/corpus-raw/workbook/ and fuzz/corpus-raw/geography/ from: a minimal two-sheet
.xlsx written here (inline strings, shared strings, an Excel serial date, a formula with its
cached value, a merged cell, a hidden sheet), the workbook of `ptce init --format xlsx` (path
given as the first argument), and an .ods converted from it by LibreOffice (second argument,
optional); the commune codes of the sample study and of the territory docs, and the head of
the shipped geography files. Each workbook appears in both input shapes of `fuzz_workbook`:
the archive as it is (first byte 0 or 1) and its parts separated by NUL bytes (2 or 3).
"""
import gzip
import hashlib
import io
import pathlib
import re
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus-raw"
XLSX_PARTS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
              "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
              "xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet2.xml"]
ODS_PARTS = ["mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml"]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MINIMAL = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><workbookPr date1904="false"/><sheets><sheet name="Organisations" sheetId="1" r:id="rId1"/><sheet name="notes" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="A1:D3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>siren</t></is></c><c r="D1" t="inlineStr"><is><t>joined</t></is></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t> Mairie </t></is></c><c r="C2"><v>12345678</v></c><c r="D2" s="1"><v>42430</v></c></row><row r="3"><c r="A3" t="str"><f>A2&amp;"b"</f><v>O1b</v></c><c r="B3"><f>1+1</f></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="inlineStr"><is><t>2016-03</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells></worksheet>',
    "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>org_id</t></si><si><t>name</t></si><si><t>O1</t></si></sst>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
    "xl/worksheets/sheet2.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>note</t></is></c></row></sheetData></worksheet>',
}


def seed(target, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def archive(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


def seed_workbook(raw, names, fmt):
    """fmt 0 = xlsx, 1 = ods."""
    seed("workbook", bytes([fmt]) + raw)
    z = zipfile.ZipFile(io.BytesIO(raw))
    present = set(z.namelist())
    # LibreOffice's styles.xml (tens of kB) is left out of the parts shape: the reader does
    # not need it, and small inputs fuzz faster.
    parts = [z.read(n) if n in present and n != "styles.xml" or fmt == 0 and n in present
             else b"" for n in names]
    parts = [p.replace(b"\0", b"") for p in parts]
    seed("workbook", bytes([fmt | 2]) + b"\0".join(parts))


def main():
    for f in ("workbook", "geography", "sirene"):
        (OUT / f).mkdir(parents=True, exist_ok=True)
    seed_workbook(archive(MINIMAL), XLSX_PARTS, 0)
    if len(sys.argv) > 1:
        init = pathlib.Path(sys.argv[1]).read_bytes()
        seed_workbook(init, XLSX_PARTS, 0)
        # The init workbook with its sheets kept to the first two the parts shape carries.
        z = zipfile.ZipFile(io.BytesIO(init))
        parts = {n: z.read(n) for n in z.namelist()}
        wb = parts["xl/workbook.xml"].decode()
        wb = re.sub(r'<sheet name="(?!README|ptces)[^"]*"[^>]*/>', "", wb)
        parts["xl/workbook.xml"] = wb.encode()
        seed_workbook(archive(parts), XLSX_PARTS, 0)
    if len(sys.argv) > 2:
        seed_workbook(pathlib.Path(sys.argv[2]).read_bytes(), ODS_PARTS, 1)
    # SIRENE: the example register's extract (header and 20 rows), as CSV and as a zipped CSV,
    # and its header alone.
    reg = (ROOT / "data" / "examples" / "sirene" / "register" / "StockUniteLegale_extrait.csv")
    lines = reg.read_bytes().splitlines(keepends=True)
    seed("sirene", b"\0" + b"".join(lines[:21]))
    seed("sirene", b"\1" + b"".join(lines[:21]))
    seed("sirene", b"\0" + lines[0])
    # Geography: commune codes as written in the sample and in the docs, then the heads of
    # the shipped reference files (communes NUL departments; outlines).
    codes = set()
    for line in (ROOT / "data" / "sample" / "ptces.csv").read_text().splitlines()[1:40]:
        codes.update(re.findall(r"\b(?:\d{4,5}|2[AaBb]\d{3})\b", line))
    codes.update(re.findall(r"`(\d{5}|2[AB]\d{3})`", (ROOT / "docs" / "territory.md").read_text()))
    codes.update(["74011", "13201", "2a004", "20004", "1053", "97411", "98735", "75056", " 7 "])
    for c in sorted(codes):
        seed("geography", c.encode())
    seed("geography", "\n".join(sorted(codes)).encode())
    geo = ROOT / "assets" / "geography"
    communes = gzip.decompress((geo / "communes.tsv.gz").read_bytes()).decode().splitlines()
    departments = (geo / "departments.tsv").read_text().splitlines()
    seed("geography", ("\n".join(communes[:12]) + "\0" + "\n".join(departments[:6])).encode())
    outlines = gzip.decompress((geo / "department_outlines.tsv.gz").read_bytes()).decode().splitlines()
    seed("geography", "\n".join(l[:300].rsplit(" ", 1)[0] for l in outlines[:4]).encode())


if __name__ == "__main__":
    main()
