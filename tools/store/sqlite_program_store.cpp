#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "tools/store/migrations.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;

// Most recently active first: a new version or a check-in, whichever came last; among
// programs equally recent, the newest program first. For a query over `programs p`.
constexpr const char* kByActivity =
    "ORDER BY max((SELECT max(created_at) FROM program_versions v2 WHERE v2.program_id = p.id), "
    "coalesce((SELECT max(received_utc) FROM checkins c2 WHERE c2.program_id = p.id), '')) DESC, "
    "p.rowid DESC";

constexpr const char* kCheckinColumns =
    "SELECT id, program_id, received_at, received_utc, local_date, message, channel, parsed FROM "
    "checkins";

StoredCheckin row(SQLite::Statement& q) {
  StoredCheckin c;
  c.id = q.getColumn(0).getInt64();
  c.program_id = q.getColumn(1).getString();
  c.received_at = q.getColumn(2).getString();
  c.received_utc = q.getColumn(3).getString();
  c.local_date = q.getColumn(4).getString();
  c.message = q.getColumn(5).getString();
  c.channel = q.getColumn(6).getString();
  c.parsed = Json::parse(q.getColumn(7).getString());
  return c;
}

// Creates the folders of `folder` that do not exist yet, each readable by its owner only
// (patient data); folders that exist are left as they are.
void create_private_folders(const std::filesystem::path& folder) {
  if (folder.empty() || std::filesystem::exists(folder)) return;
  create_private_folders(folder.parent_path());
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    throw std::filesystem::filesystem_error("mkdir", folder,
                                            std::error_code(errno, std::generic_category()));
}

// A new database file is created 0600 before SQLite opens it; SQLite gives its -wal and -shm
// files the same mode. An existing file others may read is left alone but warned about.
void prepare_database_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0)
    spdlog::warn(
        "the database file can be read by other users of this computer; it holds patient "
        "data: chmod 600 it (and its -wal and -shm files)");
}

class SqliteProgramStore final : public ProgramStore {
 public:
  SqliteProgramStore(std::string path, OnOpen on_open)
      : path_(std::move(path)), on_open_(on_open) {}

  std::optional<StoredProgram> save(const std::optional<std::string>& program_id,
                                    const Json& program, const Json& changes) override {
    return guarded([&]() -> std::optional<StoredProgram> {
      SQLite::Database& db = writable_database();
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      StoredProgram stored;
      stored.created_at = utc_now();
      stored.program = program;
      if (program_id) {
        SQLite::Statement find(db, "SELECT latest_version FROM programs WHERE id = ?");
        find.bind(1, *program_id);
        if (!find.executeStep()) return std::nullopt;
        stored.program_id = *program_id;
        stored.version = find.getColumn(0).getInt() + 1;
        SQLite::Statement bump(db, "UPDATE programs SET latest_version = ? WHERE id = ?");
        bump.bind(1, stored.version);
        bump.bind(2, *program_id);
        bump.exec();
      } else {
        stored.program_id = new_program_id();
        stored.version = 1;
        SQLite::Statement insert(
            db, "INSERT INTO programs (id, created_at, latest_version) VALUES (?, ?, 1)");
        insert.bind(1, stored.program_id);
        insert.bind(2, stored.created_at);
        insert.exec();
      }
      SQLite::Statement version(db,
                                "INSERT INTO program_versions (program_id, version, created_at, "
                                "program) VALUES (?, ?, ?, ?)");
      version.bind(1, stored.program_id);
      version.bind(2, stored.version);
      version.bind(3, stored.created_at);
      version.bind(4, program.dump());
      version.exec();
      stored.changes = changes;
      save_changes(db, stored);
      commit_where_it_lasts(db, transaction);
      return stored;
    });
  }

  bool restore_version(const StoredProgram& v) override {
    return guarded([&] {
      SQLite::Database& db = writable_database();
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      SQLite::Statement program(
          db,
          "INSERT INTO programs (id, created_at, latest_version) VALUES (?, ?, ?) ON "
          "CONFLICT (id) DO UPDATE SET latest_version = max(latest_version, "
          "excluded.latest_version)");
      program.bind(1, v.program_id);
      program.bind(2, v.created_at);
      program.bind(3, v.version);
      program.exec();
      SQLite::Statement version(db,
                                "INSERT OR IGNORE INTO program_versions (program_id, version, "
                                "created_at, program) VALUES (?, ?, ?, ?)");
      version.bind(1, v.program_id);
      version.bind(2, v.version);
      version.bind(3, v.created_at);
      version.bind(4, v.program.dump());
      const bool restored = version.exec() == 1;
      if (restored) save_changes(db, v);
      commit_where_it_lasts(db, transaction);
      return restored;
    });
  }

