#include "storage/postgres/pg_error.h"

#include <string>
#include <string_view>

#include <libpq-fe.h>

namespace mensajero::storage::postgres {
namespace {

// libpq's messages span lines ("...failed: Connection refused\n\tIs the server running");
// a log line should not.
std::string oneLine(std::string_view text) {
  std::string line;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!line.empty() && line.back() != ' ') line.push_back(' ');
    } else {
      line.push_back(c);
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::string_view field(const pg_result* result, int code) {
  if (result == nullptr) return {};
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? std::string_view(value) : std::string_view();
}

bool isUnavailableState(std::string_view state) {
  const std::string_view state_class = state.substr(0, 2);
  return state_class == "08" || state_class == "53" || state_class == "58" || state == "57P01" ||
         state == "57P02" || state == "57P03" || state == "57014" || state == "25006" ||
         state == "55P03";
}

}  // namespace

Error statementError(const pg_result* result, const pg_conn* conn) {
  const std::string_view state = field(result, PG_DIAG_SQLSTATE);
  // Without a SQLSTATE the server never answered: the connection broke under us.
  if (state.empty() || PQstatus(conn) == CONNECTION_BAD) return connectionError(conn);

  const std::string suffix = " (SQLSTATE " + std::string(state) + ")";
  const std::string primary = "database: " + oneLine(field(result, PG_DIAG_MESSAGE_PRIMARY));
  // 26000: a prepared statement the server forgot; PgConnection prepares again, so the
  // transaction can simply run again.
  if (state == "40001" || state == "40P01" || state == "26000") {
    return makeError(ErrorCategory::Unavailable, kRetryTransactionCode, primary + suffix);
  }
  if (isUnavailableState(state)) {
    return makeError(ErrorCategory::Unavailable, "db_unavailable", primary + suffix);
  }
  if (state.starts_with("23")) {
    return makeError(ErrorCategory::Conflict, "db_conflict", primary + suffix);
  }
  if (state.starts_with("22")) {
    return makeError(ErrorCategory::Invalid, "invalid_record",
                     "database: a value does not fit its column" + suffix);
  }
  return makeError(ErrorCategory::Internal, "db_error", primary + suffix);
}

Error connectionError(const pg_conn* conn) {
  const char* message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  return makeError(ErrorCategory::Unavailable, "db_unavailable",
                   "database: " + oneLine(message != nullptr ? message : "connection lost"));
}

}  // namespace mensajero::storage::postgres
