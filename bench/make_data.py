#!/usr/bin/python3
"""Fills a migrated gateway database with a large history, for bench/scale.sh (issue 13, point 5).

usage: make_data.py STORAGE_URL ORGANIZATION_ID
         [--messages N] [--patients N] [--webhooks N] [--future N] [--conversation N]
         [--sent-for-statuses N]
  STORAGE_URL      the gateway's storage.url: sqlite:/path/file.db or postgresql://...
  ORGANIZATION_ID  the benchmark's organization: it comes first, so it owns the large
                   conversation (whose id is printed) and its share of everything else.
  env SCALE_MESSAGES (5,000,000), SCALE_PATIENTS (1,000,000), SCALE_WEBHOOKS (2,000,000),
      SCALE_FUTURE (1,000,000), SCALE_CONVERSATION (10,000) give the defaults of the options.

The database must be migrated (`mensajero migrate`) and its organizations must each have a
WhatsApp channel (the gateway's config creates them); the rows are spread over all of them.
The gateway must not be running (SQLite: the fill takes the file for itself). Fill a database
once: a second run writes the same ids again and fails on the first primary key.

What it writes, as the gateway's own stores would (same columns, enums, time and id formats):
  - PATIENTS patients, each with one WhatsApp conversation (+3462..., disjoint from the
    +3461... numbers of bench/make_webhooks.py and the +1 numbers of bench/wrk/sends.lua);
  - MESSAGES messages in all, of which: one conversation of exactly CONVERSATION messages
    (the benchmark organization's, inbound and outbound alternating over the last 30 days);
    FUTURE outbound messages scheduled 1 to 28 days ahead, as a scheduled accept leaves them
    (pending, no attempt, no lease, next_attempt_at = scheduledAt to the second); the rest a
    year of history spread over the other conversations, inbound ('delivered') and outbound
    (sent, delivered, read, or failed with Meta's 131026);
  - WEBHOOKS processed Meta webhooks in webhook_logs (status 'success'), half inbound text
    messages of about 1.2 KB and half delivery statuses, each with its payload's SHA-256.
  Then each conversation's last_inbound_at (its latest inbound message), as the inbound path
  sets it.
Not written: message_attempts rows for the historical sends, webhook_events (the dedup ids,
pruned after 8 days anyway), inbound_events.

With --sent-for-statuses N it writes only what makes bench/make_webhooks.py's statuses match:
one WhatsApp conversation with +12015550123 (their recipient) and an outbound message in state
'sent' for each odd n < N, with the provider id wamid.BENCH<n, 9 digits> that status n names
(issue 13: a clinic's statuses are about messages it sent; unmatched ones cost less to apply).

Ids are UUID version 4 in form; their first 8 hex digits are a multiplicative hash of the row
number (so they spread over the key space like random ones, and the gateway's own inserts land
anywhere in the indexes) and their last 12 the row number (so they never collide).

Everything runs as set-based SQL in one transaction: a recursive CTE in SQLite (journal off
and synchronous off during the fill: a crash leaves a broken benchmark file, nothing else),
generate_series in PostgreSQL (then VACUUM ANALYZE, as autovacuum would soon do, so that it
does not run during the measurement). SQLite gets no ANALYZE: the gateway never runs one.
"""
import argparse
import os
import subprocess
import sys
import time

DAY = 86_400_000  # ms

