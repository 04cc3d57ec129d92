// The PostgreSQL store, for a clinic network: several ptmcp instances share one database.
// Version numbers and de-duplication are decided by the database, never by a process: the
// UPDATE that numbers a new version locks the program's row until its transaction ends, the
// primary key refuses a second copy of a version, and a unique index a second copy of a
// check-in. Each write is one transaction.
#include <libpq-fe.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include <spdlog/spdlog.h>

#include "tools/store/migrations.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;

// Several ptmcp instances may start at once: they take turns at the schema under this lock.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(4711018)";

// As in the SQLite store: a new version or a check-in, whichever came last; then the newest
// program first. For a query over `programs p`.
constexpr const char* kByActivity =
    " ORDER BY greatest((SELECT max(created_at) FROM program_versions v2 WHERE v2.program_id = "
    "p.id), coalesce((SELECT max(received_utc) FROM checkins c2 WHERE c2.program_id = p.id), "
    "'')) DESC, p.made DESC";

constexpr const char* kCheckinColumns =
    "SELECT id, program_id, received_at, received_utc, local_date, message, channel, parsed FROM "
    "checkins";

constexpr const char* kCheckTheServer =
    "check that the PostgreSQL server is running and that the address given with --db (or "
    "PTMCP_DB) is right, then try again";

// A statement the server refused, or a connection that broke. Never leaves this file: run()
// turns it into a StoreError. Holds PostgreSQL's error code, never its message (whose detail
// can quote the values, which are patient data).
struct Failure {
  std::string sqlstate;  // empty when the connection broke
  bool lost = false;
  bool at_commit = false;  // lost while COMMIT was on its way: it may or may not have happened
};

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The first line of libpq's own text about a connection (host, port, user, what failed).
std::string connection_problem(PGconn* conn) {
  std::string text = conn ? PQerrorMessage(conn) : "out of memory";
  if (auto end = text.find('\n'); end != std::string::npos) text.resize(end);
  return text;
}

class Connection {
 public:
  explicit Connection(const std::string& uri) : conn_(connect(uri)) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      const std::string problem = connection_problem(conn_);
      PQfinish(conn_);
      throw StoreError("the program store's database cannot be reached (" + problem + ")",
                       kCheckTheServer);
    }
    // libpq prints the server's notices ("relation already exists, skipping") on stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool lost() const { return PQstatus(conn_) != CONNECTION_OK; }

  // A server that does not answer gives up after 10 seconds rather than holding a request
  // until TCP does; a connect_timeout in the address comes later, so it wins.
  static PGconn* connect(const std::string& uri) {
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"10", uri.c_str(), nullptr};
    return PQconnectdbParams(keys, values, 1);
  }

  void reconnect() {
    PQreset(conn_);
    if (lost())
      throw StoreError(
          "the connection to the program store's database was lost and cannot be made again (" +
              connection_problem(conn_) + ")",
          kCheckTheServer);
  }

  // Runs one statement with text parameters (nullopt: SQL NULL).
  Result exec(const char* sql, const std::vector<std::optional<std::string>>& params = {}) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params)
      values.push_back(p ? p->c_str() : nullptr);
    Result result(params.empty() ? PQexec(conn_, sql)
                                 : PQexecParams(conn_, sql, static_cast<int>(values.size()),
                                                nullptr, values.data(), nullptr, nullptr, 0),
                  &PQclear);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    Failure failure;
    if (lost()) {
      failure.lost = true;
    } else if (result) {
      const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
      failure.sqlstate = state ? state : "";
    }
    throw failure;
  }

 private:
  PGconn* conn_;
};

// BEGIN now; ROLLBACK unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) { c_.exec("BEGIN"); }
  ~Transaction() {
    if (done_ || c_.lost()) return;
    try {
      c_.exec("ROLLBACK");
    } catch (const Failure&) {  // the connection broke meanwhile: the server rolls back
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    done_ = true;
    try {
      c_.exec("COMMIT");
    } catch (Failure& f) {
      f.at_commit = f.lost;
      throw;
    }
  }

 private:
  Connection& c_;
  bool done_ = false;
};

