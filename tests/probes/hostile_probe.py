#!/usr/bin/env python3
"""Hostile-input probe: starts the real gateway and provider simulator from a build tree, throws
the inputs of issue 8 at it, and checks that it kept its promises.

What it sends (each one a separate probe):
  deep-json        a 100,000-level nested message.content, with and without Idempotency-Key
  huge-numbers     1e500 and a 400-digit integer in a send body and in a signed webhook
  smuggling        Transfer-Encoding codings whose last coding is not chunked, each followed by
                   a second request hidden in the body
  idle-conns       many idle connections held open
  big-unauth       many concurrent 4 MiB bodies without credentials, to the API and to the
                   webhook route of an organization that does not exist
  cross-org        a status event for clinic B's message, signed by clinic A and posted to A's
                   URL, and the simulator's status webhooks for B's number sent to A's URL
  auth-flood       a burst of failed authentications from one source

What it checks throughout and after:
  - /api/v2/health answers within 1 s while every probe runs (a poller measures every answer);
  - the gateway never dies and never answers 500;
  - its RSS stays under --rss-limit-mb (skipped when 0, e.g. under AddressSanitizer);
  - clinic B's message is exactly as it was before the forged events.

Exit status 0 when every check held; 1 with the failed checks listed otherwise.
Standard library only, so it runs wherever python3 does.
"""

import argparse
import hashlib
import hmac
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

CLINIC_A = "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01"
CLINIC_B = "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e02"
UNKNOWN_ORG = "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9eff"
PHONE_ID_A = "200000000000001"
PHONE_ID_B = "200000000000002"
SECRET_A = "clinic-a-app-secret"
SECRET_B = "clinic-b-app-secret"
RECIPIENT_A = "+12015550123"
RECIPIENT_B = "+12015550124"
RECIPIENT_MARKER = "+12015550125"

HEALTH_BUDGET_S = 1.0


class Failures:
    """Collects failed checks; a probe goes on after a failure so the report is complete."""

    def __init__(self):
        self.items = []
        self.lock = threading.Lock()

    def check(self, ok, what):
        if not ok:
            with self.lock:
                self.items.append(what)
            print(f"  FAIL {what}", flush=True)
        return ok


# --------------------------------------------------------------------------- processes