# Patients' messages and the clinics' answers (Spanish, as in bench/make_webhooks.py).
INBOUND_TEXTS = [
    "Buenos dias, quisiera confirmar la cita del martes con la doctora.",
    "Hola, puedo cambiar la hora de mi cita a la tarde? Trabajo por la manana.",
    "Necesito llevar los resultados de laboratorio impresos o ya los tienen en el sistema?",
    "Gracias, alli estare. Hace falta ayuno para los analisis?",
    "Buenas tardes, me pidieron repetir la ecografia este ano, necesito una nueva orden?",
    "No podre ir manana, quisiera cancelar y pedir otra fecha la semana que viene por favor.",
    "Si, confirmo. Muchas gracias por avisar.",
    "Donde puedo aparcar cerca de la clinica? La ultima vez no encontre sitio.",
]
OUTBOUND_TEXTS = [
    "Recordatorio: tiene cita manana a las 10:30 con la Dra. Garcia. Responda SI para confirmar.",
    "Su cita ha sido confirmada. Por favor llegue 10 minutos antes con su documento de identidad.",
    "Sus resultados ya estan disponibles en el portal del paciente.",
    "Le recordamos que debe venir en ayunas de 8 horas para los analisis de sangre.",
    "Hemos cambiado su cita al jueves a las 17:00. Si no le viene bien, respondanos.",
    "Gracias por su mensaje. Un miembro del equipo le contestara en breve.",
]
WEBHOOK_TEXT = (
    "Buenos dias, quisiera confirmar la cita del martes con la doctora y preguntar si debo llevar "
    "los resultados de laboratorio impresos o si ya los tienen en el sistema. Tambien queria saber "
    "si puedo cambiar la hora a la tarde porque trabajo por la manana y me queda lejos la clinica. "
    "Muchas gracias por su ayuda, quedo atento a su respuesta. Otra consulta: el ano pasado me "
    "hicieron una ecografia en su clinica y el especialista me pidio repetirla este ano; no se si "
    "necesito una nueva orden del medico de cabecera o si basta con la anterior. Si hace falta "
    "ayuno para los analisis, diganme desde que hora. Saludos cordiales y que tengan un buen dia "
    "todo el equipo de la clinica. Mensaje ")

# Id tags (the second group of the UUID: 5ca<tag>), one per kind of row.
PATIENT, CONVERSATION, HISTORY, LARGE, FUTURE, WEBHOOK, SENT = 1, 2, 3, 4, 5, 6, 7


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def pick(texts, index_sql):
    """SQL choosing texts[index % len(texts)]."""
    whens = " ".join(f"WHEN {i} THEN {quote(t)}" for i, t in enumerate(texts))
    return f"(CASE ({index_sql}) % {len(texts)} {whens} END)"


class SQLite:
    name = "sqlite"
    empty_json = "'{}'"

    def uuid(self, tag, n):
        return (f"printf('%08x-5ca{tag:x}-4000-8000-%012x', (({n}) * 2654435761) % 4294967296, "
                f"{n})")

    def ts(self, ms):  # formatIso8601: fixed width, UTC, milliseconds
        return (f"(strftime('%Y-%m-%dT%H:%M:%S', ({ms}) / 1000, 'unixepoch') || "
                f"printf('.%03dZ', ({ms}) % 1000))")

    def series(self, count, name, columns):
        return (f"WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s "
                f"WHERE n < {count - 1}), {name} AS (SELECT n, {columns} FROM s)")

    def payload(self, text):
        return text

    def bench_wamid(self, n):  # make_webhooks.py's wamid.BENCH<n, 9 digits>
        return f"printf('wamid.BENCH%09d', {n})"

    def payload_hash(self, text):
        return f"scale_sha256({text})"


class Postgres:
    name = "postgres"
    empty_json = "'{}'::jsonb"

    def uuid(self, tag, n):
        return (f"(lpad(to_hex((({n}) * 2654435761) % 4294967296), 8, '0') || '-5ca{tag:x}-4000-8000-'"
                f" || lpad(to_hex({n}), 12, '0'))::uuid")

    def ts(self, ms):
        return f"(timestamptz 'epoch' + ({ms}) * interval '1 millisecond')"

    def series(self, count, name, columns):
        return (f"WITH {name} AS (SELECT n, {columns} FROM "
                f"generate_series(0::bigint, {count - 1}) AS s(n))")

    def payload(self, text):
        return f"convert_to({text}, 'UTF8')"

    def bench_wamid(self, n):
        return f"('wamid.BENCH' || lpad(({n})::text, 9, '0'))"

    def payload_hash(self, text):
        return f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')"


def phone(c):
    return f"(620000000 + ({c}))"  # +34 6XX XXX XXX, as the inbound path stores a wa_id


