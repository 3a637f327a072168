#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/TARGET/) from the shipped
tables in data/ and dictionaries/source/. Usage: fuzz_seeds.py ROOT TARGET."""
import csv, hashlib, json, os, sys, urllib.parse

root, target = sys.argv[1], sys.argv[2]
out = os.path.join(root, "fuzz", "corpus", target)
os.makedirs(out, exist_ok=True)

def put(data: bytes):
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def golden():
    """(name, country, kind) of the golden standardization table."""
    with open(os.path.join(root, "data/golden/standardize.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            if line and not line.startswith("#"):
                c = line.split("\t")
                yield c[0], (c[1] if len(c) > 1 else ""), (c[2] if len(c) > 2 else "")

def quality_rows():
    with open(os.path.join(root, "data/golden/quality.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line and not line.startswith("#") and not line.startswith("name\t"):
                yield line.split("\t")

def eval_names(limit=400):
    path = os.path.join(root, "data/eval/nber-subset-assignees-benchmark-distinct-names.csv")
    with open(path, encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i % 30 == 0:
                yield row["organization"]
            if i >= limit * 30:
                break

names = [g[0] for g in golden()] + list(eval_names())

if target == "pipeline":
    for n, c, _ in golden():
        put(f"{n}\x1f{c}".encode())
    for r in quality_rows():
        put("\x1f".join(r[:7]).encode())
    for n in eval_names():
        put(n.encode())
elif target == "dictionary":
    src = os.path.join(root, "dictionaries/source/legal_forms_additions.tsv")
    lines = open(src, encoding="utf-8").read().splitlines()
    header = [l for l in lines if not l.startswith("#")][0]
    rows = [l for l in lines if l and not l.startswith("#") and l != header]
    for i in range(0, len(rows), 4):
        put(bytes([i % 5]) + ("\n".join([header] + rows[i:i + 4]) + "\n").encode())
    put(b"\x05code\tweight\tseverity\tvalue\ncaseStyle\t\t\tupper\nmaxLength\t\t\t120\nerrorCap\t\t\t40\nname.empty\t60\terror\t\n")
    put(b"\x05code\tweight\tseverity\nlegalForm.missing\t5\twarning\n")
    reg = open(os.path.join(root, "data/eval/patstat-leuven-distinct-names.csv"), encoding="utf-8").read().splitlines()
    for i in range(1, min(len(reg), 400), 40):
        put(b"\x06" + ("\n".join(["id,name,count,country,kind,identifier"] + [l + ",,," for l in reg[i:i + 20]]) + "\n").encode())
    put(b"\x06id,name\nA,Acme GmbH\nA,ACME GMBH\n")
elif target == "service_json":
    for i, (n, c, k) in enumerate(golden()):
        if i % 3 == 0:
            put(b"\x00" + json.dumps({"name": n, "countryCode": c or None}).encode())
        elif i % 3 == 1:
            put(b"\x01" + json.dumps({"name": n, "limit": 3}).encode())
        else:
            put(b"\x02" + json.dumps({"name": n, "countryCode": c, "kind": k or "organization"}).encode())
    for i in range(0, 60, 6):
        put(b"\x00" + json.dumps({"names": [{"name": n} for n in names[i:i + 6]]}).encode())
        put(b"\x02" + json.dumps({"applicants": [{"name": n, "address": "1 Main St"} for n in names[i:i + 3]]}).encode())
elif target == "service_form_query":
    for i, n in enumerate(names[::7]):
        q = json.dumps({"q0": {"query": n, "type": "organization", "limit": 3,
                               "properties": [{"pid": "countryCode", "v": "US"}]}})
        put(bytes([i % 2]) + q.encode())
        put(b"\x02queries=" + urllib.parse.quote(q).encode())
        qs = urllib.parse.urlencode({"name": n, "countryCode": "DE", "limit": "3"})
        put(bytes([4 + i % 8]) + qs.encode())
        put(b"\x03" + n.encode())
    put(b"\x0aprefix=genencor&cursor=2")
    put(b"\x0bid=AIRCAST%20INC")
elif target == "cli_readers":
    # First byte: bits 0-1 encoding (UTF-8, Latin-1, CP1252), 2-3 batch size (1, 2, 7,
    # 65536), 4-5 format (CSV, TSV, `;` with `'` quotes, NDJSON).
    bad = os.path.join(root, "data/batch/bad")
    for i, f in enumerate(sorted(os.listdir(bad))):
        body = open(os.path.join(bad, f), "rb").read()[:4096]
        fmt = 3 if f.endswith(".ndjson") else 0
        enc = 1 if f.startswith("latin1") else 2 if f.startswith("cp1252") else 0
        put(bytes([fmt << 4 | (i % 4) << 2 | enc]) + body)
    lines = open(os.path.join(root, "data/batch/applicants.csv"), "rb").read().splitlines(keepends=True)
    for i in range(1, min(len(lines), 400), 40):
        chunk = lines[:1] + lines[i:i + 12]
        put(bytes([(i // 40) % 4 << 2]) + b"".join(chunk))
        put(bytes([1 << 4 | (i // 40) % 4 << 2]) + b"".join(chunk).replace(b",", b"\t"))
        put(bytes([0x04]) + b"".join(chunk).replace(b"\n", b"\r\n"))
        rows = [dict(zip(["id", "name", "country"], l.decode("utf-8", "replace").rstrip("\r\n").split(",", 2)))
                for l in lines[i:i + 12]]
        put(bytes([3 << 4 | 2 << 2]) + "\n".join(json.dumps(r) for r in rows).encode())
else:
    sys.exit(f"unknown target {target}")
print(f"{len(os.listdir(out))} seeds in {out}")
