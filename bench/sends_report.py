#!/usr/bin/env python3
"""Reads one phase of bench/sends.sh back from the gateway's database.

usage: sends_report.py <storage url> <phase>
       storage url: sqlite:<path> or postgresql://... (read with psql);
       phase: the word after "bench " in the message text (now, rate, ...)

Prints one RESULT line: how many of the phase's outbound messages exist and in which state,
the rate at which they reached `sent` (messages with a sent_at over the span from the first
created_at to the last sent_at, in seconds), and percentiles of accept -> sent in
milliseconds (messages.sent_at - messages.created_at). created_at is stamped by the
accepting gateway just before the accepting transaction, sent_at when the provider's answer
arrived; both with millisecond precision, on the same host clock.
"""
import re
import sqlite3
import subprocess
import sys
from datetime import datetime


def millis(text):
    # SQLite stores ISO-8601 UTC text with milliseconds, e.g. 2026-11-27T16:04:05.123Z.
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000.0


def sqlite_rows(path, pattern):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT delivery_status, created_at, sent_at FROM messages "
        "WHERE direction = 'outbound' AND content LIKE ?", (pattern,)).fetchall()
    return [(status, millis(created), millis(sent) if sent is not None else None)
            for status, created, sent in rows]


def postgres_rows(url, pattern):
    # The pattern is "bench <word> %" with a checked word: safe to inline.
    query = ("SELECT delivery_status, extract(epoch FROM created_at) * 1000, "
             "extract(epoch FROM sent_at) * 1000 FROM messages "
             f"WHERE direction = 'outbound' AND content LIKE '{pattern}'")
    out = subprocess.run(["psql", url, "-XqAt", "-F", "\t", "-c", query], check=True,
                         capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        status, created, sent = line.split("\t")
        rows.append((status, float(created), float(sent) if sent else None))
    return rows


def percentile(ordered, p):
    # Nearest rank, as wrk and autocannon report theirs.
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def main():
    if len(sys.argv) != 3 or not re.fullmatch(r"[a-z]+", sys.argv[2]):
        sys.exit(__doc__)
    url, phase = sys.argv[1], sys.argv[2]
    pattern = f"bench {phase} %"
    if url.startswith("sqlite:"):
        rows = sqlite_rows(url[len("sqlite:"):], pattern)
    else:
        rows = postgres_rows(url, pattern)
    states = {}
    latencies, first_accept, last_sent = [], None, None
    for status, created, sent in rows:
        states[status] = states.get(status, 0) + 1
        first_accept = created if first_accept is None else min(first_accept, created)
        if sent is not None:
            last_sent = sent if last_sent is None else max(last_sent, sent)
            latencies.append(sent - created)
    latencies.sort()
    span_s = (last_sent - first_accept) / 1000.0 if latencies else 0.0
    sent_per_s = len(latencies) / span_s if span_s > 0 else 0.0
    print("RESULT rows=%d sent=%d pending=%d failed=%d span_s=%.2f sent_per_s=%.0f "
          "p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f" % (
              len(rows), len(latencies), states.get("pending", 0), states.get("failed", 0),
              span_s, sent_per_s, percentile(latencies, 50), percentile(latencies, 90),
              percentile(latencies, 99), latencies[-1] if latencies else float("nan")))


if __name__ == "__main__":
    main()
