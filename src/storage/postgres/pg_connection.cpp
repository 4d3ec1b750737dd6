#include "storage/postgres/pg_connection.h"

#include <utility>

#include <cstddef>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

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

std::string_view sqlState(const PGresult* result) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? std::string_view(state) : std::string_view();
}

// States after which the session is not worth keeping: the server is shutting it down (57P01
// to 57P03), it lost the link (class 08), or it is a standby that a failover left read-only
// (25006). A new connection may reach the new primary.
bool endsTheSession(std::string_view state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "25006";
}

// 26000: the server does not know the prepared statement (a pooler in front of it, or DISCARD
// ALL, dropped it).
constexpr std::string_view kUnknownPreparedStatement = "26000";

// Bounds on every wait of a session, so a stuck lock or a statement that never ends fails as
// Unavailable instead of holding a request and a pooled connection for ever. Each is set
// only where nothing else did (the server's default, 0, is "no bound"): a value from the
// role, the database or the URL's `options` wins. Sent as a statement after connecting, not
// as a startup `options` parameter, which connection poolers such as PgBouncer refuse.
constexpr const char* kBoundSessionWaits =
    "SELECT set_config(name, value, false) FROM (VALUES ('statement_timeout', '30s'), "
    "('lock_timeout', '10s'), ('idle_in_transaction_session_timeout', '60s')) "
    "AS defaults (name, value) WHERE current_setting(name) = '0'";

// The password of a conninfo that PQconninfoParse accepted; empty when it has none.
std::string passwordOf(const PQconninfoOption* options) {
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val != nullptr) {
      return option->val;
    }
  }
  return {};
}

// libpq never puts the password into its connection errors today; this keeps it so should a
// message ever quote the connection string.
Error withoutPassword(Error error, const std::string& password) {
  // The search goes on after the mask, which could otherwise match the password again.
  constexpr std::string_view kMask = "***";
  if (password.empty()) return error;
  for (auto at = error.message.find(password); at != std::string::npos;
       at = error.message.find(password, at + kMask.size())) {
    error.message.replace(at, password.size(), kMask);
  }
  return error;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& conninfo) {
  // libpq's parse errors quote the text around the mistake, which may be the password: check
  // the syntax first and answer without quoting anything.
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &parse_error);
  if (parsed == nullptr) {
    PQfreemem(parse_error);
    return makeError(ErrorCategory::Unavailable, "db_unavailable",
                     "database: storage.url is not a valid PostgreSQL URL or connection string");
  }
  const std::string password = passwordOf(parsed);
  PQconninfoFree(parsed);

  // libpq reads keywords in order and the last setting wins; dbname, expanded from the
  // conninfo, comes last so that anything the conninfo states overrides these defaults.
  // tcp_user_timeout bounds the wait for a server that stopped acknowledging (the session
  // settings, below, bound waits inside the server).
  const char* keywords[] = {"connect_timeout",  "keepalives_idle",  "keepalives_interval",
                            "keepalives_count", "tcp_user_timeout", "client_encoding",
                            "application_name", "dbname",           nullptr};
  const char* values[] = {"3",    "10", "5", "3", "10000", "UTF8", "mensajero", conninfo.c_str(),
                          nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    Error error = withoutPassword(connectionError(conn), password);
    if (conn != nullptr) PQfinish(conn);
    return error;
  }
  PQsetNoticeProcessor(conn, dropNotice, nullptr);
  std::unique_ptr<PgConnection> db(new PgConnection(conn));
  if (Status bounded = db->execute(kBoundSessionWaits); !bounded) return bounded.error();
  return db;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<std::string> PgConnection::preparedName(const char* sql) {
  ++statements_run_;
  if (auto found = prepared_.find(std::string_view(sql)); found != prepared_.end()) {
    return found->second;
  }
  // Never reused on this session, even after the cache was cleared: the server may still
  // know some of the old names.
  std::string name = "mensajero_" + std::to_string(++statements_prepared_);
  PgResult prepared(PQprepare(conn_, name.c_str(), sql, 0, nullptr));
  if (!succeeded(prepared.raw())) return statementError(prepared.raw(), conn_);
  prepared_.emplace(sql, name);
  return name;
}

