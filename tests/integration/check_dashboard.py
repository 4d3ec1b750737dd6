#!/usr/bin/python3
"""Checks a Grafana dashboard against a gateway's /metrics scrape.

Usage: check_dashboard.py <dashboard.json> <exposition file>

Every metric name in every panel's PromQL expression must be a series name the scrape exposes
(prometheus_client's parser reads the scrape; histograms contribute _bucket, _sum and _count),
every panel must query through the ${DS_PROMETHEUS} datasource variable, and the dashboard must
carry what Grafana's import needs (title, schemaVersion, the datasource variable).
Prints {"panels": n, "exprs": m, "unknown": [...], "problems": [...]}; exits 1 on any finding.
"""
import json
import re
import sys

from prometheus_client.parser import text_string_to_metric_families

# PromQL's aggregation operators, functions and keywords (the ones a dashboard may use).
PROMQL_WORDS = {
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
    "topk", "quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "and", "or", "unless", "offset", "rate", "irate", "increase", "delta", "idelta", "deriv",
    "histogram_quantile", "clamp_min", "clamp_max", "clamp", "abs", "absent", "ceil", "floor",
    "round", "time", "timestamp", "vector", "scalar", "label_replace", "label_join", "sort",
    "sort_desc", "changes", "resets", "avg_over_time", "max_over_time", "min_over_time",
    "sum_over_time", "count_over_time", "last_over_time", "inf", "nan", "e",
}


def exposed_names(text):
    names = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        for sample in family.samples:
            names.add(sample.name)
    # A family without samples yet still has its TYPE line: expose its series names too.
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            names.add(name)
            if kind == "histogram":
                names.update({name + "_bucket", name + "_sum", name + "_count"})
    return names


def metric_names(expr):
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)          # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                      # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                     # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\$\{?\w+\}?", "", expr)                    # dashboard variables
    tokens = re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", expr)
    return {t for t in tokens if t.lower() not in PROMQL_WORDS}


def panels_of(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        for inner in panel.get("panels", []):  # collapsed rows
            yield inner


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        dashboard = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        exposed = exposed_names(f.read())
    problems = []
    unknown = set()
    panels = exprs = 0
    if not isinstance(dashboard.get("schemaVersion"), int):
        problems.append("schemaVersion missing")
    if not dashboard.get("title"):
        problems.append("title missing")
    variables = [v.get("name") for v in dashboard.get("templating", {}).get("list", [])]
    if "DS_PROMETHEUS" not in variables:
        problems.append("templating lacks the DS_PROMETHEUS datasource variable")
    for panel in panels_of(dashboard):
        if panel.get("type") == "row":
            continue
        panels += 1
        targets = panel.get("targets", [])
        if not targets:
            problems.append("panel without targets: %s" % panel.get("title"))
        if panel.get("datasource", {}).get("uid") != "${DS_PROMETHEUS}":
            problems.append("panel not on ${DS_PROMETHEUS}: %s" % panel.get("title"))
        for target in targets:
            exprs += 1
            names = metric_names(target.get("expr", ""))
            if not names:
                problems.append("expression without a metric: %s" % target.get("expr"))
            unknown.update(n for n in names if n not in exposed)
    print(json.dumps({"panels": panels, "exprs": exprs, "unknown": sorted(unknown),
                      "problems": problems}))
    return 1 if unknown or problems else 0


if __name__ == "__main__":
    sys.exit(main())