std::string text(const Result& r, int row, int column) {
  return PQgetvalue(r.get(), row, column);
}
int number(const Result& r, int row, int column) {
  return std::stoi(text(r, row, column));
}

StoredCheckin checkin_row(const Result& r, int i) {
  StoredCheckin c;
  c.id = std::stoll(text(r, i, 0));
  c.program_id = text(r, i, 1);
  c.received_at = text(r, i, 2);
  c.received_utc = text(r, i, 3);
  c.local_date = text(r, i, 4);
  c.message = text(r, i, 5);
  c.channel = text(r, i, 6);
  c.parsed = Json::parse(text(r, i, 7));
  return c;
}

// Up to `size` connections, opened when first needed; a caller waits for a free one.
class ConnectionPool {
 public:
  ConnectionPool(std::string uri, std::size_t size) : uri_(std::move(uri)), size_(size) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.give_back(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<Connection> c_;
  };

  Lease take() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<Connection>(uri_));
    } catch (...) {
      give_back(nullptr);
      throw;
    }
  }

 private:
  void give_back(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mutex_);
      if (c && !c->lost()) {
        idle_.push_back(std::move(c));
      } else {
        --open_;  // a broken one is closed; the next caller opens a new one
      }
    }
    freed_.notify_one();
  }

  std::string uri_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

std::string store_failure(const std::string& sqlstate) {
  return "the program store's database refused the request (PostgreSQL error " + sqlstate + ")";
}

StoreError explain(const Failure& f) {
  if (f.at_commit)
    return StoreError(
        "the connection to the program store's database was lost while saving; the change may "
        "or may not have been kept",
        "look the program up again (its versions and check-ins) before you repeat the change");
  if (f.lost)
    return StoreError("the connection to the program store's database was lost twice in a row",
                      kCheckTheServer);
  const std::string& s = f.sqlstate;
  if (s == "40001" || s == "40P01" || s == "55P03")
    return StoreError(store_failure(s), "another ptmcp was changing the same data; try again");
  if (s == "25006")
    return StoreError(store_failure(s),
                      "ptmcp is connected to a read-only copy of the database; point --db at the "
                      "primary server");
  if (s == "42501")
    return StoreError(store_failure(s),
                      "the database user may not use ptmcp's tables; ask whoever runs the "
                      "database to grant it access");
  if (s == "53100")
    return StoreError(store_failure(s),
                      "the database server's disk is full; ask whoever runs the database to "
                      "free some space, then try again");
  if (s.starts_with("53"))
    return StoreError(store_failure(s),
                      "the database server is out of connections or memory; try again in a "
                      "moment, or ask whoever runs the database to raise its limits");
  if (s.starts_with("57") || s.starts_with("08"))
    return StoreError(store_failure(s), kCheckTheServer);
  return StoreError(store_failure(s),
                    "try again; if it keeps failing, ask whoever runs the database to look at "
                    "its log");
}

class PostgresProgramStore final : public ProgramStore {
 public:
  PostgresProgramStore(std::string uri, std::size_t connections, OnOpen on_open)
      : pool_(std::move(uri), connections == 0 ? 1 : connections),
        schema_ready_(on_open == OnOpen::leave_schema) {}

