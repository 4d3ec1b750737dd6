#include "channels/meta/meta_inbound_content.h"

#include <cmath>
#include <string_view>

#include "channels/inbound_reply.h"
#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

constexpr std::size_t kMaxFlowResponseDepth = 32;

// Collects one message's fields within the bounds, remembering whether anything was cut.
class BoundedReader {
 public:
  std::string string(const Json& object, const char* key,
                     std::size_t max_bytes = kMaxContentStringBytes) {
    return bounded(jf::getString(object, key), max_bytes);
  }

  // Removes NULs (PostgreSQL text cannot hold one) and cuts to max_bytes, never inside a
  // UTF-8 sequence (the JSON parser has already refused invalid UTF-8).
  std::string bounded(std::string text, std::size_t max_bytes) {
    std::erase(text, '\0');
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    trimmed_ = true;
    return text;
  }

  // A finite number, or a numeric string Meta sometimes sends instead.
  std::optional<double> number(const Json& object, const char* key) {
    const Json* value = jf::member(object, key);
    if (value == nullptr) return std::nullopt;
    double number = 0;
    if (value->is_number()) {
      number = value->get<double>();
    } else if (value->is_string()) {
      const auto& text = value->get_ref<const std::string&>();
      char* end = nullptr;
      number = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
    } else {
      return std::nullopt;
    }
    return std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
  }

  // Whether one more entry fits a list capped at `max`; false (and trimmed) once it is full.
  bool roomFor(std::size_t current, std::size_t max) {
    if (current < max) return true;
    trimmed_ = true;
    return false;
  }

  void markTrimmed() { trimmed_ = true; }
  bool trimmed() const { return trimmed_; }

 private:
  bool trimmed_ = false;
};

InboundMedia readMedia(BoundedReader& reader, const Json& media, const std::string& type) {
  InboundMedia parsed;
  parsed.kind = type;
  // A voice note arrives as type "audio" with "voice": true.
  const Json* voice = jf::member(media, "voice");
  if (type == "audio" && voice != nullptr && *voice == true) {
    parsed.kind = "voice";
  }
  parsed.media_id = reader.string(media, "id");
  parsed.mime_type = reader.string(media, "mime_type");
  parsed.sha256 = reader.string(media, "sha256");
  parsed.filename = reader.string(media, "filename", kMaxFilenameBytes);
  parsed.caption = reader.string(media, "caption");
  const Json* animated = jf::member(media, "animated");
  parsed.animated = animated != nullptr && *animated == true;
  return parsed;
}

InboundLocation readLocation(BoundedReader& reader, const Json& location) {
  InboundLocation parsed;
  parsed.latitude = reader.number(location, "latitude");
  parsed.longitude = reader.number(location, "longitude");
  if (parsed.latitude && std::abs(*parsed.latitude) > 90) parsed.latitude.reset();
  if (parsed.longitude && std::abs(*parsed.longitude) > 180) parsed.longitude.reset();
  parsed.name = reader.string(location, "name");
  parsed.address = reader.string(location, "address");
  parsed.url = reader.string(location, "url");
  return parsed;
}

ContactCard readCard(BoundedReader& reader, const Json& card) {
  ContactCard parsed;
  const Json& name = jf::getOptional(card, "name");
  parsed.formatted_name = reader.string(name, "formatted_name");
  parsed.first_name = reader.string(name, "first_name");
  parsed.last_name = reader.string(name, "last_name");
  const Json& org = jf::getOptional(card, "org");
  parsed.company = reader.string(org, "company");
  parsed.department = reader.string(org, "department");
  parsed.title = reader.string(org, "title");
  parsed.birthday = reader.string(card, "birthday");
  for (const Json& phone : jf::getArray(card, "phones")) {
    if (!reader.roomFor(parsed.phones.size(), kMaxContactEntries)) break;
    parsed.phones.push_back({reader.string(phone, "phone"), reader.string(phone, "wa_id"),
                             reader.string(phone, "type")});
  }
  for (const Json& email : jf::getArray(card, "emails")) {
    if (!reader.roomFor(parsed.emails.size(), kMaxContactEntries)) break;
    parsed.emails.push_back({reader.string(email, "email"), reader.string(email, "type")});
  }
  for (const Json& url : jf::getArray(card, "urls")) {
    if (!reader.roomFor(parsed.urls.size(), kMaxContactEntries)) break;
    parsed.urls.push_back(reader.string(url, "url"));
  }
  return parsed;
}

