// Where programs live: each program has an id and numbered versions (a revision adds a
// version; earlier ones are kept). Only the contract's fields are stored. The interface
// lets a clinic put a server database behind it; SQLite is the default.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ptmcp::tools::store {

// A new program id, "p-" and ten letters or digits, for either store to claim. Thread-safe.
std::string new_program_id();

struct StoredProgram {
  std::string program_id;
  int version = 0;
  std::string created_at;  // RFC 3339, UTC
  nlohmann::json program;  // the normalized program (the contract's fields)
  // What this version changed from the one before, in chart words, one string each.
  nlohmann::json changes = nlohmann::json::array();
};

// One version of a program without its content: for lists and completions.
struct VersionEntry {
  int version = 0;
  std::string created_at;
  nlohmann::json changes = nlohmann::json::array();
};

// What find_programs needs of a program, from its latest version and its check-ins: the
// minimum necessary, never the check-ins' text.
struct ProgramSummary {
  std::string program_id;
  int latest_version = 0;
  std::string updated_at;  // when the latest version was saved (RFC 3339 UTC)
  std::string first_name;
  std::string condition;
  std::string condition_id;
  std::string visit_date;         // YYYY-MM-DD
  std::string next_visit;         // YYYY-MM-DD
  std::string last_checkin_utc;   // empty when none
  std::string last_checkin_day;   // the day the latest check-in speaks of; empty when none
  std::string last_red_flag_day;  // the newest day a check-in raised a red flag; empty: none
};

struct StoredCheckin {
  std::int64_t id = 0;
  std::string program_id;
  std::string received_at;   // as received, RFC 3339 with the sender's offset
  std::string received_utc;  // the same instant in UTC, for ordering
  std::string local_date;    // the day the check-in speaks of (YYYY-MM-DD)
  std::string message;       // the raw text, kept for the therapist; never logged
  std::string channel;
  nlohmann::json parsed;
  bool duplicate = false;  // true when this exact message was already recorded
};

// Failures (disk full, locked, read-only) throw StoreError with a message that names no
// patient data, so tools can report them as findings: what() says what went wrong,
// next_step() what the person can do about it ("try again in a moment" only when waiting
// can help).
class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& what, std::string next_step)
      : std::runtime_error(what), next_step_(std::move(next_step)) {}
  const std::string& next_step() const { return next_step_; }
  // What went wrong and what to do, as one text for a finding or an error message.
  std::string explained() const { return std::string(what()) + "; " + next_step_; }

 private:
  std::string next_step_;
};

// Thread-safe: every method may be called from several threads, and several processes may
// share one database file.
class ProgramStore {
 public:
  virtual ~ProgramStore() = default;

  // Stores a new program as version 1, or, with `program_id`, a new version of it. Nothing
  // when `program_id` names no program.
  // `changes` is kept with the version (see StoredProgram::changes).
  virtual std::optional<StoredProgram> save(
      const std::optional<std::string>& program_id, const nlohmann::json& program,
      const nlohmann::json& changes = nlohmann::json::array()) = 0;

  // The latest version, or a given one.
  virtual std::optional<StoredProgram> load(const std::string& program_id,
                                            std::optional<int> version = std::nullopt) = 0;

  // Program ids starting with `prefix`, most recently active first (a new version or a
  // check-in), at most `limit`.
  virtual std::vector<std::string> program_ids(const std::string& prefix, std::size_t limit) = 0;

  // Every version of a program, oldest first; empty when there is no such program.
  virtual std::vector<VersionEntry> versions(const std::string& program_id) = 0;

  // Every program, most recently active first (then by id).
  virtual std::vector<ProgramSummary> summaries() = 0;

  // Records a check-in; the same message with the same received_at is stored once (the
  // earlier record comes back with duplicate set).
  virtual StoredCheckin add_checkin(const StoredCheckin& checkin) = 0;

  // Every check-in of a program, oldest first.
  virtual std::vector<StoredCheckin> checkins(const std::string& program_id) = 0;

  // Opt-out (STOP) state of a program's text messages.
  virtual void set_opted_out(const std::string& program_id, bool opted_out) = 0;
  virtual bool opted_out(const std::string& program_id) = 0;

  // One line in the audit log: when, which tool, which program, the outcome. Never text.
  virtual void audit(const std::string& tool, const std::string& program_id,
                     const std::string& outcome) = 0;

  // The schema step the database is at (tools/store/migrations.h); 0 when nothing is set up.
  virtual int schema_step() = 0;

  // Applies the steps the database lacks and returns the step it is at now. StoreError for a
  // database set up by a newer ptmcp.
  virtual int migrate() = 0;

  // Puts one exported version back as it was saved (its program id, number, time and
  // changes), for `ptmcp db import`; a program's versions come oldest first. False when the
  // database already has that version.
  virtual bool restore_version(const StoredProgram& version) = 0;
};

// What a store does with the database's schema when it first reaches it: brings it up to
// date (serving), or leaves it as it is (`ptmcp db status`).
enum class OnOpen { migrate, leave_schema };

// Opens (and creates) the SQLite database at `path` on first use, in WAL mode.
std::unique_ptr<ProgramStore> open_sqlite_store(std::string path, OnOpen on_open = OnOpen::migrate);

// A PostgreSQL database at `uri` ("postgresql://user@host/db", libpq's form), shared by
// every ptmcp pointed at it, with up to `connections` open at once (opened when needed; 0
// counts as 1). Its tables are made on first use. Throws StoreError from the first call
// when this ptmcp was built without PostgreSQL.
std::unique_ptr<ProgramStore> open_postgres_store(std::string uri, std::size_t connections,
                                                  OnOpen on_open = OnOpen::migrate);

// The store `where` names: a postgresql:// (or postgres://) address, else a SQLite file.
std::unique_ptr<ProgramStore> open_store(const std::string& where, std::size_t connections,
                                         OnOpen on_open = OnOpen::migrate);
bool is_postgres_address(const std::string& where);

// The current time as RFC 3339 UTC ("2026-11-26T22:38:39Z").
std::string utc_now();

}  // namespace ptmcp::tools::store
