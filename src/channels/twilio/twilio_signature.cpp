#include "channels/twilio/twilio_signature.h"

#include <algorithm>

#include "security/crypto.h"

namespace mensajero::channels::twilio {
namespace {

// UTF-8 to UTF-16 for ordering only. A malformed byte becomes U+FFFD, as a JavaScript string
// decoded from it would hold.
std::u16string toUtf16(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80         ? 1
                               : (lead >> 5) == 6  ? 2
                               : (lead >> 4) == 14 ? 3
                               : (lead >> 3) == 30 ? 4
                                                   : 0;
    char32_t c = length == 1   ? lead
                 : length == 2 ? lead & 0x1F
                 : length == 3 ? lead & 0x0F
                               : lead & 0x07;
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      c = (c << 6) | (next & 0x3F);
    }
    if (!valid || c > 0x10FFFF) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
    i += length;
  }
  return out;
}

struct SortKey {
  std::u16string name;
  std::u16string value;
  const FormField* field;
};

// "scheme://host[:port]rest": where the authority's port starts (at ':') and ends.
struct Authority {
  std::size_t host_begin = std::string_view::npos;
  std::size_t port_colon = std::string_view::npos;  // npos: no port
  std::size_t end = std::string_view::npos;
};

Authority authorityOf(std::string_view url) {
  Authority a;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return a;
  a.host_begin = scheme_end + 3;
  a.end = url.find_first_of("/?#", a.host_begin);
  if (a.end == std::string_view::npos) a.end = url.size();
  const std::string_view authority = url.substr(a.host_begin, a.end - a.host_begin);
  // Skip user info and an IPv6 literal's colons.
  const std::size_t at = authority.rfind('@');
  const std::size_t host_start = at == std::string_view::npos ? 0 : at + 1;
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && colon >= host_start &&
      (bracket == std::string_view::npos || colon > bracket)) {
    a.port_colon = a.host_begin + colon;
  }
  return a;
}

}  // namespace

std::string twilioSigningString(std::string_view url, const FormFields& params) {
  std::vector<SortKey> keys;
  keys.reserve(params.size());
  for (const FormField& field : params) {
    keys.push_back({toUtf16(field.first), toUtf16(field.second), &field});
  }
  std::sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    return a.name != b.name ? a.name < b.name : a.value < b.value;
  });
  std::string out(url);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    // A repeated name with the same value is signed once (the SDKs dedupe values per name).
    if (i > 0 && keys[i].name == keys[i - 1].name && keys[i].value == keys[i - 1].value) continue;
    out += keys[i].field->first;
    out += keys[i].field->second;
  }
  return out;
}

std::string computeTwilioSignature(std::string_view auth_token, std::string_view url,
                                   const FormFields& params) {
  return security::hmacSha1Base64(auth_token, twilioSigningString(url, params));
}

std::vector<std::string> twilioUrlVariants(std::string_view url) {
  std::vector<std::string> variants{std::string(url)};
  const Authority a = authorityOf(url);
  if (a.host_begin == std::string_view::npos) return variants;
  if (a.port_colon != std::string_view::npos) {
    variants.push_back(std::string(url.substr(0, a.port_colon)) + std::string(url.substr(a.end)));
  } else {
    const bool https = url.starts_with("https://") || url.starts_with("HTTPS://");
    variants.push_back(std::string(url.substr(0, a.end)) + (https ? ":443" : ":80") +
                       std::string(url.substr(a.end)));
  }
  return variants;
}

bool verifyTwilioSignature(std::string_view auth_token, std::string_view url,
                           const FormFields& params, std::string_view header) {
  if (auth_token.empty() || header.empty()) return false;
  bool matched = false;
  // Every variant is computed and compared, so the time taken does not tell which matched.
  for (const std::string& variant : twilioUrlVariants(url)) {
    matched |=
        security::constantTimeEquals(computeTwilioSignature(auth_token, variant, params), header);
  }
  return matched;
}

}  // namespace mensajero::channels::twilio