def wait_for_port_file(path, process, timeout_s=30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with open(path) as f:
                text = f.read().strip()
            if text:
                return int(text)
        except FileNotFoundError:
            pass
        time.sleep(0.05)  # polling a file another process writes; nothing to await
    raise RuntimeError(f"{path} did not appear within {timeout_s} s")


def write_config(path, sim_port, db_path):
    sim = f"http://127.0.0.1:{sim_port}"
    orgs = [(CLINIC_A, "Clinic A", PHONE_ID_A, SECRET_A), (CLINIC_B, "Clinic B", PHONE_ID_B, SECRET_B)]
    lines = [
        "server: {host: 127.0.0.1, port: 0}",
        f'storage: {{url: "sqlite:{db_path}"}}',
        "delivery: {send_wait_ms: 5000, poll_interval_ms: 200}",
        "logging: {level: info}",
        # The simulator does not enforce WhatsApp's service window; these patients never wrote.
        "whatsapp: {enforce_service_window: false}",
        "organizations:",
    ]
    for org_id, name, phone_id, secret in orgs:
        lines += [
            f"  - id: {org_id}",
            f"    name: {name}",
            "    default_region: US",
            "    channels:",
            "      - type: whatsapp",
            "        provider: meta",
            "        provider_config:",
            f"          base_url: {sim}",
            f'          phone_number_id: "{phone_id}"',
            f"          access_token: token-{phone_id}",
            f"          app_secret: {secret}",
            "          verify_token: probe-verify",
            "          timeout_ms: 2000",
        ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class Rig:
    """provider-sim and mensajero from a build tree, on free loopback ports."""

    def __init__(self, build_dir, work_dir):
        self.build_dir = build_dir
        self.dir = work_dir
        self.gateway_bin = os.path.join(build_dir, "src/app/mensajero")
        self.sim_bin = os.path.join(build_dir, "tools/provider-sim/provider-sim")
        self.config = os.path.join(work_dir, "gateway.yaml")
        self.processes = []

    def start(self):
        sim_ready = os.path.join(self.dir, "sim.port")
        sim = self._spawn(
            [self.sim_bin, "--host", "127.0.0.1", "--port", "0", "--ready-file", sim_ready,
             "--status-delays-ms", "10,20,30", "--log-level", "warn"], "sim.log")
        self.sim_port = wait_for_port_file(sim_ready, sim)
        write_config(self.config, self.sim_port, os.path.join(self.dir, "gateway.db"))
        self._run([self.gateway_bin, "--config", self.config, "migrate"])
        self.key_a = self._create_key(CLINIC_A)
        self.key_b = self._create_key(CLINIC_B)
        ready = os.path.join(self.dir, "gateway.port")
        self.gateway = self._spawn(
            [self.gateway_bin, "--config", self.config, "serve", "--ready-file", ready], "gateway.log")
        self.port = wait_for_port_file(ready, self.gateway)
        # The simulator posts every status webhook to clinic A's endpoint, signed by A: for B's
        # messages that is the cross-organization case of the issue.
        status, _ = http_call("POST", f"http://127.0.0.1:{self.sim_port}/_sim/webhook-target",
                              {"url": self.url(f"/api/v2/webhooks/whatsapp/{CLINIC_A}"),
                               "app_secret": SECRET_A})
        if status != 200:
            raise RuntimeError("cannot point the simulator at the gateway")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def alive(self):
        return self.gateway.poll() is None

    def responsive(self):
        """Alive and answering health: a crash can take a moment to show in poll()."""
        status, _ = http_call("GET", self.url("/api/v2/health"), timeout=5)
        return status in (200, 503) and self.alive()

    def rss_mb(self):
        try:
            with open(f"/proc/{self.gateway.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024.0
        except FileNotFoundError:
            return -1.0
        return -1.0

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _spawn(self, argv, log_name):
        log = open(os.path.join(self.dir, log_name), "wb")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def _run(self, argv):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[3:])} failed: {done.stderr}")
        return done.stdout

    def _create_key(self, org):
        out = self._run([self.gateway_bin, "--config", self.config, "key", "create", "--org", org,
                         "--name", "probe"])
        return out.strip().splitlines()[-1]


# --------------------------------------------------------------------------- HTTP helpers


def http_call(method, url, body=None, headers=None, timeout=30):
    """(status, body text); status 0 when the connection failed or timed out."""
    data = None
    if body is not None:
        data = body.encode() if isinstance(body, str) else (
            body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def sign(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()


def send_text(rig, key, recipient, text, extra=None):
    body = {"recipient": {"type": "phone", "value": recipient},
            "message": {"type": "text", "content": text}}
    return http_call("POST", rig.url("/api/v2/messages/send"), body,
                     {"Authorization": f"Bearer {key}", **(extra or {})})


def conversation(rig, key, conversation_id):
    status, text = http_call("GET", rig.url(f"/api/v2/conversations/{conversation_id}"),
                             headers={"Authorization": f"Bearer {key}"})
    return json.loads(text) if status == 200 else None


def status_webhook(phone_number_id, wamid, status):
    return json.dumps({
        "object": "whatsapp_business_account",
        "entry": [{"id": "100", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": phone_number_id},
            "statuses": [{"id": wamid, "status": status, "timestamp": str(int(time.time())),
                          "recipient_id": "12015550124",
                          "errors": [{"code": 131026, "title": "forged"}] if status == "failed" else []}],
        }}]}]})


def inbound_webhook(phone_number_id, wamid, sender, text):
    return json.dumps({
        "object": "whatsapp_business_account",
        "entry": [{"id": "100", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Probe"}, "wa_id": sender}],
            "messages": [{"from": sender, "id": wamid, "timestamp": str(int(time.time())),
                          "type": "text", "text": {"body": text}}],
        }}]}]})


