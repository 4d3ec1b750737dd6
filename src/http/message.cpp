#include "http/message.h"

#include <nlohmann/json.hpp>

#include "http/uri.h"

namespace mensajero::http {

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (equalsIgnoreCase(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::queryParam(std::string_view name) const {
  std::string_view rest = query_string;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view raw_key = pair.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    // NOTE: a malformed escape is kept literally rather than failing the whole lookup.
    const std::string key = percentDecode(raw_key, true).value_or(std::string(raw_key));
    if (key != name) continue;
    return percentDecode(raw_value, true).value_or(std::string(raw_value));
  }
  return std::nullopt;
}

Response Response::json(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::text(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::error(unsigned status, std::string_view code, std::string_view message,
                         bool retryable) {
  const nlohmann::json doc = {
      {"error", {{"code", code}, {"message", message}, {"retryable", retryable}}}};
  // Invalid UTF-8 in a message must not turn an error reply into an exception.
  return json(status, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace mensajero::http