  int schema_step() override {
    return guarded([&] { return step_of(database()); });
  }

  int migrate() override {
    return guarded([&] {
      SQLite::Database& db = writable_database();
      bring_up_to_date(db);
      return step_of(db);
    });
  }

  std::optional<StoredProgram> load(const std::string& program_id,
                                    std::optional<int> version) override {
    return guarded([&]() -> std::optional<StoredProgram> {
      SQLite::Database& db = database();
      SQLite::Statement query(
          db, version ? "SELECT version, created_at, program FROM program_versions WHERE "
                        "program_id = ? AND version = ?"
                      : "SELECT version, created_at, program FROM program_versions WHERE "
                        "program_id = ? ORDER BY version DESC LIMIT 1");
      query.bind(1, program_id);
      if (version) query.bind(2, *version);
      if (!query.executeStep()) return std::nullopt;
      StoredProgram stored{program_id, query.getColumn(0).getInt(), query.getColumn(1).getString(),
                           Json::parse(query.getColumn(2).getString())};
      stored.changes = changes_of(db, program_id, stored.version);
      return stored;
    });
  }

  std::vector<VersionEntry> versions(const std::string& program_id) override {
    return guarded([&] {
      SQLite::Database& db = database();
      SQLite::Statement query(db,
                              "SELECT version, created_at FROM program_versions WHERE "
                              "program_id = ? ORDER BY version");
      query.bind(1, program_id);
      std::vector<VersionEntry> out;
      while (query.executeStep())
        out.push_back({query.getColumn(0).getInt(), query.getColumn(1).getString()});
      for (auto& v : out)
        v.changes = changes_of(db, program_id, v.version);
      return out;
    });
  }

  std::vector<ProgramSummary> summaries() override {
    return guarded([&] {
      // json_extract reads the few fields a search needs without loading whole programs.
      SQLite::Statement query(
          database(),
          "SELECT p.id, p.latest_version, v.created_at, "
          "coalesce(json_extract(v.program, '$.patient.name'), ''), "
          "coalesce(json_extract(v.program, '$.visit.condition'), ''), "
          "coalesce(json_extract(v.program, '$.visit.condition_id'), ''), "
          "coalesce(json_extract(v.program, '$.visit.date'), ''), "
          "coalesce(json_extract(v.program, '$.visit.next_visit'), ''), "
          "coalesce((SELECT max(received_utc) FROM checkins c WHERE c.program_id = p.id), ''), "
          "coalesce((SELECT local_date FROM checkins c WHERE c.program_id = p.id "
          "ORDER BY received_utc DESC, id DESC LIMIT 1), ''), "
          "coalesce((SELECT max(local_date) FROM checkins c WHERE c.program_id = p.id AND "
          "json_extract(c.parsed, '$.tier') IS NOT NULL), '') "
          "FROM programs p JOIN program_versions v ON v.program_id = p.id AND "
          "v.version = p.latest_version " +
              std::string(kByActivity));
      std::vector<ProgramSummary> out;
      while (query.executeStep()) {
        ProgramSummary s;
        s.program_id = query.getColumn(0).getString();
        s.latest_version = query.getColumn(1).getInt();
        s.updated_at = query.getColumn(2).getString();
        s.first_name = query.getColumn(3).getString();
        s.condition = query.getColumn(4).getString();
        s.condition_id = query.getColumn(5).getString();
        s.visit_date = query.getColumn(6).getString();
        s.next_visit = query.getColumn(7).getString();
        s.last_checkin_utc = query.getColumn(8).getString();
        s.last_checkin_day = query.getColumn(9).getString();
        s.last_red_flag_day = query.getColumn(10).getString();
        out.push_back(std::move(s));
      }
      return out;
    });
  }

  std::vector<std::string> program_ids(const std::string& prefix, std::size_t limit) override {
    return guarded([&] {
      SQLite::Database& db = database();
      SQLite::Statement query(db,
                              "SELECT p.id FROM programs p WHERE substr(p.id, 1, length(?1)) "
                              "= ?1 " +
                                  std::string(kByActivity) + " LIMIT ?2");
      query.bind(1, prefix);
      query.bind(2, static_cast<int64_t>(limit));
      std::vector<std::string> ids;
      while (query.executeStep())
        ids.push_back(query.getColumn(0).getString());
      return ids;
    });
  }

