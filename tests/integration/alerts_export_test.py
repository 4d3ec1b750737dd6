#!/usr/bin/python3
"""`mensajero alerts export` (issue 12) run as the real binary: the default rules and a custom
set become a Prometheus alerting-rules file that `promtool check rules` accepts, with the
expressions, durations and labels the gateway's own evaluation uses; a rule that does not parse
stops the command naming the rule and the position.

Usage: alerts_export_test.py --binary build/dev/src/app/mensajero [--promtool /usr/bin/promtool]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import yaml

CUSTOM = r'''
alerts:
  - name: "Any 5xx"
    condition: "error_rate >= 0.5% for 30 seconds"
    severity: low
    channels: [webhook]
  - name: "Breaker not closed"
    condition: "circuit_breaker_state != 'CLOSED' for 2 hours"
    severity: critical
    channels: [pagerduty, slack]
  - name: "Half open {{ now }}"
    condition: 'circuit_breaker_state = "HALF_OPEN"'
    severity: medium
    channels: [email]
  - name: "Webhooks slow (s)"
    condition: "webhook_response_time>1.5s"
    severity: high
    channels: [slack]
  - name: "9 delivery"
    condition: "message_delivery_rate <= 99.5% for 1 hour"
    severity: high
    channels: [slack, email]
'''

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message, file=sys.stderr)


def export(binary, workdir, config_text, name):
    config = os.path.join(workdir, name + ".yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(config_text)
    output = os.path.join(workdir, name + ".rules.yml")
    run = subprocess.run([binary, "alerts", "export", "--config", config, "--output", output],
                         capture_output=True, text=True, timeout=60, check=False)
    return run, output


def promtool_ok(promtool, path):
    run = subprocess.run([promtool, "check", "rules", path], capture_output=True, text=True,
                         timeout=60, check=False)
    return run.returncode == 0, run.stdout + run.stderr


def rules_of(path):
    with open(path, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    groups = document["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_default_rules(binary, promtool, workdir):
    run, output = export(binary, workdir, "server:\n  port: 0\n", "default")
    check(run.returncode == 0, "default export exits 0: " + run.stderr)
    ok, said = promtool_ok(promtool, output)
    check(ok, "promtool accepts the default rules: " + said)
    check("SUCCESS: 4 rules found" in said, "promtool finds 4 rules: " + said)
    rules = {rule["alert"]: rule for rule in rules_of(output)}
    check(sorted(rules) == ["CircuitBreakerOpened", "HighErrorRate", "MessageDeliveryFailure",
                            "WebhookProcessingSlow"], "the spec's four alerts: %s" % sorted(rules))
    high = rules["HighErrorRate"]
    check(high["for"] == "5m", "High Error Rate for 5m")
    check(high["labels"] == {"severity": "critical"}, "High Error Rate is critical")
    check(high["annotations"]["summary"] == "High Error Rate", "summary is the rule's name")
    check('mensajero_http_requests_total{status_class="5xx"}[1m]' in high["expr"]
          and high["expr"].rstrip().endswith("> 0.05"), "error rate expression: " + high["expr"])
    breaker = rules["CircuitBreakerOpened"]
    check(breaker["expr"].strip() == "max(mensajero_circuit_breaker_state) >= 2",
          "breaker expression: " + breaker["expr"])
    check("for" not in breaker, "the breaker rule fires at once")
    slow = rules["WebhookProcessingSlow"]
    check(slow["for"] == "3m" and slow["expr"].rstrip().endswith("> 2")
          and "mensajero_webhook_response_seconds_sum[1m]" in slow["expr"],
          "webhook expression in seconds: " + slow["expr"])
    delivery = rules["MessageDeliveryFailure"]
    check(delivery["for"] == "10m" and "[10m]" in delivery["expr"]
          and delivery["expr"].rstrip().endswith("< 0.95"),
          "delivery expression over the rule's window: " + delivery["expr"])


def test_custom_rules(binary, promtool, workdir):
    run, output = export(binary, workdir, CUSTOM, "custom")
    check(run.returncode == 0, "custom export exits 0: " + run.stderr)
    ok, said = promtool_ok(promtool, output)
    check(ok and "SUCCESS: 5 rules found" in said, "promtool accepts the custom rules: " + said)
    rules = rules_of(output)
    names = [rule["alert"] for rule in rules]
    check(names == ["Any5xx", "BreakerNotClosed", "HalfOpenNow", "WebhooksSlowS",
                    "Mensajero9Delivery"], "alert names: %s" % names)
    check(rules[0]["for"] == "30s" and rules[0]["expr"].rstrip().endswith(">= 0.005"),
          "per mille threshold: %s" % rules[0])
    check(rules[1]["for"] == "2h" and rules[1]["expr"].strip()
          == "max(mensajero_circuit_breaker_state) > 0", "not closed: %s" % rules[1])
    check(rules[2]["expr"].strip() == "max(mensajero_circuit_breaker_state) == 1",
          "half open: %s" % rules[2])
    check("{{ now }}" not in rules[2]["annotations"]["summary"],
          "a name's braces are not a template: %s" % rules[2]["annotations"])
    check(rules[3]["expr"].rstrip().endswith("> 1.5") and "for" not in rules[3],
          "seconds: %s" % rules[3])
    check("[1h]" in rules[4]["expr"] and rules[4]["expr"].rstrip().endswith("<= 0.995"),
          "delivery window of an hour: %s" % rules[4])


def test_no_rules(binary, promtool, workdir):
    run, output = export(binary, workdir, "alerts: []\n", "none")
    check(run.returncode == 0, "empty export exits 0: " + run.stderr)
    ok, said = promtool_ok(promtool, output)
    check(ok, "promtool accepts no rules: " + said)
    check(rules_of(output) == [], "no rules exported")


def test_bad_condition(binary, workdir):
    bad = CUSTOM.replace("webhook_response_time>1.5s", "webhook_response_time > 2000")
    run, output = export(binary, workdir, bad, "bad")
    check(run.returncode == 2, "a bad condition exits 2, got %d" % run.returncode)
    check('alerts[3].condition: rule "Webhooks slow (s)": position 29: expected a unit (ms, s) '
          'after 2000' in run.stderr, "the error names rule and position: " + run.stderr)
    check(not os.path.exists(output), "nothing written")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--promtool", default="/usr/bin/promtool")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mensajero-alerts-export-") as workdir:
        test_default_rules(args.binary, args.promtool, workdir)
        test_custom_rules(args.binary, args.promtool, workdir)
        test_no_rules(args.binary, args.promtool, workdir)
        test_bad_condition(args.binary, workdir)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES), file=sys.stderr)
        return 1
    print("alerts export: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
