"""namestd against the tools users would pick instead: one run, one machine, the same inputs.

Called by run.sh (which makes the virtual environment and builds namestd's driver):

    python compare.py --bin PATH/TO/examples/peers [--quick] [--work DIR]

Every job, namestd's and the peers', runs as its own process (namestd: the release
example `examples/peers.rs`; peers: `peer.py`), so each peak memory (max RSS, from
wait4) is that job's own; each job times its own work, start-up and file reading
excluded. Quality figures are computed here, by one scorer for every tool. The report is
printed as Markdown tables in a fixed layout (diffable from one release to the next) and
written with the raw figures to WORK/report.md and WORK/results.json.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peer.py")
DATA = os.path.join(ROOT, "data")


# ---------------------------------------------------------------- running jobs


class Job:
    """What one process did: its output rows, closing figures, peak memory and status."""

    def __init__(self, rows, figures, rss_mib, wall, status):
        self.rows, self.figures, self.rss_mib, self.wall, self.status = rows, figures, rss_mib, wall, status

    @property
    def ok(self):
        return self.status == "ok"


def run_job(cmd, work, tag, timeout):
    """Runs cmd with stdout to a file; waits with wait4 (peak RSS of that process alone)."""
    out_path = os.path.join(work, f"{tag}.out")
    err_path = os.path.join(work, f"{tag}.err")
    t = time.perf_counter()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        status = "ok"
        while True:
            pid, code, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t > timeout:
                p.kill()
                pid, code, usage = os.wait4(p.pid, 0)
                status = "timeout"
                break
            time.sleep(0.05)
    p.returncode = 0  # reaped by wait4 above
    wall = time.perf_counter() - t
    if status == "ok" and code != 0:
        status = f"failed (see {err_path})"
    rows, figures = [], {}
    if status == "ok":
        with open(out_path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("#"):
                    parts = line[1:].split()
                    figures.update({parts[i]: parts[i + 1] for i in range(0, len(parts) - 1, 2)})
                else:
                    rows.append(line)
    return Job(rows, figures, usage.ru_maxrss / 1024.0, wall, status)


class Runner:
    def __init__(self, args):
        self.bin = args.bin
        self.python = sys.executable
        self.work = args.work
        self.limit = args.limit_minutes * 60.0
        self.deadline = time.time() + args.budget_minutes * 60.0
        self.reserve = 60.0  # scoring and writing the report after the last peer run
        self.leader_secs = {}

    def timeout(self):
        """A peer's time: the per-run limit, or what is left of the budget if less."""
        return max(1.0, min(self.limit, self.deadline - time.time() - self.reserve))

    def namestd(self, tag, *args):
        return run_job([self.bin, *args], self.work, f"namestd-{tag}", 24 * 3600)

    def peer(self, tag, *args, timeout=None):
        t = self.timeout() if timeout is None else timeout
        return run_job([self.python, PEER, *args], self.work, f"peer-{tag}", t), t


# ---------------------------------------------------------------- data


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(str(x).replace("\t", " ").replace("\n", " ") for x in r) + "\n")


def golden_rows():
    """Organization rows of the golden table: (name, country, expected core)."""
    out = []
    with open(os.path.join(DATA, "golden", "standardize.tsv"), encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells))
            if row.get("kind") == "organization":
                out.append((row["name"], row["country"], row["core"]))
    return out


def non_latin(s):
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in s)


def csv_column(path, col):
    with open(path, encoding="utf-8", newline="") as f:
        return [r[col] for r in csv.DictReader(f)]


