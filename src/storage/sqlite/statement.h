#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/time_format.h"

struct sqlite3_stmt;

namespace mensajero::storage::sqlite {

// One prepared statement, borrowed from a Connection's cache or owned outright. Destruction
// resets a cached statement (so it holds no snapshot or lock) and finalizes an owned one; a
// Statement must not outlive its Connection. Bind indices start at 1, columns at 0. A bind
// failure is reported by the next step. Timestamps are stored as formatIso8601 text.
// Not thread-safe: used by the one thread that holds the connection.
class Statement {
 public:
  // `in_use` is the cache's busy flag, cleared on destruction; null means owned.
  Statement(sqlite3_stmt* stmt, bool* in_use);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bindText(int index, std::string_view text);  // copies
  // Does not copy: `text` must stay alive until the statement is reset or destroyed.
  void bindTextRef(int index, std::string_view text);
  void bindTextOrNull(int index, std::string_view text);  // empty binds NULL
  void bindOptText(int index, const std::optional<std::string>& text);
  void bindInt(int index, std::int64_t value);
  void bindNull(int index);
  void bindTime(int index, UnixMillis at);
  void bindOptTime(int index, std::optional<UnixMillis> at);
  void bindBlob(int index, std::string_view bytes);  // copies; binary, never read as text

  // Steps once: true with a row to read, false when done.
  Result<bool> next();
  // Steps to the end, ignoring rows.
  Status run();
  // Rows changed by the last completed INSERT, UPDATE or DELETE on this connection.
  int changes() const;

  std::string text(int column) const;  // NULL reads as ""
  std::optional<std::string> optText(int column) const;
  std::int64_t integer(int column) const;
  bool isNull(int column) const;
  UnixMillis time(int column) const;  // NULL or malformed reads as 0
  std::optional<UnixMillis> optTime(int column) const;
  std::string blob(int column) const;  // NULL reads as ""

 private:
  void noteBind(int rc);

  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_rc_ = 0;
};

}  // namespace mensajero::storage::sqlite
