#include "server/catalog.h"

#include <stdexcept>

namespace ptmcp::server {

void check_identity(const ServerIdentity& identity) {
  if (identity.name.empty() || identity.version.empty()) {
    throw std::invalid_argument("the server needs a name and a version");
  }
  if (identity.instructions.size() > 2048) {
    throw std::invalid_argument("server instructions exceed 2 KB; clients truncate them");
  }
}

}  // namespace ptmcp::server