def throughput_corpora():
    eval_dir = os.path.join(DATA, "eval")
    sec = []
    with open(os.path.join(eval_dir, "sec_foreign_issuers_2002_companies.csv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                sec.append(line.rsplit(";", 1)[0])
    native = []
    with open(os.path.join(DATA, "golden", "standardize.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("name\t"):
                continue
            name = line.split("\t")[0].strip()
            if name and non_latin(name):
                native.append(name)
    return [
        ("SEC foreign issuers 2002", sec),
        ("PATSTAT Leuven (distinct)", csv_column(os.path.join(eval_dir, "patstat-leuven-distinct-names.csv"), "organization")),
        ("NBER assignees", csv_column(os.path.join(eval_dir, "nber-subset-assignees-benchmark-distinct-names.csv"), "organization")),
        ("native script (golden table)", native),
    ]


def labelled_set(file):
    """Distinct names with mentions and truth (a string in several entities: its majority one)."""
    path = os.path.join(DATA, "eval", file)
    mentions = Counter()
    votes = defaultdict(Counter)
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            n = int(r["n_mentions"] or 1)
            mentions[r["organization"]] += n
            votes[r["organization"]][r["unique_id"]] += n
    names = sorted(mentions)
    truth = [min(votes[n].items(), key=lambda kv: (-kv[1], kv[0]))[0] for n in names]
    return names, [mentions[n] for n in names], truth


def generated_set(runner, n):
    """The generated corpus (examples/peers.rs generate = benches/cluster_scale.rs's)."""
    path = os.path.join(runner.work, f"generated-{n}.tsv")
    if not os.path.exists(path):
        subprocess.run([runner.bin, "generate", str(n), "42", path], check=True)
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, count, entity = line.rstrip("\n").split("\t")
            rows.append((name, int(count), entity))
    return path, rows


# ---------------------------------------------------------------- scoring


def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def c2(x):
    return x * (x - 1) / 2


def pairwise(truth, pred, weight):
    cells, t_size, p_size = Counter(), Counter(), Counter()
    for t, p, w in zip(truth, pred, weight):
        cells[(t, p)] += w
        t_size[t] += w
        p_size[p] += w
    tp = sum(c2(v) for v in cells.values())
    pp = sum(c2(v) for v in p_size.values())
    rp = sum(c2(v) for v in t_size.values())
    prec = tp / pp if pp else 1.0
    rec = tp / rp if rp else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def bcubed(truth, pred):
    cells, t_size, p_size = Counter(), Counter(), Counter()
    for t, p in zip(truth, pred):
        cells[(t, p)] += 1
        t_size[t] += 1
        p_size[p] += 1
    n = len(truth)
    prec = sum(v * v / p_size[p] for (t, p), v in cells.items()) / n
    rec = sum(v * v / t_size[t] for (t, p), v in cells.items()) / n
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def distinct_labels(names, counts, truth, labels):
    """Per distinct string: majority truth, summed mentions, its predicted label."""
    mentions, votes, pred = Counter(), defaultdict(Counter), {}
    for n, c, t, l in zip(names, counts, truth, labels):
        mentions[n] += c
        votes[n][t] += c
        pred.setdefault(n, l)
    keys = sorted(mentions)
    tr = [min(votes[k].items(), key=lambda kv: (-kv[1], str(kv[0])))[0] for k in keys]
    return tr, [pred[k] for k in keys], [mentions[k] for k in keys]


def score_clustering(names, counts, truth, labels):
    tr, pr, w = distinct_labels(names, counts, truth, labels)
    s = pairwise(tr, pr, [1] * len(tr))
    m = pairwise(tr, pr, w)
    b = bcubed(tr, pr)
    return {"string": s, "mention": m, "bcubed": b, "clusters": len(set(pr))}


# ---------------------------------------------------------------- the comparisons


def legal_forms(runner, report):
    golden = golden_rows()
    gpath = os.path.join(runner.work, "golden-org.tsv")
    write(gpath, [(n, c) for n, c, _ in golden])
    write(os.path.join(runner.work, "golden-org-nohint.tsv"), [(n, "") for n, _, _ in golden])
    ns = runner.namestd("golden", "cores", gpath)
    ns_nohint = runner.namestd("golden-nohint", "cores", os.path.join(runner.work, "golden-org-nohint.tsv"))
    cc, _ = runner.peer("cleanco-golden", "cleanco", gpath, timeout=600)
    for j in (ns, ns_nohint, cc):
        if not j.ok:
            raise SystemExit(f"legal-form job failed: {j.status}")
    expected = [norm(core) for _, _, core in golden]
    ns_ok = [norm(r.split("\t")[0]) == e for r, e in zip(ns.rows, expected)]
    ns_nohint_ok = [norm(r.split("\t")[0]) == e for r, e in zip(ns_nohint.rows, expected)]
    cc_ok = [norm(r) == e for r, e in zip(cc.rows, expected)]
    # Kind of each row, from namestd's reading of it (all golden rows pass).
    kinds = []
    for r in ns.rows:
        core, written, canonical, prefix, stacked, nonlatin = r.split("\t")
        letters = lambda s: len(re.sub(r"\W", "", s))  # noqa: E731
        if nonlatin == "1":
            kinds.append("non-Latin")
        elif stacked == "1":
            kinds.append("stacked")
        elif prefix == "1":
            kinds.append("prefix")
        elif written and letters(written) > letters(canonical) + 2:
            kinds.append("long form")
        elif not written:
            kinds.append("no legal form")
        else:
            kinds.append("abbreviation")
    rows_by_kind = Counter(kinds)
    cc_miss = Counter(k for k, ok in zip(kinds, cc_ok) if not ok)
    ns_miss = Counter(k for k, ok in zip(kinds, ns_ok) if not ok)
    examples = defaultdict(list)
    for (name, _, core), k, ok, out in zip(golden, kinds, cc_ok, cc.rows):
        if not ok and len(examples[k]) < 2:
            examples[k].append(f"`{name}` → `{out}` (expected `{core}`)")
    speed = []
    for label, names in throughput_corpora():
        path = os.path.join(runner.work, "corpus-" + re.sub(r"\W+", "-", label.lower()).strip("-") + ".tsv")
        write(path, [(n, "") for n in names])
        j_ns = runner.namestd("cores-" + os.path.basename(path), "cores", path)
        j_cc, _ = runner.peer("cleanco-" + os.path.basename(path), "cleanco", path, timeout=600)
        rate = lambda j: int(j.figures["names"]) * int(j.figures["passes"]) / float(j.figures["seconds"])  # noqa: E731
        speed.append((label, len(names), rate(j_ns), rate(j_cc)))
    n = len(golden)
    res = {
        "golden_rows": n,
        "agree_namestd": sum(ns_ok),
        "agree_namestd_nohint": sum(ns_nohint_ok),
        "agree_cleanco": sum(cc_ok),
        "rows_by_kind": dict(rows_by_kind),
        "cleanco_misses_by_kind": dict(cc_miss),
        "namestd_misses_by_kind": dict(ns_miss),
        "speed": speed,
    }
    out = report.section("1. Legal forms: `cleanco.basename` vs namestd's core (one thread each)")
    out.append("| corpus | names | namestd names/s | cleanco names/s | namestd ÷ cleanco |")
    out.append("|---|---:|---:|---:|---:|")
    for label, cnt, a, b in speed:
        out.append(f"| {label} | {cnt:,} | {a:,.0f} | {b:,.0f} | {a / b:.1f}× |")
    total = sum(c for _, c, _, _ in speed)
    pa = total / sum(c / a for _, c, a, _ in speed)
    pb = total / sum(c / b for _, c, _, b in speed)
    out.append(f"| all four, pooled | {total:,} | {pa:,.0f} | {pb:,.0f} | {pa / pb:.1f}× |")
    res["pooled"] = (total, pa, pb)
    out.append("")
    out.append(
        f"Agreement with the expected core, golden table organization rows ({n:,}; compared case- and "
        "punctuation-blind):"
    )
    out.append("")
    out.append("| tool | rows agreeing | share |")
    out.append("|---|---:|---:|")
    out.append(f"| namestd (country hint of the row) | {sum(ns_ok):,} | {sum(ns_ok) / n:.1%} |")
    out.append(f"| namestd (no hint) | {sum(ns_nohint_ok):,} | {sum(ns_nohint_ok) / n:.1%} |")
    out.append(f"| cleanco | {sum(cc_ok):,} | {sum(cc_ok) / n:.1%} |")
    out.append("")
    out.append("Rows cleanco gets wrong, by kind of legal form:")
    out.append("")
    out.append("| kind | rows | cleanco wrong | namestd wrong | example of cleanco's output |")
    out.append("|---|---:|---:|---:|---|")
    for k in ["long form", "prefix", "non-Latin", "stacked", "abbreviation", "no legal form"]:
        ex = "; ".join(examples.get(k, [])[:1]).replace("|", "\\|")
        out.append(f"| {k} | {rows_by_kind.get(k, 0):,} | {cc_miss.get(k, 0):,} | {ns_miss.get(k, 0):,} | {ex} |")
    report.results["legal_forms"] = res
    return res


def fmt_time(j, limit):
    if j is None:
        return "—"
    if j.ok:
        return f"{float(j.figures['seconds']):.1f}"
    if j.status == "timeout":
        return f"not done in {limit / 60:.1f} min"
    return j.status


def clustering(runner, report, sets):
    out = report.section(
        "2. Clustering: string_grouper and rapidfuzz leader clustering vs namestd (string level = distinct names)"
    )
    out.append(
        "| set | names | tool | string P / R / F1 | mention P / R / F1 | B-cubed F1 | clusters | wall s | peak MiB |"
    )
    out.append("|---|---:|---|---|---|---:|---:|---:|---:|")
    res = []
    leader_secs = runner.leader_secs  # measured times, kept across calls (projection)
    for label, names, counts, truth, kind in sets:
        tag = re.sub(r"\W+", "-", label.lower()).strip("-")
        path = os.path.join(runner.work, f"cluster-{tag}.tsv")
        write(path, list(zip(names, counts)))
        n = len(names)
        jobs = [("namestd", runner.namestd(f"cluster-{tag}", "cluster", path), None)]
        for thr in ("0.8", "0.9"):
            j, t = runner.peer(f"group-{thr}-{tag}", "group", path, thr)
            jobs.append((f"string_grouper {thr}", j, t))
        # Leader clustering compares each name with every leader so far: quadratic. Run it
        # only where the time measured on a smaller set, scaled by the square, fits.
        projected = None
        smaller = [(m, s) for m, s in leader_secs.items() if m < n]
        if smaller:
            m, s = max(smaller)
            projected = s * (n / m) ** 2
        if projected is not None and projected > runner.timeout():
            jobs.append(("rapidfuzz leader 90", None, projected))
        else:
            j, t = runner.peer(f"leader-{tag}", "leader", path, "90")
            if j.ok:
                leader_secs[n] = float(j.figures["seconds"])
            jobs.append(("rapidfuzz leader 90", j, t))
        for tool, j, t in jobs:
            row = {"set": label, "names": n, "tool": tool}
            if j is None:
                row["status"] = f"not run: projected {t / 60:.0f} min from the smaller set (quadratic)"
                out.append(f"| {label} | {n:,} | {tool} | — | — | — | — | {row['status']} | — |")
                res.append(row)
                continue
            row["status"] = j.status
            if t is not None:
                row["timeout_s"] = t
            if not j.ok:
                out.append(f"| {label} | {n:,} | {tool} | — | — | — | — | {fmt_time(j, t)} | {j.rss_mib:,.0f} |")
                res.append(row)
                continue
            labels = j.rows
            sc = score_clustering(names, counts, truth, labels)
            secs = float(j.figures["seconds"])
            row.update(sc)
            row.update({"seconds": secs, "rss_mib": j.rss_mib})
            res.append(row)
            s, m, b = sc["string"], sc["mention"], sc["bcubed"]
            out.append(
                f"| {label} | {n:,} | {tool} | {s[0]:.3f} / {s[1]:.3f} / **{s[2]:.3f}** | "
                f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f} | {b[2]:.3f} | {sc['clusters']:,} | {secs:.1f} | {j.rss_mib:,.0f} |"
            )
    report.results["clustering"] = res
    return res


def lookup(runner, report, sizes, queries_at):
    out = report.section("3. Lookup: `rapidfuzz.process.extractOne` over the registry vs namestd's index (one thread each)")
    out.append(
        "| registry names | queries | tool | µs/query mean | µs/query p99 | top answer = labelled entity | "
        "prepare s | peak MiB |"
    )
    out.append("|---:|---:|---|---:|---:|---:|---:|---:|")
    res = []
    for n in sizes:
        gpath, rows = generated_set(runner, n)
        reg = os.path.join(runner.work, f"registry-{n}.tsv")
        write(reg, [(e, name, c) for name, c, e in rows])
        q = queries_at(n)
        qpath = os.path.join(runner.work, f"queries-{n}.tsv")
        subprocess.run([runner.bin, "queries", str(n), "7", str(q), qpath], check=True)
        with open(qpath, encoding="utf-8") as f:
            qrows = [line.rstrip("\n").split("\t", 1) for line in f]
        qnames = os.path.join(runner.work, f"queries-{n}.txt")
        write(qnames, [(name,) for _, name in qrows])
        jobs = [("namestd", runner.namestd(f"lookup-{n}", "lookup", reg, qnames), None)]
        for scorer in ("WRatio", "ratio"):
            j, t = runner.peer(f"extract-{scorer}-{n}", "extract", reg, qnames, scorer)
            jobs.append((f"rapidfuzz extractOne ({scorer})", j, t))
        for tool, j, t in jobs:
            row = {"registry": n, "queries": len(qrows), "tool": tool, "status": j.status}
            if not j.ok:
                out.append(f"| {n:,} | {len(qrows):,} | {tool} | {fmt_time(j, t)} | — | — | — | {j.rss_mib:,.0f} |")
                res.append(row)
                continue
            answers = [r.split("\t") for r in j.rows]
            lat = sorted(float(a[1]) for a in answers)
            agree = sum(1 for (e, _), a in zip(qrows, answers) if a[0] == e)
            mean = sum(lat) / len(lat)
            p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))]
            prep = float(j.figures.get("build_seconds", "nan"))
            row.update({"mean_us": mean, "p99_us": p99, "agree": agree, "prepare_s": prep, "rss_mib": j.rss_mib})
            res.append(row)
            out.append(
                f"| {n:,} | {len(qrows):,} | {tool} | {mean:,.0f} | {p99:,.0f} | {agree / len(qrows):.1%} | "
                f"{prep:.1f} | {j.rss_mib:,.0f} |"
            )
    report.results["lookup"] = res
    return res


