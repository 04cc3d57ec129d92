// Databases for the store tests: SQLite files in a temporary folder and, where PostgreSQL's
// server binaries are installed, databases in a throwaway cluster this test run starts on
// first use (tests/tools/throwaway_postgres.sh) and stops when it ends.
#pragma once

#include <string>

namespace ptmcp::tools::store::testing {

// A new, empty database of `kind` ("sqlite" or "postgresql"): what --db would be given.
// Empty when `kind` is "postgresql" and PostgreSQL is not installed; a cluster that is
// installed but fails to start is a test failure (it throws).
std::string fresh_database(const std::string& kind);

// Runs SQL as the cluster's superuser in the database `address` names (PostgreSQL only).
void run_sql(const std::string& address, const std::string& sql);

}  // namespace ptmcp::tools::store::testing
