// Which store a --db value names.
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {

bool is_postgres_address(const std::string& where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://");
}

std::unique_ptr<ProgramStore> open_store(const std::string& where, std::size_t connections) {
  if (is_postgres_address(where)) return open_postgres_store(where, connections);
  return open_sqlite_store(where);
}

}  // namespace ptmcp::tools::store
