#include "storage/sqlite/statement.h"

#include <utility>

#include <sqlite3.h>

#include "storage/sqlite/sqlite_error.h"

namespace mensajero::storage::sqlite {
namespace {

// sqlite3_bind_text binds NULL for a null pointer, which an empty string_view may carry.
const char* nonNull(std::string_view text) { return text.data() != nullptr ? text.data() : ""; }

}  // namespace

Statement::Statement(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_rc_(other.bind_rc_) {}

void Statement::noteBind(int rc) {
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::bindText(int index, std::string_view text) {
  noteBind(
      sqlite3_bind_text64(stmt_, index, nonNull(text), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::bindTextRef(int index, std::string_view text) {
  noteBind(
      sqlite3_bind_text64(stmt_, index, nonNull(text), text.size(), SQLITE_STATIC, SQLITE_UTF8));
}

void Statement::bindTextOrNull(int index, std::string_view text) {
  if (text.empty()) {
    bindNull(index);
  } else {
    bindText(index, text);
  }
}

void Statement::bindOptText(int index, const std::optional<std::string>& text) {
  if (text) {
    bindText(index, *text);
  } else {
    bindNull(index);
  }
}

void Statement::bindInt(int index, std::int64_t value) {
  noteBind(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::bindNull(int index) { noteBind(sqlite3_bind_null(stmt_, index)); }

void Statement::bindTime(int index, UnixMillis at) { bindText(index, formatIso8601(at)); }

void Statement::bindOptTime(int index, std::optional<UnixMillis> at) {
  if (at) {
    bindTime(index, *at);
  } else {
    bindNull(index);
  }
}

Result<bool> Statement::next() {
  if (bind_rc_ != SQLITE_OK) return translateError(bind_rc_, "bind");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return connectionError(sqlite3_db_handle(stmt_), rc);
}

Status Statement::run() {
  for (;;) {
    auto row = next();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

int Statement::changes() const { return sqlite3_changes(sqlite3_db_handle(stmt_)); }

void Statement::bindBlob(int index, std::string_view bytes) {
  noteBind(sqlite3_bind_blob64(stmt_, index, nonNull(bytes), bytes.size(), SQLITE_TRANSIENT));
}

std::string Statement::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::optText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

UnixMillis Statement::time(int column) const { return optTime(column).value_or(0); }

std::optional<UnixMillis> Statement::optTime(int column) const {
  if (isNull(column)) return std::nullopt;
  return parseIso8601(text(column));
}

}  // namespace mensajero::storage::sqlite
