#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

// What an inbound message carries besides (or instead of) text, in a provider-neutral form.
// Provider parsers (channels/<provider>/) fill these within the bounds below; core renders
// them as text for people and serialises them for the store (core/inbound_content.h).
// Plain value types, safe to copy between threads.
namespace mensajero::channels {

// Bounds every provider parser applies, so no single webhook can store an unbounded record.
// Strings are cut at a UTF-8 boundary to at most these many bytes.
inline constexpr std::size_t kMaxContentStringBytes = 1024;
inline constexpr std::size_t kMaxFilenameBytes = 256;
inline constexpr std::size_t kMaxContactCards = 20;
inline constexpr std::size_t kMaxContactEntries = 20;  // phones, emails, urls per card
inline constexpr std::size_t kMaxOrderItems = 100;
inline constexpr std::size_t kMaxFlowResponseBytes = 64 * 1024;  // serialised response_json

// A file the provider holds: image, audio, voice (a recorded voice note), video, document or
// sticker. The file itself is fetched from the provider by media_id; only its metadata is kept.
struct InboundMedia {
  std::string kind;
  std::string media_id;
  std::string mime_type;
  std::string sha256;
  std::string filename;  // documents only
  std::string caption;
  bool animated = false;  // stickers only
};

struct InboundLocation {
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string name;
  std::string address;
  std::string url;
};

struct ContactPhone {
  std::string phone;
  std::string wa_id;
  std::string type;  // e.g. CELL, HOME, WORK
};

struct ContactEmail {
  std::string email;
  std::string type;
};

// One shared contact card (vCard-like).
struct ContactCard {
  std::string formatted_name;
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string department;
  std::string title;
  std::string birthday;
  std::vector<ContactPhone> phones;
  std::vector<ContactEmail> emails;
  std::vector<std::string> urls;
};

struct InboundContacts {
  std::vector<ContactCard> cards;
};

struct OrderItem {
  std::string product_retailer_id;
  std::optional<double> quantity;
  std::optional<double> item_price;
  std::string currency;
};

// A cart sent from the business's catalog.
struct InboundOrder {
  std::string catalog_id;
  std::string text;
  std::vector<OrderItem> items;
};

// The answers of a completed form (WhatsApp Flow); `response` is the parsed response JSON,
// null when it was missing, not JSON or past the bounds.
struct InboundFlowReply {
  std::string name;
  std::string body;
  nlohmann::json response;
};

// A tap on one of our reply buttons or list rows, or on a template's quick-reply button:
// what the clinic's system acts on (channels/inbound_reply.h bounds it).
struct InboundReply {
  std::string source;       // button_reply | list_reply | button (a template quick reply)
  std::string id;           // the button's or row's id, or the quick reply's payload
  std::string title;        // the label the patient tapped
  std::string description;  // a list row's, when it has one
  std::string context_id;   // the provider's id of our message the tap answers, when known
};

struct InboundContent {
  std::variant<std::monostate, InboundMedia, InboundLocation, InboundContacts, InboundOrder,
               InboundFlowReply, InboundReply>
      value;
  // Something was cut or left out to keep the bounds above (never a reason to refuse).
  bool trimmed = false;

  bool empty() const { return std::holds_alternative<std::monostate>(value); }
};

}  // namespace mensajero::channels
