#!/usr/bin/env python3
"""Builds data/batch/applicants.csv, the sample applicant table of the batch tool's main job,
from the evaluation sets and the golden table in data/ (see data/batch/README.md).

Rows: the PATSTAT KU Leuven reference (person_id, name, no country: the source gives none),
the golden table's names with their country hints (ids G0001...), and the SEC 2002 foreign
issuers with their country written as an ISO 3166-1 code (ids S0001...). Deterministic.
"""
import csv, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
data = root / "data"
COUNTRY = {
    "Canada": "CA", "United Kingdom": "GB", "Israel": "IL", "Netherlands": "NL", "Brazil": "BR",
    "France": "FR", "Mexico": "MX", "Japan": "JP", "Bermuda": "BM", "Australia": "AU",
    "Germany": "DE", "Chile": "CL", "British Virgin Isl": "VG", "Argentina": "AR", "Sweden": "SE",
    "Ireland": "IE", "Cayman Islands": "KY", "Switzerland": "CH", "Italy": "IT", "China": "CN",
    "Norway": "NO", "Luxembourg": "LU", "India": "IN", "Hong Kong": "HK", "Korea": "KR",
    "Spain": "ES", "South Africa": "ZA", "Finland": "FI", "Taiwan": "TW", "Singapore": "SG",
    "Liberia": "LR", "Greece": "GR", "Russia": "RU", "Portugal": "PT", "New Zealand": "NZ",
    "Denmark": "DK", "Philippines": "PH", "Indonesia": "ID", "Venezuela": "VE", "Colombia": "CO",
}
rows = []
with open(data / "eval" / "patstat-leuven-reference.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rows.append((r["person_id"], r["person_name"], ""))
with open(data / "golden" / "standardize.tsv", encoding="utf-8") as f:
    header = None
    n = 0
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        n += 1
        rows.append((f"G{n:04}", cells[0], cells[1] if len(cells) > 1 else ""))
with open(data / "eval" / "sec_foreign_issuers_2002_companies.csv", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        name, _, country = line.rstrip("\n").rpartition(";")
        rows.append((f"S{n:04}", name, COUNTRY.get(country, "")))
out = data / "batch" / "applicants.csv"
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "country"])
    w.writerows(rows)
print(f"{out}: {len(rows)} rows")
