#!/usr/bin/env python3
"""GET /api/v2/conversations/{id} latency and paging, for bench/scale.sh.

usage: scale_get.py BASE_URL API_KEY CONVERSATION_ID EXPECTED_MESSAGES [REQUESTS=2000]

1. REQUESTS sequential GETs of the conversation's first page (the default page: its latest
   50 messages, plus totals, unread count and events) over one keep-alive connection; the
   latency of each, from the request's send to the end of its body, client overhead included
   (about 0.1 ms of Python);
2. a walk of the whole conversation with limit=200 and the `before` cursor, to check what
   paging returns: every message exactly once, newest page first, oldest message last.
Prints
  RESULT get ok= non200= p50_ms= p99_ms= max_ms= page= total= has_more=
  RESULT walk pages= messages= distinct= ok=0|1
ok=1 when the walk returned EXPECTED_MESSAGES distinct messages and the page reported
total=EXPECTED_MESSAGES; exits 1 otherwise.
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    base, key, conversation, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    requests = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    target = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    headers = {"Authorization": f"Bearer {key}"}
    path = f"/api/v2/conversations/{conversation}"

    def get(query=""):
        conn.request("GET", path + query, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()

    samples, non200, body = [], 0, b"{}"
    for _ in range(requests):
        began = time.perf_counter()
        status, payload = get()
        samples.append((time.perf_counter() - began) * 1000)
        if status == 200:
            body = payload
        else:
            non200 += 1
    samples.sort()
    page = json.loads(body)
    total = page.get("metadata", {}).get("totalMessages")

    def pick(q):
        return samples[min(len(samples) - 1, int(q * len(samples)))]

    print(f"RESULT get ok={requests - non200} non200={non200} p50_ms={pick(0.5):.2f} "
          f"p99_ms={pick(0.99):.2f} max_ms={samples[-1]:.2f} page={len(page.get('messages', []))} "
          f"total={total} has_more={str(page.get('paging', {}).get('hasMore')).lower()}")

    seen, pages, order_ok, before = [], 0, True, None
    while True:
        status, payload = get("?limit=200" + (f"&before={before}" if before else ""))
        if status != 200:
            print(f"walk: page {pages + 1} answered {status}: {payload[:200]!r}", file=sys.stderr)
            break
        page = json.loads(payload)
        pages += 1
        stamps = [m["createdAt"] for m in page["messages"]]
        order_ok = order_ok and stamps == sorted(stamps)  # each page oldest first
        seen.extend(m["id"] for m in reversed(page["messages"]))
        before = page["paging"]["before"]
        if not page["paging"]["hasMore"] or before is None or pages > expected:
            break
    ok = len(set(seen)) == expected == len(seen) and total == expected and order_ok
    print(f"RESULT walk pages={pages} messages={len(seen)} distinct={len(set(seen))} "
          f"ordered={int(order_ok)} ok={int(ok)}")
    sys.exit(0 if ok and non200 == 0 else 1)


if __name__ == "__main__":
    main()