# ---------------------------------------------------------------- report


class Report:
    def __init__(self):
        self.lines = []
        self.results = {}

    def section(self, title):
        self.lines.append("")
        self.lines.append(f"### {title}")
        self.lines.append("")
        return self.lines

    def text(self):
        return "\n".join(self.lines) + "\n"


def targets(report, lf, cl, lk, big):
    out = report.section("Targets (issue #7)")
    out.append("| target | measured | met |")
    out.append("|---|---|---|")
    worst = min(a / b for _, _, a, b in lf["speed"])
    out.append(
        f"| ≥ 20× cleanco's names/s on every corpus | {worst:.1f}× on the slowest corpus | {'yes' if worst >= 20 else 'NO'} |"
    )
    _, pa, pb = lf["pooled"]
    out.append(
        f"| ≥ 20× cleanco's names/s, all real names pooled | {pa / pb:.1f}× | {'yes' if pa / pb >= 20 else 'NO'} |"
    )
    ok = lf["agree_namestd"] > lf["agree_cleanco"]
    out.append(
        f"| higher agreement than cleanco | {lf['agree_namestd']} vs {lf['agree_cleanco']} of {lf['golden_rows']} | "
        f"{'yes' if ok else 'NO'} |"
    )
    by_set = defaultdict(dict)
    for r in cl:
        by_set[(r["set"], r["names"])][r["tool"]] = r
    for (label, n), tools in by_set.items():
        ns = tools.get("namestd", {})
        for thr in ("0.8", "0.9"):
            sg = tools.get(f"string_grouper {thr}", {})
            if "string" in ns and "string" in sg:
                a, b = ns["string"][2], sg["string"][2]
                out.append(
                    f"| string F1 above string_grouper {thr}: {label} | {a:.3f} vs {b:.3f} | {'yes' if a > b else 'NO'} |"
                )
            elif "string" in ns:
                st = sg.get("status", "—")
                if st == "timeout":
                    st = f"not done in {sg.get('timeout_s', 0) / 60:.1f} min"
                out.append(f"| string F1 above string_grouper {thr}: {label} | string_grouper {st} | n/a |")
    if big:
        tools = by_set.get(big, {})
        ns = tools.get("namestd", {})
        for thr in ("0.8", "0.9"):
            sg = tools.get(f"string_grouper {thr}", {})
            if "seconds" in ns and "seconds" in sg:
                r = sg["seconds"] / ns["seconds"]
                out.append(
                    f"| ≥ 10× less wall time than string_grouper {thr} at {big[1]:,} names | "
                    f"{ns['seconds']:.1f} s vs {sg['seconds']:.1f} s = {r:.1f}× | {'yes' if r >= 10 else 'NO'} |"
                )
            elif "seconds" in ns:
                out.append(
                    f"| ≥ 10× less wall time than string_grouper {thr} at {big[1]:,} names | "
                    f"namestd {ns['seconds']:.1f} s; string_grouper "
                    f"{'not done in %.1f min' % (sg.get('timeout_s', 0) / 60) if sg.get('status') == 'timeout' else sg.get('status', 'not run')} | "
                    f"{'yes (lower bound)' if sg.get('status') == 'timeout' and sg.get('timeout_s', 0) / ns['seconds'] >= 10 else 'n/a'} |"
                )
    by_n = defaultdict(dict)
    for r in lk:
        by_n[r["registry"]][r["tool"]] = r
    if by_n:
        n = max(by_n)
        ns = by_n[n].get("namestd", {})
        for tool, r in by_n[n].items():
            if tool == "namestd" or "mean_us" not in r or "mean_us" not in ns:
                continue
            x = r["mean_us"] / ns["mean_us"]
            out.append(
                f"| lookup ≥ 50× faster than {tool} at {n:,} names | {ns['mean_us']:,.0f} µs vs {r['mean_us']:,.0f} µs "
                f"= {x:.0f}× | {'yes' if x >= 50 else 'NO'} |"
            )


