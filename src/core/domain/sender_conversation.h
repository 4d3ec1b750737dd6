#pragma once

#include <optional>
#include <string_view>

// Which conversation a patient's inbound event goes to when the provider names the sender by
// a business-scoped user id (Meta BSUID) as well as, or instead of, a phone number. A sender
// known only by the id has the conversation key "user:<id>"; once an event names both, that
// conversation merges into the phone number's and the id points there from then on.
namespace mensajero::domain {

inline constexpr std::string_view kUserKeyPrefix = "user:";

// True for a conversation key made from a user id alone ("user:<id>").
bool isUserKey(std::string_view channel_identifier);

// True when the event goes straight to the conversation the user id already points to: the
// event names the sender by the user id only, and the id is linked.
bool staysInLinkedConversation(std::string_view channel_identifier, bool user_id_linked);

// What to do once the event's own conversation (found or created by its key) is known.
struct SenderLinkPlan {
  bool merge_linked = false;  // move the linked conversation's history into the event's one
  bool relink = false;        // point the user id at the event's conversation
};

// `linked` is the conversation the user id points to (nullopt when none) and
// `linked_identifier` that conversation's key. Only a conversation keyed by the user id alone
// is merged: one keyed by another phone number is a different patient record and stays.
SenderLinkPlan planSenderLink(std::optional<std::string_view> linked,
                              std::string_view linked_identifier, std::string_view conversation);

}  // namespace mensajero::domain
