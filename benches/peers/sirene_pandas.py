#!/usr/bin/env python3
"""Peer of `cargo bench --bench sirene` (issue 19): the same enrichment done with pandas —
`read_parquet` of INSEE's StockUniteLegale on the needed columns, then `merge` with 2,000
members — on the file the bench generated. Prints wall time and peak resident memory.

    python3 benches/peers/sirene_pandas.py target/sirene-bench/StockUniteLegale_30000000.parquet

The members are the same SIRENs as the bench's (row k*step + k%step of the register, k < 2000),
picked from the file's own `siren` column."""
import resource
import sys
import time

import pandas as pd
import pyarrow.parquet as pq

COLUMNS = [
    "siren", "activitePrincipaleUniteLegale", "nomenclatureActivitePrincipaleUniteLegale",
    "categorieJuridiqueUniteLegale", "economieSocialeSolidaireUniteLegale",
    "trancheEffectifsUniteLegale", "dateCreationUniteLegale", "etatAdministratifUniteLegale",
    "dateDebut",
]
MEMBERS = 2000


def main(path):
    rows = pq.ParquetFile(path).metadata.num_rows
    step = rows // MEMBERS
    t = time.perf_counter()
    stock = pd.read_parquet(path, columns=COLUMNS)
    read = time.perf_counter() - t
    picks = [k * step + k % max(step, 1) for k in range(MEMBERS)]
    members = pd.DataFrame({"org_id": [f"O{k:05}" for k in range(MEMBERS)],
                            "siren": stock["siren"].iloc[picks].to_numpy()})
    t2 = time.perf_counter()
    enriched = members.merge(stock, on="siren", how="left")
    total = read + time.perf_counter() - t2
    found = enriched["categorieJuridiqueUniteLegale"].notna().sum()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pandas {pd.__version__}: {rows} rows, {MEMBERS} members, {found} found: "
          f"read_parquet {read:.2f} s, total {total:.2f} s, peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1])
