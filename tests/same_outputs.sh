#!/usr/bin/env bash
# Same outputs before and after a change (issue 15): runs `ptce run` built from BASE_REV and from
# the working tree on the shipped sample, on the survey example and on a generated 60-PTCE study,
# and compares every output file byte for byte — `manifest.json` without its `run` record (tool
# version, commit, timings), the one part that is meant to differ. Also checks that
# `ptce generate` writes the same study.
#
#   tests/same_outputs.sh BASE_REV        # e.g. tests/same_outputs.sh 3522843
#   PTCE_BASE_BIN=/path/to/old/ptce tests/same_outputs.sh   # compare with a binary already built
#
# Exits 0 when everything is identical, 1 with the differing files listed otherwise. Builds with
# the repository's `target/` (only `ptce` itself is rebuilt, twice when BASE_REV is given).
set -euo pipefail

repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
cleanup() {
    git -C "$repo" worktree remove --force "$work/base-src" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${PTCE_BASE_BIN:-}" ]; then
    cp "$PTCE_BASE_BIN" "$work/ptce-base"
else
    base=${1:?usage: tests/same_outputs.sh BASE_REV (or PTCE_BASE_BIN=…)}
    git -C "$repo" worktree add --quiet --detach "$work/base-src" "$base"
    (cd "$work/base-src" && CARGO_TARGET_DIR="$repo/target" cargo build --release --locked --quiet)
    cp "$repo/target/release/ptce" "$work/ptce-base"
fi
(cd "$repo" && cargo build --release --locked --quiet)
cp "$repo/target/release/ptce" "$work/ptce-new"

status=0
"$work/ptce-base" -q generate --ptces 60 --seed 11 --out "$work/generated"
"$work/ptce-new" -q generate --ptces 60 --seed 11 --out "$work/generated-new"
if ! diff -r "$work/generated" "$work/generated-new" >/dev/null; then
    echo "DIFFERENT: ptce generate --ptces 60 --seed 11"
    diff -rq "$work/generated" "$work/generated-new" | head -20
    status=1
fi

compare_manifests() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for m in (a, b):
    m.pop("run", None)
sys.exit(0 if a == b else 1)
PY
}

for study in "$repo/data/sample" "$repo/data/examples/survey" "$work/generated"; do
    name=$(basename "$study")
    for v in base new; do
        "$work/ptce-$v" -q --threads 2 run "$study" --out "$work/out-$v/$name"
    done
    a="$work/out-base/$name"
    b="$work/out-new/$name"
    files=$( (cd "$a" && find . -type f; cd "$b" && find . -type f) | sort -u)
    different=0
    total=0
    while IFS= read -r f; do
        total=$((total + 1))
        if [ "$f" = "./manifest.json" ]; then
            if [ -f "$b/$f" ] && [ -f "$a/$f" ] && compare_manifests "$a/$f" "$b/$f"; then continue; fi
        elif [ -f "$a/$f" ] && [ -f "$b/$f" ] && cmp -s "$a/$f" "$b/$f"; then
            continue
        fi
        echo "DIFFERENT ($name): $f"
        different=$((different + 1))
    done <<<"$files"
    echo "$name: $((total - different)) of $total output files identical"
    [ "$different" -eq 0 ] || status=1
done
exit $status
