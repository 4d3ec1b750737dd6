#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_params.h"
#include "storage/postgres/pg_result.h"

struct pg_conn;
struct pg_result;

namespace mensajero::storage::postgres {

// One libpq connection and the statements prepared on it. Not thread-safe: it belongs to one
// thread at a time (a caller holding it from the ConnectionPool, or the webhook writer).
class PgConnection {
 public:
  // Connects with `conninfo` (a postgresql:// URL or key=value text). Unless the conninfo
  // says otherwise: connect_timeout=3 s, TCP keepalives that notice a vanished server within
  // about 25 s, tcp_user_timeout=10 s, UTF8, application_name=mensajero. Then, here and after
  // reconnect(), each of statement_timeout=30s, lock_timeout=10s and
  // idle_in_transaction_session_timeout=60s that the role, database or conninfo left at 0.
  // Unavailable when the server cannot be reached or refuses the login, or the conninfo does
  // not parse (the message then quotes none of it).
  static Result<std::unique_ptr<PgConnection>> open(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Executes `sql` with `params` as a prepared statement: PQprepare on the first use of that
  // text on this connection, PQexecPrepared after (or, with statements deferred, sent after
  // them in one pipeline). The text holds placeholders only, never values. Errors as
  // statementError (pg_error.h).
  Result<PgResult> run(const char* sql, const PgParams& params);
  Result<PgResult> run(const char* sql) { return run(sql, PgParams()); }
  // Executes `sql` with `params` unprepared (PQexecParams): planned at each call for the values
  // given. For a statement whose best plan depends on its values and on how large the tables
  // have grown (issue 13: a batch of accepts; a prepared statement's generic plan, made while
  // the tables were empty, kept scanning them whole as they grew).
  Result<PgResult> runPlannedEachTime(const char* sql, const PgParams& params);
  // Executes the prepared `sql` once per element of `each`, in libpq's pipeline mode: all are
  // sent before any answer is read, so the batch costs one round trip instead of one each
  // (issue 13: the webhook writer's appends). The results come back in order. The first
  // failure fails the whole call (the server skips the statements after it); inside a
  // transaction, that transaction is then aborted.
  Result<std::vector<PgResult>> runPipelined(const char* sql, const std::vector<PgParams>& each);
  // A prepared statement and its parameters, for runTogether.
  struct Statement {
    const char* sql;
    const PgParams* params;
  };
  // Executes different prepared statements in one pipeline, one round trip, in order; their
  // results in order. Failures as runPipelined.
  Result<std::vector<PgResult>> runTogether(const std::vector<Statement>& statements);
  // Executes parameterless SQL text, several statements allowed (migrations, BEGIN, COMMIT);
  // one statement only while statements are deferred.
  Status execute(const char* sql);

  // Inside a transaction: queues the prepared `sql`, whose result nobody reads, to be sent in
  // the same round trip as the next statement on this connection (run, runPlannedEachTime,
  // runPipelined, runTogether or execute, COMMIT included), in pipeline mode and in order, so the
  // server sees exactly the sequence it would have seen (issue 13: webhook processing's updates, a
  // round trip each). A deferred statement's failure is that next call's failure, and the
  // transaction is then aborted. Outside a transaction, or with parameters that borrow bytes
  // (PgParams::bytesRef), it runs at once, and its failure is returned here.
  Status runDeferred(const char* sql, PgParams params);
  // Forgets the deferred statements: for ROLLBACK, which must not send them.
  void discardDeferred() { deferred_.clear(); }

  // True once libpq has seen the connection fail, or the server said the session is over
  // (shutdown, a read-only standby); the pool then discards it.
  bool broken() const;
  // True when no transaction is open (nor failed and awaiting ROLLBACK).
  bool idle() const;
  // True inside a transaction that a failed statement has aborted: COMMIT would roll back.
  bool inFailedTransaction() const;
  // Connects again with the same parameters. Prepared statements are forgotten.
  Status reconnect();

 private:
  // One statement of a pipeline: prepared (by its name) or, when `prepared` is false, sent
  // as text and planned for its values.
  struct Piped {
    std::string sql_or_name;
    const PgParams* params;
    bool prepared;
  };
  struct Deferred {
    std::string name;
    PgParams params;
  };

  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  Result<std::string> preparedName(const char* sql);
  // Sends the deferred statements and then `last`, all in one pipeline; the results of
  // `last` (the deferred ones' are dropped). The deferred statements are gone either way.
  Result<std::vector<PgResult>> pipelineAfterDeferred(std::vector<Piped> last);
  // One statement sent after the deferred ones, in one pipeline; its result.
  Result<PgResult> runAfterDeferred(Piped statement);
  // Sends `statements` in pipeline mode and reads their results in order. The first failure
  // is the call's; when it is one of the first `deferred` statements, its message says so.
  Result<std::vector<PgResult>> pipeline(const std::vector<Piped>& statements,
                                         std::size_t deferred);
  // statementError for `result`, noting a state that ends the session.
  Error failed(const pg_result* result);
  // DISCARD PLANS once the session has run enough statements since the last time, outside a
  // transaction (see pg_connection.cpp for why).
  Status replanWhenDue();

  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  pg_conn* conn_;
  bool discard_ = false;
  std::uint64_t statements_prepared_ = 0;  // names the next prepared statement
  // Statements run on this session, and the count at which execute or run, outside a
  // transaction, discards the session's plans next (see replanWhenDue).
  static constexpr std::uint64_t kFirstReplan = 1'000;
  static constexpr std::uint64_t kLastReplan = 4'096'000;
  std::uint64_t statements_run_ = 0;
  std::uint64_t replan_at_ = kFirstReplan;
  // SQL text -> the name it was prepared under.
  std::unordered_map<std::string, std::string, SqlHash, std::equal_to<>> prepared_;
  std::vector<Deferred> deferred_;
};

}  // namespace mensajero::storage::postgres