def raw_exchange(port, data, timeout=5.0):
    """Sends raw bytes, reads until the server closes or `timeout`; returns what came back."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


# --------------------------------------------------------------------------- health watch


class HealthWatch(threading.Thread):
    """Asks /api/v2/health every 200 ms from a fresh connection and keeps the slowest answer."""

    def __init__(self, rig):
        super().__init__(daemon=True)
        self.rig = rig
        self.stop_event = threading.Event()
        self.slowest = 0.0
        self.slowest_during = ""
        self.failures = 0
        self.samples = 0
        self.current_probe = ""  # set by main(), so a slow answer names what caused it

    def run(self):
        while not self.stop_event.is_set():
            started = time.monotonic()
            status, _ = http_call("GET", self.rig.url("/api/v2/health"), timeout=5)
            elapsed = time.monotonic() - started
            self.samples += 1
            if elapsed > self.slowest:
                self.slowest, self.slowest_during = elapsed, self.current_probe
            if status not in (200, 503):
                self.failures += 1
            self.stop_event.wait(0.2)  # the sampling period, not synchronisation

    def stop(self):
        self.stop_event.set()
        self.join()


# --------------------------------------------------------------------------- probes


def probe_deep_json(rig, failures):
    """A deep array where the gateway keeps JSON (a template's content), and a deep member in an
    otherwise valid send that carries an Idempotency-Key (its body is fingerprinted)."""
    deep = "[" * 100_000 + "]" * 100_000
    recipient = '{"recipient":{"type":"phone","value":"' + RECIPIENT_A + '"},'
    cases = [
        ("template content", recipient + '"message":{"type":"template","content":' + deep + "}}",
         {}),
        ("idempotent send", recipient + '"message":{"type":"text","content":"x"},"extra":' + deep +
         "}", {"Idempotency-Key": "probe-deep-1"}),
    ]
    for name, body, extra in cases:
        status, _ = http_call("POST", rig.url("/api/v2/messages/send"), body,
                              {"Authorization": f"Bearer {rig.key_a}", **extra})
        failures.check(status == 400, f"deep-json {name}: expected 400, got {status}")


def probe_huge_numbers(rig, failures):
    for number in ("1e500", "-1e500", "9" * 400):
        body = ('{"recipient":{"type":"phone","value":"' + RECIPIENT_A +
                '"},"message":{"type":"text","content":"x"},"options":{"priority":' + number + "}}")
        status, _ = http_call("POST", rig.url("/api/v2/messages/send"), body,
                              {"Authorization": f"Bearer {rig.key_a}"})
        failures.check(status == 400, f"huge-numbers send {number[:8]}: expected 400, got {status}")
        hook = ('{"object":"whatsapp_business_account","entry":[{"id":' + number +
                ',"changes":[]}]}')
        status, _ = http_call("POST", rig.url(f"/api/v2/webhooks/whatsapp/{CLINIC_A}"), hook,
                              {"X-Hub-Signature-256": sign(SECRET_A, hook)})
        failures.check(400 <= status < 500 or status == 200,
                       f"huge-numbers webhook {number[:8]}: expected 200 or 4xx, got {status}")
    failures.check(rig.alive(), "huge-numbers: the gateway died")


def probe_smuggling(rig, failures):
    hidden = b"GET /api/v2/health HTTP/1.1\r\nHost: x\r\n\r\n"
    for coding in (b"gzip", b"identity", b"xchunked", b"chunked, identity", b"gzip, chunked, gzip"):
        request = (b"POST /api/v2/messages/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " +
                   coding + b"\r\nContent-Type: application/json\r\n\r\n" + hidden)
        answer = raw_exchange(rig.port, request)
        statuses = [line for line in answer.split(b"\r\n") if line.startswith(b"HTTP/1.1 ")]
        first = statuses[0].decode() if statuses else "nothing"
        failures.check(len(statuses) == 1 and statuses[0].startswith(b"HTTP/1.1 400"),
                       f"smuggling {coding.decode()}: expected one 400, got {len(statuses)} "
                       f"answer(s), first {first!r}")


def raise_fd_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def probe_idle_connections(rig, failures, count):
    limit = raise_fd_limit(count + 200)
    count = min(count, limit - 200)
    held = []
    elapsed = float("nan")
    try:
        for _ in range(count):
            try:
                held.append(socket.create_connection(("127.0.0.1", rig.port), timeout=5))
            except OSError:
                break  # refused or reset: the server's cap at work
        started = time.monotonic()
        status, _ = http_call("GET", rig.url("/api/v2/health"), timeout=5)
        elapsed = time.monotonic() - started
        failures.check(status in (200, 503) and elapsed < HEALTH_BUDGET_S,
                       f"idle-conns: with {len(held)} idle connections health took {elapsed:.2f} s "
                       f"(status {status})")
    finally:
        for s in held:
            s.close()
    print(f"  idle-conns: held {len(held)} connections, health then took {elapsed:.3f} s",
          flush=True)


def stream_unauthenticated(port, path, size, barrier, results, index):
    """Announces `size` bytes without credentials and sends all but the last one, waits until
    every connection has done as much (so a gateway that buffers unauthenticated bodies holds
    them all at once), then sends the last byte and records the status line."""
    head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    chunk = b"x" * 65536
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(head)
            sent = 0
            try:
                while sent < size - 1:
                    n = min(len(chunk), size - 1 - sent)
                    s.sendall(chunk[:n])
                    sent += n
            except OSError:
                pass  # the server answered early and closed: what we hope for
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            try:
                s.sendall(b"x")
            except OSError:
                pass
            answer = s.recv(200)
            results[index] = answer.split(b"\r\n", 1)[0].decode(errors="replace") or "closed"
    except OSError:
        results[index] = "closed"


def probe_big_unauthenticated(rig, failures, connections, rss_limit_mb):
    # Each route at its own body limit: 1 MiB for the API, 4 MiB for webhooks. Clinic A's
    # webhook URL is real, so only the signature (checked after the body) can refuse those.
    cases = [("/api/v2/messages/send", 1 << 20),
             (f"/api/v2/webhooks/whatsapp/{UNKNOWN_ORG}", 4 << 20),
             (f"/api/v2/webhooks/whatsapp/{CLINIC_A}", 4 << 20)]
    for path, size in cases:
        results = [None] * connections
        peak = [0.0]

        def all_sent():  # runs once every connection is parked before its last byte
            peak[0] = rig.rss_mb()

        barrier = threading.Barrier(connections, action=all_sent, timeout=120)
        threads = [threading.Thread(target=stream_unauthenticated,
                                    args=(rig.port, path, size, barrier, results, i))
                   for i in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bad = [r for r in results if r and " 500 " in r]
        failures.check(not bad, f"big-unauth {path}: {len(bad)} answers were 500")
        answers = {}
        for r in results:
            answers[str(r)] = answers.get(str(r), 0) + 1
        print(f"  big-unauth {path}: answers {answers}; RSS with all bodies in flight "
              f"{peak[0]:.0f} MB", flush=True)
        if rss_limit_mb > 0:
            failures.check(peak[0] < rss_limit_mb,
                           f"big-unauth {path}: RSS {peak[0]:.0f} MB over {rss_limit_mb} MB")
        failures.check(rig.alive(), "big-unauth: the gateway died")


def await_condition(condition, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)  # polling the API for a state change the gateway makes on its own
    return condition()


def probe_cross_org(rig, failures):
    """B's message must not move through events received on A's endpoint."""
    status, text = send_text(rig, rig.key_b, RECIPIENT_B, "probe message of clinic B")
    if not failures.check(status == 200, f"cross-org: B's send answered {status}"):
        return
    sent = json.loads(text)
    conversation_id, message_id = sent["conversationId"], sent["messageId"]

    def b_message():
        page = conversation(rig, rig.key_b, conversation_id)
        if not page:
            return None
        return next((m for m in page["messages"] if m["id"] == message_id), None)

    before = await_condition(lambda: (m := b_message()) and m.get("externalId") and m, 10)
    if not failures.check(bool(before), "cross-org: B's message has no external id"):
        return
    # The simulator's own status webhooks for B's number went to A's URL: wait until A's
    # endpoint has applied a status for A's own message, so those for B's were processed too.
    status, text = send_text(rig, rig.key_a, RECIPIENT_A, "probe message of clinic A")
    a = json.loads(text) if status == 200 else {}
    a_read = await_condition(lambda: any(
        m["id"] == a.get("messageId") and m["status"] == "read"
        for m in (conversation(rig, rig.key_a, a.get("conversationId", "")) or {}).get("messages", [])),
        15)
    failures.check(bool(a_read), "cross-org: A's own message never reached 'read'")
    forged = status_webhook(PHONE_ID_B, before["externalId"], "failed")
    status, _ = http_call("POST", rig.url(f"/api/v2/webhooks/whatsapp/{CLINIC_A}"), forged,
                          {"X-Hub-Signature-256": sign(SECRET_A, forged)})
    failures.check(status == 200, f"cross-org: forged webhook answered {status}")
    forged_own_number = status_webhook(PHONE_ID_A, before["externalId"], "failed")
    http_call("POST", rig.url(f"/api/v2/webhooks/whatsapp/{CLINIC_A}"), forged_own_number,
              {"X-Hub-Signature-256": sign(SECRET_A, forged_own_number)})
    # Stored webhooks are applied oldest first, so once an inbound marker posted after the
    # forged events shows up in its conversation, the forged events have been processed.
    status, text = send_text(rig, rig.key_a, RECIPIENT_MARKER, "probe marker conversation")
    marker_conversation = json.loads(text)["conversationId"] if status == 200 else ""
    marker = inbound_webhook(PHONE_ID_A, "wamid.probe-marker-1", RECIPIENT_MARKER[1:], "marker")
    http_call("POST", rig.url(f"/api/v2/webhooks/whatsapp/{CLINIC_A}"), marker,
              {"X-Hub-Signature-256": sign(SECRET_A, marker)})
    marker_seen = await_condition(lambda: any(
        m["direction"] == "inbound"
        for m in (conversation(rig, rig.key_a, marker_conversation) or {}).get("messages", [])), 15)
    failures.check(bool(marker_seen), "cross-org: the marker webhook was never applied")
    after = b_message()
    failures.check(after is not None and after["status"] == before["status"] and
                   after.get("error") == before.get("error"),
                   f"cross-org: B's message moved from {before['status']} to "
                   f"{after and after['status']}")


def probe_auth_flood(rig, failures):
    statuses = []
    for i in range(60):
        status, _ = http_call("GET", rig.url(f"/api/v2/conversations/{CLINIC_A}"),
                              headers={"Authorization": f"Bearer mj_wrong_{i}"})
        statuses.append(status)
    failures.check(all(s in (401, 429) for s in statuses),
                   f"auth-flood: unexpected answers {sorted(set(statuses))}")
    failures.check(429 in statuses, "auth-flood: a source failing 60 times was never slowed (no 429)")


# --------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--rss-limit-mb", type=float, default=150.0,
                        help="peak gateway RSS allowed under the probes; 0 skips the check")
    parser.add_argument("--idle-connections", type=int, default=2000)
    parser.add_argument("--big-connections", type=int, default=150)
    parser.add_argument("--skip", action="append", default=[], metavar="PROBE",
                        help="leave out a probe by name (repeatable), e.g. to look at the others")
    parser.add_argument("--keep", action="store_true", help="keep the work directory and logs")
    args = parser.parse_args()

    work_dir = tempfile.mkdtemp(prefix="mensajero-probe-")
    rig = Rig(os.path.abspath(args.build_dir), work_dir)
    failures = Failures()
    probes = []
    try:
        rig.start()
        watch = HealthWatch(rig)
        watch.start()
        probes = [
            ("deep-json", lambda: probe_deep_json(rig, failures)),
            ("huge-numbers", lambda: probe_huge_numbers(rig, failures)),
            ("smuggling", lambda: probe_smuggling(rig, failures)),
            ("cross-org", lambda: probe_cross_org(rig, failures)),
            ("idle-conns", lambda: probe_idle_connections(rig, failures, args.idle_connections)),
            ("big-unauth", lambda: probe_big_unauthenticated(
                rig, failures, args.big_connections, args.rss_limit_mb)),
            ("auth-flood", lambda: probe_auth_flood(rig, failures)),
        ]
        for name, probe in probes:
            if name in args.skip:
                continue
            print(f"probe {name}", flush=True)
            watch.current_probe = name
            try:
                probe()
            except Exception as e:  # a probe that cannot finish is a failed check, not a crash
                failures.check(False, f"{name}: {type(e).__name__}: {e}")
            if not failures.check(rig.responsive(), f"{name}: the gateway stopped answering"):
                break
        watch.stop()
        print(f"health: {watch.samples} answers, slowest {watch.slowest:.3f} s "
              f"(during {watch.slowest_during})", flush=True)
        failures.check(watch.slowest < HEALTH_BUDGET_S,
                       f"health: slowest answer {watch.slowest:.2f} s during {watch.slowest_during}")
        failures.check(watch.failures == 0, f"health: {watch.failures} answers were not 200/503")
        failures.check(rig.alive(), "the gateway is not running at the end")
        with open(os.path.join(work_dir, "gateway.log"), errors="replace") as f:
            log = f.read()
        failures.check(all(r[1:] not in log for r in (RECIPIENT_A, RECIPIENT_B, RECIPIENT_MARKER)),
                       "the gateway log holds a recipient's phone number")
    finally:
        rig.stop()
        if args.keep or failures.items:
            print(f"work directory kept: {work_dir}", flush=True)
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    if failures.items:
        print(f"hostile probe: {len(failures.items)} check(s) failed:")
        for item in failures.items:
            print(f"  - {item}")
        return 1
    print(f"hostile probe: all checks held ({len(probes) - len(args.skip)} probes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
