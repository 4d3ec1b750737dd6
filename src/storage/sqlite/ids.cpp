#include "storage/sqlite/ids.h"

#include <sqlite3.h>

namespace mensajero::storage::sqlite {

std::string newId() {
  // SQLite's own generator keeps storage free of a dependency on security/ just for ids.
  unsigned char bytes[16];
  sqlite3_randomness(sizeof bytes, bytes);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
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