Result<PgResult> PgConnection::run(const char* sql, const PgParams& params) {
  // Reads outside a transaction never call execute: they discard the plans here.
  if (Status replanned = replanWhenDue(); !replanned) return replanned.error();
  for (int attempt = 1;; ++attempt) {
    auto name = preparedName(sql);
    if (!name) return name.error();
    if (!deferred_.empty()) return runAfterDeferred({std::move(*name), &params, true});
    PgResult result(PQexecPrepared(conn_, name->c_str(), params.size(), params.values(),
                                   params.lengths(), params.formats(), /*resultFormat=*/0));
    if (succeeded(result.raw())) return result;
    // Prepare everything again; outside a transaction nothing was lost, so try once more.
    if (sqlState(result.raw()) == kUnknownPreparedStatement) {
      prepared_.clear();
      if (attempt == 1 && idle()) continue;
    }
    return failed(result.raw());
  }
}

Result<PgResult> PgConnection::runPlannedEachTime(const char* sql, const PgParams& params) {
  // Its own plan is made anew, but not those of the foreign-key checks it runs.
  ++statements_run_;
  if (!deferred_.empty()) return runAfterDeferred({sql, &params, false});
  PgResult result(PQexecParams(conn_, sql, params.size(), /*paramTypes=*/nullptr, params.values(),
                               params.lengths(), params.formats(), /*resultFormat=*/0));
  if (succeeded(result.raw())) return result;
  return failed(result.raw());
}

Result<std::vector<PgResult>> PgConnection::runPipelined(const char* sql,
                                                         const std::vector<PgParams>& each) {
  std::vector<Statement> statements;
  statements.reserve(each.size());
  for (const PgParams& params : each) statements.push_back({sql, &params});
  return runTogether(statements);
}

Result<std::vector<PgResult>> PgConnection::runTogether(const std::vector<Statement>& statements) {
  std::vector<Piped> piped;
  piped.reserve(statements.size());
  for (const Statement& statement : statements) {
    auto name = preparedName(statement.sql);
    if (!name) return name.error();
    piped.push_back({std::move(*name), statement.params, true});
  }
  return pipelineAfterDeferred(std::move(piped));
}

Status PgConnection::runDeferred(const char* sql, PgParams params) {
  if (idle() || params.borrows()) {
    auto done = run(sql, params);
    if (!done) return done.error();
    return {};
  }
  auto name = preparedName(sql);
  if (!name) return name.error();
  deferred_.push_back({std::move(*name), std::move(params)});
  return {};
}

Result<PgResult> PgConnection::runAfterDeferred(Piped statement) {
  auto results = pipelineAfterDeferred({std::move(statement)});
  if (!results) return results.error();
  return std::move(results->back());
}

Result<std::vector<PgResult>> PgConnection::pipelineAfterDeferred(std::vector<Piped> last) {
  const std::vector<Deferred> deferred = std::move(deferred_);
  deferred_.clear();
  std::vector<Piped> statements;
  statements.reserve(deferred.size() + last.size());
  for (const Deferred& statement : deferred) {
    statements.push_back({statement.name, &statement.params, true});
  }
  statements.insert(statements.end(), std::make_move_iterator(last.begin()),
                    std::make_move_iterator(last.end()));
  auto results = pipeline(statements, deferred.size());
  if (!results) return results.error();
  results->erase(results->begin(), results->begin() + static_cast<std::ptrdiff_t>(deferred.size()));
  return results;
}

