"""The peers' side of the comparison: one job per process, so each job's peak memory is its own.

Run by compare.py as `python peer.py JOB ARGS...`; prints one result row per input line and a
closing `#seconds ...` line with the time of the job itself (imports and file reading
excluded, as namestd's driver `examples/peers.rs` does).

Jobs:
  cleanco FILE               cleanco.basename of each name (FILE: name<TAB>country per line)
  group FILE THRESHOLD       string_grouper.group_similar_strings (FILE: name<TAB>count)
  leader FILE CUTOFF         leader clustering with rapidfuzz (FILE: name<TAB>count)
  extract REGISTRY QUERIES   rapidfuzz.process.extractOne over the registry names
"""

import os
import sys
import time


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def job_cleanco(path):
    from cleanco import basename

    names = [line.split("\t")[0] for line in lines(path)]
    out = [basename(n) for n in names]
    # Throughput: whole passes over the names, one thread, for at least a second.
    t = time.perf_counter()
    passes = 0
    while passes < 3 or time.perf_counter() - t < 1.0:
        for n in names:
            basename(n)
        passes += 1
    secs = time.perf_counter() - t
    w = sys.stdout
    for o in out:
        w.write(o.replace("\t", " ").replace("\n", " ") + "\n")
    w.write(f"#seconds {secs:.6f} passes {passes} names {len(names)}\n")


def read_names(path):
    rows = [line.split("\t") for line in lines(path)]
    return [r[0] for r in rows], [int(r[1]) if len(r) > 1 and r[1] else 1 for r in rows]


def job_group(path, threshold):
    import pandas as pd
    from string_grouper import group_similar_strings

    names, _ = read_names(path)
    series = pd.Series(names)
    t = time.perf_counter()
    # The defaults (char 3-grams, max_n_matches 20, centroid representative), with every
    # core of the machine (its default is one process fewer than the cores).
    groups = group_similar_strings(
        series, min_similarity=float(threshold), number_of_processes=os.cpu_count() or 1
    )
    secs = time.perf_counter() - t
    # With no ids given the result is a DataFrame/Series whose first column is the
    # representative's index (string_grouper 0.8: group_rep_index, group_rep).
    if hasattr(groups, "columns"):
        col = [c for c in groups.columns if "index" in str(c)]
        labels = groups[col[0]].tolist() if col else groups.iloc[:, 0].tolist()
    else:
        labels = groups.tolist()
    w = sys.stdout
    for label in labels:
        w.write(f"{label}\n")
    w.write(f"#seconds {secs:.6f}\n")


def job_leader(path, cutoff):
    from rapidfuzz import fuzz, process, utils

    names, counts = read_names(path)
    cutoff = float(cutoff)
    t = time.perf_counter()
    # Distinct names, most mentioned first; each joins the most similar leader scoring at
    # least the cutoff (token-sort ratio: default_process, tokens sorted, then ratio),
    # or becomes a leader itself.
    total = {}
    for n, c in zip(names, counts):
        total[n] = total.get(n, 0) + c
    order = sorted(total, key=lambda n: (-total[n], n))
    leaders = []
    label_of = {}
    for n in order:
        key = " ".join(sorted(utils.default_process(n).split()))
        best = process.extractOne(key, leaders, scorer=fuzz.ratio, score_cutoff=cutoff) if leaders else None
        if best is None:
            label_of[n] = len(leaders)
            leaders.append(key)
        else:
            label_of[n] = best[2]
    labels = [label_of[n] for n in names]
    secs = time.perf_counter() - t
    w = sys.stdout
    for label in labels:
        w.write(f"{label}\n")
    w.write(f"#seconds {secs:.6f} leaders {len(leaders)}\n")


def job_extract(registry, queries, scorer_name):
    from rapidfuzz import fuzz, process, utils

    rows = [line.split("\t") for line in lines(registry)]
    qs = lines(queries)
    scorer = {"WRatio": fuzz.WRatio, "ratio": fuzz.ratio}[scorer_name]
    t = time.perf_counter()
    # The registry's names processed once (lower case, punctuation dropped); each query
    # processed the same way, then extractOne over all registry names.
    choices = [utils.default_process(r[1]) for r in rows]
    build = time.perf_counter() - t
    w = sys.stdout
    for q in qs:
        t = time.perf_counter()
        best = process.extractOne(utils.default_process(q), choices, scorer=scorer)
        top = rows[best[2]][0] if best else ""
        us = (time.perf_counter() - t) * 1e6
        w.write(f"{top}\t{us:.1f}\n")
    w.write(f"#build_seconds {build:.6f} names {len(choices)}\n")


def main():
    job, args = sys.argv[1], sys.argv[2:]
    {"cleanco": job_cleanco, "group": job_group, "leader": job_leader, "extract": job_extract}[job](*args)


if __name__ == "__main__":
    main()
