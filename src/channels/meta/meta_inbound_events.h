#pragma once

#include <nlohmann/json.hpp>

#include "channels/meta/meta_webhook.h"

// The parts of Meta's inbound message shapes that are not a patient's text: the sender's
// business-scoped user id, reactions, edits, system notices and errors. Private to
// channels/meta (meta_webhook.cpp calls it for every message).
namespace mensajero::channels::meta {

// Fills from_user_id and the event fields of `inbound` from `message`. `change_value` is the
// change the message came in: its errors[] apply to a message that carries none of its own,
// and its only contact's user_id names the sender of a message without from/from_user_id.
void parseInboundEventFields(const nlohmann::json& message, const nlohmann::json& change_value,
                             MetaInbound& inbound);

}  // namespace mensajero::channels::meta
