#!/usr/bin/env python3
"""Writes N distinct, signed Meta status webhooks for the webhook benchmark.

Each line is "<X-Hub-Signature-256 value>\t<body>". Every body is unique (its own wamid), so
every request the gateway acknowledges is a new row it must make durable: no answer comes
from the duplicate path.
"""
import hashlib
import hmac
import json
import sys

count, secret, phone_number_id, out_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
first = int(sys.argv[5]) if len(sys.argv) > 5 else 0  # wamid numbering, to keep files disjoint
with open(out_path, "w") as out:
    for i in range(first, first + count):
        body = json.dumps({
            "object": "whatsapp_business_account",
            "entry": [{"id": "BENCHWABA", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550001111", "phone_number_id": phone_number_id},
                "statuses": [{"id": f"wamid.BENCH{i:09d}", "status": "delivered",
                              "timestamp": "1767225600", "recipient_id": "12015550123"}]}}]}],
        }, separators=(",", ":"))
        signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
        out.write(f"sha256={signature}\t{body}\n")