  std::optional<StoredProgram> save(const std::optional<std::string>& program_id,
                                    const Json& program, const Json& changes) override {
    return run([&](Connection& c) -> std::optional<StoredProgram> {
      StoredProgram stored;
      stored.created_at = utc_now();
      stored.program = program;
      stored.changes = changes;
      Transaction transaction(c);
      if (program_id) {
        // Locks the program's row: a second writer waits here, then numbers after this one.
        auto bumped = c.exec(
            "UPDATE programs SET latest_version = latest_version + 1 WHERE id = $1 RETURNING "
            "latest_version",
            {*program_id});
        if (PQntuples(bumped.get()) == 0) return std::nullopt;
        stored.program_id = *program_id;
        stored.version = number(bumped, 0, 0);
      } else {
        stored.version = 1;
        for (;;) {  // an id already taken (one chance in 32^10) is drawn again
          stored.program_id = new_program_id();
          auto made = c.exec(
              "INSERT INTO programs (id, created_at, latest_version) VALUES ($1, $2, 1) ON "
              "CONFLICT (id) DO NOTHING RETURNING id",
              {stored.program_id, stored.created_at});
          if (PQntuples(made.get()) == 1) break;
        }
      }
      c.exec(
          "INSERT INTO program_versions (program_id, version, created_at, program, changes) "
          "VALUES ($1, $2, $3, $4, $5)",
          {stored.program_id, std::to_string(stored.version), stored.created_at, program.dump(),
           changes.dump()});
      transaction.commit();
      return stored;
    });
  }

  std::optional<StoredProgram> load(const std::string& program_id,
                                    std::optional<int> version) override {
    return run([&](Connection& c) -> std::optional<StoredProgram> {
      auto r = version ? c.exec(
                             "SELECT version, created_at, program, changes FROM program_versions "
                             "WHERE program_id = $1 AND version = $2",
                             {program_id, std::to_string(*version)})
                       : c.exec(
                             "SELECT version, created_at, program, changes FROM program_versions "
                             "WHERE program_id = $1 ORDER BY version DESC LIMIT 1",
                             {program_id});
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return StoredProgram{program_id, number(r, 0, 0), text(r, 0, 1), Json::parse(text(r, 0, 2)),
                           Json::parse(text(r, 0, 3))};
    });
  }

  std::vector<std::string> program_ids(const std::string& prefix, std::size_t limit) override {
    return run([&](Connection& c) {
      auto r = c.exec(("SELECT p.id FROM programs p WHERE left(p.id, length($1)) = $1" +
                       std::string(kByActivity) + " LIMIT $2")
                          .c_str(),
                      {prefix, std::to_string(limit)});
      std::vector<std::string> ids;
      ids.reserve(static_cast<std::size_t>(PQntuples(r.get())));
      for (int i = 0; i < PQntuples(r.get()); ++i)
        ids.push_back(text(r, i, 0));
      return ids;
    });
  }

  std::vector<VersionEntry> versions(const std::string& program_id) override {
    return run([&](Connection& c) {
      auto r = c.exec(
          "SELECT version, created_at, changes FROM program_versions WHERE program_id = $1 "
          "ORDER BY version",
          {program_id});
      std::vector<VersionEntry> out;
      out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
      for (int i = 0; i < PQntuples(r.get()); ++i)
        out.push_back({number(r, i, 0), text(r, i, 1), Json::parse(text(r, i, 2))});
      return out;
    });
  }

  std::vector<ProgramSummary> summaries() override {
    return run([&](Connection& c) {
      // The few fields a search needs, read from the stored JSON by the database.
      auto r = c.exec(
          ("SELECT p.id, p.latest_version, v.created_at, "
           "coalesce(v.program::jsonb #>> '{patient,name}', ''), "
           "coalesce(v.program::jsonb #>> '{visit,condition}', ''), "
           "coalesce(v.program::jsonb #>> '{visit,condition_id}', ''), "
           "coalesce(v.program::jsonb #>> '{visit,date}', ''), "
           "coalesce(v.program::jsonb #>> '{visit,next_visit}', ''), "
           "coalesce((SELECT max(received_utc) FROM checkins c WHERE c.program_id = p.id), ''), "
           "coalesce((SELECT local_date FROM checkins c WHERE c.program_id = p.id "
           "ORDER BY received_utc DESC, id DESC LIMIT 1), ''), "
           "coalesce((SELECT max(local_date) FROM checkins c WHERE c.program_id = p.id AND "
           "c.parsed::jsonb ->> 'tier' IS NOT NULL), '') "
           "FROM programs p JOIN program_versions v ON v.program_id = p.id AND "
           "v.version = p.latest_version" +
           std::string(kByActivity))
              .c_str());
      std::vector<ProgramSummary> out;
      for (int i = 0; i < PQntuples(r.get()); ++i) {
        ProgramSummary s;
        s.program_id = text(r, i, 0);
        s.latest_version = number(r, i, 1);
        s.updated_at = text(r, i, 2);
        s.first_name = text(r, i, 3);
        s.condition = text(r, i, 4);
        s.condition_id = text(r, i, 5);
        s.visit_date = text(r, i, 6);
        s.next_visit = text(r, i, 7);
        s.last_checkin_utc = text(r, i, 8);
        s.last_checkin_day = text(r, i, 9);
        s.last_red_flag_day = text(r, i, 10);
        out.push_back(std::move(s));
      }
      return out;
    });
  }

