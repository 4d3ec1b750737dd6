#include "core/inbound_content.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

namespace mensajero::core {
namespace {

using Json = nlohmann::json;

// The shortest text that reads back as the same double ("19.4326", "30").
std::string formatNumber(double value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string();
}

std::string joinNonEmpty(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined.append(separator);
    joined.append(part);
  }
  return joined;
}

void putIfSet(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

// A whole number (a quantity, a price of 30) reads as an integer ("3", not "3.0").
void putIfSet(Json& object, const char* key, const std::optional<double>& value) {
  if (!value) return;
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  const bool whole = std::trunc(*value) == *value && std::abs(*value) < kExactIntegers;
  object[key] = whole ? Json(static_cast<std::int64_t>(*value)) : Json(*value);
}

std::string cardName(const channels::ContactCard& card) {
  if (!card.formatted_name.empty()) return card.formatted_name;
  return joinNonEmpty({card.first_name, card.last_name}, " ");
}

// --- text for people ---

std::string renderMedia(const channels::InboundMedia& media) {
  if (!media.caption.empty()) return media.caption;
  if (media.kind == "document") return media.filename.empty() ? "[document]" : media.filename;
  if (media.kind == "voice") return "[voice message]";
  return "[" + (media.kind.empty() ? std::string("media") : media.kind) + "]";
}

std::string renderLocation(const channels::InboundLocation& location) {
  std::string text = "[location]";
  const std::string place = joinNonEmpty({location.name, location.address}, ", ");
  if (!place.empty()) text += " " + place;
  if (location.latitude && location.longitude) {
    text +=
        " (" + formatNumber(*location.latitude) + ", " + formatNumber(*location.longitude) + ")";
  }
  return text;
}

std::string renderContacts(const channels::InboundContacts& contacts) {
  std::vector<std::string> cards;
  for (const auto& card : contacts.cards) {
    std::vector<std::string> phones;
    for (const auto& phone : card.phones) phones.push_back(phone.phone);
    cards.push_back(joinNonEmpty({cardName(card), joinNonEmpty(phones, ", ")}, " "));
  }
  const std::string listed = joinNonEmpty(cards, "; ");
  const char* label = contacts.cards.size() == 1 ? "[contact]" : "[contacts]";
  return listed.empty() ? std::string(label) : std::string(label) + " " + listed;
}

std::string renderOrder(const channels::InboundOrder& order) {
  std::vector<std::string> lines;
  for (const auto& item : order.items) {
    std::string line = item.quantity ? formatNumber(*item.quantity) + " x " : std::string();
    line += item.product_retailer_id;
    if (item.item_price) {
      line += " @ " + joinNonEmpty({formatNumber(*item.item_price), item.currency}, " ");
    }
    lines.push_back(std::move(line));
  }
  return joinNonEmpty({"[order]", joinNonEmpty(lines, "; "), order.text}, " ");
}

std::string renderFlowReply(const channels::InboundFlowReply& reply) {
  return joinNonEmpty({"[form reply]", reply.body.empty() ? reply.name : reply.body}, " ");
}

// What the patient tapped; the id when the provider sent no label.
std::string renderReply(const channels::InboundReply& reply) {
  if (!reply.title.empty()) return reply.title;
  return joinNonEmpty({"[reply]", reply.id}, " ");
}

// --- stored form ---

Json mediaJson(const channels::InboundMedia& media) {
  Json json = {{"kind", media.kind}};
  putIfSet(json, "mediaId", media.media_id);
  putIfSet(json, "mimeType", media.mime_type);
  putIfSet(json, "sha256", media.sha256);
  putIfSet(json, "filename", media.filename);
  putIfSet(json, "caption", media.caption);
  if (media.kind == "sticker") json["animated"] = media.animated;
  return json;
}

Json locationJson(const channels::InboundLocation& location) {
  Json json = {{"kind", "location"}};
  putIfSet(json, "latitude", location.latitude);
  putIfSet(json, "longitude", location.longitude);
  putIfSet(json, "name", location.name);
  putIfSet(json, "address", location.address);
  putIfSet(json, "url", location.url);
  return json;
}

Json cardJson(const channels::ContactCard& card) {
  Json json = Json::object();
  putIfSet(json, "formattedName", card.formatted_name);
  putIfSet(json, "firstName", card.first_name);
  putIfSet(json, "lastName", card.last_name);
  putIfSet(json, "company", card.company);
  putIfSet(json, "department", card.department);
  putIfSet(json, "title", card.title);
  putIfSet(json, "birthday", card.birthday);
  json["phones"] = Json::array();
  for (const auto& phone : card.phones) {
    Json entry = Json::object();
    putIfSet(entry, "phone", phone.phone);
    putIfSet(entry, "waId", phone.wa_id);
    putIfSet(entry, "type", phone.type);
    json["phones"].push_back(std::move(entry));
  }
  json["emails"] = Json::array();
  for (const auto& email : card.emails) {
    Json entry = Json::object();
    putIfSet(entry, "email", email.email);
    putIfSet(entry, "type", email.type);
    json["emails"].push_back(std::move(entry));
  }
  json["urls"] = card.urls;
  return json;
}

Json contactsJson(const channels::InboundContacts& contacts) {
  Json cards = Json::array();
  for (const auto& card : contacts.cards) cards.push_back(cardJson(card));
  return {{"kind", "contacts"}, {"contacts", std::move(cards)}};
}

Json orderJson(const channels::InboundOrder& order) {
  Json json = {{"kind", "order"}};
  putIfSet(json, "catalogId", order.catalog_id);
  putIfSet(json, "text", order.text);
  json["items"] = Json::array();
  for (const auto& item : order.items) {
    Json entry = Json::object();
    putIfSet(entry, "productRetailerId", item.product_retailer_id);
    putIfSet(entry, "quantity", item.quantity);
    putIfSet(entry, "itemPrice", item.item_price);
    putIfSet(entry, "currency", item.currency);
    json["items"].push_back(std::move(entry));
  }
  return json;
}

Json flowReplyJson(const channels::InboundFlowReply& reply) {
  Json json = {{"kind", "flow_reply"}};
  putIfSet(json, "name", reply.name);
  putIfSet(json, "body", reply.body);
  json["response"] = reply.response;
  return json;
}

// {"kind":"reply","source":…,"reply":{"id","title","description"},"inReplyTo":<provider id>}:
// the same shape whichever provider carried the tap.
Json replyJson(const channels::InboundReply& reply) {
  Json chosen = Json::object();
  putIfSet(chosen, "id", reply.id);
  putIfSet(chosen, "title", reply.title);
  putIfSet(chosen, "description", reply.description);
  Json json = {{"kind", "reply"}};
  putIfSet(json, "source", reply.source);
  json["reply"] = std::move(chosen);
  putIfSet(json, "inReplyTo", reply.context_id);
  return json;
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Clang before 17 does not deduce an aggregate's template arguments (P1816) without it.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// The stored text for `json`: any invalid UTF-8 replaced, so both stores accept it.
std::string dumpForStore(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Drops trailing contact cards or order lines until the stored form fits; false when nothing
// is left to drop.
bool dropLastEntry(channels::InboundContent& content) {
  if (auto* contacts = std::get_if<channels::InboundContacts>(&content.value)) {
    if (contacts->cards.empty()) return false;
    contacts->cards.pop_back();
    return true;
  }
  if (auto* order = std::get_if<channels::InboundOrder>(&content.value)) {
    if (order->items.empty()) return false;
    order->items.pop_back();
    return true;
  }
  return false;
}

}  // namespace

std::string renderInboundText(const channels::InboundContent& content) {
  return std::visit(
      Overloaded{[](const std::monostate&) { return std::string(); },
                 [](const channels::InboundMedia& m) { return renderMedia(m); },
                 [](const channels::InboundLocation& l) { return renderLocation(l); },
                 [](const channels::InboundContacts& c) { return renderContacts(c); },
                 [](const channels::InboundOrder& o) { return renderOrder(o); },
                 [](const channels::InboundFlowReply& f) { return renderFlowReply(f); },
                 [](const channels::InboundReply& r) { return renderReply(r); }},
      content.value);
}

Json inboundContentJson(const channels::InboundContent& content) {
  Json json =
      std::visit(Overloaded{[](const std::monostate&) { return Json(); },
                            [](const channels::InboundMedia& m) { return mediaJson(m); },
                            [](const channels::InboundLocation& l) { return locationJson(l); },
                            [](const channels::InboundContacts& c) { return contactsJson(c); },
                            [](const channels::InboundOrder& o) { return orderJson(o); },
                            [](const channels::InboundFlowReply& f) { return flowReplyJson(f); },
                            [](const channels::InboundReply& r) { return replyJson(r); }},
                 content.value);
  if (!json.is_null()) json["truncated"] = content.trimmed;
  return json;
}

void attachInboundContent(storage::InboundEvent& event, channels::InboundContent content) {
  if (content.empty()) return;
  std::string stored = dumpForStore(inboundContentJson(content));
  while (stored.size() > kMaxContentJsonBytes && dropLastEntry(content)) {
    content.trimmed = true;
    stored = dumpForStore(inboundContentJson(content));
  }
  if (stored.size() > kMaxContentJsonBytes) {
    // Cannot happen within the parser's bounds; kept so the store's bound holds regardless.
    content.trimmed = true;
    stored = dumpForStore({{"kind", inboundContentJson(content)["kind"]}, {"truncated", true}});
  }
  if (content.trimmed) {
    spdlog::warn("inbound content cut to its bounds: message {}", event.external_id);
  }
  if (event.content.empty()) event.content = renderInboundText(content);
  event.content_json = std::move(stored);
}

}  // namespace mensajero::core
