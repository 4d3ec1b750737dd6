#include "http/framing.h"

#include <string_view>

#include "http/uri.h"

namespace mensajero::http {
namespace {

std::string_view trimOws(std::string_view text) {
  const auto is_ows = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
  return text;
}

// The codings of every Transfer-Encoding field, in order, parameters kept (";q=..."). Empty
// list elements are skipped, as RFC 9110 section 5.6.1 asks of a recipient.
std::vector<std::string_view> transferCodings(const std::vector<Header>& headers) {
  std::vector<std::string_view> codings;
  for (const Header& header : headers) {
    if (!equalsIgnoreCase(header.name, "Transfer-Encoding")) continue;
    std::string_view rest = header.value;
    for (;;) {
      const std::size_t comma = rest.find(',');
      const std::string_view element = trimOws(rest.substr(0, comma));
      if (!element.empty()) codings.push_back(element);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return codings;
}

bool hasField(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& header : headers) {
    if (equalsIgnoreCase(header.name, name)) return true;
  }
  return false;
}

}  // namespace

FramingVerdict checkRequestFraming(const std::vector<Header>& headers, int http_version) {
  if (!hasField(headers, "Transfer-Encoding")) return FramingVerdict::Acceptable;
  // Either would let a peer that frames by the other field see a different body.
  if (http_version < 11 || hasField(headers, "Content-Length")) return FramingVerdict::Invalid;
  const std::vector<std::string_view> codings = transferCodings(headers);
  // "chunked" with parameters ("chunked;x=1") is not chunked; a parser that accepted it as
  // chunked and one that did not would disagree, so it counts as an unknown last coding.
  if (codings.empty() || !equalsIgnoreCase(codings.back(), "chunked")) {
    return FramingVerdict::Invalid;
  }
  for (std::size_t i = 0; i + 1 < codings.size(); ++i) {
    const std::string_view name = trimOws(codings[i].substr(0, codings[i].find(';')));
    if (equalsIgnoreCase(name, "chunked")) return FramingVerdict::Invalid;  // applied twice
  }
  return codings.size() == 1 ? FramingVerdict::Acceptable : FramingVerdict::UnsupportedCoding;
}

}  // namespace mensajero::http