InboundContacts readContacts(BoundedReader& reader, const Json& cards) {
  InboundContacts parsed;
  for (const Json& card : cards) {
    if (!reader.roomFor(parsed.cards.size(), kMaxContactCards)) break;
    parsed.cards.push_back(readCard(reader, card));
  }
  return parsed;
}

InboundOrder readOrder(BoundedReader& reader, const Json& order) {
  InboundOrder parsed;
  parsed.catalog_id = reader.string(order, "catalog_id");
  parsed.text = reader.string(order, "text");
  for (const Json& item : jf::getArray(order, "product_items")) {
    if (!reader.roomFor(parsed.items.size(), kMaxOrderItems)) break;
    parsed.items.push_back({reader.string(item, "product_retailer_id"),
                            reader.number(item, "quantity"), reader.number(item, "item_price"),
                            reader.string(item, "currency")});
  }
  return parsed;
}

// Strings of a parsed document without NULs, so the stored form fits PostgreSQL.
void removeNuls(Json& value) {
  if (value.is_string()) {
    std::erase(value.get_ref<std::string&>(), '\0');
  } else if (value.is_array()) {
    for (Json& element : value) removeNuls(element);
  } else if (value.is_object()) {
    Json cleaned = Json::object();
    for (auto& [key, element] : value.items()) {
      removeNuls(element);
      std::string clean_key = key;
      std::erase(clean_key, '\0');
      cleaned[clean_key] = std::move(element);
    }
    value = std::move(cleaned);
  }
}

InboundFlowReply readFlowReply(BoundedReader& reader, const Json& reply) {
  InboundFlowReply parsed;
  parsed.name = reader.string(reply, "name");
  parsed.body = reader.string(reply, "body");
  // response_json is JSON inside a string; read within the gateway's JSON bounds and kept
  // only when its stored form stays within kMaxFlowResponseBytes.
  const std::string text = jf::getString(reply, "response_json");
  if (text.empty()) return parsed;
  if (text.size() > kMaxFlowResponseBytes) {
    reader.markTrimmed();
    return parsed;
  }
  // Shallower than the gateway's bound: the answers are stored nested inside the content
  // object, which readers parse again within kMaxJsonDepth.
  auto response = parseBoundedJson(text, kMaxFlowResponseDepth);
  if (!response) {
    reader.markTrimmed();
    return parsed;
  }
  removeNuls(*response);
  if (response->dump().size() > kMaxFlowResponseBytes) {
    reader.markTrimmed();
    return parsed;
  }
  parsed.response = std::move(*response);
  return parsed;
}

// A tap on a reply button or list row ({"id","title","description"?}) or on a template's
// quick reply ({"payload","text"}), with context.id: the message of ours it answers.
InboundReply readReply(const Json& message, const std::string& source, const Json& chosen) {
  InboundReply reply;
  reply.source = source;
  const bool quick_reply = source == "button";
  reply.id = jf::getString(chosen, quick_reply ? "payload" : "id");
  reply.title = jf::getString(chosen, quick_reply ? "text" : "title");
  reply.description = jf::getString(chosen, "description");
  reply.context_id = jf::getString(jf::getOptional(message, "context"), "id");
  return reply;
}

}  // namespace

InboundContent parseMetaInboundContent(const Json& message, const std::string& type) {
  BoundedReader reader;
  InboundContent content;
  if (type == "image" || type == "audio" || type == "video" || type == "document" ||
      type == "sticker") {
    content.value = readMedia(reader, jf::getOptional(message, type.c_str()), type);
  } else if (type == "location") {
    content.value = readLocation(reader, jf::getOptional(message, "location"));
  } else if (type == "contacts") {
    content.value = readContacts(reader, jf::getArray(message, "contacts"));
  } else if (type == "order") {
    content.value = readOrder(reader, jf::getOptional(message, "order"));
  } else if (type == "interactive") {
    const Json& interactive = jf::getOptional(message, "interactive");
    const std::string kind = jf::getString(interactive, "type");
    if (kind == "nfm_reply") {
      content.value = readFlowReply(reader, jf::getOptional(interactive, "nfm_reply"));
    } else if (kind == "button_reply" || kind == "list_reply") {
      content.value = readReply(message, kind, jf::getOptional(interactive, kind.c_str()));
    }
  } else if (type == "button") {
    content.value = readReply(message, "button", jf::getOptional(message, "button"));
  }
  if (auto* reply = std::get_if<InboundReply>(&content.value); reply && boundInboundReply(*reply)) {
    reader.markTrimmed();
  }
  content.trimmed = reader.trimmed();
  return content;
}

}  // namespace mensajero::channels::meta