  StoredCheckin add_checkin(const StoredCheckin& checkin) override {
    return run([&](Connection& c) {
      // One statement, so one transaction: a copy being inserted by another ptmcp at the
      // same moment makes this one wait, then skip.
      auto inserted = c.exec(
          "INSERT INTO checkins (program_id, received_at, received_utc, local_date, message, "
          "channel, parsed) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING "
          "RETURNING id",
          {checkin.program_id, checkin.received_at, checkin.received_utc, checkin.local_date,
           checkin.message, checkin.channel, checkin.parsed.dump()});
      if (PQntuples(inserted.get()) == 1) {
        StoredCheckin stored = checkin;
        stored.id = std::stoll(text(inserted, 0, 0));
        stored.duplicate = false;
        return stored;
      }
      auto earlier = c.exec((std::string(kCheckinColumns) +
                             " WHERE program_id = $1 AND received_at = $2 AND message = $3")
                                .c_str(),
                            {checkin.program_id, checkin.received_at, checkin.message});
      if (PQntuples(earlier.get()) == 0)  // another message with the same digest
        throw StoreError("the program store could not tell this check-in from an earlier one",
                         "send it again with its received_at one second later");
      StoredCheckin stored = checkin_row(earlier, 0);
      stored.duplicate = true;
      return stored;
    });
  }

  std::vector<StoredCheckin> checkins(const std::string& program_id) override {
    return run([&](Connection& c) {
      auto r =
          c.exec((std::string(kCheckinColumns) + " WHERE program_id = $1 ORDER BY received_utc, id")
                     .c_str(),
                 {program_id});
      std::vector<StoredCheckin> out;
      out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
      for (int i = 0; i < PQntuples(r.get()); ++i)
        out.push_back(checkin_row(r, i));
      return out;
    });
  }

  void set_opted_out(const std::string& program_id, bool opted_out) override {
    run([&](Connection& c) {
      if (opted_out) {
        c.exec(
            "INSERT INTO opt_outs (program_id, at) VALUES ($1, $2) ON CONFLICT (program_id) DO "
            "NOTHING",
            {program_id, utc_now()});
      } else {
        c.exec("DELETE FROM opt_outs WHERE program_id = $1", {program_id});
      }
      return 0;
    });
  }

  bool opted_out(const std::string& program_id) override {
    return run([&](Connection& c) {
      return PQntuples(c.exec("SELECT 1 FROM opt_outs WHERE program_id = $1", {program_id}).get()) >
             0;
    });
  }

  void audit(const std::string& tool, const std::string& program_id,
             const std::string& outcome) override {
    run([&](Connection& c) {
      // Not waiting for the disk, as in the SQLite store: a crash of the database server
      // can lose the last audit rows, never a program or a check-in.
      Transaction transaction(c);
      c.exec("SET LOCAL synchronous_commit TO OFF");
      c.exec("INSERT INTO audit_log (at, tool, program_id, outcome) VALUES ($1, $2, $3, $4)",
             {utc_now(), tool,
              program_id.empty() ? std::nullopt : std::optional<std::string>(program_id), outcome});
      transaction.commit();
      return 0;
    });
  }

