// The stores' schema as one ordered list of steps, numbered alike for SQLite and PostgreSQL.
// A database records the last step it has; a store brings it up to date when it opens it,
// and refuses one that a newer ptmcp has moved past what this one knows.
#pragma once

#include <string>
#include <vector>

namespace ptmcp::tools::store {

struct Migration {
  int step = 0;
  std::string what;    // in a sentence, for `ptmcp db status`
  std::string sqlite;  // the step's SQL for each store; empty: nothing to do there
  std::string postgresql;
};

// Oldest first; step numbers run 1, 2, 3, ... without gaps.
const std::vector<Migration>& migrations();

// The last step this ptmcp knows.
int latest_schema_step();

// What a store says when the database is at `step`, past latest_schema_step().
std::string newer_database_error(int step);
std::string newer_database_next_step();

}  // namespace ptmcp::tools::store