Result<std::vector<PgResult>> PgConnection::pipeline(const std::vector<Piped>& statements,
                                                     std::size_t deferred) {
  if (PQenterPipelineMode(conn_) != 1) {
    // Deferred writes may be lost with the transaction still open: nobody may commit it.
    discard_ = true;
    return connectionError(conn_);
  }
  // Leaves pipeline mode on every path: later calls on this connection are plain ones. A
  // connection that cannot leave it is of no further use.
  struct Exit {
    pg_conn* conn;
    bool* discard;
    ~Exit() {
      if (PQexitPipelineMode(conn) != 1) *discard = true;
    }
  } exit{conn_, &discard_};
  for (const Piped& statement : statements) {
    const PgParams& params = *statement.params;
    const int sent =
        statement.prepared
            ? PQsendQueryPrepared(conn_, statement.sql_or_name.c_str(), params.size(),
                                  params.values(), params.lengths(), params.formats(),
                                  /*resultFormat=*/0)
            : PQsendQueryParams(conn_, statement.sql_or_name.c_str(), params.size(),
                                /*paramTypes=*/nullptr, params.values(), params.lengths(),
                                params.formats(), /*resultFormat=*/0);
    if (sent != 1) {
      discard_ = true;  // the pipeline is in an unknown state
      return connectionError(conn_);
    }
  }
  if (PQpipelineSync(conn_) != 1) {
    discard_ = true;
    return connectionError(conn_);
  }
  std::vector<PgResult> results;
  results.reserve(statements.size());
  std::optional<Error> first_error;
  // One result then a null per statement, then the sync's own result. After a failure the
  // server skips the rest (each then reports PGRES_PIPELINE_ABORTED).
  for (std::size_t i = 0; i < statements.size(); ++i) {
    PgResult result(PQgetResult(conn_));
    if (result.raw() == nullptr) {
      discard_ = true;
      return connectionError(conn_);
    }
    PgResult end(PQgetResult(conn_));  // the null that ends this statement's results
    if (!first_error && !succeeded(result.raw())) {
      if (sqlState(result.raw()) == kUnknownPreparedStatement) prepared_.clear();
      first_error = failed(result.raw());
      // The log then tells a deferred write's failure from that of the call that sent it.
      if (i < deferred) first_error->message = "deferred statement: " + first_error->message;
    }
    results.push_back(std::move(result));
  }
  PgResult sync(PQgetResult(conn_));
  if (sync.raw() == nullptr || PQresultStatus(sync.raw()) != PGRES_PIPELINE_SYNC) {
    discard_ = true;
    return first_error ? *first_error : connectionError(conn_);
  }
  if (first_error) return *first_error;
  return results;
}

Status PgConnection::execute(const char* sql) {
  if (!deferred_.empty()) {
    const PgParams none;
    auto done = runAfterDeferred({sql, &none, false});
    if (!done) return done.error();
    return {};
  }
  if (Status replanned = replanWhenDue(); !replanned) return replanned;
  PgResult result(PQexec(conn_, sql));
  if (!succeeded(result.raw())) return failed(result.raw());
  return {};
}

// A session keeps each plan it made: its prepared statements' generic plans, and the plans of
// the foreign-key checks its inserts and updates run. PostgreSQL makes them again only when
// something invalidates them, such as an ANALYZE. A table analyzed while nearly empty
// (autovacuum does so once a new table has 50 rows) gets plans that read it whole, and they
// stay until the next ANALYZE, a minute or more later however fast the table grows (issue 13:
// inserting a message, whose foreign key is checked against the conversations, took 0.6 ms and
// the updates of a conversation 0.9 ms, against 0.05-0.1 ms planned for the grown tables, and
// processing applied a third as many webhooks per second). So after 1,000 statements, then
// 4,000, 16,000 and so on up to about four million, the session discards its plans: the
// planner makes them again from the tables' current size (it reads their number of pages at
// each planning). Past that, autovacuum's ANALYZE keeps them current.
Status PgConnection::replanWhenDue() {
  if (statements_run_ < replan_at_ || !idle()) return {};
  replan_at_ = statements_run_ < kLastReplan ? statements_run_ * 4
                                             : std::numeric_limits<std::uint64_t>::max();
  PgResult result(PQexec(conn_, "DISCARD PLANS"));
  if (succeeded(result.raw())) return {};
  // Only a help: the caller's statement still runs, unless the session is gone (then the
  // caller's reconnect starts over).
  Error error = failed(result.raw());
  if (broken()) return error;
  return {};
}

Error PgConnection::failed(const pg_result* result) {
  if (endsTheSession(sqlState(result))) discard_ = true;
  return statementError(result, conn_);
}

bool PgConnection::broken() const { return discard_ || PQstatus(conn_) == CONNECTION_BAD; }

bool PgConnection::idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

bool PgConnection::inFailedTransaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

Status PgConnection::reconnect() {
  prepared_.clear();
  deferred_.clear();
  statements_run_ = 0;  // a new session, with no plans yet
  replan_at_ = kFirstReplan;
  discard_ = false;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return connectionError(conn_);
  if (Status bounded = execute(kBoundSessionWaits); !bounded) return bounded.error();
  return {};
}

}  // namespace mensajero::storage::postgres
