#include "storage/postgres/pg_connection.h"

#include <utility>

#include <libpq-fe.h>

#include "storage/postgres/pg_error.h"

namespace mensajero::storage::postgres {
namespace {

// Server notices ("relation already exists, skipping") are not errors, and libpq would print
// them to stderr.
void dropNotice(void*, const char*) {}

bool succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& conninfo) {
  // libpq reads keywords in order and the last setting wins; dbname, expanded from the
  // conninfo, comes last so that anything the conninfo states overrides these defaults.
  const char* keywords[] = {"connect_timeout",
                            "keepalives_idle",
                            "keepalives_interval",
                            "keepalives_count",
                            "client_encoding",
                            "application_name",
                            "dbname",
                            nullptr};
  const char* values[] = {"3", "10", "5", "3", "UTF8", "mensajero", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    Error error = connectionError(conn);
    if (conn != nullptr) PQfinish(conn);
    return error;
  }
  PQsetNoticeProcessor(conn, dropNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<std::string> PgConnection::preparedName(const char* sql) {
  if (auto found = prepared_.find(std::string_view(sql)); found != prepared_.end()) {
    return found->second;
  }
  std::string name = "mensajero_" + std::to_string(prepared_.size() + 1);
  PgResult prepared(PQprepare(conn_, name.c_str(), sql, 0, nullptr));
  if (!succeeded(prepared.raw())) return statementError(prepared.raw(), conn_);
  prepared_.emplace(sql, name);
  return name;
}

Result<PgResult> PgConnection::run(const char* sql, const PgParams& params) {
  auto name = preparedName(sql);
  if (!name) return name.error();
  PgResult result(PQexecPrepared(conn_, name->c_str(), params.size(), params.values(),
                                 params.lengths(), params.formats(), /*resultFormat=*/0));
  if (!succeeded(result.raw())) return statementError(result.raw(), conn_);
  return result;
}

Status PgConnection::execute(const char* sql) {
  PgResult result(PQexec(conn_, sql));
  if (!succeeded(result.raw())) return statementError(result.raw(), conn_);
  return {};
}

bool PgConnection::broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

bool PgConnection::idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

bool PgConnection::inFailedTransaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

Status PgConnection::reconnect() {
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return connectionError(conn_);
  return {};
}

}  // namespace mensajero::storage::postgres
