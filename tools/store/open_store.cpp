// Which store a --db value names.
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {

bool is_postgres_address(const std::string& where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://");
}

std::unique_ptr<ProgramStore> open_store(const std::string& where, std::size_t connections,
                                         OnOpen on_open) {
  if (is_postgres_address(where)) return open_postgres_store(where, connections, on_open);
  return open_sqlite_store(where, on_open);
}

}  // namespace ptmcp::tools::store
