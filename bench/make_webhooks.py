#!/usr/bin/env python3
"""Writes N distinct, signed Meta webhooks for the webhook benchmarks.

Each line is "<X-Hub-Signature-256 value>\t<body>". Every body is unique (its own wamid), so
every request the gateway acknowledges is a new row it must make durable: no answer comes
from the duplicate path.

Even lines are inbound text messages (about 1.2 KB, as a patient's message with Meta's
contact block), odd lines delivery statuses with Meta's conversation and pricing blocks. The
inbound messages come from `patients` distinct numbers (default 50,000), so processing them
creates patients and conversations and then appends to them.

usage: make_webhooks.py COUNT SECRET PHONE_NUMBER_ID OUT [FIRST=0] [PATIENTS=50000]
"""
import hashlib
import hmac
import json
import sys

count, secret, phone_number_id, out_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
first = int(sys.argv[5]) if len(sys.argv) > 5 else 0  # wamid numbering, to keep files disjoint
patients = int(sys.argv[6]) if len(sys.argv) > 6 else 50000

# A patient's message of a realistic length (Spanish, as the clinics' patients write).
TEXT = ("Buenos dias, quisiera confirmar la cita del martes con la doctora y preguntar si "
        "debo llevar los resultados de laboratorio impresos o si ya los tienen en el sistema. "
        "Tambien queria saber si puedo cambiar la hora a la tarde porque trabajo por la manana "
        "y me queda lejos la clinica. Muchas gracias por su ayuda, quedo atento a su respuesta. "
        "Otra consulta: el ano pasado me hicieron una ecografia en su clinica y el especialista "
        "me pidio repetirla este ano; no se si necesito una nueva orden del medico de cabecera "
        "o si basta con la anterior. Si hace falta ayuno para los analisis, diganme desde que "
        "hora. Saludos cordiales y que tengan un buen dia todo el equipo de la clinica. Mensaje ")


def envelope(value):
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": "15550001111",
                          "phone_number_id": phone_number_id}, **value}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "BENCHWABA", "changes": [{"field": "messages", "value": value}]}]}


def inbound(i):
    patient = f"3461{(i // 2) % patients:07d}"  # Spanish mobiles, valid E.164
    return envelope({
        "contacts": [{"profile": {"name": f"Paciente Numero {i // 2 % patients}"},
                      "wa_id": patient}],
        "messages": [{"from": patient, "id": f"wamid.BENCHIN{i:09d}",
                      "timestamp": "1767225600", "type": "text",
                      "text": {"body": f"{TEXT}{i}"}}]})


def status(i):
    return envelope({"statuses": [{
        "id": f"wamid.BENCH{i:09d}", "status": "delivered", "timestamp": "1767225600",
        "recipient_id": "12015550123",
        "conversation": {"id": f"CONVERSATION{i % 1000:06d}", "expiration_timestamp": "1767312000",
                         "origin": {"type": "utility"}},
        "pricing": {"billable": True, "pricing_model": "CBP", "category": "utility"}}]})


with open(out_path, "w") as out:
    for i in range(first, first + count):
        body = json.dumps(inbound(i) if i % 2 == 0 else status(i), separators=(",", ":"))
        signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
        out.write(f"sha256={signature}\t{body}\n")
