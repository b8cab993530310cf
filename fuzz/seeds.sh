#!/usr/bin/env bash
# Builds the starting corpora fuzz/corpus-raw/<target>/ from the project's real files: the
# sample study (data/sample, each table cut to its first 30 lines), the studies of
# tests/fixtures/studies and the broken studies of tests/fixtures/bad, the example study.toml
# of `ptce init` and of docs/. The committed corpus fuzz/corpus/<target>/ is what libFuzzer
# grew from these, minimised (fuzz/README.md). Needs bash, coreutils, iconv, sed and awk.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus-raw
rm -rf "$out"
mkdir -p "$out"/{decode_and_split,dates,cells,study_toml,validate_tables,declared_files}
n=0
seed() { # seed <target> <file>: copies stdin under a content hash
    local tmp; tmp=$(mktemp)
    cat >"$tmp"
    mv "$tmp" "$out/$1/$(sha1sum <"$tmp" | cut -c1-16)"
}
studies=(data/sample tests/fixtures/studies/* tests/fixtures/bad/*)
tables=(ptces organizations memberships ties activities participations events)
for dir in "${studies[@]}"; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*.csv; do
        [ -f "$f" ] || continue
        head -n 30 "$f" | seed decode_and_split
        # Cells: every distinct value of the first 30 lines, split on , ; and tab.
        head -n 30 "$f" | tr ',;\t' '\n\n\n' | tr -d '"\r' | sort -u | head -n 200 |
            while IFS= read -r cell; do printf '%s' "$cell" | seed cells; done
    done
    [ -f "$dir/study.toml" ] && seed study_toml <"$dir/study.toml"
    # A whole study: study.toml and the tables in contract order, separated by NUL bytes.
    {
        [ -f "$dir/study.toml" ] && cat "$dir/study.toml"
        for t in "${tables[@]}"; do
            printf '\0'
            [ -f "$dir/$t.csv" ] && head -n 30 "$dir/$t.csv"
        done
    } | seed validate_tables
done
# Encodings: the sample's ptces.csv in UTF-16 (with BOM) and Windows-1252.
head -n 10 data/sample/ptces.csv | iconv -f UTF-8 -t UTF-16 | seed decode_and_split
{ printf '\xFE\xFF'; head -n 10 data/sample/ptces.csv | iconv -f UTF-8 -t UTF-16BE; } | seed decode_and_split
head -n 10 data/sample/ptces.csv | iconv -f UTF-8 -t WINDOWS-1252//TRANSLIT | seed decode_and_split
# Dates: every date-looking cell, and one example of each accepted spelling.
for f in "$out"/cells/*; do
    if grep -Eq '^[0-9]{1,4}[-/.][0-9]{1,2}([-/.][0-9]{1,4})?|^[0-9]{4}$' "$f"; then cp "$f" "$out/dates/"; fi
done
for d in 2016-03-15 15/03/2016 15-03-2016 15.03.2016 2016/03/15 1/3/2016 2016-03 03/2016 2016 \
    "2016-03-15 00:00:00" 2016-03-15T00:00:00 29/02/2024 1800 2200; do
    printf '%s' "$d" | seed dates
done
# study.toml: the commented template of `ptce init` with its keys uncommented, and the toml
# blocks of docs/.
awk '/^pub const STUDY_TOML/{on=1; sub(/.*r##"/, ""); print; next} on && /^"##;/{exit} on' \
    src/commands/init.rs | sed -e 's/^# //' | seed study_toml
for md in docs/*.md; do
    awk -v base="$out/study_toml/$(basename "$md" .md)" \
        '/^```toml/{on=1; n++; f=base "-" n; next} /^```/{on=0} on{print > f}' "$md"
done
# Files named by study.toml: the INSEE grid extract and the disparity matrices of the
# fixtures, and the docs' example matrix.
for f in tests/fixtures/territory/*.csv tests/fixtures/diversity/*.csv tests/fixtures/studies/*/disparity*.csv; do
    [ -f "$f" ] && head -n 40 "$f" | seed declared_files
done
printf 'sector;food;mobility;culture\nfood;0;0,5;1\nmobility;;0;0.8\nculture;;;0\n' | seed declared_files
printf 'Grille communale de densit\xc3\xa9\n\nCODGEO;LIBGEO;DENS7\n75056;Paris;1\n2A004;Ajaccio;2\n' | seed declared_files
for t in decode_and_split dates cells study_toml validate_tables declared_files; do
    printf '%s: %s files\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