def statements(d, a, orgs, now):
    """The fill, as a list of (label, SQL) run in order in one transaction."""
    k = len(orgs)
    p = a.patients
    others = max(p - 1, 1)  # conversations other than the large one (0)
    history = a.messages - a.conversation - a.future
    out = []
    # The organizations, benchmark's first: row k of every table goes to organization k % K.
    out.append(("organizations", "CREATE TEMP TABLE scale_orgs (k INTEGER PRIMARY KEY, "
                "org TEXT NOT NULL, channel TEXT NOT NULL, phone_number_id TEXT NOT NULL)"))
    values = ", ".join(f"({i}, {quote(o)}, {quote(c)}, {quote(pn)})"
                       for i, (o, c, pn) in enumerate(orgs))
    out.append(("organizations", f"INSERT INTO scale_orgs VALUES {values}"))
    cast = "::uuid" if d.name == "postgres" else ""

    start = now - 400 * DAY
    step = (395 * DAY) // max(p, 1)
    out.append(("patients", d.series(p, "g", f"{start} + n * {step} AS ms") + f"""
      INSERT INTO patients (id, organization_id, name, phone, whatsapp_id, created_at, updated_at)
      SELECT {d.uuid(PATIENT, 'n')}, o.org{cast}, 'Paciente ' || n, '+34' || {phone('n')},
             '34' || {phone('n')}, {d.ts('ms')}, {d.ts('ms')}
      FROM g JOIN scale_orgs o ON o.k = n % {k}"""))
    out.append(("conversations", d.series(p, "g", f"{start} + n * {step} AS ms") + f"""
      INSERT INTO message_conversations (id, organization_id, patient_id, channel_type,
        channel_identifier, status, metadata, created_at, updated_at)
      SELECT {d.uuid(CONVERSATION, 'n')}, o.org{cast}, {d.uuid(PATIENT, 'n')}, 'whatsapp',
             '+34' || {phone('n')}, 'active', {d.empty_json}, {d.ts('ms')}, {d.ts('ms')}
      FROM g JOIN scale_orgs o ON o.k = n % {k}"""))

    columns = ("id, conversation_id, direction, content, message_type, delivery_status, "
               "external_id, error_code, error_message, metadata, created_at, sent_at, "
               "delivered_at, read_at, recipient, priority, channel_instance_id, attempts, "
               "next_attempt_at, lease_owner, lease_until, channel_plan, plan_step")

    def messages(label, tag, count, base):
        """Inbound and outbound messages; base gives c (conversation), outbound (0/1), st
        (status bucket 0-19), ms (created_at) from n."""
        fail = "st = 0"
        sent = f"(outbound = 1 AND NOT ({fail}))"
        status = ("CASE WHEN outbound = 0 THEN 'delivered' WHEN st = 0 THEN 'failed' "
                  "WHEN st < 5 THEN 'sent' WHEN st < 12 THEN 'delivered' ELSE 'read' END")
        return (label, d.series(count, "g", base) + f"""
          INSERT INTO messages ({columns})
          SELECT {d.uuid(tag, 'n')}, {d.uuid(CONVERSATION, 'c')},
            CASE outbound WHEN 0 THEN 'inbound' ELSE 'outbound' END,
            CASE outbound WHEN 0 THEN {pick(INBOUND_TEXTS, 'n')} || ' #' || n
                          ELSE {pick(OUTBOUND_TEXTS, 'n')} END,
            'text', {status},
            CASE WHEN outbound = 0 THEN 'wamid.SCALE{tag}IN' || n
                 WHEN {fail} THEN NULL ELSE 'wamid.SCALE{tag}OUT' || n END,
            CASE WHEN outbound = 1 AND {fail} THEN '131026' END,
            CASE WHEN outbound = 1 AND {fail} THEN 'Message undeliverable' END,
            {d.empty_json}, {d.ts('ms')},
            CASE WHEN {sent} THEN {d.ts('ms + 900')} END,
            CASE WHEN outbound = 0 THEN {d.ts('ms')}
                 WHEN {sent} AND st >= 5 THEN {d.ts('ms + 3100')} END,
            CASE WHEN {sent} AND st >= 12 THEN {d.ts('ms + 95000')} END,
            CASE outbound WHEN 0 THEN '' ELSE '+34' || {phone('c')} END,
            'normal', o.channel{cast}, outbound, CASE outbound WHEN 1 THEN {d.ts('ms')} END,
            NULL, NULL, 'whatsapp', 0
          FROM g JOIN scale_orgs o ON o.k = c % {k}""")

    # The large conversation: conversation 0, the benchmark organization's; it ends on an
    # outbound message (an even count) read by the patient.
    big_step = (30 * DAY - 3_600_000) // a.conversation
    out.append(messages("large conversation", LARGE, a.conversation,
                        f"0 AS c, n % 2 AS outbound, (n * 7) % 20 AS st, "
                        f"{now - 30 * DAY} + n * {big_step} AS ms"))
    if history > 0:
        # Message n goes to conversation 1 + n % (P-1) as its (n / (P-1))th message: the
        # conversations fill in turn, each alternating inbound and outbound.
        step = (360 * DAY) // history
        out.append(messages("history", HISTORY, history,
                            f"1 + n % {others} AS c, (n / {others}) % 2 AS outbound, "
                            f"(n * 7) % 20 AS st, {now - 365 * DAY} + n * {step} AS ms"))
    if a.future > 0:
        # As acceptOutbound writes a scheduled send: created during the last day, due 1 to 28
        # days ahead at a whole second (scheduledAt has no milliseconds).
        created_step = DAY // a.future
        due_step = (27 * DAY) // a.future
        due = f"(({now + DAY} + n * {due_step}) / 1000 * 1000)"
        out.append(("scheduled", d.series(a.future, "g",
                                          f"1 + n % {others} AS c, {now - DAY} + n * "
                                          f"{created_step} AS ms, {due} AS due") + f"""
          INSERT INTO messages ({columns})
          SELECT {d.uuid(FUTURE, 'n')}, {d.uuid(CONVERSATION, 'c')}, 'outbound',
            {pick(OUTBOUND_TEXTS, 'n')}, 'text', 'pending', NULL, NULL, NULL, {d.empty_json},
            {d.ts('ms')}, NULL, NULL, NULL, '+34' || {phone('c')}, 'normal', o.channel{cast},
            0, {d.ts('due')}, NULL, NULL, 'whatsapp', 0
          FROM g JOIN scale_orgs o ON o.k = c % {k}"""))

    out.append(("last_inbound_at", """
      UPDATE message_conversations SET last_inbound_at = last.at
      FROM (SELECT conversation_id, max(created_at) AS at FROM messages
            WHERE direction = 'inbound' GROUP BY conversation_id) AS last
      WHERE message_conversations.id = last.conversation_id"""))

    if a.webhooks > 0:
        step = (355 * DAY) // a.webhooks
        envelope = ("'{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"SCALEWABA\","
                    "\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":"
                    "\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                    "\"phone_number_id\":\"' || o.phone_number_id || '\"},'")
        inbound = (f"{envelope} || '\"contacts\":[{{\"profile\":{{\"name\":\"Paciente ' || c || "
                   f"'\"}},\"wa_id\":\"34' || {phone('c')} || '\"}}],\"messages\":[{{\"from\":"
                   f"\"34' || {phone('c')} || '\",\"id\":\"wamid.SCALEWH' || n || '\","
                   f"\"timestamp\":\"' || (ms / 1000) || '\",\"type\":\"text\",\"text\":"
                   f"{{\"body\":\"{WEBHOOK_TEXT}' || n || '\"}}}}]}}}}]}}]}}'")
        status = (f"{envelope} || '\"statuses\":[{{\"id\":\"wamid.SCALE{HISTORY}OUT' || n || "
                  f"'\",\"status\":\"delivered\",\"timestamp\":\"' || (ms / 1000) || "
                  f"'\",\"recipient_id\":\"34' || {phone('c')} || '\",\"conversation\":"
                  f"{{\"id\":\"SCALECONV' || n || '\",\"expiration_timestamp\":\"' || "
                  f"(ms / 1000 + 86400) || '\",\"origin\":{{\"type\":\"utility\"}}}},"
                  f"\"pricing\":{{\"billable\":true,\"pricing_model\":\"CBP\",\"category\":"
                  f"\"utility\"}}}}]}}}}]}}]}}'")
        body = f"CASE n % 2 WHEN 0 THEN {inbound} ELSE {status} END"
        out.append(("webhook_logs", d.series(
            a.webhooks, "g", f"1 + n % {others} AS c, {now - 360 * DAY} + n * {step} AS ms") + f"""
          , w AS (SELECT n, ms, o.org AS org, {body} AS body
                  FROM g JOIN scale_orgs o ON o.k = c % {k})
          INSERT INTO webhook_logs (id, organization_id, provider, event_type, payload,
            payload_hash, status, error_message, processing_time_ms, received_at, timestamp,
            processed_at)
          SELECT {d.uuid(WEBHOOK, 'n')}, org{cast}, 'meta', 'messages', {d.payload('body')},
            {d.payload_hash('body')}, 'success', NULL, 1, {d.ts('ms')}, {d.ts('ms')},
            {d.ts('ms + 2')}
          FROM w"""))
    return out


