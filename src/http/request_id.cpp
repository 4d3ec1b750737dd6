#include "http/request_id.h"

#include <cstdint>
#include <random>

namespace mensajero::http {
namespace {

constexpr std::size_t kMaxRequestIdLength = 64;

bool isIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::mt19937_64& threadGenerator() {
  // One generator per thread: no lock on the request path. Ids need to be unique, not secret.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return generator;
}

}  // namespace

bool isAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!isIdChar(c)) return false;
  }
  return true;
}

void chooseRequestId(std::optional<std::string_view> client_id, std::string& out) {
  if (client_id && isAcceptableRequestId(*client_id)) {
    out.assign(*client_id);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.resize(32);
  std::size_t pos = 0;
  for (int word = 0; word < 2; ++word) {
    std::uint64_t bits = threadGenerator()();
    for (int i = 0; i < 16; ++i, bits >>= 4) out[pos++] = kHex[bits & 0xF];
  }
}

}  // namespace mensajero::http
