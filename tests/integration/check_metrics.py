#!/usr/bin/python3
"""Parses a Prometheus text exposition with two real parsers and prints what it holds.

Usage: check_metrics.py <exposition file>

1. prometheus_client's text_string_to_metric_families (the reference Python parser);
2. `promtool check metrics` (Prometheus' own linter), fed on stdin.

Prints one JSON object: {"families": {name: type}, "samples": [[name, {labels}, value], ...],
"promtool": <exit code>, "promtool_output": <text>}. Exits 1 when either parser refuses the text.
Must run with /usr/bin/python3 (Debian's python3-prometheus-client).
"""
import json
import math
import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    families = {}
    samples = []
    for family in text_string_to_metric_families(text):
        families[family.name] = family.type
        for sample in family.samples:
            value = sample.value
            if math.isinf(value) or math.isnan(value):
                value = str(value)
            samples.append([sample.name, dict(sample.labels), value])
    checked = subprocess.run(["/usr/bin/promtool", "check", "metrics"], input=text.encode(),
                             capture_output=True, timeout=60)
    out = checked.stdout.decode() + checked.stderr.decode()
    print(json.dumps({"families": families, "samples": samples,
                      "promtool": checked.returncode, "promtool_output": out}))
    return 0 if checked.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