  StoredCheckin add_checkin(const StoredCheckin& c) override {
    return guarded([&] {
      SQLite::Database& db = writable_database();
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      SQLite::Statement insert(
          db,
          "INSERT OR IGNORE INTO checkins (program_id, received_at, received_utc, "
          "local_date, message, channel, parsed) VALUES (?, ?, ?, ?, ?, ?, ?)");
      insert.bind(1, c.program_id);
      insert.bind(2, c.received_at);
      insert.bind(3, c.received_utc);
      insert.bind(4, c.local_date);
      insert.bind(5, c.message);
      insert.bind(6, c.channel);
      insert.bind(7, c.parsed.dump());
      const bool inserted = insert.exec() == 1;
      SQLite::Statement find(db, std::string(kCheckinColumns) +
                                     " WHERE program_id = ? AND received_at = ? AND message = ?");
      find.bind(1, c.program_id);
      find.bind(2, c.received_at);
      find.bind(3, c.message);
      find.executeStep();
      StoredCheckin stored = row(find);
      stored.duplicate = !inserted;
      commit_where_it_lasts(db, transaction);
      return stored;
    });
  }

  std::vector<StoredCheckin> checkins(const std::string& program_id) override {
    return guarded([&] {
      SQLite::Statement query(database(), std::string(kCheckinColumns) +
                                              " WHERE program_id = ? ORDER BY received_utc, id");
      query.bind(1, program_id);
      std::vector<StoredCheckin> out;
      while (query.executeStep())
        out.push_back(row(query));
      return out;
    });
  }

  void set_opted_out(const std::string& program_id, bool opted_out) override {
    guarded([&] {
      SQLite::Database& db = writable_database();
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      SQLite::Statement change(
          db, opted_out ? "INSERT OR IGNORE INTO opt_outs (program_id, at) VALUES (?, ?)"
                        : "DELETE FROM opt_outs WHERE program_id = ?");
      change.bind(1, program_id);
      if (opted_out) change.bind(2, utc_now());
      change.exec();
      commit_where_it_lasts(db, transaction);
      return 0;
    });
  }

  bool opted_out(const std::string& program_id) override {
    return guarded([&] {
      SQLite::Statement query(database(), "SELECT 1 FROM opt_outs WHERE program_id = ?");
      query.bind(1, program_id);
      return query.executeStep();
    });
  }

  void audit(const std::string& tool, const std::string& program_id,
             const std::string& outcome) override {
    guarded([&] {
      if (damaged_) return 0;  // nothing is written into a damaged file, not even this
      // On its own connection, which does not wait for the disk: an fsync per read-only
      // call would cap the server at the disk's sync rate. A power cut can lose the last
      // audit rows (never a program or a check-in); the next program or check-in commit,
      // which does sync, carries them.
      SQLite::Statement insert(
          connection(audit_db_, "NORMAL"),
          "INSERT INTO audit_log (at, tool, program_id, outcome) VALUES (?, ?, ?, ?)");
      insert.bind(1, utc_now());
      insert.bind(2, tool);
      if (program_id.empty()) {
        insert.bind(3);
      } else {
        insert.bind(3, program_id);
      }
      insert.bind(4, outcome);
      insert.exec();
      return 0;
    });
  }

 private:
  // Each version's changes live in their own table (schema step 2).
  void save_changes(SQLite::Database& db, const StoredProgram& stored) {
    SQLite::Statement insert(
        db, "INSERT INTO program_changes (program_id, version, changes) VALUES (?, ?, ?)");
    insert.bind(1, stored.program_id);
    insert.bind(2, stored.version);
    insert.bind(3, stored.changes.dump());
    insert.exec();
  }

  // A damaged file is never brought up to date: it may lack the table.
  Json changes_of(SQLite::Database& db, const std::string& program_id, int version) {
    if (history_ready_ != &db) {
      if (!db.tableExists("program_changes")) return Json::array();
      history_ready_ = &db;
    }
    SQLite::Statement query(
        db, "SELECT changes FROM program_changes WHERE program_id = ? AND version = ?");
    query.bind(1, program_id);
    query.bind(2, version);
    if (!query.executeStep()) return Json::array();
    return Json::parse(query.getColumn(0).getString());
  }

  // SQLite errors become StoreError with SQLite's own message (it names files and
  // conditions, never values) and what can be done about the condition.
  template <class F>
  auto guarded(F&& f) -> decltype(f()) {
    std::lock_guard lock(mutex_);
    try {
      return f();
    } catch (const StoreError&) {
      throw;
    } catch (const SQLite::Exception& e) {
      throw StoreError(std::string("the program store failed: ") + e.getErrorStr(),
                       next_step(e.getErrorCode()));
    } catch (const std::filesystem::filesystem_error& e) {
      throw StoreError("the program store's folder cannot be created",
                       "check the data folder setting and that ptmcp may write there");
    }
  }

  static std::string next_step(int sqlite_code) {
    switch (sqlite_code & 0xff) {  // the primary result code
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return "another program is using the database; try again in a moment";
      case SQLITE_READONLY:
      case SQLITE_PERM:
        return "ptmcp may not write its database file or the folder it is in; ask whoever "
               "looks after this computer to give it write access, then call again";
      case SQLITE_FULL:
        return "the disk is full; free some space, then try again";
      case SQLITE_IOERR:  // also a file that may not grow any more
        return "the disk may be full or failing; free some space, then try again";
      case SQLITE_CANTOPEN:
        return "check that the data folder exists and that ptmcp may write there";
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return kRestoreFromBackup;
      default:
        return "try again";
    }
  }

