#include "storage/sqlite/ids.h"

#include <chrono>
#include <cstdint>

#include <sqlite3.h>

namespace mensajero::storage::sqlite {

std::string newId() {
  // Version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made close in
  // time sort close together, so each primary-key index grows at its right edge and a batch
  // of inserts dirties a few pages instead of one random leaf page per row (issue 13: random
  // ids made every insert write a whole page to the WAL and again at checkpoint). The
  // creation time an id reveals is the row's created_at, which the API shows anyway.
  // SQLite's own generator keeps storage free of a dependency on security/ just for ids.
  unsigned char bytes[16];
  sqlite3_randomness(sizeof bytes, bytes);
  const auto millis =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<unsigned char>(millis >> (8 * (5 - i)));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x70);  // version 7
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0f]);
  }
  return id;
}

}  // namespace mensajero::storage::sqlite
