#!/bin/sh
# Makes tests/fixtures/sheets/study.ods: the sample study as the workbook that tests/sheets.rs
# writes (1900 date system, a formula, a merged cell, a hidden sheet, codes stored as numbers),
# converted once by LibreOffice. Tests never need LibreOffice; rerun this only on purpose.
#   apt-get install -y libreoffice-calc-nogui
# Made with: LibreOffice 7.4.7.2 (Debian 12), on 2026-12-06.
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
PTCE_KEEP_WORKBOOK="$tmp/study.xlsx" cargo test --release --test sheets
soffice --headless --convert-to ods --outdir "$tmp" "$tmp/study.xlsx"
cp "$tmp/study.ods" tests/fixtures/sheets/study.ods
rm -rf "$tmp"