  static constexpr const char* kRestoreFromBackup =
      "the database file is damaged; stop ptmcp, put your latest backup of it in its place "
      "(see \"Backing up\" in the README), and start ptmcp again";

  // Programs and check-ins: every commit waits for the disk.
  SQLite::Database& database() {
    if (stale_) {
      db_.reset();
      audit_db_.reset();
      history_ready_ = nullptr;
      stale_ = false;
    }
    return connection(db_, "FULL");
  }

  // The same, for a write: refused on a file whose integrity check failed.
  SQLite::Database& writable_database() {
    SQLite::Database& db = database();
    if (damaged_)
      throw StoreError(
          "the program store is damaged (its integrity check failed); nothing was "
          "saved",
          kRestoreFromBackup);
    return db;
  }

  // Commits only while the path still names the file the store has open: a file deleted or
  // moved away while the server runs would take every later write with it. The connections
  // are dropped, so the next call opens the path again (once the file is back).
  void commit_where_it_lasts(SQLite::Database& db, SQLite::Transaction& transaction) {
    int moved = 0;
    if (sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK &&
        moved != 0) {
      stale_ = true;  // the transaction rolls back as this unwinds; then the next call reopens
      throw StoreError(
          "the database file was deleted or moved while ptmcp was running; nothing was saved",
          "put the file back where it was (or restore it from a backup), then call again");
    }
    transaction.commit();
  }

  // Opens `slot` on first use. Kept only once set up: a first open that fails part way (the
  // file locked by another program) is retried whole on the next call. The file is created
  // only the first time: once this process has had a database, a missing file is an error,
  // never a new empty database.
  SQLite::Database& connection(std::unique_ptr<SQLite::Database>& slot, const char* synchronous) {
    if (!slot) {
      std::filesystem::path file(path_);
      const bool create = !opened_once_;
      if (create) {
        create_private_folders(file.parent_path());
        prepare_database_file(path_);
      } else if (!std::filesystem::exists(file)) {
        throw StoreError("the database file is missing (it was deleted or moved)",
                         "put the file back where it was (or restore it from a backup), then "
                         "call again");
      }
      auto db = std::make_unique<SQLite::Database>(
          path_, SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0));
      db->setBusyTimeout(10000);
      db->exec("PRAGMA journal_mode=WAL");
      db->exec(std::string("PRAGMA synchronous=") + synchronous);
      db->exec("PRAGMA foreign_keys=ON");
      if (&slot == &db_) check_integrity(*db);
      if (on_open_ == OnOpen::migrate && !damaged_) bring_up_to_date(*db);
      slot = std::move(db);
      opened_once_ = true;
    }
    return *slot;
  }

  // The schema step lives in the file's header (user_version). Up to date, nothing is
  // written, so a database ptmcp may only read still opens.
  static int step_of(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

  void bring_up_to_date(SQLite::Database& db) {
    if (step_of(db) > latest_schema_step())
      throw StoreError(newer_database_error(step_of(db)), newer_database_next_step());
    if (step_of(db) == latest_schema_step()) return;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    const int step = step_of(db);  // another process may have done it meanwhile
    for (const Migration& m : migrations()) {
      if (m.step > step && !m.sqlite.empty()) db.exec(m.sqlite);
    }
    if (step < latest_schema_step())
      db.exec("PRAGMA user_version = " + std::to_string(latest_schema_step()));
    transaction.commit();
  }

  // PRAGMA quick_check on every open of the main connection (it reads every page once; a
  // benchmark records what it costs). A damaged file is still read, never written.
  void check_integrity(SQLite::Database& db) {
    SQLite::Statement check(db, "PRAGMA quick_check(1)");
    damaged_ = !check.executeStep() || check.getColumn(0).getString() != "ok";
    if (damaged_) spdlog::error("the database file failed its integrity check; writes are refused");
  }

  std::string path_;
  OnOpen on_open_;
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Database> audit_db_;
  bool opened_once_ = false;
  bool damaged_ = false;
  bool stale_ = false;  // the open file is no longer at the path: reopen before the next use
  const SQLite::Database* history_ready_ = nullptr;  // the connection program_changes is on
};

}  // namespace

std::unique_ptr<ProgramStore> open_sqlite_store(std::string path, OnOpen on_open) {
  return std::make_unique<SqliteProgramStore>(std::move(path), on_open);
}

std::string utc_now() {
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

}  // namespace ptmcp::tools::store