  bool restore_version(const StoredProgram& v) override {
    return run([&](Connection& c) {
      Transaction transaction(c);
      c.exec(
          "INSERT INTO programs (id, created_at, latest_version) VALUES ($1, $2, $3) ON "
          "CONFLICT (id) DO UPDATE SET latest_version = greatest(programs.latest_version, "
          "excluded.latest_version)",
          {v.program_id, v.created_at, std::to_string(v.version)});
      auto restored = c.exec(
          "INSERT INTO program_versions (program_id, version, created_at, program, changes) "
          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING version",
          {v.program_id, std::to_string(v.version), v.created_at, v.program.dump(),
           v.changes.dump()});
      transaction.commit();
      return PQntuples(restored.get()) == 1;
    });
  }

  int schema_step() override {
    return run([&](Connection& c) { return step_of(c); });
  }

  int migrate() override {
    return run([&](Connection& c) {
      bring_up_to_date(c);
      schema_ready_.store(true, std::memory_order_release);
      return step_of(c);
    });
  }

 private:
  // Runs `f` on a pooled connection. A connection found broken (the server restarted, a
  // proxy dropped it) is made again and `f` run once more, unless the break came while a
  // COMMIT was on its way: repeating that could save a change twice.
  template <class F>
  auto run(F&& f) -> decltype(f(std::declval<Connection&>())) {
    auto lease = pool_.take();
    Connection& c = *lease;
    for (int attempt = 0;; ++attempt) {
      try {
        ensure_schema(c);
        return f(c);
      } catch (const Failure& failure) {
        if (!failure.lost || failure.at_commit || attempt > 0) throw explain(failure);
        spdlog::warn("the connection to the database was lost; connecting again");
        c.reconnect();
      } catch (const std::exception& e) {
        if (dynamic_cast<const StoreError*>(&e)) throw;
        // A value the database gave back that is not what this store wrote (a number, JSON).
        throw StoreError("the program store's database holds a value ptmcp cannot read",
                         "ask whoever runs the database whether ptmcp's tables were changed "
                         "by hand");
      }
    }
  }

  // The schema, brought up to date by the first call that reaches the database.
  void ensure_schema(Connection& c) {
    if (schema_ready_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(schema_mutex_);
    if (schema_ready_.load(std::memory_order_relaxed)) return;
    bring_up_to_date(c);
    schema_ready_.store(true, std::memory_order_release);
  }

  // The steps applied, one row each, in a table of their own.
  static int step_of(Connection& c) {
    auto known = c.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (text(known, 0, 0) != "t") return 0;
    return number(c.exec("SELECT coalesce(max(step), 0) FROM schema_migrations"), 0, 0);
  }

  static void bring_up_to_date(Connection& c) {
    Transaction transaction(c);
    c.exec(kSchemaLock);
    c.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (step INTEGER PRIMARY KEY, applied_at "
        "TEXT NOT NULL)");
    const int step = step_of(c);
    if (step > latest_schema_step())
      throw StoreError(newer_database_error(step), newer_database_next_step());
    for (const Migration& m : migrations()) {
      if (m.step <= step) continue;
      if (!m.postgresql.empty()) c.exec(m.postgresql.c_str());
      c.exec("INSERT INTO schema_migrations (step, applied_at) VALUES ($1, $2)",
             {std::to_string(m.step), utc_now()});
    }
    transaction.commit();
  }

  ConnectionPool pool_;
  std::mutex schema_mutex_;
  std::atomic<bool> schema_ready_ = false;
};

}  // namespace

std::unique_ptr<ProgramStore> open_postgres_store(std::string uri, std::size_t connections,
                                                  OnOpen on_open) {
  return std::make_unique<PostgresProgramStore>(std::move(uri), connections, on_open);
}

}  // namespace ptmcp::tools::store