def sent_statements(d, orgs, now, count):
    """--sent-for-statuses: the benchmark organization's conversation with make_webhooks.py's
    status recipient, and its sent messages (odd n < count), as (label, SQL)."""
    org, channel = orgs[0][0], orgs[0][1]
    cast = "::uuid" if d.name == "postgres" else ""
    conversation = d.uuid(SENT, 0)
    return [
        ("conversation", f"""
          INSERT INTO message_conversations (id, organization_id, channel_type,
            channel_identifier, status, metadata, created_at, updated_at)
          VALUES ({conversation}, {quote(org)}{cast}, 'whatsapp', '+12015550123', 'active',
                  {d.empty_json}, {d.ts(now - DAY)}, {d.ts(now - DAY)})"""),
        ("sent messages", d.series(count // 2, "g", f"2 * n + 1 AS w, {now - DAY} + n AS ms") + f"""
          INSERT INTO messages (id, conversation_id, direction, content, message_type,
            delivery_status, external_id, metadata, created_at, sent_at, recipient, priority,
            channel_instance_id, attempts, channel_plan, plan_step)
          SELECT {d.uuid(SENT, 'w')}, {conversation}, 'outbound', {pick(OUTBOUND_TEXTS, 'n')},
            'text', 'sent', {d.bench_wamid('w')}, {d.empty_json}, {d.ts('ms')},
            {d.ts('ms + 900')}, '+12015550123', 'normal', {quote(channel)}{cast}, 1,
            'whatsapp', 0
          FROM g"""),
    ]


def organizations_query(first):
    return ("SELECT o.id, c.id, {pnid} FROM organizations o JOIN channel_instances c "
            "ON c.organization_id = o.id AND c.channel_type = 'whatsapp' "
            f"ORDER BY o.id = {quote(first)} DESC, o.name")


def run_sqlite(path, a):
    import hashlib
    import sqlite3
    d = SQLite()
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    db.create_function("scale_sha256", 1,
                       lambda s: hashlib.sha256(s.encode()).hexdigest(), deterministic=True)
    orgs = db.execute(organizations_query(a.organization).format(
        pnid="json_extract(c.provider_config, '$.phone_number_id')")).fetchall()
    check_orgs(orgs, a.organization)
    # The fill's own durability is not the benchmark's: no journal, no fsync, a large cache
    # (the whole index working set: random ids land anywhere in the primary-key indexes).
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -2000000",
                   "temp_store = MEMORY"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("BEGIN IMMEDIATE")
    for label, sql in fill(d, a, orgs, int(time.time() * 1000)):
        timed(label, lambda: db.execute(sql))
    timed("commit", lambda: db.execute("COMMIT"))
    db.execute("PRAGMA journal_mode = WAL")  # the gateway's mode, so its first open is quick
    db.close()


def run_postgres(url, a):
    d = Postgres()
    orgs = [line.split("|") for line in psql(url, organizations_query(a.organization).format(
        pnid="c.provider_config->>'phone_number_id'")).splitlines()]
    check_orgs(orgs, a.organization)
    script = ["\\set ON_ERROR_STOP on", "\\timing on", "BEGIN;",
              "SET LOCAL synchronous_commit = off;", "SET LOCAL work_mem = '256MB';"]
    for label, sql in fill(d, a, orgs, int(time.time() * 1000)):
        script += [f"\\echo {label}", sql + ";"]
    script += ["\\echo commit", "COMMIT;", "SET maintenance_work_mem = '512MB';",
               "\\echo vacuum analyze"]
    script += ["VACUUM (ANALYZE) patients, message_conversations, messages, webhook_logs;"]
    result = subprocess.run(["psql", url, "-Xq", "-f", "-"], input="\n".join(script), text=True,
                            capture_output=True)
    label = None
    for line in result.stdout.splitlines():  # the \echo labels, each followed by its \timing
        if line.startswith("Time:") and label:
            print(f"  {label}: {line[6:]}", flush=True)
            label = None
        elif not line.startswith("Time:"):
            label = line
    if result.returncode != 0:
        sys.exit(f"make_data: psql failed:\n{result.stderr}")


def fill(d, a, orgs, now):
    if a.sent_for_statuses:
        return sent_statements(d, orgs, now, a.sent_for_statuses)
    return statements(d, a, orgs, now)


def psql(url, query):
    return subprocess.run(["psql", url, "-XqAtc", query], check=True, text=True,
                          capture_output=True).stdout


def check_orgs(orgs, first):
    if not orgs or orgs[0][0] != first:
        sys.exit(f"make_data: organization {first} with a WhatsApp channel not found: "
                 "migrate the database with the benchmark's config first")


def timed(label, action):
    began = time.perf_counter()
    action()
    print(f"  {label}: {time.perf_counter() - began:.1f} s", flush=True)


def run(a):
    if a.url.startswith("sqlite:"):
        run_sqlite(a.url[len("sqlite:"):], a)
    elif a.url.startswith(("postgresql://", "postgres://")):
        run_postgres(a.url, a)
    else:
        sys.exit("make_data: STORAGE_URL must be sqlite:<path> or postgresql://...")


def main():
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("organization")
    parser.add_argument("--messages", type=int, default=int(env("SCALE_MESSAGES", 5_000_000)))
    parser.add_argument("--patients", type=int, default=int(env("SCALE_PATIENTS", 1_000_000)))
    parser.add_argument("--webhooks", type=int, default=int(env("SCALE_WEBHOOKS", 2_000_000)))
    parser.add_argument("--future", type=int, default=int(env("SCALE_FUTURE", 1_000_000)))
    parser.add_argument("--conversation", type=int,
                        default=int(env("SCALE_CONVERSATION", 10_000)))
    parser.add_argument("--sent-for-statuses", type=int, default=0, metavar="N",
                        help="write only the sent messages that make_webhooks.py's statuses "
                        "below N name (see above)")
    a = parser.parse_args()
    if a.sent_for_statuses < 0 or a.sent_for_statuses == 1:
        parser.error("--sent-for-statuses must be at least 2 (status n is odd)")
    if a.sent_for_statuses:
        print(f"make_data: {a.sent_for_statuses // 2} sent messages for the benchmark's statuses",
              flush=True)
        began = time.perf_counter()
        run(a)
        print(f"RESULT make_data seconds={time.perf_counter() - began:.1f} "
              f"sent_messages={a.sent_for_statuses // 2}")
        return
    if a.patients < 2 or a.conversation < 2 or a.future < 0 or a.webhooks < 0:
        parser.error("need at least 2 patients and a conversation of at least 2 messages")
    if a.messages < a.conversation + a.future:
        parser.error("--messages must cover --conversation plus --future")
    print(f"make_data: {a.messages} messages ({a.conversation} in one conversation, {a.future} "
          f"scheduled ahead), {a.patients} patients and conversations, {a.webhooks} webhooks",
          flush=True)
    began = time.perf_counter()
    run(a)
    elapsed = time.perf_counter() - began
    # The large conversation's id: the row number 0 of the conversations.
    print(f"RESULT make_data seconds={elapsed:.1f} messages={a.messages} patients={a.patients} "
          f"webhooks={a.webhooks} future={a.future} conversation_size={a.conversation} "
          f"conversation_id=00000000-5ca{CONVERSATION:x}-4000-8000-000000000000")


if __name__ == "__main__":
    main()