def versions():
    out = {}
    try:
        from importlib.metadata import version

        for p in ("cleanco", "rapidfuzz", "string_grouper"):
            out[p] = version(p)
    except Exception:  # noqa: BLE001
        pass
    return out


def machine():
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {mem}, {platform.machine()}"



def finish(report, label, t0, path):
    """Closes the report with the elapsed minutes, prints it and writes it to `path`."""
    report.lines.append("")
    report.lines.append(f"{label}: {(time.time() - t0) / 60:.1f} min.")
    text = report.text()
    print(text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="namestd's driver (release build of examples/peers.rs)")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "namestd-peers"))
    ap.add_argument("--quick", action="store_true", help="small generated sizes, for trying the script")
    ap.add_argument("--limit-minutes", type=float, default=30.0, help="time limit of one peer run")
    ap.add_argument("--budget-minutes", type=float, default=55.0, help="time for the whole comparison")
    ap.add_argument("--legal-forms-only", action="store_true",
                    help="only the legal-form comparison (cleanco), a few minutes")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    runner = Runner(args)
    report = Report()
    report.results["limit_seconds"] = runner.limit
    t0 = time.time()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    v = versions()
    head = (
        f"namestd {commit or '?'} vs cleanco {v.get('cleanco', '?')}, rapidfuzz {v.get('rapidfuzz', '?')}, "
        f"string_grouper {v.get('string_grouper', '?')}; {datetime.date.today().isoformat()}; {machine()}; "
        f"load average at start {os.getloadavg()[0]:.1f}"
    )
    report.lines.append(head)
    gen_sizes = [10_000, 30_000] if args.quick else [100_000, 1_000_000]
    lookup_sizes = [1_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000]
    queries_at = (lambda n: 100) if args.quick else (lambda n: {10_000: 1000, 100_000: 300}.get(n, 100))
    print(head, flush=True)

    lf = legal_forms(runner, report)
    print("legal forms done", flush=True)
    if args.legal_forms_only:
        finish(report, "Legal forms only", t0, os.path.join(args.work, "report-legal-forms.md"))
        return
    nber = labelled_set("nber-subset-assignees-benchmark-distinct-names.csv")
    leuven = labelled_set("patstat-leuven-distinct-names.csv")
    sets = [
        ("NBER subset", *nber, "labelled"),
        ("PATSTAT Leuven", *leuven, "labelled"),
    ]
    small = []
    for n in gen_sizes[:-1]:
        _, rows = generated_set(runner, n)
        small.append((f"generated {n:,}", [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], "gen"))
    cl = clustering(runner, report, sets + small)
    print("clustering (labelled, small) done", flush=True)
    # Keep time for the largest clustering's namestd run and scoring.
    lk = lookup(runner, report, lookup_sizes, queries_at)
    print("lookup done", flush=True)
    n = gen_sizes[-1]
    _, rows = generated_set(runner, n)
    big_label = f"generated {n:,}"
    cl_big = clustering(runner, report, [(big_label, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], "gen")])
    # One clustering table: append the big set's rows to the first table.
    idx = report.lines.index(next(line for line in report.lines if line.startswith("### 2.")))
    big_rows = report.lines[-len(cl_big):]
    del report.lines[-(len(cl_big) + 5):]
    end = idx + 4
    while end < len(report.lines) and report.lines[end].startswith("|"):
        end += 1
    report.lines[end:end] = big_rows
    cl_all = cl + cl_big
    report.results["clustering"] = cl_all
    targets(report, lf, cl_all, lk, (big_label, n))
    finish(report, "Whole comparison", t0, os.path.join(args.work, "report.md"))
    with open(os.path.join(args.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(report.results, f, indent=1, default=str)


if __name__ == "__main__":
    main()
