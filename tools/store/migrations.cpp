#include "tools/store/migrations.h"

namespace ptmcp::tools::store {

// A database made before the list existed (SQLite, step 0) already has the tables of steps
// 1 and 2: every step is written to be harmless where its tables already exist.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps{
      {1, "programs with versions, check-ins, opt-outs and the audit log",
       R"(
CREATE TABLE IF NOT EXISTS programs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  latest_version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS program_versions (
  program_id TEXT NOT NULL REFERENCES programs(id),
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  program TEXT NOT NULL,
  PRIMARY KEY (program_id, version)
);
CREATE TABLE IF NOT EXISTS checkins (
  id INTEGER PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs(id),
  received_at TEXT NOT NULL,
  received_utc TEXT NOT NULL,
  local_date TEXT NOT NULL,
  message TEXT NOT NULL,
  channel TEXT NOT NULL,
  parsed TEXT NOT NULL,
  UNIQUE (program_id, received_at, message)
);
CREATE INDEX IF NOT EXISTS checkins_by_program ON checkins (program_id, received_utc);
CREATE TABLE IF NOT EXISTS opt_outs (
  program_id TEXT PRIMARY KEY REFERENCES programs(id),
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  tool TEXT NOT NULL,
  program_id TEXT,
  outcome TEXT NOT NULL
);
)",
       // Timestamps and days compare as bytes (COLLATE "C"), as in SQLite, whatever the
       // database's collation. A check-in is the same one when its program, received_at and
       // message are; the index holds the message's digest (a message may outgrow an index
       // entry). `made` orders programs as SQLite's rowid does.
       R"(
CREATE TABLE IF NOT EXISTS programs (
  id TEXT PRIMARY KEY,
  made BIGSERIAL NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  latest_version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS program_versions (
  program_id TEXT NOT NULL REFERENCES programs(id),
  version INTEGER NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  program TEXT NOT NULL,
  PRIMARY KEY (program_id, version)
);
CREATE TABLE IF NOT EXISTS checkins (
  id BIGSERIAL PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs(id),
  received_at TEXT NOT NULL,
  received_utc TEXT COLLATE "C" NOT NULL,
  local_date TEXT COLLATE "C" NOT NULL,
  message TEXT NOT NULL,
  channel TEXT NOT NULL,
  parsed TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS checkins_once ON checkins (program_id, received_at, md5(message));
CREATE INDEX IF NOT EXISTS checkins_by_program ON checkins (program_id, received_utc);
CREATE TABLE IF NOT EXISTS opt_outs (
  program_id TEXT PRIMARY KEY REFERENCES programs(id),
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  tool TEXT NOT NULL,
  program_id TEXT,
  outcome TEXT NOT NULL
);
)"},
      {2, "what each version changed from the one before",
       R"(
CREATE TABLE IF NOT EXISTS program_changes (
  program_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  changes TEXT NOT NULL,
  PRIMARY KEY (program_id, version),
  FOREIGN KEY (program_id, version) REFERENCES program_versions(program_id, version)
);
)",
       "ALTER TABLE program_versions ADD COLUMN IF NOT EXISTS changes TEXT NOT NULL DEFAULT "
       "'[]';"},
  };
  return steps;
}

int latest_schema_step() {
  return migrations().back().step;
}

std::string newer_database_error(int step) {
  return "the database was set up by a newer ptmcp (schema step " + std::to_string(step) +
         "; this ptmcp knows steps up to " + std::to_string(latest_schema_step()) +
         "); nothing was read or written";
}

std::string newer_database_next_step() {
  return "run the newer ptmcp that set it up (or a later one); an older one could damage it";
}

}  // namespace ptmcp::tools::store
