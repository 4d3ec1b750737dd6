#!/usr/bin/python3
"""The outbox claim's plan and cost on a gateway database, for bench/scale.sh.

usage: scale_claim.py STORAGE_URL [RUNS=30] [LIMIT=64]

Reads the claim query from the gateway's source (kClaimQuery in
src/storage/{sqlite,postgres}/outbox_ops.cpp, so it cannot drift from what the dispatcher
runs), prints its plan (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) of
the `due` part, the SELECT ... FOR UPDATE SKIP LOCKED that picks the rows, inside a transaction
rolled back), then runs it RUNS times with now = the current time and LIMIT (the dispatcher
asks for 4 per delivery worker; 16 workers give 64), and prints
  RESULT claim rows=<due rows found> median_ms= max_ms= plan=range|scan
plan=range when the plan bounds the walk of idx_messages_outbox by next_attempt_at (SEARCH
... next_attempt_at<? in SQLite; in PostgreSQL an Index Cond on the leading priority rank and
next_attempt_at); plan=scan when it walks every pending message and tests it, a cost that grows
with every scheduled message, due or not. The timings are the proof either way.
Read-only on SQLite (the gateway may be running: WAL lets it); on PostgreSQL the rows the
query locks are released by the rollback.
"""
import pathlib
import re
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def claim_query(store):
    """kClaimQuery's text: its adjacent C++ string literals joined, with the one-argument
    macros of the file (SQLite's MENSAJERO_CLAIM_RANK("0"), one arm per priority rank)
    expanded."""
    source = (ROOT / f"src/storage/{store}/outbox_ops.cpp").read_text()
    macros = {}
    for name, param, body in re.findall(r"#define (\w+)\((\w+)\)((?:.*\\\n)*.*)", source):
        macros[name] = (param, body.replace("\\\n", " "))
    match = re.search(r"kClaimQuery\s*=(.*?);\n", source, re.S)
    if not match:
        sys.exit(f"scale_claim: kClaimQuery not found in src/storage/{store}/outbox_ops.cpp")
    return expand(match.group(1), macros)


def expand(text, macros):
    """The literals of `text` in order, each macro call replaced by its body's literals with
    its parameter (a bare word in the body) replaced by the call's literal argument."""
    out = []
    for literal, name, argument in re.findall(
            r'"((?:[^"\\]|\\.)*)"|(\w+)\(\s*"((?:[^"\\]|\\.)*)"\s*\)', text):
        if name:
            param, body = macros[name]
            out.append(expand(re.sub(r"\b%s\b(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)" % param,
                                     '"%s"' % argument, body), macros))
        else:
            out.append(literal)
    return "".join(out)


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def sqlite(path, runs, limit):
    import sqlite3
    query = claim_query("sqlite")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    params = (iso(int(time.time() * 1000)), limit, "[]")
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + query, params)]
    print("EXPLAIN QUERY PLAN (the claim, idx_messages_outbox):")
    for line in plan:
        print("  " + line)
    outbox = [line for line in plan if "idx_messages_outbox" in line]
    ranged = any(line.startswith("SEARCH") and "next_attempt_at<" in line for line in outbox)
    samples, rows = [], 0
    for _ in range(runs):
        params = (iso(int(time.time() * 1000)), limit, "[]")
        began = time.perf_counter()
        rows = len(db.execute(query, params).fetchall())
        samples.append((time.perf_counter() - began) * 1000)
    return rows, samples, ranged


def postgres(url, runs, limit):
    text = claim_query("postgres")
    # The `due` CTE: the whole claim but for the UPDATE of what it picked.
    match = re.search(r"WITH due AS \((.*?)\), claimed AS", text, re.S)
    if not match:
        sys.exit("scale_claim: the `due` part of the PostgreSQL claim query not found")
    due = match.group(1)
    now = iso(int(time.time() * 1000))
    due = (due.replace("$1", f"'{now}'::timestamptz").replace("$2", str(limit))
           .replace("$5::uuid[]", "'{}'::uuid[]"))
    if "$" in due:
        sys.exit(f"scale_claim: unbound parameter left in {due}")
    script = ["BEGIN;"]
    script += [f"EXPLAIN (ANALYZE, BUFFERS) {due};"] * (runs + 1)
    script += ["ROLLBACK;"]
    out = subprocess.run(["psql", url, "-XqAt", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                         input="\n".join(script), text=True, capture_output=True)
    if out.returncode != 0:
        sys.exit(f"scale_claim: psql failed: {out.stderr}")
    plans = out.stdout.split("Execution Time:")
    print("EXPLAIN (ANALYZE, BUFFERS) of the claim's `due` part (first run):")
    first = plans[0]
    for line in first.strip().splitlines():
        print("  " + line)
    samples = [float(p.split()[0]) for p in plans[1:]][1:]  # the first run warms the cache
    rows = int(re.search(r"rows=(\d+) loops=\d+\)", first).group(1)) if "actual" in first else 0
    # An Index Cond on next_attempt_at alone is no range: next_attempt_at is the index's second
    # column (after the priority rank), so the scan still reads every pending entry and tests
    # it. Only a condition on the leading rank too bounds it.
    cond = re.search(r"Index Cond: (.*)", first)
    ranged = bool(cond and "next_attempt_at <=" in cond.group(1) and "CASE" in cond.group(1))
    buffers = re.search(r"Buffers: shared ([^\n]*)", first)
    print(f"index pages touched by the first run: {buffers.group(1) if buffers else 'none'}")
    return rows, samples, ranged


def main():
    url = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    if url.startswith("sqlite:"):
        rows, samples, ranged = sqlite(url[len("sqlite:"):], runs, limit)
    else:
        rows, samples, ranged = postgres(url, runs, limit)
    print(f"RESULT claim rows={rows} median_ms={statistics.median(samples):.3f} "
          f"max_ms={max(samples):.3f} plan={'range' if ranged else 'scan'}")


if __name__ == "__main__":
    main()
